// The period report (periodreport.h): figures from ClickHouse and PostgreSQL, then rendering.

#include "agent/sync/periodreport.h"

#include <chrono>
#include <cstdio>

#include "agent/api/evidencehtml.h"
#include "agent/store/database.h"
#include "agent/store/livebatches.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/drift.h"
#include "agent/sync/rollforward.h"
#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr int kLargestExposures = 20;

std::vector<std::vector<std::string>> rowsOf(ClickHouseClient& client, const std::string& sql) {
    return parseTsv(client.query(sql + " FORMAT TabSeparated"));
}

double toDouble(const std::string& text) {
    return text.empty() || text == "\\N" || text == "nan" ? 0.0
                                                          : std::strtod(text.c_str(), nullptr);
}

// A stratification: the bucket's label and its rank (the order the table lists them).
struct Stratum {
    const char* name;
    const char* title;
    std::string label, rank;
};

std::vector<Stratum> strata(core::LoanType loanType, const std::string& end) {
    const std::string dpd = "ifNull(days_past_due, 0)";
    const std::string rate = "toFloat64(nominal_interest_rate) * 100";
    const std::string months =
        "(final_maturity_date - toDate(" + sqlString(end) + "))";  // days, Nullable
    const std::string region =
        loanType == core::LoanType::Retail ? "customer_province_code" : "customer_region_code";
    return {
        {"loan_status", "Loan status", "loan_status_code", "0"},
        {"dpd_bucket", "Days past due",
         "multiIf(" + dpd + " = 0, '0', " + dpd + " <= 30, '1-30', " + dpd + " <= 60, '31-60', " +
             dpd + " <= 90, '61-90', '> 90')",
         "multiIf(" + dpd + " = 0, 0, " + dpd + " <= 30, 1, " + dpd + " <= 60, 2, " + dpd +
             " <= 90, 3, 4)"},
        {"product_type", "Product type", "ifNull(loan_product_type, '(none)')", "0"},
        {"customer_type", "Customer type", "customer_type", "0"},
        {"region", "Region", "ifNull(" + region + ", '(none)')", "0"},
        {"interest_rate_band", "Interest rate band",
         "multiIf(isNull(nominal_interest_rate), '(none)', " + rate + " < 10, '< 10 %', " + rate +
             " < 20, '10-20 %', " + rate + " < 30, '20-30 %', " + rate + " < 40, '30-40 %', " +
             rate + " < 50, '40-50 %', '>= 50 %')",
         "multiIf(isNull(nominal_interest_rate), 9, " + rate + " < 10, 0, " + rate + " < 20, 1, " +
             rate + " < 30, 2, " + rate + " < 40, 3, " + rate + " < 50, 4, 5)"},
        {"remaining_maturity_band", "Remaining maturity",
         "multiIf(isNull(final_maturity_date), '(none)', " + months + " <= 0, 'matured', " +
             months + " <= 365, 'up to 1 year', " + months + " <= 730, '1-2 years', " + months +
             " <= 1826, '2-5 years', 'over 5 years')",
         "multiIf(isNull(final_maturity_date), 9, " + months + " <= 0, 0, " + months +
             " <= 365, 1, " + months + " <= 730, 2, " + months + " <= 1826, 3, 4)"},
    };
}

json rollForwardSummary(Database& db, const Tenant& tenant, core::LoanType loanType,
                        const std::string& syncId) {
    json summary = {{"compared", false},
                    {"rules", json::object()},
                    {"portfolio", nullptr},
                    {"drift", json::array()}};
    ValidationErrorRepository errors(db, tenant.schema);
    for (const auto rule : kRollForwardRules)
        summary["rules"][std::string(rule)] = 0;
    for (const auto& group : errors.groups(syncId, core::FileType::Credit)) {
        if (group.type != core::ErrorType::RollForward) continue;
        summary["rules"][group.field] = summary["rules"].value(group.field, 0) + group.count;
    }
    ValidationErrorFilter filter;
    filter.field = "portfolio_rollforward";
    filter.type = core::ErrorType::RollForward;
    for (const auto& f : errors.page(syncId, filter, 0, 1)) {
        summary["portfolio"] = json::parse(f.rawValue, nullptr, false);
        summary["portfolio_message"] = f.message;
    }
    const auto drift = loadDrift(db, tenant.schema, syncId, core::FileType::Credit);
    summary["compared"] = !drift.empty();
    const double threshold = psiThresholdOfSync(db, tenant.schema, loanType, syncId);
    for (const auto& d : drift)
        if (d.psi && *d.psi > threshold)
            summary["drift"].push_back({{"field", d.field}, {"psi", *d.psi}});
    return summary;
}

