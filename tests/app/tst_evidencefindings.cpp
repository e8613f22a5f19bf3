// The desktop against a real agent, offscreen: the Sync screen's "Save evidence…" saves the
// selected sync's evidence pack as the agent's HTML page (which `findata-agent evidence verify`
// accepts) and as a PDF printed through QPdfWriter (its size and page count checked in the file
// itself); the Errors screen leads with a file-level summary when one rule fired on almost every
// row of a payment plan, after the errors, and still lists every finding of it.

#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <memory>

#include "app/models/errormodel.h"
#include "app/models/synclogmodel.h"
#include "app/ui/dialogs.h"
#include "app/ui/errorspage.h"
#include "app/ui/syncpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "testconfig.h"

using findata::app::ErrorGroupModel;
using findata::app::ErrorsPage;
using findata::app::SyncLogModel;
using findata::app::SyncPage;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// BANK003's retail payment plan with every installment amount one cent off: the amount no
// longer equals the sum of its components on (almost) every row.
QByteArray skewedPaymentPlan() {
    const auto lines =
        readAll(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK003/RETAIL/payment_plan.csv")).split('\n');
    QByteArray out = lines.value(0) + '\n';
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty()) continue;
        auto fields = lines[i].split(';');
        bool ok = false;
        const double amount = fields.value(4).toDouble(&ok);
        if (ok && fields.size() > 4) fields[4] = QByteArray::number(amount + 0.01, 'f', 2);
        out += fields.join(';') + '\n';
    }
    return out;
}

// The pages of a PDF as its page tree states them: every page object, and the root's /Count.
std::pair<int, int> pdfPages(const QByteArray& pdf) {
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    static const QRegularExpression count(
        QStringLiteral("/Type\\s*/Pages\\b[^>]*?/Count\\s+(\\d+)"
                       "|/Count\\s+(\\d+)[^>]*?/Type\\s*/Pages"));
    const auto text = QString::fromLatin1(pdf);
    int pages = 0;
    for (auto it = page.globalMatch(text); it.hasNext(); it.next())
        ++pages;
    const auto m = count.match(text);
    const int stated =
        m.hasMatch() ? (m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)).toInt() : -1;
    return {pages, stated};
}

// The per-file record of a sync log: its "files" object today ({"credit": {…}, …}), or the
// entry of that file type when the log carries a "files" array of per-file records.
QJsonObject logFile(const QJsonObject& log, const QString& fileType) {
    const auto files = log.value(QLatin1String("files"));
    if (files.isObject()) return files.toObject().value(fileType).toObject();
    for (const auto& item : files.toArray())
        if (item.toObject().value(QLatin1String("file_type")).toString() == fileType)
            return item.toObject();
    return {};
}

}  // namespace

