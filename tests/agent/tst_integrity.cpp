// What is live in the warehouse is exactly one sync's data, and it is whole: every payment of
// the live plan references a live credit of its loan type, whatever the package held (credit
// only, plan only, both, an upload identical to the live file), and data on disk that is not
// live (a superseded batch that came back, a failed sync's) is never read. Real PostgreSQL and
// ClickHouse; the expected figures are computed here from the CSV text, not by the validator.
// (Kills around the switch: tst_integritykill.)

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "agent/maintenance/janitor.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/tenants.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/schemamigration.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/generator.h"
#include "support/testdatabases.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

// A CSV file as the banks write them: a header of names, then ';'-separated rows.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    int column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return static_cast<int>(i);
        return -1;
    }
    std::string text() const {
        std::string out;
        const auto line = [&](const std::vector<std::string>& cells) {
            for (std::size_t i = 0; i < cells.size(); ++i)
                out += (i ? ";" : "") + cells[i];
            out += '\n';
        };
        line(header);
        for (const auto& r : rows)
            line(r);
        return out;
    }
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ';'))
        cells.push_back(cell);
    if (!line.empty() && line.back() == ';') cells.emplace_back();
    return cells;
}

Table parse(const std::string& text) {
    Table t;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    t.header = split(line);
    while (std::getline(in, line))
        if (!line.empty()) t.rows.push_back(split(line));
    return t;
}

Table generated(FileType file, std::uint64_t loans, std::uint64_t seed) {
    core::GeneratorOptions o;
    o.loanType = LoanType::Commercial;
    o.creditRows = loans;
    o.paymentRows = loans * 3;
    o.seed = seed;
    std::string text;
    const auto write = [&](std::string_view s) { text.append(s); };
    if (file == FileType::Credit)
        core::generateCredit(o, write);
    else
        core::generatePaymentPlan(o, write);
    return parse(text);
}

std::int64_t cents(const std::string& amount) {
    const auto d = core::parseDecimal(amount, 2, false);
    if (!d.ok()) throw std::runtime_error("not an amount: " + amount);
    return d.value.units;
}

// What the warehouse must hold live: rows and the amount sum, per file.
struct Expected {
    std::uint64_t credits = 0, payments = 0;
    std::int64_t creditCents = 0, paymentCents = 0;
    bool operator==(const Expected&) const = default;
};

}  // namespace