json dataQuality(Database& db, const Tenant& tenant, const std::string& syncId) {
    const auto log = SyncLogRepository(db, tenant.schema).find(syncId);
    if (!log) return nullptr;
    json quality = {{"sync_id", log->id},
                    {"status", std::string(toText(log->status))},
                    {"credit",
                     {{"rows_read", log->credit.rowsRead},
                      {"rows_loaded", log->credit.rowsLoaded},
                      {"rows_rejected", log->credit.rowsRejected}}},
                    {"payment_plan",
                     {{"rows_read", log->payment.rowsRead},
                      {"rows_loaded", log->payment.rowsLoaded},
                      {"rows_rejected", log->payment.rowsRejected}}},
                    {"errors", log->errors},
                    {"warnings", log->warnings},
                    {"groups", json::array()}};
    ValidationErrorRepository errors(db, tenant.schema);
    int listed = 0;
    for (const auto& g : summarisedGroups(errors, *log)) {
        if (++listed > 15) break;
        quality["groups"].push_back({{"file_type", std::string(core::toText(g.fileType))},
                                     {"field", g.field},
                                     {"error_type", std::string(core::toText(g.type))},
                                     {"severity", std::string(core::toText(g.severity))},
                                     {"count", g.fired()}});
    }
    return quality;
}

std::string percentText(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f %%", share * 100.0);
    return text;
}

std::string shareText(double share) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", share);
    return text;
}

std::string text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "";
    return value.dump();
}

}  // namespace

ReportBatches resolveReportBatches(Database& db, const Tenant& tenant, core::LoanType loanType,
                                   const std::optional<std::string>& period) {
    LiveBatchRepository live(db, tenant.schema);
    const std::string loanTypeText(core::toText(loanType));
    // The period asked for, else the latest live one (reporting periods: livebatches.h).
    const auto credit = period && !period->empty()
                            ? live.find(loanType, core::FileType::Credit, *period)
                            : live.find(loanType, core::FileType::Credit);
    if (!credit) {
        if (period && !period->empty())
            throw ReportNotFound("no " + loanTypeText + " data of period " + *period);
        throw ReportNotFound("no " + loanTypeText + " credits are loaded");
    }
    ReportBatches batches;
    batches.creditBatch = credit->batchId;
    batches.syncId = credit->syncId;
    batches.period = credit->period;
    if (const auto plan = live.find(loanType, core::FileType::PaymentPlan, credit->period))
        batches.paymentBatch = plan->batchId;
    return batches;
}

json computePeriodReport(ClickHouseClient& client, Database& db, const Tenant& tenant,
                         core::LoanType loanType, const ReportBatches& batches) {
    const auto credits =
        " FROM " + sqlTable(tenant.warehouseDatabase, factTable(core::FileType::Credit)) +
        " WHERE " + sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) +
        " AND " + sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batches.creditBatch);
    // The period's end: remaining maturities count from it.
    const std::string end =
        periodEnd(client, tenant.warehouseDatabase, loanType,
                  PeriodBatches{batches.period, batches.creditBatch, batches.paymentBatch});
    json report = {{"tenant_id", tenant.id},    {"loan_type", std::string(core::toText(loanType))},
                   {"period", batches.period},  {"period_end", end},
                   {"sync_id", batches.syncId}, {"credit_batch", batches.creditBatch}};

    const auto totals =
        rowsOf(client,
               "SELECT count(), toString(sum(outstanding_principal_balance)), "
               "toString(sum(original_loan_amount)), countIf(loan_status_code = 'ACTIVE'), "
               "countIf(loan_status_code = 'CLOSED'), "
               "sum(toFloat64(nominal_interest_rate) * toFloat64(outstanding_principal_balance)) / "
               "sumIf(toFloat64(outstanding_principal_balance), isNotNull(nominal_interest_rate)), "
               "sum(toFloat64(outstanding_principal_balance))" +
                   credits);
    if (totals.size() != 1 || totals[0].size() != 7)
        throw WarehouseError("no answer to the report's totals");
    const auto& t = totals[0];
    const double outstandingTotal = toDouble(t[6]);
    report["portfolio"] = {{"loans", std::stoull(t[0])},        {"outstanding", t[1]},
                           {"original_amount", t[2]},           {"active_loans", std::stoull(t[3])},
                           {"closed_loans", std::stoull(t[4])}, {"weighted_rate", toDouble(t[5])}};

    json tables = json::array();
    for (const auto& s : strata(loanType, end)) {
        json rows = json::array();
        for (const auto& r :
             rowsOf(client, "SELECT " + s.label + " AS bucket, min(" + s.rank +
                                ") AS rank, count(), toString(sum(outstanding_principal_balance)), "
                                "sum(toFloat64(outstanding_principal_balance))" +
                                credits + " GROUP BY bucket ORDER BY rank, bucket"))
            rows.push_back(
                {{"bucket", r.at(0)},
                 {"count", std::stoull(r.at(2))},
                 {"outstanding", r.at(3)},
                 {"share", outstandingTotal > 0 ? toDouble(r.at(4)) / outstandingTotal : 0.0}});
        tables.push_back({{"name", s.name}, {"title", s.title}, {"rows", std::move(rows)}});
    }
    report["stratifications"] = std::move(tables);

    json largest = json::array();
    for (const auto& r :
         rowsOf(client,
                "SELECT loan_account_number, customer_id, "
                "toString(outstanding_principal_balance), "
                "toString(original_loan_amount), ifNull(toString(nominal_interest_rate), ''), "
                "loan_status_code, toString(ifNull(days_past_due, 0)), "
                "ifNull(toString(final_maturity_date), ''), "
                "toFloat64(outstanding_principal_balance)" +
                    credits +
                    " ORDER BY outstanding_principal_balance DESC, "
                    "loan_account_number LIMIT " +
                    std::to_string(kLargestExposures)))
        largest.push_back(
            {{"loan_account_number", r.at(0)},
             {"customer_id", r.at(1)},
             {"outstanding", r.at(2)},
             {"original_amount", r.at(3)},
             {"nominal_interest_rate", r.at(4)},
             {"loan_status", r.at(5)},
             {"days_past_due", std::stoll(r.at(6))},
             {"final_maturity_date", r.at(7)},
             {"share", outstandingTotal > 0 ? toDouble(r.at(8)) / outstandingTotal : 0.0}});
    report["largest_exposures"] = std::move(largest);
    report["roll_forward"] = rollForwardSummary(db, tenant, loanType, batches.syncId);
    report["data_quality"] = dataQuality(db, tenant, batches.syncId);
    return report;
}

