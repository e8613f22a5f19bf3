// The caller's own tenant: who am I (with counts of its uploads, syncs and live rows) and API key
// rotation. A key only ever sees its own tenant, so neither route takes a tenant id.

#include <spdlog/spdlog.h>

#include "agent/api/apicontext.h"
#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/util/logging.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

using nlohmann::json;

// Read fresh rather than from the authenticator's cache, so a rotation shows at once.
Tenant currentTenant(Database& db, const Tenant& caller) {
    auto tenant = TenantRepository(db).find(caller.id);
    if (!tenant) throw ApiError(ApiErrorKind::NotFound, "no tenant " + caller.id);
    return *tenant;
}

json storeCounts(Database& db, const Tenant& tenant) {
    const auto [uploads, syncs] = db.transact([&](pqxx::work& tx) {
        const auto u = tx.exec1("SELECT count(*) FILTER (WHERE status = 'STAGED') FROM " +
                                qualifiedTable(tenant.schema, "uploads"));
        const auto s =
            tx.exec1("SELECT count(*) FROM " + qualifiedTable(tenant.schema, "sync_logs"));
        return std::pair{u[0].as<std::uint64_t>(), s[0].as<std::uint64_t>()};
    });
    return {{"uploads_staged", uploads}, {"syncs", syncs}};
}

// Live rows per loan type and file type; null when the warehouse cannot answer, so "who am I"
// still works while ClickHouse is down.
json liveRows(Warehouse& warehouse, const Tenant& tenant) {
    json rows = json::object();
    try {
        for (const auto& [which, count] : warehouse.liveRowCounts(tenant.warehouseDatabase))
            rows[std::string(core::toText(which.second))][std::string(core::toText(which.first))] =
                count;
    } catch (const WarehouseError& e) {
        logger("api")->warn("tenant {}: live row counts unavailable: {}", tenant.id, e.what());
        return nullptr;
    }
    return rows;
}

}  // namespace

void registerTenantRoutes(Router& router, ApiContext& context) {
    router.add({"GET", "/api/tenant/",
                [&context](RequestContext& request) {
                    auto& services = context.services;
                    const Tenant tenant = currentTenant(services.database(), request.caller());
                    json counts = storeCounts(services.database(), tenant);
                    counts["live_rows"] = liveRows(services.warehouse(), tenant);
                    return jsonResponse({{"id", tenant.id},
                                         {"name", tenant.name},
                                         {"key_prefix", tenant.keyPrefix},
                                         {"active", tenant.active},
                                         {"created_at", isoTimestamp(tenant.createdAt)},
                                         {"warehouse_database", tenant.warehouseDatabase},
                                         {"counts", counts}});
                },
                false, false,
                "The caller's tenant: id, name, key prefix, warehouse database, counts of "
                "staged uploads, syncs and live rows per loan type and file type",
                json::array(), "tenant"});

    router.add(
        {"POST", "/api/tenant/rotate-key/",
         [&context](RequestContext& request) {
             auto& db = context.services.database();
             const Tenant& caller = request.caller();
             const std::string key = TenantRepository(db).rotateKey(caller.id);
             // The old key must fail from the very next request, cached or not.
             context.authenticator.forget(caller.id);
             const Tenant tenant = currentTenant(db, caller);
             // The audit entry names the prefixes only; the key itself is never stored.
             request.audit = {{"old_key_prefix", caller.keyPrefix},
                              {"new_key_prefix", tenant.keyPrefix}};
             logger("api")->info("tenant {}: API key rotated ({} → {})", tenant.id,
                                 caller.keyPrefix, tenant.keyPrefix);
             auto response = jsonResponse(
                 {{"tenant_id", tenant.id}, {"api_key", key}, {"key_prefix", tenant.keyPrefix}},
                 200);
             response.headers.emplace_back("Cache-Control", "no-store");
             return response;
         },
         true, false,
         "Replaces the caller's API key: the new key is shown only in this answer and "
         "the old one stops working at once",
         json::array(), "tenant"});
}

}  // namespace findata::agent
