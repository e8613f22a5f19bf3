// UploadPage on the offscreen platform against a real agent: the local pre-check of good, broken
// and wrong files, an upload followed to "staged" and checked against GET /api/uploads/, the
// agent's "unchanged" for a file it has, drag and drop, and a canceled upload of a large file.

#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <memory>

#include "app/ui/dialogs.h"
#include "app/ui/localcheck.h"
#include "app/ui/uploadpage.h"
#include "apptestsupport.h"
#include "support/agentprocess.h"
#include "testconfig.h"

using findata::app::ScriptedDialogs;
using findata::app::UploadPage;
using findata::test::child;
using Outcome = findata::app::UploadPage::Outcome;

namespace {

QString sample(const char* bank, const char* loanType, const char* fileType) {
    return QStringLiteral(FINDATA_SAMPLE_DIR "/%1/%2/%3.csv")
        .arg(QLatin1String(bank), QLatin1String(loanType), QLatin1String(fileType));
}

QString fixture(const char* name) {
    return QStringLiteral(FINDATA_TEST_DATA_DIR "/%1").arg(QLatin1String(name));
}

}  // namespace

class TestUploadPage final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void precheckPassesAndUploadStages();
    void sameFileAgainIsUnchanged();
    void refusedFileBlocksUpload_data();
    void refusedFileBlocksUpload();
    void rowErrorsOnlyWarn();
    void droppedFileIsChecked();
    void cancelLargeUploadStagesNothing();
    void cleanupTestCase();

private:
    // The page of a freshly signed-in window; the file dialog answers `m_chosen`.
    UploadPage* openPage();
    // Chooses `path` through the file dialog and waits for the pre-check.
    bool choose(UploadPage* page, const QString& path);
    void selectTypes(UploadPage* page, const QString& loanType, const QString& fileType);
    // Clicks Upload and waits for the agent's answer.
    bool upload(UploadPage* page, int timeoutMs = 60000);
    QJsonArray apiUploads();

    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<findata::test::AppUnderTest> m_app;
    ScriptedDialogs m_dialogs;
    QString m_chosen;
};

void TestUploadPage::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("APPUP");
    m_dialogs.openFile = [this] { return m_chosen; };
    findata::app::setDialogs(&m_dialogs);
}

void TestUploadPage::init() {
    m_chosen.clear();
    m_app = std::make_unique<findata::test::AppUnderTest>();
    QVERIFY(m_app->signIn(m_agent->url(), m_tenant.key));
}

void TestUploadPage::cleanup() {
    m_app.reset();
}

UploadPage* TestUploadPage::openPage() {
    auto* page = m_app->show<UploadPage>(QStringLiteral("upload"));
    if (page && !QTest::qWaitFor([&] { return page->isVisible(); }, 5000))
        qWarning("the upload page is not shown");
    return page;
}

bool TestUploadPage::choose(UploadPage* page, const QString& path) {
    m_chosen = path;
    QSignalSpy checked(page, &UploadPage::checkFinished);
    QTest::mouseClick(child<QPushButton>(page, "chooseFile"), Qt::LeftButton);
    if (page->filePath() != path) return false;
    return checked.wait(20000) || !page->isChecking();
}

void TestUploadPage::selectTypes(UploadPage* page, const QString& loanType,
                                 const QString& fileType) {
    auto* loan = child<QComboBox>(page, "loanType");
    loan->setCurrentIndex(loan->findData(loanType));
    auto* file = child<QComboBox>(page, "fileType");
    file->setCurrentIndex(file->findData(fileType));
}

