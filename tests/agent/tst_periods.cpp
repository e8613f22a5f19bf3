// Reporting periods against a real PostgreSQL and ClickHouse and a real agent: two monthly
// deliveries of BANK001 side by side (counts, sums and the KPI history equal what the test
// computes from the CSV files itself), a restatement that replaces only its period, the
// oldest staged period loaded first, retention (keep_periods), the payment plan of a period
// cross-checked against that period's credits only, and the migration of data loaded before
// periods existed.

#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/livebatches.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/util/period.h"
#include "agent/warehouse/warehouse.h"
#include "support/agentprocess.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

using Row = std::vector<std::string>;

struct Csv {
    std::string header;
    std::vector<Row> rows;
    int column(const std::string& name) const {
        std::stringstream in(header);
        std::string cell;
        for (int i = 0; std::getline(in, cell, ';'); ++i)
            if (cell == name) return i;
        return -1;
    }
};

Row split(const std::string& line) {
    Row cells;
    std::string cell;
    std::stringstream in(line);
    while (std::getline(in, cell, ';'))
        cells.push_back(cell);
    if (!line.empty() && line.back() == ';') cells.emplace_back();
    return cells;
}

Csv readCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    Csv csv;
    std::string line;
    std::getline(in, csv.header);
    if (!csv.header.empty() && csv.header.back() == '\r') csv.header.pop_back();
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) csv.rows.push_back(split(line));
    }
    return csv;
}

void writeCsv(const std::string& path, const Csv& csv) {
    std::ofstream out(path, std::ios::binary);
    out << csv.header << '\n';
    for (const auto& row : csv.rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out << (i ? ";" : "") << row[i];
        out << '\n';
    }
}

std::string sample(LoanType lt, FileType ft) {
    return test::samplePath("BANK001", lt, ft);
}

// "8040.00" / "25.86" as hundredths.
std::int64_t cents(const std::string& text) {
    if (text.empty()) return 0;
    const auto dot = text.find('.');
    std::int64_t whole = std::stoll(text.substr(0, dot));
    std::int64_t fraction = 0;
    if (dot != std::string::npos) {
        auto digits = text.substr(dot + 1) + "00";
        fraction = std::stoll(digits.substr(0, 2));
    }
    return whole * 100 + (text[0] == '-' ? -fraction : fraction);
}

// What the test expects of one period's credit file, computed from the CSV alone.
struct Expected {
    std::uint64_t loans = 0;
    std::int64_t outstanding = 0;  // cents
    std::int64_t nplOutstanding = 0;
    std::map<std::string, std::uint64_t> buckets;  // "0", "1-30", …, "90+"
    double weightedRate = 0;
    std::set<std::string> accounts, closed;
};

Expected expect(const Csv& credit) {
    Expected e;
    const int account = credit.column("loan_account_number");
    const int status = credit.column("loan_status_code");
    const int dpd = credit.column("days_past_due");
    const int outstanding = credit.column("outstanding_principal_balance");
    const int rate = credit.column("nominal_interest_rate");
    double weighted = 0, weights = 0;
    for (const auto& row : credit.rows) {
        ++e.loans;
        const auto amount = cents(row[std::size_t(outstanding)]);
        e.outstanding += amount;
        const int days = std::stoi(row[std::size_t(dpd)]);
        const char* bucket = days == 0    ? "0"
                             : days <= 30 ? "1-30"
                             : days <= 60 ? "31-60"
                             : days <= 90 ? "61-90"
                                          : "90+";
        ++e.buckets[bucket];
        if (days > 90) e.nplOutstanding += amount;
        weighted += double(cents(row[std::size_t(rate)])) / 100.0 * double(amount) / 100.0;
        weights += double(amount) / 100.0;
        e.accounts.insert(row[std::size_t(account)]);
        if (row[std::size_t(status)] == "K") e.closed.insert(row[std::size_t(account)]);
    }
    e.weightedRate = weighted / weights;
    return e;
}

std::uint64_t planRowsOf(const Csv& plan, const std::set<std::string>& accounts) {
    std::uint64_t n = 0;
    for (const auto& row : plan.rows)
        n += accounts.count(row[0]);
    return n;
}