std::string periodReportHtml(const json& r) {
    const auto e = [](const std::string& s) { return htmlEscape(s); };
    std::string h =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Period report " +
        e(text(r["tenant_id"])) + " " + e(text(r["loan_type"])) + " " + e(text(r["period"])) +
        "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "margin-bottom:1.5em}th,td{border:1px solid #999;padding:2px 8px}td.n{text-align:right}"
        "</style></head><body>\n";
    h += "<h1>Period report: " + e(text(r["tenant_id"])) + " " + e(text(r["loan_type"])) + " " +
         e(text(r["period"])) + "</h1>\n<p>Period end " + e(text(r["period_end"])) + ", sync " +
         e(text(r["sync_id"])) + "</p>\n";
    const auto& p = r["portfolio"];
    h += "<h2>Portfolio</h2><table><tr><th>Loans</th><th>Active</th><th>Closed</th>"
         "<th>Outstanding</th><th>Original amount</th><th>Weighted rate</th></tr><tr><td "
         "class=\"n\">" +
         text(p["loans"]) + "</td><td class=\"n\">" + text(p["active_loans"]) +
         "</td><td class=\"n\">" + text(p["closed_loans"]) + "</td><td class=\"n\">" +
         e(text(p["outstanding"])) + "</td><td class=\"n\">" + e(text(p["original_amount"])) +
         "</td><td class=\"n\">" + percentText(p["weighted_rate"].get<double>()) +
         "</td></tr></table>\n";
    h += "<h2>Stratifications</h2>\n";
    for (const auto& table : r["stratifications"]) {
        h += "<h3>" + e(text(table["title"])) +
             "</h3><table><tr><th>Bucket</th><th>Count</th><th>Outstanding</th><th>Share</th></tr>";
        for (const auto& row : table["rows"])
            h += "<tr><td>" + e(text(row["bucket"])) + "</td><td class=\"n\">" +
                 text(row["count"]) + "</td><td class=\"n\">" + e(text(row["outstanding"])) +
                 "</td><td class=\"n\">" + percentText(row["share"].get<double>()) + "</td></tr>";
        h += "</table>\n";
    }
    const auto& rf = r["roll_forward"];
    h += "<h2>Roll-forward</h2><table><tr><th>Rule</th><th>Findings</th></tr>";
    for (const auto& [rule, count] : rf["rules"].items())
        h += "<tr><td>" + e(rule) + "</td><td class=\"n\">" + text(count) + "</td></tr>";
    h += "</table>\n";
    if (rf.contains("portfolio_message")) h += "<p>" + e(text(rf["portfolio_message"])) + "</p>\n";
    if (!rf["drift"].empty()) {
        h += "<p>Columns drifted (PSI): ";
        for (const auto& d : rf["drift"])
            h += e(text(d["field"])) + " " + shareText(d["psi"].get<double>()) + "; ";
        h += "</p>\n";
    }
    h += "<h2>Largest exposures</h2><table><tr><th>Loan</th><th>Customer</th><th>Outstanding"
         "</th><th>Share</th><th>Rate</th><th>Status</th><th>DPD</th><th>Maturity</th></tr>";
    for (const auto& x : r["largest_exposures"])
        h += "<tr><td>" + e(text(x["loan_account_number"])) + "</td><td>" +
             e(text(x["customer_id"])) + "</td><td class=\"n\">" + e(text(x["outstanding"])) +
             "</td><td class=\"n\">" + percentText(x["share"].get<double>()) +
             "</td><td class=\"n\">" + e(text(x["nominal_interest_rate"])) + "</td><td>" +
             e(text(x["loan_status"])) + "</td><td class=\"n\">" + text(x["days_past_due"]) +
             "</td><td>" + e(text(x["final_maturity_date"])) + "</td></tr>";
    h += "</table>\n";
    const auto& q = r["data_quality"];
    if (q.is_object()) {
        h += "<h2>Data quality</h2><p>Sync " + e(text(q["sync_id"])) + ": " + e(text(q["status"])) +
             "; credit " + text(q["credit"]["rows_loaded"]) + " of " +
             text(q["credit"]["rows_read"]) + " rows loaded, payment plan " +
             text(q["payment_plan"]["rows_loaded"]) + " of " +
             text(q["payment_plan"]["rows_read"]) + "; " + text(q["errors"]) + " errors, " +
             text(q["warnings"]) +
             " warnings.</p><table><tr><th>File</th><th>Field</th>"
             "<th>Type</th><th>Severity</th><th>Count</th></tr>";
        for (const auto& g : q["groups"])
            h += "<tr><td>" + e(text(g["file_type"])) + "</td><td>" + e(text(g["field"])) +
                 "</td><td>" + e(text(g["error_type"])) + "</td><td>" + e(text(g["severity"])) +
                 "</td><td class=\"n\">" + text(g["count"]) + "</td></tr>";
        h += "</table>\n";
    }
    h += "</body></html>\n";
    return h;
}

