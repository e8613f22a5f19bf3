#include "agent/store/auditlog.h"

namespace findata::agent {

AuditLog::AuditLog(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "audit_log")) {}

void AuditLog::record(std::string_view actor, std::string_view action,
                      const nlohmann::json& details) {
    if (action.empty()) throw StoreError(StoreError::Kind::Invalid, "audit action is empty");
    // Replacing invalid UTF-8 keeps dump() from throwing on bytes quoted from a bank's file.
    const std::string json = details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params0("INSERT INTO " + m_table + " (actor, action, details) VALUES ($1, $2, $3)",
                        toValidUtf8(actor), toValidUtf8(action), json);
    });
}

std::vector<AuditEntry> AuditLog::list(std::size_t limit, std::size_t offset) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<AuditEntry> entries;
        for (const auto& row : tx.exec_params(
                 "SELECT id, " + epochMicrosSql("at") + ", actor, action, details::text FROM " +
                     m_table + " ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2",
                 static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset))) {
            AuditEntry e;
            e.id = row[0].as<std::int64_t>();
            e.at = fromMicros(row[1].as<std::int64_t>());
            e.actor = row[2].as<std::string>();
            e.action = row[3].as<std::string>();
            e.details = nlohmann::json::parse(row[4].as<std::string>());
            entries.push_back(std::move(e));
        }
        return entries;
    });
}

}  // namespace findata::agent
