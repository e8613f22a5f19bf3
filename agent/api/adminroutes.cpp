// /api/admin/…: see adminroutes.h.

#include "agent/api/adminroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/api/keyroutes.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/agentaudit.h"
#include "agent/store/keyrepository.h"
#include "agent/store/tenants.h"
#include "agent/util/logging.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent::admin {
namespace {

using nlohmann::json;

json tenantJson(const Tenant& t) {
    return {{"id", t.id},
            {"name", t.name},
            {"active", t.active},
            {"created_at", isoTimestamp(t.createdAt)},
            {"warehouse_database", t.warehouseDatabase}};
}

Tenant findTenant(Database& db, const std::string& id) {
    auto tenant = TenantRepository(db).find(id);
    if (!tenant) throw ApiError(ApiErrorKind::NotFound, "no tenant '" + id + "'");
    return *tenant;
}

json auditJson(const AuditEntry& e) {
    return {{"id", e.id},
            {"at", isoTimestamp(e.at)},
            {"actor", e.actor},
            {"action", e.action},
            {"details", e.details}};
}

}  // namespace

HttpResponse listTenants(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {});
    json tenants = json::array();
    for (const auto& t : TenantRepository(api.services.database()).list())
        tenants.push_back(tenantJson(t));
    return jsonResponse({{"tenants", tenants}});
}

HttpResponse createTenant(Api& api, RequestContext& context) {
    const auto body = readJsonObject(context, kCreateBody);
    const std::string id = *fieldText(body, kId);
    const std::string name = fieldText(body, kName).value_or(id);
    const auto created = TenantRepository(api.services.database()).create(id, name);
    api.services.warehouse().ensureTenant(created.tenant.warehouseDatabase);
    context.audit = {
        {"tenant_id", id}, {"name", created.tenant.name}, {"key_prefix", created.tenant.keyPrefix}};
    logger("api")->info("tenant {} created by {}", id, context.actor);
    json answer = tenantJson(created.tenant);
    answer["api_key"] = created.apiKey;
    answer["key_prefix"] = created.tenant.keyPrefix;
    auto response = jsonResponse(answer, 201);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse getTenant(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {});
    auto& db = api.services.database();
    const Tenant tenant = findTenant(db, context.param(0));
    json answer = tenantJson(tenant);
    json keys = json::array();
    for (const auto& key : KeyRepository(db).list(tenant.id))
        keys.push_back(keys::keyJson(key));
    answer["keys"] = keys;
    return jsonResponse(answer);
}

HttpResponse patchTenant(Api& api, RequestContext& context) {
    const auto body = readJsonObject(context, kPatchBody);
    auto& db = api.services.database();
    const std::string& id = context.param(0);
    Tenant tenant = findTenant(db, id);
    TenantRepository tenants(db);
    json changes = json::object();
    if (const auto name = fieldText(body, kName); name && *name != tenant.name) {
        changes["name"] = {{"from", tenant.name}, {"to", *name}};
        tenant = tenants.rename(id, *name);
    }
    if (const auto active = fieldBool(body, kActive); active && *active != tenant.active) {
        tenants.setActive(id, *active);
        changes["active"] = *active;
        tenant.active = *active;
        logger("api")->info("tenant {} {} by {}", id, *active ? "reactivated" : "deactivated",
                            context.actor);
    }
    // Every key of the tenant is read again at its next request anyway; nothing stale stays.
    api.authenticator.forget(id);
    context.audit = {{"tenant_id", id}, {"changes", changes}};
    return jsonResponse(tenantJson(tenant));
}

HttpResponse createTenantKey(Api& api, RequestContext& context) {
    const auto body = readJsonObject(context, keys::kCreateBody);
    const std::string& id = context.param(0);
    findTenant(api.services.database(), id);
    std::optional<Timestamp> expires;
    if (const auto days = fieldInt(body, keys::kExpiresInDays))
        expires = std::chrono::system_clock::now() + std::chrono::hours(24 * *days);
    const auto created = KeyRepository(api.services.database())
                             .create(id, *fieldText(body, keys::kName), keys::fieldRole(body),
                                     expires, context.actor);
    context.audit = {{"tenant_id", id},
                     {"key_prefix", created.info.prefix},
                     {"key_name", created.info.name},
                     {"role", toText(created.info.role)}};
    json answer = keys::keyJson(created.info);
    answer["api_key"] = created.key;
    auto response = jsonResponse(answer, 201);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

HttpResponse readAudit(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {kAuditTenant, kAuditLimit, kOffset});
    auto& db = api.services.database();
    const auto tenantId = optionalText(context.request, kAuditTenant);
    const auto limit = static_cast<std::size_t>(intOrDefault(context.request, kAuditLimit));
    const auto offset = static_cast<std::size_t>(intOrDefault(context.request, kOffset));
    const auto entries = tenantId
                             ? AuditLog(db, findTenant(db, *tenantId).schema).list(limit, offset)
                             : agentAuditLog(db).list(limit, offset);
    json out = json::array();
    for (const auto& e : entries)
        out.push_back(auditJson(e));
    return jsonResponse(
        {{"tenant_id", tenantId ? json(*tenantId) : json(nullptr)}, {"entries", out}});
}

}  // namespace findata::agent::admin
