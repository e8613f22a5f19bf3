#pragma once
// The period report of a loan type: the portfolio at that period (loans, outstanding, weighted
// rate), stratification tables (loan status, days-past-due bucket, product type, customer type,
// region, interest-rate band, remaining-maturity band: count, outstanding, share of the
// outstanding), the roll-forward summary of the period's sync, the 20 largest exposures and the
// data-quality summary of that sync — computed from the warehouse and the operational store,
// rendered as JSON, HTML (one self-contained page) or CSV (one table, a section per row group).
//
// The figures of one credit batch come from ClickHouse in one query per table; amounts are exact
// decimal text, shares and the weighted rate are numbers (the rate a fraction, 0.2586 = 25.86 %).

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/catalog.h"

namespace findata::agent {

class ClickHouseClient;
class Database;
struct Tenant;

/// Nothing to report: no live data of the loan type, or none of the requested period.
class ReportNotFound : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The data a report is about.
struct ReportBatches {
    std::string period;  // "YYYY-MM"
    std::string creditBatch, paymentBatch;
    std::string syncId;  // the sync that loaded the credit batch
};

/// Which batches hold `period` of a loan type (absent: the latest). Today (before reporting
/// periods): the live batches, whose period is the month their sync finished; another period
/// is ReportNotFound. The one place that decides it.
ReportBatches resolveReportBatches(Database& db, const Tenant& tenant, core::LoanType loanType,
                                   const std::optional<std::string>& period);

/// The report as JSON (see the file comment). Throws WarehouseError / StoreError.
nlohmann::json computePeriodReport(ClickHouseClient& client, Database& db, const Tenant& tenant,
                                   core::LoanType loanType, const ReportBatches& batches);

/// One self-contained HTML page (inline style, no script, every text escaped).
std::string periodReportHtml(const nlohmann::json& report);
/// ';'-separated CSV: section;item;count;outstanding;share (formula-like texts defused).
std::string periodReportCsv(const nlohmann::json& report);

/// "html", "csv" or "json" (anything else: json) rendered.
std::string renderPeriodReport(const nlohmann::json& report, std::string_view format);

}  // namespace findata::agent
