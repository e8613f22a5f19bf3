#pragma once
// /api/admin/…: tenant administration for the agent administrator credential (no shell
// needed) — list and create tenants, rename, deactivate and reactivate one, give a tenant a new
// key (when it lost its admins'), and read the agent-wide audit log or a tenant's.

#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::admin {

RouteHandler listTenants, createTenant, getTenant, patchTenant, createTenantKey, readAudit;

inline constexpr Param kId =
    text("id", "the tenant id: an upper-case letter, then 1 to 30 of A-Z, 0-9, _").mandatory();
inline constexpr Param kName = text("name", "the tenant's display name (1 to 200 characters)");
inline constexpr Param kActive =
    boolean("active",
            "false deactivates the tenant (its keys get 403, its scheduled syncs stop, "
            "its data is kept); true reactivates it");
inline const std::vector<Param> kCreateBody = {kId, kName};
inline const std::vector<Param> kPatchBody = {kName, kActive};

inline constexpr Param kAuditTenant =
    text("tenant_id", "read this tenant's audit log instead of the agent-wide one");
inline constexpr Param kAuditLimit = integer("limit", 1, 500, 100, "entries per answer");

}  // namespace findata::agent::admin
