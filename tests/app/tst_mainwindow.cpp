// MainWindow on the offscreen platform against a real agent: signing in and out, what the
// operator is told when it goes wrong, the dashboard, a sync followed to COMPLETED, shortcuts
// and the Turkish translation.

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/models/synclogmodel.h"
#include "app/ui/appsettings.h"
#include "app/ui/dashboardpage.h"
#include "app/ui/mainwindow.h"
#include "app/ui/signinpage.h"
#include "app/ui/syncpage.h"
#include "app/ui/translations.h"
#include "apptestsupport.h"
#include "fakeagent.h"
#include "support/agentprocess.h"

using findata::app::AgentClient;
using findata::app::CredentialStore;
using findata::app::MainWindow;
using findata::app::MemoryCredentialStore;

class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void signInShowsTenant();
    void signInFailureIsSaidPlainly_data();
    void signInFailureIsSaidPlainly();
    void rememberedKeySignsInAtStart();
    void keychainFailureKeepsKeyForSessionOnly();
    void signOutForgetsKey();
    void shortcutsReachEveryScreen_data();
    void shortcutsReachEveryScreen();
    void syncPageFollowsSyncToCompleted();
    void dashboardPopulates();
    void geometryIsRemembered();
    void chooseLanguage_data();
    void chooseLanguage();
    void turkishTranslationLoads();
    void cleanupTestCase();

private:
    // A window signed in through the sign-in page, as an operator would.
    std::unique_ptr<MainWindow> signedInWindow(bool remember = false);
    void fillSignIn(MainWindow& window, const QString& url, const QString& key, bool remember);

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<AgentClient> m_client;
};

void TestMainWindow::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("APPGUI");
}

void TestMainWindow::init() {
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_settings->clear();
    m_store = std::make_unique<MemoryCredentialStore>();
    m_client = std::make_unique<AgentClient>();
}

void TestMainWindow::cleanup() {
    m_client.reset();
    m_store.reset();
    m_settings.reset();
}

void TestMainWindow::fillSignIn(MainWindow& window, const QString& url, const QString& key,
                                bool remember) {
    auto* page = window.signInPage();
    page->findChild<QLineEdit*>(QStringLiteral("agentUrl"))->setText(url);
    page->findChild<QLineEdit*>(QStringLiteral("apiKey"))->setText(key);
    page->findChild<QCheckBox*>(QStringLiteral("remember"))->setChecked(remember);
}

std::unique_ptr<MainWindow> TestMainWindow::signedInWindow(bool remember) {
    auto window = std::make_unique<MainWindow>(*m_client, *m_store, *m_settings);
    window->show();
    fillSignIn(*window, m_agent->url(), m_tenant.key, remember);
    QTest::mouseClick(window->signInPage()->findChild<QPushButton*>(QStringLiteral("signIn")),
                      Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return window->isSignedIn(); }, 20000))
        qWarning("not signed in: %s", qPrintable(window->signInPage()->message()));
    return window;
}

void TestMainWindow::signInShowsTenant() {
    auto window = signedInWindow(true);
    QVERIFY(window->isSignedIn());
    const auto* name = window->findChild<QLabel*>(QStringLiteral("tenantName"));
    QVERIFY(name->text().contains(QLatin1String("API test")));
    QVERIFY(name->text().contains(m_tenant.id));
    QCOMPARE(window->currentPageId(), QStringLiteral("dashboard"));
    // Remembered in the keychain under the documented name, never in the settings file.
    const auto keyName = QStringLiteral("api-key@") + m_agent->url();
    QTRY_COMPARE(m_store->keys().value(keyName), m_tenant.key);
    m_settings->sync();
    QFile file(m_settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(m_tenant.key.toUtf8()));
}

void TestMainWindow::signInFailureIsSaidPlainly_data() {
    QTest::addColumn<QString>("agent");  // "real", "closed", "500", "silent" or an address
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    const auto wrongKey = QStringLiteral("sk_live_") + QString(48, u'a');
    QTest::addRow("wrong key") << "real" << wrongKey << "rejected the API key";
    QTest::addRow("agent not running") << "closed" << wrongKey << "No agent answers at";
    QTest::addRow("agent failing with 500") << "500" << wrongKey << "The agent failed: boom";
    QTest::addRow("agent not answering") << "silent" << wrongKey << "did not answer in time";
    QTest::addRow("not an address") << "ftp://agent" << wrongKey << "is not an agent address";
    QTest::addRow("no key") << "real"
                            << ""
                            << "Enter the tenant's API key.";
}

