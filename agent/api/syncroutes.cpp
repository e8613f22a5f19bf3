// /api/sync/…: start a sync, its configurations, its history, one sync with live progress
// (long-polling), its validation findings (paged, filtered, CSV) and its rejected rows.

#include "agent/api/syncroutes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

#include "agent/api/apierror.h"
#include "agent/api/evidencehtml.h"
#include "agent/api/rejectedroutes.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/evidence.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/syncrunner.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/ids.h"
#include "agent/util/logging.h"

namespace findata::agent::sync {
namespace {

using nlohmann::json;

constexpr std::size_t kExportPageRows = 10000;  // rows fetched per query while streaming a CSV
constexpr auto kPollEvery = std::chrono::milliseconds(200);

constexpr core::ErrorType kErrorTypes[] = {
    core::ErrorType::Required,       core::ErrorType::Type,        core::ErrorType::Range,
    core::ErrorType::Format,         core::ErrorType::Value,       core::ErrorType::Duplicate,
    core::ErrorType::CrossReference, core::ErrorType::Consistency, core::ErrorType::MissingColumn,
    core::ErrorType::UnknownColumn,  core::ErrorType::RollForward, core::ErrorType::Drift};

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

const std::vector<std::string_view>& errorTypeNames() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto type : kErrorTypes)
            out.push_back(core::toText(type));
        return out;
    }();
    return names;
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

// Streams a CSV export of a sync page by page: `next(rows)` answers the next up to `rows` rows
// as CSV text and how many it read, keeping its own keyset cursor (never an OFFSET, so each
// page is an index seek however deep the export is). A failure midway is logged with the sync
// id and rethrown, so the server breaks the body off.
template <typename Next>
void streamPages(const ByteSink& write, const std::string& head, const std::string& syncId,
                 std::string_view what, Next next) {
    try {
        if (!write(head)) return;
        for (;;) {
            const auto [chunk, rows] = next(kExportPageRows);
            if (!chunk.empty() && !write(chunk)) return;
            if (rows < kExportPageRows) return;
        }
    } catch (const std::exception& e) {
        logger("api")->error("{} of sync {} broke off: {}", what, syncId, e.what());
        throw;
    }
}

}  // namespace

const Param kSinceStatus = choice("since_status", syncStatusNames(),
                                  "the status the client has seen (default: the current one)");
const Param kErrorType =
    choice("error_type", errorTypeNames(), "only this error type, e.g. REQUIRED, TYPE, RANGE");

// --- handlers -----------------------------------------------------------------------------

HttpResponse startSync(Api& api, RequestContext& context) {
    const auto body = readJsonObject(context, kStartBody);
    checkTenant(context, fieldText(body, kTenantId));
    const auto loanType = fieldLoanType(body);
    const auto period = fieldPeriod(body, kSyncPeriod);

    const auto& tenant = context.caller();
    const bool force = fieldBool(body, kForce).value_or(false);
    std::string syncId;
    try {
        syncId = api.syncRunner.start(SyncRequest{tenant.id, loanType, SyncTrigger::Manual,
                                                  context.actor, period.value_or(""), force});
    } catch (const SyncRefused& e) {
        json details = {{"loan_type", core::toText(loanType)}};
        if (e.reason() == SyncRefused::Reason::ConfigDisabled) {
            details["config_disabled"] = true;
            details["config_id"] = e.configId();
        }
        throw ApiError(
            e.reason() == SyncRefused::Reason::ConfigDisabled ? ApiErrorKind::Conflict
                                                              : ApiErrorKind::Forbidden,
            std::string(e.what()) +
                (e.reason() == SyncRefused::Reason::ConfigDisabled ? " (force=true)" : ""),
            details);
    } catch (const SyncBusy& e) {
        json details = {{"running_sync_id", nullptr}};
        if (!e.runningSyncId().empty()) {
            details["running_sync_id"] = e.runningSyncId();
            details["status_url"] = syncLogPath(e.runningSyncId());
        }
        throw ApiError(ApiErrorKind::Conflict, e.what(), details);
    } catch (const NothingStaged& e) {
        throw ApiError(ApiErrorKind::Unprocessable, e.what(),
                       {{"loan_type", core::toText(loanType)},
                        {"period", period ? json(*period) : json(nullptr)}});
    }
    context.audit = {{"sync_id", syncId}, {"loan_type", core::toText(loanType)}};
    if (force) context.audit["force"] = true;
    auto response = jsonResponse({{"sync_id", syncId},
                                  {"status_url", syncLogPath(syncId)},
                                  {"loan_type", core::toText(loanType)},
                                  {"status", toText(SyncStatus::Started)}},
                                 202);
    response.headers.emplace_back("Location", syncLogPath(syncId));
    return response;
}