bool TestUploadPage::upload(UploadPage* page, int timeoutMs) {
    QSignalSpy finished(page, &UploadPage::uploadFinished);
    auto* button = child<QPushButton>(page, "upload");
    if (!button->isEnabled()) {
        qWarning("upload disabled: %s", qPrintable(button->toolTip()));
        return false;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    return finished.wait(timeoutMs);
}

QJsonArray TestUploadPage::apiUploads() {
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto reply = api.get(QStringLiteral("/api/uploads/?limit=1000"));
    if (reply.status != 200) qWarning("GET /api/uploads/: %d", reply.status);
    return reply.json().value(QLatin1String("uploads")).toArray();
}

void TestUploadPage::precheckPassesAndUploadStages() {
    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("RETAIL"), QStringLiteral("credit"));
    const auto path = sample("BANK001", "RETAIL", "credit");
    QVERIFY(choose(page, path));

    // The pre-check: a good file, warnings at most.
    const auto& check = page->checkResult();
    QVERIFY2(check.uploadable(), qPrintable(check.refusal + check.readError));
    QCOMPARE(check.errorCount, 0);
    QVERIFY(check.rowsChecked > 0);
    const auto* summary = child<QLabel>(page, "checkSummary");
    QVERIFY2(summary->text().contains(QLatin1String("passed the pre-check")),
             qPrintable(summary->text()));
    const auto* findings = child<QTableWidget>(page, "checkFindings");
    for (int row = 0; row < findings->rowCount(); ++row)
        QCOMPARE(findings->item(row, 1)->text(), QStringLiteral("Warning"));

    // The upload: progress to the end, then the agent's answer.
    QVERIFY(upload(page));
    QCOMPARE(page->outcome(), Outcome::Staged);
    QCOMPARE(child<QProgressBar>(page, "uploadProgress")->value(), 100);
    const auto size = QFileInfo(path).size();
    QVERIFY2(child<QLabel>(page, "uploadTransfer")->text().contains(QLatin1String(" of ")),
             qPrintable(child<QLabel>(page, "uploadTransfer")->text()));
    const auto uploadId = page->lastAnswer().value(QLatin1String("id")).toString();
    QVERIFY(!uploadId.isEmpty());
    const auto* result = child<QLabel>(page, "uploadResult");
    QVERIFY2(result->text().startsWith(QLatin1String("Staged")), qPrintable(result->text()));
    QVERIFY(result->text().contains(uploadId));

    // What the agent lists: the same upload with the file's size.
    QJsonObject listed;
    for (const auto& item : apiUploads())
        if (item.toObject().value(QLatin1String("id")).toString() == uploadId)
            listed = item.toObject();
    QVERIFY2(!listed.isEmpty(), "the upload is not in GET /api/uploads/");
    QCOMPARE(listed.value(QLatin1String("size_bytes")).toInteger(), size);
    QCOMPARE(listed.value(QLatin1String("status")).toString(), QStringLiteral("STAGED"));
    QCOMPARE(listed.value(QLatin1String("loan_type")).toString(), QStringLiteral("RETAIL"));
    QCOMPARE(listed.value(QLatin1String("file_type")).toString(), QStringLiteral("credit"));

    // The recent uploads table shows it too.
    auto* table = child<QTableWidget>(page, "recentUploads");
    QTRY_VERIFY(!table->findItems(uploadId, Qt::MatchExactly).isEmpty());
    const int row = table->findItems(uploadId, Qt::MatchExactly).first()->row();
    QCOMPARE(table->item(row, 4)->data(Qt::UserRole).toLongLong(), size);
    QCOMPARE(table->item(row, 5)->text(), QStringLiteral("STAGED"));
}

void TestUploadPage::sameFileAgainIsUnchanged() {
    // Staged through the API first, so this test stands alone.
    const auto path = sample("BANK001", "COMMERCIAL", "credit");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    findata::test::ApiClient api(m_agent->url(), m_tenant.key);
    const auto staged =
        api.send("POST", QStringLiteral("/api/uploads/?loan_type=COMMERCIAL&file_type=credit"),
                 file.readAll(), "text/csv");
    QVERIFY2(staged.status == 201 || staged.status == 200, staged.body.constData());
    const auto before = apiUploads().size();

    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("COMMERCIAL"), QStringLiteral("credit"));
    QVERIFY(choose(page, path));
    QVERIFY(upload(page));
    QCOMPARE(page->outcome(), Outcome::Unchanged);
    const auto* result = child<QLabel>(page, "uploadResult");
    QVERIFY2(result->text().contains(QLatin1String("Nothing new was staged")),
             qPrintable(result->text()));
    QVERIFY2(result->text().contains(page->lastAnswer().value(QLatin1String("reason")).toString()),
             qPrintable(result->text()));
    // Nothing new staged: the repeat is only recorded, as UNCHANGED (newest first).
    const auto after = apiUploads();
    QCOMPARE(after.size(), before + 1);
    QCOMPARE(after.first().toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("UNCHANGED"));
}

void TestUploadPage::refusedFileBlocksUpload_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fileType");
    QTest::addColumn<QString>("said");  // what the summary must name
    QTest::addRow("missing required column") << fixture("missing_column.csv") << "credit"
                                             << "customer_id";
    QTest::addRow("binary file") << fixture("binary.bin") << "credit"
                                 << "binary data";
    QTest::addRow("empty file") << fixture("empty.csv") << "credit"
                                << "empty";
    QTest::addRow("header without rows") << fixture("header_only.csv") << "credit"
                                         << "no data rows";
    QTest::addRow("payment plan chosen as credit")
        << sample("BANK001", "RETAIL", "payment_plan") << "credit"
        << "RETAIL payment_plan";
}

void TestUploadPage::refusedFileBlocksUpload() {
    QFETCH(QString, path);
    QFETCH(QString, fileType);
    QFETCH(QString, said);
    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("RETAIL"), fileType);
    QVERIFY(choose(page, path));
    QVERIFY(page->checkResult().refused);
    const auto* summary = child<QLabel>(page, "checkSummary");
    QVERIFY2(summary->text().contains(QLatin1String("cannot be uploaded")),
             qPrintable(summary->text()));
    QVERIFY2(summary->text().contains(said), qPrintable(summary->text()));
    const auto* button = child<QPushButton>(page, "upload");
    QVERIFY(!button->isEnabled());
    QVERIFY2(button->toolTip().contains(page->checkResult().refusal),
             qPrintable(button->toolTip()));
}

