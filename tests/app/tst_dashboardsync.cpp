// The dashboard's portfolio charts against GET /api/kpis/ (BANK001 retail), and the sync page's
// details of a sync with rejected rows (BANK003 retail): per-file counts, the rejected rows
// downloaded byte for byte as the API serves them, the way to its errors, and failures said
// plainly.

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "app/models/synclogmodel.h"
#include "app/ui/dashboardpage.h"
#include "app/ui/dialogs.h"
#include "app/ui/syncpage.h"
#include "apptestsupport.h"
#include "fakeagent.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using findata::app::DashboardPage;
using findata::app::SyncLogModel;
using findata::app::SyncPage;

namespace {

// The bar series `name` of the chart view `view` and the labels of its categories.
QBarSeries* seriesOf(QWidget* page, const char* view, const char* name) {
    auto* chartView = page->findChild<QChartView*>(QString::fromLatin1(view));
    if (!chartView) return nullptr;
    for (auto* series : chartView->chart()->series())
        if (series->objectName() == QLatin1String(name)) return qobject_cast<QBarSeries*>(series);
    return nullptr;
}

QStringList categories(QBarSeries* series) {
    for (auto* axis : series->attachedAxes())
        if (auto* categoryAxis = qobject_cast<QBarCategoryAxis*>(axis))
            return categoryAxis->categories();
    return {};
}

qreal amount(const QJsonObject& o) {
    return o.value(QLatin1String("outstanding_principal")).toString().toDouble();
}

}  // namespace

class TestDashboardSync final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void kpiChartsEqualApi();
    void lastSyncCardsShowRejectedRows();
    void historyShowsWhoAndDuration();
    void selectedSyncShowsFileCounts();
    void selectedSyncShowsControlTotals();
    void downloadRejectedRows_data();
    void downloadRejectedRows();
    void canceledSaveDialogDownloadsNothing();
    void unwritableFileIsSaidPlainly();
    void expiredRejectedRowsAreSaidPlainly();
    void goneRejectedRowsAreSaidPlainly_data();
    void goneRejectedRowsAreSaidPlainly();
    void showErrorsAsksForTheSyncsErrors();
    void syncWithoutRejectedRowsOffersNoDownload();
    void cleanupTestCase();

private:
    // The sync page of the rejecting tenant's window, its history loaded, the BANK003 sync
    // selected by a click on its row.
    SyncPage* syncPageWithRejectingSync();
    void clickSync(SyncPage* page, const QString& id);

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_clean;      // BANK001 retail: no rejected rows
    findata::test::TestTenant m_rejecting;  // BANK003 retail: rejected rows in both files
    QJsonObject m_cleanSync;
    QJsonObject m_rejectingSync;
    QTemporaryDir m_dir;
    findata::app::ScriptedDialogs m_dialogs;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
};

