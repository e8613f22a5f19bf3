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

/// One part of a multipart/form-data body, announced before its bytes.
struct BodyPart {
    std::string name;      // the form field
    std::string filename;  // empty for a plain field
    std::string contentType;
};
/// Receives each part's header; returns false to stop reading.
using PartSink = std::function<bool(const BodyPart&)>;

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
    /// A multipart/form-data body (which readBody refuses): each part's header goes to onPart,
    /// then its bytes to the sink; false when the client broke off. Set by the server only for
    /// multipart requests; may be called once.
    std::function<bool(const PartSink& onPart, const ByteSink& sink)> readParts;

    std::optional<std::string> queryValue(std::string_view name) const;
    std::optional<std::string> header(std::string_view lowerCaseName) const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    /// A body produced while it is sent (CSV exports, server-sent events): called once with a
    /// writer; write() returns false when the client went away. A producer that fails midway
    /// throws: the connection is then closed before the body's end, so the client sees an
    /// incomplete answer instead of a short one that looks whole.
    std::function<void(const ByteSink& write)> stream;
};

/// A JSON response.
HttpResponse jsonResponse(const nlohmann::json& body, int status = 200);

}  // namespace findata::agent
