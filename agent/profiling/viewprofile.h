#pragma once
// The profile /api/profiling/ shows for a view (a file's live rows of one loan type or both, in
// a period), from what is stored where it can be:
//   one loan type  the profile stored with its live batch (ProfileStore); else one scan of the
//                  warehouse (warehouseprofile.h), stored with its state for the next time.
//   both           the stored states of each loan type's live batch merged
//                  (BatchProfile::merge: exact figures exact, estimates within their bounds), no
//                  scan; a loan type whose batch has no usable state (profiled before states
//                  were kept, or a state of another version) is scanned alone first and its state
//                  stored.
// "source" says which: "sync" or "warehouse" (one loan type), "merged" (both, from states only)
// or "warehouse" (both, when any loan type had to be scanned).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/warehouse/livebatches.h"
#include "core/catalog.h"

namespace findata::agent {

class ClickHouseClient;
class Database;

struct ProfileView {
    Database& db;
    std::string schema;  // the tenant's PostgreSQL schema
    ClickHouseClient& clickhouse;
    std::string warehouseDatabase;
    core::FileType file;
    std::optional<core::LoanType> loanType;  // nullopt: both
    const LiveBatches& live;                 // of the view's period
};

/// {"rows", "columns", "source"}.
nlohmann::json viewProfile(const ProfileView& view);

}  // namespace findata::agent