void TestDashboardSync::initTestCase() {
    findata::app::setDialogs(&m_dialogs);
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_clean = findata::test::createTestTenant("APPDASH");
    m_rejecting = findata::test::createTestTenant("APPREJ");
    const std::tuple<findata::test::TestTenant*, const char*, QJsonObject*> syncs[] = {
        {&m_clean, "BANK001", &m_cleanSync}, {&m_rejecting, "BANK003", &m_rejectingSync}};
    for (const auto& [tenant, bank, log] : syncs) {
        const auto staged = findata::test::stageSample(*m_agent, *tenant, QString::fromLatin1(bank),
                                                       QStringLiteral("RETAIL"));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        *log = findata::test::syncAndWait(*m_agent, *tenant, QStringLiteral("RETAIL"));
        QVERIFY(!log->isEmpty());
    }
    QCOMPARE(m_cleanSync.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
    QCOMPARE(m_cleanSync.value(QLatin1String("rows_rejected")).toInteger(), 0);
    // BANK003's defects stay below the reject threshold: the sync completes with rejected rows.
    QCOMPARE(m_rejectingSync.value(QLatin1String("status")).toString(),
             QStringLiteral("COMPLETED"));
    QVERIFY(m_rejectingSync.value(QLatin1String("rows_rejected")).toInteger() > 0);
}

void TestDashboardSync::init() {
    m_app = std::make_unique<findata::test::AppUnderTest>();
    m_dialogs.saveFile = nullptr;
}

void TestDashboardSync::cleanup() {
    m_app.reset();
}

void TestDashboardSync::kpiChartsEqualApi() {
    QVERIFY(m_app->signIn(m_agent->url(), m_clean.key));
    auto* page = m_app->show<DashboardPage>(QStringLiteral("dashboard"));
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded(), 30000);
    findata::test::ApiClient api(m_agent->url(), m_clean.key);
    const auto kpis = api.get(QStringLiteral("/api/kpis/")).json();
    QVERIFY(kpis.value(QLatin1String("credits")).toInteger() > 0);

    // Outstanding principal by status: one bar per status, the sums of the API.
    auto* status = seriesOf(page, "kpiStatusChart", "statusSeries");
    QVERIFY(status);
    QCOMPARE(status->count(), 1);
    auto* set = status->barSets().first();
    const auto byStatus = kpis.value(QLatin1String("by_status")).toObject();
    QCOMPARE(set->count(), 2);
    QCOMPARE(set->at(0), amount(byStatus.value(QLatin1String("ACTIVE")).toObject()));
    QCOMPARE(set->at(1), amount(byStatus.value(QLatin1String("CLOSED")).toObject()));
    QVERIFY(set->at(0) > 0);
    QCOMPARE(categories(status), (QStringList{QStringLiteral("Active"), QStringLiteral("Closed")}));

    // Days past due: the five buckets in order (plus "unknown" only when some rows lack it).
    auto* dpd = seriesOf(page, "kpiDpdChart", "dpdSeries");
    QVERIFY(dpd);
    auto* dpdSet = dpd->barSets().first();
    const auto buckets = kpis.value(QLatin1String("days_past_due")).toArray();
    const auto labels = categories(dpd);
    int shown = 0;
    qreal total = 0;
    for (const auto& item : buckets) {
        const auto bucket = item.toObject();
        const auto credits = bucket.value(QLatin1String("credits")).toInteger();
        if (bucket.value(QLatin1String("bucket")).toString() == QLatin1String("unknown") &&
            credits == 0)
            continue;
        QCOMPARE(dpdSet->at(shown), amount(bucket));
        total += dpdSet->at(shown);
        ++shown;
    }
    QVERIFY(shown >= 5);
    QCOMPARE(dpdSet->count(), shown);
    QCOMPARE(labels.size(), shown);
    QCOMPARE(labels.mid(0, 5), (QStringList{QStringLiteral("Current"), QStringLiteral("1–30"),
                                            QStringLiteral("31–60"), QStringLiteral("61–90"),
                                            QStringLiteral("90+")}));
    // The buckets add up to the portfolio (to the cent: the sums are decimals).
    QVERIFY(qAbs(total - kpis.value(QLatin1String("outstanding_principal")).toString().toDouble()) <
            0.01);
}

void TestDashboardSync::lastSyncCardsShowRejectedRows() {
    QVERIFY(m_app->signIn(m_agent->url(), m_rejecting.key));
    auto* page = m_app->show<DashboardPage>(QStringLiteral("dashboard"));
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->isLoaded(), 30000);
    const auto text = page->findChild<QLabel*>(QStringLiteral("lastSyncRETAIL"))->text();
    const auto rejected =
        QLocale().toString(m_rejectingSync.value(QLatin1String("rows_rejected")).toInteger());
    QVERIFY2(text.contains(rejected + QLatin1String(" rejected")), qPrintable(text));
}

void TestDashboardSync::clickSync(SyncPage* page, const QString& id) {
    auto* table = page->findChild<QTableView*>(QStringLiteral("syncHistory"));
    QVERIFY(table);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const auto index = table->model()->index(row, SyncLogModel::Started);
        if (index.data(SyncLogModel::kIdRole).toString() != id) continue;
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
        QTRY_COMPARE(page->selectedSyncId(), id);
        return;
    }
    QFAIL("the sync is not in the history");
}

