// The caller's own tenant: see tenantroutes.h.

#include "agent/api/tenantroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/util/logging.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent::tenant {
namespace {

using nlohmann::json;

// Read fresh rather than from the authenticator's cache, so a rotation shows at once.
Tenant currentTenant(Database& db, const Tenant& caller) {
    auto tenant = TenantRepository(db).find(caller.id);
    if (!tenant) throw ApiError(ApiErrorKind::NotFound, "no tenant '" + caller.id + "'");
    return *tenant;
}

// Live rows per loan type and file type; null when the warehouse cannot answer, so "who am I"
// still works while ClickHouse is down.
json liveRows(Database& db, Warehouse& warehouse, const Tenant& tenant) {
    json rows = json::object();
    const auto live = LiveBatchRepository(db, tenant.schema).load();
    try {
        for (const auto& [which, count] : warehouse.liveRowCounts(tenant.warehouseDatabase, live))
            rows[std::string(core::toText(which.second))][std::string(core::toText(which.first))] =
                count;
    } catch (const WarehouseError& e) {
        logger("api")->warn("tenant {}: live row counts unavailable: {}", tenant.id, e.what());
        return nullptr;
    }
    return rows;
}

}  // namespace

HttpResponse getTenant(Api& api, RequestContext& context) {
    auto& db = api.services.database();
    const Tenant tenant = currentTenant(db, context.caller());
    const json counts = {
        {"uploads_staged", UploadRepository(db, tenant.schema).count({}, UploadStatus::Staged)},
        {"syncs", SyncLogRepository(db, tenant.schema).count()},
        {"live_rows", liveRows(db, api.services.warehouse(), tenant)}};
    return jsonResponse({{"id", tenant.id},
                         {"name", tenant.name},
                         {"key_prefix", tenant.keyPrefix},
                         {"active", tenant.active},
                         {"created_at", isoTimestamp(tenant.createdAt)},
                         {"warehouse_database", tenant.warehouseDatabase},
                         {"counts", counts}});
}

HttpResponse rotateKey(Api& api, RequestContext& context) {
    auto& db = api.services.database();
    const Tenant& caller = context.caller();
    const std::string key = TenantRepository(db).rotateKey(caller.id);
    // The old key must fail from the very next request, cached or not.
    api.authenticator.forget(caller.id);
    const Tenant tenant = currentTenant(db, caller);
    // The audit entry names the prefixes only; the key itself is never stored.
    context.audit = {{"old_key_prefix", caller.keyPrefix}, {"new_key_prefix", tenant.keyPrefix}};
    logger("api")->info("tenant {}: API key rotated ({} → {})", tenant.id, caller.keyPrefix,
                        tenant.keyPrefix);
    auto response = jsonResponse(
        {{"tenant_id", tenant.id}, {"api_key", key}, {"key_prefix", tenant.keyPrefix}}, 200);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

}  // namespace findata::agent::tenant
