#pragma once
// The agent-wide audit log: what agent administrators (API or CLI) did to tenants and
// credentials. It has the shape of a tenant's audit_log and lives in the public schema.

#include "agent/store/auditlog.h"

namespace findata::agent {

inline AuditLog agentAuditLog(Database& db) {
    return AuditLog(db, "public");
}

}  // namespace findata::agent
