#include "app/ui/syncpage.h"

#include <QColor>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/models/synclogmodel.h"
#include "app/ui/dialogs.h"
#include "app/ui/evidencesaver.h"
#include "app/ui/rejectededitor.h"
#include "app/ui/tablecopy.h"

namespace findata::app {
namespace {

constexpr int kWaitSeconds = 20;  // one long poll; the agent answers earlier on any change
constexpr int kHistoryLimit = 100;
constexpr int kRejectedRowsKeptDays = 30;  // the agent's default findings_retention

// The stages in order; a finished sync has no stage and counts as the last step.
const QStringList& stages() {
    static const QStringList list{QStringLiteral("STARTED"), QStringLiteral("FETCHING"),
                                  QStringLiteral("VALIDATING"), QStringLiteral("NORMALIZING"),
                                  QStringLiteral("STORING")};
    return list;
}

}  // namespace

SyncPage::SyncPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Sync")), this);
    layout->addWidget(heading);

    auto* triggers = new QHBoxLayout;
    const std::pair<QString, QString> loanTypes[] = {
        {typeName(core::LoanType::Retail), tr("Sync retail")},
        {typeName(core::LoanType::Commercial), tr("Sync commercial")}};
    for (const auto& [loanType, label] : loanTypes) {
        auto* button = new QPushButton(label, this);
        button->setObjectName(QStringLiteral("sync") + loanType);
        button->setToolTip(tr("Validate and load the staged files of this loan type now"));
        connect(button, &QPushButton::clicked, this,
                [this, loanType = loanType] { startSync(loanType); });
        triggers->addWidget(button);
        m_triggers.push_back(button);
    }
    triggers->addStretch();
    layout->addLayout(triggers);

    m_stage = new QLabel(tr("No sync is running."), this);
    m_stage->setObjectName(QStringLiteral("syncStage"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    m_progress->setRange(0, static_cast<int>(stages().size()));
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->hide();  // shown while a sync is followed
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("syncMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);

    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("History")), this));
    m_model = new SyncLogModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("syncHistory"));
    m_table->setModel(m_model);
    installTableCopy(m_table);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(buildDetails());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                m_selectedId = current.data(SyncLogModel::kIdRole).toString();
                showDetails(m_model->log(current.row()));
            });
    // The followed sync changes while selected: keep its details current.
    connect(m_model, &SyncLogModel::dataChanged, this, [this](const QModelIndex& topLeft) {
        const auto log = m_model->log(topLeft.row());
        if (log.value(QLatin1String("id")).toString() == m_selectedId) showDetails(log);
    });
}

