#include "app/ui/uploadpage.h"

#include <QComboBox>
#include <QDate>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <memory>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/ui/dialogs.h"
#include "app/ui/tablecopy.h"

namespace findata::app {
namespace {

constexpr int kRecentUploads = 20;
constexpr qint64 kMinSpeedMs = 200;  // below this the speed is noise
const QString kErrorStyle = QStringLiteral("color: #b3261e;");
const QString kWarningStyle = QStringLiteral("color: #8a5300;");
const QString kGoodStyle = QStringLiteral("color: #1e7b34;");

enum FindingColumn { FLine, FSeverity, FType, FField, FMessage, FValue, FColumnCount };
enum UploadColumn { UAt, ULoanType, UFileType, UName, USize, UStatus, UId, UColumnCount };

QString dataSize(qint64 bytes) {
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// The one local file a drag carries, or empty.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    const auto urls = mime->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile()) return {};
    const auto path = urls.first().toLocalFile();
    return QFileInfo(path).isFile() ? path : QString();
}

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QTableWidget* table(const QString& objectName, const QStringList& headers, QWidget* parent) {
    auto* view = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    view->setObjectName(objectName);
    view->setHorizontalHeaderLabels(headers);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    installTableCopy(view);
    return view;
}

}  // namespace

UploadPage::UploadPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Upload")), this));
    auto* intro = new QLabel(tr("Choose a file or drop it here. Its header and first rows are "
                                "checked on this computer before it is sent; the agent stages it "
                                "for the next sync of its loan type."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    m_loanType = new QComboBox(this);
    m_loanType->setObjectName(QStringLiteral("loanType"));
    m_loanType->addItem(tr("Retail"), typeName(core::LoanType::Retail));
    m_loanType->addItem(tr("Commercial"), typeName(core::LoanType::Commercial));
    m_fileType = new QComboBox(this);
    m_fileType->setObjectName(QStringLiteral("fileType"));
    m_fileType->addItem(tr("Credit"), typeName(core::FileType::Credit));
    m_fileType->addItem(tr("Payment plan"), typeName(core::FileType::PaymentPlan));
    auto* fileRow = new QHBoxLayout;
    m_fileLabel = new QLabel(tr("No file chosen"), this);
    m_fileLabel->setObjectName(QStringLiteral("fileName"));
    m_fileLabel->setTextFormat(Qt::PlainText);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_choose = new QPushButton(tr("Choose file…"), this);
    m_choose->setObjectName(QStringLiteral("chooseFile"));
    fileRow->addWidget(m_fileLabel, 1);
    fileRow->addWidget(m_choose);
    form->addRow(tr("Loan type:"), m_loanType);
    form->addRow(tr("File type:"), m_fileType);
    // The month the file is as of; by default the month before today, as on the agent.
    m_period = new QDateEdit(QDate::currentDate().addMonths(-1), this);
    m_period->setObjectName(QStringLiteral("period"));
    m_period->setDisplayFormat(QStringLiteral("yyyy-MM"));
    m_period->setCalendarPopup(true);
    m_period->setToolTip(tr("The reporting period (month) the file is as of"));
    form->addRow(tr("Period:"), m_period);
    form->addRow(tr("File:"), fileRow);
    layout->addLayout(form);

    auto* checkBox = new QGroupBox(tr("Pre-check"), this);
    auto* checkLayout = new QVBoxLayout(checkBox);
    m_checkSummary = new QLabel(tr("Choose a file to check it."), checkBox);
    m_checkSummary->setObjectName(QStringLiteral("checkSummary"));
    m_checkSummary->setWordWrap(true);
    m_checkSummary->setTextFormat(Qt::PlainText);
    m_checkSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings =
        table(QStringLiteral("checkFindings"),
              {tr("Line"), tr("Severity"), tr("Type"), tr("Field"), tr("Message"), tr("Value")},
              checkBox);
    checkLayout->addWidget(m_checkSummary);
    checkLayout->addWidget(m_findings, 1);
    layout->addWidget(checkBox, 2);

    auto* actions = new QHBoxLayout;
    m_upload = new QPushButton(tr("Upload", "button: send the file"), this);
    m_upload->setObjectName(QStringLiteral("upload"));
    m_upload->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelUpload"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("uploadProgress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    actions->addWidget(m_upload);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress, 1);
    layout->addLayout(actions);
    m_transfer = new QLabel(this);
    m_transfer->setObjectName(QStringLiteral("uploadTransfer"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("uploadResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_transfer);
    layout->addWidget(m_result);

    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Recent uploads")), this));
    m_listMessage = new QLabel(this);
    m_listMessage->setObjectName(QStringLiteral("uploadsMessage"));
    m_listMessage->setWordWrap(true);
    m_listMessage->setStyleSheet(kErrorStyle);
    m_listMessage->hide();
    layout->addWidget(m_listMessage);
    m_uploads = table(QStringLiteral("recentUploads"),
                      {tr("Uploaded"), tr("Loan type"), tr("File type"), tr("File"), tr("Size"),
                       tr("Status"), tr("Upload id")},
                      this);
    layout->addWidget(m_uploads, 1);

    connect(m_choose, &QPushButton::clicked, this, &UploadPage::chooseFile);
    connect(m_upload, &QPushButton::clicked, this, &UploadPage::startUpload);
    connect(m_cancel, &QPushButton::clicked, this, &UploadPage::cancelUpload);
    connect(m_loanType, &QComboBox::currentIndexChanged, this, &UploadPage::runCheck);
    connect(m_fileType, &QComboBox::currentIndexChanged, this, &UploadPage::runCheck);
    updateButtons();
}

UploadPage::~UploadPage() {
    // No answer may reach a half-destroyed page.
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->cancel();
    }
    if (m_list) {
        disconnect(m_list, nullptr, this, nullptr);
        m_list->cancel();
    }
    for (auto* thread : std::as_const(m_checkThreads)) {
        thread->wait();  // reads only the first rows: short
        delete thread;
    }
}

void UploadPage::activate() {
    refreshUploads();
}

QString UploadPage::loanType() const {
    return m_loanType->currentData().toString();
}

QString UploadPage::fileType() const {
    return m_fileType->currentData().toString();
}

void UploadPage::chooseFile() {
    const auto path = dialogs().openFileName(this, tr("Choose a file to upload"),
                                             tr("Delimited text (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty()) setFile(path);
}

void UploadPage::dragEnterEvent(QDragEnterEvent* event) {
    if (!isUploading() && !droppedFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void UploadPage::dropEvent(QDropEvent* event) {
    const auto path = droppedFile(event->mimeData());
    if (isUploading() || path.isEmpty()) return;
    event->acceptProposedAction();
    setFile(path);
}

void UploadPage::setFile(const QString& path) {
    if (isUploading()) return;
    m_path = path;
    const QFileInfo info(path);
    m_fileLabel->setText(tr("%1 (%2)").arg(info.fileName(), dataSize(info.size())));
    m_fileLabel->setToolTip(QDir::toNativeSeparators(info.absoluteFilePath()));
    showResult(Outcome::None, {});
    m_transfer->clear();
    m_progress->setValue(0);
    runCheck();
}

void UploadPage::runCheck() {
    if (m_path.isEmpty()) return;
    const int generation = ++m_checkGeneration;
    m_checking = true;
    m_check = {};
    m_findings->setRowCount(0);
    m_checkSummary->setStyleSheet(QString());
    m_checkSummary->setText(
        tr("Checking the header and the first %1 rows…").arg(QLocale().toString(kCheckRows)));
    updateButtons();
    // The tenant's rules of the loan type first (its header aliases, severities): the pre-check
    // judges the file as the agent will. Without them (an older agent), the built-in rules.
    auto* rules = client().rules(loanType());
    connect(rules, &AgentReply::finished, this, [this, rules, generation] {
        if (generation == m_checkGeneration)
            startCheck(rules->ok() ? rules->object() : QJsonObject(), generation);
    });
}

void UploadPage::startCheck(const QJsonObject& rules, int generation) {
    // Off the UI thread: a file on a slow network share must not freeze the window.
    auto result = std::make_shared<LocalCheckResult>();
    auto* thread =
        QThread::create([result, rules, path = m_path, loan = loanType(), file = fileType()] {
            *result = checkFileStart(path, loan, file, kCheckRows, 200, rules);
        });
    m_checkThreads.push_back(thread);
    connect(thread, &QThread::finished, this, [this, thread, result, generation] {
        m_checkThreads.removeOne(thread);
        thread->deleteLater();
        if (generation != m_checkGeneration) return;
        m_checking = false;
        showCheck(*result);
        updateButtons();
        Q_EMIT checkFinished();
    });
    thread->start();
}

void UploadPage::showCheck(const LocalCheckResult& result) {
    m_check = result;
    const QLocale locale;
    QString text;
    QString style;
    if (!result.readError.isEmpty()) {
        text = result.readError;
        style = kErrorStyle;
    } else if (result.refused) {
        text = tr("This file cannot be uploaded: %1.").arg(result.refusal);
        style = kErrorStyle;
    } else {
        const auto scope =
            result.wholeFile
                ? tr("All %1 rows").arg(locale.toString(result.rowsChecked))
                : tr("The header and the first %1 rows").arg(locale.toString(result.rowsChecked));
        if (result.rowsRejected == 0) {
            text = tr("%1 passed the pre-check (%2 warnings).")
                       .arg(scope, locale.toString(result.warningCount));
            style = kGoodStyle;
        } else {
            text =
                tr("%1 checked: %2 rows have errors (%3 errors, %4 warnings). The agent "
                   "rejects such rows when it syncs; the file can still be uploaded.")
                    .arg(scope, locale.toString(result.rowsRejected),
                         locale.toString(result.errorCount), locale.toString(result.warningCount));
            style = kWarningStyle;
        }
    }
    if (!result.matchesInstead.isEmpty())
        text += QLatin1Char(' ') + tr("The header matches a %1 file: check the loan type and "
                                      "file type.")
                                       .arg(result.matchesInstead);
    m_checkSummary->setStyleSheet(style);
    m_checkSummary->setText(text);

    m_findings->setRowCount(static_cast<int>(result.findings.size()));
    for (int row = 0; row < result.findings.size(); ++row) {
        const auto& f = result.findings[row];
        auto* line = cell(locale.toString(f.line));
        line->setData(Qt::TextAlignmentRole, QVariant(Qt::AlignRight | Qt::AlignVCenter));
        m_findings->setItem(row, FLine, line);
        auto* severity = cell(f.error ? tr("Error") : tr("Warning"));
        if (f.error) severity->setForeground(QColor(0xb3, 0x26, 0x1e));
        m_findings->setItem(row, FSeverity, severity);
        m_findings->setItem(row, FType, cell(f.type));
        m_findings->setItem(row, FField, cell(f.field));
        m_findings->setItem(row, FMessage, cell(f.message));
        m_findings->setItem(row, FValue, cell(f.value));
    }
    m_findings->resizeColumnsToContents();
}

void UploadPage::updateButtons() {
    const bool uploading = isUploading();
    m_loanType->setEnabled(!uploading);
    m_fileType->setEnabled(!uploading);
    m_period->setEnabled(!uploading);
    m_choose->setEnabled(!uploading);
    m_cancel->setEnabled(uploading);
    m_cancel->setVisible(uploading);
    QString reason;
    if (m_path.isEmpty())
        reason = tr("Choose a file first.");
    else if (m_checking)
        reason = tr("The pre-check is running.");
    else if (!m_check.uploadable())
        reason = m_check.readError.isEmpty()
                     ? tr("The file cannot be uploaded: %1.").arg(m_check.refusal)
                     : m_check.readError;
    m_upload->setEnabled(!uploading && reason.isEmpty());
    m_upload->setToolTip(reason.isEmpty() ? tr("Send the file to the agent") : reason);
}

void UploadPage::startUpload() {
    if (isUploading() || m_checking || m_path.isEmpty() || !m_check.uploadable()) return;
    auto* file = new QFile(m_path);
    if (!file->open(QIODevice::ReadOnly)) {
        showResult(Outcome::Failed,
                   tr("The file could not be opened: %1").arg(file->errorString()));
        delete file;
        return;
    }
    m_total = file->size();
    m_sent = 0;
    m_answer = {};
    m_progress->setValue(0);
    m_transfer->setText(tr("Starting the upload of %1…").arg(dataSize(m_total)));
    showResult(Outcome::None, {});
    m_elapsed.start();
    m_reply = client().upload(loanType(), fileType(), file, QFileInfo(m_path).fileName(),
                              m_period->date().toString(QStringLiteral("yyyy-MM")));
    connect(m_reply, &AgentReply::uploadProgress, this, &UploadPage::showProgress);
    connect(m_reply, &AgentReply::finished, this,
            [this, reply = m_reply.data()] { onUploadFinished(reply); });
    updateButtons();
}

void UploadPage::cancelUpload() {
    if (m_reply) m_reply->cancel();
}

void UploadPage::showProgress(qint64 sent, qint64 total) {
    if (total <= 0) total = m_total;
    m_sent = sent;
    m_progress->setValue(total > 0 ? static_cast<int>(sent * 100 / total) : 0);
    const qint64 ms = m_elapsed.elapsed();
    auto text = tr("%1 of %2").arg(dataSize(sent), dataSize(total));
    if (ms >= kMinSpeedMs)
        text += QStringLiteral(" · ") + tr("%1/s").arg(dataSize(sent * 1000 / ms));
    m_transfer->setText(text);
}

void UploadPage::onUploadFinished(AgentReply* reply) {
    m_reply.clear();
    m_answer = reply->object();
    const QLocale locale;
    if (reply->ok()) {
        m_progress->setValue(100);
        const auto size = m_answer.value(QLatin1String("size_bytes")).toInteger();
        const auto sha = m_answer.value(QLatin1String("sha256")).toString();
        if (m_answer.value(QLatin1String("status")).toString() == QLatin1String("unchanged")) {
            showResult(Outcome::Unchanged,
                       tr("Unchanged: the agent already has this file (%1). Nothing new was "
                          "staged.")
                           .arg(m_answer.value(QLatin1String("reason")).toString()));
        } else {
            showResult(Outcome::Staged,
                       tr("Staged as upload %1: %2, %3 (%4 bytes), SHA-256 %5. The next %6 sync "
                          "of period %7 loads it.")
                           .arg(m_answer.value(QLatin1String("id")).toString(),
                                m_answer.value(QLatin1String("original_name")).toString(),
                                dataSize(size), locale.toString(size), sha,
                                m_answer.value(QLatin1String("loan_type")).toString(),
                                m_answer.value(QLatin1String("period")).toString()));
        }
    } else if (reply->error() == AgentError::Canceled) {
        m_progress->setValue(0);
        showResult(Outcome::Canceled, tr("Upload canceled, nothing staged."));
    } else if (reply->error() == AgentError::Request) {
        showResult(Outcome::Refused,
                   tr("The agent refused the file: %1").arg(reply->errorString()));
    } else {
        showResult(Outcome::Failed, tr("The upload failed: %1").arg(reply->errorString()));
    }
    updateButtons();
    refreshUploads();
    Q_EMIT uploadFinished(m_outcome);
}

void UploadPage::showResult(Outcome outcome, const QString& text) {
    m_outcome = outcome;
    m_result->setText(text);
    switch (outcome) {
        case Outcome::Staged:
        case Outcome::Unchanged:
            m_result->setStyleSheet(kGoodStyle);
            break;
        case Outcome::Refused:
        case Outcome::Failed:
            m_result->setStyleSheet(kErrorStyle);
            break;
        default:
            m_result->setStyleSheet(QString());
    }
}

void UploadPage::refreshUploads() {
    // A list asked for before the last upload ended may miss it: ask again.
    if (m_list) {
        disconnect(m_list, nullptr, this, nullptr);
        m_list->cancel();
    }
    m_list = client().uploads({}, kRecentUploads);
    connect(m_list, &AgentReply::finished, this, [this, reply = m_list.data()] {
        m_list.clear();
        m_listMessage->setVisible(!reply->ok());
        if (!reply->ok()) {
            m_listMessage->setText(reply->errorString());
            return;
        }
        showUploads(reply->object().value(QLatin1String("uploads")).toArray());
        Q_EMIT uploadsRefreshed();
    });
}

void UploadPage::showUploads(const QJsonArray& uploads) {
    const QLocale locale;
    m_uploads->setRowCount(static_cast<int>(uploads.size()));
    for (int row = 0; row < uploads.size(); ++row) {
        const auto u = uploads[row].toObject();
        const auto text = [&u](const char* name) {
            return u.value(QLatin1String(name)).toString();
        };
        const auto at = QDateTime::fromString(text("uploaded_at"), Qt::ISODateWithMs);
        m_uploads->setItem(row, UAt, cell(locale.toString(at.toLocalTime(), QLocale::ShortFormat)));
        m_uploads->setItem(row, ULoanType, cell(text("loan_type")));
        m_uploads->setItem(row, UFileType, cell(text("file_type")));
        m_uploads->setItem(row, UName, cell(text("original_name")));
        const auto bytes = u.value(QLatin1String("size_bytes")).toInteger();
        auto* size = cell(dataSize(bytes));
        size->setData(Qt::UserRole, bytes);
        size->setToolTip(tr("%1 bytes").arg(locale.toString(bytes)));
        size->setData(Qt::TextAlignmentRole, QVariant(Qt::AlignRight | Qt::AlignVCenter));
        m_uploads->setItem(row, USize, size);
        m_uploads->setItem(row, UStatus, cell(text("status")));
        m_uploads->setItem(row, UId, cell(text("id")));
    }
    m_uploads->resizeColumnsToContents();
}

}  // namespace findata::app
