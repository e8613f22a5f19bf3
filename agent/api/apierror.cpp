#include "agent/api/apierror.h"

#include <spdlog/spdlog.h>

#include "agent/api/router.h"
#include "agent/store/database.h"
#include "agent/sync/syncrunner.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/diskspace.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"

namespace findata::agent {

int httpStatus(ApiErrorKind kind) {
    switch (kind) {
        case ApiErrorKind::BadRequest:
            return 400;
        case ApiErrorKind::Unauthorized:
            return 401;
        case ApiErrorKind::Forbidden:
            return 403;
        case ApiErrorKind::NotFound:
            return 404;
        case ApiErrorKind::MethodNotAllowed:
            return 405;
        case ApiErrorKind::Conflict:
            return 409;
        case ApiErrorKind::PayloadTooLarge:
            return 413;
        case ApiErrorKind::UnsupportedMediaType:
            return 415;
        case ApiErrorKind::Unprocessable:
            return 422;
        case ApiErrorKind::TooManyRequests:
            return 429;
        case ApiErrorKind::Internal:
            return 500;
        case ApiErrorKind::Unavailable:
            return 503;
        case ApiErrorKind::InsufficientStorage:
            return 507;
    }
    return 500;
}

std::string_view errorCode(ApiErrorKind kind) {
    switch (kind) {
        case ApiErrorKind::BadRequest:
            return "bad_request";
        case ApiErrorKind::Unauthorized:
            return "unauthorized";
        case ApiErrorKind::Forbidden:
            return "forbidden";
        case ApiErrorKind::NotFound:
            return "not_found";
        case ApiErrorKind::MethodNotAllowed:
            return "method_not_allowed";
        case ApiErrorKind::Conflict:
            return "conflict";
        case ApiErrorKind::PayloadTooLarge:
            return "payload_too_large";
        case ApiErrorKind::UnsupportedMediaType:
            return "unsupported_media_type";
        case ApiErrorKind::Unprocessable:
            return "unprocessable";
        case ApiErrorKind::TooManyRequests:
            return "too_many_requests";
        case ApiErrorKind::Internal:
            return "internal";
        case ApiErrorKind::Unavailable:
            return "unavailable";
        case ApiErrorKind::InsufficientStorage:
            return "insufficient_storage";
    }
    return "internal";
}

HttpResponse errorResponse(const ApiError& error) {
    auto response = jsonResponse({{"error",
                                   {{"code", errorCode(error.kind())},
                                    {"message", error.what()},
                                    {"details", error.details()}}}},
                                 httpStatus(error.kind()));
    // 429 and 503 say when to come back, in the header clients and proxies understand.
    if (const auto it = error.details().find("retry_after_seconds");
        it != error.details().end() && it->is_number_integer())
        response.headers.emplace_back("Retry-After", std::to_string(it->get<long long>()));
    return response;
}

HttpResponse errorResponse(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ApiError& e) {
        return errorResponse(e);
    } catch (const StoreError& e) {
        switch (e.kind()) {
            case StoreError::Kind::NotFound:
                return errorResponse(ApiError(ApiErrorKind::NotFound, e.what()));
            case StoreError::Kind::Conflict:
                return errorResponse(ApiError(ApiErrorKind::Conflict, e.what()));
            case StoreError::Kind::Invalid:
                return errorResponse(ApiError(ApiErrorKind::BadRequest, e.what()));
            case StoreError::Kind::Unavailable:
                logger("api")->warn("store unavailable: {}", e.what());
                return errorResponse(ApiError(
                    ApiErrorKind::Unavailable, "the operational store (PostgreSQL) is unavailable",
                    {{"database", "postgresql"}, {"retry_after_seconds", kRetryAfterSeconds}}));
            case StoreError::Kind::Internal:
                break;
        }
        logger("api")->error("store error: {}", e.what());
    } catch (const ShuttingDown& e) {
        return errorResponse(ApiError(ApiErrorKind::Unavailable, e.what()));
    } catch (const InsufficientDisk& e) {
        return errorResponse(ApiError(ApiErrorKind::InsufficientStorage, e.what(),
                                      {{"path", e.status().path.string()},
                                       {"free_bytes", e.status().freeBytes},
                                       {"reserve_bytes", e.status().reserveBytes},
                                       {"needed_bytes", e.neededBytes()}}));
    } catch (const UploadTooLarge& e) {
        return errorResponse(
            ApiError(ApiErrorKind::PayloadTooLarge, e.what(), {{"max_bytes", e.maxBytes()}}));
    } catch (const WarehouseUnavailable& e) {
        // Its message names no SQL: the deadline, the departed client or the known outage.
        return errorResponse(
            ApiError(ApiErrorKind::Unavailable, e.what(),
                     {{"database", "clickhouse"}, {"retry_after_seconds", kRetryAfterSeconds}}));
    } catch (const WarehouseError& e) {
        logger("api")->error("warehouse error: {}", e.what());
        return errorResponse(
            ApiError(ApiErrorKind::Unavailable, "the warehouse (ClickHouse) is unavailable",
                     {{"database", "clickhouse"}, {"retry_after_seconds", kRetryAfterSeconds}}));
    } catch (const std::exception& e) {
        logger("api")->error("unexpected error: {}", e.what());
    } catch (...) {
        logger("api")->error("unexpected non-standard exception");
    }
    return errorResponse(ApiError(ApiErrorKind::Internal, "internal error"));
}

}  // namespace findata::agent
