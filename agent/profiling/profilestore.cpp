// The batch_profiles table: see profilestore.h.

#include "agent/profiling/profilestore.h"

#include "agent/store/database.h"

namespace findata::agent {

ProfileStore::ProfileStore(Database& db, std::string_view schema)
    : m_db(db),
      m_table(qualifiedTable(schema, "batch_profiles")),
      m_liveTable(qualifiedTable(schema, "live_batches")) {}

void ProfileStore::store(pqxx::work& tx, const std::string& batchId, core::FileType file,
                         core::LoanType loanType, std::string_view source,
                         const nlohmann::json& profile) {
    tx.exec_params0("INSERT INTO " + m_table +
                        " (batch_id, file_type, loan_type, source, profile)"
                        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (batch_id, file_type) DO UPDATE"
                        " SET source = EXCLUDED.source, profile = EXCLUDED.profile,"
                        " computed_at = now()",
                    batchId, std::string(core::toText(file)), std::string(core::toText(loanType)),
                    std::string(source),
                    profile.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // Profiles of batches no longer live (superseded, or periods dropped) go.
    tx.exec_params0("DELETE FROM " + m_table +
                        " p WHERE p.batch_id <> $1 AND NOT EXISTS (SELECT 1 FROM " + m_liveTable +
                        " l WHERE l.batch_id = p.batch_id)",
                    batchId);
}

void ProfileStore::store(const std::string& batchId, core::FileType file, core::LoanType loanType,
                         std::string_view source, const nlohmann::json& profile) {
    m_db.transact([&](pqxx::work& tx) { store(tx, batchId, file, loanType, source, profile); });
}

std::optional<StoredProfile> ProfileStore::find(const std::string& batchId, core::FileType file) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<StoredProfile> {
        const auto rows = tx.exec_params(
            "SELECT source, profile FROM " + m_table + " WHERE batch_id = $1 AND file_type = $2",
            batchId, std::string(core::toText(file)));
        if (rows.empty()) return std::nullopt;
        return StoredProfile{rows[0][0].as<std::string>(),
                             nlohmann::json::parse(rows[0][1].as<std::string>())};
    });
}

}  // namespace findata::agent
