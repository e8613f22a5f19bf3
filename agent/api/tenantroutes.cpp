// The caller's own tenant: see tenantroutes.h.

#include "agent/api/tenantroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/keyrepository.h"
#include "agent/store/livebatches.h"
#include "agent/store/rejectedreview.h"
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
        // Rejected rows of the live data nobody has corrected or dismissed yet.
        {"rejected_open", RejectedReview(db, tenant.schema).openTotal()},
        {"live_rows", liveRows(db, api.services.warehouse(), tenant)}};
    return jsonResponse({{"id", tenant.id},
                         {"name", tenant.name},
                         {"key_prefix", context.caller().keyPrefix},
                         {"key_name", context.keyName},
                         {"role", toText(context.role)},
                         {"active", tenant.active},
                         {"created_at", isoTimestamp(tenant.createdAt)},
                         {"warehouse_database", tenant.warehouseDatabase},
                         {"counts", counts}});
}

HttpResponse rotateKey(Api& api, RequestContext& context) {
    auto& db = api.services.database();
    const Tenant& caller = context.caller();
    // The caller's own key is replaced, keeping its name, role and expiry.
    const auto created = KeyRepository(db).rotate(caller.keyPrefix);
    // The old key must fail from the very next request, cached or not.
    api.authenticator.forgetKey(caller.keyPrefix);
    // The audit entry names the prefixes only; the key itself is never stored.
    context.audit = {{"old_key_prefix", caller.keyPrefix},
                     {"new_key_prefix", created.info.prefix},
                     {"key_name", created.info.name}};
    logger("api")->info("tenant {}: API key '{}' rotated ({} → {})", caller.id, created.info.name,
                        caller.keyPrefix, created.info.prefix);
    auto response = jsonResponse({{"tenant_id", caller.id},
                                  {"api_key", created.key},
                                  {"key_prefix", created.info.prefix},
                                  {"key_name", created.info.name},
                                  {"role", toText(created.info.role)}},
                                 200);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

}  // namespace findata::agent::tenant
