// The Sync page's trigger when the loan type's sync config is disabled, on the offscreen
// platform against a real agent: the agent refuses a plain start, the page asks the operator;
// "no" starts nothing and says why, "yes" starts the sync with force=true and follows it to
// COMPLETED.

#include <QLabel>
#include <QPushButton>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "app/ui/dialogs.h"
#include "app/ui/syncpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using findata::app::ScriptedDialogs;
using findata::app::SyncPage;
using findata::test::child;

class TestSyncForce final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPFORCE");
        m_db = std::make_unique<findata::agent::Database>(findata::test::testDatabases().pg);
        findata::agent::SyncConfigChange off;
        off.enabled = false;
        findata::agent::SyncConfigRepository(*m_db, m_tenant.schema)
            .update(findata::core::LoanType::Retail, off);
        const auto staged = findata::test::stageSample(
            *m_agent, m_tenant, QStringLiteral("BANK001"), QStringLiteral("RETAIL"));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        m_dialogs.yesNo = [this] {
            ++m_questions;
            return m_answer;
        };
        findata::app::setDialogs(&m_dialogs);
        m_app = std::make_unique<findata::test::AppUnderTest>();
        QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    }

    void declinedConfirmationStartsNothing() {
        auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
        QVERIFY(page);
        m_answer = false;
        QTest::mouseClick(child<QPushButton>(page, "syncRETAIL"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_questions, 1, 20000);
        auto* message = child<QLabel>(page, "syncMessage");
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 5000);
        QVERIFY2(message->text().contains(QLatin1String("disabled")), qPrintable(message->text()));
        QVERIFY(page->followedSyncId().isEmpty());
        QCOMPARE(logs(), 0);
    }

    void confirmedStartRunsTheSync() {
        auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
        m_answer = true;
        m_questions = 0;
        QTest::mouseClick(child<QPushButton>(page, "syncRETAIL"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_questions, 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!page->followedSyncId().isEmpty(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(page->followedStatus(), QStringLiteral("COMPLETED"), 120000);
        QCOMPARE(logs(), 1);
        QCOMPARE(m_questions, 1);  // asked once, not again for the forced start
    }

    void cleanupTestCase() {
        m_app.reset();
        findata::app::setDialogs(nullptr);
    }

private:
    int logs() { return int(findata::agent::SyncLogRepository(*m_db, m_tenant.schema).count()); }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::agent::Database> m_db;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    ScriptedDialogs m_dialogs;
    bool m_answer = false;
    int m_questions = 0;
};

QTEST_MAIN(TestSyncForce)
#include "tst_syncforce.moc"
