#pragma once
// The OpenAPI 3 document of the whole API, generated from the route table.

#include <nlohmann/json.hpp>

namespace findata::agent {

class Router;

nlohmann::json openApiDocument(const Router& router);

}  // namespace findata::agent
