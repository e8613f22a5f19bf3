// DataPage against a real agent with BANK002's retail package synced: the table's rows are the
// API's pages, scrolling loads the rest, header clicks and sort() order on the agent, filters
// narrow the total, a bad filter value shows the agent's message, and the export writes the
// query's rows (or nothing at all when it fails or is canceled).

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "app/models/datamodel.h"
#include "app/ui/csvexport.h"
#include "app/ui/datapage.h"
#include "app/ui/dialogs.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"

using findata::app::DataModel;
using findata::app::DataPage;

class TestDataPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void firstPageEqualsApi();
    void scrollingLoadsEveryRow();
    void fetchMoreNeverAsksForAPageTwice();
    void headerClickSortsOnAgent();
    void sortEqualsApi_data();
    void sortEqualsApi();
    void filterNarrowsTotal_data();
    void filterNarrowsTotal();
    void badFilterValueShowsAgentMessage();
    void newQueryDropsOlderAnswers();
    void exportWritesEveryRow();
    void exportFailureLeavesNoFile();
    void exportCancelLeavesNoFile();
    void cleanupTestCase();

private:
    // GET /api/data/ with `query` (loan_type=RETAIL is added), as the API answers it.
    QJsonObject api(const QString& query);
    // The model's rows [first, first + count) as the JSON the agent sent.
    QByteArray modelRows(int first, int count) const;
    static QByteArray jsonRows(const QJsonArray& rows);
    // Waits until the model has answered its current query.
    bool waitLoaded();

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    DataPage* m_page = nullptr;
    DataModel* m_model = nullptr;
    QTemporaryDir m_dir;
    findata::app::ScriptedDialogs m_dialogs;
};

void TestDataPage::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("DATAGUI");
    const auto staged = findata::test::stageSample(*m_agent, m_tenant, QStringLiteral("BANK002"),
                                                   QStringLiteral("RETAIL"));
    QVERIFY2(staged.isEmpty(), qPrintable(staged));
    const auto log = findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"));
    QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
    findata::app::setDialogs(&m_dialogs);
}

void TestDataPage::init() {
    m_app = std::make_unique<findata::test::AppUnderTest>();
    QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    m_page = m_app->show<DataPage>(QStringLiteral("data"));
    QVERIFY(m_page);
    m_model = m_page->model();
    QVERIFY(waitLoaded());
    m_dialogs.saveFile = {};
}

void TestDataPage::cleanup() {
    m_page = nullptr;
    m_model = nullptr;
    m_app.reset();
}

void TestDataPage::cleanupTestCase() {
    findata::app::setDialogs(nullptr);
}

QJsonObject TestDataPage::api(const QString& query) {
    findata::test::ApiClient client(m_agent->url(), m_tenant.key);
    const auto reply = client.get(QStringLiteral("/api/data/?loan_type=RETAIL&") + query);
    if (reply.status != 200)
        qWarning("GET /api/data/?%s: %d %s", qPrintable(query), reply.status,
                 reply.body.constData());
    return reply.json();
}

QByteArray TestDataPage::jsonRows(const QJsonArray& rows) {
    return QJsonDocument(rows).toJson(QJsonDocument::Compact);
}

QByteArray TestDataPage::modelRows(int first, int count) const {
    QJsonArray rows;
    for (int r = first; r < first + count && r < m_model->rowCount(); ++r) {
        QJsonArray row;
        for (int c = 0; c < m_model->columnCount(); ++c)
            row.append(QJsonValue::fromVariant(m_model->index(r, c).data(DataModel::kRawRole)));
        rows.append(row);
    }
    return jsonRows(rows);
}

bool TestDataPage::waitLoaded() {
    return QTest::qWaitFor([this] { return !m_model->isLoading(); }, 30000) &&
           m_model->errorString().isEmpty();
}

