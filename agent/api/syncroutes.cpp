// /api/sync/…: start a sync, its configurations, its history, one sync with live progress
// (long-polling), its validation findings (paged, filtered, CSV) and its rejected rows.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include <spdlog/spdlog.h>

#include "agent/api/apicontext.h"
#include "agent/api/apierror.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/syncrunner.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/ids.h"
#include "agent/util/logging.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxLogLimit = 200;
constexpr std::int64_t kDefaultLogLimit = 50;
constexpr std::int64_t kMaxPageSize = 1000;
constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxWaitSeconds = 60;
constexpr std::size_t kExportPageRows = 10000;  // rows fetched per query while streaming a CSV
constexpr std::size_t kMaxJsonBody = 64 * 1024;
constexpr auto kPollEvery = std::chrono::milliseconds(200);

constexpr core::ErrorType kErrorTypes[] = {
    core::ErrorType::Required,       core::ErrorType::Type,        core::ErrorType::Range,
    core::ErrorType::Format,         core::ErrorType::Value,       core::ErrorType::Duplicate,
    core::ErrorType::CrossReference, core::ErrorType::Consistency, core::ErrorType::MissingColumn,
    core::ErrorType::UnknownColumn};

// --- parameters ---------------------------------------------------------------------------

[[noreturn]] void badParameter(std::string_view name, const std::string& why) {
    throw ApiError(ApiErrorKind::BadRequest, std::string(name) + ": " + why, {{"parameter", name}});
}

std::string upper(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::optional<std::int64_t> intParameter(const HttpRequest& request, std::string_view name,
                                         std::int64_t min, std::int64_t max) {
    const auto text = request.queryValue(name);
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || error == std::errc::invalid_argument || end != text->data() + text->size())
        badParameter(name, "must be a whole number");
    if (error == std::errc::result_out_of_range || value < min || value > max)
        badParameter(name,
                     "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return value;
}

std::optional<core::LoanType> loanTypeParameter(const HttpRequest& request) {
    const auto text = request.queryValue("loan_type");
    if (!text) return std::nullopt;
    const auto type = core::parseLoanType(*text);
    if (!type) badParameter("loan_type", "must be RETAIL or COMMERCIAL");
    return type;
}

std::optional<core::FileType> fileTypeParameter(const HttpRequest& request) {
    const auto text = request.queryValue("file_type");
    if (!text) return std::nullopt;
    const auto type = core::parseFileType(*text);
    if (!type) badParameter("file_type", "must be credit or payment_plan");
    return type;
}

// A tenant_id naming anyone but the caller is answered as if that tenant did not exist.
void checkTenant(const RequestContext& context, const std::optional<std::string>& tenantId) {
    if (tenantId && *tenantId != context.caller().id)
        throw ApiError(ApiErrorKind::NotFound, "no tenant " + *tenantId);
}

void checkTenantParameter(const RequestContext& context) {
    checkTenant(context, context.request.queryValue("tenant_id"));
}

// The body of a POST/PATCH as a JSON object, read up to a small limit.
json readJsonObject(RequestContext& context) {
    const auto type = context.request.header("content-type");
    if (type && !type->empty() && type->rfind("application/json", 0) != 0)
        throw ApiError(ApiErrorKind::UnsupportedMediaType, "the body must be application/json");
    std::string text;
    bool tooLarge = false;
    if (context.request.readBody)
        context.request.readBody([&](std::string_view bytes) {
            text.append(bytes);
            tooLarge = text.size() > kMaxJsonBody;
            return !tooLarge;
        });
    if (tooLarge)
        throw ApiError(ApiErrorKind::PayloadTooLarge, "the JSON body is too large",
                       {{"max_bytes", kMaxJsonBody}});
    auto body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        throw ApiError(ApiErrorKind::BadRequest, "the body must be a JSON object");
    return body;
}

void refuseUnknownFields(const json& body, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : body.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw ApiError(ApiErrorKind::BadRequest, "unknown field '" + key + "'",
                           {{"field", key}});
    }
}