std::string periodReportCsv(const json& r) {
    std::string out = "section;item;count;outstanding;share\n";
    const auto line = [&](const std::string& section, const std::string& item,
                          const std::string& count, const std::string& outstanding,
                          const std::string& share) {
        out += csvField(section) + ';' + csvField(item) + ';' + csvField(count) + ';' +
               csvField(outstanding) + ';' + csvField(share) + '\n';
    };
    const auto& p = r["portfolio"];
    line("portfolio", "loans", text(p["loans"]), text(p["outstanding"]), "1.000000");
    line("portfolio", "active loans", text(p["active_loans"]), "", "");
    line("portfolio", "closed loans", text(p["closed_loans"]), "", "");
    line("portfolio", "original amount", "", text(p["original_amount"]), "");
    line("portfolio", "weighted rate", "", "", shareText(p["weighted_rate"].get<double>()));
    for (const auto& table : r["stratifications"])
        for (const auto& row : table["rows"])
            line(text(table["name"]), text(row["bucket"]), text(row["count"]),
                 text(row["outstanding"]), shareText(row["share"].get<double>()));
    for (const auto& [rule, count] : r["roll_forward"]["rules"].items())
        line("roll_forward", rule, text(count), "", "");
    if (r["roll_forward"]["portfolio"].is_object())
        for (const auto& [figure, value] : r["roll_forward"]["portfolio"].items())
            line("roll_forward_portfolio", figure, "", text(value), "");
    for (const auto& d : r["roll_forward"]["drift"])
        line("drift", text(d["field"]), "", "", shareText(d["psi"].get<double>()));
    for (const auto& x : r["largest_exposures"])
        line("largest_exposures", text(x["loan_account_number"]), "1", text(x["outstanding"]),
             shareText(x["share"].get<double>()));
    const auto& q = r["data_quality"];
    if (q.is_object()) {
        for (const auto* file : {"credit", "payment_plan"})
            for (const auto* figure : {"rows_read", "rows_loaded", "rows_rejected"})
                line("data_quality", std::string(file) + " " + figure, text(q[file][figure]), "",
                     "");
        for (const auto& g : q["groups"])
            line("data_quality_findings",
                 text(g["file_type"]) + " " + text(g["field"]) + " " + text(g["error_type"]) + " " +
                     text(g["severity"]),
                 text(g["count"]), "", "");
    }
    return out;
}

std::string renderPeriodReport(const json& report, std::string_view format) {
    if (format == "html") return periodReportHtml(report);
    if (format == "csv") return periodReportCsv(report);
    return report.dump(2);
}

}  // namespace findata::agent
