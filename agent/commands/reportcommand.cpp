// report: the period report of a tenant's loan type (agent/sync/periodreport.h) written to a
// file as HTML, CSV or JSON.

#include <fstream>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/periodreport.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{
    "report",
    {"--tenant ID --loan-type RETAIL|COMMERCIAL [--period YYYY-MM] --format html|csv|json "
     "--out FILE"},
    {
        {"tenant", "ID", "the tenant"},
        {"loan-type", "RETAIL|COMMERCIAL", "the loan type"},
        {"period", "YYYY-MM", "the reporting period (default: the latest loaded)"},
        {"format", "html|csv|json", "the report's form (default: html)"},
        {"out", "FILE", "where to write it"},
    }};

}  // namespace

int runReportCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::string tenantId, out, format = "html";
    std::optional<std::string> period;
    core::LoanType loanType = core::LoanType::Retail;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
            tenantId = a.required("tenant");
            const auto parsed = core::parseLoanType(a.required("loan-type"));
            if (!parsed) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
            loanType = *parsed;
            if (a.has("period")) period = a.required("period");
            if (a.has("format")) format = a.required("format");
            if (format != "html" && format != "csv" && format != "json")
                throw UsageError("--format must be html, csv or json");
            out = a.required("out");
        }))
        return *exit;
    return runWithServices(settings, "report", [&](Services& services) {
        const auto tenant = TenantRepository(services.database()).find(tenantId);
        if (!tenant) {
            std::cerr << "findata-agent report: no tenant " << tenantId << '\n';
            return 1;
        }
        try {
            const auto batches =
                resolveReportBatches(services.database(), *tenant, loanType, period);
            const auto report = computePeriodReport(services.clickhouse(), services.database(),
                                                    *tenant, loanType, batches);
            std::ofstream file(out, std::ios::binary | std::ios::trunc);
            file << renderPeriodReport(report, format);
            file.close();
            if (!file) {
                std::cerr << "findata-agent report: cannot write " << out << '\n';
                return 2;
            }
            std::cout << "period report " << tenant->id << ' ' << core::toText(loanType) << ' '
                      << batches.period << " written to " << out << '\n';
            return 0;
        } catch (const ReportNotFound& e) {
            std::cerr << "findata-agent report: " << e.what() << '\n';
            return 1;
        }
    });
}

}  // namespace findata::agent
