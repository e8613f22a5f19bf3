// The shell refuses what the API refuses: `load-csv` of a file whose header is the other loan
// type's (naming the columns that give it away) and of a deactivated tenant; `sync` of a
// deactivated tenant, and of a loan type whose sync config is disabled unless `--force` confirms.
// Nothing is staged or started by a refusal. Real `findata-agent` processes on the run's
// databases.

#include <QTemporaryDir>
#include <QtTest>

#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata::agent;
using findata::core::FileType;
using findata::core::LoanType;
using findata::test::runAgentCommand;

namespace {

QString sample(const char* loanType, const char* fileType) {
    return QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/%1/%2.csv")
        .arg(QLatin1String(loanType), QLatin1String(fileType));
}

}  // namespace

class TestCliRefusals final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<Database>(findata::test::testDatabases().pg);
    }

    void otherLoanTypesFileIsRefused() {
        const auto t = findata::test::createTestTenant("CLIWLT");
        const auto run = loadCsv(t, "COMMERCIAL", "credit", sample("RETAIL", "credit"));
        QVERIFY2(run.exitCode != 0, run.output.constData());
        QVERIFY2(run.output.contains("insurance_included") && run.output.contains("RETAIL"),
                 run.output.constData());
        UploadRepository uploads(*m_db, t.schema);
        QVERIFY(!uploads.latestStaged(LoanType::Commercial, FileType::Credit));
        QVERIFY(uploads.list().empty());
        // The right loan type stages.
        const auto right = loadCsv(t, "RETAIL", "credit", sample("RETAIL", "credit"));
        QVERIFY2(right.exitCode == 0, right.output.constData());
        QVERIFY(uploads.latestStaged(LoanType::Retail, FileType::Credit));
    }

    void deactivatedTenantIsNeitherStagedNorSynced() {
        const auto t = findata::test::createTestTenant("CLIOFF");
        const auto staged = loadCsv(t, "RETAIL", "credit", sample("RETAIL", "credit"));
        QVERIFY2(staged.exitCode == 0, staged.output.constData());
        TenantRepository(*m_db).setActive(t.id.toStdString(), false);

        const auto load = loadCsv(t, "RETAIL", "payment_plan", sample("RETAIL", "payment_plan"));
        QVERIFY2(load.exitCode != 0 && load.output.contains("deactivated"),
                 load.output.constData());
        QVERIFY(!UploadRepository(*m_db, t.schema)
                     .latestStaged(LoanType::Retail, FileType::PaymentPlan));
        const auto sync = syncCommand(t, {});
        QVERIFY2(sync.exitCode == 1 && sync.output.contains(t.id.toUtf8() + " is deactivated"),
                 sync.output.constData());
        QCOMPARE(SyncLogRepository(*m_db, t.schema).count(), std::uint64_t(0));

        TenantRepository(*m_db).setActive(t.id.toStdString(), true);
        const auto again = syncCommand(t, {});
        QVERIFY2(again.exitCode == 0 && again.output.contains("COMPLETED"),
                 again.output.constData());
    }

    void disabledConfigNeedsForce() {
        const auto t = findata::test::createTestTenant("CLIFORCE");
        const auto staged = loadCsv(t, "RETAIL", "credit", sample("RETAIL", "credit"));
        QVERIFY2(staged.exitCode == 0, staged.output.constData());
        SyncConfigChange off;
        off.enabled = false;
        SyncConfigRepository(*m_db, t.schema).update(LoanType::Retail, off);

        const auto refused = syncCommand(t, {});
        QVERIFY2(refused.exitCode == 1 && refused.output.contains("disabled") &&
                     refused.output.contains("--force"),
                 refused.output.constData());
        QCOMPARE(SyncLogRepository(*m_db, t.schema).count(), std::uint64_t(0));
        const auto forced = syncCommand(t, {QStringLiteral("--force")});
        QVERIFY2(forced.exitCode == 0 && forced.output.contains("COMPLETED"),
                 forced.output.constData());
        QCOMPARE(SyncLogRepository(*m_db, t.schema).count(), std::uint64_t(1));
    }

private:
    findata::test::CommandResult loadCsv(const findata::test::TestTenant& t, const char* loanType,
                                         const char* fileType, const QString& file) {
        return runAgentCommand(
            {QStringLiteral("load-csv"), QStringLiteral("--tenant"), t.id,
             QStringLiteral("--loan-type"), QLatin1String(loanType), QStringLiteral("--file-type"),
             QLatin1String(fileType), QStringLiteral("--file"), file},
            m_dir.path());
    }
    findata::test::CommandResult syncCommand(const findata::test::TestTenant& t,
                                             const QStringList& extra) {
        return runAgentCommand(
            QStringList{QStringLiteral("sync"), QStringLiteral("--tenant"), t.id,
                        QStringLiteral("--loan-type"), QStringLiteral("RETAIL")} +
                extra,
            m_dir.path(), 180000);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestCliRefusals)
#include "tst_cli_refusals.moc"