void TestDataPage::firstPageEqualsApi() {
    const auto answer = api(QStringLiteral("data_type=credit&page=1&page_size=200"));
    const auto total = answer.value(QLatin1String("total")).toInteger();
    QCOMPARE(total, 400);  // BANK002's retail credits
    QCOMPARE(m_model->total(), total);
    QCOMPARE(m_model->rowCount(), DataModel::kPageSize);
    QStringList columns;
    for (const auto& column : answer.value(QLatin1String("columns")).toArray())
        columns << column.toObject().value(QLatin1String("name")).toString();
    QCOMPARE(m_model->columnNames(), columns);
    QCOMPARE(m_model->headerData(0, Qt::Horizontal).toString(), columns.first());
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));

    // What the operator reads: the count, numbers right-aligned, no value as an empty cell.
    const QLocale locale;
    QCOMPARE(m_page->findChild<QLabel*>(QStringLiteral("dataRowCount"))->text(),
             QStringLiteral("%1 rows").arg(locale.toString(total)));
    const int amount = m_model->columnIndex(QStringLiteral("original_loan_amount"));
    QVERIFY(amount >= 0);
    const auto cell = m_model->index(0, amount);
    QVERIFY(cell.data(Qt::TextAlignmentRole).value<Qt::Alignment>() & Qt::AlignRight);
    QCOMPARE(
        cell.data().toString(),
        DataModel::formatNumber(QJsonValue::fromVariant(cell.data(DataModel::kRawRole)), locale));
    const int closing = m_model->columnIndex(QStringLiteral("loan_closing_date"));
    QVERIFY(closing >= 0);
    bool sawNull = false;
    for (int r = 0; r < m_model->rowCount() && !sawNull; ++r) {
        const auto index = m_model->index(r, closing);
        if (!index.data(DataModel::kRawRole).isNull()) continue;
        sawNull = true;
        QCOMPARE(index.data().toString(), QString());
        QVERIFY(index.data(Qt::BackgroundRole).isValid());
    }
    QVERIFY2(sawNull, "active loans have no closing date");
}

void TestDataPage::scrollingLoadsEveryRow() {
    auto* dataType = m_page->findChild<QComboBox*>(QStringLiteral("dataType"));
    dataType->setCurrentIndex(dataType->findData(QStringLiteral("payment_plan")));
    QVERIFY(waitLoaded());
    const auto total = m_model->total();
    QCOMPARE(total, 1600);  // BANK002's retail payment plan rows
    QCOMPARE(m_model->rowCount(), DataModel::kPageSize);
    auto* table = m_page->findChild<QTableView*>(QStringLiteral("dataTable"));
    // The operator scrolls down; each time the end is reached the view asks for more.
    QVERIFY(QTest::qWaitFor(
        [&] {
            table->scrollToBottom();
            return m_model->rowCount() == total;
        },
        60000));
    QVERIFY(!m_model->canFetchMore({}));
    const auto last = api(QStringLiteral("data_type=payment_plan&page=8&page_size=200"));
    QCOMPARE(modelRows(1400, 200), jsonRows(last.value(QLatin1String("rows")).toArray()));
    const auto third = api(QStringLiteral("data_type=payment_plan&page=3&page_size=200"));
    QCOMPARE(modelRows(400, 200), jsonRows(third.value(QLatin1String("rows")).toArray()));
}

void TestDataPage::fetchMoreNeverAsksForAPageTwice() {
    QVERIFY(m_model->canFetchMore({}));
    QSignalSpy pages(m_model, &DataModel::pageLoaded);
    m_model->fetchMore({});
    QVERIFY(m_model->isLoading());
    QVERIFY(!m_model->canFetchMore({}));
    m_model->fetchMore({});  // a second scroll while page 2 is on its way
    QTRY_COMPARE_WITH_TIMEOUT(pages.size(), 1, 30000);
    QVERIFY(waitLoaded());
    QCOMPARE(m_model->rowCount(), 400);
    QVERIFY(!m_model->canFetchMore({}));
    const auto second = api(QStringLiteral("data_type=credit&page=2&page_size=200"));
    QCOMPARE(modelRows(200, 200), jsonRows(second.value(QLatin1String("rows")).toArray()));
}

void TestDataPage::headerClickSortsOnAgent() {
    auto* table = m_page->findChild<QTableView*>(QStringLiteral("dataTable"));
    auto* header = table->horizontalHeader();
    const int column = m_model->columnIndex(QStringLiteral("original_loan_amount"));
    QVERIFY(column >= 0);
    const auto click = [&] {
        table->scrollTo(m_model->index(0, column));
        const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                        header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
    };

    click();
    QVERIFY(waitLoaded());
    QCOMPARE(m_model->sortColumn(), column);
    QCOMPARE(m_model->sortOrder(), Qt::AscendingOrder);
    auto answer =
        api(QStringLiteral("data_type=credit&page_size=200&sort=original_loan_amount&order=asc"));
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));

    click();
    QVERIFY(waitLoaded());
    QCOMPARE(m_model->sortOrder(), Qt::DescendingOrder);
    QCOMPARE(header->sortIndicatorSection(), column);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    answer =
        api(QStringLiteral("data_type=credit&page_size=200&sort=original_loan_amount&order=desc"));
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));
    QCOMPARE(m_model->total(), 400);  // sorting keeps every row
}

