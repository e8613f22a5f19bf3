// Roll-forward checks (rollforward.h): one ClickHouse statement over both credit batches for every
// per-loan rule and the portfolio's credit sums, one over both payment plans (beside it) for the
// repaid principal; only the loans a rule fires on travel back, streamed into findings.

#include "agent/sync/rollforward.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
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
        const auto since = [](std::chrono::steady_clock::time_point started) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                .count();
        };
        const bool portfolio = enabled("portfolio_rollforward");
        bool anyLoanRule = portfolio;
        for (const auto rule : kRollForwardRules)
            anyLoanRule = anyLoanRule || enabled(rule);
        if (!anyLoanRule) return m_result;
        // The plans' repaid principal runs beside the credits' statement, on a connection of
        // its own: each join builds its hash table on one thread, so the two overlap.
        const bool planCompared =
            !m_current.paymentBatch.empty() && !m_previous.paymentBatch.empty();
        std::future<std::int64_t> repaid;
        std::int64_t repaidMs = 0;
        if (portfolio && planCompared)
            repaid = std::async(std::launch::async, [this, &since, &repaidMs] {
                const auto started = std::chrono::steady_clock::now();
                const auto units = repaidPrincipal();
                repaidMs = since(started);
                return units;
            });
        const auto started = std::chrono::steady_clock::now();
        Sums sums;
        try {
            sums = loans();
        } catch (...) {
            if (repaid.valid()) repaid.wait();
            throw;
        }
        m_result.timings["loans"] = since(started);
        if (portfolio) {
            const auto waited = std::chrono::steady_clock::now();
            const std::int64_t principalRepaid = repaid.valid() ? repaid.get() : 0;
            if (repaid.valid() || planCompared) {
                m_result.timings["repaid_principal"] = repaidMs;
                m_result.timings["repaid_principal_wait"] = since(waited);
            }
            portfolioFinding(sums, principalRepaid, planCompared);
        }
        return m_result;
    }

