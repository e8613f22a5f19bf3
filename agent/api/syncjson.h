#pragma once
// JSON and CSV renderings of sync logs, sync configurations and validation findings, as the
// sync routes send them (snake_case names, ISO 8601 UTC timestamps).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/validationerrors.h"
#include "agent/util/csv.h"

namespace findata::agent {

/// "2024-05-01T12:34:56.789Z".
std::string isoTimestamp(Timestamp t);

/// The API path of one sync log: "/api/sync/logs/<id>/".
std::string syncLogPath(std::string_view id);

/// A sync log with its stage, progress, per-file counts, stage timings and error summary.
nlohmann::json toJson(const SyncLog& log);
nlohmann::json toJson(const SyncConfig& config);
nlohmann::json toJson(const ValidationErrorRecord& finding);
/// A group of findings; `summary` (fileLevelSummary) is set for a file-level group.
nlohmann::json toJson(const ValidationErrorGroup& group, const std::string& summary = {});

/// The CSV line (CRLF-terminated) of one finding, in the column order of kFindingCsvHeader.
std::string findingCsvLine(const ValidationErrorRecord& finding);
inline constexpr std::string_view kFindingCsvHeader =
    "file_type;line;field;error_type;severity;message;value\r\n";

}  // namespace findata::agent
