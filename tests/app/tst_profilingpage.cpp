// ProfilingPage against a real agent holding BANK002's retail tape: the statistics table, the
// distribution of a selected column and the null-ratio chart show what GET /api/profiling/ says;
// a failing agent is reported inline.

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QProgressBar>
#include <QTableView>
#include <QUrlQuery>
#include <QtTest>
#include <cmath>
#include <memory>

#include "app/models/profilemodel.h"
#include "app/ui/profilingpage.h"
#include "app/ui/tablecopy.h"
#include "apptestsupport.h"
#include "fakeagent.h"
#include "support/agentprocess.h"

using findata::app::ProfileModel;
using findata::app::ProfilingPage;

namespace {

// Floating-point statistics are shown to two decimals (half a cent off at most, plus the
// binary representation's noise).
constexpr double kShownPrecision = 0.005 + 1e-9;

// The one bar series of `view`'s chart (nullptr when it shows none), with its category labels.
QAbstractBarSeries* barSeries(QChartView* view) {
    const auto series = view->chart()->series();
    return series.size() == 1 ? qobject_cast<QAbstractBarSeries*>(series.first()) : nullptr;
}

QStringList categories(QAbstractBarSeries* series) {
    for (auto* axis : series->attachedAxes())
        if (auto* categoryAxis = qobject_cast<QBarCategoryAxis*>(axis))
            return categoryAxis->categories();
    return {};
}

// What a localized cell reads as a number (NaN when it is not one).
double number(const QString& text) {
    bool ok = false;
    const double value = QLocale().toDouble(text, &ok);
    return ok ? value : std::nan("");
}

}  // namespace

class TestProfilingPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void tableHasRowPerColumn_data();
    void tableHasRowPerColumn();
    void numericStatisticsEqualApi_data();
    void numericStatisticsEqualApi();
    void selectingNumericColumnShowsHistogram();
    void selectingCategoricalColumnShowsTopValues_data();
    void selectingCategoricalColumnShowsTopValues();
    void nullRatioChartHasBarPerColumn();
    void copyGivesTheTable();
    void failureIsSaidInline();
    void cleanupTestCase();

private:
    // The profiling page of a signed-in window, loaded.
    ProfilingPage* shownPage();
    // The API's answer for the page's scope.
    QJsonObject apiProfile(const QString& dataType = QStringLiteral("credit"));
    QJsonObject apiColumn(const QString& name);
    // Clicks the table row of the column `name`, as an operator would.
    void clickColumn(ProfilingPage* page, const QString& name);

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
};

void TestProfilingPage::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("APPPROF");
    const auto staged = findata::test::stageSample(*m_agent, m_tenant, QStringLiteral("BANK002"),
                                                   QStringLiteral("RETAIL"));
    QVERIFY2(staged.isEmpty(), qPrintable(staged));
    const auto log = findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"));
    QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
}

void TestProfilingPage::init() {
    m_app = std::make_unique<findata::test::AppUnderTest>();
    QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
}

void TestProfilingPage::cleanup() {
    m_app.reset();
}

ProfilingPage* TestProfilingPage::shownPage() {
    auto* page = m_app->show<ProfilingPage>(QStringLiteral("profiling"));
    if (!page) return nullptr;
    if (!QTest::qWaitFor([page] { return page->isLoaded(); }, 60000)) return nullptr;
    return page;
}

QJsonObject TestProfilingPage::apiProfile(const QString& dataType) {
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto reply =
        api.get(QStringLiteral("/api/profiling/?loan_type=RETAIL&data_type=") + dataType);
    return reply.status == 200 ? reply.json() : QJsonObject();
}

QJsonObject TestProfilingPage::apiColumn(const QString& name) {
    for (const auto& column : apiProfile().value(QLatin1String("columns")).toArray())
        if (column.toObject().value(QLatin1String("name")).toString() == name)
            return column.toObject();
    return {};
}

void TestProfilingPage::clickColumn(ProfilingPage* page, const QString& name) {
    auto* table = page->findChild<QTableView*>(QStringLiteral("profilingTable"));
    QVERIFY(table);
    const auto* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const auto index = model->index(row, ProfileModel::Name);
        if (index.data().toString() != name) continue;
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
        QTRY_COMPARE(page->selectedColumn(), name);
        return;
    }
    QFAIL(qPrintable(QStringLiteral("no row for column %1").arg(name)));
}

void TestProfilingPage::tableHasRowPerColumn_data() {
    QTest::addColumn<int>("dataTypeIndex");
    QTest::addColumn<QString>("dataType");
    QTest::addRow("credits") << 0 << "credit";
    QTest::addRow("payment plans") << 1 << "payment_plan";
}

