// The period report against real databases and a real agent: BANK001 RETAIL synced, then a
// second delivery (one loan gone, one new, rates shifted); every figure of the portfolio and the
// stratification tables equals a computation here from the CSV as the core reads it; the
// roll-forward summary lists the second sync's findings; the API serves JSON, HTML and CSV (404
// for a period not loaded, 400 for a malformed one), the CLI writes the file, and the profile
// shows the drift figures beside each column.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/periodreport.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "support/agentprocess.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(FileType file) {
    return test::samplePath("BANK001", LoanType::Retail, file);
}

// The accepted credit rows as the core reads them.
struct Loan {
    std::string number, status, customerType, province;
    std::int64_t outstanding = 0;                     // cents
    std::optional<std::int64_t> rate, dpd, maturity;  // rate: millionths; maturity: epoch days
};

struct Loans final : core::RowSink {
    std::vector<Loan> loans;
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        const auto at = [&](const char* name) -> const core::Value& {
            return row.values[static_cast<std::size_t>(core::fieldIndex(FileType::Credit, name))];
        };
        const auto opt = [&](const char* name) {
            const auto& v = at(name);
            return v.null ? std::optional<std::int64_t>() : std::optional<std::int64_t>(v.i);
        };
        Loan l;
        l.number = std::string(at("loan_account_number").s);
        l.status = std::string(at("loan_status_code").s);
        l.customerType = std::string(at("customer_type").s);
        l.province = at("customer_province_code").null
                         ? "(none)"
                         : std::string(at("customer_province_code").s);
        l.outstanding = at("outstanding_principal_balance").i;
        l.rate = opt("nominal_interest_rate");
        l.dpd = opt("days_past_due");
        l.maturity = opt("final_maturity_date");
        loans.push_back(std::move(l));
    }
};

Loans readLoans(const std::string& path) {
    Loans l;
    core::FileProcessor p(FileType::Credit, LoanType::Retail, &l);
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    p.feed(text);
    p.finish();
    return l;
}

std::int64_t epochDays(const std::string& ymd) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(ymd.c_str(), "%d-%u-%u", &y, &m, &d);
    return std::chrono::sys_days(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d})
        .time_since_epoch()
        .count();
}

// The bucket of a loan in each table, by the report's documented rules.
std::map<std::string, std::string> bucketsOf(const Loan& l, std::int64_t end) {
    std::map<std::string, std::string> b;
    b["loan_status"] = l.status;
    const auto dpd = l.dpd.value_or(0);
    b["dpd_bucket"] = dpd == 0    ? "0"
                      : dpd <= 30 ? "1-30"
                      : dpd <= 60 ? "31-60"
                      : dpd <= 90 ? "61-90"
                                  : "> 90";
    b["product_type"] = "(none)";
    b["customer_type"] = l.customerType;
    b["region"] = l.province;
    if (!l.rate) {
        b["interest_rate_band"] = "(none)";
    } else {
        const double percent = double(*l.rate) / 1e6 * 100;
        b["interest_rate_band"] = percent < 10   ? "< 10 %"
                                  : percent < 20 ? "10-20 %"
                                  : percent < 30 ? "20-30 %"
                                  : percent < 40 ? "30-40 %"
                                  : percent < 50 ? "40-50 %"
                                                 : ">= 50 %";
    }
    if (!l.maturity) {
        b["remaining_maturity_band"] = "(none)";
    } else {
        const auto days = *l.maturity - end;
        b["remaining_maturity_band"] = days <= 0      ? "matured"
                                       : days <= 365  ? "up to 1 year"
                                       : days <= 730  ? "1-2 years"
                                       : days <= 1826 ? "2-5 years"
                                                      : "over 5 years";
    }
    return b;
}

std::string money(std::int64_t cents) {
    return core::toText(core::Decimal{cents, 2});
}

}  // namespace

