// /api/keys/: see keyroutes.h.

#include "agent/api/keyroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/keyrepository.h"
#include "agent/util/logging.h"

namespace findata::agent::keys {
namespace {

using nlohmann::json;

json optionalTime(const std::optional<Timestamp>& t) {
    return t ? json(isoTimestamp(*t)) : json(nullptr);
}

}  // namespace

json keyJson(const ApiKeyInfo& key) {
    return {{"prefix", key.prefix},
            {"name", key.name},
            {"role", toText(key.role)},
            {"tenant_id", key.tenantId.empty() ? json(nullptr) : json(key.tenantId)},
            {"created_at", isoTimestamp(key.createdAt)},
            {"created_by", key.createdBy},
            {"last_used_at", optionalTime(key.lastUsedAt)},
            {"expires_at", optionalTime(key.expiresAt)},
            {"revoked_at", optionalTime(key.revokedAt)}};
}

Role fieldRole(const json& body) {
    const auto role = parseRole(*fieldText(body, kRole));
    if (!role || *role == Role::AgentAdmin)
        throw ApiError(ApiErrorKind::BadRequest, "role: must be viewer, operator or admin",
                       {{"field", "role"}});
    return *role;
}

HttpResponse listKeys(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {});
    json keys = json::array();
    for (const auto& key : KeyRepository(api.services.database()).list(context.caller().id)) {
        keys.push_back(keyJson(key));
        keys.back()["current"] = key.prefix == context.caller().keyPrefix;
    }
    return jsonResponse({{"keys", keys}});
}

HttpResponse createKey(Api& api, RequestContext& context) {
    const auto body = readJsonObject(context, kCreateBody);
    const std::string name = *fieldText(body, kName);
    const Role role = fieldRole(body);
    std::optional<Timestamp> expires;
    if (const auto days = fieldInt(body, kExpiresInDays))
        expires = std::chrono::system_clock::now() + std::chrono::hours(24 * *days);
    const auto& tenant = context.caller();
    const auto created = KeyRepository(api.services.database())
                             .create(tenant.id, name, role, expires, context.actor);
    // The audit entry names the key, never its secret.
    context.audit = {{"key_prefix", created.info.prefix},
                     {"key_name", created.info.name},
                     {"role", toText(created.info.role)},
                     {"expires_at", optionalTime(created.info.expiresAt)}};
    logger("api")->info("tenant {}: key {} '{}' ({}) created by {}", tenant.id, created.info.prefix,
                        created.info.name, toText(created.info.role), context.actor);
    json answer = keyJson(created.info);
    answer["api_key"] = created.key;
    auto response = jsonResponse(answer, 201);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse revokeKey(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {});
    const auto& tenant = context.caller();
    const auto revoked = KeyRepository(api.services.database()).revoke(tenant.id, context.param(0));
    api.authenticator.forgetKey(revoked.prefix);
    context.audit = {
        {"key_prefix", revoked.prefix}, {"key_name", revoked.name}, {"role", toText(revoked.role)}};
    logger("api")->info("tenant {}: key {} '{}' revoked by {}", tenant.id, revoked.prefix,
                        revoked.name, context.actor);
    return jsonResponse(keyJson(revoked));
}

}  // namespace findata::agent::keys
