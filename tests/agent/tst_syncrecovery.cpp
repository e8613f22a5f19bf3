// A kill -9 of the agent in the middle of a sync, followed by a restart: the fact tables hold
// the old or the new data, the interrupted sync is ended, and the retry succeeds. The agent runs
// as a real process; FINDATA_FAULT holds it at the chosen point so the kill lands there.

#include <signal.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "agent/services.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(const char* bank, FileType fileType) {
    return std::string(FINDATA_SAMPLE_DIR) + "/" + bank + "/RETAIL/" +
           std::string(core::toText(fileType)) + ".csv";
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

    // Killed between the two partition swaps: the restart completes the swap from staging.
    void killDuringTheSwapCompletesIt() {
        const auto interrupted = killAgentAt("SWAP", [this](const SyncLog& log) {
            return log.swapStarted && counts().first == 400;  // credit swapped, plan not yet
        });
        QVERIFY2(!interrupted.empty(), "the agent never reached the swap");
        QCOMPARE(counts(), std::pair(std::uint64_t(400), std::uint64_t(1200)));  // the window

        const auto restart = runAgent({"tenant", "list"});  // any start recovers
        QCOMPARE(restart.first, 0);
        const auto recovered = logs().find(interrupted);
        QCOMPARE(recovered->status, SyncStatus::Completed);
        QVERIFY(recovered->errorSummary.find("completed at restart") != std::string::npos);
        QCOMPARE(counts(), std::pair(std::uint64_t(400), std::uint64_t(1600)));
        QVERIFY(m_services->warehouse().stagingTables(m_tenant.warehouseDatabase).empty());
        QVERIFY_THROWS_EXCEPTION(NothingStaged,
                                 m_services->syncEngine().run({m_tenant.id, LoanType::Retail}));
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
        return {w.rowCount(m_tenant.warehouseDatabase, FileType::Credit, LoanType::Retail),
                w.rowCount(m_tenant.warehouseDatabase, FileType::PaymentPlan, LoanType::Retail)};
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

    // Starts a sync in an agent process held at `point`, waits until `reached` holds for its
    // sync log, kills it with SIGKILL and returns the interrupted sync's id.
    template <typename Reached>
    std::string killAgentAt(const char* point, Reached reached) {
        QProcess agent;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("FINDATA_FAULT"),
                   QStringLiteral("pause:%1").arg(QLatin1String(point)));
        agent.setProcessEnvironment(env);
        agent.start(QStringLiteral(FINDATA_AGENT_BINARY),
                    agentArgs({"sync", "--tenant", m_tenant.id, "--loan-type", "RETAIL"}));
        if (!agent.waitForStarted()) return {};
        std::string id;
        QDeadlineTimer deadline(60000);
        while (id.empty() && !deadline.hasExpired()) {
            for (const auto& log : logs().unfinished())
                if (reached(log)) id = log.id;
            if (id.empty()) QTest::qWait(50);
        }
        ::kill(static_cast<pid_t>(agent.processId()), SIGKILL);
        agent.waitForFinished();
        const auto log = logs().find(id);
        if (!log || isFinal(log->status)) return {};  // it must still look unfinished
        return id;
    }
};

QTEST_GUILESS_MAIN(TestSyncRecovery)
#include "tst_syncrecovery.moc"