SyncPage* TestDashboardSync::syncPageWithRejectingSync() {
    if (!m_app->signIn(m_agent->url(), m_rejecting.key)) return nullptr;
    auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
    if (!page) return nullptr;
    if (!QTest::qWaitFor([page] { return page->historyModel()->rowCount() > 0; }, 20000))
        return nullptr;
    clickSync(page, m_rejectingSync.value(QLatin1String("id")).toString());
    return page->selectedSyncId().isEmpty() ? nullptr : page;
}

void TestDashboardSync::historyShowsWhoAndDuration() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    auto* model = page->historyModel();
    const auto id = m_rejectingSync.value(QLatin1String("id")).toString();
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, 0).data(SyncLogModel::kIdRole).toString() == id) row = r;
    QVERIFY(row >= 0);
    const auto who = model->index(row, SyncLogModel::Who).data().toString();
    QVERIFY2(who.contains(m_rejectingSync.value(QLatin1String("trigger")).toString()),
             qPrintable(who));
    const auto duration = model->index(row, SyncLogModel::Duration).data().toString();
    QVERIFY2(duration.contains(QLocale().toString(
                 m_rejectingSync.value(QLatin1String("duration_seconds")).toDouble(), 'f', 1)),
             qPrintable(duration));
    QCOMPARE(model->index(row, SyncLogModel::RowsRejected).data().toString(),
             QLocale().toString(m_rejectingSync.value(QLatin1String("rows_rejected")).toInteger()));
}

void TestDashboardSync::selectedSyncShowsFileCounts() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    findata::test::ApiClient api(m_agent->url(), m_rejecting.key);
    const auto log =
        api.get(QStringLiteral("/api/sync/logs/%1/").arg(page->selectedSyncId())).json();
    const auto files = log.value(QLatin1String("files")).toObject();
    auto* counts = page->findChild<QTableWidget*>(QStringLiteral("syncFileCounts"));
    QVERIFY(counts->isVisible());
    const QJsonObject rows[] = {files.value(QLatin1String("credit")).toObject(),
                                files.value(QLatin1String("payment_plan")).toObject(), log};
    const char* names[] = {"rows_read", "rows_loaded", "rows_rejected"};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            QCOMPARE(counts->item(r, c)->text(),
                     QLocale().toString(rows[r].value(QLatin1String(names[c])).toInteger()));
    // Both files of BANK003 have rejected rows.
    QVERIFY(rows[0].value(QLatin1String("rows_rejected")).toInteger() > 0);
    QVERIFY(rows[1].value(QLatin1String("rows_rejected")).toInteger() > 0);
    auto* download = page->findChild<QPushButton*>(QStringLiteral("downloadRejected"));
    QVERIFY(download->isVisible());
    QVERIFY(download->isEnabled());
    const auto detail = page->findChild<QLabel*>(QStringLiteral("syncDetailText"))->text();
    QVERIFY2(detail.contains(QLocale().toString(log.value(QLatin1String("errors")).toInteger()) +
                             QLatin1String(" errors")),
             qPrintable(detail));
}

