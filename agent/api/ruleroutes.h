#pragma once
// /api/rules/: the tenant's validation policy of a loan type — read it (viewers), replace it
// with a new version (admins; the audit log records who changed what). The sync and
// /api/check/ apply the version in force.

#include <vector>

#include <nlohmann/json.hpp>

#include "agent/api/params.h"
#include "agent/api/routes.h"
#include "agent/store/rulesrepository.h"

namespace findata::agent::rules {

RouteHandler getRules, putRules;

inline constexpr Param kSeverities = text(
    "severities",
    "array of {field, error_type, severity}: severity error (the row is rejected), warning (it "
    "loads) or off (no finding); a key column's value checks and duplicates, and the value "
    "checks of a non-nullable column, stay errors");
inline constexpr Param kThresholds = text(
    "thresholds",
    "object: reject_ratio (0..1, or null for the sync configuration's reject threshold; when set "
    "it wins), suspicious_amount (whole currency units, 0 = no check), amount_tolerance "
    "(currency units an installment may differ from its components and a principal exceed its "
    "original amount), installment_tolerance (installments paid + outstanding may differ from "
    "the total)");
inline constexpr Param kAliases = text(
    "aliases", "array of {column, field}: the bank's column names for catalog fields (one-to-one)");
inline constexpr std::string_view kUnknownColumnsChoices[] = {"warn", "refuse"};
inline constexpr Param kUnknownColumns =
    choice("unknown_columns", kUnknownColumnsChoices,
           "warn (ignore unknown columns with a warning, the default) or refuse (refuse the file)");
inline constexpr Param kRollForward =
    text("roll_forward",
         "object: rules {missing_loan, immutable_changed, principal_grew, installments_decreased, "
         "dpd_jump, portfolio_rollforward, psi_drift: error|warning|off}, tolerance (share of "
         "the previous outstanding, 0..1), psi_threshold (0..100)");
inline constexpr Param kInformational =
    text("version", "ignored (as GET answers it, so an exported policy can be PUT back)");
inline const std::vector<Param> kPolicyBody = {
    kSeverities,
    kThresholds,
    kAliases,
    kUnknownColumns,
    kRollForward,
    text("loan_type", "optional; must match the query's loan_type"),
    kInformational,
    text("set_by", "ignored"),
    text("set_at", "ignored")};

/// A stored policy as the API shows it (and `rules export` writes): loan_type, version, set_by,
/// set_at, then the policy's sections.
nlohmann::json storedPolicyJson(const StoredPolicy& stored);

}  // namespace findata::agent::rules