HttpResponse listConfigs(Api& api, RequestContext& context) {
    checkTenantParameter(context);
    json items = json::array();
    for (const auto& config :
         SyncConfigRepository(api.services.database(), context.caller().schema).list())
        items.push_back(toJson(config));
    const auto total = items.size();
    return jsonResponse({{"items", std::move(items)}, {"total", total}});
}

HttpResponse getConfig(Api& api, RequestContext& context) {
    checkTenantParameter(context);
    return jsonResponse(
        toJson(configOrNotFound(api.services.database(), context.caller(), context.param(0))));
}

HttpResponse patchConfig(Api& api, RequestContext& context) {
    checkTenantParameter(context);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto config = configOrNotFound(db, tenant, context.param(0));
    const auto body = readJsonObject(context, kConfigBody);
    SyncConfigChange change;
    change.enabled = fieldBool(body, kEnabled);
    if (const auto v = fieldInt(body, kIntervalSeconds)) change.interval = std::chrono::seconds(*v);
    change.rejectThreshold = fieldNumber(body, kRejectThreshold);
    if (const auto v = fieldInt(body, kMaxRetries)) change.maxRetries = static_cast<int>(*v);
    if (const auto v = fieldInt(body, kRetryDelaySeconds))
        change.retryDelay = std::chrono::seconds(*v);
    context.audit = {
        {"config_id", config.id}, {"loan_type", core::toText(config.loanType)}, {"changes", body}};
    if (body.empty()) return jsonResponse(toJson(config));
    return jsonResponse(
        toJson(SyncConfigRepository(db, tenant.schema).update(config.loanType, change)));
}

HttpResponse listLogs(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto loanType = optionalLoanType(request);
    const auto limit = intOrDefault(request, kLogLimit);
    const auto offset = intOrDefault(request, kOffset);
    const auto period = optionalPeriod(request, kLogPeriod);
    SyncLogRepository logs(api.services.database(), context.caller().schema);
    json items = json::array();
    for (const auto& log : logs.list(loanType, static_cast<std::size_t>(limit),
                                     static_cast<std::size_t>(offset), period))
        items.push_back(toJson(log));
    rejected::addReview(api.services.database(), context.caller(), items);
    return jsonResponse({{"items", std::move(items)},
                         {"total", logs.count(loanType, period)},
                         {"limit", limit},
                         {"offset", offset}});
}

// With ?wait=N the answer waits (polling the store, holding no connection in between) until the
// status or progress differs from what the client saw, the sync has finished, or N seconds pass.
HttpResponse getLog(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto wait = intOrDefault(request, kWait);
    const auto sinceStatus = optionalEnum(
        request, kSinceStatus, [](std::string_view text) { return parseSyncStatus(upper(text)); });
    const auto sinceProgress = optionalInt(request, kSinceProgress);
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
    json logs = json::array({toJson(log)});
    rejected::addReview(db, tenant, logs);
    return jsonResponse(logs[0]);
}

HttpResponse getErrors(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    ValidationErrorFilter filter;
    filter.fileType = optionalFileType(request);
    filter.field = optionalText(request, kField);
    filter.type = optionalEnum(request, kErrorType,
                               [](std::string_view text) -> std::optional<core::ErrorType> {
                                   for (const auto type : kErrorTypes)
                                       if (core::toText(type) == upper(text)) return type;
                                   return std::nullopt;
                               });
    filter.severity = optionalEnum(
        request, kSeverity, [](std::string_view text) -> std::optional<core::Severity> {
            for (const auto severity : {core::Severity::Error, core::Severity::Warning})
                if (upper(core::toText(severity)) == upper(text)) return severity;
            return std::nullopt;
        });
    const auto format = optionalChoice(request, kErrorsFormat).value_or("json");
    const auto page = intOrDefault(request, kFindingsPage);
    const auto pageSize = intOrDefault(request, kFindingsPageSize);

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
            ValidationErrorRepository repository(db, schema);
            std::int64_t after = -1;
            streamPages(write, std::string(kFindingCsvHeader), id, "CSV export of the findings",
                        [&](std::size_t limit) {
                            std::string chunk;
                            const auto rows = repository.after(id, filter, after, limit);
                            for (const auto& row : rows)
                                chunk += findingCsvLine(row);
                            if (!rows.empty()) after = rows.back().id;
                            return std::pair{chunk, rows.size()};
                        });
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
    // Groups of what the filters select: errors first, then the file-level summaries, then the
    // largest first.
    json groups = json::array();
    for (const auto& group : summarisedGroups(repository, log, filter.fileType)) {
        if ((filter.field && group.field != *filter.field) ||
            (filter.type && group.type != *filter.type) ||
            (filter.severity && group.severity != *filter.severity))
            continue;
        groups.push_back(toJson(group, fileLevelSummaryOf(repository, log.id, group)));
    }
    const auto pages =
        (total + static_cast<std::uint64_t>(pageSize) - 1) / static_cast<std::uint64_t>(pageSize);
    return jsonResponse({{"sync_id", log.id},
                         {"total", total},
                         {"page", page},
                         {"page_size", pageSize},
                         {"pages", pages},
                         {"items", std::move(items)},
                         {"groups", std::move(groups)},
                         // Past the sync's cap findings were only counted, per group in the log.
                         {"findings_truncated", log.findingsNotStored > 0},
                         {"findings_not_stored", log.findingsNotStored},
                         {"findings_purged", log.findingsPurgedAt.has_value()}});
}