// Per file its source and control totals, in the file and in the warehouse, as the API has them;
// a difference stands out and a file not read back says so.
void TestDashboardSync::selectedSyncShowsControlTotals() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    findata::test::ApiClient api(m_agent->url(), m_rejecting.key);
    const auto log =
        api.get(QStringLiteral("/api/sync/logs/%1/").arg(page->selectedSyncId())).json();
    const auto records = log.value(QLatin1String("file_records")).toArray();
    QCOMPARE(records.size(), 2);
    auto* table = page->findChild<QTableWidget*>(QStringLiteral("syncControlTotals"));
    QVERIFY(table && table->isVisible());
    int row = 0;
    const QLocale locale;
    for (const auto& value : records) {
        const auto record = value.toObject();
        const auto totals = record.value(QLatin1String("control_totals")).toObject();
        QCOMPARE(totals.value(QLatin1String("matches")).toBool(), true);
        const auto file = totals.value(QLatin1String("file")).toObject();
        const auto warehouse = totals.value(QLatin1String("warehouse")).toObject();
        QVERIFY(table->item(row, 0)->text().contains(
            record.value(QLatin1String("original_name")).toString()));
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("upload"));
        QCOMPARE(table->item(row, 2)->text(), QStringLiteral("Rows accepted"));
        QCOMPARE(table->item(row, 3)->text(),
                 locale.toString(record.value(QLatin1String("rows_accepted")).toInteger()));
        QCOMPARE(table->item(row, 4)->text(),
                 locale.toString(warehouse.value(QLatin1String("rows")).toInteger()));
        QCOMPARE(table->item(row, 5)->text(), QStringLiteral("yes"));
        ++row;
        const auto sums = file.value(QLatin1String("sums")).toObject();
        QVERIFY(!sums.isEmpty());
        for (auto it = sums.begin(); it != sums.end(); ++it, ++row) {
            QCOMPARE(table->item(row, 2)->text(), it.key());
            // Every digit of the exact sum, grouped as the locale groups.
            auto digits = table->item(row, 3)->text();
            digits.remove(locale.groupSeparator());
            digits.replace(locale.decimalPoint(), QStringLiteral("."));
            QCOMPARE(digits, it.value().toString());
            QCOMPARE(table->item(row, 4)->text(), table->item(row, 3)->text());
            QCOMPARE(table->item(row, 5)->text(), QStringLiteral("yes"));
        }
    }
    QCOMPARE(table->rowCount(), row);

    // A sync whose read-back differed, and a file never read back.
    QJsonObject failed = log;
    failed[QLatin1String("id")] = QStringLiteral("00000000-0000-4000-8000-000000000001");
    QJsonArray changed;
    QJsonObject credit = records[0].toObject();
    QJsonObject totals = credit.value(QLatin1String("control_totals")).toObject();
    QJsonObject found = totals.value(QLatin1String("warehouse")).toObject();
    found[QLatin1String("rows")] = found.value(QLatin1String("rows")).toInteger() + 1;
    totals[QLatin1String("warehouse")] = found;
    totals[QLatin1String("matches")] = false;
    credit[QLatin1String("control_totals")] = totals;
    changed.append(credit);
    QJsonObject plan = records[1].toObject();
    QJsonObject planTotals = plan.value(QLatin1String("control_totals")).toObject();
    planTotals[QLatin1String("warehouse")] = QJsonValue::Null;
    planTotals[QLatin1String("matches")] = QJsonValue::Null;
    plan[QLatin1String("control_totals")] = planTotals;
    plan[QLatin1String("source")] = QStringLiteral("live");
    changed.append(plan);
    failed[QLatin1String("file_records")] = changed;
    page->historyModel()->updateLog(failed);
    QVERIFY(page->selectSync(failed.value(QLatin1String("id")).toString()));
    QCOMPARE(table->item(0, 5)->text(), QStringLiteral("NO"));
    QCOMPARE(table->item(1, 5)->text(), QStringLiteral("yes"));  // the sums still agree
    const int planRow = 1 + static_cast<int>(credit.value(QLatin1String("control_totals"))
                                                 .toObject()
                                                 .value(QLatin1String("file"))
                                                 .toObject()
                                                 .value(QLatin1String("sums"))
                                                 .toObject()
                                                 .size());
    QCOMPARE(table->item(planRow, 1)->text(), QStringLiteral("live data re-checked"));
    QCOMPARE(table->item(planRow, 4)->text(), QString());
    QCOMPARE(table->item(planRow, 5)->text(), QStringLiteral("not checked"));

    QCOMPARE(SyncLogModel::exactDecimal(QStringLiteral("-1234567.05")),
             locale.negativeSign() + QStringLiteral("1") + locale.groupSeparator() +
                 QStringLiteral("234") + locale.groupSeparator() + QStringLiteral("567") +
                 locale.decimalPoint() + QStringLiteral("05"));
    QCOMPARE(SyncLogModel::exactDecimal(QStringLiteral("123456789012345678.99")).size(),
             QStringLiteral("123,456,789,012,345,678.99").size());
}

