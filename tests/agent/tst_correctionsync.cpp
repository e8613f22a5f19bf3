// Correction syncs in process against real PostgreSQL and ClickHouse: the scheduler starts a sync
// for staged corrections alone; a corrected payment row is cross-checked against the live
// credits (a loan nobody delivered is rejected again, counted, and stays open); corrected credits
// and payments in one correction merge together; a correction rejected over the threshold fails
// its sync and leaves the live data and the open rows as they were.

#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <mutex>
#include <thread>

#include "agent/scheduler/scheduler.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/correction.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/syncrunner.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
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

std::string headerOf(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line + "\n";
}

CorrectedRow fix(std::uint64_t line, std::map<std::string, std::string> fields) {
    return CorrectedRow{line, std::move(fields)};
}

}  // namespace

class TestCorrectionSync final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
        m_runner = std::make_unique<SyncRunner>(m_agent->services().syncEngine());
        m_scheduler =
            std::make_unique<Scheduler>(m_agent->services().database(), *m_runner, m_clock, 60s);
        m_scheduler->setTenantFilter([this](const Tenant& t) { return t.id == m_tenant.id; });
        m_tenant = m_agent->newTenant("CORR", "corrections");
        SyncConfigChange off;
        off.enabled = false;
        off.interval = 1h;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(db(), m_tenant.schema).update(lt, off);
        for (const auto ft : core::kFileTypes) {
            const auto outcome = m_agent->stage(m_tenant, LoanType::Retail, ft,
                                                samplePath("BANK003", LoanType::Retail, ft));
            QVERIFY(!outcome.unchanged);
        }
        m_original = m_agent->services().syncEngine().run(manualSync());
        QCOMPARE(m_original.status, SyncStatus::Completed);
    }
    // The tenant's configs are disabled (the scheduler here is the test's), so a manual sync
    // confirms as an operator would.
    SyncRequest manualSync() const {
        SyncRequest r{m_tenant.id, LoanType::Retail};
        r.force = true;
        return r;
    }
    void cleanupTestCase() {
        m_scheduler.reset();
        m_runner.reset();
        m_agent.reset();
    }

    // Staged corrections alone are due: the scheduler starts their sync. Credit and payment
    // corrections merge in one sync; a corrected payment of a loan delivered by neither is
    // rejected again (CROSS_REFERENCE) and its row stays open.
    void theSchedulerSyncsCorrectionsAndPaymentsAreCrossChecked() {
        const auto credit = samplePath("BANK003", LoanType::Retail, FileType::Credit);
        const auto plan = samplePath("BANK003", LoanType::Retail, FileType::PaymentPlan);
        // Credit line 5 lacks its loan number: LOAN_399950 (new).
        stage(FileType::Credit, headerOf(credit),
              {fix(5, {{"loan_account_number", "LOAN_399950"}})});
        // Plan line 162 lacks its loan number: one for the corrected credit (accepted against
        // the corrected credits); line 22 gets its amount; line 933 (LOAN_999999) stays unknown.
        stage(FileType::PaymentPlan, headerOf(plan),
              {fix(162, {{"loan_account_number", "LOAN_399950"}}),
               fix(22, {{"installment_amount", "1000.00"}}),
               fix(933, {{"installment_status", "K"}})});
        SyncConfigChange on;
        on.enabled = true;
        SyncConfigRepository(db(), m_tenant.schema).update(LoanType::Retail, on);
        m_clock.set(std::chrono::system_clock::now() + 2h);
        const auto started = m_scheduler->tick();
        QCOMPARE(started.size(), std::size_t(1));
        QVERIFY(waitIdle());
        const auto log = *SyncLogRepository(db(), m_tenant.schema).find(started.front());
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(log.trigger, SyncTrigger::Scheduled);
        QCOMPARE(log.credit.rowsRead, std::uint64_t(1));
        QCOMPARE(log.credit.rowsLoaded, std::uint64_t(1));
        QCOMPARE(log.payment.rowsRead, std::uint64_t(3));
        QCOMPARE(log.payment.rowsLoaded, std::uint64_t(2));
        QCOMPARE(log.payment.rowsRejected, std::uint64_t(1));
        RejectedReview review(db(), m_tenant.schema);
        QCOMPARE(review.links(log.id).corrects.value_or(""), m_original.id);
        const auto counts = review.counts(m_original.id);
        QCOMPARE(counts.resubmitted, std::uint64_t(3));
        QCOMPARE(counts.open, std::uint64_t(28));
        // The correction sync's own rejected row is the unknown loan's.
        QCOMPARE(review.counts(log.id).open, std::uint64_t(1));
        auto& warehouse = m_agent->services().warehouse();
        QCOMPARE(warehouse.rowCount(m_tenant.warehouseDatabase, FileType::Credit, LoanType::Retail,
                                    log.batchId),
                 std::uint64_t(287));
        QCOMPARE(warehouse.rowCount(m_tenant.warehouseDatabase, FileType::PaymentPlan,
                                    LoanType::Retail, log.batchId),
                 std::uint64_t(1123));
        // Nothing left to do.
        m_clock.set(std::chrono::system_clock::now() + 4h);
        QVERIFY(m_scheduler->tick().empty());
        SyncConfigChange off;
        off.enabled = false;
        SyncConfigRepository(db(), m_tenant.schema).update(LoanType::Retail, off);
        m_liveSync = log.id;
    }

    // Corrections that are still wrong fail their sync over the threshold: the live data and the
    // open rows stay as they were.
    void aRejectedCorrectionFailsAndChangesNothing() {
        QVERIFY(!m_liveSync.empty());
        const auto credit = samplePath("BANK003", LoanType::Retail, FileType::Credit);
        stage(FileType::Credit, headerOf(credit),
              {fix(23, {{"customer_id", ""}}), fix(40, {{"original_loan_amount", "x"}})});
        const auto log = m_agent->services().syncEngine().run(manualSync());
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("rejected 100.0 %") != std::string::npos,
                 log.errorSummary.c_str());
        const auto live =
            LiveBatchRepository(db(), m_tenant.schema).find(LoanType::Retail, FileType::Credit);
        QCOMPARE(live->syncId, m_liveSync);
        QCOMPARE(RejectedReview(db(), m_tenant.schema).counts(m_original.id).open,
                 std::uint64_t(28));
    }

private:
    QTemporaryDir m_dir;
    FakeClock m_clock;
    std::unique_ptr<test::InProcessAgent> m_agent;
    std::unique_ptr<SyncRunner> m_runner;
    std::unique_ptr<Scheduler> m_scheduler;
    Tenant m_tenant;
    SyncLog m_original;
    std::string m_liveSync;

    Database& db() { return m_agent->db(); }
    void stage(FileType ft, const std::string& header, const std::vector<CorrectedRow>& rows) {
        stageCorrection(db(), m_agent->services().uploads(), m_tenant, m_original, ft, header, rows,
                        "test");
    }
    bool waitIdle() {
        QDeadlineTimer deadline(180000);
        while (m_runner->running() > 0) {
            if (deadline.hasExpired()) return false;
            std::this_thread::sleep_for(20ms);
        }
        return true;
    }
};

QTEST_GUILESS_MAIN(TestCorrectionSync)
#include "tst_correctionsync.moc"