void TestDataPage::sortEqualsApi_data() {
    QTest::addColumn<QString>("column");
    QTest::addRow("amount (decimal)") << "outstanding_principal_balance";
    QTest::addRow("account (text)") << "loan_account_number";
    QTest::addRow("maturity (date)") << "final_maturity_date";
    QTest::addRow("days past due (integer)") << "days_past_due";
}

void TestDataPage::sortEqualsApi() {
    QFETCH(QString, column);
    const int section = m_model->columnIndex(column);
    QVERIFY(section >= 0);
    m_model->sort(section, Qt::DescendingOrder);
    QVERIFY(waitLoaded());
    const auto answer =
        api(QStringLiteral("data_type=credit&page_size=200&sort=%1&order=desc").arg(column));
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));
    auto* header = m_page->findChild<QTableView*>(QStringLiteral("dataTable"))->horizontalHeader();
    QCOMPARE(header->sortIndicatorSection(), section);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
}

void TestDataPage::filterNarrowsTotal_data() {
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("op");  // as the operator combo's data: =, >=, <=
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("apiFilter");
    QTest::addRow("at least") << "original_loan_amount"
                              << ">="
                              << "100000"
                              << "original_loan_amount__gte=100000";
    QTest::addRow("at most") << "final_maturity_date"
                             << "<="
                             << "2027-12-31"
                             << "final_maturity_date__lte=2027-12-31";
    QTest::addRow("equal code") << "loan_status_code"
                                << "="
                                << "K"
                                << "loan_status_code=K";
    QTest::addRow("no value") << "loan_closing_date"
                              << "="
                              << ""
                              << "loan_closing_date=";
}

void TestDataPage::filterNarrowsTotal() {
    QFETCH(QString, column);
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, apiFilter);
    // Through the editor, as an operator would.
    auto* columnBox = m_page->findChild<QComboBox*>(QStringLiteral("dataFilterColumn"));
    auto* opBox = m_page->findChild<QComboBox*>(QStringLiteral("dataFilterOperator"));
    QVERIFY(columnBox->findText(column) >= 0);
    columnBox->setCurrentIndex(columnBox->findText(column));
    opBox->setCurrentIndex(opBox->findData(op));
    m_page->findChild<QLineEdit*>(QStringLiteral("dataFilterValue"))->setText(value);
    QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("dataFilterAdd")),
                      Qt::LeftButton);
    QVERIFY(m_model->isLoading());
    QVERIFY(waitLoaded());

    const auto answer = api(QStringLiteral("data_type=credit&page_size=200&") + apiFilter);
    const auto total = answer.value(QLatin1String("total")).toInteger();
    QVERIFY2(total > 0 && total < 400, qPrintable(QString::number(total)));
    QCOMPARE(m_model->total(), total);
    QCOMPARE(m_model->rowCount(), std::min<qint64>(total, DataModel::kPageSize));
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));
    QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("dataRowCount"))
                ->text()
                .startsWith(QLocale().toString(total)));
    QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("dataFilters"))->text().contains(column));

    QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("dataFilterClear")),
                      Qt::LeftButton);
    QVERIFY(waitLoaded());
    QCOMPARE(m_model->total(), 400);
}

void TestDataPage::badFilterValueShowsAgentMessage() {
    findata::test::ApiClient client(m_agent->url(), m_tenant.key);
    const auto refused =
        client.get(QStringLiteral("/api/data/?loan_type=RETAIL&days_past_due__gte=abc"));
    QCOMPARE(refused.status, 400);
    const auto expected = refused.json()
                              .value(QLatin1String("error"))
                              .toObject()
                              .value(QLatin1String("message"))
                              .toString();
    QVERIFY(!expected.isEmpty());

    m_page->addFilter(QStringLiteral("days_past_due"), QStringLiteral(">="), QStringLiteral("abc"));
    auto* message = m_page->findChild<QLabel*>(QStringLiteral("dataMessage"));
    QTRY_COMPARE_WITH_TIMEOUT(message->text(), expected, 30000);
    QVERIFY(message->isVisible());
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("dataExport"))->isEnabled());

    // Clearing the filter brings the rows back and the message goes.
    m_page->clearFilters();
    QVERIFY(waitLoaded());
    QCOMPARE(m_model->total(), 400);
    QVERIFY(!message->isVisible());
}