[[noreturn]] void badField(const std::string& name, const std::string& why) {
    throw ApiError(ApiErrorKind::BadRequest, name + ": " + why, {{"field", name}});
}

std::optional<std::int64_t> intField(const json& body, const std::string& name, std::int64_t min,
                                     std::int64_t max) {
    const auto it = body.find(name);
    if (it == body.end()) return std::nullopt;
    if (!it->is_number_integer()) badField(name, "must be a whole number");
    const bool inRange = it->is_number_unsigned()
                             ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(max) &&
                                   it->get<std::uint64_t>() >= static_cast<std::uint64_t>(min)
                             : it->get<std::int64_t>() >= min && it->get<std::int64_t>() <= max;
    if (!inRange)
        badField(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return it->get<std::int64_t>();
}

// --- lookups in the caller's schema -------------------------------------------------------

// A malformed id and another tenant's id answer exactly like a missing one.
SyncLog syncLogOrNotFound(Database& db, const Tenant& tenant, const std::string& id) {
    std::optional<SyncLog> log;
    if (isUuid(id)) log = SyncLogRepository(db, tenant.schema).find(id);
    if (!log) throw ApiError(ApiErrorKind::NotFound, "no sync log " + id);
    return *log;
}

SyncConfig configOrNotFound(Database& db, const Tenant& tenant, const std::string& id) {
    int number = 0;
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), number);
    std::optional<SyncConfig> config;
    if (!id.empty() && error == std::errc() && end == id.data() + id.size() && number > 0)
        config = SyncConfigRepository(db, tenant.schema).getById(number);
    if (!config) throw ApiError(ApiErrorKind::NotFound, "no sync config " + id);
    return *config;
}

std::uint64_t countSyncLogs(Database& db, const Tenant& tenant,
                            std::optional<core::LoanType> loanType) {
    const auto table = qualifiedTable(tenant.schema, "sync_logs");
    std::optional<std::string> type;
    if (loanType) type = std::string(core::toText(*loanType));
    return db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1(
                "SELECT count(*) FROM " + table + " WHERE ($1::text IS NULL OR loan_type = $1)",
                type)[0]
            .as<std::uint64_t>();
    });
}

// --- OpenAPI parameter objects ------------------------------------------------------------

json parameter(std::string name, std::string type, std::string description,
               json extraSchema = json::object()) {
    json schema = {{"type", std::move(type)}};
    schema.update(extraSchema);
    return {{"name", std::move(name)},
            {"in", "query"},
            {"required", false},
            {"schema", std::move(schema)},
            {"description", std::move(description)}};
}

json tenantParameter() {
    return parameter("tenant_id", "string",
                     "the caller's own tenant id (optional; any other answers 404)");
}

json loanTypeParameterDoc() {
    return parameter("loan_type", "string", "RETAIL or COMMERCIAL",
                     {{"enum", {"RETAIL", "COMMERCIAL"}}});
}

json fileTypeParameterDoc() {
    return parameter("file_type", "string", "credit or payment_plan",
                     {{"enum", {"credit", "payment_plan"}}});
}

// --- handlers -----------------------------------------------------------------------------