class TestIntegrity final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_services =
            std::make_unique<Services>(test::testSettings(m_dir.path().toStdString()), nullptr);
        m_credit = generated(FileType::Credit, kLoans, 1);
        m_plan = generated(FileType::PaymentPlan, kLoans, 1);
        m_loanColumn = m_credit.column("loan_account_number");
        m_customerColumn = m_credit.column("customer_id");
        m_amountColumn = m_credit.column("original_loan_amount");
        m_planLoanColumn = m_plan.column("loan_account_number");
        m_installmentColumn = m_plan.column("installment_amount");
        QVERIFY(m_loanColumn >= 0 && m_customerColumn >= 0 && m_amountColumn >= 0);
        QVERIFY(m_planLoanColumn >= 0 && m_installmentColumn >= 0);
        QVERIFY(m_credit.text().find('"') == std::string::npos);
    }
    void cleanupTestCase() {
        for (const auto& db : m_databases)
            m_services->warehouse().dropTenant(db);
        m_services.reset();
    }

    // The scenario: a credit file in which some loans are now rejected, and the same
    // payment plan uploaded again (identical to the live one: not re-loaded). The live plan is
    // re-checked against the new credits: the payments of the rejected loans are reported as
    // CROSS_REFERENCE findings of the plan and not carried over.
    void rejectedLoansTakeTheirPaymentsAlong() {
        const auto t = newTenant();
        QCOMPARE(sync(t, &m_credit, &m_plan).status, SyncStatus::Completed);
        QCOMPARE(live(t), expected(m_credit, {}, m_plan));

        const std::set<std::string> rejected = {loan(3), loan(10), loan(11), loan(40)};
        const auto credit = breaking(m_credit, rejected);
        const auto log = sync(t, &credit, &m_plan);
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        QCOMPARE(log.credit.rowsRejected, std::uint64_t(rejected.size()));
        const auto orphans = paymentsOf(m_plan, rejected);
        QCOMPARE(log.payment.rowsRead, std::uint64_t(m_plan.rows.size()));
        QCOMPARE(log.payment.rowsRejected, orphans);
        QCOMPARE(live(t), expected(credit, rejected, m_plan));
        QCOMPARE(orphanPayments(t), std::uint64_t(0));
        // Each orphan is a CROSS_REFERENCE error of the payment plan, on its line.
        const auto findings = ValidationErrorRepository(db(), t.schema).count(log.id);
        QVERIFY(findings >= orphans);
        QCOMPARE(crossReferenceErrors(t, log.id), orphans);
    }

    // The same with no payment plan in the package at all.
    void aCreditOnlyPackageRechecksTheLivePlan() {
        const auto t = newTenant();
        QCOMPARE(sync(t, &m_credit, &m_plan).status, SyncStatus::Completed);
        const std::set<std::string> rejected = {loan(1), loan(2), loan(77)};
        const auto credit = breaking(m_credit, rejected);
        const auto log = sync(t, &credit, nullptr);
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        QCOMPARE(log.payment.rowsRejected, paymentsOf(m_plan, rejected));
        QCOMPARE(live(t), expected(credit, rejected, m_plan));
        QCOMPARE(orphanPayments(t), std::uint64_t(0));
    }

    // A plan alone is checked against the live credits, and the credits stay as they are.
    void aPlanOnlyPackageIsCheckedAgainstTheLiveCredits() {
        const auto t = newTenant();
        const std::set<std::string> rejected = {loan(5), loan(6)};
        const auto credit = breaking(m_credit, rejected);
        QCOMPARE(sync(t, &credit, nullptr).status, SyncStatus::Completed);
        const auto plan = generated(FileType::PaymentPlan, kLoans, 2);  // other amounts
        const auto log = sync(t, nullptr, &plan);
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        QCOMPARE(log.payment.rowsRejected, paymentsOf(plan, rejected));
        QCOMPARE(live(t), expected(credit, rejected, plan));
        QCOMPARE(orphanPayments(t), std::uint64_t(0));
    }

    // New credits that drop most loans: re-checking the live plan rejects most payments, over
    // the threshold — the sync fails and nothing live changes.
    void aRecheckOverTheThresholdChangesNothing() {
        const auto t = newTenant();
        QCOMPARE(sync(t, &m_credit, &m_plan).status, SyncStatus::Completed);
        const auto before = live(t);
        Table fewer = m_credit;
        fewer.rows.resize(kLoans / 3);  // a valid file: every row accepted
        const auto log = sync(t, &fewer, nullptr);
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("live plan re-checked") != std::string::npos,
                 log.errorSummary.c_str());
        QCOMPARE(log.credit.rowsRejected, std::uint64_t(0));
        QCOMPARE(live(t), before);
        QCOMPARE(orphanPayments(t), std::uint64_t(0));
        // What the failed sync wrote is gone: only the live batches are on disk.
        QCOMPARE(m_services->warehouse().batches(t.warehouseDatabase).size(), std::size_t(2));
    }

    // Random packages (credit only, plan only, both; random rejected loans; identical
    // re-uploads): after every sync the live plan references only live credits, and counts and
    // sums equal what this test computes from the files.
    void randomPackagesKeepTheWarehouseWhole() {
        const auto t = newTenant();
        std::mt19937_64 random(20261206);
        Expected state;
        std::set<std::string> liveCredits;  // loans live now
        const Table* livePlan = nullptr;    // the plan whose rows the live ones are
        std::vector<Table> plans = {m_plan, generated(FileType::PaymentPlan, kLoans, 3)};
        for (int step = 0; step < 14; ++step) {
            // 0 both (always first: a plan alone needs live credits), 1 credit, 2 plan. At most
            // 11 of 120 loans are rejected, so no step crosses the threshold.
            const int kind = step == 0 ? 0 : static_cast<int>(random() % 3);
            std::set<std::string> rejected;
            const auto broken = random() % 12;
            for (std::uint64_t i = 0; i < broken; ++i)
                rejected.insert(loan(1 + random() % kLoans));
            const Table credit = breaking(m_credit, rejected);
            const Table& plan = plans[random() % plans.size()];
            const bool withCredit = kind != 2, withPlan = kind != 1;
            const auto outcome =
                syncOrNothing(t, withCredit ? &credit : nullptr, withPlan ? &plan : nullptr);
            const QByteArray what = QStringLiteral("step %1 (%2)")
                                        .arg(step)
                                        .arg(QLatin1String(kind == 0   ? "both"
                                                           : kind == 1 ? "credit"
                                                                       : "plan"))
                                        .toUtf8();
            if (outcome) {
                QVERIFY2(outcome->status == SyncStatus::Completed,
                         (what + ": " + outcome->errorSummary.c_str()).constData());
                if (withCredit) {
                    liveCredits.clear();
                    for (const auto& r : credit.rows)
                        if (!rejected.count(r[m_loanColumn])) liveCredits.insert(r[m_loanColumn]);
                }
                // An identical plan is not re-loaded: the live one is re-checked — its rows
                // are the same either way.
                if (withPlan) livePlan = &plan;
                std::set<std::string> notLive;
                for (const auto& r : m_credit.rows)
                    if (!liveCredits.count(r[m_loanColumn])) notLive.insert(r[m_loanColumn]);
                state = expected(withCredit ? credit : lastCredit, notLive,
                                 livePlan ? *livePlan : Table{});
                if (withCredit) lastCredit = credit;
            }
            QVERIFY2(live(t) == state, what.constData());
            QVERIFY2(orphanPayments(t) == 0, what.constData());
        }
    }

    // Rows of a batch that is not live — a superseded one an abrupt ClickHouse stop brought
    // back, a failed sync's — are never read, and the janitor drops them.
    void batchesOnDiskThatAreNotLiveAreInvisible() {
        const auto t = newTenant();
        QCOMPARE(sync(t, &m_credit, &m_plan).status, SyncStatus::Completed);
        const auto before = live(t);
        const auto kpisBefore = kpis(t);
        auto& client = m_services->clickhouse();
        const auto liveBatch =
            LiveBatchRepository(db(), t.schema).find(LoanType::Commercial, FileType::Credit);
        QVERIFY(liveBatch);
        // A copy of the live credits under another batch: what an old part coming back is.
        std::string columns;
        for (const auto& f : core::Catalog::standard().fields(FileType::Credit))
            columns += sqlIdentifier(f.name) + ", ";
        client.execute("INSERT INTO " + sqlTable(t.warehouseDatabase, "fact_credit") + " SELECT " +
                       columns + "'superseded-batch', loan_type, loaded_at, source_line FROM " +
                       sqlTable(t.warehouseDatabase, "fact_credit") +
                       " WHERE batch_id = " + sqlString(liveBatch->batchId));
        QCOMPARE(m_services->warehouse().batches(t.warehouseDatabase).size(), std::size_t(3));
        QCOMPARE(live(t), before);
        QCOMPARE(kpis(t), kpisBefore);
        DataQuery page;
        page.database = t.warehouseDatabase;
        page.loanType = LoanType::Commercial;
        page.live = LiveBatchRepository(db(), t.schema).load();
        QCOMPARE(readDataPage(client, page)["total"].get<std::uint64_t>(), before.credits);

        // Any agent starting meanwhile on these databases may drop it first (its start-up pass
        // covers every tenant): what counts is what is left.
        JanitorOptions options;
        options.interval = std::chrono::seconds(0);
        Janitor janitor(db(), m_services->warehouse(), m_services->uploads(), options);
        QVERIFY(janitor.runTenant(t).batches <= 1);
        QCOMPARE(m_services->warehouse().batches(t.warehouseDatabase).size(), std::size_t(2));
        QCOMPARE(live(t), before);
    }

    // A tenant of an earlier version: fact tables partitioned per loan type, holding the live
    // batch and a superseded one an abrupt stop brought back. At start the tables are rebuilt
    // partitioned per batch, every row kept; reads see only the live batch; the janitor drops
    // the other.
    void tablesOfEarlierVersionsAreRebuilt() {
        const auto t = newTenant();
        QCOMPARE(sync(t, &m_credit, &m_plan).status, SyncStatus::Completed);
        const auto before = live(t);
        auto& client = m_services->clickhouse();
        const auto& database = t.warehouseDatabase;
        // Turn the tables back into what the previous version made, with a stale second batch.
        for (const auto* table : {"fact_credit", "fact_payment"}) {
            const auto name = sqlTable(database, table);
            const auto old = sqlTable(database, std::string(table) + "_old");
            std::string ddl = client.query("SHOW CREATE TABLE " + name + " FORMAT TabSeparatedRaw");
            const auto at = ddl.find("PARTITION BY (loan_type, batch_id)");
            QVERIFY(at != std::string::npos);
            ddl.replace(at, std::strlen("PARTITION BY (loan_type, batch_id)"),
                        "PARTITION BY loan_type");
            // ClickHouse's default granules, which earlier versions kept.
            const auto granularity = ddl.find("index_granularity = 1024");
            QVERIFY(granularity != std::string::npos);
            ddl.replace(granularity, std::strlen("index_granularity = 1024"),
                        "index_granularity = 8192");
            ddl = "CREATE TABLE " + old + ' ' + ddl.substr(ddl.find('('));
            client.execute(ddl);
            client.execute("INSERT INTO " + old + " SELECT * FROM " + name);
            std::string columns;
            for (const auto& f : core::Catalog::standard().fields(
                     std::string_view(table) == "fact_credit" ? FileType::Credit
                                                              : FileType::PaymentPlan))
                columns += sqlIdentifier(f.name) + ", ";
            client.execute("INSERT INTO " + old + " SELECT " + columns +
                           "'stale', loan_type, loaded_at, source_line FROM " + name);
            client.execute("DROP TABLE " + name);
            client.execute("RENAME TABLE " + old + " TO " + name);
        }
        const auto report =
            migrateWarehouses(db(), m_services->warehouse(), core::Catalog::standard());
        // Other tests' tenants come and go meanwhile; this one must have been migrated.
        for (const auto& failure : report.failures)
            QVERIFY2(failure.find(t.id) == std::string::npos, failure.c_str());
        for (const auto* table : {"fact_credit", "fact_payment"}) {
            const auto create = client.query("SHOW CREATE TABLE " + sqlTable(database, table) +
                                             " FORMAT TabSeparatedRaw");
            QVERIFY2(create.find("PARTITION BY (loan_type, batch_id)") != std::string::npos,
                     create.c_str());
            QVERIFY2(create.find("index_granularity = 1024") != std::string::npos, create.c_str());
        }
        // An agent starting meanwhile may have rebuilt the tables, or dropped the stale batch,
        // first (its start-up work covers every tenant): what counts is what is left.
        QVERIFY(m_services->warehouse().batches(database).size() >= 2);
        QCOMPARE(live(t), before);
        QCOMPARE(orphanPayments(t), std::uint64_t(0));
        JanitorOptions options;
        options.interval = std::chrono::seconds(0);
        Janitor janitor(db(), m_services->warehouse(), m_services->uploads(), options);
        QVERIFY(janitor.runTenant(t).batches <= 2);
        QCOMPARE(m_services->warehouse().batches(database).size(), std::size_t(2));
        QCOMPARE(live(t), before);
        // The next sync works on the rebuilt tables.
        const std::set<std::string> rejected = {loan(9)};
        const auto credit = breaking(m_credit, rejected);
        QCOMPARE(sync(t, &credit, nullptr).status, SyncStatus::Completed);
        QCOMPARE(live(t), expected(credit, rejected, m_plan));
    }