void TestDashboardSync::downloadRejectedRows_data() {
    QTest::addColumn<QString>("fileType");
    QTest::addRow("every file, annotated") << "";
    QTest::addRow("credit file, original format") << "credit";
    QTest::addRow("payment plan file, original format") << "payment_plan";
}

void TestDashboardSync::downloadRejectedRows() {
    QFETCH(QString, fileType);
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    auto* choice = page->findChild<QComboBox*>(QStringLiteral("rejectedFileType"));
    const int index = choice->findData(fileType);
    QVERIFY(index >= 0);
    choice->setCurrentIndex(index);
    const auto path = m_dir.filePath(QStringLiteral("rejected-%1.csv").arg(fileType));
    QFile::remove(path);
    m_dialogs.saveFile = [path] { return path; };
    QSignalSpy done(page, &SyncPage::rejectedRowsDownloaded);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("downloadRejected")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
    QCOMPARE(done.at(0).at(0).toString(), path);
    QVERIFY(done.at(0).at(1).toBool());

    findata::test::ApiClient api(m_agent->url(), m_rejecting.key);
    auto url = QStringLiteral("/api/sync/logs/%1/rejected/").arg(page->selectedSyncId());
    if (!fileType.isEmpty()) url += QStringLiteral("?file_type=") + fileType;
    const auto expected = api.get(url);
    QCOMPARE(expected.status, 200);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto saved = file.readAll();
    QCOMPARE(saved.size(), expected.body.size());
    QVERIFY(saved == expected.body);
    QVERIFY(saved.count('\n') > 1);  // a header and rows
    const auto* message = page->findChild<QLabel*>(QStringLiteral("rejectedMessage"));
    QVERIFY2(message->text().startsWith(QLatin1String("Saved the rejected rows")),
             qPrintable(message->text()));
    QVERIFY(!page->isDownloading());
}

void TestDashboardSync::canceledSaveDialogDownloadsNothing() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    m_dialogs.saveFile = nullptr;  // the operator cancels the dialog
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("downloadRejected")),
                      Qt::LeftButton);
    QVERIFY(!page->isDownloading());
    QVERIFY(!page->findChild<QLabel*>(QStringLiteral("rejectedMessage"))->isVisible());
}

void TestDashboardSync::unwritableFileIsSaidPlainly() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    const auto path = m_dir.filePath(QStringLiteral("no-such-dir/rejected.csv"));
    m_dialogs.saveFile = [path] { return path; };
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("downloadRejected")),
                      Qt::LeftButton);
    QVERIFY(!page->isDownloading());
    const auto* message = page->findChild<QLabel*>(QStringLiteral("rejectedMessage"));
    QVERIFY2(message->text().startsWith(QLatin1String("Could not write")),
             qPrintable(message->text()));
    QVERIFY(!QFile::exists(path));
}

void TestDashboardSync::expiredRejectedRowsAreSaidPlainly() {
    // Past findings_retention the janitor deletes a sync's rejected rows (it keeps the live
    // package's; here the deletion is done directly, as a janitor pass with a retention of 0 s
    // would sweep every tenant of the shared databases): the download is the header line only.
    findata::test::AgentProcess forgetful;
    QVERIFY2(forgetful.ok(), forgetful.output().constData());
    const auto tenant = findata::test::createTestTenant("APPEXP");
    const auto staged = findata::test::stageSample(forgetful, tenant, QStringLiteral("BANK003"),
                                                   QStringLiteral("RETAIL"));
    QVERIFY2(staged.isEmpty(), qPrintable(staged));
    const auto log = findata::test::syncAndWait(forgetful, tenant, QStringLiteral("RETAIL"));
    QVERIFY(log.value(QLatin1String("rows_rejected")).toInteger() > 0);
    {
        findata::agent::Database db(findata::test::testDatabases().pg);
        const auto purged =
            findata::agent::SyncLogRepository(db, tenant.schema)
                .purgeFindings(log.value(QLatin1String("id")).toString().toStdString());
        QVERIFY(purged.rejectedRows > 0);
    }

    QVERIFY(m_app->signIn(forgetful.url(), tenant.key));
    auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
    QVERIFY(page);
    QTRY_VERIFY(page->historyModel()->rowCount() > 0);
    clickSync(page, log.value(QLatin1String("id")).toString());
    const auto path = m_dir.filePath(QStringLiteral("expired.csv"));
    m_dialogs.saveFile = [path] { return path; };
    QSignalSpy done(page, &SyncPage::rejectedRowsDownloaded);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("downloadRejected")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
    const auto* message = page->findChild<QLabel*>(QStringLiteral("rejectedMessage"));
    QVERIFY2(message->text().contains(QLatin1String("no longer has the rejected rows")),
             qPrintable(message->text()));
    // What was saved is what the API serves: the header alone.
    findata::test::ApiClient api(forgetful.url(), tenant.key);
    const auto expected =
        api.get(QStringLiteral("/api/sync/logs/%1/rejected/").arg(page->selectedSyncId()));
    QCOMPARE(expected.headers.value("x-findata-rejected-rows"), QByteArray("0"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), expected.body);
    m_app.reset();  // signed out of the agent before it stops
    QCOMPARE(forgetful.stop(), 0);
}

