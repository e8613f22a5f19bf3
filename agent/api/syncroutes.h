#pragma once
// /api/sync/…: start a sync, its configurations, its history, one sync with live progress
// (long-polling), its validation findings (paged, filtered, CSV) and its rejected rows.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::sync {

RouteHandler startSync, listConfigs, getConfig, patchConfig, listLogs, getLog, getErrors,
    getRejected, getEvidence;

/// The first line of a staged upload (its header) with its line ending, if its file is still
/// stored.
std::optional<std::string> headerLine(Api& api, const Tenant& tenant,
                                      const std::optional<std::string>& uploadId);

// Query parameters.
inline constexpr Param kLogLimit = integer("limit", 1, 200, 50, "syncs per answer");
inline constexpr Param kLogPeriod = text("period", "only syncs of this reporting period, YYYY-MM");
inline constexpr Param kWait =
    integer("wait", 0, 60, 0, "seconds to wait for a change of status or progress");
extern const Param kSinceStatus;
inline constexpr Param kSinceProgress =
    integer("since_progress", 0, std::numeric_limits<std::int64_t>::max(), {},
            "the progress_rows the client has seen (default: the current one)");
inline constexpr Param kField = text("field", "only findings of this field (exact name)");
extern const Param kErrorType;
inline constexpr std::string_view kSeverityNames[] = {"error", "warning"};
inline constexpr Param kSeverity = choice("severity", kSeverityNames, "error or warning");
inline constexpr std::string_view kErrorsFormats[] = {"json", "csv"};
inline constexpr Param kErrorsFormat =
    choice("format", kErrorsFormats, "json (paged) or csv (every matching finding, streamed)");
inline constexpr Param kFindingsPage = integer("page", 1, 10'000'000, 1, "page number, from 1");
inline constexpr Param kFindingsPageSize = integer("page_size", 1, 1000, 100, "findings per page");
inline constexpr std::string_view kRejectedFormats[] = {"raw", "annotated", "json"};
inline constexpr Param kRejectedFormat =
    choice("format", kRejectedFormats,
           "raw (needs file_type; the default with it), annotated, or json (pages of records "
           "with fields, reasons and state)");
inline constexpr std::string_view kEvidenceFormats[] = {"json", "html"};
inline constexpr Param kEvidenceFormat =
    choice("format", kEvidenceFormats, "json (the sealed document) or html (a printable page)");

// Fields of the JSON bodies.
inline constexpr Param kEnabled = boolean("enabled", "whether the scheduler runs it");
inline constexpr Param kIntervalSeconds =
    integer("interval_seconds", 1, 31 * 86400, {}, "seconds between scheduled syncs");
inline constexpr Param kRejectThreshold =
    number("reject_threshold", 0, 1, "the share of rejected rows that fails a sync");
inline constexpr Param kMaxRetries =
    integer("max_retries", 0, 100, {}, "retries of a failed scheduled sync");
inline constexpr Param kRetryDelaySeconds =
    integer("retry_delay_seconds", 0, 86400, {}, "seconds before a retry");

inline constexpr Param kForce =
    boolean("force",
            "start even though the loan type's sync config is disabled (the operator "
            "confirmed); without it such a start is refused with 409");

/// The fields of POST /api/sync/ and of PATCH /api/sync/configs/{id}/.
inline constexpr Param kSyncPeriod =
    text("period", "the reporting period to load, YYYY-MM (default: the oldest period staged)");
inline const std::vector<Param> kStartBody = {kTenantId, kRequiredLoanType, kSyncPeriod, kForce};
inline const std::vector<Param> kConfigBody = {kEnabled, kIntervalSeconds, kRejectThreshold,
                                               kMaxRetries, kRetryDelaySeconds};

}  // namespace findata::agent::sync