QString query(std::initializer_list<std::pair<const char*, std::string>> items) {
    QUrlQuery q;
    for (const auto& [name, value] : items)
        q.addQueryItem(QString::fromUtf8(name), QString::fromStdString(value));
    return q.toString(QUrl::FullyEncoded);
}

std::int64_t apiCents(const QJsonValue& v) {
    return cents(v.toString().toStdString());
}

}  // namespace

class TestPeriods final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_services =
            std::make_unique<Services>(test::testSettings(m_dir.path().toStdString()), nullptr);
        // Period A: BANK001 RETAIL as delivered. Period B, a month later: 30 loans gone, 10
        // closed, 10 more than 90 days past due, 20 new ones; its plan has no rows of the
        // loans gone.
        m_creditA = readCsv(sample(LoanType::Retail, FileType::Credit));
        m_planA = readCsv(sample(LoanType::Retail, FileType::PaymentPlan));
        QCOMPARE(m_creditA.rows.size(), std::size_t(300));
        const auto status = std::size_t(m_creditA.column("loan_status_code"));
        const auto dpd = std::size_t(m_creditA.column("days_past_due"));
        const auto account = std::size_t(m_creditA.column("loan_account_number"));
        m_creditB.header = m_creditA.header;
        for (std::size_t i = 30; i < m_creditA.rows.size(); ++i) {
            auto row = m_creditA.rows[i];
            if (i < 40) row[status] = "K";
            if (i >= 40 && i < 50) row[dpd] = "120";
            m_creditB.rows.push_back(std::move(row));
        }
        for (std::size_t i = 0; i < 20; ++i) {
            auto row = m_creditA.rows[60 + i];
            row[account] = "LOAN_9" + std::to_string(10000 + i);
            m_creditB.rows.push_back(std::move(row));
        }
        const auto b = expect(m_creditB);
        m_planB.header = m_planA.header;
        for (const auto& row : m_planA.rows)
            if (b.accounts.count(row[0])) m_planB.rows.push_back(row);
        QVERIFY(m_planB.rows.size() < m_planA.rows.size());
        const auto dir = m_dir.path().toStdString();
        for (const auto& [name, csv] : {std::pair{"creditA", &m_creditA},
                                        {"planA", &m_planA},
                                        {"creditB", &m_creditB},
                                        {"planB", &m_planB}}) {
            m_files[name] = dir + "/" + name + ".csv";
            writeCsv(m_files[name], *csv);
        }

        m_tenant = test::createTestTenant("PER");
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY(m_agent->ok());
        m_api = std::make_unique<test::ApiClient>(m_agent->url(), m_tenant.key);
    }
    void cleanupTestCase() {
        m_api.reset();
        m_agent.reset();
        for (const auto& db : m_databases)
            m_services->warehouse().dropTenant(db);
        m_services->warehouse().dropTenant(m_tenant.warehouseDatabase);
        m_services.reset();
    }

    void periodFormat() {
        QVERIFY(isPeriod("2026-01"));
        QVERIFY(isPeriod("1999-12"));
        for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "", "2026-01x"})
            QVERIFY2(!isPeriod(bad), bad);
        QCOMPARE(previousMonth("2026-01"), std::string("2025-12"));
        QCOMPARE(nextMonth("2025-12"), std::string("2026-01"));
        // The default: the calendar month before the upload (UTC).
        const auto at = std::chrono::system_clock::from_time_t(1772323200);  // 2026-03-01 00:00Z
        QCOMPARE(defaultPeriod(at), std::string("2026-02"));
    }

    // Two deliveries loaded one after the other: both periods live and readable, each with
    // exactly its own file's rows and sums; the default read is the latest period.
    void twoPeriodsBothQueryable() {
        const auto t = tenant();
        const auto first = stageAndSync(
            t, "2026-01",
            {{FileType::Credit, m_files["creditA"]}, {FileType::PaymentPlan, m_files["planA"]}});
        QCOMPARE(first.status, SyncStatus::Completed);
        QCOMPARE(first.period, std::string("2026-01"));
        QVERIFY(!first.restates);
        const auto second = stageAndSync(
            t, "2026-02",
            {{FileType::Credit, m_files["creditB"]}, {FileType::PaymentPlan, m_files["planB"]}});
        QCOMPARE(second.status, SyncStatus::Completed);
        QCOMPARE(second.period, std::string("2026-02"));
        QVERIFY(!second.restates);
        QCOMPARE(second.credit.rowsRejected, std::uint64_t(0));
        QCOMPARE(second.payment.rowsRejected, std::uint64_t(0));

        const auto a = expect(m_creditA), b = expect(m_creditB);
        for (const auto& [period, e, planRows] : {std::tuple{"2026-01", &a, m_planA.rows.size()},
                                                  std::tuple{"2026-02", &b, m_planB.rows.size()}}) {
            const auto kpis = m_api->get(u"/api/kpis/?"_qs +
                                         query({{"loan_type", "RETAIL"}, {"period", period}}));
            QCOMPARE(kpis.status, 200);
            const auto body = kpis.json();
            QCOMPARE(body[u"period"].toString(), QString::fromLatin1(period));
            QCOMPARE(body[u"credits"].toInteger(), qint64(e->loans));
            QCOMPARE(apiCents(body[u"outstanding_principal"]), e->outstanding);
            QCOMPARE(body[u"payment_plan_rows"].toInteger(), qint64(planRows));
            const auto rows = m_api->get(u"/api/data/?"_qs + query({{"loan_type", "RETAIL"},
                                                                    {"file_type", "payment_plan"},
                                                                    {"period", period},
                                                                    {"page_size", "1"}}));
            QCOMPARE(rows.status, 200);
            QCOMPARE(rows.json()[u"total"].toInteger(), qint64(planRows));
            const auto profile = m_api->get(u"/api/profiling/?"_qs +
                                            query({{"loan_type", "RETAIL"}, {"period", period}}));
            QCOMPARE(profile.status, 200);
            QCOMPARE(profile.json()[u"rows"].toInteger(), qint64(e->loans));
        }
        // No period: the latest one.
        const auto latest = m_api->get(u"/api/kpis/?loan_type=RETAIL"_qs).json();
        QCOMPARE(latest[u"period"].toString(), u"2026-02"_qs);
        QCOMPARE(latest[u"credits"].toInteger(), qint64(b.loans));
        // A period without data is a 404 naming the periods there are; a malformed one a 400.
        const auto missing = m_api->get(u"/api/kpis/?loan_type=RETAIL&period=2025-07"_qs);
        QCOMPARE(missing.status, 404);
        QVERIFY2(missing.body.contains("2025-07") && missing.body.contains("2026-01"),
                 missing.body.constData());
        const auto malformed = m_api->get(u"/api/data/?loan_type=RETAIL&period=2026-13"_qs);
        QCOMPARE(malformed.status, 400);
        QVERIFY2(malformed.body.contains("period"), malformed.body.constData());

        // The list of periods: row counts, the syncs, when.
        const auto periods = m_api->get(u"/api/periods/?loan_type=RETAIL"_qs);
        QCOMPARE(periods.status, 200);
        const auto items = periods.json()[u"items"].toArray();
        QCOMPARE(items.size(), qsizetype(2));
        QCOMPARE(items[0][u"period"].toString(), u"2026-01"_qs);
        QCOMPARE(items[0][u"credit_rows"].toInteger(), qint64(a.loans));
        QCOMPARE(items[0][u"payment_plan_rows"].toInteger(), qint64(m_planA.rows.size()));
        QCOMPARE(items[0][u"sync_ids"].toArray().at(0).toString().toStdString(), first.id);
        QCOMPARE(items[1][u"period"].toString(), u"2026-02"_qs);
        QCOMPARE(items[1][u"credit_rows"].toInteger(), qint64(b.loans));
        QCOMPARE(items[1][u"payment_plan_rows"].toInteger(), qint64(m_planB.rows.size()));
        QCOMPARE(items[1][u"sync_ids"].toArray().at(0).toString().toStdString(), second.id);
        QVERIFY(!items[1][u"loaded_at"].toString().isEmpty());

        // The KPI history equals the figures computed from the files.
        const auto history = m_api->get(u"/api/kpis/history/?loan_type=RETAIL"_qs);
        QCOMPARE(history.status, 200);
        const auto points = history.json()[u"items"].toArray();
        QCOMPARE(points.size(), qsizetype(2));
        for (const auto& [point, e] :
             {std::pair{points[0].toObject(), &a}, {points[1].toObject(), &b}}) {
            QCOMPARE(point[u"loans"].toInteger(), qint64(e->loans));
            QCOMPARE(apiCents(point[u"outstanding_principal"]), e->outstanding);
            QVERIFY(std::abs(point[u"npl_ratio"].toDouble() -
                             double(e->nplOutstanding) / double(e->outstanding)) < 1e-9);
            for (const auto& bucket : point[u"days_past_due"].toArray()) {
                const auto name = bucket[u"bucket"].toString().toStdString();
                if (name == "unknown") continue;
                QCOMPARE(bucket[u"credits"].toInteger(),
                         qint64(e->buckets.count(name) ? e->buckets.at(name) : 0));
            }
            // Rates are stored as fractions: 25.86 % is 0.2586.
            QVERIFY2(
                std::abs(point[u"weighted_average_rate"].toDouble() - e->weightedRate / 100) < 1e-9,
                qPrintable(QString::number(point[u"weighted_average_rate"].toDouble(), 'g', 12) +
                           u" vs "_qs + QString::number(e->weightedRate / 100, 'g', 12)));
        }
        QVERIFY(points[0][u"new_loans"].isNull());
        QCOMPARE(points[1][u"previous_period"].toString(), u"2026-01"_qs);
        std::uint64_t fresh = 0, closed = 0;
        for (const auto& acct : b.accounts) {
            fresh += !a.accounts.count(acct);
            closed += b.closed.count(acct) && !a.closed.count(acct);
        }
        QCOMPARE(fresh, std::uint64_t(20));
        QVERIFY(closed > 0);
        QCOMPARE(points[1][u"new_loans"].toInteger(), qint64(fresh));
        QCOMPARE(points[1][u"closed_loans"].toInteger(), qint64(closed));
        // from/to select periods.
        const auto one = m_api->get(u"/api/kpis/history/?loan_type=RETAIL&from=2026-02"_qs);
        QCOMPARE(one.json()[u"items"].toArray().size(), qsizetype(1));
        QCOMPARE(m_api->get(u"/api/kpis/history/?from=2026-03&to=2026-01"_qs).status, 400);

        // Restating the first period replaces only it; the sync log says so.
        Csv restated = m_creditA;
        restated.rows.resize(290);
        const auto path = m_dir.path().toStdString() + "/restatedA.csv";
        writeCsv(path, restated);
        const auto batchesBefore =
            LiveBatchRepository(db(), t.schema).period(LoanType::Retail, "2026-02");
        const auto third = stageAndSync(t, "2026-01", {{FileType::Credit, path}});
        QCOMPARE(third.status, SyncStatus::Completed);
        QCOMPARE(third.period, std::string("2026-01"));
        QCOMPARE(third.restates.value_or(""), first.id);
        // The plan of 2026-01 was re-checked against the restated credits: the rows of the 10
        // loans gone are rejected, as cross-references.
        std::set<std::string> gone;
        for (std::size_t i = 290; i < 300; ++i)
            gone.insert(m_creditA.rows[i][2]);
        QCOMPARE(third.payment.rowsRejected, planRowsOf(m_planA, gone));
        const auto log = m_api->get(QString::fromStdString("/api/sync/logs/" + third.id + "/"));
        QCOMPARE(log.json()[u"restates"].toString().toStdString(), first.id);
        QCOMPARE(log.json()[u"restatement"].toString().toStdString(),
                 "restates 2026-01, replacing sync " + first.id);
        QCOMPARE(log.json()[u"period"].toString(), u"2026-01"_qs);
        QCOMPARE(m_api->get(u"/api/sync/logs/?period=2026-01"_qs).json()[u"total"].toInteger(),
                 qint64(2));
        QCOMPARE(m_api->get(u"/api/kpis/?loan_type=RETAIL&period=2026-01"_qs)
                     .json()[u"credits"]
                     .toInteger(),
                 qint64(290));
        const auto batchesAfter =
            LiveBatchRepository(db(), t.schema).period(LoanType::Retail, "2026-02");
        QCOMPARE(batchesAfter.credit->batchId, batchesBefore.credit->batchId);
        QCOMPARE(batchesAfter.payment->batchId, batchesBefore.payment->batchId);
        QCOMPARE(m_api->get(u"/api/kpis/?loan_type=RETAIL&period=2026-02"_qs)
                     .json()[u"credits"]
                     .toInteger(),
                 qint64(b.loans));
        // The superseded batch of 2026-01 is gone from the warehouse, the other periods' stay.
        std::set<std::string> stored;
        for (const auto& batch : m_services->warehouse().batches(t.warehouseDatabase))
            stored.insert(batch.batchId);
        QVERIFY(!stored.count(first.batchId));
        QVERIFY(stored.count(second.batchId));
        QVERIFY(stored.count(third.batchId));
    }

    // Staged deliveries of several months load oldest first; POST /api/sync/ may name one.
    void oldestStagedPeriodFirst() {
        const auto t = tenant();
        stage(t, "2026-03", FileType::Credit, m_files["creditB"]);
        stage(t, "2026-02", FileType::Credit, m_files["creditA"]);
        const auto first = run(t, {});
        QCOMPARE(first.period, std::string("2026-02"));
        QCOMPARE(first.credit.rowsLoaded, std::uint64_t(300));
        const auto second = run(t, {});
        QCOMPARE(second.period, std::string("2026-03"));
        QCOMPARE(second.credit.rowsLoaded, std::uint64_t(m_creditB.rows.size()));
        QVERIFY_THROWS_EXCEPTION(NothingStaged, run(t, {}));
        // The API refuses a malformed period and says what it needs.
        const auto bad = m_api->post(u"/api/sync/"_qs, QJsonObject{{u"loan_type"_qs, u"RETAIL"_qs},
                                                                   {u"period"_qs, u"2026-1"_qs}});
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.body.contains("period"), bad.body.constData());
    }

    // An upload names its period; without one the answer states the default.
    void uploadStatesItsPeriod() {
        std::ifstream in(m_files["creditA"], std::ios::binary);
        const QByteArray bytes = QByteArray::fromStdString(
            std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
        const auto given = m_api->send(
            "POST", u"/api/uploads/?loan_type=RETAIL&file_type=credit&period=2025-11"_qs, bytes,
            "text/csv");
        QCOMPARE(given.status, 201);
        QCOMPARE(given.json()[u"period"].toString(), u"2025-11"_qs);
        QCOMPARE(given.json()[u"period_defaulted"].toBool(), false);
        const auto defaulted = m_api->send(
            "POST", u"/api/uploads/?loan_type=COMMERCIAL&file_type=credit"_qs,
            QByteArray::fromStdString([] {
                std::ifstream f(sample(LoanType::Commercial, FileType::Credit), std::ios::binary);
                return std::string((std::istreambuf_iterator<char>(f)), {});
            }()),
            "text/csv");
        QCOMPARE(defaulted.status, 201);
        QCOMPARE(defaulted.json()[u"period"].toString().toStdString(),
                 defaultPeriod(std::chrono::system_clock::now()));
        QVERIFY(defaulted.json()[u"period_defaulted"].toBool());
        QVERIFY(defaulted.json()[u"period_note"].toString().contains(u"month before"_qs));
        const auto bad = m_api->send(
            "POST", u"/api/uploads/?loan_type=RETAIL&file_type=credit&period=11-2025"_qs, bytes,
            "text/csv");
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.body.contains("period: must be a month YYYY-MM"), bad.body.constData());
    }

    // A payment plan alone is cross-checked against the credits of its own period only.
    void planCheckedAgainstCreditsOfItsPeriod() {
        const auto t = tenant();
        QCOMPARE(stageAndSync(t, "2026-01", {{FileType::Credit, m_files["creditA"]}}).status,
                 SyncStatus::Completed);
        QCOMPARE(stageAndSync(t, "2026-02", {{FileType::Credit, m_files["creditB"]}}).status,
                 SyncStatus::Completed);
        // The full plan of A, delivered for 2026-02: its rows of the 30 loans not in 2026-02's
        // credits are rejected, although 2026-01's credits have them.
        const auto b = expect(m_creditB);
        std::set<std::string> missing;
        for (const auto& row : m_planA.rows)
            if (!b.accounts.count(row[0])) missing.insert(row[0]);
        const auto forB = stageAndSync(t, "2026-02", {{FileType::PaymentPlan, m_files["planA"]}});
        QCOMPARE(forB.status, SyncStatus::Completed);
        QCOMPARE(forB.payment.rowsRejected, planRowsOf(m_planA, missing));
        QVERIFY(forB.payment.rowsRejected > 0);
        ValidationErrorFilter crossReferences;
        crossReferences.type = core::ErrorType::CrossReference;
        QCOMPARE(ValidationErrorRepository(db(), t.schema).count(forB.id, crossReferences),
                 forB.payment.rowsRejected);
        // The same plan for 2026-01: every row's loan is there.
        const auto forA = stageAndSync(t, "2026-01", {{FileType::PaymentPlan, m_files["planA"]}});
        QCOMPARE(forA.status, SyncStatus::Completed);
        QCOMPARE(forA.payment.rowsRejected, std::uint64_t(0));
        QCOMPARE(forA.payment.rowsLoaded, std::uint64_t(m_planA.rows.size()));
    }

    // keep_periods=2: after the third month is published the first is no longer live and its
    // batch is dropped, in the same sync.
    void keepPeriodsDropsTheOldest() {
        const auto t = tenant();
        SyncEngine keepTwo(db(), m_services->warehouse(), m_services->uploads(),
                           SyncEngine::Limits{1'000'000, 1'000'000, std::chrono::hours(24), 2});
        std::vector<SyncLog> logs;
        for (const auto* period : {"2026-01", "2026-02", "2026-03"}) {
            stage(t, period, FileType::Credit,
                  logs.size() % 2 ? m_files["creditB"] : m_files["creditA"]);
            logs.push_back(keepTwo.run(
                SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test", period}));
            QCOMPARE(logs.back().status, SyncStatus::Completed);
        }
        const auto periods = LiveBatchRepository(db(), t.schema).periods(LoanType::Retail);
        QCOMPARE(periods.size(), std::size_t(2));
        QCOMPARE(periods[0].period, std::string("2026-02"));
        QCOMPARE(periods[1].period, std::string("2026-03"));
        std::set<std::string> stored;
        for (const auto& batch : m_services->warehouse().batches(t.warehouseDatabase))
            stored.insert(batch.batchId);
        QVERIFY(!stored.count(logs[0].batchId));
        QVERIFY(stored.count(logs[1].batchId));
        QVERIFY(stored.count(logs[2].batchId));
    }

    // Data loaded before periods existed (a schema at migration 5 with old-shaped rows) gets
    // the period of the month of its sync; uploads follow their sync, or the live period.
    void migrationOfPrePeriodData() {
        try {
            migrateOldShapedRows();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

private:
    void migrateOldShapedRows() {
        const std::string schema =
            "permig_" + QString::number(QDateTime::currentMSecsSinceEpoch()).right(9).toStdString();
        const std::string s1 = "11111111-1111-4111-8111-111111111111",
                          s2 = "22222222-2222-4222-8222-222222222222",
                          u1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
                          u2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
                          u3 = "cccccccc-cccc-4ccc-8ccc-cccccccccccc",
                          u4 = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
        const std::string sha(64, 'a');
        db().transact([&](pqxx::work& tx) {
            tx.exec0("CREATE SCHEMA " + schema);
            tx.exec0("SET LOCAL search_path TO " + schema);
            tx.exec0(
                "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT "
                "NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            for (const auto& m : tenantMigrations()) {
                if (m.version > 5) break;
                tx.exec0(std::string(m.sql));
                tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                m.version, std::string(m.name));
            }
            // Credits synced in March, the plan alone in April; a credit file staged in May,
            // one superseded in February.
            for (const auto& [id, started, credit, plan] :
                 {std::tuple{s1, "2026-03-15 10:00+00", std::optional(u1),
                             std::optional<std::string>()},
                  std::tuple{s2, "2026-04-02 23:30+00", std::optional<std::string>(),
                             std::optional(u2)}})
                tx.exec_params0(
                    "INSERT INTO sync_logs (id, loan_type, status, trigger, batch_id, started_at,"
                    " finished_at, credit_upload_id, payment_upload_id, owner) VALUES ($1::uuid,"
                    " 'RETAIL', 'COMPLETED', 'MANUAL', $1::text, $2::timestamptz, $2::timestamptz +"
                    " interval '1 minute', $3::uuid, $4::uuid, 'test')",
                    id, std::string(started), credit, plan);
            for (const auto& [id, file, status, uploaded, sync] :
                 {std::tuple{u1, "credit", "SYNCED", "2026-03-14 09:00+00", std::optional(s1)},
                  std::tuple{u2, "payment_plan", "SYNCED", "2026-04-02 09:00+00",
                             std::optional(s2)},
                  std::tuple{u3, "credit", "STAGED", "2026-05-02 09:00+00",
                             std::optional<std::string>()},
                  std::tuple{u4, "credit", "SUPERSEDED", "2026-02-10 09:00+00",
                             std::optional<std::string>()}})
                tx.exec_params0(
                    "INSERT INTO uploads (id, loan_type, file_type, original_name, path,"
                    " size_bytes, stored_bytes, sha256, status, uploaded_at, sync_id) VALUES ($1,"
                    " 'RETAIL', $2, 'f.csv', '/x', 1, 1, $3, $4, $5::timestamptz, $6::uuid)",
                    id, std::string(file), sha, std::string(status), std::string(uploaded), sync);
            tx.exec_params0(
                "INSERT INTO live_batches (loan_type, file_type, batch_id, sync_id,"
                " upload_id) VALUES ('RETAIL', 'credit', $1::text, $1::uuid, $2::uuid),"
                " ('RETAIL', 'payment_plan', $3::text, $3::uuid, $4::uuid)",
                s1, u1, s2, u2);
            tx.exec0("SET LOCAL search_path TO public");
            QVERIFY(migrateTenantSchema(tx, schema) >= 1);
        });
        LiveBatchRepository live(db(), schema);
        const auto periods = live.periods(LoanType::Retail);
        QCOMPARE(periods.size(), std::size_t(1));
        // One package: the month of the newest sync among the live batches.
        QCOMPARE(periods[0].period, std::string("2026-04"));
        QCOMPARE(periods[0].credit->syncId, s1);
        QCOMPARE(periods[0].payment->syncId, s2);
        UploadRepository uploads(db(), schema);
        QCOMPARE(uploads.find(u1)->period, std::string("2026-04"));
        QCOMPARE(uploads.find(u2)->period, std::string("2026-04"));
        QCOMPARE(uploads.find(u3)->period, std::string("2026-04"));  // staged: the live period
        QCOMPARE(uploads.find(u4)->period, std::string("2026-01"));  // the month before
        QCOMPARE(SyncLogRepository(db(), schema).find(s2)->period, std::string("2026-04"));
        // The staged upload is the next package: it restates 2026-04.
        QCOMPARE(uploads.stagedPeriods(LoanType::Retail), std::vector<std::string>{"2026-04"});
        db().transact([&](pqxx::work& tx) { tx.exec0("DROP SCHEMA " + schema + " CASCADE"); });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    std::vector<std::string> m_databases;
    test::TestTenant m_tenant;
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<test::ApiClient> m_api;
    Csv m_creditA, m_planA, m_creditB, m_planB;
    std::map<std::string, std::string> m_files;
    bool m_apiTenantUsed = false;

    Database& db() { return m_services->database(); }

    // The API's tenant first (the agent reads it), fresh tenants after.
    Tenant tenant() {
        if (!m_apiTenantUsed) {
            m_apiTenantUsed = true;
            return *TenantRepository(db()).find(m_tenant.id.toStdString());
        }
        auto created = TenantRepository(db()).create(test::uniqueTenantId("PERX"), "periods");
        m_services->warehouse().ensureTenant(created.tenant.warehouseDatabase);
        m_databases.push_back(created.tenant.warehouseDatabase);
        return created.tenant;
    }
    void stage(const Tenant& t, const std::string& period, FileType ft, const std::string& path) {
        const auto outcome =
            m_services->uploadIntake().stageFile(t, LoanType::Retail, ft, path, "test", period);
        QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
        QCOMPARE(outcome.period, period);
    }
    SyncLog run(const Tenant& t, const std::string& period) {
        return m_services->syncEngine().run(
            SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test", period});
    }
    SyncLog stageAndSync(const Tenant& t, const std::string& period,
                         std::vector<std::pair<FileType, std::string>> files) {
        for (const auto& [ft, path] : files)
            stage(t, period, ft, path);
        return run(t, period);
    }
};

QTEST_GUILESS_MAIN(TestPeriods)
#include "tst_periods.moc"