void TestUploadPage::rowErrorsOnlyWarn() {
    // ragged.csv: line 3 has 12 fields instead of 27; the agent decides about such rows.
    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("RETAIL"), QStringLiteral("credit"));
    QVERIFY(choose(page, fixture("ragged.csv")));
    const auto& check = page->checkResult();
    QVERIFY(!check.refused);
    QCOMPARE(check.rowsChecked, 3);
    QCOMPARE(check.rowsRejected, 1);
    QVERIFY(child<QPushButton>(page, "upload")->isEnabled());
    const auto* findings = child<QTableWidget>(page, "checkFindings");
    QVERIFY(findings->rowCount() >= 1);
    QCOMPARE(findings->item(0, 0)->text(), QStringLiteral("3"));
    QCOMPARE(findings->item(0, 1)->text(), QStringLiteral("Error"));
    QCOMPARE(findings->item(0, 2)->text(), QStringLiteral("FORMAT"));
    QVERIFY(child<QLabel>(page, "checkSummary")->text().contains(QLatin1String("can still be")));

    // Another file type is checked again at once: this header is no payment plan.
    QSignalSpy checked(page, &UploadPage::checkFinished);
    selectTypes(page, QStringLiteral("RETAIL"), QStringLiteral("payment_plan"));
    QVERIFY(checked.wait(20000));
    QVERIFY(page->checkResult().refused);
    QVERIFY(!child<QPushButton>(page, "upload")->isEnabled());
}

void TestUploadPage::droppedFileIsChecked() {
    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("RETAIL"), QStringLiteral("credit"));
    const auto path = fixture("missing_column.csv");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPointF at(page->width() / 2.0, page->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(page, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy checked(page, &UploadPage::checkFinished);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(page, &drop);
    QCOMPARE(page->filePath(), path);
    QVERIFY(checked.wait(20000));
    QVERIFY(page->checkResult().refused);
    QVERIFY(child<QLabel>(page, "checkSummary")->text().contains(QLatin1String("customer_id")));

    // Two files, or something that is not a local file, are not taken.
    QMimeData two;
    two.setUrls({QUrl::fromLocalFile(path), QUrl::fromLocalFile(fixture("ragged.csv"))});
    QDragEnterEvent enterTwo(at.toPoint(), Qt::CopyAction, &two, Qt::LeftButton, Qt::NoModifier);
    enterTwo.setAccepted(false);
    QApplication::sendEvent(page, &enterTwo);
    QVERIFY(!enterTwo.isAccepted());
    QMimeData remote;
    remote.setUrls({QUrl(QStringLiteral("https://example.com/credit.csv"))});
    QDropEvent dropRemote(at, Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(page, &dropRemote);
    QCOMPARE(page->filePath(), path);
}

void TestUploadPage::cancelLargeUploadStagesNothing() {
    // ~200 MB of valid rows: the sample's rows over and over, written in 1 MB blocks.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile source(sample("BANK001", "RETAIL", "credit"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const auto header = source.readLine();
    const auto rows = source.readAll();
    QByteArray block;
    while (block.size() < (1 << 20))
        block += rows;
    const auto path = dir.filePath(QStringLiteral("big_credit.csv"));
    QFile big(path);
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(header);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(big.write(block), block.size());
    big.close();
    const auto before = apiUploads().size();

    auto* page = openPage();
    QVERIFY(page);
    selectTypes(page, QStringLiteral("RETAIL"), QStringLiteral("credit"));
    QVERIFY(choose(page, path));
    QVERIFY2(page->checkResult().uploadable(), qPrintable(page->checkResult().refusal));
    QVERIFY(!page->checkResult().wholeFile);  // only the start was read
    QCOMPARE(page->checkResult().rowsChecked, UploadPage::kCheckRows);

    // Cancel as an operator would, as soon as bytes move.
    auto* cancel = child<QPushButton>(page, "cancelUpload");
    QSignalSpy finished(page, &UploadPage::uploadFinished);
    QTest::mouseClick(child<QPushButton>(page, "upload"), Qt::LeftButton);
    QVERIFY(page->isUploading());
    QVERIFY(cancel->isVisible() && cancel->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(page->bytesSent() > 0 || !finished.isEmpty(), 20000);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(page->outcome(), Outcome::Canceled);
    QVERIFY(page->bytesSent() < big.size());
    QCOMPARE(child<QLabel>(page, "uploadResult")->text(),
             QStringLiteral("Upload canceled, nothing staged."));
    QVERIFY(!page->isUploading());
    QVERIFY(!cancel->isVisible());
    QVERIFY(child<QPushButton>(page, "upload")->isEnabled());  // the operator may try again

    // The agent kept nothing of it.
    const auto after = apiUploads();
    QCOMPARE(after.size(), before);
    for (const auto& item : after)
        QVERIFY(item.toObject().value(QLatin1String("size_bytes")).toInteger() != big.size());
}

void TestUploadPage::cleanupTestCase() {
    findata::app::setDialogs(nullptr);
    m_app.reset();
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestUploadPage)
#include "tst_uploadpage.moc"
