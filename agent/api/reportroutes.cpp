// Handlers of the report routes (reportroutes.h).

#include "agent/api/reportroutes.h"

#include <regex>

#include "agent/api/apierror.h"
#include "agent/api/dataroutes.h"
#include "agent/api/router.h"
#include "agent/services.h"
#include "agent/sync/periodreport.h"

namespace findata::agent::report {

HttpResponse getPeriodReport(Api& api, RequestContext& ctx) {
    refuseUnknownParameters(ctx.request, kPeriodReportParams);
    checkTenantParameter(ctx);
    const auto loanType = requireLoanType(ctx.request);
    auto period = optionalText(ctx.request, kPeriod);
    if (period && period->empty()) period.reset();
    static const std::regex kMonth("[0-9]{4}-(0[1-9]|1[0-2])");
    if (period && !std::regex_match(*period, kMonth))
        throw ApiError(ApiErrorKind::BadRequest,
                       "period must be a month as YYYY-MM, not '" + period->substr(0, 40) + "'");
    const auto format = optionalChoice(ctx.request, kReportFormat).value_or("json");
    const auto& tenant = ctx.caller();
    auto& db = api.services.database();
    ReportBatches batches;
    try {
        batches = resolveReportBatches(db, tenant, loanType, period);
    } catch (const ReportNotFound& e) {
        throw ApiError(ApiErrorKind::NotFound, e.what());
    }
    const auto report =
        computePeriodReport(api.dataReads.clickhouse(), db, tenant, loanType, batches);
    const std::string name = "period-report-" + tenant.id + "-" +
                             std::string(core::toText(loanType)) + "-" + batches.period;
    if (format == "json") {
        auto response = jsonResponse(report);
        response.headers.emplace_back("Content-Disposition",
                                      "inline; filename=\"" + name + ".json\"");
        return response;
    }
    HttpResponse response;
    response.contentType =
        format == "html" ? "text/html; charset=utf-8" : "text/csv; charset=utf-8";
    response.body = renderPeriodReport(report, format);
    response.headers.emplace_back("Content-Disposition",
                                  "inline; filename=\"" + name + "." + format + "\"");
    return response;
}

}  // namespace findata::agent::report
