// The Dashboard's trend over reporting periods on the offscreen platform against a real agent:
// two monthly deliveries (BANK001's retail tape as 2026-01, BANK002's as 2026-02) loaded through
// the API; the stacked chart of outstanding principal by days-past-due bucket has one category
// per period and one stacked set per bucket, each with the amounts GET /api/kpis/history/ returned,
// and every period's stack adds up to its outstanding principal. With FINDATA_SCREENSHOT_DIR set
// it saves a picture of the Dashboard there (to look at the layout).

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QStackedBarSeries>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "app/ui/dashboardpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::app::DashboardPage;

namespace {

QStackedBarSeries* stackedSeries(QWidget* page) {
    auto* view = page->findChild<QChartView*>(QStringLiteral("kpiDpdTrendChart"));
    if (!view) return nullptr;
    for (auto* series : view->chart()->series())
        if (series->objectName() == QLatin1String("dpdTrendSeries"))
            return qobject_cast<QStackedBarSeries*>(series);
    return nullptr;
}

QStringList categories(QAbstractSeries* series) {
    for (auto* axis : series->attachedAxes())
        if (auto* categoryAxis = qobject_cast<QBarCategoryAxis*>(axis))
            return categoryAxis->categories();
    return {};
}

}  // namespace

class TestDashboardTrend final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPTRD");
        // The test starts the syncs, not the scheduler.
        findata::agent::Database db(findata::test::testDatabases().pg);
        findata::agent::SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : findata::core::kLoanTypes)
            findata::agent::SyncConfigRepository(db, m_tenant.schema).update(lt, off);
        findata::test::ApiClient api(m_agent->url(), m_tenant.key);
        for (const auto& [bank, period] :
             {std::pair{"BANK001", "2026-01"}, std::pair{"BANK002", "2026-02"}}) {
            for (const auto* fileType : {"credit", "payment_plan"}) {
                QFile file(QStringLiteral(FINDATA_SAMPLE_DIR "/%1/RETAIL/%2.csv")
                               .arg(QLatin1String(bank), QLatin1String(fileType)));
                QVERIFY(file.open(QIODevice::ReadOnly));
                const auto uploaded =
                    api.send("POST",
                             QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=%1&period=%2")
                                 .arg(QLatin1String(fileType), QLatin1String(period)),
                             file.readAll(), "text/csv");
                QVERIFY2(uploaded.status == 201, uploaded.body.constData());
            }
            const auto log = findata::test::syncAndWait(*m_agent, m_tenant,
                                                        QStringLiteral("RETAIL"), 120000, true);
            QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
            QCOMPARE(log.value(QLatin1String("period")).toString(), QLatin1String(period));
        }
    }

    void stackedDpdTrendEqualsHistory() {
        findata::test::AppUnderTest app;
        QVERIFY(app.signIn(m_agent->url(), m_tenant.key));
        auto* page = app.show<DashboardPage>(QStringLiteral("dashboard"));
        QVERIFY(page);
        app.window->resize(1400, 1000);
        QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded() && stackedSeries(page), 30000);

        findata::test::ApiClient api(m_agent->url(), m_tenant.key);
        const auto history = api.get(QStringLiteral("/api/kpis/history/")).json();
        const auto items = history.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), 2);

        auto* series = stackedSeries(page);
        QVERIFY(series);
        QCOMPARE(categories(series),
                 (QStringList{QStringLiteral("2026-01"), QStringLiteral("2026-02")}));
        // One stacked set per bucket, in the agent's order; "unknown" only when a period has any.
        const QStringList titles = {QStringLiteral("Current"), QStringLiteral("1–30"),
                                    QStringLiteral("31–60"),   QStringLiteral("61–90"),
                                    QStringLiteral("90+"),     QStringLiteral("Unknown")};
        const QStringList names = {QStringLiteral("0"),     QStringLiteral("1-30"),
                                   QStringLiteral("31-60"), QStringLiteral("61-90"),
                                   QStringLiteral("90+"),   QStringLiteral("unknown")};
        const auto bucketOf = [&items](qsizetype period, const QString& name) {
            for (const auto& b : items[period][QLatin1String("days_past_due")].toArray())
                if (b[QLatin1String("bucket")].toString() == name) return b.toObject();
            return QJsonObject{};
        };
        bool anyUnknown = false;
        for (qsizetype p = 0; p < items.size(); ++p)
            anyUnknown =
                anyUnknown ||
                bucketOf(p, QStringLiteral("unknown"))[QLatin1String("credits")].toInteger() > 0;
        const auto sets = series->barSets();
        QCOMPARE(sets.size(), anyUnknown ? 6 : 5);
        for (qsizetype b = 0; b < sets.size(); ++b) {
            QCOMPARE(sets[b]->label(), titles[b]);
            QCOMPARE(sets[b]->count(), 2);
            for (qsizetype p = 0; p < items.size(); ++p) {
                const auto bucket = bucketOf(p, names[b]);
                QVERIFY2(!bucket.isEmpty(), qPrintable(names[b]));
                QCOMPARE(sets[b]->at(p),
                         bucket[QLatin1String("outstanding_principal")].toString().toDouble());
            }
        }
        // Each stack is its period's portfolio (to the cent), and the two periods differ.
        QList<qreal> stacks;
        for (qsizetype p = 0; p < items.size(); ++p) {
            qreal stack = 0;
            for (auto* set : sets)
                stack += set->at(p);
            QVERIFY(qAbs(stack -
                         items[p][QLatin1String("outstanding_principal")].toString().toDouble()) <
                    0.01);
            stacks << stack;
        }
        QVERIFY(stacks[0] > 0 && stacks[1] > 0);
        QVERIFY(qAbs(stacks[0] - stacks[1]) > 1);

        if (const auto dir = qEnvironmentVariable("FINDATA_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(app.window->grab().save(QDir(dir).filePath(QStringLiteral("dashboard.png"))));
    }

private:
    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
};

QTEST_MAIN(TestDashboardTrend)
#include "tst_dashboardtrend.moc"
