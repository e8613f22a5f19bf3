#include "core/validator.h"
#include "core/text.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>

#include "core/date.h"
#include "core/decimal.h"

namespace findata::core {
namespace {

constexpr std::size_t kMaxValueBytes = 200;

std::string clip(std::string_view raw) {
    return std::string(raw.substr(0, kMaxValueBytes));
}

void add(std::vector<Finding>& out, std::uint64_t line, std::string_view field, ErrorType type,
         Severity severity, std::string message, std::string_view raw) {
    out.push_back(Finding{line, std::string(field), type, severity, std::move(message), clip(raw)});
}

void error(std::vector<Finding>& out, std::uint64_t line, const FieldSpec& f, ErrorType type,
           std::string message, std::string_view raw) {
    add(out, line, f.name, type, Severity::Error, std::move(message), raw);
}

void appendNumber(std::string& out, std::int64_t n) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out.append(digits, end);
}

std::string amountText(std::int64_t units, int scale) {
    return toText(Decimal{units, scale});
}

std::string boundText(const FieldSpec& f, std::int64_t bound) {
    const int scale = scaleOf(f.type);
    return scale == 0 ? std::to_string(bound) : amountText(bound, scale);
}

std::string_view numberProblem(NumberError e) {
    switch (e) {
        case NumberError::Empty:
            return "is empty";
        case NumberError::NotANumber:
            return "is not a number";
        case NumberError::NotAnInteger:
            return "is not a whole number";
        case NumberError::TooManyDecimals:
            return "has more decimal places than allowed";
        case NumberError::Overflow:
            return "is too large";
        case NumberError::None:
            break;
    }
    return "is invalid";
}

// Checks the stored-unit bounds of the catalog and the warehouse precision; adds a RANGE error.
bool checkRange(const FieldSpec& f, std::int64_t units, std::uint64_t line, std::string_view raw,
                std::vector<Finding>& out) {
    if (f.min && units < *f.min) {
        error(out, line, f, ErrorType::Range,
              std::string(f.name) + " must be at least " + boundText(f, *f.min), raw);
        return false;
    }
    if (f.max && units > *f.max) {
        error(out, line, f, ErrorType::Range,
              std::string(f.name) + " must be at most " + boundText(f, *f.max), raw);
        return false;
    }
    const int precision = precisionOf(f.type);
    if (precision > 0 && !fitsPrecision(Decimal{units, scaleOf(f.type)}, precision)) {
        error(out, line, f, ErrorType::Range,
              std::string(f.name) + " does not fit the warehouse type " + warehouseType(f), raw);
        return false;
    }
    return true;
}

// Parses one non-empty field into `v`; adds at most one error finding and returns false on it.
bool parseField(const FieldSpec& f, std::string_view text, std::string_view raw, bool decimalComma,
                std::uint64_t line, Value& v, std::vector<Finding>& out) {
    switch (f.type) {
        case FieldType::Text:
            v.s = text;
            break;
        case FieldType::Code:
        case FieldType::Flag: {
            const auto canonical = canonicalCode(f.codes, text);
            if (canonical.empty()) {
                error(
                    out, line, f, ErrorType::Value,
                    std::string(f.name) + " must be one of " + std::string(acceptedCodes(f.codes)),
                    raw);
                return false;
            }
            if (f.type == FieldType::Flag)
                v.i = canonical == "1" ? 1 : 0;
            else
                v.s = canonical;
            break;
        }
        case FieldType::Integer: {
            const auto p = parseInteger(text);
            if (!p.ok()) {
                const auto type =
                    p.error == NumberError::Overflow ? ErrorType::Range : ErrorType::Type;
                error(out, line, f, type,
                      std::string(f.name) + " " + std::string(numberProblem(p.error)) +
                          (type == ErrorType::Type ? " (expected a whole number)" : ""),
                      raw);
                return false;
            }
            if (!checkRange(f, p.value, line, raw, out)) return false;
            v.i = p.value;
            break;
        }
        case FieldType::Amount:
        case FieldType::Fraction:
        case FieldType::Rate: {
            const auto p = f.type == FieldType::Rate
                               ? parseRate(text, decimalComma)
                               : parseDecimal(text, scaleOf(f.type), decimalComma,
                                              f.type == FieldType::Fraction);
            if (!p.ok()) {
                const auto type =
                    p.error == NumberError::Overflow ? ErrorType::Range : ErrorType::Type;
                std::string message =
                    std::string(f.name) + " " + std::string(numberProblem(p.error));
                if (p.error == NumberError::TooManyDecimals)
                    message += " (at most " + std::to_string(scaleOf(f.type)) + ")";
                else if (p.error == NumberError::Overflow)
                    message += " for the warehouse type " + warehouseType(f);
                error(out, line, f, type, std::move(message), raw);
                return false;
            }
            if (!checkRange(f, p.value.units, line, raw, out)) return false;
            v.i = p.value.units;
            break;
        }
        case FieldType::Date: {
            const auto p = parseDate(text);
            if (!p.ok()) {
                error(out, line, f, ErrorType::Format,
                      std::string(f.name) +
                          (p.error == DateError::NoSuchDay
                               ? " is not a real calendar date"
                               : " is not a date in YYYYMMDD, YYYY-MM-DD or DD.MM.YYYY form"),
                      raw);
                return false;
            }
            const auto days = daysSinceEpoch(p.value);
            if (days < kWarehouseMinDay || days > kWarehouseMaxDay) {
                error(out, line, f, ErrorType::Range,
                      std::string(f.name) +
                          " is outside the warehouse date range 1970-01-01 .. "
                          "2149-06-06",
                      raw);
                return false;
            }
            v.i = days;
            break;
        }
    }
    v.null = false;
    return true;
}

// canonicalCode, with the answers for one-byte texts (the banks' usual codes: I, A, K, E, H)
// looked up in a table made from canonicalCode itself once per process.
std::string_view quickCanonicalCode(CodeSet set, std::string_view text) {
    constexpr std::size_t kSets = 4;  // None, CustomerType, Status, YesNo
    static const auto kOneByte = [] {
        std::array<std::array<std::string_view, 256>, kSets> table{};
        for (std::size_t s = 0; s < kSets; ++s)
            for (std::size_t c = 0; c < 256; ++c) {
                const char byte = static_cast<char>(c);
                table[s][c] = canonicalCode(static_cast<CodeSet>(s), std::string_view(&byte, 1));
            }
        return table;
    }();
    const auto s = static_cast<std::size_t>(set);
    if (text.size() == 1 && s < kSets) return kOneByte[s][static_cast<unsigned char>(text[0])];
    return canonicalCode(set, text);
}

// YYYYMMDD, the banks' usual date form, when it is a real day; anything else goes to
// parseDate, which accepts the other forms and names the problem.
bool readCompactDate(std::string_view text, Date& out) {
    if (text.size() != 8) return false;
    unsigned d[8];
    for (int k = 0; k < 8; ++k) {
        d[k] = static_cast<unsigned char>(text[static_cast<std::size_t>(k)]) - unsigned{'0'};
        if (d[k] > 9) return false;
    }
    const int year = static_cast<int>(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
    const int month = static_cast<int>(d[4] * 10 + d[5]);
    const int day = static_cast<int>(d[6] * 10 + d[7]);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return false;
    out = Date{year, month, day};
    return true;
}

}  // namespace

std::string_view toText(ErrorType t) {
    switch (t) {
        case ErrorType::Required:
            return "REQUIRED";
        case ErrorType::Type:
            return "TYPE";
        case ErrorType::Range:
            return "RANGE";
        case ErrorType::Format:
            return "FORMAT";
        case ErrorType::Value:
            return "VALUE";
        case ErrorType::Duplicate:
            return "DUPLICATE";
        case ErrorType::CrossReference:
            return "CROSS_REFERENCE";
        case ErrorType::Consistency:
            return "CONSISTENCY";
        case ErrorType::MissingColumn:
            return "MISSING_COLUMN";
        case ErrorType::UnknownColumn:
            return "UNKNOWN_COLUMN";
        case ErrorType::RollForward:
            return "ROLL_FORWARD";
        case ErrorType::Drift:
            return "DRIFT";
    }
    return "UNKNOWN";
}

std::string_view toText(Severity s) {
    return s == Severity::Error ? "error" : "warning";
}

RowValidator::RowValidator(FileType file, LoanType loanType, ValidationOptions options,
                           const Catalog& catalog)
    : m_catalog(catalog),
      m_file(file),
      m_loanType(loanType),
      m_options(options),
      m_loanField(catalog.require(file, "loan_account_number")) {
    const auto field = [&](std::string_view name) { return catalog.require(file, name); };
    if (file == FileType::Credit)
        m_credit = {field("total_installment_count"),
                    field("outstanding_installment_count"),
                    field("paid_installment_count"),
                    field("original_loan_amount"),
                    field("outstanding_principal_balance"),
                    field("loan_start_date"),
                    field("first_payment_date"),
                    field("final_maturity_date")};
    else {
        m_installmentField = field("installment_number");
        m_payment = {field("installment_amount"), field("principal_component"),
                     field("interest_component"), field("kkdf_component"),
                     field("bsmv_component"),     field("installment_status"),
                     field("remaining_principal")};
    }
    if (m_options.duplicateScreen) m_loans.screen(m_options.duplicateScreen);
    // The policy is resolved once: the overrides and aliases of this file kind's fields.
    for (const auto& o : m_options.severities)
        if (const auto index = catalog.find(file, o.field))
            m_overrides.push_back({catalog.fields(file)[*index].name, o.type, o.level});
    for (const auto& a : m_options.aliases)
        if (const auto index = catalog.find(file, a.field))
            m_aliases.push_back({std::string(trimBlanks(a.column)), *index});
}

bool RowValidator::bindHeader(const CsvRecord& header, std::vector<Finding>& findings) {
    const auto catalog = m_catalog.fields(m_file);
    m_headerWidth = header.fields.size();
    m_columnField.assign(header.fields.size(), -1);
    m_fieldColumn.assign(catalog.size(), -1);
    const std::string loanType(toText(m_loanType));
    bool complete = true;

    for (std::size_t col = 0; col < header.fields.size(); ++col) {
        const auto name = trimBlanks(header.fields[col]);
        int index = -1;
        for (const auto& alias : m_aliases)
            if (equalsIgnoreCase(alias.column, name)) index = static_cast<int>(alias.field);
        if (index < 0)
            for (std::size_t i = 0; i < catalog.size(); ++i)
                if (equalsIgnoreCase(catalog[i].name, name)) index = static_cast<int>(i);
        const bool refuse = m_options.refuseUnknownColumns;
        const std::string outcome = refuse ? "is refused by the tenant's rules" : "is ignored";
        std::string why;
        bool unknown = true;
        if (index < 0)
            why = "unknown column '" + std::string(name) + "' " + outcome;
        else if (!appliesTo(catalog[index], m_loanType))
            why = "column '" + std::string(name) + "' is not part of a " + loanType + " " +
                  std::string(toText(m_file)) + " file and " + outcome;
        else if (m_fieldColumn[index] >= 0) {
            why = "column '" + std::string(name) + "' appears twice; the second one is ignored";
            unknown = false;
        }
        if (!why.empty()) {
            const bool error = refuse && unknown;
            if (error) complete = false;
            add(findings, header.line, name, ErrorType::UnknownColumn,
                error ? Severity::Error : Severity::Warning, std::move(why), name);
            continue;
        }
        m_columnField[col] = index;
        m_fieldColumn[index] = static_cast<int>(col);
    }

    m_bound.clear();
    m_unbound.clear();
    for (std::size_t i = 0; i < catalog.size(); ++i) {
        if (m_fieldColumn[i] < 0) {
            m_unbound.push_back(i);
            continue;
        }
        const auto& f = catalog[i];
        BoundField b;
        b.field = i;
        b.column = static_cast<std::size_t>(m_fieldColumn[i]);
        b.type = f.type;
        b.codes = f.codes;
        b.scale = scaleOf(f.type);
        b.min = f.min.value_or(std::numeric_limits<std::int64_t>::min());
        b.max = f.max.value_or(std::numeric_limits<std::int64_t>::max());
        const int precision = precisionOf(f.type);
        if (precision > 0 && precision < 19) {
            b.magnitudeLimit = 1;
            for (int k = 0; k < precision; ++k)
                b.magnitudeLimit *= 10;
        }
        m_bound.push_back(b);
    }

    for (std::size_t i = 0; i < catalog.size(); ++i) {
        const auto& f = catalog[i];
        if (!appliesTo(f, m_loanType) || m_fieldColumn[i] >= 0) continue;
        if (f.required) complete = false;
        add(findings, header.line, f.name, ErrorType::MissingColumn,
            f.required ? Severity::Error : Severity::Warning,
            f.required
                ? "required column '" + std::string(f.name) + "' is missing"
                : "optional column '" + std::string(f.name) + "' is missing; stored as empty",
            {});
    }
    return complete;
}

// The values that parse and pass their bounds, without building any finding; every other
// value (empty, malformed, out of range) is left to parseField, which names the problem. On
// success the whole of `v` is written; on failure nothing.
[[gnu::always_inline]] inline bool RowValidator::parseValid(const BoundField& b,
                                                            std::string_view text, Value& v) const {
    std::int64_t units = 0;
    switch (b.type) {
        case FieldType::Text:
            v = Value{false, 0, text};
            return true;
        case FieldType::Code:
        case FieldType::Flag: {
            const auto canonical = quickCanonicalCode(b.codes, text);
            if (canonical.empty()) return false;
            if (b.type == FieldType::Flag)
                v = Value{false, canonical == "1" ? 1 : 0, {}};
            else
                v = Value{false, 0, canonical};
            return true;
        }
        case FieldType::Integer: {
            if (!parsePlainInteger(text, units)) {
                const auto p = parseInteger(text);
                if (!p.ok()) return false;
                units = p.value;
            }
            break;
        }
        case FieldType::Amount:
        case FieldType::Fraction: {
            if (!parsePlainDecimal(text, b.scale, m_decimalComma, units)) {
                const auto p =
                    parseDecimal(text, b.scale, m_decimalComma, b.type == FieldType::Fraction);
                if (!p.ok()) return false;
                units = p.value.units;
            }
            break;
        }
        case FieldType::Rate: {
            if (!parsePlainRate(text, m_decimalComma, units)) {
                const auto p = parseRate(text, m_decimalComma);
                if (!p.ok()) return false;
                units = p.value.units;
            }
            break;
        }
        case FieldType::Date: {
            std::int32_t days = 0;
            if (!compactDateDays(text, days)) {
                Date date;
                if (!readCompactDate(text, date)) {
                    const auto p = parseDate(text);
                    if (!p.ok()) return false;
                    date = p.value;
                }
                days = daysSinceEpoch(date);
            }
            if (days < kWarehouseMinDay || days > kWarehouseMaxDay) return false;
            v = Value{false, days, {}};
            return true;
        }
    }
    if (units < b.min || units > b.max) return false;
    if (b.magnitudeLimit != 0) {
        const std::uint64_t magnitude = units < 0
                                            ? std::uint64_t{0} - static_cast<std::uint64_t>(units)
                                            : static_cast<std::uint64_t>(units);
        if (magnitude >= b.magnitudeLimit) return false;
    }
    v = Value{false, units, {}};
    return true;
}

bool RowValidator::validate(const CsvRecord& record, TypedRow& out,
                            std::vector<Finding>& findings) {
    const auto catalog = m_catalog.fields(m_file);
    const std::size_t before = findings.size();
    const auto line = record.line;
    out.line = line;
    auto& values = out.values;

    if (!record.error.empty()) {
        values.assign(catalog.size(), Value{});
        add(findings, line, {}, ErrorType::Format, Severity::Error,
            "malformed row: " + std::string(record.error), record.raw);
        return false;
    }
    if (record.fields.size() != m_headerWidth) {
        values.assign(catalog.size(), Value{});
        add(findings, line, {}, ErrorType::Format, Severity::Error,
            "row has " + std::to_string(record.fields.size()) + " fields, the header has " +
                std::to_string(m_headerWidth),
            record.raw);
        return false;
    }

    // The loan's slot in the duplicate set is fetched from memory while the fields are parsed.
    std::uint64_t loanHash = 0;
    const int loanColumn = m_fieldColumn[m_loanField];
    if (m_file == FileType::Credit && loanColumn >= 0) {
        loanHash = hashBytes(trimBlanks(record.fields[static_cast<std::size_t>(loanColumn)]));
        m_loans.prefetch(loanHash);
    }

    // Every value is written once per row: the absent fields' here, the present ones below
    // (no clearing of the whole row first).
    if (values.size() != catalog.size())
        values.assign(catalog.size(), Value{});
    else
        for (const std::size_t field : m_unbound)
            values[field] = Value{};

    bool rowOk = true;
    const std::string_view* const fields = record.fields.data();
    Value* const slots = values.data();
    for (const BoundField& b : m_bound) {
        const std::string_view raw = fields[b.column];
        Value& v = slots[b.field];
        // Most values have no blanks around them: trimming is only needed when an end is one.
        const bool clean = !raw.empty() && static_cast<unsigned char>(raw.front()) > ' ' &&
                           static_cast<unsigned char>(raw.back()) > ' ';
        const std::string_view text = clean ? raw : trimBlanks(raw);
        if (clean && parseValid(b, text, v)) continue;
        v = Value{};
        const auto& f = catalog[b.field];
        if (text.empty()) {
            if (f.required) {
                error(findings, line, f, ErrorType::Required,
                      std::string(f.name) + " is required but empty", raw);
                rowOk = false;
            }
            continue;
        }
        if (!parseField(f, text, raw, m_decimalComma, line, v, findings)) rowOk = false;
    }

    // Keys: duplicates within the file, and payment → credit references.
    const Value& loan = out.values[m_loanField];
    std::size_t loanIndex = StringSet::npos;
    if (m_file == FileType::Credit) {
        const auto [index, isNew] =
            loan.null ? std::pair(StringSet::npos, true) : m_loans.add(loan.s, loanHash);
        loanIndex = index;
        if (!isNew) {
            add(findings, line, catalog[m_loanField].name, ErrorType::Duplicate, Severity::Error,
                std::string(catalog[m_loanField].name) + " " + std::string(loan.s) +
                    " appears more than once in the file",
                loan.s);
            rowOk = false;
        }
    } else {
        const Value& installment = out.values[m_installmentField];
        // One lookup answers both the cross-reference and which loan the installment is of.
        const std::size_t known =
            loan.null || !m_knownLoans ? StringSet::npos : m_knownLoans->find(loan.s);
        if (!loan.null && !installment.null) {
            // Loans of the known set go by their index there, the others by one in this plan.
            const std::uint64_t loanIndex =
                known != StringSet::npos
                    ? known
                    : (m_knownLoans ? m_knownLoans->size() : 0) + m_planLoans.emplace(loan.s).first;
            if (!m_seenInstallments.insert(loanIndex, installment.i)) {
                add(findings, line, catalog[m_installmentField].name, ErrorType::Duplicate,
                    Severity::Error,
                    "installment " + std::to_string(installment.i) + " of loan " +
                        std::string(loan.s) + " appears more than once in the file",
                    record.fields[static_cast<std::size_t>(m_fieldColumn[m_installmentField])]);
                rowOk = false;
            }
        }
        if (!loan.null && m_knownLoans &&
            (known == StringSet::npos || !m_knownLoans->isLive(known))) {
            add(findings, line, catalog[m_loanField].name, ErrorType::CrossReference,
                Severity::Error,
                "loan " + std::string(loan.s) + " is not a " + std::string(toText(m_loanType)) +
                    " credit that will be live after this sync",
                loan.s);
            rowOk = false;
        }
    }

    checkConsistency(out, findings);
    if (!m_overrides.empty() && findings.size() > before) {
        // The tenant's rules decide: the row is rejected exactly when an error is left.
        applyOverrides(findings, before);
        rowOk = true;
    }
    for (std::size_t k = before; k < findings.size(); ++k)
        if (findings[k].severity == Severity::Error) rowOk = false;
    if (rowOk && loanIndex != StringSet::npos) m_loans.setLive(loanIndex);
    return rowOk;
}

void RowValidator::applyOverrides(std::vector<Finding>& findings, std::size_t from) const {
    std::size_t kept = from;
    for (std::size_t k = from; k < findings.size(); ++k) {
        Finding& f = findings[k];
        bool off = false;
        for (const auto& o : m_overrides)
            if (o.type == f.type && o.field == f.field) {
                off = o.level == RuleLevel::Off;
                f.severity = o.level == RuleLevel::Warning ? Severity::Warning : Severity::Error;
                break;
            }
        if (off) continue;
        if (kept != k) findings[kept] = std::move(f);
        ++kept;
    }
    findings.resize(kept);
}

void RowValidator::checkConsistency(const TypedRow& row, std::vector<Finding>& findings) {
    const auto catalog = m_catalog.fields(m_file);
    const auto& v = row.values;
    auto warn = [&](std::size_t field, std::string message, std::string value) {
        findings.push_back(Finding{row.line, std::string(catalog[field].name),
                                   ErrorType::Consistency, Severity::Warning, std::move(message),
                                   value.size() > kMaxValueBytes ? clip(value) : std::move(value)});
    };
    auto suspicious = [&](std::size_t field) {
        const std::int64_t limit = m_options.suspiciousAmount;
        if (limit > 0 && !v[field].null && v[field].i / 100 > limit)
            warn(field,
                 std::string(catalog[field].name) + " is unusually large (over " +
                     std::to_string(limit) + ")",
                 amountText(v[field].i, 2));
    };

    if (m_file == FileType::Credit) {
        const auto [total, outstanding, paid, original, principal, start, first, maturity] =
            m_credit;
        const auto outside = [](std::int64_t difference, std::int64_t tolerance) {
            return difference > tolerance || difference < -tolerance;
        };
        if (!v[total].null && !v[outstanding].null && !v[paid].null &&
            outside(v[paid].i + v[outstanding].i - v[total].i, m_options.installmentTolerance)) {
            // Built in one buffer: this warning can fire on a large share of the rows.
            std::string message;
            message.reserve(96);
            message += "paid (";
            appendNumber(message, v[paid].i);
            message += ") + outstanding (";
            appendNumber(message, v[outstanding].i);
            message += ") installments differ from the total (";
            appendNumber(message, v[total].i);
            message += ')';
            std::string value;
            appendNumber(value, v[total].i);
            warn(total, std::move(message), std::move(value));
        }
        if (!v[original].null && !v[principal].null &&
            v[principal].i - v[original].i > m_options.amountTolerance)
            warn(
                principal,
                "outstanding principal exceeds the original amount " + amountText(v[original].i, 2),
                amountText(v[principal].i, 2));
        auto dateText = [](const Value& d) {
            return toIsoString(dateFromDaysSinceEpoch(static_cast<std::int32_t>(d.i)));
        };
        if (!v[start].null && !v[first].null && v[start].i > v[first].i)
            warn(first, "first payment date is before the loan start date " + dateText(v[start]),
                 dateText(v[first]));
        if (!v[first].null && !v[maturity].null && v[first].i > v[maturity].i)
            warn(maturity,
                 "final maturity date is before the first payment date " + dateText(v[first]),
                 dateText(v[maturity]));
        suspicious(original);
        return;
    }

    const auto [amount, principalPart, interest, kkdf, bsmv, status, remaining] = m_payment;
    if (!v[amount].null && !v[principalPart].null) {
        const std::int64_t sum = v[principalPart].i + v[interest].i + v[kkdf].i + v[bsmv].i;
        const std::int64_t difference = sum - v[amount].i;
        if (difference > m_options.amountTolerance || difference < -m_options.amountTolerance)
            warn(amount,
                 "installment amount differs from the sum of its components " + amountText(sum, 2),
                 amountText(v[amount].i, 2));
    }
    if (!v[status].null && v[status].s == "CLOSED" && !v[remaining].null && v[remaining].i > 0)
        warn(remaining, "closed installment still has remaining principal",
             amountText(v[remaining].i, 2));
    suspicious(amount);
}

}  // namespace findata::core