class TestEvidenceFindings final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("EVGUI");
        findata::test::ApiClient api(m_agent->url(), m_tenant.key);
        // BANK003's credit file and a payment plan whose amounts are all a cent off.
        const QByteArray credit =
            readAll(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK003/RETAIL/credit.csv"));
        const std::pair<const char*, QByteArray> files[] = {{"credit", credit},
                                                            {"payment_plan", skewedPaymentPlan()}};
        for (const auto& [fileType, bytes] : files) {
            const auto reply = api.send(
                "POST",
                QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=%1&filename=%1.csv")
                    .arg(QLatin1String(fileType)),
                bytes, "text/csv");
            QVERIFY2(reply.status == 201, reply.body.constData());
        }
        m_log = findata::test::syncAndWait(*m_agent, m_tenant, QStringLiteral("RETAIL"));
        QCOMPARE(m_log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        m_syncId = m_log.value(QLatin1String("id")).toString();
        findata::app::setDialogs(&m_dialogs);
    }

    void init() {
        m_app = std::make_unique<findata::test::AppUnderTest>();
        QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
    }

    void cleanup() {
        m_dialogs.saveFile = nullptr;
        m_app.reset();
    }

    void cleanupTestCase() { findata::app::setDialogs(nullptr); }

    // HTML: the agent's page byte for byte but for its build time, verifiable offline.
    void savesEvidenceAsHtml() {
        auto* page = syncPage();
        QVERIFY(page);
        const auto path = m_dir.filePath(QStringLiteral("evidence.html"));
        const auto message = save(page, path);
        QVERIFY2(message.startsWith(QLatin1String("Evidence saved")), qPrintable(message));
        const auto html = readAll(path);
        QVERIFY2(html.size() > 20000, QByteArray::number(html.size()).constData());
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains(m_syncId.toLatin1()));
        QVERIFY(html.contains("CONSISTENCY"));
        QProcess verify;
        verify.start(QStringLiteral(FINDATA_AGENT_BINARY),
                     {QStringLiteral("evidence"), QStringLiteral("verify"), path});
        QVERIFY(verify.waitForFinished(30000));
        QCOMPARE(verify.exitCode(), 0);
        QVERIFY(verify.readAllStandardOutput().contains("valid"));
    }

    // PDF: a real PDF of a few A4 pages, its page tree consistent with the pages reported.
    void savesEvidenceAsPdf() {
        auto* page = syncPage();
        QVERIFY(page);
        const auto path = m_dir.filePath(QStringLiteral("evidence.pdf"));
        const auto message = save(page, path);
        QVERIFY2(message.contains(QLatin1String("PDF")), qPrintable(message));
        const auto pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QVERIFY2(pdf.size() > 20000, QByteArray::number(pdf.size()).constData());
        const auto [pages, stated] = pdfPages(pdf);
        // The sync, files, findings and the catalog's rules do not fit one page; a handful do.
        QVERIFY2(pages >= 3 && pages <= 40, qPrintable(QString::number(pages)));
        QCOMPARE(stated, pages);
        QVERIFY2(message.contains(QStringLiteral("%1 page").arg(pages)), qPrintable(message));
        // The figures are in it (Qt embeds text as glyphs; the title is in the metadata).
        QVERIFY(pdf.contains("/Title"));
    }

    // Canceling the dialog saves nothing and leaves the button usable.
    void canceledSaveWritesNothing() {
        auto* page = syncPage();
        QVERIFY(page);
        m_dialogs.saveFile = nullptr;
        QSignalSpy done(page, &SyncPage::evidenceSaved);
        auto* button = page->findChild<QPushButton*>(QStringLiteral("saveEvidence"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTest::qWait(200);
        QCOMPARE(done.size(), 0);
        QVERIFY(button->isEnabled());
    }

    // The Errors screen: errors first, then the file-level summary of the rule that fired on
    // almost every payment row; its findings are all still listed.
    void errorsScreenLeadsWithFileLevelSummary() {
        auto* page = m_app->show<ErrorsPage>(QStringLiteral("errors"));
        QVERIFY(page);
        page->selectSync(m_syncId);
        QVERIFY(QTest::qWaitFor(
            [page] {
                return !page->isLoading() && page->total() >= 0 &&
                       page->groupModel()->rowCount() > 0;
            },
            30000));
        auto* groups = page->groupModel();
        int firstWarning = -1;
        for (int row = 0; row < groups->rowCount(); ++row) {
            const auto severity = groups->group(row).value(QLatin1String("severity")).toString();
            if (severity == u"warning" && firstWarning < 0) firstWarning = row;
            if (firstWarning >= 0) QCOMPARE(severity, QStringLiteral("warning"));
        }
        QVERIFY(firstWarning > 0);
        QVERIFY(groups->isFileLevel(firstWarning));
        const auto group = groups->group(firstWarning);
        QCOMPARE(group.value(QLatin1String("error_type")).toString(),
                 QStringLiteral("CONSISTENCY"));
        for (int row = 0; row < groups->rowCount(); ++row)
            if (row != firstWarning) QVERIFY(!groups->isFileLevel(row));
        // Shown in bold with its share, and as a sentence above the groups.
        const auto share = groups->index(firstWarning, ErrorGroupModel::Share).data().toString();
        QVERIFY2(share.contains(QLatin1String("file-level")), qPrintable(share));
        QVERIFY(groups->index(firstWarning, ErrorGroupModel::Field)
                    .data(Qt::FontRole)
                    .value<QFont>()
                    .bold());
        auto* banner = page->findChild<QLabel*>(QStringLiteral("errorsFileLevel"));
        QVERIFY(banner && banner->isVisible());
        const auto summary = group.value(QLatin1String("summary")).toString();
        QVERIFY(summary.contains(QLatin1String("% of the rows of the payment plan")));
        QVERIFY2(banner->text().contains(summary), qPrintable(banner->text()));

        // Every finding of the summarised rule is still there.
        page->showGroup(firstWarning);
        QVERIFY(QTest::qWaitFor([page] { return !page->isLoading(); }, 30000));
        QCOMPARE(page->total(), group.value(QLatin1String("count")).toInteger());
        QVERIFY(page->total() * 2 >= logFile(m_log, QStringLiteral("payment_plan"))
                                         .value(QLatin1String("rows_read"))
                                         .toInteger());
    }

private:
    SyncPage* syncPage() {
        auto* page = m_app->show<SyncPage>(QStringLiteral("sync"));
        if (!page) return nullptr;
        if (!QTest::qWaitFor([page] { return page->historyModel()->rowCount() > 0; }, 20000))
            return nullptr;
        if (!page->selectSync(m_syncId)) return nullptr;
        auto* button = page->findChild<QPushButton*>(QStringLiteral("saveEvidence"));
        if (!button || !button->isVisible() || !button->isEnabled()) return nullptr;
        return page;
    }

    // Clicks "Save evidence…" answering the dialog with `path`; the message shown after.
    QString save(SyncPage* page, const QString& path) {
        QFile::remove(path);
        m_dialogs.saveFile = [path] { return path; };
        QSignalSpy done(page, &SyncPage::evidenceSaved);
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("saveEvidence")),
                          Qt::LeftButton);
        if (!QTest::qWaitFor([&done] { return done.size() > 0; }, 60000)) return {};
        if (done.at(0).at(0).toString() != path || !done.at(0).at(1).toBool()) return {};
        const auto* message = page->findChild<QLabel*>(QStringLiteral("rejectedMessage"));
        return message ? message->text() : QString();
    }

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    QJsonObject m_log;
    QString m_syncId;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    QTemporaryDir m_dir;
    findata::app::ScriptedDialogs m_dialogs;
};

QTEST_MAIN(TestEvidenceFindings)
#include "tst_evidencefindings.moc"
