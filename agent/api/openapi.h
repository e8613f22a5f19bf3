#pragma once
// The OpenAPI 3 document of the whole API, generated from the route table: every route's
// operation with its summary, tag, path and query parameters, security and responses, including
// the shared error body {"error": {"code", "message", "details"}}.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace findata::agent {

class Router;
struct Route;

nlohmann::json openApiDocument(const Router& router);

/// The {name} segments of a route pattern, in order ("/api/sync/logs/{id}/" → {"id"}).
std::vector<std::string> pathParameterNames(const std::string& pattern);

/// The error statuses a route can answer (as strings, "400" …), derived from what it is:
/// authenticated, parameterized, mutating, taking a file.
std::vector<std::string> errorStatuses(const Route& route);

}  // namespace findata::agent
