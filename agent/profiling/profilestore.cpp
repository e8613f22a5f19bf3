// The batch_profiles table: see profilestore.h.

#include "agent/profiling/profilestore.h"

#include "agent/store/database.h"

namespace findata::agent {

ProfileStore::ProfileStore(Database& db, std::string_view schema)
    : m_db(db),
      m_table(qualifiedTable(schema, "batch_profiles")),
      m_liveTable(qualifiedTable(schema, "live_batches")) {}

namespace {

// bytea's text input: \x and two hex digits a byte (NULL for no bytes).
std::optional<std::string> byteaText(std::string_view bytes) {
    if (bytes.empty()) return std::nullopt;
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + 2 * bytes.size());
    for (const auto c : bytes) {
        out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
        out.push_back(kDigits[static_cast<unsigned char>(c) & 15]);
    }
    return out;
}

}  // namespace

void ProfileStore::store(pqxx::work& tx, const std::string& batchId, core::FileType file,
                         core::LoanType loanType, std::string_view source,
                         const nlohmann::json& profile, std::string_view state) {
    tx.exec_params0("INSERT INTO " + m_table +
                        " (batch_id, file_type, loan_type, source, profile, state)"
                        " VALUES ($1, $2, $3, $4, $5, $6::bytea)"
                        " ON CONFLICT (batch_id, file_type) DO UPDATE"
                        " SET source = EXCLUDED.source, profile = EXCLUDED.profile,"
                        " state = EXCLUDED.state, computed_at = now()",
                    batchId, std::string(core::toText(file)), std::string(core::toText(loanType)),
                    std::string(source),
                    profile.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    byteaText(state));
    // Profiles of batches no longer live (superseded, or periods dropped) go.
    tx.exec_params0("DELETE FROM " + m_table +
                        " p WHERE p.batch_id <> $1 AND NOT EXISTS (SELECT 1 FROM " + m_liveTable +
                        " l WHERE l.batch_id = p.batch_id)",
                    batchId);
}

void ProfileStore::store(const std::string& batchId, core::FileType file, core::LoanType loanType,
                         std::string_view source, const nlohmann::json& profile,
                         std::string_view state) {
    m_db.transact(
        [&](pqxx::work& tx) { store(tx, batchId, file, loanType, source, profile, state); });
}

std::optional<std::string> ProfileStore::findState(const std::string& batchId,
                                                   core::FileType file) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<std::string> {
        const auto rows = tx.exec_params("SELECT state FROM " + m_table +
                                             " WHERE batch_id = $1 AND file_type = $2"
                                             " AND state IS NOT NULL",
                                         batchId, std::string(core::toText(file)));
        if (rows.empty()) return std::nullopt;
        return pqxx::binarystring(rows[0][0]).str();
    });
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