QGroupBox* SyncPage::buildDetails() {
    m_details = new QGroupBox(tr("Selected sync"), this);
    m_details->setObjectName(QStringLiteral("syncDetails"));
    auto* layout = new QVBoxLayout(m_details);
    m_detailTitle = new QLabel(
        tr("Select a sync in the history to see its files, rejected rows and errors."), m_details);
    m_detailTitle->setObjectName(QStringLiteral("syncDetailTitle"));
    m_detailTitle->setWordWrap(true);
    layout->addWidget(m_detailTitle);

    m_fileCounts = new QTableWidget(3, 3, m_details);
    m_fileCounts->setObjectName(QStringLiteral("syncFileCounts"));
    m_fileCounts->setHorizontalHeaderLabels({tr("Read"), tr("Loaded"), tr("Rejected")});
    m_fileCounts->setVerticalHeaderLabels(
        {tr("Credit file"), tr("Payment plan file"), tr("Total")});
    m_fileCounts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fileCounts->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_fileCounts->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    installTableCopy(m_fileCounts);
    m_fileCounts->hide();
    layout->addWidget(m_fileCounts);

    // Per file: where it came from and its control totals, in the file and read back from the
    // warehouse after the swap.
    m_controlTotals = new QTableWidget(0, 6, m_details);
    m_controlTotals->setObjectName(QStringLiteral("syncControlTotals"));
    m_controlTotals->setHorizontalHeaderLabels({tr("File"), tr("Source"), tr("Figure"),
                                                tr("In the file"), tr("In the warehouse"),
                                                tr("Match")});
    m_controlTotals->setToolTip(
        tr("Control totals: the rows accepted from each file and the sums of its amounts, "
           "compared with what the warehouse holds for this sync after the swap"));
    m_controlTotals->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_controlTotals->verticalHeader()->hide();
    m_controlTotals->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_controlTotals->horizontalHeader()->setStretchLastSection(true);
    installTableCopy(m_controlTotals);
    m_controlTotals->hide();
    layout->addWidget(m_controlTotals);

    m_detailText = new QLabel(m_details);
    m_detailText->setObjectName(QStringLiteral("syncDetailText"));
    m_detailText->setWordWrap(true);
    m_detailText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detailText);

    m_showErrors = new QPushButton(tr("Show errors"), m_details);
    m_showErrors->setObjectName(QStringLiteral("showErrors"));
    m_showErrors->setToolTip(tr("The validation errors and warnings of this sync"));
    m_showErrors->hide();
    connect(m_showErrors, &QPushButton::clicked, this, [this] {
        if (!m_selectedId.isEmpty()) Q_EMIT openErrors(m_selectedId);
    });
    auto* errorsRow = new QHBoxLayout;
    errorsRow->addWidget(m_showErrors);
    // The evidence pack: what was delivered, what the sync did and under which rules.
    m_saveEvidence = new QPushButton(tr("Save evidence…"), m_details);
    m_saveEvidence->setObjectName(QStringLiteral("saveEvidence"));
    m_saveEvidence->setToolTip(
        tr("Save this sync's evidence pack (files with their SHA-256, "
           "counts, findings, rules in force) as HTML or PDF"));
    m_saveEvidence->hide();
    m_evidenceSaver = new EvidenceSaver(client(), this);
    connect(m_saveEvidence, &QPushButton::clicked, this, &SyncPage::saveEvidence);
    connect(m_evidenceSaver, &EvidenceSaver::finished, this,
            [this](const QString& path, bool ok, const QString& message) {
                m_saveEvidence->setEnabled(!m_selectedId.isEmpty());
                showDownloadMessage(message, !ok);
                Q_EMIT evidenceSaved(path, ok);
            });
    errorsRow->addWidget(m_saveEvidence);
    errorsRow->addStretch();
    layout->addLayout(errorsRow);

    m_rejectedControls = new QWidget(m_details);
    auto* rejectedRow = new QHBoxLayout(m_rejectedControls);
    rejectedRow->setContentsMargins(0, 0, 0, 0);
    m_rejectedFile = new QComboBox(m_rejectedControls);
    m_rejectedFile->setObjectName(QStringLiteral("rejectedFileType"));
    m_rejectedFile->setToolTip(
        tr("Every rejected row with its file, line and reasons, or the rejected rows of one file "
           "in its original format, ready to correct and upload again"));
    m_downloadRejected = new QPushButton(tr("Download rejected rows…"), m_rejectedControls);
    m_downloadRejected->setObjectName(QStringLiteral("downloadRejected"));
    m_cancelDownload = new QPushButton(tr("Cancel"), m_rejectedControls);
    m_cancelDownload->setObjectName(QStringLiteral("cancelDownload"));
    m_cancelDownload->hide();
    rejectedRow->addWidget(m_rejectedFile, 1);
    rejectedRow->addWidget(m_downloadRejected);
    rejectedRow->addWidget(m_cancelDownload);
    m_rejectedControls->hide();
    layout->addWidget(m_rejectedControls);
    connect(m_downloadRejected, &QPushButton::clicked, this, &SyncPage::downloadRejectedRows);
    connect(m_cancelDownload, &QPushButton::clicked, this, [this] {
        if (!m_download) return;
        m_downloadCanceled = true;
        m_download->cancel();
    });

    m_downloadProgress = new QProgressBar(m_details);
    m_downloadProgress->setObjectName(QStringLiteral("rejectedProgress"));
    m_downloadProgress->hide();
    layout->addWidget(m_downloadProgress);
    m_downloadMessage = new QLabel(m_details);
    m_downloadMessage->setObjectName(QStringLiteral("rejectedMessage"));
    m_downloadMessage->setWordWrap(true);
    m_downloadMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_downloadMessage->hide();
    layout->addWidget(m_downloadMessage);
    m_rejectedEditor = new RejectedEditor(client(), m_details);
    m_rejectedEditor->hide();
    layout->addWidget(m_rejectedEditor, 1);
    // A review changes the counts in the details (and the Dashboard's): read them again now.
    for (const auto signal : {&RejectedEditor::dismissed, &RejectedEditor::resubmitted})
        connect(m_rejectedEditor, signal, this, [this](bool ok) {
            if (!ok) return;
            Q_EMIT rejectedRowsReviewed(m_selectedId);
            refreshSelected();
        });
    layout->addStretch();
    return m_details;
}

