// The Data view's column chooser and page size on the offscreen platform against a real agent
// with BANK001's retail package synced: hidden columns are hidden in the table and remembered
// per loan type and data type (another table keeps its own choice; a restarted client brings
// them back); the page size decides how many rows each request brings and is remembered too.

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QTableView>
#include <QtTest>
#include <memory>

#include "app/models/datamodel.h"
#include "app/ui/columnchooser.h"
#include "app/ui/datapage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"

using findata::app::ColumnChooser;
using findata::app::DataModel;
using findata::app::DataPage;
using findata::test::child;

class TestDataColumns final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("DATACOLS");
        const auto staged = findata::test::stageSample(
            *m_agent, m_tenant, QStringLiteral("BANK001"), QStringLiteral("RETAIL"));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        const auto log = findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"));
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        m_app = std::make_unique<findata::test::AppUnderTest>();
        QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    }

    void hiddenColumnsAreRememberedPerTable() {
        auto* page = openDataPage();
        QVERIFY(page);
        auto* table = child<QTableView>(page, "dataTable");
        auto* chooser = page->columnChooser();
        const int customer = page->model()->columnIndex(QStringLiteral("customer_id"));
        QVERIFY(customer >= 0);
        QVERIFY(!table->isColumnHidden(customer));

        // Unticking the column's entry in the chooser's menu hides it.
        QAction* entry = nullptr;
        for (auto* action : chooser->menu()->actions())
            if (action->objectName() == QLatin1String("column:customer_id")) entry = action;
        QVERIFY(entry && entry->isChecked());
        entry->trigger();
        QVERIFY(table->isColumnHidden(customer));
        QCOMPARE(chooser->hiddenColumns(), QStringList{QStringLiteral("customer_id")});

        // Payment plans: a table of its own, nothing hidden there.
        auto* dataType = child<QComboBox>(page, "dataType");
        dataType->setCurrentIndex(dataType->findData(QStringLiteral("payment_plan")));
        QVERIFY(waitLoaded(page));
        QVERIFY(chooser->hiddenColumns().isEmpty());
        for (int c = 0; c < page->model()->columnCount(); ++c)
            QVERIFY(!table->isColumnHidden(c));

        // Back to credits, and a reload: still hidden.
        dataType->setCurrentIndex(dataType->findData(QStringLiteral("credit")));
        QVERIFY(waitLoaded(page));
        QVERIFY(table->isColumnHidden(page->model()->columnIndex(QStringLiteral("customer_id"))));

        // A new client on the same settings brings the choice back.
        restartClient();
        page = openDataPage();
        QVERIFY(page);
        table = child<QTableView>(page, "dataTable");
        QVERIFY(table->isColumnHidden(page->model()->columnIndex(QStringLiteral("customer_id"))));
        QVERIFY(!table->isColumnHidden(
            page->model()->columnIndex(QStringLiteral("loan_account_number"))));

        // "Show all" undoes it, and the menu's entries say so (the same entries: triggering one
        // must not delete the menu's actions under it).
        const auto actions = page->columnChooser()->menu()->actions();
        for (auto* action : actions)
            if (action->objectName() == QLatin1String("showAllColumns")) action->trigger();
        QVERIFY(!table->isColumnHidden(page->model()->columnIndex(QStringLiteral("customer_id"))));
        QCOMPARE(page->columnChooser()->menu()->actions(), actions);
        for (auto* action : actions)
            if (action->isCheckable()) QVERIFY2(action->isChecked(), qPrintable(action->text()));
    }

    void pageSizeDecidesRowsPerRequest() {
        auto* page = openDataPage();
        QVERIFY(page);
        QCOMPARE(page->model()->rowCount(), DataModel::kPageSize);  // 300 credits, 200 a page
        auto* size = child<QComboBox>(page, "dataPageSize");
        size->setCurrentIndex(size->findData(50));
        QVERIFY(waitLoaded(page));
        QCOMPARE(page->model()->rowCount(), 50);
        QCOMPARE(page->model()->total(), 300);
        // Scrolling fetches the next 50.
        page->model()->fetchMore({});
        QVERIFY(waitLoaded(page));
        QCOMPARE(page->model()->rowCount(), 100);

        restartClient();
        page = openDataPage();
        QVERIFY(page);
        QCOMPARE(child<QComboBox>(page, "dataPageSize")->currentData().toInt(), 50);
        QCOMPARE(page->model()->rowCount(), 50);
    }

    void cleanupTestCase() { m_app.reset(); }

private:
    DataPage* openDataPage() {
        auto* page = m_app->show<DataPage>(QStringLiteral("data"));
        if (!page || !waitLoaded(page)) return nullptr;
        return page;
    }
    static bool waitLoaded(DataPage* page) {
        return QTest::qWaitFor([page] { return !page->model()->isLoading(); }, 30000) &&
               page->model()->errorString().isEmpty();
    }
    // The window is closed and a new one made on the same settings file, signed in again.
    void restartClient() {
        auto& app = *m_app;
        app.window.reset();
        app.settings->sync();
        app.settings = std::make_unique<QSettings>(app.dir.filePath(QStringLiteral("settings.ini")),
                                                   QSettings::IniFormat);
        app.window =
            std::make_unique<findata::app::MainWindow>(app.client, app.store, *app.settings);
        QVERIFY(app.signIn(m_agent->url(), m_tenant.key));
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
};

QTEST_MAIN(TestDataColumns)
#include "tst_datacolumns.moc"