HttpResponse startSync(ApiContext& api, RequestContext& context) {
    const auto body = readJsonObject(context);
    refuseUnknownFields(body, {"tenant_id", "loan_type"});
    if (const auto it = body.find("tenant_id"); it != body.end()) {
        if (!it->is_string()) badField("tenant_id", "must be a string");
        checkTenant(context, it->get<std::string>());
    }
    const auto it = body.find("loan_type");
    if (it == body.end()) badField("loan_type", "is required (RETAIL or COMMERCIAL)");
    if (!it->is_string()) badField("loan_type", "must be RETAIL or COMMERCIAL");
    const auto loanType = core::parseLoanType(it->get<std::string>());
    if (!loanType) badField("loan_type", "must be RETAIL or COMMERCIAL");

    const auto& tenant = context.caller();
    std::string syncId;
    try {
        syncId = api.syncRunner.start(
            SyncRequest{tenant.id, *loanType, SyncTrigger::Manual, context.actor});
    } catch (const SyncBusy& e) {
        json details = {{"running_sync_id", nullptr}};
        if (!e.runningSyncId().empty()) {
            details["running_sync_id"] = e.runningSyncId();
            details["status_url"] = syncLogPath(e.runningSyncId());
        }
        throw ApiError(ApiErrorKind::Conflict, e.what(), details);
    } catch (const NothingStaged& e) {
        throw ApiError(ApiErrorKind::Unprocessable, e.what(),
                       {{"loan_type", core::toText(*loanType)}});
    }
    context.audit = {{"sync_id", syncId}, {"loan_type", core::toText(*loanType)}};
    auto response = jsonResponse({{"sync_id", syncId},
                                  {"status_url", syncLogPath(syncId)},
                                  {"loan_type", core::toText(*loanType)},
                                  {"status", toText(SyncStatus::Started)}},
                                 202);
    response.headers.emplace_back("Location", syncLogPath(syncId));
    return response;
}

HttpResponse listConfigs(ApiContext& api, RequestContext& context) {
    checkTenantParameter(context);
    json items = json::array();
    for (const auto& config :
         SyncConfigRepository(api.services.database(), context.caller().schema).list())
        items.push_back(toJson(config));
    const auto total = items.size();
    return jsonResponse({{"items", std::move(items)}, {"total", total}});
}

HttpResponse getConfig(ApiContext& api, RequestContext& context) {
    checkTenantParameter(context);
    return jsonResponse(
        toJson(configOrNotFound(api.services.database(), context.caller(), context.param(0))));
}

HttpResponse patchConfig(ApiContext& api, RequestContext& context) {
    checkTenantParameter(context);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto config = configOrNotFound(db, tenant, context.param(0));
    const auto body = readJsonObject(context);
    refuseUnknownFields(body, {"enabled", "interval_seconds", "reject_threshold", "max_retries",
                               "retry_delay_seconds"});
    SyncConfigChange change;
    if (const auto it = body.find("enabled"); it != body.end()) {
        if (!it->is_boolean()) badField("enabled", "must be true or false");
        change.enabled = it->get<bool>();
    }
    if (const auto v = intField(body, "interval_seconds", 1, 31 * 86400))
        change.interval = std::chrono::seconds(*v);
    if (const auto it = body.find("reject_threshold"); it != body.end()) {
        if (!it->is_number()) badField("reject_threshold", "must be a number between 0 and 1");
        const double value = it->get<double>();
        if (!std::isfinite(value) || value < 0.0 || value > 1.0)
            badField("reject_threshold", "must be a number between 0 and 1");
        change.rejectThreshold = value;
    }
    if (const auto v = intField(body, "max_retries", 0, 100))
        change.maxRetries = static_cast<int>(*v);
    if (const auto v = intField(body, "retry_delay_seconds", 0, 86400))
        change.retryDelay = std::chrono::seconds(*v);
    context.audit = {
        {"config_id", config.id}, {"loan_type", core::toText(config.loanType)}, {"changes", body}};
    if (body.empty()) return jsonResponse(toJson(config));
    return jsonResponse(
        toJson(SyncConfigRepository(db, tenant.schema).update(config.loanType, change)));
}