private:
    static constexpr std::uint64_t kLoans = 120;

    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    std::vector<std::string> m_databases;
    Table m_credit, m_plan, lastCredit;
    int m_loanColumn = -1, m_customerColumn = -1, m_amountColumn = -1;
    int m_planLoanColumn = -1, m_installmentColumn = -1;
    int m_files = 0;

    Database& db() { return m_services->database(); }

    Tenant newTenant() {
        auto t = TenantRepository(db()).create(test::uniqueTenantId("INTEG"), "integrity").tenant;
        m_databases.push_back(t.warehouseDatabase);
        return t;
    }

    std::string loan(std::uint64_t index) const {
        return m_credit.rows.at(index - 1).at(static_cast<std::size_t>(m_loanColumn));
    }

    // The credit file with these loans' customer id blanked: each such row is rejected
    // (REQUIRED), the others accepted.
    Table breaking(const Table& credit, const std::set<std::string>& loans) const {
        Table out = credit;
        for (auto& r : out.rows)
            if (loans.count(r[m_loanColumn])) r[m_customerColumn].clear();
        return out;
    }

    std::uint64_t paymentsOf(const Table& plan, const std::set<std::string>& loans) const {
        std::uint64_t n = 0;
        for (const auto& r : plan.rows)
            n += loans.count(r[m_planLoanColumn]);
        return n;
    }

    // Credits of `credit` but `notLive`; payments of `plan` whose loan is among them.
    Expected expected(const Table& credit, const std::set<std::string>& notLive,
                      const Table& plan) const {
        Expected e;
        std::set<std::string> loans;
        for (const auto& r : credit.rows) {
            if (notLive.count(r[m_loanColumn])) continue;
            loans.insert(r[m_loanColumn]);
            ++e.credits;
            e.creditCents += cents(r[m_amountColumn]);
        }
        for (const auto& r : plan.rows) {
            if (!loans.count(r[m_planLoanColumn])) continue;
            ++e.payments;
            e.paymentCents += cents(r[m_installmentColumn]);
        }
        return e;
    }

    Expected live(const Tenant& t) {
        auto& w = m_services->warehouse();
        const auto credit = liveTotals(db(), w, t, FileType::Credit, LoanType::Commercial);
        const auto plan = liveTotals(db(), w, t, FileType::PaymentPlan, LoanType::Commercial);
        const auto sumOf = [](const ControlTotals& totals, const char* field) -> std::int64_t {
            for (const auto& [name, sum] : totals.amountSums)
                if (name == field) return cents(sum);
            return 0;
        };
        return {credit.rows, plan.rows, sumOf(credit, "original_loan_amount"),
                sumOf(plan, "installment_amount")};
    }

    nlohmann::json kpis(const Tenant& t) {
        const LoanType types[] = {LoanType::Commercial};
        return portfolioKpis(m_services->clickhouse(), t.warehouseDatabase, types,
                             LiveBatchRepository(db(), t.schema).load());
    }

    // Live payments whose loan is not a live credit: the anti-join an auditor would run.
    std::uint64_t orphanPayments(const Tenant& t) {
        const auto live = LiveBatchRepository(db(), t.schema).load();
        const auto sql = "SELECT count() FROM " + sqlTable(t.warehouseDatabase, "fact_payment") +
                         " WHERE " + live.condition(FileType::PaymentPlan, LoanType::Commercial) +
                         " AND loan_account_number NOT IN (SELECT loan_account_number FROM " +
                         sqlTable(t.warehouseDatabase, "fact_credit") + " WHERE " +
                         live.condition(FileType::Credit, LoanType::Commercial) +
                         ") FORMAT TabSeparated";
        return std::stoull(m_services->clickhouse().query(sql));
    }

    std::uint64_t crossReferenceErrors(const Tenant& t, const std::string& syncId) {
        return db().transact([&](pqxx::work& tx) {
            return tx
                .exec_params1("SELECT count(*) FROM " + t.schema +
                                  ".validation_errors WHERE sync_id = $1 AND file_type = "
                                  "'payment_plan' AND error_type = 'CROSS_REFERENCE' AND "
                                  "severity = 'error'",
                              syncId)[0]
                .as<std::uint64_t>();
        });
    }

    std::string write(const Table& table) {
        const auto path = m_dir.filePath(QStringLiteral("f%1.csv").arg(++m_files)).toStdString();
        std::ofstream(path, std::ios::binary) << table.text();
        return path;
    }

    // Stages the files given and syncs; nullopt when nothing was staged (every file identical
    // to the live one).
    std::optional<SyncLog> syncOrNothing(const Tenant& t, const Table* credit, const Table* plan) {
        for (const auto& [file, table] :
             {std::pair{FileType::Credit, credit}, std::pair{FileType::PaymentPlan, plan}})
            if (table)
                m_services->uploadIntake().stageFile(t, LoanType::Commercial, file, write(*table),
                                                     "test");
        try {
            return m_services->syncEngine().run({t.id, LoanType::Commercial});
        } catch (const NothingStaged&) {
            return std::nullopt;
        }
    }

    SyncLog sync(const Tenant& t, const Table* credit, const Table* plan) {
        auto log = syncOrNothing(t, credit, plan);
        if (!log) throw std::runtime_error("nothing was staged");
        return *log;
    }
};

QTEST_GUILESS_MAIN(TestIntegrity)
#include "tst_integrity.moc"
