#pragma once
// API errors: handlers throw ApiError (kind + human message + details); one function turns any
// exception into the HTTP status and the JSON body {"error": {"code", "message", "details"}}.

#include <exception>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/api/http.h"

namespace findata::agent {

enum class ApiErrorKind {
    BadRequest,            // 400 bad_request
    Unauthorized,          // 401 unauthorized
    Forbidden,             // 403 forbidden
    NotFound,              // 404 not_found
    MethodNotAllowed,      // 405 method_not_allowed
    Conflict,              // 409 conflict
    PayloadTooLarge,       // 413 payload_too_large
    UnsupportedMediaType,  // 415 unsupported_media_type
    Unprocessable,         // 422 unprocessable
    TooManyRequests,       // 429 too_many_requests
    Internal,              // 500 internal
    Unavailable,           // 503 unavailable
    InsufficientStorage,   // 507 insufficient_storage
};

class ApiError : public std::runtime_error {
public:
    ApiError(ApiErrorKind kind, const std::string& message,
             nlohmann::json details = nlohmann::json::object())
        : std::runtime_error(message), m_kind(kind), m_details(std::move(details)) {}
    ApiErrorKind kind() const { return m_kind; }
    const nlohmann::json& details() const { return m_details; }

private:
    ApiErrorKind m_kind;
    nlohmann::json m_details;
};

int httpStatus(ApiErrorKind kind);
std::string_view errorCode(ApiErrorKind kind);  // "not_found", …

/// The response for an exception thrown by a handler: ApiError as it says; the stores' errors
/// mapped by their kind (not found, conflict, invalid, unavailable); anything else 500 with a
/// generic message (the details are logged, not sent).
HttpResponse errorResponse(std::exception_ptr error);
HttpResponse errorResponse(const ApiError& error);

}  // namespace findata::agent
