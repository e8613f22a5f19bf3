// The Sync screen's rejected-rows editor on the offscreen platform against a real agent: the
// selected BANK003 sync shows its rejected credit rows with the offending cells marked and the
// reasons as tooltips; cells are edited, the local re-check (the core validator) marks the rows
// now valid and the one still wrong; the valid rows are resubmitted and a duplicate dismissed;
// the selected sync's review counts and the Dashboard's count of open rows follow each action at
// once; the next sync accepts and merges the corrections; the Dashboard counts the rows still open.

#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "app/models/synclogmodel.h"
#include "app/ui/dashboardpage.h"
#include "app/ui/rejectededitor.h"
#include "app/ui/syncpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using findata::app::DashboardPage;
using findata::app::RejectedEditor;
using findata::app::SyncPage;
using findata::test::child;

namespace {

int rowOfLine(RejectedEditor* editor, qint64 line) {
    for (int r = 0; r < editor->table()->rowCount(); ++r)
        if (editor->lineAt(r) == line) return r;
    return -1;
}

}  // namespace

class TestRejectedEditor final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("APPREJ");
        // The test starts the syncs, not the scheduler.
        findata::agent::Database db(findata::test::testDatabases().pg);
        findata::agent::SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : findata::core::kLoanTypes)
            findata::agent::SyncConfigRepository(db, m_tenant.schema).update(lt, off);
        const auto staged = findata::test::stageSample(
            *m_agent, m_tenant, QStringLiteral("BANK003"), QStringLiteral("RETAIL"));
        QVERIFY2(staged.isEmpty(), qPrintable(staged));
        m_sync =
            findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"), 120000, true);
        QCOMPARE(m_sync.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
    }

    void editRecheckResubmitAndTheNextSyncAccepts() {
        findata::test::AppUnderTest app;
        QVERIFY(app.signIn(m_agent->url(), m_tenant.key));
        // The Dashboard, seen first, counts every rejected row of the sync as open.
        auto* dashboard = app.show<DashboardPage>(QStringLiteral("dashboard"));
        QVERIFY(dashboard);
        auto* openCount = child<QLabel>(dashboard, "rejectedOpen");
        QTRY_VERIFY_WITH_TIMEOUT(openCount->text().contains(QLatin1String(": 31")), 20000);
        auto* page = app.show<SyncPage>(QStringLiteral("sync"));
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->historyModel()->rowCount() > 0, 20000);
        const auto id = m_sync.value(QLatin1String("id")).toString();
        auto* editor = page->rejectedEditor();
        QSignalSpy loaded(editor, &RejectedEditor::loaded);
        QVERIFY(page->selectSync(id));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > 0, 20000);
        QVERIFY(editor->isVisible());
        auto* details = child<QLabel>(page, "syncDetailText");
        QVERIFY2(details->text().contains(QLatin1String("31 open, 0 dismissed, 0 corrected")),
                 qPrintable(details->text()));
        QSignalSpy refreshed(page, &SyncPage::selectedSyncRefreshed);
        auto* table = editor->table();
        QCOMPARE(editor->fileType(), QStringLiteral("credit"));
        QCOMPARE(table->rowCount(), 15);
        QCOMPARE(editor->total(), 15);

        // The reason sits on the offending cell.
        const int customer = rowOfLine(editor, 23);
        const int amount = rowOfLine(editor, 57);
        const int count = rowOfLine(editor, 74);
        const int duplicate = rowOfLine(editor, 253);
        QVERIFY(customer >= 0 && amount >= 0 && count >= 0 && duplicate >= 0);
        auto* customerCell = table->item(customer, editor->columnOf(QStringLiteral("customer_id")));
        QVERIFY2(customerCell->toolTip().contains(QLatin1String("customer_id")) ||
                     !customerCell->toolTip().isEmpty(),
                 qPrintable(customerCell->toolTip()));
        QVERIFY(customerCell->background().color() != QColor(Qt::white));
        QVERIFY(table->item(customer, editor->columnOf(QStringLiteral("loan_account_number")))
                    ->toolTip()
                    .isEmpty());

        // Two rows corrected, one made no better.
        customerCell->setText(QStringLiteral("CUST_99999"));
        table->item(amount, editor->columnOf(QStringLiteral("original_loan_amount")))
            ->setText(QStringLiteral("500000"));
        table->item(count, editor->columnOf(QStringLiteral("total_installment_count")))
            ->setText(QStringLiteral("five"));
        QSignalSpy rechecked(editor, &RejectedEditor::rechecked);
        QTest::mouseClick(child<QPushButton>(editor, "rejectedCheck"), Qt::LeftButton);
        QCOMPARE(rechecked.size(), 1);
        QCOMPARE(rechecked.at(0).at(0).toInt(), 2);
        QCOMPARE(rechecked.at(0).at(1).toInt(), 1);
        QVERIFY(editor->isValid(customer));
        QVERIFY(editor->isValid(amount));
        QVERIFY(!editor->isValid(count));
        QCOMPARE(table->item(customer, 1)->text(), QStringLiteral("Valid now"));
        QVERIFY(!table->item(count, 1)->toolTip().isEmpty());

        // Resubmit the two valid rows (the selection).
        table->clearSelection();
        table->setSelectionMode(QAbstractItemView::MultiSelection);
        table->selectRow(customer);
        table->selectRow(amount);
        QSignalSpy resubmitted(editor, &RejectedEditor::resubmitted);
        QTest::mouseClick(child<QPushButton>(editor, "rejectedResubmit"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(resubmitted.size(), 1, 20000);
        QVERIFY2(resubmitted.at(0).at(0).toBool(), qPrintable(resubmitted.at(0).at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > 1, 20000);
        QCOMPARE(table->item(rowOfLine(editor, 23), 1)->text(),
                 QStringLiteral("Correction staged"));
        // The details are read again at once; staged corrections stay open until a sync
        // accepts them.
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 20000);
        QCOMPARE(refreshed.at(0).at(0).toString(), id);
        QCOMPARE(page->selectedSyncId(), id);
        QVERIFY2(details->text().contains(QLatin1String("31 open, 0 dismissed, 0 corrected")),
                 qPrintable(details->text()));

        // Dismiss the duplicate.
        table->clearSelection();
        table->selectRow(rowOfLine(editor, 253));
        QSignalSpy dismissed(editor, &RejectedEditor::dismissed);
        editor->dismissSelected(QStringLiteral("repeats line 12"));
        QTRY_COMPARE_WITH_TIMEOUT(dismissed.size(), 1, 20000);
        QVERIFY2(dismissed.at(0).at(0).toBool(), qPrintable(dismissed.at(0).at(1).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(table->item(rowOfLine(editor, 253), 1)->text(),
                                  QStringLiteral("Dismissed"), 20000);
        // Without selecting the sync again: its details and the Dashboard count one row less.
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, 20000);
        QCOMPARE(page->selectedSyncId(), id);
        QVERIFY2(details->text().contains(QLatin1String("30 open, 1 dismissed, 0 corrected")),
                 qPrintable(details->text()));
        QTRY_VERIFY2_WITH_TIMEOUT(openCount->text().contains(QLatin1String(": 30")),
                                  qPrintable(openCount->text()), 20000);

        // The next sync accepts both corrections and merges them.
        const auto next =
            findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"), 120000, true);
        QCOMPARE(next.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(next.value(QLatin1String("corrects")).toString(), id);
        const auto credit =
            next.value(QLatin1String("files")).toObject().value(QLatin1String("credit")).toObject();
        QCOMPARE(credit.value(QLatin1String("rows_read")).toInt(), 2);
        QCOMPARE(credit.value(QLatin1String("rows_loaded")).toInt(), 2);

        // The Dashboard counts what is still open: 31 - 2 corrected - 1 dismissed.
        QCOMPARE(app.show<DashboardPage>(QStringLiteral("dashboard")), dashboard);
        QTRY_VERIFY2_WITH_TIMEOUT(openCount->text().contains(QLatin1String(": 28")),
                                  qPrintable(openCount->text()), 20000);
    }

private:
    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    QJsonObject m_sync;
};

QTEST_MAIN(TestRejectedEditor)
#include "tst_rejectededitor.moc"
