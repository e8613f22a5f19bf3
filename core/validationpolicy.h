#pragma once
// A tenant's validation rules for one loan type, as the core applies them: severity overrides
// per (field, error type), header aliases (the bank's column names → catalog fields), the
// unknown-column policy and the consistency tolerances. The default policy is the built-in
// behaviour. checkPolicy() says what is wrong with one before it is stored or used.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"

namespace findata::core {

enum class ErrorType : std::uint8_t;

/// What a rule makes of a finding: an error (the row is rejected), a warning (the row loads)
/// or nothing (the check is off).
enum class RuleLevel : std::uint8_t { Error, Warning, Off };

std::string_view toText(RuleLevel level);                        // "error", "warning", "off"
std::optional<RuleLevel> parseRuleLevel(std::string_view text);  // exactly as toText writes it
/// The error type named like toText(ErrorType) writes it ("REQUIRED", …), or nullopt.
std::optional<ErrorType> parseErrorType(std::string_view text);

/// The findings of `type` about `field` get `level` instead of their built-in severity.
struct SeverityOverride {
    std::string field;
    ErrorType type;
    RuleLevel level = RuleLevel::Error;
};

/// A column named `column` in the bank's file (trimmed, case-insensitive) is the catalog field
/// `field`.
struct HeaderAlias {
    std::string column;
    std::string field;
};

/// The (field, error type) pairs a policy may override: the row-level checks. Column findings
/// (MISSING_COLUMN, UNKNOWN_COLUMN) are governed by the header itself and the unknown-column
/// policy.
bool overridable(ErrorType type);

/// The first problem of a policy for `loanType`, as a sentence naming the field and the rule,
/// or nullopt when it can be used: every override names a field of that loan type's files and
/// an overridable error type, at most once; a key column's value checks and duplicates, and the
/// value checks of a column the warehouse cannot store empty, stay errors; every alias names a
/// field of those files, no column twice, no field twice, and no column that is itself a
/// catalog field name.
std::optional<std::string> checkPolicy(const std::vector<SeverityOverride>& severities,
                                       const std::vector<HeaderAlias>& aliases, LoanType loanType,
                                       const Catalog& catalog = Catalog::standard());

}  // namespace findata::core