void TestDataPage::newQueryDropsOlderAnswers() {
    QSignalSpy pages(m_model, &DataModel::pageLoaded);
    auto query = m_model->query();
    query.dataType = QStringLiteral("payment_plan");
    m_model->setQuery(query);  // on its way when the next query replaces it
    query.dataType = QStringLiteral("credit");
    query.sortColumn = QStringLiteral("days_past_due");
    query.descending = true;
    m_model->setQuery(query);
    QVERIFY(waitLoaded());
    QCOMPARE(pages.size(), 1);
    QCOMPARE(m_model->total(), 400);
    const auto answer =
        api(QStringLiteral("data_type=credit&page_size=200&sort=days_past_due&order=desc"));
    QCOMPARE(modelRows(0, 200), jsonRows(answer.value(QLatin1String("rows")).toArray()));
}

void TestDataPage::exportWritesEveryRow() {
    m_page->addFilter(QStringLiteral("original_loan_amount"), QStringLiteral(">="),
                      QStringLiteral("100000"));
    QVERIFY(waitLoaded());
    m_model->sort(m_model->columnIndex(QStringLiteral("days_past_due")), Qt::DescendingOrder);
    QVERIFY(waitLoaded());
    const auto total = m_model->total();
    QVERIFY(total > 0 && total < 400);
    const auto path = m_dir.filePath(QStringLiteral("retail-credit.csv"));
    QFile::remove(path);
    m_dialogs.saveFile = [&] { return path; };
    auto* exporter = m_page->findChild<findata::app::CsvExport*>();
    QSignalSpy finished(exporter, &findata::app::CsvExport::finished);
    QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("dataExport")),
                      Qt::LeftButton);
    QVERIFY(exporter->isRunning());
    QVERIFY(m_page->findChild<QWidget*>(QStringLiteral("dataExportProgress"))->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(exporter->message()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto content = file.readAll();
    const auto lines = content.count('\n') + (content.endsWith('\n') ? 0 : 1);
    QCOMPARE(lines - 1, total);  // a header, then the rows
    QVERIFY(content.left(content.indexOf('\n')).contains("loan_account_number"));
    QVERIFY(exporter->message().contains(QLocale().toString(total)));
    QVERIFY(!m_page->findChild<QWidget*>(QStringLiteral("dataExportProgress"))->isVisible());
    // Byte for byte the API's export of the same query: filter and order included.
    findata::test::ApiClient client(m_agent->url(), m_tenant.key);
    const auto direct = client.get(QStringLiteral(
        "/api/data/?loan_type=RETAIL&data_type=credit&format=csv&original_loan_amount__gte=100000"
        "&sort=days_past_due&order=desc"));
    QCOMPARE(direct.status, 200);
    QCOMPARE(content, direct.body);
}

void TestDataPage::exportFailureLeavesNoFile() {
    // A query the agent refuses: the export fails the same way, and nothing is left behind.
    auto query = m_model->query();
    query.filters.insert(QStringLiteral("days_past_due__gte"), QStringLiteral("abc"));
    m_model->setQuery(query);
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(), 30000);
    const auto path = m_dir.filePath(QStringLiteral("refused.csv"));
    QFile::remove(path);
    m_dialogs.saveFile = [&] { return path; };
    auto* exporter = m_page->findChild<findata::app::CsvExport*>();
    QSignalSpy finished(exporter, &findata::app::CsvExport::finished);
    m_page->exportRows();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!QFile::exists(path));
    auto* message = m_page->findChild<QLabel*>(QStringLiteral("dataExportMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("abc")), qPrintable(message->text()));
}

void TestDataPage::exportCancelLeavesNoFile() {
    const auto path = m_dir.filePath(QStringLiteral("canceled.csv"));
    QFile::remove(path);
    m_dialogs.saveFile = [&] { return path; };
    auto* exporter = m_page->findChild<findata::app::CsvExport*>();
    QSignalSpy finished(exporter, &findata::app::CsvExport::finished);
    QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("dataExport")),
                      Qt::LeftButton);
    QVERIFY(exporter->isRunning());
    QTest::mouseClick(m_page->findChild<QPushButton*>(QStringLiteral("dataExportCancel")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!QFile::exists(path));
    QVERIFY(exporter->message().contains(QLatin1String("canceled")));
    QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("dataExport"))->isEnabled());

    // The dialog canceled: nothing starts.
    m_dialogs.saveFile = {};
    m_page->exportRows();
    QVERIFY(!exporter->isRunning());
}

QTEST_MAIN(TestDataPage)
#include "tst_datapage.moc"
