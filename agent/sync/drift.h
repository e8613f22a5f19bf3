#pragma once
// Profile drift: per catalog column of a file (the sync compares its credit file; the payment
// plan, several times larger, is not compared), how this batch's distribution moved against the
// previous period's batch — the population stability index (PSI), the null ratio and the mean —
// computed in ClickHouse (two scans of both batches, no rows in the agent).
//
//   numeric columns (integers, amounts, rates, dates as day numbers): the bins are the previous
//     batch's deciles (its sorted values at floor(level × n), as quantilesExact picks them;
//     equal edges merged), ten bins at most;
//   categorical columns (codes, flags, text with at most kMaxCategories values in the previous
//     batch): one bin per value. Keys and free text (ids, names) are not compared.
//   PSI = Σ (cur_i − prev_i) · ln(cur_i / prev_i) over the bins' shares of the non-null values;
//   an empty bin counts as a share of kEmptyShare so the logarithm stays finite.
//   Batches over kDriftSampleRows rows are compared on a sample of keys (the same in both).
// A column whose PSI exceeds the tenant policy's psi_threshold (0.25 by default) gets a DRIFT
// finding (rule psi_drift, its severity the policy's; field = the column, line 0). The figures of
// every compared column are stored with the sync (sync_drift) and shown beside the profile
// (/api/profiling/ "drift").

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/sync/rollforward.h"
#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

class ClickHouseClient;
class Database;

inline constexpr double kEmptyShare = 1e-4;
inline constexpr int kMaxCategories = 50;
/// Batches of more rows are compared on a deterministic sample of about this many keys (the same
/// keys in both batches: cityHash64 of the key modulo rows / kDriftSampleRows), which keeps the
/// cost of drift flat however large the period. What the sample costs in precision: two samples
/// of one distribution this size differ by a PSI of about (bins − 1) · (1/n₁ + 1/n₂) ≈ 0.0002
/// with ten bins, a thousandth of the default threshold; a null ratio or a share is within
/// ±0.32 % of the whole batch's (two standard errors). 200,000 keys cost the checks of a
/// 1 M-row period twice the drift's time for no visible gain.
inline constexpr unsigned long long kDriftSampleRows = 100000;

/// One column's drift against the previous batch.
struct ColumnDrift {
    core::FileType file = core::FileType::Credit;
    std::string field;
    bool numeric = false;
    std::optional<double> psi;  // absent when either batch has no non-null value
    double nullRatio = 0, previousNullRatio = 0;
    std::optional<double> mean, previousMean;  // numeric columns
};

/// PSI of two distributions given as counts per bin (same bins, same order).
double populationStabilityIndex(const std::vector<double>& previous,
                                const std::vector<double>& current);

/// The drift of every comparable column of `file` between two batches of a loan type (both must
/// be set). Throws WarehouseError.
std::vector<ColumnDrift> computeDrift(ClickHouseClient& client, std::string_view database,
                                      core::FileType file, core::LoanType loanType,
                                      std::string_view currentBatch, std::string_view previousBatch,
                                      const core::Catalog& catalog = core::Catalog::standard());

/// The finding for a column past the threshold (nullopt when within it or the rule is off).
std::optional<core::Finding> driftFinding(const ColumnDrift& drift,
                                          const RollForwardPolicy& policy);

/// The figures as the profiling JSON shows them: {"psi", "null_ratio", "previous_null_ratio",
/// "mean", "previous_mean", "drifted"} (numbers or null).
nlohmann::json toJson(const ColumnDrift& drift, double threshold);

/// Stores a sync's drift figures (replacing any of the same sync and file).
void storeDrift(Database& db, std::string_view schema, const std::string& syncId,
                std::string_view previousBatch, const std::vector<ColumnDrift>& drift);
/// The drift figures stored with a sync for a file.
std::vector<ColumnDrift> loadDrift(Database& db, std::string_view schema, const std::string& syncId,
                                   core::FileType file);

/// The PSI threshold a sync judged drift by: the roll_forward section of the validation policy
/// version its log records (the built-in 0.25 for version 0 or an unknown sync).
double psiThresholdOfSync(Database& db, std::string_view schema, core::LoanType loanType,
                          const std::string& syncId);

/// Adds "drift" (toJson) to each column of a profile body ({"columns": [{"name", …}]}) that the
/// sync of the live batch of (file, loan type, `period`; empty: the latest period) compared with
/// a previous batch, "drifted" by that sync's threshold (psiThresholdOfSync); nothing otherwise.
void addDriftToProfile(nlohmann::json& profile, Database& db, std::string_view schema,
                       core::FileType file, core::LoanType loanType, std::string_view period);

}  // namespace findata::agent
