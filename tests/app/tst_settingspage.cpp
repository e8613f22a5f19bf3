// SettingsPage on the offscreen platform against a real agent: the tenant shown as the API knows
// it, sync configurations saved through PATCH and read back, API key rotation (old key refused,
// new key working, kept in the keychain), changing the agent, and the language choice.

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>
#include <memory>

#include "app/ui/appsettings.h"
#include "app/ui/dialogs.h"
#include "app/ui/settingspage.h"
#include "app/ui/signinpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"

using findata::app::ScriptedDialogs;
using findata::app::SettingsPage;
using findata::test::child;

class TestSettingsPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsTenant();
    void savedConfigReachesAgent();
    void nothingChangedSendsNothing();
    void rotateKeyRemembered();
    void rotateKeyOfferedToKeychain();
    void declinedRotationKeepsKey();
    void languageChoiceIsStored_data();
    void languageChoiceIsStored();
    void changingAgentSignsOut();
    void invalidAgentAddressIsSaid();
    void cleanupTestCase();

private:
    // The settings page of a freshly signed-in window, loaded.
    SettingsPage* openPage(bool remember = false);
    QJsonObject apiConfig(const QString& loanType);

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    ScriptedDialogs m_dialogs;
    bool m_answer = false;  // what the yes/no dialog answers
    int m_questions = 0;
};

void TestSettingsPage::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("APPSET");
    m_dialogs.yesNo = [this] {
        ++m_questions;
        return m_answer;
    };
    findata::app::setDialogs(&m_dialogs);
}

void TestSettingsPage::init() {
    m_answer = false;
    m_questions = 0;
    m_app = std::make_unique<findata::test::AppUnderTest>();
}

void TestSettingsPage::cleanup() {
    m_app.reset();
}

SettingsPage* TestSettingsPage::openPage(bool remember) {
    if (!m_app->signIn(m_agent->url(), m_tenant.key, remember)) return nullptr;
    auto* page = m_app->show<SettingsPage>(QStringLiteral("settings"));
    if (page && !QTest::qWaitFor([&] { return page->isLoaded(); }, 20000))
        qWarning("settings not loaded");
    return page;
}

QJsonObject TestSettingsPage::apiConfig(const QString& loanType) {
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto reply = api.get(QStringLiteral("/api/sync/configs/"));
    for (const auto& item : reply.json().value(QLatin1String("items")).toArray())
        if (item.toObject().value(QLatin1String("loan_type")).toString() == loanType)
            return item.toObject();
    qWarning("no %s config: %d %s", qPrintable(loanType), reply.status, reply.body.constData());
    return {};
}

void TestSettingsPage::showsTenant() {
    auto* page = openPage();
    QVERIFY(page);
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto tenant = api.get(QStringLiteral("/api/tenant/")).json();
    QCOMPARE(child<QLabel>(page, "settingsTenantId")->text(), m_tenant.id);
    QCOMPARE(child<QLabel>(page, "settingsTenantName")->text(),
             tenant.value(QLatin1String("name")).toString());
    QCOMPARE(child<QLabel>(page, "settingsWarehouse")->text(),
             tenant.value(QLatin1String("warehouse_database")).toString());
    QVERIFY(child<QLabel>(page, "settingsKeyPrefix")
                ->text()
                .startsWith(tenant.value(QLatin1String("key_prefix")).toString()));
    QVERIFY(!child<QLabel>(page, "settingsMessage")->isVisible());
    // The agent's current configuration is what the controls show.
    const auto retail = apiConfig(QStringLiteral("RETAIL"));
    QCOMPARE(child<QCheckBox>(page, "enabledRETAIL")->isChecked(),
             retail.value(QLatin1String("enabled")).toBool());
    QCOMPARE(child<QDoubleSpinBox>(page, "thresholdRETAIL")->value(),
             retail.value(QLatin1String("reject_threshold")).toDouble() * 100.0);
    QCOMPARE(child<QLineEdit>(page, "settingsAgentUrl")->text(), m_agent->url());
}