bool SyncPage::selectSync(const QString& syncId) {
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const auto index = m_model->index(row, 0);
        if (index.data(SyncLogModel::kIdRole).toString() != syncId) continue;
        m_selectedId = syncId;
        if (m_table->currentIndex().row() == row) showDetails(m_model->log(row));
        m_table->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
        return true;
    }
    return false;
}

void SyncPage::showDetails(const QJsonObject& log) {
    const bool sameSync =
        m_selectedLog.value(QLatin1String("id")) == log.value(QLatin1String("id"));
    m_selectedLog = log;
    const QLocale locale;
    const auto status = log.value(QLatin1String("status")).toString();
    const bool running = log.value(QLatin1String("running")).toBool();
    const auto startedAt =
        QDateTime::fromString(log.value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs);
    m_detailTitle->setText(tr("%1 sync of %2: %3")
                               .arg(log.value(QLatin1String("loan_type")).toString(),
                                    locale.toString(startedAt.toLocalTime(), QLocale::ShortFormat),
                                    SyncLogModel::statusText(status)));

    // Per file, then the sync's own totals.
    const auto files = log.value(QLatin1String("files")).toObject();
    const QJsonObject rows[] = {files.value(typeName(core::FileType::Credit)).toObject(),
                                files.value(typeName(core::FileType::PaymentPlan)).toObject(), log};
    const char* counts[] = {"rows_read", "rows_loaded", "rows_rejected"};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(
                locale.toString(rows[r].value(QLatin1String(counts[c])).toInteger()));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_fileCounts->setItem(r, c, item);
        }
    }
    // Exactly its three rows: no empty area under them.
    int height =
        m_fileCounts->horizontalHeader()->sizeHint().height() + 2 * m_fileCounts->frameWidth();
    for (int r = 0; r < 3; ++r)
        height += m_fileCounts->rowHeight(r);
    m_fileCounts->setFixedHeight(height);
    m_fileCounts->show();
    showControlTotals(log);

    const auto rejected = log.value(QLatin1String("rows_rejected")).toInteger();
    const auto errors = log.value(QLatin1String("errors")).toInteger();
    const auto warnings = log.value(QLatin1String("warnings")).toInteger();
    QStringList lines;
    lines << tr("Findings: %1 errors, %2 warnings")
                 .arg(locale.toString(errors), locale.toString(warnings));
    const auto summary = log.value(QLatin1String("error_summary")).toString();
    if (!summary.isEmpty()) lines << summary;
    // The review of its rejected rows and its corrections.
    if (log.value(QLatin1String("rows_rejected")).toInteger() > 0)
        lines << tr("Rejected rows: %1 open, %2 dismissed, %3 corrected and merged")
                     .arg(locale.toString(log.value(QLatin1String("rejected_open")).toInteger()),
                          locale.toString(
                              log.value(QLatin1String("rejected_dismissed")).toInteger()),
                          locale.toString(
                              log.value(QLatin1String("rejected_resubmitted")).toInteger()));
    if (const auto corrects = log.value(QLatin1String("corrects")).toString(); !corrects.isEmpty())
        lines << tr("Corrects the rejected rows of sync %1").arg(corrects);
    for (const auto by : log.value(QLatin1String("corrected_by")).toArray())
        lines << tr("Corrected by sync %1").arg(by.toString());
    if (const auto notes = log.value(QLatin1String("correction_notes")).toString();
        !notes.isEmpty())
        lines << notes;
    if (running) {
        lines << tr("The sync is still running.");
    } else if (rejected > 0) {
        const auto finishedAt = QDateTime::fromString(
            log.value(QLatin1String("finished_at")).toString(), Qt::ISODateWithMs);
        lines << tr("The agent keeps rejected rows for %1 days (by default, and for as long as "
                    "this sync's data is live), here until at least about %2.")
                     .arg(kRejectedRowsKeptDays)
                     .arg(locale.toString(finishedAt.addDays(kRejectedRowsKeptDays).toLocalTime(),
                                          QLocale::ShortFormat));
    } else {
        lines << tr("No rows were rejected.");
    }
    m_detailText->setText(lines.join(QLatin1Char('\n')));
    m_showErrors->setVisible(true);
    m_showErrors->setEnabled(!running && errors + warnings > 0);
    m_saveEvidence->setVisible(true);
    m_saveEvidence->setEnabled(!running && !m_evidenceSaver->isBusy());

    // The rejected rows: every file annotated, or one file in its own format.
    const auto chosen = sameSync ? m_rejectedFile->currentData().toString() : QString();
    m_rejectedFile->clear();
    m_rejectedFile->addItem(tr("All rejected rows, with file, line and reasons"), QString());
    const std::pair<core::FileType, QString> fileTypes[] = {
        {core::FileType::Credit, tr("Credit file rows, original format (%1)")},
        {core::FileType::PaymentPlan, tr("Payment plan file rows, original format (%1)")}};
    for (const auto& [fileType, label] : fileTypes) {
        const auto n = files.value(typeName(fileType))
                           .toObject()
                           .value(QLatin1String("rows_rejected"))
                           .toInteger();
        if (n > 0) m_rejectedFile->addItem(label.arg(locale.toString(n)), typeName(fileType));
    }
    m_rejectedFile->setCurrentIndex(std::max(0, m_rejectedFile->findData(chosen)));
    m_rejectedControls->setVisible(rejected > 0);
    const bool reviewable = !running && rejected > 0 && status == QLatin1String("COMPLETED");
    if (!reviewable) {
        m_rejectedEditor->clear();
    } else if (!sameSync) {
        m_rejectedEditor->setSync(log.value(QLatin1String("id")).toString(),
                                  log.value(QLatin1String("loan_type")).toString(),
                                  rows[0].value(QLatin1String("rows_rejected")).toInteger(),
                                  rows[1].value(QLatin1String("rows_rejected")).toInteger());
    }
    m_rejectedEditor->setVisible(reviewable);
    m_downloadRejected->setEnabled(!running && !m_download);
    if (!sameSync && !m_download) {
        m_downloadMessage->hide();
        m_downloadProgress->hide();
    }
}