void TestMainWindow::signInFailureIsSaidPlainly() {
    QFETCH(QString, agent);
    QFETCH(QString, key);
    QFETCH(QString, message);
    findata::test::FakeAgent failing(500, R"({"error":{"code":"internal","message":"boom"}})");
    findata::test::FakeAgent silent(0, {});
    QString url = agent;
    if (agent == QLatin1String("real")) url = m_agent->url();
    if (agent == QLatin1String("closed")) url = findata::test::closedPortUrl().toString();
    if (agent == QLatin1String("500")) url = failing.url().toString();
    if (agent == QLatin1String("silent")) url = silent.url().toString();
    m_client->setTimeout(std::chrono::milliseconds(500));

    MainWindow window(*m_client, *m_store, *m_settings);
    window.show();
    fillSignIn(window, url, key, true);
    auto* button = window.signInPage()->findChild<QPushButton*>(QStringLiteral("signIn"));
    QTest::mouseClick(button, Qt::LeftButton);
    const auto* label = window.signInPage()->findChild<QLabel*>(QStringLiteral("signInMessage"));
    QTRY_VERIFY2_WITH_TIMEOUT(label->text().contains(message), qPrintable(label->text()), 10000);
    QVERIFY(!window.isSignedIn());
    QVERIFY(button->isEnabled());  // the operator can correct and try again
    QVERIFY(m_store->keys().isEmpty());
}

void TestMainWindow::rememberedKeySignsInAtStart() {
    { auto first = signedInWindow(true); }
    QTRY_COMPARE(m_store->keys().size(), 1);
    AgentClient freshClient;
    MainWindow window(freshClient, *m_store, *m_settings);
    window.show();
    window.start();
    QTRY_VERIFY_WITH_TIMEOUT(window.isSignedIn(), 20000);
    QCOMPARE(freshClient.apiKey(), m_tenant.key);
}

void TestMainWindow::keychainFailureKeepsKeyForSessionOnly() {
    m_store->setFailure(QStringLiteral("No keychain is available on this system."));
    auto window = signedInWindow(true);
    QVERIFY(window->isSignedIn());
    QTRY_VERIFY(window->statusBar()->currentMessage().contains(
        QLatin1String("kept for this session only")));
    QCOMPARE(m_client->apiKey(), m_tenant.key);  // the session goes on with it
    QCOMPARE(m_settings->value(findata::app::settings::kRemember.key).toBool(), false);
    QVERIFY(m_store->keys().isEmpty());
}

void TestMainWindow::signOutForgetsKey() {
    auto window = signedInWindow(true);
    QTRY_COMPARE(m_store->keys().size(), 1);
    QTest::mouseClick(window->findChild<QWidget*>(QStringLiteral("signOut")), Qt::LeftButton);
    QVERIFY(!window->isSignedIn());
    QVERIFY(m_client->apiKey().isEmpty());
    QTRY_VERIFY(m_store->keys().isEmpty());
    QCOMPARE(m_settings->value(findata::app::settings::kRemember.key).toBool(), false);
    QVERIFY(window->signInPage()->message().contains(QLatin1String("Signed out")));
}

void TestMainWindow::shortcutsReachEveryScreen_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QKeySequence>("shortcut");
    const auto ids = MainWindow::defaultPages();
    for (int i = 0; i < ids.size(); ++i)
        QTest::addRow("%s", qPrintable(ids[i].id))
            << ids[i].id << QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i));
}

void TestMainWindow::shortcutsReachEveryScreen() {
    QFETCH(QString, id);
    QFETCH(QKeySequence, shortcut);
    auto window = signedInWindow();
    auto* action = window->findChild<QAction*>(QStringLiteral("go-") + id);
    QVERIFY(action);
    QCOMPARE(action->shortcut(), shortcut);
    action->trigger();
    QCOMPARE(window->currentPageId(), id);
    QVERIFY(window->page(id)->isVisible());
}

