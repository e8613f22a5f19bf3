// ReportsPage against a real agent holding BANK001's retail tape: the period report is rendered
// (its tables' titles and the largest exposure visible), saves as HTML, PDF and CSV write what
// the agent serves, and a period not loaded is said inline.

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>
#include <memory>

#include "app/ui/dialogs.h"
#include "app/ui/reportspage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"

using findata::app::ReportsPage;

class TestReportsPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPRPT");
        const auto staged = findata::test::stageSample(
            *m_agent, m_tenant, QStringLiteral("BANK001"), QStringLiteral("RETAIL"));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        const auto log = findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"));
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        findata::app::setDialogs(&m_dialogs);
    }
    void init() {
        m_app = std::make_unique<findata::test::AppUnderTest>();
        QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    }
    void cleanup() {
        m_app.reset();
        m_dialogs.saveFile = {};
    }
    void cleanupTestCase() { findata::app::setDialogs(nullptr); }

    void rendersTheReport() {
        auto* page = shownPage();
        QVERIFY(page);
        auto* view = findata::test::child<QTextBrowser>(page, "reportView");
        QVERIFY(view);
        const auto text = view->toPlainText();
        for (const char* part :
             {"Portfolio", "Loan status", "Days past due", "Customer type", "Interest rate band",
              "Remaining maturity", "Largest exposures", "Roll-forward", "Data quality"})
            QVERIFY2(text.contains(QLatin1String(part)), part);
        const auto api = apiReport(QStringLiteral("json"));
        const auto largest = QJsonDocument::fromJson(api)
                                 .object()[QStringLiteral("largest_exposures")]
                                 .toArray()
                                 .first()
                                 .toObject()[QStringLiteral("loan_account_number")]
                                 .toString();
        QVERIFY(!largest.isEmpty());
        QVERIFY(text.contains(largest));
        QCOMPARE(page->html(), apiReport(QStringLiteral("html")));
    }

    void savesHtmlPdfAndCsv_data() {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("html") << QStringLiteral("html");
        QTest::newRow("pdf") << QStringLiteral("pdf");
        QTest::newRow("csv") << QStringLiteral("csv");
    }
    void savesHtmlPdfAndCsv() {
        QFETCH(QString, suffix);
        auto* page = shownPage();
        QVERIFY(page);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.") + suffix);
        m_dialogs.saveFile = [&] { return path; };
        QSignalSpy saved(page, &ReportsPage::saved);
        QVERIFY(page->save());
        QVERIFY(saved.count() == 1 || saved.wait(30000));
        QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(2).toString()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto bytes = file.readAll();
        if (suffix == QLatin1String("pdf"))
            QVERIFY(bytes.startsWith("%PDF"));
        else
            QCOMPARE(bytes, apiReport(suffix));
    }

    void aPeriodNotLoadedIsSaidInline() {
        auto* page = shownPage();
        QVERIFY(page);
        auto* period = findata::test::child<QComboBox>(page, "reportPeriod");
        QVERIFY(period);
        period->setEditText(QStringLiteral("2001-01"));
        page->refresh();
        QVERIFY(QTest::qWaitFor([page] { return page->isLoaded(); }, 60000));
        auto* message = findata::test::child<QLabel>(page, "reportMessage");
        QVERIFY(message);
        QVERIFY2(message->text().contains(QLatin1String("2001-01")), qPrintable(message->text()));
        QVERIFY(page->html().isEmpty());
        QVERIFY(!page->save());
    }

private:
    ReportsPage* shownPage() {
        auto* page = m_app->show<ReportsPage>(QStringLiteral("reports"));
        if (!page) return nullptr;
        if (!QTest::qWaitFor([page] { return page->isLoaded(); }, 60000)) return nullptr;
        return page;
    }
    QByteArray apiReport(const QString& format) {
        findata::test::ApiClient api(m_agent->url(), m_tenant.key);
        return api.get(QStringLiteral("/api/reports/period/?loan_type=RETAIL&format=") + format)
            .body;
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    findata::app::ScriptedDialogs m_dialogs;
};

QTEST_MAIN(TestReportsPage)
#include "tst_reportspage.moc"
