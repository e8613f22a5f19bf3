#pragma once
// The HTTP request and response the API's handlers see: plain structs of our own, so only
// httpserver.cpp knows the HTTP library.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace findata::agent {

/// Receives body bytes; returns false to stop reading.
using ByteSink = std::function<bool(std::string_view)>;

struct HttpRequest {
    std::string method;  // "GET", "POST", …
    std::string path;    // decoded, without the query string
    std::string remoteAddress;
    std::multimap<std::string, std::string> query;  // decoded parameters
    std::map<std::string, std::string> headers;     // names lower-cased
    std::vector<std::string> pathParams;            // the {…} segments of the matched route
    /// Streams the body to the sink; false when the client broke off. Set by the server; may be
    /// called once.
    std::function<bool(const ByteSink&)> readBody;

    std::optional<std::string> queryValue(std::string_view name) const;
    std::optional<std::string> header(std::string_view lowerCaseName) const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    /// A body produced while it is sent (CSV exports, server-sent events): called once with a
    /// writer; write() returns false when the client went away.
    std::function<void(const ByteSink& write)> stream;
};

/// A JSON response.
HttpResponse jsonResponse(const nlohmann::json& body, int status = 200);

}  // namespace findata::agent
