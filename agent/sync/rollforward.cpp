// Roll-forward checks (rollforward.h): one ClickHouse query per family of rules; only the loans
// a rule fires on travel back, streamed into findings.

#include "agent/sync/rollforward.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "agent/store/rulespolicy.h"
#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"

namespace findata::agent {
namespace {

std::string batchFilter(core::LoanType loanType, std::string_view batch) {
    return sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) + " AND " +
           sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batch);
}

std::string fromBatch(std::string_view database, core::FileType file, core::LoanType loanType,
                      std::string_view batch) {
    return " FROM " + sqlTable(database, factTable(file)) + " WHERE " +
           batchFilter(loanType, batch);
}

// Streams the rows of a TabSeparated answer.
void eachRow(ClickHouseClient& client, const std::string& sql,
             const std::function<void(const std::vector<std::string>&)>& onRow) {
    LineSplitter lines;
    const auto onLine = [&](std::string_view line) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            fields.push_back(unescapeTsv(line.substr(start, tab - start)));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        onRow(fields);
    };
    client.queryStream(sql + " FORMAT TabSeparated", [&](std::string_view chunk) {
        lines.feed(chunk, onLine);
        return true;
    });
    lines.finish(onLine);
}

std::uint64_t toLine(const std::string& text) {
    return text.empty() ? 0 : std::stoull(text);
}

std::chrono::sys_days parseDay(const std::string& text) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(text.c_str(), "%d-%u-%u", &y, &m, &d) != 3)
        throw WarehouseError("not a date: '" + text + "'");
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m},
                                       std::chrono::day{d}};
}

std::int64_t units(const std::string& text) {
    const auto parsed = core::parseDecimal(text, 2, false);
    if (!parsed.ok()) throw WarehouseError("ClickHouse answered '" + text + "' for an amount");
    return parsed.value.units;
}

std::string amountText(std::int64_t u) {
    return core::toText(core::Decimal{u, 2});
}

std::string orDash(const std::string& text) {
    return text.empty() ? "(none)" : text;
}

class Checks final {
public:
    Checks(ClickHouseClient& client, std::string_view database, core::LoanType loanType,
           const PeriodBatches& current, const PeriodBatches& previous,
           const RollForwardPolicy& policy,
           const std::function<void(const core::Finding&)>& onFinding)
        : m_client(client),
          m_database(database),
          m_loanType(loanType),
          m_current(current),
          m_previous(previous),
          m_policy(policy),
          m_onFinding(onFinding) {}

    RollForwardResult run() {
        m_result.currentEnd = periodEnd(m_client, m_database, m_loanType, m_current);
        m_result.previousEnd = periodEnd(m_client, m_database, m_loanType, m_previous);
        m_result.daysBetween =
            (parseDay(m_result.currentEnd) - parseDay(m_result.previousEnd)).count();
        const auto timed = [&](const char* part, const auto& run) {
            const auto started = std::chrono::steady_clock::now();
            run();
            m_result.timings[part] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - started)
                                         .count();
        };
        if (enabled("missing_loan")) timed("missing_loan", [&] { missingLoans(); });
        timed("loan_changes", [&] { loanChanges(); });
        if (enabled("portfolio_rollforward")) timed("portfolio", [&] { portfolio(); });
        return m_result;
    }

