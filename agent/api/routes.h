#pragma once
// The API's route table (routetable.cpp) and what its handlers are given. A handler is a named
// function in its resource's file (syncroutes.cpp, dataroutes.cpp, …), declared in that file's
// header; the table states everything else about the route.

#include <string_view>
#include <vector>

#include "agent/api/apicontext.h"
#include "agent/api/http.h"
#include "agent/api/params.h"
#include "agent/api/router.h"

namespace findata::agent {

class DataReads;
class Router;
struct RequestContext;

/// What every handler gets besides the request: the agent's services, the warehouse reads'
/// shared state and the route table itself (for the OpenAPI document).
struct Api : ApiContext {
    DataReads& dataReads;
    const Router& router;
};

/// Every handler's signature; a resource's header declares its handlers with it
/// (`RouteHandler startSync, listLogs;`).
using RouteHandler = HttpResponse(Api& api, RequestContext& context);

/// One line of the route table.
struct RouteEntry {
    std::string_view method;   // GET, POST, PATCH, DELETE
    std::string_view pattern;  // "/api/sync/logs/{id}/" — {name} matches one path segment
    RouteHandler* handler;
    bool mutates = false;   // written to the tenant's audit log
    bool isPublic = false;  // answered without an API key
    std::string_view summary;
    std::vector<Param> params = {};  // query parameters, parsed and documented from these
    std::vector<Param> body = {};    // fields of a JSON body
    std::string_view tag = {};
    /// The databases it needs: while one is down it answers 503 + Retry-After at once; a route
    /// needing the warehouse runs on the server's warehouse pool.
    Needs needs = Needs::Store;
    /// A query parameter (seconds) that extends the request's deadline: a long poll's wait.
    std::string_view waitParam = {};
    /// The least role a key needs (not public routes): viewer reads, operator uploads, syncs
    /// and configures, admin manages the tenant's keys; AgentAdmin: the agent-wide credential.
    /// A route that does not say is admin-only.
    Role role = Role::Admin;
};

/// Every route of the API, in the order the OpenAPI document lists them.
const std::vector<RouteEntry>& routeTable();

}  // namespace findata::agent
