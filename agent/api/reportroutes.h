#pragma once
// Reports: GET /api/reports/period/ — the period report of a loan type (agent/sync/
// periodreport.h) as JSON, a printable HTML page or CSV.

#include <string_view>
#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::report {

inline constexpr std::string_view kReportFormats[] = {"json", "html", "csv"};
inline constexpr Param kReportFormat =
    choice("format", kReportFormats, "json (default), html (a printable page) or csv");
inline constexpr Param kPeriod =
    text("period", "the reporting period, YYYY-MM; the latest loaded when absent");
inline const std::vector<Param> kPeriodReportParams = {kTenantId, kRequiredLoanType, kPeriod,
                                                       kReportFormat};

RouteHandler getPeriodReport;

}  // namespace findata::agent::report
