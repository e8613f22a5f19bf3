#include "agent/api/openapi.h"

#include "agent/api/router.h"

namespace findata::agent {

nlohmann::json openApiDocument(const Router& router) {
    nlohmann::json paths = nlohmann::json::object();
    for (const auto& route : router.routes()) {
        std::string method = route.method;
        for (auto& c : method)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        paths[route.pattern][method] = {{"summary", route.summary}};
    }
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "findata agent API"}, {"version", FINDATA_VERSION}}},
            {"paths", paths}};
}

}  // namespace findata::agent