private:
    bool enabled(std::string_view rule) const {
        return m_policy.severityOf(rule) != RuleSeverity::Off;
    }

    void report(std::string_view rule, std::uint64_t line, std::string message, std::string value) {
        const auto severity = m_policy.severityOf(rule);
        if (severity == RuleSeverity::Off) return;
        core::Finding f;
        f.line = line;
        f.field = std::string(rule);
        f.type = core::ErrorType::RollForward;
        f.severity =
            severity == RuleSeverity::Error ? core::Severity::Error : core::Severity::Warning;
        f.message = std::move(message);
        f.value = std::move(value);
        ++m_result.counts[std::string(rule)];
        ++(severity == RuleSeverity::Error ? m_result.errors : m_result.warnings);
        m_onFinding(f);
    }

    std::string credit(const PeriodBatches& b) const {
        return fromBatch(m_database, core::FileType::Credit, m_loanType, b.creditBatch);
    }

    // Loans of the previous period absent now, neither closed nor matured by this period's end.
    void missingLoans() {
        const std::string sql =
            "SELECT loan_account_number, source_line, loan_status_code, "
            "ifNull(toString(final_maturity_date), '')" +
            credit(m_previous) +
            " AND loan_status_code != 'CLOSED' AND isNull(loan_closing_date)"
            " AND (isNull(final_maturity_date) OR final_maturity_date > toDate(" +
            sqlString(m_result.currentEnd) +
            "))"
            " AND loan_account_number NOT IN (SELECT loan_account_number" +
            credit(m_current) + ") ORDER BY source_line, loan_account_number";
        eachRow(m_client, sql, [&](const std::vector<std::string>& r) {
            if (r.size() != 4) return;
            report("missing_loan", toLine(r[1]),
                   "loan " + r[0] + " (line " + r[1] +
                       " of the previous period's credit file, status " + r[2] +
                       ", final maturity " + orDash(r[3]) +
                       ") is missing from this period although it was neither closed nor "
                       "matured by " +
                       m_result.currentEnd,
                   r[0]);
        });
    }

    // The rules comparing a loan present in both periods, in one join; only loans on which at
    // least one fires come back, with a flag per rule.
    void loanChanges() {
        const bool immutable = enabled("immutable_changed");
        const bool grew = enabled("principal_grew");
        const bool fewer = enabled("installments_decreased");
        const bool dpd = enabled("dpd_jump");
        if (!immutable && !grew && !fewer && !dpd) return;
        const std::string days = std::to_string(m_result.daysBetween);
        const std::string customerChanged = "customer_id != p_customer_id";
        const std::string amountChanged = "original_loan_amount != p_original";
        const std::string startChanged =
            "ifNull(toString(loan_start_date), '') != ifNull(toString(p_start), '')";
        const std::string productChanged = "ifNull(loan_product_type, '') != ifNull(p_product, '')";
        const std::string fImmutable = immutable ? "(" + customerChanged + " OR " + amountChanged +
                                                       " OR " + startChanged + " OR " +
                                                       productChanged + ")"
                                                 : "0";
        const std::string fGrew =
            grew ? "(outstanding_principal_balance > p_outstanding AND original_loan_amount <= "
                   "p_original AND ifNull(total_installment_count, -1) = ifNull(p_total, -1))"
                 : "0";
        const std::string fFewer =
            fewer ? "(isNotNull(paid_installment_count) AND isNotNull(p_paid) AND "
                    "paid_installment_count < p_paid)"
                  : "0";
        const std::string fDpd =
            dpd ? "(toInt64(ifNull(days_past_due, 0)) - toInt64(ifNull(p_dpd, 0)) > " + days + ")"
                : "0";
        const std::string sql =
            "SELECT loan_account_number, source_line, p_line, " + fImmutable + ", " + fGrew + ", " +
            fFewer + ", " + fDpd + ", " + customerChanged + ", " + amountChanged + ", " +
            startChanged + ", " + productChanged +
            ", customer_id, p_customer_id, toString(original_loan_amount), toString(p_original), "
            "ifNull(toString(loan_start_date), ''), ifNull(toString(p_start), ''), "
            "ifNull(loan_product_type, ''), ifNull(p_product, ''), "
            "toString(outstanding_principal_balance), toString(p_outstanding), "
            "ifNull(toString(paid_installment_count), ''), ifNull(toString(p_paid), ''), "
            "toString(ifNull(days_past_due, 0)), toString(ifNull(p_dpd, 0))"
            " FROM (SELECT loan_account_number, source_line, customer_id, original_loan_amount, "
            "loan_start_date, loan_product_type, outstanding_principal_balance, "
            "total_installment_count, paid_installment_count, days_past_due" +
            credit(m_current) +
            ") ALL INNER JOIN (SELECT loan_account_number, source_line AS p_line, "
            "customer_id AS p_customer_id, original_loan_amount AS p_original, loan_start_date AS "
            "p_start, loan_product_type AS p_product, outstanding_principal_balance AS "
            "p_outstanding, total_installment_count AS p_total, paid_installment_count AS p_paid, "
            "days_past_due AS p_dpd" +
            credit(m_previous) + ") USING loan_account_number WHERE " + fImmutable + " OR " +
            fGrew + " OR " + fFewer + " OR " + fDpd + " ORDER BY source_line, loan_account_number";
        eachRow(m_client, sql, [&](const std::vector<std::string>& r) {
            if (r.size() != 25) return;
            const auto& loan = r[0];
            const auto line = toLine(r[1]);
            const std::string where = "loan " + loan + " (previous period: line " + r[2] + "): ";
            if (r[3] == "1") {
                std::string changes;
                const auto add = [&](bool changed, std::string_view name, const std::string& was,
                                     const std::string& now) {
                    if (!changed) return;
                    if (!changes.empty()) changes += "; ";
                    changes += std::string(name) + " " + orDash(was) + " → " + orDash(now);
                };
                add(r[7] == "1", "customer_id", r[12], r[11]);
                add(r[8] == "1", "original_loan_amount", r[14], r[13]);
                add(r[9] == "1", "loan_start_date", r[16], r[15]);
                add(r[10] == "1", "loan_product_type", r[18], r[17]);
                report("immutable_changed", line,
                       where +
                           "attributes that never change did since the previous period: " + changes,
                       loan);
            }
            if (r[4] == "1")
                report("principal_grew", line,
                       where + "outstanding principal grew from " + r[20] + " to " + r[19] +
                           " although neither the original amount (a new disbursement) nor the "
                           "total installment count (a restructuring) changed",
                       loan);
            if (r[5] == "1")
                report("installments_decreased", line,
                       where + "paid installment count went down from " + r[22] + " to " + r[21],
                       loan);
            if (r[6] == "1")
                report("dpd_jump", line,
                       where + "days past due rose from " + r[24] + " to " + r[23] +
                           ", more than the " + days + " days between the period ends (" +
                           m_result.previousEnd + " → " + m_result.currentEnd + ")",
                       loan);
        });
    }

    // Previous outstanding − principal repaid + new loans against this outstanding.
    void portfolio() {
        const auto credits = sqlTable(m_database, factTable(core::FileType::Credit));
        const auto inCurrent =
            sqlIdentifier(kBatchIdColumn) + " = " + sqlString(m_current.creditBatch);
        const auto inPrevious =
            sqlIdentifier(kBatchIdColumn) + " = " + sqlString(m_previous.creditBatch);
        // Conditional sums in one scan: 18.16 cannot compute with Decimal scalar subqueries.
        const std::string sums =
            "SELECT toString(sumIf(outstanding_principal_balance, " + inPrevious +
            ")), toString(sumIf(outstanding_principal_balance, " + inCurrent +
            ")), toString(sumIf(original_loan_amount, " + inCurrent +
            " AND loan_account_number NOT IN (SELECT loan_account_number" + credit(m_previous) +
            "))) FROM " + credits + " WHERE " + sqlIdentifier(kLoanTypeColumn) + " = " +
            sqlString(core::toText(m_loanType)) + " AND " + sqlIdentifier(kBatchIdColumn) +
            " IN (" + sqlString(m_current.creditBatch) + ", " + sqlString(m_previous.creditBatch) +
            ")";
        std::vector<std::string> figures;
        eachRow(m_client, sums, [&](const std::vector<std::string>& r) { figures = r; });
        if (figures.size() != 3) throw WarehouseError("no answer to the portfolio roll-forward");
        PortfolioRollForward p;
        const auto previous = units(figures[0]);
        const auto outstanding = units(figures[1]);
        const auto fresh = units(figures[2]);
        std::int64_t repaid = 0;
        p.planCompared = !m_current.paymentBatch.empty() && !m_previous.paymentBatch.empty();
        if (p.planCompared) {
            const std::string paid =
                "(isNotNull(actual_payment_date) OR ifNull(installment_status, '') = 'CLOSED')";
            const std::string sql =
                "SELECT toString(sum(principal_component)) FROM (SELECT loan_account_number, "
                "installment_number, principal_component" +
                fromBatch(m_database, core::FileType::PaymentPlan, m_loanType,
                          m_current.paymentBatch) +
                " AND " + paid +
                ") ANY LEFT JOIN (SELECT loan_account_number, installment_number, toUInt8(1) AS "
                "was_paid" +
                fromBatch(m_database, core::FileType::PaymentPlan, m_loanType,
                          m_previous.paymentBatch) +
                " AND " + paid +
                ") USING (loan_account_number, installment_number) WHERE was_paid "
                "!= 1";
            eachRow(m_client, sql, [&](const std::vector<std::string>& r) {
                if (r.size() == 1) repaid = units(r[0]);
            });
        }
        const auto expected = previous - repaid + fresh;
        const auto difference = outstanding - expected;
        p.previousOutstanding = amountText(previous);
        p.principalRepaid = amountText(repaid);
        p.newLoans = amountText(fresh);
        p.expected = amountText(expected);
        p.outstanding = amountText(outstanding);
        p.difference = amountText(difference);
        p.differenceShare = previous == 0 ? (difference == 0 ? 0.0 : 1.0)
                                          : std::fabs(static_cast<double>(difference)) /
                                                static_cast<double>(std::llabs(previous));
        p.withinTolerance = p.differenceShare <= m_policy.tolerance;
        m_result.portfolio = p;
        if (p.withinTolerance) return;
        char share[64];
        std::snprintf(share, sizeof share, "%.2f %% of the previous outstanding, tolerance %.2f %%",
                      p.differenceShare * 100.0, m_policy.tolerance * 100.0);
        const nlohmann::json figures_json = {{"previous_outstanding", p.previousOutstanding},
                                             {"principal_repaid", p.principalRepaid},
                                             {"new_loans", p.newLoans},
                                             {"expected_outstanding", p.expected},
                                             {"outstanding", p.outstanding},
                                             {"difference", p.difference},
                                             {"plan_compared", p.planCompared}};
        report("portfolio_rollforward", 0,
               std::string(core::toText(m_loanType)) +
                   " portfolio does not roll forward: previous "
                   "outstanding " +
                   p.previousOutstanding + " − principal repaid " + p.principalRepaid +
                   (p.planCompared ? "" : " (no payment plan to compare)") + " + new loans " +
                   p.newLoans + " = " + p.expected +
                   " expected, but this period's outstanding is " + p.outstanding +
                   " (difference " + p.difference + ", " + share + ")",
               figures_json.dump());
    }

    ClickHouseClient& m_client;
    std::string m_database;
    core::LoanType m_loanType;
    const PeriodBatches& m_current;
    const PeriodBatches& m_previous;
    const RollForwardPolicy& m_policy;
    const std::function<void(const core::Finding&)>& m_onFinding;
    RollForwardResult m_result;
};

}  // namespace