void TestMainWindow::syncPageFollowsSyncToCompleted() {
    // Stage the sample retail package with the agent's own command, as an operator's job would.
    const auto staged = findata::test::stageSample(*m_agent, m_tenant, QStringLiteral("BANK001"),
                                                   QStringLiteral("RETAIL"));
    QVERIFY2(staged.isEmpty(), qPrintable(staged));

    auto window = signedInWindow();
    window->showPage(QStringLiteral("sync"));
    auto* page = qobject_cast<findata::app::SyncPage*>(window->page(QStringLiteral("sync")));
    QVERIFY(page);
    QSignalSpy finished(page, &findata::app::SyncPage::syncFinished);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("syncRETAIL")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 90000);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("COMPLETED"));
    const auto* stage = page->findChild<QLabel*>(QStringLiteral("syncStage"));
    QVERIFY2(stage->text().contains(QLatin1String("completed")), qPrintable(stage->text()));
    // The history shows the sync as the agent recorded it.
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto log = api.get(QStringLiteral("/api/sync/logs/%1/").arg(page->followedSyncId()));
    QCOMPARE(log.status, 200);
    auto* model = page->historyModel();
    QTRY_VERIFY(model->rowCount() >= 1);
    QCOMPARE(model->index(0, findata::app::SyncLogModel::Status).data().toString(),
             QStringLiteral("Completed"));
    QCOMPARE(model->index(0, findata::app::SyncLogModel::RowsLoaded).data().toString(),
             QLocale().toString(log.json().value(QLatin1String("rows_loaded")).toInteger()));
}

void TestMainWindow::dashboardPopulates() {
    auto window = signedInWindow();
    auto* page =
        qobject_cast<findata::app::DashboardPage*>(window->page(QStringLiteral("dashboard")));
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded(), 20000);
    const auto text = [&](const char* name) {
        return page->findChild<QLabel*>(QString::fromLatin1(name))->text();
    };
    QVERIFY(text("dashboardTenant").contains(QLatin1String("API test")));
    QVERIFY2(text("dashboardMessage").isEmpty(), qPrintable(text("dashboardMessage")));
    QVERIFY2(text("lastSyncRETAIL").contains(QLatin1String("Completed")),
             qPrintable(text("lastSyncRETAIL")));
    QCOMPARE(text("lastSyncCOMMERCIAL"), QStringLiteral("No sync yet"));
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto tenant = api.get(QStringLiteral("/api/tenant/")).json();
    const auto credits = tenant.value(QLatin1String("counts"))
                             .toObject()
                             .value(QLatin1String("live_rows"))
                             .toObject()
                             .value(QLatin1String("RETAIL"))
                             .toObject()
                             .value(QLatin1String("credit"))
                             .toInteger();
    QVERIFY(credits > 0);
    QVERIFY2(text("liveRowsRETAIL").contains(QLocale().toString(credits)),
             qPrintable(text("liveRowsRETAIL")));
    QVERIFY2(text("kpis").startsWith(QLocale().toString(credits)), qPrintable(text("kpis")));
}

void TestMainWindow::geometryIsRemembered() {
    {
        MainWindow window(*m_client, *m_store, *m_settings);
        window.show();
        window.resize(777, 555);
        QTRY_COMPARE(window.size(), QSize(777, 555));
        window.close();
    }
    QVERIFY(m_settings->contains(findata::app::settings::kGeometry.key));
    MainWindow again(*m_client, *m_store, *m_settings);
    again.show();
    QTRY_COMPARE(again.size(), QSize(777, 555));
}

void TestMainWindow::chooseLanguage_data() {
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("language");
    QTest::addRow("Turkish system, no setting") << ""
                                                << "tr_TR"
                                                << "tr";
    QTest::addRow("German system falls back to English") << ""
                                                         << "de_DE"
                                                         << "en";
    QTest::addRow("setting beats the system") << "en"
                                              << "tr_TR"
                                              << "en";
    QTest::addRow("unknown setting ignored") << "xx"
                                             << "tr_TR"
                                             << "tr";
}

void TestMainWindow::chooseLanguage() {
    QFETCH(QString, setting);
    QFETCH(QString, system);
    QFETCH(QString, language);
    QCOMPARE(findata::app::chooseLanguage(setting, QLocale(system)), language);
}

void TestMainWindow::turkishTranslationLoads() {
    QVERIFY(findata::app::installTranslation(QStringLiteral("tr")));
    {
        MainWindow window(*m_client, *m_store, *m_settings);
        const auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
        QCOMPARE(sidebar->item(0)->text(), QStringLiteral("Gösterge Paneli"));
        QCOMPARE(window.signInPage()->findChild<QPushButton*>(QStringLiteral("signIn"))->text(),
                 QStringLiteral("Oturum aç"));
        QCOMPARE(findata::app::SyncLogModel::statusText(QStringLiteral("COMPLETED")),
                 QStringLiteral("Tamamlandı"));
    }
    QVERIFY(findata::app::installTranslation(QStringLiteral("en")));
    QCOMPARE(findata::app::SyncLogModel::statusText(QStringLiteral("COMPLETED")),
             QStringLiteral("Completed"));
}

void TestMainWindow::cleanupTestCase() {
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