void TestSettingsPage::savedConfigReachesAgent() {
    auto* page = openPage();
    QVERIFY(page);
    const auto commercialBefore = apiConfig(QStringLiteral("COMMERCIAL"));
    auto* enabled = child<QCheckBox>(page, "enabledRETAIL");
    const bool wasEnabled = enabled->isChecked();
    enabled->setChecked(!wasEnabled);
    child<QSpinBox>(page, "intervalRETAIL")->setValue(45);
    child<QDoubleSpinBox>(page, "thresholdRETAIL")->setValue(12.5);
    QSignalSpy saved(page, &SettingsPage::configsSaved);
    QTest::mouseClick(child<QPushButton>(page, "saveConfigs"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
    QCOMPARE(saved.at(0).at(0).toBool(), true);
    QVERIFY2(child<QLabel>(page, "configMessage")->text().startsWith(QLatin1String("Saved")),
             qPrintable(child<QLabel>(page, "configMessage")->text()));

    const auto retail = apiConfig(QStringLiteral("RETAIL"));
    QCOMPARE(retail.value(QLatin1String("enabled")).toBool(), !wasEnabled);
    QCOMPARE(retail.value(QLatin1String("interval_seconds")).toInteger(), 45 * 60);
    QCOMPARE(retail.value(QLatin1String("reject_threshold")).toDouble(), 0.125);
    // The other loan type was not touched.
    const auto commercial = apiConfig(QStringLiteral("COMMERCIAL"));
    QCOMPARE(commercial.value(QLatin1String("updated_at")),
             commercialBefore.value(QLatin1String("updated_at")));

    // A fresh page shows what the agent holds now.
    m_app->window->signOut();
    auto* again = openPage();
    QVERIFY(again);
    QCOMPARE(child<QCheckBox>(again, "enabledRETAIL")->isChecked(), !wasEnabled);
    QCOMPARE(child<QSpinBox>(again, "intervalRETAIL")->value(), 45);
    QCOMPARE(child<QDoubleSpinBox>(again, "thresholdRETAIL")->value(), 12.5);
}

void TestSettingsPage::nothingChangedSendsNothing() {
    auto* page = openPage();
    QVERIFY(page);
    const auto before = apiConfig(QStringLiteral("RETAIL"));
    QSignalSpy saved(page, &SettingsPage::configsSaved);
    QTest::mouseClick(child<QPushButton>(page, "saveConfigs"), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    QCOMPARE(child<QLabel>(page, "configMessage")->text(), QStringLiteral("Nothing changed."));
    QCOMPARE(apiConfig(QStringLiteral("RETAIL")).value(QLatin1String("updated_at")),
             before.value(QLatin1String("updated_at")));
}

void TestSettingsPage::rotateKeyRemembered() {
    auto* page = openPage(true);
    QVERIFY(page);
    const auto keyName = QStringLiteral("api-key@") + m_agent->url();
    QTRY_COMPARE(m_app->store.keys().value(keyName), m_tenant.key);
    const auto oldKey = m_tenant.key;
    m_answer = true;
    QSignalSpy rotated(page, &SettingsPage::keyRotationFinished);
    QTest::mouseClick(child<QPushButton>(page, "rotateKey"), Qt::LeftButton);
    QCOMPARE(m_questions, 1);
    QTRY_COMPARE_WITH_TIMEOUT(rotated.size(), 1, 20000);
    QCOMPARE(rotated.at(0).at(0).toBool(), true);
    const auto shown = child<QLineEdit>(page, "newKey")->text();
    QVERIFY2(shown.startsWith(QLatin1String("sk_live_")), qPrintable(shown));
    QCOMPARE(shown, page->newKey());
    m_tenant.key = shown;  // for the tests after this one

    // The old key is refused from now on, the new one works, and the client uses it.
    findata::test::ApiClient api(m_agent->url(), oldKey);
    QCOMPARE(api.get(QStringLiteral("/api/tenant/")).status, 401);
    api.setApiKey(shown);
    QCOMPARE(api.get(QStringLiteral("/api/tenant/")).status, 200);
    QCOMPARE(m_app->client.apiKey(), shown);
    // Remembered: the keychain holds exactly the key shown.
    QTRY_COMPARE(m_app->store.keys().value(keyName), shown);
    QVERIFY(!child<QPushButton>(page, "storeKey")->isVisible());
    QVERIFY2(child<QLabel>(page, "keyMessage")->text().contains(keyName),
             qPrintable(child<QLabel>(page, "keyMessage")->text()));
    // The page goes on working with the new key.
    page->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded(), 20000);
    QVERIFY(!child<QLabel>(page, "settingsMessage")->isVisible());
    QVERIFY(child<QLabel>(page, "settingsKeyPrefix")->text().startsWith(shown.left(12)));

    QTest::mouseClick(child<QPushButton>(page, "copyKey"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), shown);
}

void TestSettingsPage::rotateKeyOfferedToKeychain() {
    auto* page = openPage(false);
    QVERIFY(page);
    m_answer = true;
    QSignalSpy rotated(page, &SettingsPage::keyRotationFinished);
    QTest::mouseClick(child<QPushButton>(page, "rotateKey"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(rotated.size(), 1, 20000);
    QCOMPARE(rotated.at(0).at(0).toBool(), true);
    const auto shown = page->newKey();
    m_tenant.key = shown;
    QVERIFY(!shown.isEmpty());
    // Not remembered: nothing in the keychain until the operator asks for it.
    QTest::qWait(100);
    QVERIFY(m_app->store.keys().isEmpty());
    auto* store = child<QPushButton>(page, "storeKey");
    QVERIFY(store->isVisible());
    QVERIFY2(child<QLabel>(page, "keyMessage")->text().contains(QLatin1String("session only")),
             qPrintable(child<QLabel>(page, "keyMessage")->text()));
    QSignalSpy stored(page, &SettingsPage::keyStored);
    QTest::mouseClick(store, Qt::LeftButton);
    QTRY_COMPARE(stored.size(), 1);
    QCOMPARE(stored.at(0).at(0).toBool(), true);
    const auto keyName = QStringLiteral("api-key@") + m_agent->url();
    QCOMPARE(m_app->store.keys().value(keyName), shown);
    QCOMPARE(m_app->settings->value(findata::app::settings::kRemember.key).toBool(), true);
    QVERIFY(!store->isVisible());
}

void TestSettingsPage::declinedRotationKeepsKey() {
    auto* page = openPage();
    QVERIFY(page);
    m_answer = false;
    QSignalSpy rotated(page, &SettingsPage::keyRotationFinished);
    QTest::mouseClick(child<QPushButton>(page, "rotateKey"), Qt::LeftButton);
    QCOMPARE(m_questions, 1);
    QTest::qWait(200);
    QVERIFY(rotated.isEmpty());
    QVERIFY(child<QLineEdit>(page, "newKey")->text().isEmpty());
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    QCOMPARE(api.get(QStringLiteral("/api/tenant/")).status, 200);
}

void TestSettingsPage::languageChoiceIsStored_data() {
    QTest::addColumn<QString>("language");
    QTest::addRow("Turkish") << "tr";
    QTest::addRow("English") << "en";
    QTest::addRow("system") << "";
}

void TestSettingsPage::languageChoiceIsStored() {
    QFETCH(QString, language);
    auto* page = openPage();
    QVERIFY(page);
    auto* combo = child<QComboBox>(page, "language");
    // Start from another choice, so the change is a real one.
    combo->setCurrentIndex(combo->findData(language.isEmpty() ? QStringLiteral("tr") : QString()));
    combo->setCurrentIndex(combo->findData(language));
    QCOMPARE(m_app->settings->value(findata::app::settings::kLanguage.key).toString(), language);
    QVERIFY(child<QLabel>(page, "languageMessage")->text().startsWith(QLatin1String("Saved.")));
    // A new page shows the stored choice.
    m_app->window->signOut();
    auto* again = openPage();
    QVERIFY(again);
    QCOMPARE(child<QComboBox>(again, "language")->currentData().toString(), language);
}

void TestSettingsPage::changingAgentSignsOut() {
    auto* page = openPage();
    QVERIFY(page);
    const auto other = QStringLiteral("http://127.0.0.1:1");
    child<QLineEdit>(page, "settingsAgentUrl")->setText(QStringLiteral("127.0.0.1:1"));
    m_answer = true;
    QTest::mouseClick(child<QPushButton>(page, "changeAgent"), Qt::LeftButton);
    QCOMPARE(m_questions, 1);
    QTRY_VERIFY(!m_app->window->isSignedIn());
    QCOMPARE(m_app->settings->value(findata::app::settings::kAgentUrl.key).toString(), other);
    const auto* field =
        m_app->window->signInPage()->findChild<QLineEdit*>(QStringLiteral("agentUrl"));
    QCOMPARE(field->text(), other);
}

void TestSettingsPage::invalidAgentAddressIsSaid() {
    auto* page = openPage();
    QVERIFY(page);
    child<QLineEdit>(page, "settingsAgentUrl")->setText(QStringLiteral("ftp://agent"));
    QTest::mouseClick(child<QPushButton>(page, "changeAgent"), Qt::LeftButton);
    QCOMPARE(m_questions, 0);
    QVERIFY(m_app->window->isSignedIn());
    QVERIFY2(child<QLabel>(page, "agentMessage")->text().contains(QLatin1String("not an agent")),
             qPrintable(child<QLabel>(page, "agentMessage")->text()));
}

void TestSettingsPage::cleanupTestCase() {
    findata::app::setDialogs(nullptr);
    m_app.reset();
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
