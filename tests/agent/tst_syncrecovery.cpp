// A kill -9 of the agent in the middle of a sync, followed by a restart: readers see the old
// data whole (the new batch was never published), the interrupted sync is ended FAILED and what
// it wrote dropped, and the retry succeeds. The agent runs
// as a real process; FINDATA_FAULT holds it at the chosen point so the kill lands there.

#include <signal.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "agent/services.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(const char* bank, FileType fileType) {
    return test::samplePath(bank, LoanType::Retail, fileType);
}

}  // namespace

class TestSyncRecovery final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // The agent processes (root → database accounts) read staged files under this directory.
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                                QFileDevice::ExeOther);
        const auto& urls = test::testDatabases();
        m_settings.dataDir = m_dir.path().toStdString();
        m_settings.pgUrl = urls.pg;
        m_settings.clickhouseUrl = urls.clickhouse;
        m_services = std::make_unique<Services>(m_settings, nullptr);
    }
    void cleanupTestCase() {
        if (!m_tenant.id.empty()) m_services->warehouse().dropTenant(m_tenant.warehouseDatabase);
    }

    // BANK001 (300 credits, 1200 installments) is live; then BANK002 (400, 1600) is staged.
    void init() {
        m_tenant =
            TenantRepository(db()).create(test::uniqueTenantId("CRASH"), "crash test").tenant;
        m_services->warehouse().ensureTenant(m_tenant.warehouseDatabase);
        stagePackage("BANK001");
        QCOMPARE(m_services->syncEngine().run({m_tenant.id, LoanType::Retail}).status,
                 SyncStatus::Completed);
        stagePackage("BANK002");
    }
    void cleanup() { m_services->warehouse().dropTenant(m_tenant.warehouseDatabase); }

    void killDuringStoringKeepsTheOldData() {
        const auto interrupted = killAgentAt(
            "STORING", [](const SyncLog& log) { return log.status == SyncStatus::Storing; });
        QVERIFY2(!interrupted.empty(), "the agent never reached STORING");
        QCOMPARE(counts(), std::pair(std::uint64_t(300), std::uint64_t(1200)));

        const auto restart = runAgent({"sync", "--tenant", m_tenant.id, "--loan-type", "RETAIL"});
        QCOMPARE(restart.first, 0);
        const auto old = logs().find(interrupted);
        QVERIFY(old);
        QCOMPARE(old->status, SyncStatus::Failed);
        QVERIFY2(old->errorSummary.find("interrupted") != std::string::npos,
                 old->errorSummary.c_str());
        QCOMPARE(counts(), std::pair(std::uint64_t(400), std::uint64_t(1600)));
        QVERIFY(m_services->warehouse().stagingTables(m_tenant.warehouseDatabase).empty());
        QCOMPARE(logs().list().front().status, SyncStatus::Completed);
    }

    // Killed while the new batch is written (between the two fact tables) or once it is written
    // but not yet published: readers never saw it, the restart ends the sync FAILED, drops what
    // it wrote, and the retry loads the package.
    void killAfterTheBatchIsWrittenKeepsTheOldData_data() {
        QTest::addColumn<QString>("point");
        QTest::addRow("between the fact tables") << QStringLiteral("SWAP");
        QTest::addRow("written, not published") << QStringLiteral("PUBLISH");
    }
    void killAfterTheBatchIsWrittenKeepsTheOldData() {
        QFETCH(QString, point);
        const auto interrupted =
            killAgentAt(point.toStdString(), [](const SyncLog& log) { return log.swapStarted; });
        QVERIFY2(!interrupted.empty(), "the agent never reached the point");
        QCOMPARE(counts(), std::pair(std::uint64_t(300), std::uint64_t(1200)));
        // The unpublished batch is on disk beside the live one.
        const auto batchesOf = [&](const std::string& batch) {
            int found = 0;
            for (const auto& b : m_services->warehouse().batches(m_tenant.warehouseDatabase))
                found += b.batchId == batch;
            return found;
        };
        const auto batch = logs().find(interrupted)->batchId;
        QVERIFY(batchesOf(batch) >= 1);

        const auto restart = runAgent({"tenant", "list"});  // any start recovers
        QCOMPARE(restart.first, 0);
        const auto recovered = logs().find(interrupted);
        QCOMPARE(recovered->status, SyncStatus::Failed);
        QVERIFY2(recovered->errorSummary.find("the live data is unchanged") != std::string::npos,
                 recovered->errorSummary.c_str());
        QCOMPARE(counts(), std::pair(std::uint64_t(300), std::uint64_t(1200)));
        QCOMPARE(batchesOf(batch), 0);
        QVERIFY(m_services->warehouse().stagingTables(m_tenant.warehouseDatabase).empty());

        QCOMPARE(m_services->syncEngine().run({m_tenant.id, LoanType::Retail}).status,
                 SyncStatus::Completed);
        QCOMPARE(counts(), std::pair(std::uint64_t(400), std::uint64_t(1600)));
        // Only the live batches are left.
        QCOMPARE(m_services->warehouse().batches(m_tenant.warehouseDatabase).size(),
                 std::size_t(2));
    }

