// The Settings page's API keys on the offscreen platform against a real agent: an admin sees the
// tenant's keys, creates one with a role (its secret shown once, and it works with that role)
// and revokes one after confirming (refused by the agent at once); a declined confirmation
// keeps the key; a viewer's key is told that managing keys takes an admin key.

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/keyrepository.h"
#include "app/ui/dialogs.h"
#include "app/ui/keyspanel.h"
#include "app/ui/settingspage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using findata::app::KeysPanel;
using findata::app::ScriptedDialogs;
using findata::app::SettingsPage;
using findata::test::child;

namespace {

int rowNamed(QTableWidget* table, const QString& name) {
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text().startsWith(name)) return r;
    return -1;
}

}  // namespace

class TestSettingsKeys final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPKEY");
        m_dialogs.yesNo = [this] {
            ++m_questions;
            return m_answer;
        };
        findata::app::setDialogs(&m_dialogs);
    }
    void init() {
        m_answer = false;
        m_questions = 0;
        m_app = std::make_unique<findata::test::AppUnderTest>();
    }
    void cleanup() { m_app.reset(); }

    void adminCreatesAndRevokesAKey() {
        auto* page = openPage(m_tenant.key);
        QVERIFY(page);
        auto* table = child<QTableWidget>(page, "keyTable");
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 1);
        QVERIFY2(table->item(0, 0)->text().contains(QLatin1String("this client")),
                 qPrintable(table->item(0, 0)->text()));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("admin"));

        // Create an operator key.
        auto* keys = page->keysPanel();
        child<QLineEdit>(page, "newKeyName")->setText(QStringLiteral("nightly upload"));
        auto* role = child<QComboBox>(page, "newKeyRole");
        role->setCurrentIndex(role->findData(QStringLiteral("operator")));
        child<QSpinBox>(page, "newKeyExpiry")->setValue(30);
        QSignalSpy created(keys, &KeysPanel::keyCreated);
        QSignalSpy loaded(keys, &KeysPanel::keysLoaded);
        QTest::mouseClick(child<QPushButton>(page, "createKey"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 20000);
        QCOMPARE(created.at(0).at(0).toBool(), true);
        const QString secret = child<QLineEdit>(page, "createdKey")->text();
        QVERIFY2(secret.startsWith(QLatin1String("sk_live_")), qPrintable(secret));
        QCOMPARE(secret, keys->createdKey());
        // It works, with the operator role.
        findata::test::ApiClient api(m_agent->url(), secret);
        const auto me = api.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("role")].toString(), QStringLiteral("operator"));
        // The list shows it, without its secret.
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 20000);
        QCOMPARE(table->rowCount(), 2);
        const int row = rowNamed(table, QStringLiteral("nightly upload"));
        QVERIFY(row >= 0);
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("operator"));
        QCOMPARE(table->item(row, 2)->text(), secret.left(16) + QStringLiteral("…"));

        // Declined: nothing is revoked.
        table->selectRow(row);
        QSignalSpy revoked(keys, &KeysPanel::keyRevoked);
        QTest::mouseClick(child<QPushButton>(page, "revokeKey"), Qt::LeftButton);
        QCOMPARE(m_questions, 1);
        QCOMPARE(revoked.size(), 0);
        QCOMPARE(api.get(QStringLiteral("/api/tenant/")).status, 200);

        // Confirmed: the agent refuses the key at once, and the list drops it.
        m_answer = true;
        QTest::mouseClick(child<QPushButton>(page, "revokeKey"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(revoked.size(), 1, 20000);
        QCOMPARE(revoked.at(0).at(0).toBool(), true);
        QCOMPARE(api.get(QStringLiteral("/api/tenant/")).status, 401);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, 20000);
        QCOMPARE(table->rowCount(), 1);
    }

    void viewerIsToldItNeedsAnAdmin() {
        findata::agent::Database db(findata::test::testDatabases().pg);
        const auto viewer = findata::agent::KeyRepository(db).create(
            m_tenant.id.toStdString(), "desk viewer", findata::agent::Role::Viewer, std::nullopt,
            "test");
        auto* page = openPage(QString::fromStdString(viewer.key));
        QVERIFY(page);
        QTRY_VERIFY(child<QLabel>(page, "keysNote")->text().contains(QLatin1String("viewer")));
        QVERIFY(child<QLabel>(page, "keysNote")->text().contains(QLatin1String("Only an admin")));
        QVERIFY(!child<QTableWidget>(page, "keyTable")->isVisible());
        QVERIFY(!child<QPushButton>(page, "createKey")->isVisible());
    }

    void cleanupTestCase() {}

private:
    SettingsPage* openPage(const QString& key) {
        if (!m_app->signIn(m_agent->url(), key, false)) return nullptr;
        auto* page = m_app->show<SettingsPage>(QStringLiteral("settings"));
        if (!page) return nullptr;
        QSignalSpy loaded(page->keysPanel(), &KeysPanel::keysLoaded);
        if (!QTest::qWaitFor([&] { return page->isLoaded() && loaded.size() > 0; }, 20000))
            qWarning("settings or keys not loaded");
        return page;
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    ScriptedDialogs m_dialogs;
    bool m_answer = false;
    int m_questions = 0;
};

QTEST_MAIN(TestSettingsKeys)
#include "tst_settingskeys.moc"
