// ErrorsPage against a real agent with BANK003's defective retail and commercial packages
// synced: the picker lists both syncs newest first, the groups and counts are the API's, the
// error total is the documented list of defects, the pages of findings are the API's pages,
// clicking a group narrows the list, and the export writes every finding.

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "app/models/errormodel.h"
#include "app/ui/csvexport.h"
#include "app/ui/dialogs.h"
#include "app/ui/errorspage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "testconfig.h"

using findata::app::ErrorGroupModel;
using findata::app::ErrorModel;
using findata::app::ErrorsPage;

class TestErrorsPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void picksNewestSyncFirst();
    void groupsAreTheApis();
    void errorTotalIsTheDocumentedDefects();
    void pagesAreTheApis();
    void clickingGroupNarrowsList();
    void fileTypeFilter();
    void exportWritesEveryFinding();
    void cleanupTestCase();

private:
    // GET /api/sync/logs/{id}/errors/?query.
    QJsonObject api(const QString& syncId, const QString& query);
    bool waitLoaded();
    template <typename T>
    T* child(const char* name) {
        return m_page->findChild<T*>(QLatin1String(name));
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    QJsonObject m_retail;
    QJsonObject m_commercial;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    ErrorsPage* m_page = nullptr;
    QTemporaryDir m_dir;
    findata::app::ScriptedDialogs m_dialogs;
};

void TestErrorsPage::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("ERRGUI");
    for (const auto* loanType : {"RETAIL", "COMMERCIAL"}) {
        const auto staged = findata::test::stageSample(
            *m_agent, m_tenant, QStringLiteral("BANK003"), QLatin1String(loanType));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        const auto log = findata::test::syncAndWait(*m_agent, m_tenant, QLatin1String(loanType));
        // BANK003's rejected rows stay below the threshold: the sync completes with findings.
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QVERIFY(log.value(QLatin1String("errors")).toInteger() > 0);
        (qstrcmp(loanType, "RETAIL") == 0 ? m_retail : m_commercial) = log;
    }
    findata::app::setDialogs(&m_dialogs);
}

void TestErrorsPage::init() {
    m_app = std::make_unique<findata::test::AppUnderTest>();
    QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    m_page = m_app->show<ErrorsPage>(QStringLiteral("errors"));
    QVERIFY(m_page);
    QVERIFY(waitLoaded());
    m_dialogs.saveFile = {};
}

void TestErrorsPage::cleanup() {
    m_page = nullptr;
    m_app.reset();
}

void TestErrorsPage::cleanupTestCase() {
    findata::app::setDialogs(nullptr);
}

QJsonObject TestErrorsPage::api(const QString& syncId, const QString& query) {
    findata::test::ApiClient client(m_agent->url(), m_tenant.key);
    const auto reply =
        client.get(QStringLiteral("/api/sync/logs/%1/errors/?%2").arg(syncId, query));
    if (reply.status != 200)
        qWarning("errors of %s ?%s: %d %s", qPrintable(syncId), qPrintable(query), reply.status,
                 reply.body.constData());
    return reply.json();
}

bool TestErrorsPage::waitLoaded() {
    // Loading starts on activate(); one event-loop turn later the requests are all on their way.
    return QTest::qWaitFor([this] { return !m_page->isLoading() && m_page->total() >= 0; }, 30000);
}

void TestErrorsPage::picksNewestSyncFirst() {
    auto* syncs = child<QComboBox>("errorsSync");
    QCOMPARE(syncs->count(), 2);
    const auto commercialId = m_commercial.value(QLatin1String("id")).toString();
    const auto retailId = m_retail.value(QLatin1String("id")).toString();
    QCOMPARE(syncs->itemData(0).toString(), commercialId);
    QCOMPARE(syncs->itemData(1).toString(), retailId);
    QCOMPARE(m_page->syncId(), commercialId);  // the newest is shown first
    QCOMPARE(syncs->currentIndex(), 0);
    const auto retailText = syncs->itemText(1);
    QVERIFY2(retailText.contains(QLatin1String("RETAIL")), qPrintable(retailText));
    QVERIFY2(retailText.contains(
                 QStringLiteral("%1 errors")
                     .arg(QLocale().toString(m_retail.value(QLatin1String("errors")).toInteger()))),
             qPrintable(retailText));

    // Picking the other one shows its findings.
    syncs->setCurrentIndex(1);
    QCOMPARE(m_page->syncId(), retailId);
    QVERIFY(waitLoaded());
    QCOMPARE(
        m_page->total(),
        api(retailId, QStringLiteral("page_size=1")).value(QLatin1String("total")).toInteger());
}

