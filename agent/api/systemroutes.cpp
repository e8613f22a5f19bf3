// Public system endpoints: see systemroutes.h.

#include "agent/api/systemroutes.h"

#include <openssl/crypto.h>

#include "agent/api/apierror.h"
#include "agent/api/openapi.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/embedded/supervisor.h"
#include "agent/metrics/metrics.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/util/diskspace.h"
#include "agent/warehouse/clickhouseclient.h"

namespace findata::agent::system {

namespace {

// The JSON key of each watched database in the health answer.
std::string healthKey(const std::string& name) {
    return name == "postgresql" ? "postgres" : name;
}

// Compares in constant time, so the answer's timing does not reveal a prefix of the token.
bool sameSecret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

HttpResponse health(Api& api, RequestContext&) {
    nlohmann::json body = {{"agent", {{"status", "ok"}, {"version", FINDATA_VERSION}}}};
    bool healthy = true;
    if (api.supervisor) {
        // From the supervisor's last look (every second): answers at once even while a
        // database is down or stalled.
        for (const auto& state : api.supervisor->states()) {
            nlohmann::json part = {{"status", state.up ? "ok" : "down"},
                                   {"since", isoTimestamp(state.since)}};
            if (!state.up) part["reason"] = state.reason;
            if (state.embedded) part["restarts"] = state.restarts;
            body[healthKey(state.name)] = part;
            healthy = healthy && state.up;
        }
    } else {
        auto& services = api.services;
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
    }
    if (api.disk) {
        // Below the reserve, uploads are refused and syncs do not start: degraded.
        try {
            const DiskStatus disk = api.disk->status();
            body["disk"] = {{"path", disk.path.string()},
                            {"free_bytes", disk.freeBytes},
                            {"total_bytes", disk.totalBytes},
                            {"reserve_bytes", disk.reserveBytes},
                            {"status", disk.low() ? "low" : "ok"}};
            healthy = healthy && !disk.low();
        } catch (const std::exception& e) {
            body["disk"] = {{"path", api.disk->directory().string()},
                            {"status", "unknown"},
                            {"reason", e.what()}};
            healthy = false;
        }
    }
    body["status"] = healthy ? "ok" : "degraded";
    return jsonResponse(body, healthy ? 200 : 503);
}

HttpResponse metrics(Api& api, RequestContext& context) {
    // The figures name every tenant: only the configured scraper may read them.
    constexpr std::string_view kScheme = "Bearer ";
    const auto header = context.request.header("authorization");
    const bool authorised =
        !api.metricsToken.empty() && header && header->size() > kScheme.size() &&
        header->compare(0, kScheme.size(), kScheme) == 0 &&
        sameSecret(std::string_view(*header).substr(kScheme.size()), api.metricsToken);
    if (!authorised) {
        auto refused =
            errorResponse(ApiError(ApiErrorKind::Unauthorized,
                                   "the metrics need 'Authorization: Bearer <token>' (the token "
                                   "is in the agent's metrics token file)"));
        refused.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"findata metrics\"");
        return refused;
    }
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    response.body = api.metrics.exposition();
    return response;
}

HttpResponse openApi(Api& api, RequestContext&) {
    return jsonResponse(openApiDocument(api.router));
}

}  // namespace findata::agent::system
