// Public system endpoints: see systemroutes.h.

#include "agent/api/systemroutes.h"

#include "agent/api/openapi.h"
#include "agent/api/router.h"
#include "agent/metrics/metrics.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/warehouse/clickhouseclient.h"

namespace findata::agent::system {

HttpResponse health(Api& api, RequestContext&) {
    auto& services = api.services;
    nlohmann::json body = {{"agent", {{"status", "ok"}, {"version", FINDATA_VERSION}}}};
    bool healthy = true;
    try {
        services.database().ping();
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
}

HttpResponse metrics(Api& api, RequestContext&) {
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    response.body = api.metrics.exposition();
    return response;
}

HttpResponse openApi(Api& api, RequestContext&) {
    return jsonResponse(openApiDocument(api.router));
}

}  // namespace findata::agent::system
