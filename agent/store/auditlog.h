#pragma once
// The audit log of one tenant: who did what, when.

#include "agent/store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

struct AuditEntry {
    std::int64_t id = 0;
    Timestamp at;
    std::string actor;   // "api:<key prefix>", "cli", "scheduler"
    std::string action;  // "upload.create", "sync.start", "key.rotate", …
    nlohmann::json details = nlohmann::json::object();
};

/// Appends to and reads the audit_log table of one tenant schema. Entries are never updated.
class AuditLog final {
public:
    AuditLog(Database& db, std::string_view schema);

    /// Appends an entry; `details` is stored as jsonb (never put secrets in it).
    void record(std::string_view actor, std::string_view action,
                const nlohmann::json& details = nlohmann::json::object());
    /// Newest first.
    std::vector<AuditEntry> list(std::size_t limit = 100, std::size_t offset = 0);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
