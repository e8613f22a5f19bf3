#pragma once
// /api/sync/logs/{id}/rejected/…: the review of a sync's rejected rows — pages of them as JSON
// records (fields by header name, reasons per field, state), dismissing them, and resubmitting
// corrected rows as a correction upload that the next sync merges into the live data.

#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::rejected {

RouteHandler dismiss, resubmit;

/// Adds to each sync log object of `logs` (a JSON array) its review counts (rejected_open,
/// rejected_dismissed, rejected_resubmitted) and correction links (corrects, corrected_by,
/// correction_notes).
void addReview(Database& db, const Tenant& tenant, nlohmann::json& logs);

/// GET …/rejected/?format=json (syncroutes.cpp hands it over).
HttpResponse listJson(Api& api, RequestContext& context);

inline constexpr Param kLimit = integer("limit", 1, 1000, 100, "rows per page (format=json)");
inline constexpr Param kAfter =
    text("after",
         "keyset cursor: the next_after of the previous page (format=json; offset "
         "ignored)");
inline constexpr std::string_view kStateNames[] = {"open", "dismissed", "resubmitted"};
inline constexpr Param kState =
    choice("state", kStateNames, "only rows in this state (format=json)");
/// The query parameters GET …/rejected/ takes besides the CSV export's.
inline const std::vector<Param> kPageParams = {kLimit, kOffset, kAfter, kState};

// Fields of the JSON bodies.
inline constexpr Param kLines = {.name = "lines",
                                 .type = ParamType::Filters,
                                 .doc = "lines of the rows (with file_type), e.g. [5, 23]"};
inline constexpr Param kAll = boolean("all", "every open row (of file_type, when given)");
inline constexpr Param kReason = text("reason", "why the rows are not to be corrected");
inline constexpr Param kRows = {
    .name = "rows",
    .type = ParamType::Filters,
    .doc =
        "corrected rows: [{\"line\": 5, \"fields\": {\"customer_id\": \"CUST_1\"}}] — fields "
        "left out keep the rejected row's values; without a line a row is matched by key"};
inline const std::vector<Param> kDismissBody = {kFileType, kLines, kAll, kReason};
inline const std::vector<Param> kResubmitBody = {kFileType, kRows};

}  // namespace findata::agent::rejected