void TestErrorsPage::groupsAreTheApis() {
    const auto id = m_retail.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    QCOMPARE(child<QComboBox>("errorsSync")->currentData().toString(), id);
    const auto answer = api(id, QStringLiteral("page_size=1"));
    const auto groups = answer.value(QLatin1String("groups")).toArray();
    QVERIFY(groups.size() > 1);
    auto* model = m_page->groupModel();
    QCOMPARE(model->rowCount(), groups.size());
    qint64 sum = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(model->group(row), groups[row].toObject());
        const auto count = groups[row].toObject().value(QLatin1String("count")).toInteger();
        QCOMPARE(model->index(row, ErrorGroupModel::Count).data().toString(),
                 QLocale().toString(count));
        sum += count;
    }
    const auto total = answer.value(QLatin1String("total")).toInteger();
    QCOMPARE(sum, total);
    QCOMPARE(m_page->total(), total);
    QVERIFY(child<QLabel>("errorsSummary")->text().startsWith(QLocale().toString(total)));

    // The chart shows the largest groups, largest at the top (the last category).
    auto* chart = child<QChartView>("errorsChart")->chart();
    QCOMPARE(chart->series().size(), 1);
    auto* series = qobject_cast<QAbstractBarSeries*>(chart->series().first());
    QVERIFY(series);
    const auto* set = series->barSets().first();
    const int shown = std::min<int>(static_cast<int>(groups.size()), ErrorsPage::kChartGroups);
    QCOMPARE(set->count(), shown);
    QCOMPARE(set->at(shown - 1),
             static_cast<qreal>(groups[0].toObject().value(QLatin1String("count")).toInteger()));
}

void TestErrorsPage::errorTotalIsTheDocumentedDefects() {
    const auto id = m_retail.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    auto* severity = child<QComboBox>("errorsSeverity");
    severity->setCurrentIndex(severity->findData(QStringLiteral("error")));
    QVERIFY(m_page->isLoading());
    QVERIFY(waitLoaded());

    // data-test/BANK003/expected_errors.csv lists every error finding, one line each.
    QFile expected(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK003/expected_errors.csv"));
    QVERIFY(expected.open(QIODevice::ReadOnly));
    qint64 retailErrors = 0;
    while (!expected.atEnd())
        if (expected.readLine().startsWith("RETAIL/")) ++retailErrors;
    QCOMPARE(retailErrors, 31);
    QCOMPARE(m_page->total(), retailErrors);
    QCOMPARE(api(id, QStringLiteral("severity=error&page_size=1"))
                 .value(QLatin1String("total"))
                 .toInteger(),
             retailErrors);
    for (int row = 0; row < m_page->groupModel()->rowCount(); ++row)
        QCOMPARE(m_page->groupModel()->group(row).value(QLatin1String("severity")).toString(),
                 QStringLiteral("error"));
    for (int row = 0; row < m_page->errorModel()->rowCount(); ++row)
        QCOMPARE(m_page->errorModel()->finding(row).value(QLatin1String("severity")).toString(),
                 QStringLiteral("error"));
}

void TestErrorsPage::pagesAreTheApis() {
    const auto id = m_retail.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    const auto first = api(id, QStringLiteral("page=1&page_size=100"));
    const auto pages = first.value(QLatin1String("pages")).toInt();
    QVERIFY2(pages >= 2, "the retail sync has more than one page of findings");
    const auto check = [&](const QJsonObject& answer) {
        const auto items = answer.value(QLatin1String("items")).toArray();
        auto* model = m_page->errorModel();
        QCOMPARE(model->rowCount(), items.size());
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->finding(row), items[row].toObject());
        // What the operator reads in the first row.
        const auto item = items[0].toObject();
        QCOMPARE(model->index(0, ErrorModel::Field).data().toString(),
                 item.value(QLatin1String("field")).toString());
        QCOMPARE(model->index(0, ErrorModel::Line).data().toString(),
                 QLocale().toString(item.value(QLatin1String("line")).toInteger()));
        QCOMPARE(model->index(0, ErrorModel::Message).data().toString(),
                 item.value(QLatin1String("message")).toString());
    };
    check(first);
    QCOMPARE(m_page->pageCount(), pages);
    auto* previous = child<QPushButton>("errorsPrevious");
    auto* next = child<QPushButton>("errorsNext");
    QVERIFY(!previous->isEnabled());
    QVERIFY(next->isEnabled());

    QTest::mouseClick(next, Qt::LeftButton);
    QVERIFY(waitLoaded());
    QCOMPARE(m_page->page(), 2);
    check(api(id, QStringLiteral("page=2&page_size=100")));
    QVERIFY(previous->isEnabled());
    QVERIFY(child<QLabel>("errorsPage")->text().contains(QLocale().toString(pages)));

    QTest::mouseClick(previous, Qt::LeftButton);
    QVERIFY(waitLoaded());
    QCOMPARE(m_page->page(), 1);
    check(first);
}