HttpResponse listLogs(ApiContext& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto loanType = loanTypeParameter(request);
    const auto limit = intParameter(request, "limit", 1, kMaxLogLimit).value_or(kDefaultLogLimit);
    const auto offset = intParameter(request, "offset", 0, 1'000'000'000).value_or(0);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    json items = json::array();
    for (const auto& log :
         SyncLogRepository(db, tenant.schema)
             .list(loanType, static_cast<std::size_t>(limit), static_cast<std::size_t>(offset)))
        items.push_back(toJson(log));
    return jsonResponse({{"items", std::move(items)},
                         {"total", countSyncLogs(db, tenant, loanType)},
                         {"limit", limit},
                         {"offset", offset}});
}

// With ?wait=N the answer waits (polling the store, holding no connection in between) until the
// status or progress differs from what the client saw, the sync has finished, or N seconds pass.
HttpResponse getLog(ApiContext& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto wait = intParameter(request, "wait", 0, kMaxWaitSeconds).value_or(0);
    std::optional<SyncStatus> sinceStatus;
    if (const auto text = request.queryValue("since_status")) {
        sinceStatus = parseSyncStatus(upper(*text));
        if (!sinceStatus) badParameter("since_status", "is not a sync status");
    }
    const auto sinceProgress =
        intParameter(request, "since_progress", 0, std::numeric_limits<std::int64_t>::max());
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    auto log = syncLogOrNotFound(db, tenant, context.param(0));
    if (wait > 0) {
        const auto status = sinceStatus.value_or(log.status);
        const auto progress =
            sinceProgress ? static_cast<std::uint64_t>(*sinceProgress) : log.progressRows;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
        while (log.status == status && log.progressRows == progress && !isFinal(log.status)) {
            const auto left = deadline - std::chrono::steady_clock::now();
            if (left <= std::chrono::steady_clock::duration::zero()) break;
            std::this_thread::sleep_for(
                std::min<std::chrono::steady_clock::duration>(left, kPollEvery));
            log = syncLogOrNotFound(db, tenant, log.id);
        }
    }
    return jsonResponse(toJson(log));
}

HttpResponse getErrors(ApiContext& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    ValidationErrorFilter filter;
    filter.fileType = fileTypeParameter(request);
    filter.field = request.queryValue("field");
    if (const auto text = request.queryValue("error_type")) {
        const auto wanted = upper(*text);
        for (const auto type : kErrorTypes)
            if (core::toText(type) == wanted) filter.type = type;
        if (!filter.type) badParameter("error_type", "is not an error type (e.g. REQUIRED, TYPE)");
    }
    if (const auto text = request.queryValue("severity")) {
        for (const auto severity : {core::Severity::Error, core::Severity::Warning})
            if (upper(std::string(core::toText(severity))) == upper(*text))
                filter.severity = severity;
        if (!filter.severity) badParameter("severity", "must be error or warning");
    }
    const auto format = request.queryValue("format").value_or("json");
    if (format != "json" && format != "csv") badParameter("format", "must be json or csv");
    const auto page = intParameter(request, "page", 1, 10'000'000).value_or(1);
    const auto pageSize =
        intParameter(request, "page_size", 1, kMaxPageSize).value_or(kDefaultPageSize);

    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(db, tenant, context.param(0));

    if (format == "csv") {
        HttpResponse response;
        response.contentType = "text/csv; charset=utf-8";
        response.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"" + log.id + "-errors.csv\"");
        // Runs after the handler returned: captures copies, never the request.
        response.stream = [&db, schema = tenant.schema, id = log.id,
                           filter](const ByteSink& write) {
            try {
                if (!write(kFindingCsvHeader)) return;
                ValidationErrorRepository repository(db, schema);
                for (std::size_t offset = 0;;) {
                    const auto rows = repository.page(id, filter, offset, kExportPageRows);
                    std::string chunk;
                    for (const auto& row : rows)
                        chunk += findingCsvLine(row);
                    if (!chunk.empty() && !write(chunk)) return;
                    if (rows.size() < kExportPageRows) return;
                    offset += rows.size();
                }
            } catch (const std::exception& e) {
                // Logged with the sync id; the server breaks the body off.
                logger("api")->error("CSV export of the findings of sync {} broke off: {}", id,
                                     e.what());
                throw;
            }
        };
        return response;
    }

    ValidationErrorRepository repository(db, tenant.schema);
    const auto total = repository.count(log.id, filter);
    json items = json::array();
    for (const auto& finding :
         repository.page(log.id, filter, static_cast<std::size_t>((page - 1) * pageSize),
                         static_cast<std::size_t>(pageSize)))
        items.push_back(toJson(finding));
    // Groups of what the filters select, largest first.
    json groups = json::array();
    for (const auto& group : repository.groups(log.id, filter.fileType)) {
        if ((filter.field && group.field != *filter.field) ||
            (filter.type && group.type != *filter.type) ||
            (filter.severity && group.severity != *filter.severity))
            continue;
        groups.push_back(toJson(group));
    }
    const auto pages =
        (total + static_cast<std::uint64_t>(pageSize) - 1) / static_cast<std::uint64_t>(pageSize);
    return jsonResponse({{"sync_id", log.id},
                         {"total", total},
                         {"page", page},
                         {"page_size", pageSize},
                         {"pages", pages},
                         {"items", std::move(items)},
                         {"groups", std::move(groups)}});
}