void SyncPage::showControlTotals(const QJsonObject& log) {
    const auto rows = SyncLogModel::controlTotals(log);
    m_controlTotals->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const QString cells[] = {row.file,   row.source,      row.figure,
                                 row.inFile, row.inWarehouse, row.match};
        for (int c = 0; c < 6; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 3 && c <= 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == 5 && row.differs) item->setForeground(QColor(0xb3, 0x26, 0x1e));
            m_controlTotals->setItem(r, c, item);
        }
    }
    m_controlTotals->setVisible(!rows.isEmpty());
}

void SyncPage::showDownloadMessage(const QString& message, bool failure) {
    m_downloadMessage->setText(message);
    m_downloadMessage->setStyleSheet(failure ? QStringLiteral("color: #b3261e;") : QString());
    m_downloadMessage->setVisible(!message.isEmpty());
}

void SyncPage::saveEvidence() {
    if (m_selectedId.isEmpty()) return;
    if (m_evidenceSaver->save(this, m_selectedId)) {
        m_saveEvidence->setEnabled(false);
        showDownloadMessage(tr("Saving the evidence…"), false);
    }
}

void SyncPage::downloadRejectedRows() {
    if (m_download || m_selectedId.isEmpty()) return;
    const auto syncId = m_selectedId;
    const auto fileType = m_rejectedFile->currentData().toString();
    const auto suggested = fileType.isEmpty()
                               ? QStringLiteral("%1-rejected.csv").arg(syncId)
                               : QStringLiteral("%1-%2-rejected.csv").arg(syncId, fileType);
    const auto path = dialogs().saveFileName(this, tr("Save the rejected rows"), suggested,
                                             tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty()) return;
    // A QSaveFile replaces the chosen file only once the download is complete.
    auto* file = new QSaveFile(path, this);
    if (!file->open(QIODevice::WriteOnly)) {
        showDownloadMessage(
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file->errorString()),
            true);
        delete file;
        return;
    }
    m_downloadCanceled = false;
    m_download = client().rejectedRows(syncId, fileType, file);
    showDownloadMessage(tr("Downloading the rejected rows…"), false);
    m_downloadProgress->setRange(0, 0);  // until the size is known (often never: streamed)
    m_downloadProgress->show();
    m_downloadRejected->setEnabled(false);
    m_cancelDownload->show();
    connect(m_download, &AgentReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (total <= 0) return;
        m_downloadProgress->setRange(0, 1000);
        m_downloadProgress->setValue(static_cast<int>(received * 1000 / total));
    });
    connect(m_download, &AgentReply::finished, this,
            [this, reply = m_download.data(), file, path] { downloadDone(reply, file, path); });
}

