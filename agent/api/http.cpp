#include "agent/api/http.h"

namespace findata::agent {

std::optional<std::string> HttpRequest::queryValue(std::string_view name) const {
    const auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> HttpRequest::header(std::string_view lowerCaseName) const {
    const auto it = headers.find(std::string(lowerCaseName));
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

HttpResponse jsonResponse(const nlohmann::json& body, int status) {
    HttpResponse response;
    response.status = status;
    // Text from files and clients may hold invalid UTF-8: U+FFFD, never an exception (a 500).
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace findata::agent
