// /api/sync/logs/{id}/rejected/…: rejected rows as JSON records, dismissal and resubmission
// (rejectedroutes.h).

#include "agent/api/rejectedroutes.h"

#include <charconv>

#include "agent/api/apierror.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/api/syncroutes.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/synclogs.h"
#include "agent/sync/correction.h"
#include "agent/util/ids.h"
#include "agent/util/utf8.h"

namespace findata::agent::rejected {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxResubmitBody = 32 << 20;  // bytes of corrected rows per request

SyncLog syncLogOrNotFound(Database& db, const Tenant& tenant, const std::string& id) {
    std::optional<SyncLog> log;
    if (isUuid(id)) log = SyncLogRepository(db, tenant.schema).find(id);
    if (!log) throw ApiError(ApiErrorKind::NotFound, "no sync log " + id);
    return *log;
}

json countsJson(const RejectedCounts& c) {
    return {{"open", c.open}, {"dismissed", c.dismissed}, {"resubmitted", c.resubmitted}};
}

// "credit:5:123" ⇄ cursor.
std::string cursorText(const RejectedRow& row) {
    return std::string(core::toText(row.fileType)) + ':' + std::to_string(row.line) + ':' +
           std::to_string(row.id);
}

RejectedRowCursor parseCursor(const std::string& text) {
    const auto first = text.find(':');
    const auto second = first == std::string::npos ? first : text.find(':', first + 1);
    const auto type = core::parseFileType(text.substr(0, first));
    RejectedRowCursor cursor;
    const auto number = [&](std::size_t from, std::size_t to, auto& out) {
        const char* begin = text.data() + from;
        const char* end = text.data() + (to == std::string::npos ? text.size() : to);
        const auto [ptr, error] = std::from_chars(begin, end, out);
        return error == std::errc() && ptr == end && begin != end;
    };
    if (!type || second == std::string::npos || !number(first + 1, second, cursor.line) ||
        !number(second + 1, std::string::npos, cursor.id))
        badParameter(kAfter.name, "must be a next_after of a previous page");
    cursor.fileType = *type;
    return cursor;
}

std::string readBody(RequestContext& context) {
    std::string text;
    bool tooLarge = false;
    if (context.request.readBody)
        context.request.readBody([&](std::string_view bytes) {
            text.append(bytes);
            tooLarge = text.size() > kMaxResubmitBody;
            return !tooLarge;
        });
    if (tooLarge)
        throw ApiError(ApiErrorKind::PayloadTooLarge, "the corrected rows are too large",
                       {{"max_bytes", kMaxResubmitBody}});
    return text;
}

std::optional<core::FileType> bodyFileType(const json& body) {
    if (!body.contains(kFileType.name)) return std::nullopt;
    const auto& value = body[kFileType.name];
    const auto type = value.is_string() ? core::parseFileType(value.get<std::string>())
                                        : std::optional<core::FileType>{};
    if (!type)
        throw ApiError(ApiErrorKind::BadRequest, "file_type must be credit or payment_plan",
                       {{"field", kFileType.name}});
    return type;
}

std::vector<std::uint64_t> bodyLines(const json& value, std::string_view field) {
    if (!value.is_array())
        throw ApiError(ApiErrorKind::BadRequest, std::string(field) + " must be an array of lines",
                       {{"field", field}});
    std::vector<std::uint64_t> lines;
    for (const auto& line : value) {
        if (!line.is_number_unsigned())
            throw ApiError(ApiErrorKind::BadRequest,
                           std::string(field) + " must hold line numbers (non-negative integers)",
                           {{"field", field}});
        lines.push_back(line.get<std::uint64_t>());
    }
    return lines;
}

// The data `original` produced is still live: the live batch of the file is its own or that
// of a correction chain starting at it. Otherwise corrections would be merged into another
// delivery's data.
void checkStillLive(Database& db, const Tenant& tenant, const SyncLog& original,
                    core::FileType file) {
    if (original.status != SyncStatus::Completed)
        throw ApiError(ApiErrorKind::Conflict,
                       "sync " + original.id + " is " + std::string(toText(original.status)) +
                           ": only the rejected rows of a completed sync can be resubmitted");
    const auto live = LiveBatchRepository(db, tenant.schema).find(original.loanType, file);
    RejectedReview review(db, tenant.schema);
    std::optional<std::string> at = live ? std::optional(live->syncId) : std::nullopt;
    for (int depth = 0; at && depth < 1000; ++depth) {
        if (*at == original.id) return;
        at = review.links(*at).corrects;
    }
    throw ApiError(ApiErrorKind::Conflict,
                   "the " + std::string(core::toText(file)) + " data of sync " + original.id +
                       " is no longer live" +
                       (live ? " (sync " + live->syncId + " replaced it)" : std::string()) +
                       "; correct the rejected rows of the live sync instead",
                   {{"live_sync_id", live ? json(live->syncId) : json(nullptr)}});
}

}  // namespace

