#pragma once
// The router: every route (see the table in routetable.cpp) states its method, path pattern,
// handler, whether it mutates, whether it is public, the least role it needs and which databases
// it needs. Everything not public requires an API key whose role grants the route's (else 403);
// every mutating call is written to the tenant's audit log (the agent-wide one for an agent
// administrator's); a route
// whose database is known to be down is answered 503 + Retry-After without running; errors from
// any handler become JSON in one place.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/api/http.h"
#include "agent/store/roles.h"
#include "agent/store/tenants.h"

namespace findata::agent {

class Authenticator;
class Database;

/// What a handler gets besides the request: the caller's tenant (absent on public routes and
/// for an agent administrator) and the key's role.
struct RequestContext {
    HttpRequest& request;
    const Tenant* tenant = nullptr;
    std::string actor;  // "api:<key prefix>" ("admin:<key prefix>") for authenticated calls
    /// Set by a handler to put details into the audit entry of a mutating call.
    nlohmann::json audit = nlohmann::json::object();
    Role role = Role::Viewer;  // of the key that authenticated the call
    std::string keyName;

    /// The tenant of an authenticated route (throws 401 if absent, which the router prevents).
    const Tenant& caller() const;
    /// The path parameter i ({…} segments in order).
    const std::string& param(std::size_t i) const { return request.pathParams.at(i); }
};

using Handler = std::function<HttpResponse(RequestContext&)>;

/// The databases a route needs to answer (flags). The warehouse's routes also run on a pool of
/// their own in the HTTP server, so that a stalled ClickHouse cannot hold every worker.
enum class Needs : unsigned {
    Nothing = 0,
    Store = 1,      // PostgreSQL (every authenticated route: the API keys live there)
    Warehouse = 2,  // ClickHouse
    Both = 3,
};
constexpr bool needs(Needs set, Needs one) {
    return (static_cast<unsigned>(set) & static_cast<unsigned>(one)) != 0;
}

/// Seconds an API client is told to wait (Retry-After) when a database is down or slow.
inline constexpr int kRetryAfterSeconds = 5;

struct Route {
    std::string method;   // GET, POST, PATCH, DELETE
    std::string pattern;  // "/api/sync/logs/{id}/" — {name} matches one path segment
    Handler handler;
    bool mutates = false;
    bool isPublic = false;
    std::string summary;                                  // one line for the OpenAPI document
    nlohmann::json parameters = nlohmann::json::array();  // OpenAPI query parameters
    std::string tag;                                      // OpenAPI grouping
    nlohmann::json requestBody;  // OpenAPI requestBody of a JSON body (null: none documented)
    Needs needs = Needs::Store;
    /// A query parameter of seconds (0–60) added to the request's deadline: a long poll's ?wait.
    std::string waitParam;
    /// The least role a key needs (not public routes); a key whose role does not grant it: 403.
    Role role = Role::Admin;
};

/// Whether a database ("postgresql", "clickhouse") answered at the last look.
using DatabaseUp = std::function<bool(const std::string& database)>;

/// Called after every request: the route pattern (or "unmatched"), method, status, duration.
using RequestObserver = std::function<void(const std::string& pattern, const std::string& method,
                                           int status, std::chrono::duration<double> elapsed)>;

class Router final {
public:
    Router(Database& db, Authenticator& authenticator);

    void add(Route route);
    const std::vector<Route>& routes() const { return m_routes; }
    void setObserver(RequestObserver observer) { m_observer = std::move(observer); }
    /// The circuit breaker's source (the supervisor); unset: every database counts as up.
    void setDatabaseState(DatabaseUp up) { m_up = std::move(up); }
    /// The needs of the route `method path` would run (Nothing when none matches).
    Needs needsOf(std::string_view method, std::string_view path) const;
    /// Matches, authenticates, runs the handler, audits, maps errors, observes.
    HttpResponse dispatch(HttpRequest& request);

private:
    Database& m_db;
    Authenticator& m_authenticator;
    std::vector<Route> m_routes;
    RequestObserver m_observer;
    DatabaseUp m_up;

    HttpResponse run(HttpRequest& request, const Route*& matched);
};

/// Splits "/a/b/" into segments and matches a pattern's {…} segments; fills params on success.
bool matchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>& params);

}  // namespace findata::agent
