#include "agent/api/syncjson.h"

#include <cstdio>
#include <ctime>

#include "agent/sync/controltotals.h"

namespace findata::agent {
namespace {

nlohmann::json optionalText(const std::optional<std::string>& text) {
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

nlohmann::json fileJson(const FileCounts& counts, const std::optional<std::string>& uploadId) {
    return {{"rows_read", counts.rowsRead},
            {"rows_loaded", counts.rowsLoaded},
            {"rows_rejected", counts.rowsRejected},
            {"upload_id", optionalText(uploadId)}};
}

// One file of the sync: where it came from, its counts, and its control totals in the file and
// in the warehouse after the swap (null until then; "matches" null with it).
nlohmann::json fileRecordJson(const SyncFileRecord& f) {
    nlohmann::json warehouse = nullptr;
    nlohmann::json matches = nullptr;
    if (f.totalsWarehouse) {
        warehouse = *f.totalsWarehouse;
        matches = !totalsDifference(controlTotalsFromJson(f.totalsFile),
                                    controlTotalsFromJson(*f.totalsWarehouse))
                       .has_value();
    }
    return {{"file_type", core::toText(f.fileType)},
            {"source", toText(f.source)},
            {"upload_id", optionalText(f.uploadId)},
            {"original_name", f.originalName},
            {"size", f.sizeBytes},
            {"sha256", f.sha256},
            {"rows_read", f.rowsRead},
            {"rows_accepted", f.rowsAccepted},
            {"rows_rejected", f.rowsRejected},
            {"control_totals",
             {{"file", f.totalsFile}, {"warehouse", warehouse}, {"matches", matches}}}};
}

}  // namespace

std::string isoTimestamp(Timestamp t) {
    using namespace std::chrono;
    const auto millis = duration_cast<milliseconds>(t.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0));
    const auto fraction = static_cast<int>(((millis % 1000) + 1000) % 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
    return text;
}

std::string syncLogPath(std::string_view id) {
    return "/api/sync/logs/" + std::string(id) + "/";
}

nlohmann::json toJson(const SyncLog& log) {
    const bool finished = isFinal(log.status);
    const auto end = log.finishedAt.value_or(log.heartbeatAt);
    const double seconds = std::chrono::duration<double>(end - log.startedAt).count();
    const std::string self = syncLogPath(log.id);
    nlohmann::json records = nlohmann::json::array();
    for (const auto& file : log.files)
        records.push_back(fileRecordJson(file));
    return {
        {"id", log.id},
        {"loan_type", core::toText(log.loanType)},
        {"status", toText(log.status)},
        // The stage a running sync is in; a finished one has none.
        {"stage", finished ? nlohmann::json(nullptr) : nlohmann::json(toText(log.status))},
        {"running", !finished},
        {"trigger", toText(log.trigger)},
        {"actor", log.actor},
        {"batch_id", log.batchId},
        {"policy_version", log.policyVersion},
        {"started_at", isoTimestamp(log.startedAt)},
        {"finished_at",
         log.finishedAt ? nlohmann::json(isoTimestamp(*log.finishedAt)) : nlohmann::json(nullptr)},
        {"heartbeat_at", isoTimestamp(log.heartbeatAt)},
        {"duration_seconds", seconds < 0 ? 0.0 : seconds},
        {"progress_rows", log.progressRows},
        {"files",
         {{"credit", fileJson(log.credit, log.creditUploadId)},
          {"payment_plan", fileJson(log.payment, log.paymentUploadId)}}},
        // Per file of the sync: source ("upload", or "live" data re-checked), counts and the
        // control totals in the file and in the warehouse after the swap.
        {"file_records", records},
        {"rows_read", log.credit.rowsRead + log.payment.rowsRead},
        {"rows_loaded", log.credit.rowsLoaded + log.payment.rowsLoaded},
        {"rows_rejected", log.credit.rowsRejected + log.payment.rowsRejected},
        {"warnings", log.warnings},
        {"errors", log.errors},
        {"error_summary", log.errorSummary},
        {"stage_timings_ms", log.stageTimings},
        // Beyond the per-sync caps findings and rejected rows are only counted; retention
        // deletes them (the sync log stays).
        {"findings_truncated", log.findingsNotStored > 0 || log.rejectedRowsNotStored > 0},
        {"findings_not_stored", log.findingsNotStored},
        {"rejected_rows_not_stored", log.rejectedRowsNotStored},
        {"findings_overflow", log.findingsOverflow},
        {"findings_purged_at", log.findingsPurgedAt
                                   ? nlohmann::json(isoTimestamp(*log.findingsPurgedAt))
                                   : nlohmann::json(nullptr)},
        {"links", {{"self", self}, {"errors", self + "errors/"}, {"rejected", self + "rejected/"}}},
        // The reporting period it loaded; a restatement names the sync it replaces.
        {"period", log.period.empty() ? nlohmann::json(nullptr) : nlohmann::json(log.period)},
        {"restates", log.restates ? nlohmann::json(*log.restates) : nlohmann::json(nullptr)},
        {"restatement", log.restates ? nlohmann::json("restates " + log.period +
                                                      ", replacing sync " + *log.restates)
                                     : nlohmann::json(nullptr)},
    };
}

nlohmann::json toJson(const SyncConfig& config) {
    return {
        {"id", config.id},
        {"loan_type", core::toText(config.loanType)},
        {"enabled", config.enabled},
        {"interval_seconds", config.interval.count()},
        {"reject_threshold", config.rejectThreshold},
        {"max_retries", config.maxRetries},
        {"retry_delay_seconds", config.retryDelay.count()},
        {"last_sync_status", config.lastSyncStatus ? nlohmann::json(toText(*config.lastSyncStatus))
                                                   : nlohmann::json(nullptr)},
        {"last_sync_at", config.lastSyncAt ? nlohmann::json(isoTimestamp(*config.lastSyncAt))
                                           : nlohmann::json(nullptr)},
        {"updated_at", isoTimestamp(config.updatedAt)},
        {"url", "/api/sync/configs/" + std::to_string(config.id) + "/"},
    };
}

nlohmann::json toJson(const ValidationErrorRecord& finding) {
    return {{"id", finding.id},
            {"file_type", core::toText(finding.fileType)},
            {"line", finding.line},
            {"field", finding.field},
            {"error_type", core::toText(finding.type)},
            {"severity", core::toText(finding.severity)},
            {"message", finding.message},
            {"value", finding.rawValue}};
}

nlohmann::json toJson(const ValidationErrorGroup& group, const std::string& summary) {
    nlohmann::json out = {{"file_type", core::toText(group.fileType)},
                          {"field", group.field},
                          {"error_type", core::toText(group.type)},
                          {"severity", core::toText(group.severity)},
                          {"count", group.count},
                          {"not_stored", group.notStored},
                          // "file": fired on most rows of its file, summarised as one finding.
                          {"scope", group.fileLevel ? "file" : "rows"},
                          {"file_rows", group.fileRows}};
    const auto share = sharePercentText(group.fired(), group.fileRows);
    out["share_percent"] = share.empty() ? nlohmann::json(nullptr) : nlohmann::json(share);
    out["summary"] = summary.empty() ? nlohmann::json(nullptr) : nlohmann::json(summary);
    return out;
}

std::string findingCsvLine(const ValidationErrorRecord& finding) {
    const std::string fields[] = {std::string(core::toText(finding.fileType)),
                                  std::to_string(finding.line),
                                  csvField(finding.field),
                                  std::string(core::toText(finding.type)),
                                  std::string(core::toText(finding.severity)),
                                  csvField(finding.message),
                                  csvField(finding.rawValue)};
    std::string line;
    for (std::size_t i = 0; i < std::size(fields); ++i)
        line += (i == 0 ? "" : ";") + fields[i];
    return line + "\r\n";
}

}  // namespace findata::agent
