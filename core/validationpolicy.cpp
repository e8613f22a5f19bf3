// Severity overrides, header aliases and their checks: see validationpolicy.h.

#include "core/validationpolicy.h"

#include "core/text.h"
#include "core/validator.h"

namespace findata::core {
namespace {

constexpr ErrorType kErrorTypes[] = {
    ErrorType::Required,       ErrorType::Type,        ErrorType::Range,
    ErrorType::Format,         ErrorType::Value,       ErrorType::Duplicate,
    ErrorType::CrossReference, ErrorType::Consistency, ErrorType::MissingColumn,
    ErrorType::UnknownColumn,
};

// The checks that leave a value empty when they fail.
bool valueCheck(ErrorType type) {
    return type == ErrorType::Required || type == ErrorType::Type || type == ErrorType::Range ||
           type == ErrorType::Format || type == ErrorType::Value;
}

// The field of either file kind of `loanType` named exactly `name`, if any.
const FieldSpec* fieldOf(const Catalog& catalog, LoanType loanType, std::string_view name,
                         bool* key) {
    const FieldSpec* found = nullptr;
    *key = false;
    for (const auto file : kFileTypes)
        if (const auto index = catalog.find(file, name)) {
            const auto& f = catalog.fields(file)[*index];
            if (!appliesTo(f, loanType)) continue;
            found = &f;
            if (f.role == FieldRole::Key) *key = true;
        }
    return found;
}

bool catalogName(const Catalog& catalog, std::string_view name) {
    for (const auto file : kFileTypes)
        for (const auto& f : catalog.fields(file))
            if (equalsIgnoreCase(f.name, name)) return true;
    return false;
}

}  // namespace

std::string_view toText(RuleLevel level) {
    switch (level) {
        case RuleLevel::Error:
            return "error";
        case RuleLevel::Warning:
            return "warning";
        case RuleLevel::Off:
            return "off";
    }
    return "error";
}

std::optional<RuleLevel> parseRuleLevel(std::string_view text) {
    for (const auto level : {RuleLevel::Error, RuleLevel::Warning, RuleLevel::Off})
        if (text == toText(level)) return level;
    return std::nullopt;
}

std::optional<ErrorType> parseErrorType(std::string_view text) {
    for (const auto type : kErrorTypes)
        if (text == toText(type)) return type;
    return std::nullopt;
}

bool overridable(ErrorType type) {
    return type != ErrorType::MissingColumn && type != ErrorType::UnknownColumn;
}

std::optional<std::string> checkPolicy(const std::vector<SeverityOverride>& severities,
                                       const std::vector<HeaderAlias>& aliases, LoanType loanType,
                                       const Catalog& catalog) {
    const std::string files = std::string(toText(loanType)) + " credit or payment plan files";
    for (std::size_t i = 0; i < severities.size(); ++i) {
        const auto& o = severities[i];
        const std::string rule = std::string(toText(o.type)) + " of " + o.field;
        bool key = false;
        const FieldSpec* f = fieldOf(catalog, loanType, o.field, &key);
        if (f == nullptr) return "severities: " + o.field + " is not a field of " + files;
        if (!overridable(o.type))
            return "severities: " + rule +
                   " cannot be overridden (column findings follow the header and the "
                   "unknown-column policy)";
        for (std::size_t j = 0; j < i; ++j)
            if (severities[j].field == o.field && severities[j].type == o.type)
                return "severities: " + rule + " is set twice";
        if (o.level == RuleLevel::Error) continue;
        const std::string change =
            o.level == RuleLevel::Off ? "switched off" : "lowered to a warning";
        if (key && (valueCheck(o.type) || o.type == ErrorType::Duplicate))
            return "severities: " + rule + " cannot be " + change + ": " + o.field +
                   " is a key column, a row without a valid, unique key cannot be loaded";
        if (!isNullable(*f) && valueCheck(o.type))
            return "severities: " + rule + " cannot be " + change + ": the warehouse stores " +
                   o.field +
                   " as a non-nullable column, a row without a valid value cannot be "
                   "loaded";
    }
    for (std::size_t i = 0; i < aliases.size(); ++i) {
        const auto& a = aliases[i];
        const auto column = trimBlanks(a.column);
        if (column.empty()) return "aliases: a column name is empty";
        bool key = false;
        if (fieldOf(catalog, loanType, a.field, &key) == nullptr)
            return "aliases: " + std::string(column) + " → " + a.field + ": " + a.field +
                   " is not a field of " + files;
        if (catalogName(catalog, column))
            return "aliases: " + std::string(column) +
                   " is already the name of a catalog field and cannot be an alias";
        for (std::size_t j = 0; j < i; ++j) {
            if (equalsIgnoreCase(trimBlanks(aliases[j].column), column))
                return "aliases: column " + std::string(column) +
                       " is mapped twice (the mapping must be one-to-one)";
            if (aliases[j].field == a.field)
                return "aliases: " + a.field + " is the target of both " +
                       std::string(trimBlanks(aliases[j].column)) + " and " + std::string(column) +
                       " (the mapping must be one-to-one)";
        }
    }
    return std::nullopt;
}

}  // namespace findata::core