void addReview(Database& db, const Tenant& tenant, nlohmann::json& logs) {
    std::vector<std::string> ids;
    for (const auto& log : logs)
        ids.push_back(log.at("id").get<std::string>());
    RejectedReview review(db, tenant.schema);
    auto counts = review.counts(ids);
    auto links = review.links(ids);
    for (auto& log : logs) {
        const auto id = log.at("id").get<std::string>();
        const auto& c = counts[id];
        const auto& l = links[id];
        log["rejected_open"] = c.open;
        log["rejected_dismissed"] = c.dismissed;
        log["rejected_resubmitted"] = c.resubmitted;
        log["corrects"] = l.corrects ? json(*l.corrects) : json(nullptr);
        log["corrected_by"] = l.correctedBy;
        log["correction_notes"] = l.notes;
    }
}

HttpResponse listJson(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(db, tenant, context.param(0));
    RejectedPageQuery query;
    query.fileType = optionalFileType(request);
    query.state = optionalEnum(request, kState,
                               [](std::string_view text) { return parseRejectedState(text); });
    query.limit = static_cast<std::size_t>(intOrDefault(request, kLimit));
    query.offset = static_cast<std::size_t>(intOrDefault(request, kOffset));
    if (const auto after = optionalText(request, kAfter)) query.after = parseCursor(*after);

    RejectedReview review(db, tenant.schema);
    const auto rows = review.page(log.id, query);
    // The column names of each file, from its upload's header (absent: the file is gone).
    std::map<core::FileType, std::vector<std::string>> headers;
    std::map<core::FileType, char> delimiters;
    json headersJson = json::object();
    for (const auto file : core::kFileTypes) {
        const auto line = sync::headerLine(
            api, tenant, file == core::FileType::Credit ? log.creditUploadId : log.paymentUploadId);
        if (!line) continue;
        std::string text = *line;
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        delimiters[file] = core::detectDelimiter(text);
        headers[file] = splitRecord(text, delimiters[file]);
        headersJson[std::string(core::toText(file))] = headers[file];
    }
    std::map<core::FileType, std::vector<std::uint64_t>> lines;
    for (const auto& r : rows)
        lines[r.row.fileType].push_back(r.row.line);
    std::map<core::FileType, std::map<std::uint64_t, std::vector<RowFinding>>> findings;
    for (const auto& [file, fileLines] : lines)
        findings[file] = review.findings(log.id, file, fileLines);

    json items = json::array();
    for (const auto& r : rows) {
        json fields = json::object();
        if (const auto h = headers.find(r.row.fileType); h != headers.end()) {
            const auto values = splitRecord(r.row.raw, delimiters[r.row.fileType]);
            for (std::size_t i = 0; i < h->second.size(); ++i)
                fields[h->second[i]] = i < values.size() ? values[i] : std::string();
        }
        json reasons = json::array();
        for (const auto& f : findings[r.row.fileType][r.row.line])
            reasons.push_back({{"field", f.field.empty() ? json(nullptr) : json(f.field)},
                               {"error_type", f.errorType},
                               {"message", f.message},
                               {"value", f.value}});
        json item = {{"id", r.row.id},
                     {"file_type", core::toText(r.row.fileType)},
                     {"line", r.row.line},
                     {"raw", toValidUtf8(r.row.raw)},
                     {"fields", std::move(fields)},
                     {"reasons", std::move(reasons)},
                     {"reasons_text", r.row.reasons},
                     {"state", toText(r.state)},
                     {"resubmitted", nullptr},
                     {"dismissed", nullptr},
                     {"pending_correction", r.pendingUpload ? json(*r.pendingUpload) : json()}};
        const json at = r.stateAt ? json(isoTimestamp(*r.stateAt)) : json(nullptr);
        if (r.state == RejectedState::Resubmitted)
            item["resubmitted"] = {
                {"correction_sync_id", r.correctedBy ? json(*r.correctedBy) : json(nullptr)},
                {"actor", r.stateActor},
                {"at", at}};
        if (r.state == RejectedState::Dismissed)
            item["dismissed"] = {{"actor", r.stateActor}, {"reason", r.stateReason}, {"at", at}};
        items.push_back(std::move(item));
    }
    return jsonResponse(
        {{"sync_id", log.id},
         {"file_type", query.fileType ? json(core::toText(*query.fileType)) : json(nullptr)},
         {"state", query.state ? json(toText(*query.state)) : json(nullptr)},
         {"total", review.count(log.id, query.fileType, query.state)},
         {"limit", query.limit},
         {"offset", query.after ? 0 : query.offset},
         {"next_after",
          rows.size() == query.limit ? json(cursorText(rows.back().row)) : json(nullptr)},
         {"counts", countsJson(review.counts(log.id))},
         {"rejected_rows_not_stored", log.rejectedRowsNotStored},
         {"headers", std::move(headersJson)},
         {"items", std::move(items)}});
}