std::string_view toText(RuleSeverity s) {
    switch (s) {
        case RuleSeverity::Off:
            return "off";
        case RuleSeverity::Error:
            return "error";
        case RuleSeverity::Warning:
            break;
    }
    return "warning";
}

std::optional<RuleSeverity> parseRuleSeverity(std::string_view text) {
    for (const auto s : {RuleSeverity::Off, RuleSeverity::Warning, RuleSeverity::Error})
        if (toText(s) == text) return s;
    return std::nullopt;
}

RuleSeverity RollForwardPolicy::severityOf(std::string_view rule) const {
    const auto found = rules.find(rule);
    return found == rules.end() ? RuleSeverity::Warning : found->second;
}

RollForwardPolicy rollForwardPolicyOf(const RollForwardRules& stored) {
    RollForwardPolicy policy;
    for (const auto& [rule, level] : stored.rules)
        policy.rules[rule] = level == core::RuleLevel::Error ? RuleSeverity::Error
                             : level == core::RuleLevel::Off ? RuleSeverity::Off
                                                             : RuleSeverity::Warning;
    policy.tolerance = stored.tolerance;
    policy.psiThreshold = stored.psiThreshold;
    return policy;
}

std::string periodEnd(ClickHouseClient& client, std::string_view database, core::LoanType loanType,
                      const PeriodBatches& batches) {
    using namespace std::chrono;
    int y = 0;
    unsigned m = 0;
    if (batches.period.size() == 7 && std::sscanf(batches.period.c_str(), "%d-%u", &y, &m) == 2 &&
        m >= 1 && m <= 12) {
        const year_month_day last{year{y} / month{m} / std::chrono::last};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", int(last.year()), unsigned(last.month()),
                      unsigned(last.day()));
        return text;
    }
    std::string end;
    eachRow(client,
            "SELECT toString(toDate(max(" + sqlIdentifier(kLoadedAtColumn) + ")))" +
                fromBatch(database, core::FileType::Credit, loanType, batches.creditBatch),
            [&](const std::vector<std::string>& r) {
                if (!r.empty()) end = r[0];
            });
    if (end.empty()) throw WarehouseError("credit batch " + batches.creditBatch + " not found");
    return end;
}

RollForwardResult runRollForward(ClickHouseClient& client, std::string_view database,
                                 core::LoanType loanType, const PeriodBatches& current,
                                 const PeriodBatches& previous, const RollForwardPolicy& policy,
                                 const std::function<void(const core::Finding&)>& onFinding) {
    if (current.creditBatch.empty() || previous.creditBatch.empty())
        throw std::invalid_argument("roll-forward checks need both periods' credit batches");
    return Checks(client, database, loanType, current, previous, policy, onFinding).run();
}

}  // namespace findata::agent
