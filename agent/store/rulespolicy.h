#pragma once
// A tenant's validation policy for one loan type, as stored (JSON) and as the core applies it:
// severity overrides per (field, error type), thresholds (reject ratio, suspicious amount,
// consistency tolerances), header aliases, the unknown-column policy, and the roll-forward
// section (rule severities, tolerance, PSI threshold) the roll-forward checks read.
//
// The reject ratio: a sync configuration has its reject threshold; a policy that sets
// thresholds.reject_ratio (not null) overrides it, one that leaves it null keeps the config's.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

/// A policy the JSON cannot be read as, or one the core refuses; the message names the field
/// and the rule.
class PolicyError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// The roll-forward checks' settings (rule id → severity; the portfolio roll-forward's tolerance
/// as a share of the previous outstanding, 0.01 = 1 %; the population stability index above which
/// a column has drifted). The sync converts them with rollForwardPolicyOf() (rollforward.h).
struct RollForwardRules {
    std::map<std::string, core::RuleLevel> rules;
    double tolerance = 0.01;
    double psiThreshold = 0.25;
};

/// The rule ids of the roll_forward section: the roll-forward checks' (kRollForwardRules in
/// rollforward.h) and the drift rule's (kDriftRule), each error, warning (default) or off.
inline constexpr const char* kRollForwardRuleIds[] = {
    "missing_loan", "immutable_changed",     "principal_grew", "installments_decreased",
    "dpd_jump",     "portfolio_rollforward", "psi_drift"};

struct RulesPolicy {
    std::vector<core::SeverityOverride> severities;
    std::optional<double> rejectRatio;  // null: the sync configuration's reject threshold
    std::int64_t suspiciousAmount = core::ValidationOptions{}.suspiciousAmount;
    std::int64_t amountTolerance = 0;  // cents
    std::int64_t installmentTolerance = 0;
    std::vector<core::HeaderAlias> aliases;
    bool refuseUnknownColumns = false;
    RollForwardRules rollForward = defaultRollForward();

    /// What the validator applies.
    core::ValidationOptions options() const;
    /// The reject threshold in force given the sync configuration's.
    double rejectThreshold(double configThreshold) const {
        return rejectRatio.value_or(configThreshold);
    }
    static RollForwardRules defaultRollForward();
};

/// Reads a policy for `loanType` from its JSON (the GET's answer or its policy part; the
/// informational keys loan_type, version, set_by and set_at are ignored, except that loan_type
/// must match). Absent sections keep their defaults. Throws PolicyError.
RulesPolicy policyFromJson(const nlohmann::json& json, core::LoanType loanType);
/// The policy's JSON: severities, thresholds, aliases, unknown_columns, roll_forward.
nlohmann::json policyToJson(const RulesPolicy& policy);
/// Reads an exported policy file (the GET's JSON); throws PolicyError naming the file. `version`
/// receives the version the file names (0 when none).
RulesPolicy readPolicyFile(const std::string& path, core::LoanType loanType,
                           int* version = nullptr);

}  // namespace findata::agent