HttpResponse dismiss(Api& api, RequestContext& context) {
    checkTenantParameter(context);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(db, tenant, context.param(0));
    const auto body = readJsonObject(context, kDismissBody);
    const auto fileType = bodyFileType(body);
    const bool all = fieldBool(body, kAll).value_or(false);
    std::optional<std::vector<std::uint64_t>> lines;
    if (body.contains(kLines.name)) lines = bodyLines(body[kLines.name], kLines.name);
    if (all == lines.has_value())
        throw ApiError(ApiErrorKind::BadRequest, "give either lines (with file_type) or all: true");
    if (lines && !fileType)
        throw ApiError(ApiErrorKind::BadRequest,
                       "lines need a file_type: each file has its own line numbers",
                       {{"field", kFileType.name}});
    const auto reason = fieldText(body, kReason).value_or("");
    RejectedReview review(db, tenant.schema);
    const auto dismissed = review.dismiss(log.id, fileType, lines, context.actor, reason);
    context.audit = {{"sync_id", log.id},
                     {"file_type", fileType ? json(core::toText(*fileType)) : json(nullptr)},
                     {"lines", lines ? json(*lines) : json("all")},
                     {"reason", reason},
                     {"dismissed", dismissed}};
    return jsonResponse({{"sync_id", log.id},
                         {"dismissed", dismissed},
                         {"counts", countsJson(review.counts(log.id))}});
}

HttpResponse resubmit(Api& api, RequestContext& context) {
    const auto& request = context.request;
    checkTenantParameter(context);
    auto& db = api.services.database();
    const auto& tenant = context.caller();
    const auto log = syncLogOrNotFound(db, tenant, context.param(0));
    const auto contentType = request.header("content-type").value_or("application/json");
    std::optional<core::FileType> fileType = optionalFileType(request);
    std::vector<CorrectedRow> rows;
    try {
        if (contentType.rfind("text/csv", 0) == 0) {
            rows = parseCorrectionCsv(readBody(context));
        } else if (contentType.rfind("application/json", 0) == 0) {
            const auto body = json::parse(readBody(context), nullptr, false);
            if (body.is_discarded() || !body.is_object() || !body.contains(kRows.name) ||
                !body[kRows.name].is_array())
                throw ApiError(ApiErrorKind::BadRequest,
                               "the body must be a JSON object with rows: [{line, fields}]");
            if (const auto type = bodyFileType(body)) fileType = type;
            std::size_t index = 0;
            for (const auto& item : body[kRows.name]) {
                ++index;
                const std::string where = "rows[" + std::to_string(index - 1) + "]";
                if (!item.is_object())
                    throw ApiError(ApiErrorKind::BadRequest, where + " must be an object");
                CorrectedRow row;
                if (item.contains("line")) {
                    if (!item["line"].is_number_unsigned())
                        throw ApiError(ApiErrorKind::BadRequest, where + ".line must be a line");
                    row.line = item["line"].get<std::uint64_t>();
                }
                if (item.contains("fields")) {
                    if (!item["fields"].is_object())
                        throw ApiError(ApiErrorKind::BadRequest,
                                       where + ".fields must be an object");
                    for (const auto& [name, value] : item["fields"].items()) {
                        if (!value.is_string() && !value.is_number() && !value.is_null())
                            throw ApiError(ApiErrorKind::BadRequest,
                                           where + ".fields." + name + " must be text");
                        row.fields[name] = value.is_string() ? value.get<std::string>()
                                           : value.is_null() ? std::string()
                                                             : value.dump();
                    }
                }
                rows.push_back(std::move(row));
            }
        } else {
            throw ApiError(ApiErrorKind::UnsupportedMediaType,
                           "send the corrected rows as application/json or text/csv");
        }
    } catch (const CorrectionRefused& e) {
        throw ApiError(ApiErrorKind::Unprocessable, e.what());
    }
    if (!fileType)
        throw ApiError(ApiErrorKind::BadRequest, "file_type is required: credit or payment_plan",
                       {{"field", kFileType.name}});
    checkStillLive(db, tenant, log, *fileType);
    const auto header = sync::headerLine(
        api, tenant,
        *fileType == core::FileType::Credit ? log.creditUploadId : log.paymentUploadId);
    CorrectionUpload upload;
    try {
        upload = stageCorrection(db, api.services.uploads(), tenant, log, *fileType, header, rows,
                                 context.actor);
    } catch (const CorrectionRefused& e) {
        throw ApiError(ApiErrorKind::Unprocessable, e.what(), {{"sync_id", log.id}});
    } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::Conflict) throw;
        throw ApiError(ApiErrorKind::Conflict, e.what(), {{"sync_id", log.id}});
    }
    context.audit = {{"sync_id", log.id},
                     {"upload_id", upload.id},
                     {"file_type", core::toText(*fileType)},
                     {"rows", upload.rows}};
    return jsonResponse({{"upload_id", upload.id},
                         {"corrects", log.id},
                         {"loan_type", core::toText(log.loanType)},
                         {"file_type", core::toText(*fileType)},
                         {"rows", upload.rows},
                         {"status", "STAGED"},
                         {"next_sync", "the next " + std::string(core::toText(log.loanType)) +
                                           " sync validates the corrected rows and merges the "
                                           "accepted ones into the live data by key"}},
                        202);
}

}  // namespace findata::agent::rejected