private:
    QTemporaryDir m_dir;
    Settings m_settings;
    std::unique_ptr<Services> m_services;
    Tenant m_tenant;

    Database& db() { return m_services->database(); }
    SyncLogRepository logs() { return SyncLogRepository(db(), m_tenant.schema); }

    void stagePackage(const char* bank) {
        for (const auto ft : core::kFileTypes)
            QVERIFY(!m_services->uploadIntake()
                         .stageFile(m_tenant, LoanType::Retail, ft, sample(bank, ft), "test")
                         .unchanged);
    }

    std::pair<std::uint64_t, std::uint64_t> counts() {
        auto& w = m_services->warehouse();
        auto& db = m_services->database();
        return {liveRowCount(db, w, m_tenant, FileType::Credit, LoanType::Retail),
                liveRowCount(db, w, m_tenant, FileType::PaymentPlan, LoanType::Retail)};
    }

    QStringList agentArgs(const std::vector<std::string>& command) const {
        QStringList args;
        for (const auto& c : command)
            args << QString::fromStdString(c);
        args << QStringLiteral("--pg-url") << QString::fromStdString(m_settings.pgUrl)
             << QStringLiteral("--clickhouse-url")
             << QString::fromStdString(m_settings.clickhouseUrl) << QStringLiteral("--data-dir")
             << m_dir.path();
        return args;
    }

    std::pair<int, QByteArray> runAgent(const std::vector<std::string>& command) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(FINDATA_AGENT_BINARY), agentArgs(command));
        if (!p.waitForFinished(120000)) return {-1, p.readAll()};
        const auto output = p.readAll();
        if (p.exitCode() != 0) qWarning("%s", output.constData());
        return {p.exitCode(), output};
    }

    // Starts a sync in an agent process held at `point`, waits until it says it paused there
    // and `reached` holds for its sync log, kills it with SIGKILL and returns the interrupted
    // sync's id. (The log alone is not enough: swapStarted is set before the batch is written,
    // and a loaded machine let the kill land in between.)
    template <typename Reached>
    std::string killAgentAt(const std::string& point, Reached reached) {
        QProcess agent;
        agent.setProcessChannelMode(QProcess::MergedChannels);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("FINDATA_FAULT"),
                   QStringLiteral("pause:%1").arg(QString::fromStdString(point)));
        agent.setProcessEnvironment(env);
        agent.start(QStringLiteral(FINDATA_AGENT_BINARY),
                    agentArgs({"sync", "--tenant", m_tenant.id, "--loan-type", "RETAIL"}));
        if (!agent.waitForStarted()) return {};
        const QByteArray paused = "FINDATA_FAULT: pausing at " + QByteArray::fromStdString(point);
        QByteArray output;
        std::string id;
        QDeadlineTimer deadline(60000);
        while (id.empty() && !deadline.hasExpired()) {
            agent.waitForReadyRead(50);
            output += agent.readAll();
            if (!output.contains(paused)) continue;
            for (const auto& log : logs().unfinished())
                if (reached(log)) id = log.id;
            if (id.empty()) QTest::qWait(50);
        }
        if (id.empty())
            qWarning("the agent did not pause at %s: %s", point.c_str(), output.constData());
        ::kill(static_cast<pid_t>(agent.processId()), SIGKILL);
        agent.waitForFinished();
        const auto log = logs().find(id);
        if (!log || isFinal(log->status)) return {};  // it must still look unfinished
        return id;
    }
};

QTEST_GUILESS_MAIN(TestSyncRecovery)
#include "tst_syncrecovery.moc"
