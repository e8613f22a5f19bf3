#pragma once
// The field catalog: one declarative table per file kind, the single source of truth for
// validation, normalization, warehouse DDL, binary encoding, data-view columns and profiling.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

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
};

/// The fields of a file kind in warehouse column order. Indices into this span are the field
/// indices used by TypedRow and the validator.
std::span<const FieldSpec> fields(FileType file);

/// Index of the field with this exact name, or -1.
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
