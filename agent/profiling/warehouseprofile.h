#pragma once
// A profile recomputed from the warehouse in one scan: ClickHouse streams the live rows' catalog
// columns as Native blocks (no aggregation on its side) and a BatchProfile (batchprofile.h)
// computes the same figures, exact and estimated alike, a sync computes on the way in — so a
// stored and a recomputed profile of the same rows are equal. Used where no sync's profile
// stands for the rows: a corrected file's merged batch, both loan types at once, batches loaded
// before profiles were stored (or with profile_during_sync off).

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "agent/warehouse/livebatches.h"
#include "core/catalog.h"

namespace findata::agent {

class ClickHouseClient;

/// {"rows", "columns"} of the live rows of `file` (one loan type, or both), as
/// profiling::BatchProfile::toJson writes it; `state`, when given, receives its
/// BatchProfile::state().
nlohmann::json profileFromWarehouse(ClickHouseClient& client, std::string_view database,
                                    core::FileType file, std::optional<core::LoanType> loanType,
                                    const LiveBatches& live, std::string* state = nullptr);

}  // namespace findata::agent
