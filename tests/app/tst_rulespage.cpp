// The Rules screen on the offscreen platform against a real agent: an admin edits the severity
// overrides, thresholds, aliases and unknown-column policy of a loan type and saves them (a new
// version the agent serves); reloading shows what was saved; a change the agent refuses (a key
// column's REQUIRED switched off) says why and stores nothing; the roll-forward section's
// severities, tolerance and PSI threshold round-trip the same way, a refused threshold named in
// the section; a viewer sees the rules read-only.

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/keyrepository.h"
#include "app/ui/dialogs.h"
#include "app/ui/localcheck.h"
#include "app/ui/rulespage.h"
#include "app/ui/uploadpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::app::LocalCheckResult;
using findata::app::RulesPage;
using findata::app::UploadPage;
using findata::test::child;

namespace {

void setCombo(QTableWidget* table, int row, int column, const QString& text) {
    auto* box = qobject_cast<QComboBox*>(table->cellWidget(row, column));
    QVERIFY(box);
    box->setCurrentIndex(box->findText(text));
}

QString comboText(QTableWidget* table, int row, int column) {
    auto* box = qobject_cast<QComboBox*>(table->cellWidget(row, column));
    return box ? box->currentText() : QString();
}

}  // namespace

class TestRulesPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPRUL");
    }
    void init() { m_app = std::make_unique<findata::test::AppUnderTest>(); }
    void cleanup() { m_app.reset(); }

    void adminEditsSavesAndReloads() {
        auto* page = openPage(m_tenant.key);
        QVERIFY(page);
        QCOMPARE(page->version(), 0);
        QVERIFY(page->editable());
        QVERIFY(child<QPushButton>(page, "saveRules")->isVisible());
        QVERIFY(child<QLabel>(page, "rulesVersion")->text().contains(QLatin1String("Built-in")));

        auto* severities = child<QTableWidget>(page, "severityTable");
        QCOMPARE(severities->rowCount(), 0);
        QTest::mouseClick(child<QPushButton>(page, "addSeverity"), Qt::LeftButton);
        QCOMPARE(severities->rowCount(), 1);
        severities->item(0, 0)->setText(QStringLiteral("days_past_due"));
        setCombo(severities, 0, 1, QStringLiteral("RANGE"));
        setCombo(severities, 0, 2, QStringLiteral("warning"));
        auto* aliases = child<QTableWidget>(page, "aliasTable");
        QTest::mouseClick(child<QPushButton>(page, "addAlias"), Qt::LeftButton);
        aliases->item(0, 0)->setText(QStringLiteral("KREDI_NO"));
        aliases->item(0, 1)->setText(QStringLiteral("loan_account_number"));
        child<QCheckBox>(page, "rejectRatioOverride")->setChecked(true);
        child<QDoubleSpinBox>(page, "rejectRatio")->setValue(0.2);
        child<QLineEdit>(page, "suspiciousAmount")->setText(QStringLiteral("5000000"));
        child<QDoubleSpinBox>(page, "amountTolerance")->setValue(0.05);
        auto* unknown = child<QComboBox>(page, "unknownColumns");
        unknown->setCurrentIndex(unknown->findData(QStringLiteral("refuse")));

        QSignalSpy saved(page, &RulesPage::saved);
        QTest::mouseClick(child<QPushButton>(page, "saveRules"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
        QVERIFY2(saved.at(0).at(0).toBool(),
                 qPrintable(child<QLabel>(page, "rulesMessage")->text()));
        QCOMPARE(page->version(), 1);
        QVERIFY(child<QLabel>(page, "rulesMessage")->text().contains(QLatin1String("version 1")));

        // The agent serves what was saved.
        findata::test::ApiClient api(m_agent->url(), m_tenant.key);
        const auto stored = api.get(QStringLiteral("/api/rules/?loan_type=RETAIL")).json();
        QCOMPARE(stored[QLatin1String("version")].toInt(), 1);
        QCOMPARE(stored[QLatin1String("unknown_columns")].toString(), QStringLiteral("refuse"));
        const auto t = stored[QLatin1String("thresholds")].toObject();
        QCOMPARE(t[QLatin1String("reject_ratio")].toDouble(), 0.2);
        QCOMPARE(t[QLatin1String("suspicious_amount")].toDouble(), 5000000.0);
        QCOMPARE(t[QLatin1String("amount_tolerance")].toDouble(), 0.05);
        const auto s = stored[QLatin1String("severities")].toArray().at(0).toObject();
        QCOMPARE(s[QLatin1String("field")].toString(), QStringLiteral("days_past_due"));
        QCOMPARE(s[QLatin1String("severity")].toString(), QStringLiteral("warning"));

        // A fresh window shows it after loading.
        m_app = std::make_unique<findata::test::AppUnderTest>();
        page = openPage(m_tenant.key);
        QVERIFY(page);
        QCOMPARE(page->version(), 1);
        severities = child<QTableWidget>(page, "severityTable");
        QCOMPARE(severities->rowCount(), 1);
        QCOMPARE(severities->item(0, 0)->text(), QStringLiteral("days_past_due"));
        QCOMPARE(comboText(severities, 0, 1), QStringLiteral("RANGE"));
        QCOMPARE(comboText(severities, 0, 2), QStringLiteral("warning"));
        aliases = child<QTableWidget>(page, "aliasTable");
        QCOMPARE(aliases->rowCount(), 1);
        QCOMPARE(aliases->item(0, 0)->text(), QStringLiteral("KREDI_NO"));
        QVERIFY(child<QCheckBox>(page, "rejectRatioOverride")->isChecked());
        QCOMPARE(child<QDoubleSpinBox>(page, "rejectRatio")->value(), 0.2);
        QCOMPARE(child<QComboBox>(page, "unknownColumns")->currentData().toString(),
                 QStringLiteral("refuse"));
        QVERIFY(child<QLabel>(page, "rulesVersion")->text().contains(QLatin1String("Version 1")));

        // Refused by the agent: the message says why, nothing is stored.
        QTest::mouseClick(child<QPushButton>(page, "addSeverity"), Qt::LeftButton);
        severities->item(1, 0)->setText(QStringLiteral("loan_account_number"));
        setCombo(severities, 1, 1, QStringLiteral("REQUIRED"));
        setCombo(severities, 1, 2, QStringLiteral("off"));
        QSignalSpy refused(page, &RulesPage::saved);
        QTest::mouseClick(child<QPushButton>(page, "saveRules"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 20000);
        QCOMPARE(refused.at(0).at(0).toBool(), false);
        const auto why = child<QLabel>(page, "rulesMessage")->text();
        QVERIFY2(
            why.contains(QLatin1String("REQUIRED of loan_account_number cannot be switched off")),
            qPrintable(why));
        QCOMPARE(api.get(QStringLiteral("/api/rules/?loan_type=RETAIL"))
                     .json()[QLatin1String("version")]
                     .toInt(),
                 1);

        // The other loan type has its own rules.
        QSignalSpy loaded(page, &RulesPage::loaded);
        auto* loanType = child<QComboBox>(page, "rulesLoanType");
        loanType->setCurrentIndex(loanType->findData(QStringLiteral("COMMERCIAL")));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 20000);
        QCOMPARE(page->version(), 0);
        QCOMPARE(severities->rowCount(), 0);
    }

    // The roll-forward section: each rule's severity, the tolerance and the PSI threshold are
    // saved in the policy's roll_forward object, served back by the agent and shown again by a
    // fresh window; a value the agent refuses is named in the section and nothing is stored.
    void adminEditsRollForward() {
        const auto tenant = findata::test::createTestTenant("APPRRF");
        auto* page = openPage(tenant.key);
        QVERIFY(page);
        QCOMPARE(page->version(), 0);
        const QStringList ids = {
            QStringLiteral("missing_loan"),   QStringLiteral("immutable_changed"),
            QStringLiteral("principal_grew"), QStringLiteral("installments_decreased"),
            QStringLiteral("dpd_jump"),       QStringLiteral("portfolio_rollforward"),
            QStringLiteral("psi_drift")};
        // The built-in policy as the agent serves it.
        for (const auto& id : ids) {
            auto* box = page->findChild<QComboBox*>(QStringLiteral("rollForward_") + id);
            QVERIFY2(box, qPrintable(id));
            QVERIFY(box->isEnabled());
            QCOMPARE(box->currentText(), QStringLiteral("warning"));
        }
        auto* tolerance = child<QLineEdit>(page, "rollForwardTolerance");
        auto* psi = child<QLineEdit>(page, "psiThreshold");
        QCOMPARE(tolerance->text(), QStringLiteral("0.01"));
        QCOMPARE(psi->text(), QStringLiteral("0.25"));
        QVERIFY(child<QLabel>(page, "rollForwardMessage")->isHidden());

        const auto choose = [page](const QString& id, const QString& level) {
            auto* box = page->findChild<QComboBox*>(QStringLiteral("rollForward_") + id);
            box->setCurrentIndex(box->findText(level));
        };
        choose(QStringLiteral("missing_loan"), QStringLiteral("error"));
        choose(QStringLiteral("dpd_jump"), QStringLiteral("off"));
        tolerance->clear();
        QTest::keyClicks(tolerance, QStringLiteral("0.05"));
        psi->setText(QStringLiteral("0.4"));
        QSignalSpy saved(page, &RulesPage::saved);
        QTest::mouseClick(child<QPushButton>(page, "saveRules"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
        QVERIFY2(saved.at(0).at(0).toBool(),
                 qPrintable(child<QLabel>(page, "rulesMessage")->text()));
        QCOMPARE(page->version(), 1);

        // The agent stores exactly that.
        findata::test::ApiClient api(m_agent->url(), tenant.key);
        const auto stored = api.get(QStringLiteral("/api/rules/?loan_type=RETAIL")).json();
        QCOMPARE(stored[QLatin1String("version")].toInt(), 1);
        const auto rf = stored[QLatin1String("roll_forward")].toObject();
        const auto rules = rf[QLatin1String("rules")].toObject();
        QCOMPARE(rules.size(), ids.size());
        for (const auto& id : ids)
            QCOMPARE(rules[id].toString(),
                     id == QLatin1String("missing_loan") ? QStringLiteral("error")
                     : id == QLatin1String("dpd_jump")   ? QStringLiteral("off")
                                                         : QStringLiteral("warning"));
        QCOMPARE(rf[QLatin1String("tolerance")].toDouble(), 0.05);
        QCOMPARE(rf[QLatin1String("psi_threshold")].toDouble(), 0.4);

        // A fresh window shows it after loading.
        m_app = std::make_unique<findata::test::AppUnderTest>();
        page = openPage(tenant.key);
        QVERIFY(page);
        QCOMPARE(page->version(), 1);
        QCOMPARE(page->findChild<QComboBox*>(u"rollForward_missing_loan"_qs)->currentText(),
                 QStringLiteral("error"));
        QCOMPARE(page->findChild<QComboBox*>(u"rollForward_dpd_jump"_qs)->currentText(),
                 QStringLiteral("off"));
        QCOMPARE(page->findChild<QComboBox*>(u"rollForward_principal_grew"_qs)->currentText(),
                 QStringLiteral("warning"));
        tolerance = child<QLineEdit>(page, "rollForwardTolerance");
        psi = child<QLineEdit>(page, "psiThreshold");
        QCOMPARE(tolerance->text(), QStringLiteral("0.05"));
        QCOMPARE(psi->text(), QStringLiteral("0.4"));

        // A threshold out of the agent's range: refused, said in the section, nothing stored.
        psi->setText(QStringLiteral("150"));
        QSignalSpy refused(page, &RulesPage::saved);
        QTest::mouseClick(child<QPushButton>(page, "saveRules"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 20000);
        QCOMPARE(refused.at(0).at(0).toBool(), false);
        auto* inSection = child<QLabel>(page, "rollForwardMessage");
        QVERIFY(!inSection->isHidden());
        QVERIFY2(inSection->text().contains(QLatin1String("roll_forward.psi_threshold")) &&
                     inSection->text().contains(QLatin1String("100")),
                 qPrintable(inSection->text()));
        QVERIFY(!psi->styleSheet().isEmpty());
        QVERIFY(tolerance->styleSheet().isEmpty());
        QVERIFY(child<QLabel>(page, "rulesMessage")->text().contains(inSection->text()));
        // With FINDATA_SCREENSHOT_DIR set: the whole form, refusal shown, to look at.
        if (const auto dir = qEnvironmentVariable("FINDATA_SCREENSHOT_DIR"); !dir.isEmpty()) {
            auto* form = child<QWidget>(page, "rollForwardBox")->parentWidget();
            form->adjustSize();
            QVERIFY(form->grab().save(QDir(dir).filePath(QStringLiteral("rules.png"))));
        }
        QCOMPARE(api.get(QStringLiteral("/api/rules/?loan_type=RETAIL"))
                     .json()[QLatin1String("roll_forward")]
                     .toObject()[QLatin1String("psi_threshold")]
                     .toDouble(),
                 0.4);
        // Corrected, it saves and the mark goes.
        psi->setText(QStringLiteral("0.3"));
        QSignalSpy again(page, &RulesPage::saved);
        QTest::mouseClick(child<QPushButton>(page, "saveRules"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(again.size(), 1, 20000);
        QVERIFY(again.at(0).at(0).toBool());
        QCOMPARE(page->version(), 2);
        QVERIFY(inSection->isHidden());
        QVERIFY(psi->styleSheet().isEmpty());
    }

    void viewerReadsOnly() {
        findata::agent::Database db(findata::test::testDatabases().pg);
        const auto viewer = findata::agent::KeyRepository(db).create(
            m_tenant.id.toStdString(), "rules viewer", findata::agent::Role::Viewer, std::nullopt,
            "test");
        auto* page = openPage(QString::fromStdString(viewer.key));
        QVERIFY(page);
        QVERIFY(!page->editable());
        QVERIFY(!child<QPushButton>(page, "saveRules")->isVisible());
        QVERIFY(!child<QPushButton>(page, "addSeverity")->isEnabled());
        QVERIFY(!child<QComboBox>(page, "unknownColumns")->isEnabled());
        QVERIFY(!child<QComboBox>(page, "rollForward_missing_loan")->isEnabled());
        QVERIFY(!child<QLineEdit>(page, "rollForwardTolerance")->isEnabled());
        QVERIFY(!child<QLineEdit>(page, "psiThreshold")->isEnabled());
        QCOMPARE(child<QTableWidget>(page, "severityTable")->editTriggers(),
                 QAbstractItemView::NoEditTriggers);
        QVERIFY(child<QLabel>(page, "rulesNote")->text().contains(QLatin1String("viewer")));
    }

    // The Upload screen's pre-check applies the tenant's aliases: a credit file with the bank's
    // own column names is refused without them and passes with them.
    void uploadPreCheckUsesAliases() {
        const auto tenant = findata::test::createTestTenant("APPRUA");
        QTemporaryDir dir;
        QFile original(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK002/RETAIL/credit.csv"));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray text = original.readAll();
        text.replace("loan_account_number", "KREDI_NO");
        const QString path = dir.filePath(QStringLiteral("kredi.csv"));
        QFile renamed(path);
        QVERIFY(renamed.open(QIODevice::WriteOnly));
        renamed.write(text);
        renamed.close();

        findata::app::ScriptedDialogs dialogs;
        dialogs.openFile = [&] { return path; };
        findata::app::setDialogs(&dialogs);
        const auto precheck = [&] {
            m_app = std::make_unique<findata::test::AppUnderTest>();
            if (!m_app->signIn(m_agent->url(), tenant.key, false)) return LocalCheckResult{};
            auto* page = m_app->show<UploadPage>(QStringLiteral("upload"));
            QSignalSpy checked(page, &UploadPage::checkFinished);
            QTest::mouseClick(child<QPushButton>(page, "chooseFile"), Qt::LeftButton);
            if (!checked.wait(20000)) qWarning("no pre-check");
            return page->checkResult();
        };
        const auto without = precheck();
        QVERIFY(without.refused);
        QVERIFY2(without.refusal.contains(QLatin1String("loan_account_number")),
                 qPrintable(without.refusal));

        findata::test::ApiClient api(m_agent->url(), tenant.key);
        const auto saved =
            api.send("PUT", QStringLiteral("/api/rules/?loan_type=RETAIL"),
                     R"({"aliases": [{"column": "KREDI_NO", "field": "loan_account_number"}]})",
                     "application/json");
        QCOMPARE(saved.status, 200);
        const auto with = precheck();
        QVERIFY2(with.uploadable(), qPrintable(with.refusal));
        QCOMPARE(with.rowsRejected, 0);
        findata::app::setDialogs(nullptr);
    }

private:
    RulesPage* openPage(const QString& key) {
        if (!m_app->signIn(m_agent->url(), key, false)) return nullptr;
        auto* page = m_app->show<RulesPage>(QStringLiteral("rules"));
        if (!page) return nullptr;
        if (!QTest::qWaitFor([&] { return page->version() >= 0; }, 20000))
            qWarning("rules not loaded");
        return page;
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
};

QTEST_MAIN(TestRulesPage)
#include "tst_rulespage.moc"