// The first line of a staged upload (its header) with its line ending, if the file is still
// there; the rest of the file is not read.
std::optional<std::string> headerLine(Api& api, const Tenant& tenant,
                                      const std::optional<std::string>& uploadId) {
    if (!uploadId) return std::nullopt;
    const auto upload = UploadRepository(api.services.database(), tenant.schema).find(*uploadId);
    if (!upload || upload->status == UploadStatus::Deleted) return std::nullopt;
    std::string head;
    try {
        api.services.uploads().read(
            upload->path, upload->sha256,
            std::function<bool(std::string_view)>([&](std::string_view c) {
                head.append(c.substr(0, std::min<std::size_t>(c.size(), 1 << 20)));
                // Enough once the header line is in.
                return head.find('\n') == std::string::npos && head.size() < (1 << 20);
            }));
    } catch (const std::exception& e) {
        logger("api")->warn("header of upload {} unavailable: {}", *uploadId, e.what());
        return std::nullopt;
    }
    const auto newline = head.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    return head.substr(0, newline + 1);
}

HttpResponse getRejected(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    const auto fileType = optionalFileType(request);
    const auto format =
        optionalChoice(request, kRejectedFormat).value_or(fileType ? "raw" : "annotated");
    if (format == "json") return rejected::listJson(api, context);
    if (format == "raw" && !fileType)
        badParameter(kRejectedFormat.name, "raw needs a file_type: each file has its own header");
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
    const auto rows = RejectedRowRepository(db, tenant.schema).count(log.id, fileType);

    HttpResponse response;
    response.contentType = raw ? "text/csv" : "text/csv; charset=utf-8";
    const std::string name =
        log.id + (fileType ? "-" + std::string(core::toText(*fileType)) : "") + "-rejected.csv";
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    response.headers.emplace_back("X-Findata-Rejected-Format", raw ? "raw" : "annotated");
    response.headers.emplace_back("X-Findata-Rejected-Rows", std::to_string(rows));
    if (log.rejectedRowsNotStored > 0)
        response.headers.emplace_back("X-Findata-Rejected-Rows-Not-Stored",
                                      std::to_string(log.rejectedRowsNotStored));
    response.stream = [&db, schema = tenant.schema, id = log.id, fileType,
                       header](const ByteSink& write) {
        const std::string ending =
            header && header->size() >= 2 && (*header)[header->size() - 2] == '\r' ? "\r\n" : "\n";
        RejectedRowRepository repository(db, schema);
        std::optional<RejectedRowCursor> after;
        streamPages(write, header ? *header : std::string("file_type;line;reasons;raw\r\n"), id,
                    "download of the rejected rows", [&](std::size_t limit) {
                        std::string chunk;
                        const auto rows = repository.page(id, fileType, after, limit);
                        if (!rows.empty())
                            after = RejectedRowCursor{rows.back().fileType, rows.back().line,
                                                      rows.back().id};
                        for (const auto& row : rows)
                            chunk += header ? row.raw + ending
                                            : std::string(core::toText(row.fileType)) + ';' +
                                                  std::to_string(row.line) + ';' +
                                                  csvField(row.reasons) + ';' + csvField(row.raw) +
                                                  "\r\n";
                        return std::pair{chunk, rows.size()};
                    });
    };
    return response;
}

// The evidence pack of one sync (agent/sync/evidence.h): the sealed JSON document, or the same
// as a printable page.
HttpResponse getEvidence(Api& api, RequestContext& context) {
    checkTenantParameter(context);
    const auto format = optionalChoice(context.request, kEvidenceFormat).value_or("json");
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(api.services.database(), tenant, context.param(0));
    const auto document = buildEvidence(api.services, tenant, log);
    if (format == "html") {
        HttpResponse response;
        response.contentType = "text/html; charset=utf-8";
        response.body = evidenceHtml(document);
        response.headers.emplace_back("Content-Disposition",
                                      "inline; filename=\"" + log.id + "-evidence.html\"");
        return response;
    }
    auto response = jsonResponse(document);
    response.headers.emplace_back("Content-Disposition",
                                  "inline; filename=\"" + log.id + "-evidence.json\"");
    return response;
}

}  // namespace findata::agent::sync
