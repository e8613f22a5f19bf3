#pragma once
// Row validation and normalization of one file against the field catalog.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/catalog.h"
#include "core/csvreader.h"
#include "core/stringset.h"
#include "core/validationpolicy.h"

namespace findata::core {

enum class ErrorType : std::uint8_t {
    Required,
    Type,
    Range,
    Format,
    Value,
    Duplicate,
    CrossReference,
    Consistency,
    MissingColumn,
    UnknownColumn,
    RollForward,  // this period against the previous one (agent/sync/rollforward.h)
    Drift,        // a column's distribution moved since the previous period (agent/sync/drift.h)
};
enum class Severity : std::uint8_t { Error, Warning };

std::string_view toText(ErrorType t);  // "REQUIRED", "CROSS_REFERENCE", …
std::string_view toText(Severity s);   // "error", "warning"

/// One finding about one row (or the file, line 0 / 1 for the header) and one field.
struct Finding {
    std::uint64_t line = 0;  // physical line of the row; 1 = header
    std::string field;       // column name; empty for whole-row findings
    ErrorType type = ErrorType::Value;
    Severity severity = Severity::Error;
    std::string message;  // human sentence naming the problem
    std::string value;    // the raw value as found (possibly truncated to 200 bytes)
};

/// One normalized value. Integers, Amount/Rate/Fraction units, Date days-since-epoch and Flag
/// 0/1 live in `i`; Text and Code values in `s` (Code: the canonical word, static storage;
/// Text: a view into the record, valid until the next row).
struct Value {
    bool null = true;
    std::int64_t i = 0;
    std::string_view s;
};

/// A validated, normalized row: one Value per catalog field of the file kind (fields that do
/// not apply to the loan type or are absent from the file are null).
struct TypedRow {
    std::vector<Value> values;
    std::uint64_t line = 0;
};

struct ValidationOptions {
    /// Amounts above this (in whole currency units) get a CONSISTENCY warning ("suspicious");
    /// 0 disables the check.
    std::int64_t suspiciousAmount = 10'000'000'000;  // 10 billion

    // A tenant's rules (validationpolicy.h); the defaults are the built-in behaviour.
    /// Amounts (stored units, cents) an installment may differ from the sum of its components,
    /// and the outstanding principal exceed the original amount, without a CONSISTENCY warning.
    std::int64_t amountTolerance = 0;
    /// Installments paid + outstanding may differ from the total without a CONSISTENCY warning.
    std::int64_t installmentTolerance = 0;
    /// Findings of these (field, error type) pairs become errors, warnings or nothing.
    std::vector<SeverityOverride> severities;
    /// The bank's column names for catalog fields, applied before the header is matched.
    std::vector<HeaderAlias> aliases;
    /// Columns the catalog does not know (or not for this loan type) refuse the file instead of
    /// being ignored with a warning.
    bool refuseUnknownColumns = false;
    /// Credit files: the hashes of the loan numbers that may occur more than once in the file
    /// (screenDuplicateLoans, keyscreen.h; must outlive the validator). Only those loans are kept
    /// for the duplicate check, which stays exact; acceptedLoans() then no longer says which
    /// loans are live. Null: every loan number is kept.
    const HashSet* duplicateScreen = nullptr;
};

class RowValidator final {
public:
    /// Resolves the fields its rules name in `catalog` (which must outlive it); throws
    /// CatalogError when one is missing.
    RowValidator(FileType file, LoanType loanType, ValidationOptions options = {},
                 const Catalog& catalog = Catalog::standard());

    /// Maps header names to catalog fields (after the options' aliases). Unknown columns become
    /// UNKNOWN_COLUMN warnings and are ignored (errors, and the file is refused, when the options
    /// refuse unknown columns); a missing required column is a MISSING_COLUMN error and the file
    /// is refused (returns false). Column names are matched after trimming spaces and
    /// case-insensitively.
    bool bindHeader(const CsvRecord& header, std::vector<Finding>& findings);

    /// For a payment plan: the loans that will be live after the sync. Without it, the
    /// cross-reference check is skipped.
    void setKnownLoans(const LoanSet* loans) { m_knownLoans = loans; }

    /// Validates and normalizes one record. Appends its findings; returns true when the row is
    /// loadable (no finding of severity error), with `out` filled.
    bool validate(const CsvRecord& record, TypedRow& out, std::vector<Finding>& findings);

    /// Credit files: every loan number seen, live when its row was accepted (the loans that will
    /// be live after a sync).
    const LoanSet& acceptedLoans() const { return m_loans; }
    LoanSet takeAcceptedLoans() { return std::move(m_loans); }

    /// After bindHeader(): the CSV column of the loan account number, or -1 when absent.
    int loanColumn() const { return m_fieldColumn.empty() ? -1 : m_fieldColumn[m_loanField]; }

    FileType fileType() const { return m_file; }
    LoanType loanType() const { return m_loanType; }
    /// Whether the decimal comma is accepted (the delimiter is not a comma).
    void setDecimalComma(bool allowed) { m_decimalComma = allowed; }

private:
    // The fields the key and consistency rules name, resolved at construction.
    struct CreditFields {
        std::size_t total, outstanding, paid, original, principal, start, first, maturity;
    };
    struct PaymentFields {
        std::size_t amount, principal, interest, kkdf, bsmv, status, remaining;
    };

    const Catalog& m_catalog;
    FileType m_file;
    LoanType m_loanType;
    ValidationOptions m_options;
    std::size_t m_loanField;             // loan_account_number: duplicates and cross-references
    std::size_t m_installmentField = 0;  // payment plans: installment_number, the key's second part
    CreditFields m_credit{};             // credit files only
    PaymentFields m_payment{};           // payment plans only
    bool m_decimalComma = true;
    std::size_t m_headerWidth = 0;
    std::vector<int> m_columnField;  // CSV column → catalog field index, or -1 (ignored)
    std::vector<int> m_fieldColumn;  // catalog field index → CSV column, or -1 (absent)
    // A field present in the file, with what its fast path needs resolved once per file.
    struct BoundField {
        std::size_t field = 0;   // catalog index
        std::size_t column = 0;  // CSV column
        FieldType type = FieldType::Text;
        CodeSet codes = CodeSet::None;
        int scale = 0;
        std::int64_t min = 0, max = 0;     // inclusive stored-unit bounds (the type's when none)
        std::uint64_t magnitudeLimit = 0;  // 10^precision of the warehouse type; 0 = none
    };
    std::vector<BoundField> m_bound;     // the fields present in the file, in catalog order
    std::vector<std::size_t> m_unbound;  // the catalog fields absent from the file (always null)
    // The options' severity overrides of this file kind's fields, and its aliases.
    struct FieldOverride {
        std::string_view field;  // the catalog's name, as findings carry it
        ErrorType type;
        RuleLevel level;
    };
    std::vector<FieldOverride> m_overrides;
    struct FieldAlias {
        std::string column;
        std::size_t field;
    };
    std::vector<FieldAlias> m_aliases;
    const LoanSet* m_knownLoans = nullptr;
    LoanSet m_loans;                    // credit files: loan numbers seen, live when accepted
    InstallmentSet m_seenInstallments;  // payment plans: (loan index, installment) pairs seen
    StringSet m_planLoans;  // payment plans: loans not in the known set, indexed after it

    void checkConsistency(const TypedRow& row, std::vector<Finding>& findings);
    void applyOverrides(std::vector<Finding>& findings, std::size_t from) const;
    bool parseValid(const BoundField& b, std::string_view text, Value& v) const;
};

}  // namespace findata::core