void TestProfilingPage::tableHasRowPerColumn() {
    QFETCH(int, dataTypeIndex);
    QFETCH(QString, dataType);
    auto* page = shownPage();
    QVERIFY(page);
    auto* combo = page->findChild<QComboBox*>(QStringLiteral("profilingDataType"));
    if (combo->currentIndex() != dataTypeIndex) {
        combo->setCurrentIndex(dataTypeIndex);
        // Busy while the agent computes; never a frozen window.
        QVERIFY(page->findChild<QProgressBar*>(QStringLiteral("profilingBusy"))->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded(), 60000);
    }
    QVERIFY(!page->findChild<QProgressBar*>(QStringLiteral("profilingBusy"))->isVisible());
    const auto message = page->findChild<QLabel*>(QStringLiteral("profilingMessage"))->text();
    QVERIFY2(message.isEmpty(), qPrintable(message));

    const auto profile = apiProfile(dataType);
    const auto columns = profile.value(QLatin1String("columns")).toArray();
    QVERIFY(!columns.isEmpty());
    auto* table = page->findChild<QTableView*>(QStringLiteral("profilingTable"));
    QCOMPARE(table->model()->rowCount(), columns.size());
    for (int row = 0; row < columns.size(); ++row)
        QCOMPARE(table->model()->index(row, ProfileModel::Name).data().toString(),
                 columns[row].toObject().value(QLatin1String("name")).toString());
    const auto summary = page->findChild<QLabel*>(QStringLiteral("profilingSummary"))->text();
    QVERIFY2(summary.contains(QLocale().toString(profile.value(QLatin1String("rows")).toInteger())),
             qPrintable(summary));
}

void TestProfilingPage::numericStatisticsEqualApi_data() {
    QTest::addColumn<QString>("column");
    QTest::addRow("outstanding principal") << "outstanding_principal_balance";
    QTest::addRow("original amount") << "original_loan_amount";
    QTest::addRow("days past due") << "days_past_due";
}

void TestProfilingPage::numericStatisticsEqualApi() {
    QFETCH(QString, column);
    auto* page = shownPage();
    QVERIFY(page);
    const auto api = apiColumn(column);
    QVERIFY(api.value(QLatin1String("numeric")).toBool());
    auto* model = page->model();
    const int row = model->rowOf(column);
    QVERIFY(row >= 0);
    const auto cell = [&](int c) { return model->index(row, c).data().toString(); };

    QCOMPARE(cell(ProfileModel::Count),
             QLocale().toString(api.value(QLatin1String("count")).toInteger()));
    // Min and max are exact decimals; the page shows every digit the agent sent.
    QCOMPARE(number(cell(ProfileModel::Min)),
             api.value(QLatin1String("min")).toString().toDouble());
    QCOMPARE(number(cell(ProfileModel::Max)),
             api.value(QLatin1String("max")).toString().toDouble());
    // Mean and deviation are shown to two decimals.
    QVERIFY2(std::abs(number(cell(ProfileModel::Mean)) -
                      api.value(QLatin1String("mean")).toDouble()) <= kShownPrecision,
             qPrintable(cell(ProfileModel::Mean)));
    QVERIFY2(std::abs(number(cell(ProfileModel::StdDev)) -
                      api.value(QLatin1String("stddev")).toDouble()) <= kShownPrecision,
             qPrintable(cell(ProfileModel::StdDev)));
    const auto median =
        api.value(QLatin1String("quantiles")).toObject().value(QLatin1String("p50")).toDouble();
    QVERIFY2(
        std::abs(number(cell(ProfileModel::P50)) - median) <= kShownPrecision,
        qPrintable(cell(ProfileModel::P50) + QLatin1Char(' ') + QString::number(median, 'f', 6)));
    QCOMPARE(cell(ProfileModel::Distinct), QString());  // not a categorical statistic
    QVERIFY(cell(ProfileModel::Nulls).endsWith(QLatin1String("%")));
}

void TestProfilingPage::selectingNumericColumnShowsHistogram() {
    auto* page = shownPage();
    QVERIFY(page);
    const auto column = QStringLiteral("outstanding_principal_balance");
    clickColumn(page, column);
    auto* series = barSeries(page->findChild<QChartView*>(QStringLiteral("profilingColumnChart")));
    QVERIFY(series);
    QCOMPARE(series->objectName(), QStringLiteral("histogramSeries"));
    QCOMPARE(series->count(), 1);
    const auto histogram = apiColumn(column).value(QLatin1String("histogram")).toArray();
    QVERIFY(histogram.size() > 1);
    auto* set = series->barSets().first();
    QCOMPARE(set->count(), histogram.size());
    QCOMPARE(categories(series).size(), histogram.size());
    qint64 total = 0;
    for (int i = 0; i < histogram.size(); ++i) {
        const auto count = histogram[i].toObject().value(QLatin1String("count")).toInteger();
        QCOMPARE(set->at(i), static_cast<qreal>(count));
        total += count;
    }
    QCOMPARE(total, apiColumn(column).value(QLatin1String("count")).toInteger());
    // The first bucket is labelled with its range.
    const auto first = categories(series).first();
    QVERIFY2(first.contains(QChar(0x2013)), qPrintable(first));
}

