// Public system endpoints: health (agent, PostgreSQL, ClickHouse), Prometheus metrics and the
// OpenAPI document.

#include "agent/api/apicontext.h"
#include "agent/api/openapi.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/metrics/metrics.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/warehouse/clickhouseclient.h"

namespace findata::agent {

void registerSystemRoutes(Router& router, ApiContext& context) {
    router.add(
        {"GET",
         "/health",
         [&context](RequestContext&) {
             auto& services = context.services;
             nlohmann::json body = {{"agent", {{"status", "ok"}, {"version", FINDATA_VERSION}}}};
             bool healthy = true;
             try {
                 services.database().transact([](pqxx::work& tx) { tx.exec("SELECT 1"); });
                 body["postgres"] = {{"status", "ok"}};
             } catch (const std::exception& e) {
                 healthy = false;
                 body["postgres"] = {{"status", "down"}, {"error", e.what()}};
             }
             const bool clickhouse = services.clickhouse().ping();
             body["clickhouse"] = {{"status", clickhouse ? "ok" : "down"}};
             healthy = healthy && clickhouse;
             body["status"] = healthy ? "ok" : "degraded";
             return jsonResponse(body, healthy ? 200 : 503);
         },
         false,
         true,
         "Health of the agent, PostgreSQL and ClickHouse",
         {},
         "system"});
    router.add({"GET",
                "/metrics",
                [&context](RequestContext&) {
                    HttpResponse response;
                    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
                    response.body = context.metrics.exposition();
                    return response;
                },
                false,
                true,
                "Prometheus metrics",
                {},
                "system"});
    router.add({"GET",
                "/api/openapi.json",
                [&router](RequestContext&) { return jsonResponse(openApiDocument(router)); },
                false,
                true,
                "This document",
                {},
                "system"});
}

}  // namespace findata::agent
