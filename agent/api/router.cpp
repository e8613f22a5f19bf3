#include "agent/api/router.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/authenticator.h"
#include "agent/store/agentaudit.h"
#include "agent/util/deadline.h"
#include "agent/util/logging.h"

namespace findata::agent {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < path.size()) {
        while (pos < path.size() && path[pos] == '/')
            ++pos;
        const auto end = path.find('/', pos);
        const auto stop = end == std::string_view::npos ? path.size() : end;
        if (stop > pos) out.push_back(path.substr(pos, stop - pos));
        pos = stop;
    }
    return out;
}

// The breaker's answer for a route whose database is known down: before authentication, so it
// says nothing about the caller or the data.
ApiError databaseDown(std::string_view database, std::string_view shown) {
    return ApiError(ApiErrorKind::Unavailable,
                    std::string(shown) + " is down; try again in a few seconds",
                    {{"database", database}, {"retry_after_seconds", kRetryAfterSeconds}});
}

// 403 unless the caller's key may call the route: a clear word on what is missing.
void permit(const Route& route, const Caller& caller) {
    if (grants(caller.role, route.role)) return;
    const std::string key = "key '" + caller.keyName + "' (" + caller.keyPrefix + ")";
    nlohmann::json details = {{"required_role", toText(route.role)},
                              {"key_role", toText(caller.role)}};
    if (route.role == Role::AgentAdmin)
        throw ApiError(ApiErrorKind::Forbidden,
                       route.method + " " + route.pattern +
                           " needs the agent administrator credential; " + key +
                           " is a tenant's key",
                       std::move(details));
    if (caller.role == Role::AgentAdmin)
        throw ApiError(ApiErrorKind::Forbidden,
                       route.method + " " + route.pattern +
                           " acts on a tenant's data and needs one of its keys; the agent "
                           "administrator credential manages tenants only (/api/admin/)",
                       std::move(details));
    throw ApiError(ApiErrorKind::Forbidden,
                   route.method + " " + route.pattern + " needs the " +
                       std::string(toText(route.role)) + " role; " + key + " has the " +
                       std::string(toText(caller.role)) + " role",
                   std::move(details));
}

}  // namespace

const Tenant& RequestContext::caller() const {
    if (!tenant) throw ApiError(ApiErrorKind::Unauthorized, "an API key is required");
    return *tenant;
}

bool matchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>& params) {
    const auto p = segments(pattern);
    const auto s = segments(path);
    if (p.size() != s.size()) return false;
    std::vector<std::string> found;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i].size() >= 2 && p[i].front() == '{' && p[i].back() == '}')
            found.emplace_back(s[i]);
        else if (p[i] != s[i])
            return false;
    }
    params = std::move(found);
    return true;
}

Router::Router(Database& db, Authenticator& authenticator)
    : m_db(db), m_authenticator(authenticator) {}

void Router::add(Route route) {
    m_routes.push_back(std::move(route));
}

Needs Router::needsOf(std::string_view method, std::string_view path) const {
    std::vector<std::string> params;
    for (const auto& route : m_routes)
        if (route.method == method && matchPattern(route.pattern, path, params)) return route.needs;
    return Needs::Nothing;
}

HttpResponse Router::dispatch(HttpRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    const Route* matched = nullptr;
    HttpResponse response;
    try {
        response = run(request, matched);
    } catch (...) {
        response = errorResponse(std::current_exception());
    }
    if (m_observer)
        m_observer(matched ? matched->pattern : "unmatched", request.method, response.status,
                   std::chrono::steady_clock::now() - started);
    return response;
}

HttpResponse Router::run(HttpRequest& request, const Route*& matched) {
    bool pathKnown = false;
    std::vector<std::string> params;
    for (const auto& route : m_routes) {
        if (!matchPattern(route.pattern, request.path, params)) continue;
        pathKnown = true;
        if (route.method == request.method) {
            matched = &route;
            break;
        }
    }
    if (!matched) {
        if (pathKnown)
            throw ApiError(ApiErrorKind::MethodNotAllowed,
                           request.method + " is not allowed on " + request.path);
        throw ApiError(ApiErrorKind::NotFound, "no such endpoint: " + request.path);
    }
    request.pathParams = std::move(params);

    // Fail fast: a database known to be down is not waited for.
    if (m_up) {
        if (needs(matched->needs, Needs::Store) && !m_up("postgresql"))
            throw databaseDown("postgresql", "PostgreSQL");
        if (needs(matched->needs, Needs::Warehouse) && !m_up("clickhouse"))
            throw databaseDown("clickhouse", "ClickHouse");
    }
    // A long poll is given its wait on top of the request's deadline.
    if (auto* deadline = RequestDeadline::current(); deadline && !matched->waitParam.empty())
        if (const auto wait = request.query.find(matched->waitParam); wait != request.query.end())
            try {
                const int seconds = std::stoi(wait->second);
                if (seconds > 0 && seconds <= 60) deadline->extend(std::chrono::seconds(seconds));
            } catch (const std::exception&) {
                // The handler refuses the value.
            }

    RequestContext context{request, nullptr, {}, nlohmann::json::object(), Role::Viewer, {}};
    std::optional<Caller> caller;
    if (!matched->isPublic) {
        caller = m_authenticator.authenticate(request);
        permit(*matched, *caller);
        if (caller->tenant) context.tenant = &*caller->tenant;
        context.role = caller->role;
        context.keyName = caller->keyName;
        context.actor = (caller->tenant ? "api:" : "admin:") + caller->keyPrefix;
    }
    HttpResponse response = matched->handler(context);
    if (matched->mutates && caller && response.status < 400) {
        try {
            nlohmann::json details = context.audit;
            details["status"] = response.status;
            details["path"] = request.path;
            (caller->tenant ? AuditLog(m_db, caller->tenant->schema) : agentAuditLog(m_db))
                .record(context.actor, request.method + " " + matched->pattern, details);
        } catch (const std::exception& e) {
            logger("api")->error("audit entry of {} {} not written: {}", request.method,
                                 request.path, e.what());
        }
    }
    return response;
}

}  // namespace findata::agent
