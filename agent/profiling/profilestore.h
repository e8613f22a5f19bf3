#pragma once
// ProfileStore: the batch_profiles table of a tenant — the /api/profiling/ figures ({"rows",
// "columns"}) of each batch, as its sync computed them on the way in (source "sync") or as the
// warehouse gave them once (source "warehouse"), and the state they were computed from
// (BatchProfile::state: what merges into the profile of both loan types). A batch never changes
// once written, so its profile stays right while it is live; profiles of batches no longer live
// are deleted when a new one is stored.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "core/catalog.h"

namespace findata::agent {

class Database;

struct StoredProfile {
    std::string source;  // "sync" or "warehouse"
    nlohmann::json profile;
};

class ProfileStore final {
public:
    ProfileStore(Database& db, std::string_view schema);

    /// Within the transaction that publishes the batch (SyncEngine's complete()).
    /// `state`: BatchProfile::state(), empty for none.
    void store(pqxx::work& tx, const std::string& batchId, core::FileType file,
               core::LoanType loanType, std::string_view source, const nlohmann::json& profile,
               std::string_view state = {});
    /// In a transaction of its own.
    void store(const std::string& batchId, core::FileType file, core::LoanType loanType,
               std::string_view source, const nlohmann::json& profile, std::string_view state = {});
    std::optional<StoredProfile> find(const std::string& batchId, core::FileType file);
    /// The batch's stored state (BatchProfile::state), nullopt when none was stored.
    std::optional<std::string> findState(const std::string& batchId, core::FileType file);

private:
    Database& m_db;
    std::string m_table, m_liveTable;
};

}  // namespace findata::agent