// The first line of a staged upload (its header) with its line ending, if the file is still
// there; the rest of the file is not read.
std::optional<std::string> headerLine(ApiContext& api, const Tenant& tenant,
                                      const std::optional<std::string>& uploadId) {
    if (!uploadId) return std::nullopt;
    const auto upload = UploadRepository(api.services.database(), tenant.schema).find(*uploadId);
    if (!upload || upload->status == UploadStatus::Deleted) return std::nullopt;
    struct Enough {};
    std::string head;
    try {
        api.services.uploads().read(upload->path, upload->sha256, [&](std::string_view chunk) {
            head.append(chunk.substr(0, std::min<std::size_t>(chunk.size(), 1 << 20)));
            if (head.find('\n') != std::string::npos || head.size() >= (1 << 20)) throw Enough{};
        });
    } catch (const Enough&) {
    } catch (const std::exception& e) {
        logger("api")->warn("header of upload {} unavailable: {}", *uploadId, e.what());
        return std::nullopt;
    }
    const auto newline = head.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    return head.substr(0, newline + 1);
}

HttpResponse getRejected(ApiContext& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto fileType = fileTypeParameter(request);
    const auto format = request.queryValue("format").value_or(fileType ? "raw" : "annotated");
    if (format != "raw" && format != "annotated")
        badParameter("format", "must be raw or annotated");
    if (format == "raw" && !fileType)
        badParameter("format", "raw needs a file_type: each file has its own header");
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(db, tenant, context.param(0));

    std::optional<std::string> header;
    if (format == "raw")
        header = headerLine(
            api, tenant,
            *fileType == core::FileType::Credit ? log.creditUploadId : log.paymentUploadId);
    // Without the original header the raw lines cannot be resubmitted as a file: annotate them.
    const bool raw = header.has_value();
    const auto now = std::chrono::system_clock::now();
    const auto rows = RejectedRowRepository(db, tenant.schema).count(log.id, fileType, now);

    HttpResponse response;
    response.contentType = raw ? "text/csv" : "text/csv; charset=utf-8";
    const std::string name =
        log.id + (fileType ? "-" + std::string(core::toText(*fileType)) : "") + "-rejected.csv";
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    response.headers.emplace_back("X-Findata-Rejected-Format", raw ? "raw" : "annotated");
    response.headers.emplace_back("X-Findata-Rejected-Rows", std::to_string(rows));
    response.stream = [&db, schema = tenant.schema, id = log.id, fileType, header,
                       now](const ByteSink& write) {
        try {
            const std::string ending =
                header && header->size() >= 2 && (*header)[header->size() - 2] == '\r' ? "\r\n"
                                                                                       : "\n";
            if (!write(header ? *header : std::string("file_type;line;reasons;raw\r\n"))) return;
            RejectedRowRepository repository(db, schema);
            for (std::size_t offset = 0;;) {
                const auto rows = repository.page(id, fileType, now, offset, kExportPageRows);
                std::string chunk;
                for (const auto& row : rows) {
                    if (header) {
                        chunk += row.raw;
                        chunk += ending;
                    } else {
                        chunk += core::toText(row.fileType);
                        chunk += ';' + std::to_string(row.line) + ';' + csvField(row.reasons) +
                                 ';' + csvField(row.raw) + "\r\n";
                    }
                }
                if (!chunk.empty() && !write(chunk)) return;
                if (rows.size() < kExportPageRows) return;
                offset += rows.size();
            }
        } catch (const std::exception& e) {
            // Logged with the sync id; the server breaks the body off.
            logger("api")->error("download of the rejected rows of sync {} broke off: {}", id,
                                 e.what());
            throw;
        }
    };
    return response;
}

}  // namespace