class TestPeriodReport final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_services =
            std::make_unique<Services>(test::testSettings(m_dir.path().toStdString()), nullptr);
        m_tenant = test::createTestTenant("RPRT");
        const auto tenant =
            TenantRepository(m_services->database()).find(m_tenant.id.toStdString());
        QVERIFY(tenant);
        m_t = *tenant;
        QCOMPARE(sync({sample(FileType::Credit), sample(FileType::PaymentPlan)}).status,
                 SyncStatus::Completed);
        // The second delivery: LOAN_100242 gone, LOAN_199999 new, every rate 5 points up.
        m_second = m_dir.filePath(QStringLiteral("credit2.csv")).toStdString();
        std::ifstream in(sample(FileType::Credit));
        std::ofstream out(m_second);
        std::string line, header, extra;
        std::getline(in, header);
        out << header << '\n';
        std::vector<std::string> names;
        std::stringstream hs(header);
        for (std::string f; std::getline(hs, f, ';');)
            names.push_back(f);
        while (std::getline(in, line)) {
            std::vector<std::string> f;
            std::stringstream ls(line);
            for (std::string v; std::getline(ls, v, ';');)
                f.push_back(v);
            while (f.size() < names.size())
                f.emplace_back();
            if (f[2] == "LOAN_100242") continue;
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == "nominal_interest_rate" && !f[i].empty())
                    f[i] = std::to_string(std::stod(f[i]) + 5.0);
            std::string joined;
            for (std::size_t i = 0; i < f.size(); ++i)
                joined += (i ? ";" : "") + f[i];
            out << joined << '\n';
            if (f[2] == "LOAN_100050") {
                f[2] = "LOAN_199999";
                f[0] = "CUST_199999";
                joined.clear();
                for (std::size_t i = 0; i < f.size(); ++i)
                    joined += (i ? ";" : "") + f[i];
                extra = joined;
            }
        }
        out << extra << '\n';
        out.close();
        const auto log = sync({m_second, {}});
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        m_syncId = log.id;

        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY(m_agent->ok());
        m_api = std::make_unique<test::ApiClient>(m_agent->url(), m_tenant.key);
    }
    void cleanupTestCase() {
        m_api.reset();
        m_agent.reset();
        if (m_services) m_services->warehouse().dropTenant(m_t.warehouseDatabase);
        m_services.reset();
    }

    // Every figure of the portfolio and of the seven stratification tables, computed here.
    void stratificationsEqualAnIndependentComputation() {
        auto& db = m_services->database();
        const auto batches = resolveReportBatches(db, m_t, LoanType::Retail, std::nullopt);
        QCOMPARE(batches.syncId, m_syncId);
        const auto report =
            computePeriodReport(m_services->clickhouse(), db, m_t, LoanType::Retail, batches);
        const auto loans = readLoans(m_second).loans;
        QCOMPARE(loans.size(), std::size_t(300));
        const auto end = epochDays(report["period_end"].get<std::string>());

        std::int64_t total = 0;
        double weighted = 0, rated = 0;
        std::uint64_t active = 0;
        std::map<std::string, std::map<std::string, std::pair<std::uint64_t, std::int64_t>>>
            expected;
        for (const auto& l : loans) {
            total += l.outstanding;
            if (l.status == "ACTIVE") ++active;
            if (l.rate) {
                weighted += double(*l.rate) / 1e6 * double(l.outstanding) / 100;
                rated += double(l.outstanding) / 100;
            }
            for (const auto& [table, bucket] : bucketsOf(l, end)) {
                auto& cell = expected[table][bucket];
                ++cell.first;
                cell.second += l.outstanding;
            }
        }
        const auto& p = report["portfolio"];
        QCOMPARE(p["loans"].get<std::uint64_t>(), std::uint64_t(loans.size()));
        QCOMPARE(p["outstanding"].get<std::string>(), money(total));
        QCOMPARE(p["active_loans"].get<std::uint64_t>(), active);
        QVERIFY(std::fabs(p["weighted_rate"].get<double>() - weighted / rated) < 1e-9);

        QCOMPARE(report["stratifications"].size(), std::size_t(7));
        for (const auto& table : report["stratifications"]) {
            const auto name = table["name"].get<std::string>();
            auto want = expected.at(name);
            std::uint64_t rows = 0;
            for (const auto& row : table["rows"]) {
                const auto bucket = row["bucket"].get<std::string>();
                QVERIFY2(want.count(bucket), (name + ": " + bucket).c_str());
                QCOMPARE(row["count"].get<std::uint64_t>(), want[bucket].first);
                QCOMPARE(row["outstanding"].get<std::string>(), money(want[bucket].second));
                QVERIFY(std::fabs(row["share"].get<double>() -
                                  double(want[bucket].second) / double(total)) < 1e-9);
                ++rows;
            }
            QCOMPARE(rows, std::uint64_t(want.size()));
        }
        // The 20 largest, largest first.
        auto sorted = loans;
        std::sort(sorted.begin(), sorted.end(), [](const Loan& a, const Loan& b) {
            return a.outstanding != b.outstanding ? a.outstanding > b.outstanding
                                                  : a.number < b.number;
        });
        QCOMPARE(report["largest_exposures"].size(), std::size_t(20));
        for (std::size_t i = 0; i < 20; ++i) {
            QCOMPARE(report["largest_exposures"][i]["loan_account_number"].get<std::string>(),
                     sorted[i].number);
            QCOMPARE(report["largest_exposures"][i]["outstanding"].get<std::string>(),
                     money(sorted[i].outstanding));
        }
        // The roll-forward summary of the second sync: LOAN_100242 missing, rates drifted.
        const auto& rf = report["roll_forward"];
        QCOMPARE(rf["rules"]["missing_loan"].get<int>(), 1);
        QCOMPARE(rf["rules"]["dpd_jump"].get<int>(), 0);
        QVERIFY(rf["compared"].get<bool>());
        QCOMPARE(rf["drift"].size(), std::size_t(1));
        QCOMPARE(rf["drift"][0]["field"].get<std::string>(), std::string("nominal_interest_rate"));
        QCOMPARE(report["data_quality"]["credit"]["rows_loaded"].get<int>(), 300);
    }

    // The API serves the three forms; periods not loaded are 404, malformed ones 400.
    void apiRendersJsonHtmlAndCsv() {
        const auto json = m_api->get(QStringLiteral("/api/reports/period/?loan_type=RETAIL"));
        QCOMPARE(json.status, 200);
        const auto body = json.json();
        QCOMPARE(body[QStringLiteral("portfolio")].toObject()[QStringLiteral("loans")].toInt(),
                 300);
        const auto period = body[QStringLiteral("period")].toString();
        QCOMPARE(period.size(), 7);

        const auto html = m_api->get(
            QStringLiteral("/api/reports/period/?loan_type=RETAIL&format=html&period=") + period);
        QCOMPARE(html.status, 200);
        QVERIFY(html.headers.value("content-type").startsWith("text/html"));
        QVERIFY(html.body.startsWith("<!DOCTYPE html>"));
        for (const char* part : {"Loan status", "Days past due", "Remaining maturity",
                                 "Largest exposures", "missing_loan", "Data quality"})
            QVERIFY2(html.body.contains(part), part);
        QVERIFY(!html.body.contains("<script"));

        const auto csv =
            m_api->get(QStringLiteral("/api/reports/period/?loan_type=RETAIL&format=csv"));
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.headers.value("content-type").startsWith("text/csv"));
        const auto lines = csv.body.split('\n');
        QCOMPARE(lines[0], QByteArray("section;item;count;outstanding;share"));
        QVERIFY(lines.contains(QByteArray("roll_forward;missing_loan;1;;")));
        int largest = 0;
        for (const auto& line : lines)
            if (line.startsWith("largest_exposures;")) ++largest;
        QCOMPARE(largest, 20);

        QCOMPARE(m_api->get(QStringLiteral("/api/reports/period/?loan_type=RETAIL&period=2001-01"))
                     .status,
                 404);
        QCOMPARE(m_api->get(QStringLiteral("/api/reports/period/?loan_type=RETAIL&period=2001-13"))
                     .status,
                 400);
        QCOMPARE(m_api->get(QStringLiteral("/api/reports/period/")).status, 400);
        QCOMPARE(m_api->get(QStringLiteral("/api/reports/period/?loan_type=COMMERCIAL")).status,
                 404);
    }

    // The profile shows each compared column's drift beside its figures.
    void profileShowsDrift() {
        const auto reply = m_api->get(QStringLiteral("/api/profiling/?loan_type=RETAIL"));
        QCOMPARE(reply.status, 200);
        bool rate = false, amount = false;
        for (const auto& value : reply.json()[QStringLiteral("columns")].toArray()) {
            const auto column = value.toObject();
            const auto drift = column[QStringLiteral("drift")].toObject();
            if (column[QStringLiteral("name")] == QStringLiteral("nominal_interest_rate")) {
                rate = drift[QStringLiteral("drifted")].toBool();
                QVERIFY(drift[QStringLiteral("psi")].toDouble() > 0.25);
            }
            if (column[QStringLiteral("name")] == QStringLiteral("original_loan_amount"))
                amount = drift.contains(QStringLiteral("psi")) &&
                         !drift[QStringLiteral("drifted")].toBool();
        }
        QVERIFY(rate);
        QVERIFY(amount);
    }

    // The CLI writes the same report to a file.
    void cliWritesTheReport() {
        const QString out = m_dir.filePath(QStringLiteral("report.csv"));
        const auto& urls = test::testDatabases();
        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(FINDATA_AGENT_BINARY),
                  {QStringLiteral("report"), QStringLiteral("--tenant"), m_tenant.id,
                   QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                   QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), out,
                   QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                   QStringLiteral("--clickhouse-url"), QString::fromStdString(urls.clickhouse),
                   QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("cli"))});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto api =
            m_api->get(QStringLiteral("/api/reports/period/?loan_type=RETAIL&format=csv"));
        QCOMPARE(file.readAll(), api.body);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    test::TestTenant m_tenant;
    Tenant m_t;
    std::string m_second, m_syncId;
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<test::ApiClient> m_api;

    SyncLog sync(std::pair<std::string, std::string> files) {
        auto& intake = m_services->uploadIntake();
        if (!files.first.empty())
            intake.stageFile(m_t, LoanType::Retail, FileType::Credit, files.first, "test");
        if (!files.second.empty())
            intake.stageFile(m_t, LoanType::Retail, FileType::PaymentPlan, files.second, "test");
        return m_services->syncEngine().run(
            SyncRequest{m_t.id, LoanType::Retail, SyncTrigger::Manual, "test"});
    }
};

QTEST_GUILESS_MAIN(TestPeriodReport)
#include "tst_periodreport.moc"