void TestErrorsPage::clickingGroupNarrowsList() {
    const auto id = m_retail.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    const auto allTotal = m_page->total();
    // An error group (not the large CONSISTENCY warnings): the second row of its kind.
    auto* groups = m_page->groupModel();
    int row = -1;
    for (int r = 0; r < groups->rowCount() && row < 0; ++r)
        if (groups->group(r).value(QLatin1String("severity")).toString() == QLatin1String("error"))
            row = r;
    QVERIFY(row >= 0);
    const auto group = groups->group(row);
    auto* table = child<QTableView>("errorsGroups");
    const auto rect = table->visualRect(groups->index(row, ErrorGroupModel::Field));
    QVERIFY(rect.isValid());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(m_page->isLoading());
    QVERIFY(waitLoaded());

    const auto count = group.value(QLatin1String("count")).toInteger();
    QCOMPARE(m_page->total(), count);
    const auto field = group.value(QLatin1String("field")).toString();
    const auto type = group.value(QLatin1String("error_type")).toString();
    const auto answer =
        api(id, QStringLiteral("file_type=%1&field=%2&error_type=%3&severity=error&page_size=100")
                    .arg(group.value(QLatin1String("file_type")).toString(), field, type));
    QCOMPARE(answer.value(QLatin1String("total")).toInteger(), count);
    const auto items = answer.value(QLatin1String("items")).toArray();
    QCOMPARE(m_page->errorModel()->rowCount(), items.size());
    for (int r = 0; r < items.size(); ++r)
        QCOMPARE(m_page->errorModel()->finding(r), items[r].toObject());
    auto* narrowed = child<QLabel>("errorsGroupFilter");
    QVERIFY2(narrowed->text().contains(field), qPrintable(narrowed->text()));
    // The groups stay as they were: another group is one click away.
    QCOMPARE(
        groups->rowCount(),
        api(id, QStringLiteral("page_size=1")).value(QLatin1String("groups")).toArray().size());

    auto* showAll = child<QPushButton>("errorsShowAll");
    QVERIFY(showAll->isVisible());
    QTest::mouseClick(showAll, Qt::LeftButton);
    QVERIFY(waitLoaded());
    QCOMPARE(m_page->total(), allTotal);
    QVERIFY(!showAll->isVisible());
}

void TestErrorsPage::fileTypeFilter() {
    const auto id = m_commercial.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    auto* fileType = child<QComboBox>("errorsFileType");
    fileType->setCurrentIndex(fileType->findData(QStringLiteral("payment_plan")));
    QVERIFY(waitLoaded());
    const auto answer = api(id, QStringLiteral("file_type=payment_plan&page_size=100"));
    QCOMPARE(m_page->total(), answer.value(QLatin1String("total")).toInteger());
    const auto groups = answer.value(QLatin1String("groups")).toArray();
    QCOMPARE(m_page->groupModel()->rowCount(), groups.size());
    for (int row = 0; row < groups.size(); ++row) {
        QCOMPARE(m_page->groupModel()->group(row), groups[row].toObject());
        QCOMPARE(groups[row].toObject().value(QLatin1String("file_type")).toString(),
                 QStringLiteral("payment_plan"));
    }
    const auto items = answer.value(QLatin1String("items")).toArray();
    QCOMPARE(m_page->errorModel()->rowCount(), items.size());
    for (int row = 0; row < items.size(); ++row)
        QCOMPARE(m_page->errorModel()->finding(row), items[row].toObject());
}

void TestErrorsPage::exportWritesEveryFinding() {
    const auto id = m_retail.value(QLatin1String("id")).toString();
    m_page->selectSync(id);
    QVERIFY(waitLoaded());
    const auto path = m_dir.filePath(QStringLiteral("findings.csv"));
    QFile::remove(path);
    m_dialogs.saveFile = [&] { return path; };
    auto* exporter = m_page->findChild<findata::app::CsvExport*>();
    QSignalSpy finished(exporter, &findata::app::CsvExport::finished);
    QTest::mouseClick(child<QPushButton>("errorsExport"), Qt::LeftButton);
    QVERIFY(exporter->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(exporter->message()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto content = file.readAll();
    const auto total =
        api(id, QStringLiteral("page_size=1")).value(QLatin1String("total")).toInteger();
    QCOMPARE(content.count('\n') - 1, total);  // a header, then every finding
    QVERIFY(content.startsWith("file_type;line;field;error_type;severity;message;value"));
    // Byte for byte what the API exports.
    findata::test::ApiClient client(m_agent->url(), m_tenant.key);
    const auto direct = client.get(QStringLiteral("/api/sync/logs/%1/errors/?format=csv").arg(id));
    QCOMPARE(direct.status, 200);
    QCOMPARE(content, direct.body);
    QVERIFY(exporter->message().contains(QLocale().toString(total)));
}

QTEST_MAIN(TestErrorsPage)
#include "tst_errorspage.moc"
