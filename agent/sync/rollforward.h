#pragma once
// Roll-forward checks: a credit (and payment plan) batch compared with the previous period's, in
// ClickHouse — the agent holds no per-loan state; it streams back only the loans a rule fires on.
//
// Rules (ids shared with the tenant validation policy; findings of error type ROLL_FORWARD whose
// field is the rule id, on the credit file):
//   missing_loan            a loan of the previous period is absent now although it was not
//                           closed (status CLOSED or a closing date) and had not matured by the
//                           current period's end; the finding names the previous file's line
//   immutable_changed       customer id, original amount, loan start date or product changed
//   principal_grew          outstanding principal grew while neither the original amount (a new
//                           disbursement) nor the total installment count (a restructuring)
//                           changed — the catalog has no explicit indicator, these two are it
//   installments_decreased  the paid installment count went down
//   dpd_jump                days past due rose by more than the days between the period ends
//   portfolio_rollforward   previous outstanding − principal repaid + new loans' original amounts
//                           against this outstanding, one file-level finding (line 0) when the
//                           difference exceeds `tolerance` × the previous outstanding. Principal
//                           repaid: principal_component of the plan's installments paid now
//                           (actual payment date or status CLOSED) that were not paid in the
//                           previous plan — the plans are compared, so no calendar is needed.
// A period's end: the last day of its month ("YYYY-MM"); without a period (before periods were
// introduced) the day its credit batch was loaded.
// Cost: two statements, run at once on two connections — the credit batches joined once (ALL
// FULL JOIN) for every per-loan rule and the portfolio's credit sums, the previous batch's side
// carrying numbers only (customer id and product as 64-bit hashes: a change is missed only if
// the new text hashes like the old, odds of 1 in 2^64 per loan); and the current plan's paid
// installments whose hashed (loan, installment) is NOT IN the previous plan's paid ones, for the
// repaid principal (two different installments share a hash with odds below 1 in 2 million
// for 3 M-row plans).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

class ClickHouseClient;
struct RollForwardRules;

/// The batches of one period of a loan type; an empty batch id: that file is absent.
struct PeriodBatches {
    std::string period;  // "YYYY-MM"; empty before periods exist
    std::string creditBatch, paymentBatch;
};

/// The rule ids, in the order their findings are written.
inline constexpr std::string_view kRollForwardRules[] = {"missing_loan",   "immutable_changed",
                                                         "principal_grew", "installments_decreased",
                                                         "dpd_jump",       "portfolio_rollforward"};
/// The drift rule's id (agent/sync/drift.h).
inline constexpr std::string_view kDriftRule = "psi_drift";

enum class RuleSeverity { Off, Warning, Error };
std::string_view toText(RuleSeverity s);  // "off", "warning", "error"
std::optional<RuleSeverity> parseRuleSeverity(std::string_view text);

/// How a tenant's roll-forward and drift findings count: the roll_forward section of its
/// validation policy in force for the loan type (rollForwardPolicyOf). An `error` finding fails
/// the sync, like the other file-level errors (a refused file, the reject ratio, the control
/// totals): its findings are kept and counted as errors, the batch is dropped and the live data
/// stays as it was; a `warning` is recorded; `off` rules are not run. Roll-forward findings
/// never reject rows: they are about the portfolio.
struct RollForwardPolicy {
    std::map<std::string, RuleSeverity, std::less<>> rules;  // rule id → severity; absent: warning
    double tolerance = 0.01;     // portfolio_rollforward: share of the previous outstanding
    double psiThreshold = 0.25;  // psi_drift: PSI above this is reported

    RuleSeverity severityOf(std::string_view rule) const;
};

/// The checks' policy from a tenant's stored roll_forward section (agent/store/rulespolicy.h).
RollForwardPolicy rollForwardPolicyOf(const RollForwardRules& stored);

/// The portfolio roll-forward figures (exact decimal text, scale 2).
struct PortfolioRollForward {
    std::string previousOutstanding, principalRepaid, newLoans, expected, outstanding, difference;
    double differenceShare = 0;  // |difference| / previous outstanding (0 when that is 0)
    bool planCompared = false;   // both periods had a payment plan (else repaid is 0)
    bool withinTolerance = true;
};

struct RollForwardResult {
    std::map<std::string, std::uint64_t, std::less<>> counts;  // findings per rule id
    std::uint64_t errors = 0, warnings = 0;
    std::optional<PortfolioRollForward> portfolio;
    std::string currentEnd, previousEnd;  // "YYYY-MM-DD"
    std::int64_t daysBetween = 0;
    std::map<std::string, std::int64_t> timings;  // milliseconds per part, for the log
};

/// The last day of a period ("YYYY-MM" → "YYYY-MM-DD"); without a period the day the credit
/// batch was loaded (max loaded_at). Throws WarehouseError.
std::string periodEnd(ClickHouseClient& client, std::string_view database, core::LoanType loanType,
                      const PeriodBatches& batches);

/// Runs every rule not `off` in `policy` for `current` against `previous` (both credit batches
/// must be set; the portfolio's repaid principal also needs both payment batches). Each finding
/// goes to `onFinding` as it is read. Throws WarehouseError.
RollForwardResult runRollForward(ClickHouseClient& client, std::string_view database,
                                 core::LoanType loanType, const PeriodBatches& current,
                                 const PeriodBatches& previous, const RollForwardPolicy& policy,
                                 const std::function<void(const core::Finding&)>& onFinding);

}  // namespace findata::agent