void SyncPage::downloadDone(AgentReply* reply, QSaveFile* file, const QString& path) {
    m_download = nullptr;
    m_downloadProgress->hide();
    m_cancelDownload->hide();
    m_downloadRejected->setEnabled(!m_selectedLog.value(QLatin1String("running")).toBool());
    const auto shownPath = QDir::toNativeSeparators(path);
    bool ok = reply->ok();
    if (ok && !file->commit()) {
        ok = false;
        showDownloadMessage(tr("Could not save %1: %2").arg(shownPath, file->errorString()), true);
    } else if (ok) {
        // Past the agent's retention the answer is only the header line.
        QFile saved(path);
        bool rows = false;
        if (saved.open(QIODevice::ReadOnly)) {
            saved.readLine();
            rows = !saved.atEnd();
        }
        showDownloadMessage(
            rows ? tr("Saved the rejected rows (%1) to %2")
                       .arg(QLocale().formattedDataSize(reply->bytesWritten()), shownPath)
                 : tr("The agent no longer has the rejected rows of this sync: it keeps them for "
                      "a limited time (%1 days by default). %2 holds only the header.")
                       .arg(kRejectedRowsKeptDays)
                       .arg(shownPath),
            !rows);
    } else {
        file->cancelWriting();
        if (m_downloadCanceled && reply->error() == AgentError::Canceled)
            showDownloadMessage(tr("Download canceled; nothing was saved."), false);
        else if (reply->httpStatus() == 404 || reply->httpStatus() == 410)
            showDownloadMessage(
                tr("The agent no longer has the rejected rows of this sync: it keeps them for a "
                   "limited time (%1 days by default). (%2)")
                    .arg(kRejectedRowsKeptDays)
                    .arg(reply->errorString()),
                true);
        else
            showDownloadMessage(
                tr("The rejected rows could not be downloaded: %1").arg(reply->errorString()),
                true);
    }
    file->deleteLater();
    Q_EMIT rejectedRowsDownloaded(path, ok);
}

SyncPage::~SyncPage() {
    if (m_poll) m_poll->cancel();
    if (m_history) m_history->cancel();
    if (m_selectedRefresh) m_selectedRefresh->cancel();
    if (m_download) {
        m_download->disconnect(this);  // no report into a page being destroyed
        m_download->cancel();          // the unfinished QSaveFile goes with the page
    }
}

void SyncPage::activate() {
    refreshHistory();
}

void SyncPage::refreshHistory() {
    if (m_history) return;
    m_history = client().syncLogs({}, kHistoryLimit);
    connect(m_history, &AgentReply::finished, this, [this, reply = m_history.data()] {
        if (!reply->ok()) return showError(reply->errorString());
        m_model->setLogs(reply->object().value(QLatin1String("items")).toArray());
        m_table->resizeColumnsToContents();
        if (!m_selectedId.isEmpty()) selectSync(m_selectedId);  // a reset drops the selection
    });
}

void SyncPage::refreshSelected() {
    if (m_selectedId.isEmpty()) return;
    if (m_selectedRefresh) m_selectedRefresh->cancel();  // a newer review supersedes it
    m_selectedRefresh = client().syncLog(m_selectedId);
    connect(
        m_selectedRefresh, &AgentReply::finished, this,
        [this, reply = m_selectedRefresh.data(), id = m_selectedId] {
            if (reply->error() == AgentError::Canceled) return;
            if (!reply->ok())
                return showError(
                    tr("The selected sync could not be read again: %1").arg(reply->errorString()));
            // The model's dataChanged redraws the details while the sync is still selected.
            for (int row = 0; row < m_model->rowCount(); ++row)
                if (m_model->log(row).value(QLatin1String("id")).toString() == id)
                    m_model->updateLog(reply->object());
            Q_EMIT selectedSyncRefreshed(id);
        });
}