void TestProfilingPage::selectingCategoricalColumnShowsTopValues_data() {
    QTest::addColumn<QString>("column");
    QTest::addRow("loan status") << "loan_status_code";
    QTest::addRow("province") << "customer_province_code";
}

void TestProfilingPage::selectingCategoricalColumnShowsTopValues() {
    QFETCH(QString, column);
    auto* page = shownPage();
    QVERIFY(page);
    const auto api = apiColumn(column);
    QVERIFY(!api.value(QLatin1String("numeric")).toBool());
    const auto row = page->model()->rowOf(column);
    QCOMPARE(page->model()->index(row, ProfileModel::Distinct).data().toString(),
             QLocale().toString(api.value(QLatin1String("distinct")).toInteger()));
    clickColumn(page, column);
    auto* series = barSeries(page->findChild<QChartView*>(QStringLiteral("profilingColumnChart")));
    QVERIFY(series);
    QCOMPARE(series->objectName(), QStringLiteral("topValuesSeries"));
    const auto top = api.value(QLatin1String("top_values")).toArray();
    QVERIFY(!top.isEmpty());
    const auto labels = categories(series);
    auto* set = series->barSets().first();
    QCOMPARE(labels.size(), top.size());
    QCOMPARE(set->count(), top.size());
    QMap<QString, qreal> shown;
    for (int i = 0; i < labels.size(); ++i)
        shown.insert(labels[i], set->at(i));
    for (const auto& entry : top) {
        const auto value = entry.toObject().value(QLatin1String("value")).toString();
        QVERIFY2(shown.contains(value), qPrintable(value));
        QCOMPARE(shown.value(value),
                 static_cast<qreal>(entry.toObject().value(QLatin1String("count")).toInteger()));
    }
    // The most frequent value comes first.
    QCOMPARE(labels.first(), top.first().toObject().value(QLatin1String("value")).toString());
}

void TestProfilingPage::nullRatioChartHasBarPerColumn() {
    auto* page = shownPage();
    QVERIFY(page);
    auto* series = barSeries(page->findChild<QChartView*>(QStringLiteral("profilingNullChart")));
    QVERIFY(series);
    QCOMPARE(series->objectName(), QStringLiteral("nullRatioSeries"));
    QVERIFY(qobject_cast<QHorizontalBarSeries*>(series));
    const auto columns = apiProfile().value(QLatin1String("columns")).toArray();
    const auto labels = categories(series);
    auto* set = series->barSets().first();
    QCOMPARE(labels.size(), columns.size());
    QCOMPARE(set->count(), columns.size());
    bool someEmpty = false;
    for (const auto& column : columns) {
        const auto p = column.toObject();
        const int i = static_cast<int>(labels.indexOf(p.value(QLatin1String("name")).toString()));
        QVERIFY2(i >= 0, qPrintable(p.value(QLatin1String("name")).toString()));
        QCOMPARE(set->at(i), p.value(QLatin1String("null_ratio")).toDouble() * 100.0);
        someEmpty = someEmpty || set->at(i) > 0;
    }
    QVERIFY(someEmpty);  // loan_closing_date is empty for active loans
    // Sorted: the emptiest column on top.
    for (int i = 1; i < set->count(); ++i)
        QVERIFY(set->at(i - 1) <= set->at(i));
}

void TestProfilingPage::copyGivesTheTable() {
    auto* page = shownPage();
    QVERIFY(page);
    auto* table = page->findChild<QTableView*>(QStringLiteral("profilingTable"));
    const auto column = QStringLiteral("outstanding_principal_balance");
    clickColumn(page, column);
    const auto text = findata::app::selectionAsText(table);
    const auto lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);  // the header names, then the row
    QVERIFY2(lines[0].startsWith(QLatin1String("Column\tType\t")), qPrintable(lines[0]));
    const auto cells = lines[1].split(QLatin1Char('\t'));
    QCOMPARE(cells.value(ProfileModel::Name), column);
    QCOMPARE(
        cells.value(ProfileModel::Count),
        page->model()->index(page->model()->rowOf(column), ProfileModel::Count).data().toString());
}

void TestProfilingPage::failureIsSaidInline() {
    findata::test::FakeAgent failing(
        500, R"({"error":{"code":"internal","message":"ClickHouse is down"}})");
    findata::app::AgentClient client;
    client.setBaseUrl(failing.url());
    client.setApiKey(m_tenant.key);
    ProfilingPage page(client);
    page.show();
    page.activate();
    QTRY_VERIFY(page.isLoaded());
    const auto* message = page.findChild<QLabel*>(QStringLiteral("profilingMessage"));
    QVERIFY2(message->text().contains(QLatin1String("ClickHouse is down")),
             qPrintable(message->text()));
    QVERIFY(message->isVisible());
    QVERIFY(!page.findChild<QProgressBar*>(QStringLiteral("profilingBusy"))->isVisible());
    QCOMPARE(page.model()->rowCount(), 0);
}

void TestProfilingPage::cleanupTestCase() {
    m_app.reset();
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestProfilingPage)
#include "tst_profilingpage.moc"