private:
    struct Sums {
        std::int64_t previousOutstanding = 0, outstanding = 0, newLoans = 0;
    };

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

    // Every per-loan rule and the portfolio's credit sums in one statement: the two credit
    // batches joined once (ALL FULL JOIN: a loan only in the previous batch is a missing-loan
    // candidate, one only in this batch a new loan). The loans a rule fires on are collected
    // (groupArrayIf, sorted as the findings are written: missing loans by the previous file's
    // line, then the others by this file's) and unfolded into rows beside the sums (LEFT ARRAY
    // JOIN: one row of sums alone when nothing fires). Replaces a NOT IN scan for the missing
    // loans, a join for the changes and a NOT IN scan for the new loans' amounts, which built
    // the same hash table of a batch's loans three times.
    // The previous batch's side is the join's hash table, so it carries only numbers: its
    // texts as 64-bit hashes (customer id, product) and whether the loan was still open; the
    // texts a message quotes are read afterwards for the few loans that need them
    // (previousTexts). Carrying the texts cost the statement about a third more.
    Sums loans() {
        const std::string days = std::to_string(m_result.daysBetween);
        const std::string both = "has_cur AND has_prev";
        const std::string customerChanged = "cityHash64(customer_id) != p_customer";
        const std::string amountChanged = "original_loan_amount != p_original";
        // Day numbers, NULL as a day no date has: no text made of every loan's dates.
        const std::string startChanged =
            "ifNull(toUInt32(loan_start_date), 4294967295) != ifNull(toUInt32(p_start), "
            "4294967295)";
        const std::string productChanged = "cityHash64(ifNull(loan_product_type, '')) != p_product";
        const std::string fMissing =
            enabled("missing_loan") ? "(has_prev AND NOT has_cur AND p_open)" : "0";
        const std::string fImmutable = enabled("immutable_changed")
                                           ? "(" + both + " AND (" + customerChanged + " OR " +
                                                 amountChanged + " OR " + startChanged + " OR " +
                                                 productChanged + "))"
                                           : "0";
        const std::string fGrew =
            enabled("principal_grew")
                ? "(" + both +
                      " AND outstanding_principal_balance > p_outstanding AND "
                      "original_loan_amount <= p_original AND ifNull(total_installment_count, -1) "
                      "= ifNull(p_total, -1))"
                : "0";
        const std::string fFewer =
            enabled("installments_decreased")
                ? "(" + both +
                      " AND isNotNull(paid_installment_count) AND isNotNull(p_paid) AND "
                      "paid_installment_count < p_paid)"
                : "0";
        const std::string fDpd = enabled("dpd_jump")
                                     ? "(" + both +
                                           " AND toInt64(ifNull(days_past_due, 0)) - "
                                           "toInt64(ifNull(p_dpd, 0)) > " +
                                           days + ")"
                                     : "0";
        const std::string fires =
            fMissing + " OR " + fImmutable + " OR " + fGrew + " OR " + fFewer + " OR " + fDpd;
        // The finding's tuple (the Fired columns): its sort key, the rule flags, then what the
        // messages say, collected as they are stored and made text only for the loans collected.
        const std::vector<std::pair<std::string, std::string>> parts = {
            {"has_cur", "{}"},
            {"if(has_cur, source_line, p_line)", "{}"},
            {"loan_account_number", "{}"},
            {fMissing, "{}"},
            {fImmutable, "{}"},
            {fGrew, "{}"},
            {fFewer, "{}"},
            {fDpd, "{}"},
            {"p_line", "{}"},
            {customerChanged, "{}"},
            {amountChanged, "{}"},
            {startChanged, "{}"},
            {productChanged, "{}"},
            {"customer_id", "{}"},
            {"original_loan_amount", "toString({})"},
            {"p_original", "toString({})"},
            {"loan_start_date", "ifNull(toString({}), '')"},
            {"p_start", "ifNull(toString({}), '')"},
            {"loan_product_type", "ifNull({}, '')"},
            {"outstanding_principal_balance", "toString({})"},
            {"p_outstanding", "toString({})"},
            {"paid_installment_count", "ifNull(toString({}), '')"},
            {"p_paid", "ifNull(toString({}), '')"},
            {"days_past_due", "toString(ifNull({}, 0))"},
            {"p_dpd", "toString(ifNull({}, 0))"},
        };
        static_assert(Fired::kColumns == 25);
        std::string finding = "tuple(";
        std::string columns = "toString(p_sum), toString(c_sum), toString(new_sum), length(found)";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            finding += (i ? ", " : "") + parts[i].first;
            const auto element = "tupleElement(f, " + std::to_string(i + 1) + ")";
            auto format = parts[i].second;
            format.replace(format.find("{}"), 2, element);
            columns += ", " + format;
        }
        finding += ")";
        const std::string sql =
            "SELECT " + columns +
            " FROM (SELECT sum(p_outstanding) AS p_sum, sum(outstanding_principal_balance) AS "
            "c_sum, sumIf(original_loan_amount, NOT has_prev) AS new_sum, groupArrayIf(" +
            finding + ", " + fires +
            ") AS found FROM (SELECT loan_account_number, toUInt8(1) AS has_cur, source_line, "
            "customer_id, original_loan_amount, loan_start_date, loan_product_type, "
            "outstanding_principal_balance, total_installment_count, paid_installment_count, "
            "days_past_due" +
            credit(m_current) +
            ") ALL FULL JOIN (SELECT loan_account_number, toUInt8(1) AS has_prev, source_line AS "
            "p_line, cityHash64(customer_id) AS p_customer, original_loan_amount AS p_original, "
            "loan_start_date AS p_start, cityHash64(ifNull(loan_product_type, '')) AS p_product, "
            "outstanding_principal_balance AS p_outstanding, total_installment_count AS p_total, "
            "paid_installment_count AS p_paid, days_past_due AS p_dpd, (loan_status_code != "
            "'CLOSED' AND isNull(loan_closing_date) AND (isNull(final_maturity_date) OR "
            "final_maturity_date > toDate(" +
            sqlString(m_result.currentEnd) + "))) AS p_open" + credit(m_previous) +
            ") USING loan_account_number) LEFT ARRAY JOIN arraySort(x -> (tupleElement(x, 1), "
            "tupleElement(x, 2), tupleElement(x, 3)), found) AS f";
        Sums sums;
        bool answered = false;
        std::vector<Fired> waiting;  // loans whose messages quote the previous batch's texts
        eachRow(m_client, sql, [&](const std::vector<std::string>& row) {
            if (row.size() != 4 + Fired::kColumns) return;
            if (!answered) {
                sums = {units(row[0]), units(row[1]), units(row[2])};
                answered = true;
            }
            if (row[3] == "0") return;  // nothing fired: the sums alone
            Fired fired{std::vector<std::string>(row.begin() + 4, row.end())};
            if (!fired.quotesPrevious()) return onLoan(fired, {});
            waiting.push_back(std::move(fired));
            if (waiting.size() == kTextsAtOnce) reportWaiting(waiting);
        });
        if (!answered) throw WarehouseError("no answer to the roll-forward of the credits");
        reportWaiting(waiting);
        return sums;
    }

    // One loan a rule fired on: the finding tuple of loans(), named.
    struct Fired {
        static constexpr std::size_t kColumns = 25;
        std::vector<std::string> r;
        bool is(std::size_t i) const { return r[i] == "1"; }
        const std::string& loan() const { return r[2]; }
        bool missing() const { return is(3); }
        bool quotesPrevious() const { return missing() || (is(4) && (is(9) || is(12))); }
    };
    // What a message quotes of the previous batch's loan.
    struct PreviousTexts {
        std::string customer, product, status, maturity;
    };
    static constexpr std::size_t kTextsAtOnce = 1000;

    // The previous batch's texts of the waiting loans (one statement: the loans by their sort
    // key, ClickHouse reads only their granules), then their findings.
    void reportWaiting(std::vector<Fired>& waiting) {
        if (waiting.empty()) return;
        std::string loans;
        for (const auto& fired : waiting)
            loans += (loans.empty() ? "" : ", ") + sqlString(fired.loan());
        std::map<std::string, PreviousTexts> texts;
        eachRow(m_client,
                "SELECT loan_account_number, customer_id, ifNull(loan_product_type, ''), "
                "loan_status_code, ifNull(toString(final_maturity_date), '')" +
                    credit(m_previous) + " AND loan_account_number IN (" + loans + ")",
                [&](const std::vector<std::string>& r) {
                    if (r.size() == 5) texts[r[0]] = {r[1], r[2], r[3], r[4]};
                });
        for (const auto& fired : waiting) {
            const auto found = texts.find(fired.loan());
            if (found == texts.end())
                throw WarehouseError("loan " + fired.loan() + " vanished from batch " +
                                     m_previous.creditBatch + " during the roll-forward checks");
            onLoan(fired, found->second);
        }
        waiting.clear();
    }

    void onLoan(const Fired& fired, const PreviousTexts& previous) {
        const auto& r = fired.r;
        const auto& loan = fired.loan();
        if (fired.missing()) {
            report("missing_loan", toLine(r[8]),
                   "loan " + loan + " (line " + r[8] +
                       " of the previous period's credit file, status " + previous.status +
                       ", final maturity " + orDash(previous.maturity) +
                       ") is missing from this period although it was neither closed nor "
                       "matured by " +
                       m_result.currentEnd,
                   loan);
            return;
        }
        const auto line = toLine(r[1]);
        const std::string where = "loan " + loan + " (previous period: line " + r[8] + "): ";
        if (fired.is(4)) {
            std::string changes;
            const auto add = [&](bool changed, std::string_view name, const std::string& was,
                                 const std::string& now) {
                if (!changed) return;
                if (!changes.empty()) changes += "; ";
                changes += std::string(name) + " " + orDash(was) + " → " + orDash(now);
            };
            add(fired.is(9), "customer_id", previous.customer, r[13]);
            add(fired.is(10), "original_loan_amount", r[15], r[14]);
            add(fired.is(11), "loan_start_date", r[17], r[16]);
            add(fired.is(12), "loan_product_type", previous.product, r[18]);
            report("immutable_changed", line,
                   where + "attributes that never change did since the previous period: " + changes,
                   loan);
        }
        if (fired.is(5))
            report("principal_grew", line,
                   where + "outstanding principal grew from " + r[20] + " to " + r[19] +
                       " although neither the original amount (a new disbursement) nor the "
                       "total installment count (a restructuring) changed",
                   loan);
        if (fired.is(6))
            report("installments_decreased", line,
                   where + "paid installment count went down from " + r[22] + " to " + r[21], loan);
        if (fired.is(7))
            report("dpd_jump", line,
                   where + "days past due rose from " + r[24] + " to " + r[23] +
                       ", more than the " + std::to_string(m_result.daysBetween) +
                       " days between the period ends (" + m_result.previousEnd + " → " +
                       m_result.currentEnd + ")",
                   loan);
    }

    // Principal repaid: principal_component of this plan's installments paid now that were not
    // paid in the previous plan. Runs on its own thread (run()): touches no member but reads.
    // The installments are compared by a 64-bit hash of (loan, installment) in a NOT IN set,
    // which 18.16 builds and probes in a third of a join's time on (loan, installment); two
    // different installments of 3 M-row plans share a hash with odds below 1 in 2 million,
    // and would only drop that installment's principal from the figure.
    std::int64_t repaidPrincipal() const {
        const std::string paid =
            "(isNotNull(actual_payment_date) OR ifNull(installment_status, '') = 'CLOSED')";
        const std::string installment = "cityHash64(loan_account_number, installment_number)";
        const std::string sql =
            "SELECT toString(sum(principal_component))" +
            fromBatch(m_database, core::FileType::PaymentPlan, m_loanType, m_current.paymentBatch) +
            " AND " + paid + " AND " + installment + " NOT IN (SELECT " + installment +
            fromBatch(m_database, core::FileType::PaymentPlan, m_loanType,
                      m_previous.paymentBatch) +
            " AND " + paid + ")";
        std::int64_t repaid = 0;
        eachRow(m_client, sql, [&](const std::vector<std::string>& r) {
            if (r.size() == 1) repaid = units(r[0]);
        });
        return repaid;
    }

    // Previous outstanding − principal repaid + new loans against this outstanding.
    void portfolioFinding(const Sums& sums, std::int64_t repaid, bool planCompared) {
        PortfolioRollForward p;
        const auto previous = sums.previousOutstanding;
        const auto outstanding = sums.outstanding;
        const auto fresh = sums.newLoans;
        p.planCompared = planCompared;
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