void SyncPage::setTriggersEnabled(bool enabled) {
    for (auto* button : m_triggers)
        button->setEnabled(enabled);
}

void SyncPage::showError(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void SyncPage::startSync(const QString& loanType, bool force) {
    showError({});
    setTriggersEnabled(false);
    m_stage->setText(tr("Starting a %1 sync…").arg(loanType));
    auto* reply = client().startSync(loanType, force);
    connect(reply, &AgentReply::finished, this, [this, reply, loanType, force] {
        setTriggersEnabled(true);
        const auto running =
            reply->errorDetails().value(QLatin1String("running_sync_id")).toString();
        // The loan type's sync config is disabled: run it only when the operator confirms.
        if (!force && reply->errorDetails().value(QLatin1String("config_disabled")).toBool()) {
            m_stage->setText(tr("No sync is running."));
            if (dialogs().confirm(this, tr("Sync config disabled"),
                                  tr("Scheduled %1 syncs are disabled for this bank. "
                                     "Sync the staged files anyway?")
                                      .arg(loanType)))
                startSync(loanType, true);
            else
                showError(reply->errorString());
            return;
        }
        if (!reply->ok()) {
            showError(reply->errorString());
            // Another sync of this loan type runs already: show that one instead.
            if (reply->errorCode() == QLatin1String("conflict") && !running.isEmpty())
                follow(running);
            else
                m_stage->setText(tr("No sync is running."));
            return;
        }
        follow(reply->object().value(QLatin1String("sync_id")).toString());
    });
}

void SyncPage::follow(const QString& syncId) {
    if (m_poll) m_poll->cancel();
    m_syncId = syncId;
    m_status.clear();
    m_progressRows = -1;
    m_progress->setValue(0);
    m_progress->show();
    poll();
}

void SyncPage::poll() {
    // The first request answers at once; later ones wait for a change.
    const int wait = m_status.isEmpty() ? 0 : kWaitSeconds;
    m_poll = client().syncLog(m_syncId, wait, m_status, m_progressRows);
    connect(m_poll, &AgentReply::finished, this, [this, reply = m_poll.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (!reply->ok()) {
            showError(reply->errorString());
            // A network hiccup must not end the follow-up: try again shortly.
            if (reply->error() != AgentError::Request && reply->error() != AgentError::KeyRejected)
                QTimer::singleShot(2000, this, [this] { poll(); });
            return;
        }
        showError({});
        showLog(reply->object());
        if (reply->object().value(QLatin1String("running")).toBool())
            poll();
        else
            refreshHistory();
    });
}

void SyncPage::showLog(const QJsonObject& log) {
    m_status = log.value(QLatin1String("status")).toString();
    m_progressRows = log.value(QLatin1String("progress_rows")).toInteger();
    const bool running = log.value(QLatin1String("running")).toBool();
    const auto loanType = log.value(QLatin1String("loan_type")).toString();
    const QLocale locale;
    if (running) {
        m_progress->setValue(static_cast<int>(stages().indexOf(m_status)) + 1);
        m_stage->setText(tr("%1 sync: %2 — %3 rows processed")
                             .arg(loanType, SyncLogModel::statusText(m_status),
                                  locale.toString(m_progressRows)));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_stage->setText(
            tr("%1 sync %2: %3 rows loaded, %4 rejected")
                .arg(loanType, SyncLogModel::statusText(m_status).toLower(),
                     locale.toString(log.value(QLatin1String("rows_loaded")).toInteger()),
                     locale.toString(log.value(QLatin1String("rows_rejected")).toInteger())));
        const auto summary = log.value(QLatin1String("error_summary")).toString();
        if (m_status == QLatin1String("FAILED") && !summary.isEmpty()) showError(summary);
    }
    m_model->updateLog(log);
    if (!running) Q_EMIT syncFinished(m_syncId, m_status);
}

}  // namespace findata::app
