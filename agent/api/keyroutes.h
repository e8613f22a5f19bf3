#pragma once
// /api/keys/: a tenant's named API keys, for its admins — list them (never their secrets),
// create one with a role and an optional expiry (its secret is in that answer only), revoke one
// (refused from the very next request).

#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"
#include "agent/store/keyrepository.h"
#include "agent/store/roles.h"

namespace findata::agent::keys {

RouteHandler listKeys, createKey, revokeKey;

inline constexpr Param kName =
    text("name", "the key's name, unique among the active keys").mandatory();
inline constexpr Param kRole = choice("role", kTenantRoleNames,
                                      "viewer (reads), operator (also uploads, syncs, configs) "
                                      "or admin (also the tenant's keys)")
                                   .mandatory();
inline constexpr Param kExpiresInDays =
    integer("expires_in_days", 1, 3650, {}, "days until the key stops working (none: never)");
inline const std::vector<Param> kCreateBody = {kName, kRole, kExpiresInDays};

/// The role field of a key's JSON body (400 unless viewer, operator or admin).
Role fieldRole(const nlohmann::json& body);

/// A key as the API shows it (no secret): prefix, name, role, tenant, times.
nlohmann::json keyJson(const ApiKeyInfo& key);

}  // namespace findata::agent::keys