void registerSyncRoutes(Router& router, ApiContext& context) {
    auto& api = context;
    const auto bind = [&api](HttpResponse (*handler)(ApiContext&, RequestContext&)) {
        return [&api, handler](RequestContext& request) { return handler(api, request); };
    };
    const json pageParameters = {
        parameter("page", "integer", "page number, from 1", {{"minimum", 1}}),
        parameter("page_size", "integer", "findings per page (default 100, at most 1000)",
                  {{"minimum", 1}, {"maximum", kMaxPageSize}})};

    router.add({"POST", "/api/sync/", bind(startSync), true, false,
                "Start a sync of the staged files of a loan type: body {tenant_id?, loan_type}; "
                "202 with the sync id, 409 while one runs, 422 when nothing is staged",
                json::array(), "sync"});
    router.add({"GET", "/api/sync/configs/", bind(listConfigs), false, false,
                "The sync configurations of both loan types", json::array({tenantParameter()}),
                "sync"});
    router.add({"GET", "/api/sync/configs/{id}/", bind(getConfig), false, false,
                "One sync configuration", json::array({tenantParameter()}), "sync"});
    router.add({"PATCH", "/api/sync/configs/{id}/", bind(patchConfig), true, false,
                "Change a sync configuration: enabled, interval_seconds, reject_threshold, "
                "max_retries, retry_delay_seconds",
                json::array({tenantParameter()}), "sync"});
    router.add({"GET", "/api/sync/logs/", bind(listLogs), false, false,
                "Sync history, newest first, with the total count",
                json::array({tenantParameter(), loanTypeParameterDoc(),
                             parameter("limit", "integer", "at most 200 (default 50)",
                                       {{"minimum", 1}, {"maximum", kMaxLogLimit}}),
                             parameter("offset", "integer", "syncs skipped", {{"minimum", 0}})}),
                "sync"});
    router.add(
        {"GET", "/api/sync/logs/{id}/", bind(getLog), false, false,
         "One sync: stage, rows processed, counts per file, stage timings, error summary; "
         "?wait=N long-polls until it changes",
         json::array({tenantParameter(),
                      parameter("wait", "integer",
                                "seconds (at most 60) to wait for a change of status or progress",
                                {{"minimum", 0}, {"maximum", kMaxWaitSeconds}}),
                      parameter("since_status", "string",
                                "the status the client has seen (default: the current one)"),
                      parameter("since_progress", "integer",
                                "the progress_rows the client has seen (default: the current one)",
                                {{"minimum", 0}})}),
         "sync"});
    json errorParameters = json::array(
        {tenantParameter(), fileTypeParameterDoc(),
         parameter("field", "string", "only findings of this field (exact name)"),
         parameter("error_type", "string", "only this error type, e.g. REQUIRED, TYPE, RANGE"),
         parameter("severity", "string", "error or warning", {{"enum", {"error", "warning"}}}),
         parameter("format", "string", "json (paged) or csv (every matching finding, streamed)",
                   {{"enum", {"json", "csv"}}})});
    for (const auto& p : pageParameters)
        errorParameters.push_back(p);
    router.add({"GET", "/api/sync/logs/{id}/errors/", bind(getErrors), false, false,
                "The validation findings of a sync: paged, filtered, grouped; or all as CSV",
                errorParameters, "sync"});
    router.add({"GET", "/api/sync/logs/{id}/rejected/", bind(getRejected), false, false,
                "The rejected rows of a sync (kept 72 h) as CSV: a file's original header and "
                "lines to fix and resubmit, or annotated file_type;line;reasons;raw rows",
                json::array({tenantParameter(), fileTypeParameterDoc(),
                             parameter("format", "string",
                                       "raw (needs file_type; the default with it) or annotated",
                                       {{"enum", {"raw", "annotated"}}})}),
                "sync"});
}

}  // namespace findata::agent
