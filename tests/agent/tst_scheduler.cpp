// The scheduler against real PostgreSQL and ClickHouse, in process, with a fake clock: what it
// starts and when — due packages, intervals, disabled configurations and inactive tenants,
// retries of a failing package with growing delays and their limit, new data and manual triggers
// resetting that, and the two loan types kept apart.

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "agent/scheduler/scheduler.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/syncrunner.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using test::samplePath;
using namespace std::chrono_literals;
using test::FakeClock;

namespace {

// Interval and retry delay of every test tenant: long in real time, so the schedulers of agents
// other suites run on the shared databases never find these tenants due; the fake clock jumps.
constexpr std::chrono::seconds kInterval = 1h;
constexpr std::chrono::seconds kRetryDelay = 10min;

}  // namespace

class TestScheduler final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
        m_runner = std::make_unique<SyncRunner>(m_agent->services().syncEngine());
        m_scheduler =
            std::make_unique<Scheduler>(m_agent->services().database(), *m_runner, m_clock, 60s);
        // Only this suite's tenants: other suites share the databases.
        m_scheduler->setTenantFilter([this](const Tenant& t) { return m_mine.count(t.id) > 0; });
        writeFailingCredit();
    }
    void cleanupTestCase() {
        m_scheduler.reset();
        m_runner.reset();
        m_agent.reset();
    }

    void nothingStagedStartsNothing() {
        const auto t = newTenant();
        enable(t, LoanType::Retail);
        enable(t, LoanType::Commercial);
        m_clock.set(std::chrono::system_clock::now() + std::chrono::hours(24 * 30));
        QVERIFY(m_scheduler->tick().empty());
        QVERIFY(logs(t, LoanType::Retail).empty());
        QVERIFY(logs(t, LoanType::Commercial).empty());
    }

    void aDuePackageIsSyncedOnce() {
        const auto t = newTenant();
        stageSample(t, "BANK001", LoanType::Retail);
        enable(t, LoanType::Retail);
        m_clock.set(std::chrono::system_clock::now());
        const auto started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto log = last(t, LoanType::Retail);
        QCOMPARE(log.id, started.front());
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(log.trigger, SyncTrigger::Scheduled);
        QCOMPARE(log.actor, std::string("scheduler"));
        QCOMPARE(log.credit.rowsLoaded, std::uint64_t(300));
        // Synced: nothing is staged any more, however much time passes.
        m_clock.set(log.startedAt + std::chrono::hours(24 * 30));
        QVERIFY(m_scheduler->tick().empty());
        QCOMPARE(logs(t, LoanType::Retail).size(), std::size_t(1));
    }

    void newDataWaitsForTheInterval() {
        const auto t = newTenant();
        stageSample(t, "BANK001", LoanType::Retail);
        enable(t, LoanType::Retail);
        m_clock.set(std::chrono::system_clock::now());
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto first = last(t, LoanType::Retail);
        QCOMPARE(first.status, SyncStatus::Completed);

        stageGenerated(t, LoanType::Retail, 40, 7);
        m_clock.set(first.startedAt + kInterval - 1s);
        QVERIFY(m_scheduler->tick().empty());
        m_clock.set(first.startedAt + kInterval);
        const auto started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto second = last(t, LoanType::Retail);
        QCOMPARE(second.id, started.front());
        QCOMPARE(second.status, SyncStatus::Completed);
        QCOMPARE(second.trigger, SyncTrigger::Scheduled);
        QCOMPARE(second.credit.rowsLoaded, std::uint64_t(40));
        QCOMPARE(liveRowCount(m_agent->services().database(), m_agent->services().warehouse(), t,
                              FileType::Credit, LoanType::Retail),
                 std::uint64_t(40));
    }

    void skippedUntilEnabled_data() {
        QTest::addColumn<bool>("disableConfig");
        QTest::addRow("sync configuration disabled") << true;
        QTest::addRow("tenant inactive") << false;
    }
    void skippedUntilEnabled() {
        QFETCH(bool, disableConfig);
        const auto t = newTenant();
        stageSample(t, "BANK001", LoanType::Retail);
        if (!disableConfig) {
            enable(t, LoanType::Retail);
            TenantRepository(db()).setActive(t.id, false);
        }
        m_clock.set(std::chrono::system_clock::now() + std::chrono::hours(24 * 30));
        QVERIFY(m_scheduler->tick().empty());
        QVERIFY(logs(t, LoanType::Retail).empty());
        // The same package is picked up once the obstacle is gone.
        if (disableConfig)
            enable(t, LoanType::Retail);
        else
            TenantRepository(db()).setActive(t.id, true);
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        QCOMPARE(last(t, LoanType::Retail).status, SyncStatus::Completed);
    }

    void failuresAreRetriedWithBackoff_data() {
        QTest::addColumn<int>("maxRetries");
        QTest::addRow("no retries") << 0;
        QTest::addRow("one retry") << 1;
        QTest::addRow("three retries, 10, 20 and 40 minutes apart") << 3;
    }
    void failuresAreRetriedWithBackoff() {
        QFETCH(int, maxRetries);
        const auto t = newTenant();
        SyncConfigChange retries;
        retries.maxRetries = maxRetries;
        SyncConfigRepository(db(), t.schema).update(LoanType::Retail, retries);
        stage(t, LoanType::Retail, FileType::Credit, m_failingCredit);
        enable(t, LoanType::Retail);
        m_clock.set(std::chrono::system_clock::now());
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        auto failed = last(t, LoanType::Retail);
        QCOMPARE(failed.status, SyncStatus::Failed);
        QVERIFY2(failed.errorSummary.find("over the limit") != std::string::npos,
                 failed.errorSummary.c_str());
        const auto package = failed.creditUploadId;
        QVERIFY(package);

        for (int attempt = 1; attempt <= maxRetries; ++attempt) {
            const auto delay = kRetryDelay * (1 << (attempt - 1));
            QCOMPARE(Scheduler::retryBackoff(kRetryDelay, attempt), delay);
            m_clock.set(*failed.finishedAt + delay - 1s);
            QVERIFY2(m_scheduler->tick().empty(),
                     qPrintable(QStringLiteral("retry %1 too early").arg(attempt)));
            m_clock.set(*failed.finishedAt + delay);
            const auto started = m_scheduler->tick();
            QCOMPARE(started.size(), std::size_t(1));
            QVERIFY(waitIdle());
            failed = last(t, LoanType::Retail);
            QCOMPARE(failed.id, started.front());
            QCOMPARE(failed.status, SyncStatus::Failed);
            QCOMPARE(failed.trigger, SyncTrigger::Retry);
            QCOMPARE(failed.actor, std::string("scheduler"));
            QCOMPARE(failed.creditUploadId, package);
        }
        // Retries used up: the package stays FAILED, however long one waits.
        m_clock.set(*failed.finishedAt + std::chrono::hours(24 * 365));
        QVERIFY(m_scheduler->tick().empty());
        QCOMPARE(logs(t, LoanType::Retail).size(), std::size_t(1 + maxRetries));

        // New data is synced again.
        stageSample(t, "BANK001", LoanType::Retail);
        const auto started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto fixed = last(t, LoanType::Retail);
        QCOMPARE(fixed.id, started.front());
        QCOMPARE(fixed.status, SyncStatus::Completed);
        QCOMPARE(fixed.trigger, SyncTrigger::Scheduled);
    }

    void aManualTriggerRestartsTheRetries() {
        const auto t = newTenant();
        SyncConfigChange retries;
        retries.maxRetries = 1;
        SyncConfigRepository(db(), t.schema).update(LoanType::Retail, retries);
        stage(t, LoanType::Retail, FileType::Credit, m_failingCredit);
        enable(t, LoanType::Retail);
        m_clock.set(std::chrono::system_clock::now());
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        m_clock.set(*last(t, LoanType::Retail).finishedAt + kRetryDelay);
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        m_clock.set(*last(t, LoanType::Retail).finishedAt + std::chrono::hours(24 * 30));
        QVERIFY(m_scheduler->tick().empty());

        // An operator tries again by hand; it fails too, and the scheduler retries once more.
        const auto manual = m_agent->services().syncEngine().run(
            SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test"});
        QCOMPARE(manual.status, SyncStatus::Failed);
        m_clock.set(*manual.finishedAt + kRetryDelay - 1s);
        QVERIFY(m_scheduler->tick().empty());
        m_clock.set(*manual.finishedAt + kRetryDelay);
        QCOMPARE(m_scheduler->tick().size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto retry = last(t, LoanType::Retail);
        QCOMPARE(retry.trigger, SyncTrigger::Retry);
        QCOMPARE(retry.status, SyncStatus::Failed);
        m_clock.set(*retry.finishedAt + std::chrono::hours(24 * 30));
        QVERIFY(m_scheduler->tick().empty());
        QCOMPARE(logs(t, LoanType::Retail).size(), std::size_t(4));
    }

    void loanTypesAreIndependent() {
        const auto t = newTenant();
        SyncConfigChange retries;
        retries.maxRetries = 1;
        SyncConfigRepository(db(), t.schema).update(LoanType::Retail, retries);
        stage(t, LoanType::Retail, FileType::Credit, m_failingCredit);
        stageSample(t, "BANK001", LoanType::Commercial);
        enable(t, LoanType::Retail);
        enable(t, LoanType::Commercial);
        m_clock.set(std::chrono::system_clock::now());
        QCOMPARE(m_scheduler->tick().size(), std::size_t(2));
        QVERIFY(waitIdle());
        const auto retailFailed = last(t, LoanType::Retail);
        const auto commercial = last(t, LoanType::Commercial);
        QCOMPARE(retailFailed.status, SyncStatus::Failed);
        QCOMPARE(commercial.status, SyncStatus::Completed);

        // New COMMERCIAL data is not due yet while the RETAIL retry is.
        stageGenerated(t, LoanType::Commercial, 30, 11);
        m_clock.set(*retailFailed.finishedAt + kRetryDelay);
        QVERIFY(*retailFailed.finishedAt + kRetryDelay < commercial.startedAt + kInterval);
        auto started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        QCOMPARE(last(t, LoanType::Retail).id, started.front());
        QCOMPARE(last(t, LoanType::Retail).trigger, SyncTrigger::Retry);
        QCOMPARE(last(t, LoanType::Commercial).id, commercial.id);

        // COMMERCIAL's interval passes; RETAIL has used its retry and stays put.
        m_clock.set(commercial.startedAt + kInterval);
        started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto commercialAgain = last(t, LoanType::Commercial);
        QCOMPARE(commercialAgain.id, started.front());
        QCOMPARE(commercialAgain.status, SyncStatus::Completed);
        QCOMPARE(commercialAgain.credit.rowsLoaded, std::uint64_t(30));
        QCOMPARE(logs(t, LoanType::Retail).size(), std::size_t(2));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;
    std::unique_ptr<SyncRunner> m_runner;
    std::unique_ptr<Scheduler> m_scheduler;
    FakeClock m_clock;
    std::set<std::string> m_mine;
    std::string m_failingCredit;
    int m_generated = 0;

    Database& db() { return m_agent->db(); }

    // A tenant whose configurations are disabled until a test enables them (so no other agent's
    // scheduler takes its first package), with this suite's interval and retry delay.
    Tenant newTenant() {
        const auto tenant = m_agent->newTenant("SCHED", "scheduler test");
        SyncConfigChange change;
        change.enabled = false;
        change.interval = kInterval;
        change.retryDelay = kRetryDelay;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(db(), tenant.schema).update(lt, change);
        m_mine.insert(tenant.id);
        return tenant;
    }
    void enable(const Tenant& t, LoanType lt) {
        SyncConfigChange change;
        change.enabled = true;
        SyncConfigRepository(db(), t.schema).update(lt, change);
    }
    void stage(const Tenant& t, LoanType lt, FileType ft, const std::string& path) {
        const auto outcome = m_agent->stage(t, lt, ft, path);
        QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
    }
    void stageSample(const Tenant& t, const std::string& bank, LoanType lt) {
        for (const auto ft : core::kFileTypes)
            stage(t, lt, ft, samplePath(bank, lt, ft));
    }
    // A fresh credit file of `rows` rows and its payment plan (a new package, different from
    // anything synced).
    void stageGenerated(const Tenant& t, LoanType lt, std::uint64_t rows, std::uint64_t seed) {
        core::GeneratorOptions o;
        o.loanType = lt;
        o.creditRows = rows;
        o.seed = seed;
        ++m_generated;
        for (const auto ft : core::kFileTypes) {
            const auto path =
                m_dir.filePath(QStringLiteral("generated%1_%2.csv").arg(m_generated).arg(int(ft)));
            {
                std::ofstream out(path.toStdString(), std::ios::binary);
                const auto write = [&](std::string_view s) { out.write(s.data(), long(s.size())); };
                if (ft == FileType::Credit)
                    core::generateCredit(o, write);
                else
                    core::generatePaymentPlan(o, write);
            }
            stage(t, lt, ft, path.toStdString());
        }
    }
    // BANK001's RETAIL credits with three amounts in four negative: far over the 50 % limit.
    void writeFailingCredit() {
        m_failingCredit = m_dir.filePath(QStringLiteral("failing_credit.csv")).toStdString();
        std::ifstream in(samplePath("BANK001", LoanType::Retail, FileType::Credit));
        std::ofstream out(m_failingCredit);
        std::string line;
        std::size_t field = 0;
        for (int n = 0; std::getline(in, line); ++n) {
            if (n == 0) {
                const auto at = line.find("original_loan_amount");
                QVERIFY(at != std::string::npos);
                field = std::size_t(std::count(line.begin(), line.begin() + long(at), ';'));
            } else if (n % 4 != 0) {
                std::size_t pos = 0;
                for (std::size_t i = 0; i < field; ++i)
                    pos = line.find(';', pos) + 1;
                line.insert(pos, "-");
            }
            out << line << '\n';
        }
    }
    std::vector<SyncLog> logs(const Tenant& t, LoanType lt) {
        return SyncLogRepository(db(), t.schema).list(lt, 1000);
    }
    SyncLog last(const Tenant& t, LoanType lt) {
        const auto all = logs(t, lt);
        return all.empty() ? SyncLog{} : all.front();
    }
    // The runner's syncs run on threads of their own; small packages end within seconds.
    bool waitIdle() {
        QDeadlineTimer deadline(180000);
        while (m_runner->running() > 0) {
            if (deadline.hasExpired()) return false;
            std::this_thread::sleep_for(20ms);
        }
        return true;
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