void TestDashboardSync::goneRejectedRowsAreSaidPlainly_data() {
    QTest::addColumn<int>("status");
    QTest::addRow("404") << 404;
    QTest::addRow("410") << 410;
}

void TestDashboardSync::goneRejectedRowsAreSaidPlainly() {
    // A real agent answers with an empty file once its retention has passed; a 404/410 is what a
    // purged sync log would get, and cannot be produced on demand.
    QFETCH(int, status);
    findata::test::FakeAgent gone(
        status, R"({"error":{"code":"not_found","message":"sync log not found"}})");
    findata::app::AgentClient client;
    client.setBaseUrl(gone.url());
    SyncPage page(client);
    page.show();
    page.historyModel()->setLogs(QJsonArray{m_rejectingSync});
    QVERIFY(page.selectSync(m_rejectingSync.value(QLatin1String("id")).toString()));
    const auto path = m_dir.filePath(QStringLiteral("gone.csv"));
    QFile existing(path);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("kept\n");
    existing.close();
    m_dialogs.saveFile = [path] { return path; };
    QSignalSpy done(&page, &SyncPage::rejectedRowsDownloaded);
    page.downloadRejectedRows();
    QTRY_COMPARE(done.size(), 1);
    QVERIFY(!done.at(0).at(1).toBool());
    const auto* message = page.findChild<QLabel*>(QStringLiteral("rejectedMessage"));
    QVERIFY2(message->text().contains(QLatin1String("no longer has the rejected rows")),
             qPrintable(message->text()));
    QVERIFY(message->text().contains(QLatin1String("30 days")));
    // A failed download leaves an existing file as it was.
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("kept\n"));
}

void TestDashboardSync::showErrorsAsksForTheSyncsErrors() {
    auto* page = syncPageWithRejectingSync();
    QVERIFY(page);
    QSignalSpy open(page, &SyncPage::openErrors);
    auto* button = page->findChild<QPushButton*>(QStringLiteral("showErrors"));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.at(0).at(0).toString(), m_rejectingSync.value(QLatin1String("id")).toString());
}

void TestDashboardSync::syncWithoutRejectedRowsOffersNoDownload() {
    QVERIFY(m_app->signIn(m_agent->url(), m_clean.key));
    auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
    QVERIFY(page);
    QTRY_VERIFY(page->historyModel()->rowCount() > 0);
    clickSync(page, m_cleanSync.value(QLatin1String("id")).toString());
    QVERIFY(!page->findChild<QPushButton*>(QStringLiteral("downloadRejected"))->isVisible());
    const auto detail = page->findChild<QLabel*>(QStringLiteral("syncDetailText"))->text();
    QVERIFY2(detail.contains(QLatin1String("No rows were rejected")), qPrintable(detail));
}

void TestDashboardSync::cleanupTestCase() {
    m_app.reset();
    findata::app::setDialogs(nullptr);
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestDashboardSync)
#include "tst_dashboardsync.moc"
