#pragma once
// The field catalog: one declarative table per file kind, the single source of truth for
// validation, normalization, warehouse DDL, binary encoding, data-view columns and profiling.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace findata::core {

enum class LoanType : std::uint8_t { Retail = 1, Commercial = 2 };
enum class FileType : std::uint8_t { Credit, PaymentPlan };

inline constexpr LoanType kLoanTypes[] = {LoanType::Retail, LoanType::Commercial};
inline constexpr FileType kFileTypes[] = {FileType::Credit, FileType::PaymentPlan};

std::string_view toText(LoanType t);                           // "RETAIL", "COMMERCIAL"
std::string_view toText(FileType t);                           // "credit", "payment_plan"
std::optional<LoanType> parseLoanType(std::string_view text);  // case-insensitive
std::optional<FileType> parseFileType(std::string_view text);  // "credit", "payment_plan"

/// How a field's text is read and what it becomes.
enum class FieldType : std::uint8_t {
    Text,      // trimmed string → String
    Integer,   // whole number → Int32
    Amount,    // money, up to 2 decimals → Decimal(18,2)
    Rate,      // percent or fraction, normalized to a fraction → Decimal(10,6)
    Fraction,  // already a fraction (default_probability) → Decimal(10,6)
    Date,      // YYYYMMDD / YYYY-MM-DD / DD.MM.YYYY → Date
    Code,      // a code of a code set, normalized to its canonical word → String
    Flag,      // a yes/no code (E/H) → UInt8 1/0
};

/// The closed sets of codes a Code or Flag field accepts.
enum class CodeSet : std::uint8_t { None, CustomerType, Status, YesNo };

/// Loan-type mask values.
inline constexpr std::uint8_t kRetail = 1;
inline constexpr std::uint8_t kCommercial = 2;
inline constexpr std::uint8_t kBoth = kRetail | kCommercial;

/// What a field means to the code beyond its type.
enum class FieldRole : std::uint8_t {
    None,
    Key,     // part of the file's key, unique per loan type (key fields in catalog order)
    Amount,  // an amount whose sum over a load is one of the sync's control totals
};

struct FieldSpec {
    std::string_view name;   // CSV header name, and the warehouse column name
    std::uint8_t loanTypes;  // mask of the loan types whose files carry it
    bool required;           // empty value → REQUIRED error
    FieldType type;
    CodeSet codes = CodeSet::None;
    // Inclusive bounds in stored units (integer value, cents, millionths); absent = unbounded.
    std::optional<std::int64_t> min = std::nullopt;
    std::optional<std::int64_t> max = std::nullopt;
    std::string_view label = {};  // short human description
    FieldRole role = FieldRole::None;
};

/// A catalog that does not hold together, or code asking for a field it does not have.
class CatalogError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

/// The banks' files list the catalog's fields in the catalog's order, except for the identifying
/// columns each file kind and loan type puts first, in its own order.
struct LeadingColumns {
    FileType file;
    LoanType loanType;
    std::vector<std::string_view> names;
};

/// The fields of both file kinds. Every component that reads or writes fields takes one
/// (defaulting to standard()), so a catalog with one more field needs no other edit.
class Catalog final {
public:
    /// Checks the catalog: unique names, a key per file kind, every leading column a field of
    /// that kind and loan type. Throws CatalogError.
    Catalog(std::vector<FieldSpec> credit, std::vector<FieldSpec> payment,
            std::vector<LeadingColumns> leading = {});

    /// The catalog of this build: the fields of PRODUCT.md's input files.
    static const Catalog& standard();

    /// The fields of a file kind in warehouse column order; indices are TypedRow indices.
    std::span<const FieldSpec> fields(FileType file) const;
    /// The index of the field with this exact name, if any.
    std::optional<std::size_t> find(FileType file, std::string_view name) const;
    /// The index of a field the code depends on; CatalogError naming it when absent. Resolve
    /// once, at construction or start, never per row.
    std::size_t require(FileType file, std::string_view name) const;
    /// Indices of the fields with this role, in catalog order.
    std::vector<std::size_t> withRole(FileType file, FieldRole role) const;
    /// The columns of a bank's file of this kind and loan type, in the file's order.
    std::vector<std::size_t> fileColumns(FileType file, LoanType loanType) const;

    /// A copy with `field` added after the last field of its file kind.
    Catalog withField(FileType file, FieldSpec field) const;

private:
    std::vector<FieldSpec> m_credit, m_payment;
    std::vector<LeadingColumns> m_leading;
};

/// Catalog::standard().fields(file).
std::span<const FieldSpec> fields(FileType file);

/// Index of the field of the standard catalog with this exact name, or -1 (tests and tools;
/// code that depends on a field uses Catalog::require).
int fieldIndex(FileType file, std::string_view name);

inline bool appliesTo(const FieldSpec& f, LoanType t) {
    return (f.loanTypes & static_cast<std::uint8_t>(t)) != 0;
}

/// Storage scale of Amount (2) and Rate/Fraction (6) values; 0 otherwise.
int scaleOf(FieldType t);
/// Decimal precision of the warehouse type (18 for Amount, 10 for Rate/Fraction), 0 otherwise.
int precisionOf(FieldType t);

/// The ClickHouse column type, e.g. "Decimal(18, 2)" or "Nullable(Date)". A field is Nullable
/// unless it is required and carried by both loan types.
std::string warehouseType(const FieldSpec& f);
bool isNullable(const FieldSpec& f);

/// Maps a code (trimmed, case-insensitive, Turkish and English words) to its canonical value:
/// "A"/"Aktif"/"Active" → "ACTIVE", "I" → "INDIVIDUAL", "E"/"Evet" → "1". Empty view if unknown.
std::string_view canonicalCode(CodeSet set, std::string_view code);
/// The accepted input codes of a set, for messages ("I, T, V").
std::string_view acceptedCodes(CodeSet set);

/// Whether a field's values are numbers (profiled with statistics) or categories.
bool isNumeric(FieldType t);

}  // namespace findata::core
