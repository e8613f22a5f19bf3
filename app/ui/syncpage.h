#pragma once
// SyncPage: start a sync per loan type, follow the running one stage by stage (long-polling its
// log), the sync history, and for the selected sync its per-file counts and control totals (file
// vs warehouse), its rejected rows to download or review, correct and resubmit (RejectedEditor)
// and a way to its validation errors.

#include <QJsonObject>
#include <QPointer>

#include "app/ui/page.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSaveFile;
class QTableView;
class QTableWidget;

namespace findata::app {

class AgentReply;
class EvidenceSaver;
class RejectedEditor;
class SyncLogModel;

class SyncPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPage)
public:
    explicit SyncPage(AgentClient& client, QWidget* parent = nullptr);
    ~SyncPage() override;
    void activate() override;

    /// Starts a sync of `loanType` (RETAIL or COMMERCIAL) and follows it. When the loan type's
    /// sync config is disabled, it asks the operator first and starts with force=true on yes.
    void startSync(const QString& loanType, bool force = false);
    /// Follows a running sync until it finishes.
    void follow(const QString& syncId);
    QString followedSyncId() const { return m_syncId; }
    /// The stage or final status of the followed sync (e.g. COMPLETED).
    QString followedStatus() const { return m_status; }
    SyncLogModel* historyModel() const { return m_model; }
    /// Selects the sync `syncId` in the history (as a click would); false when it is not listed.
    bool selectSync(const QString& syncId);
    /// The sync whose details are shown; empty when none.
    QString selectedSyncId() const { return m_selectedId; }
    /// Asks where to save the rejected rows of the selected sync (the file type chosen in the
    /// details: empty for every file, annotated) and downloads them there.
    void downloadRejectedRows();
    bool isDownloading() const { return !m_download.isNull(); }
    /// The selected sync's rejected rows: review, correct, resubmit, dismiss.
    RejectedEditor* rejectedEditor() const { return m_rejectedEditor; }
    /// Asks where to save the evidence pack of the selected sync (HTML, or PDF by the name's
    /// suffix) and saves it; evidenceSaved() follows.
    void saveEvidence();

Q_SIGNALS:
    /// A followed sync finished with `status` (COMPLETED, FAILED, …).
    void syncFinished(const QString& syncId, const QString& status);
    /// The operator asked for the validation errors of `syncId` (the Errors screen shows them).
    void openErrors(const QString& syncId);
    /// A download of rejected rows ended; `ok` when the file at `path` is complete.
    void rejectedRowsDownloaded(const QString& path, bool ok);
    /// A save of an evidence pack ended; `ok` when the file at `path` is complete.
    void evidenceSaved(const QString& path, bool ok);
    /// Rows of `syncId` were dismissed or corrections resubmitted: the tenant's count of open
    /// rejected rows may have changed (the main window refreshes the Dashboard).
    void rejectedRowsReviewed(const QString& syncId);
    /// The selected sync's log was read again after a review; its details show it.
    void selectedSyncRefreshed(const QString& syncId);

private:
    void refreshHistory();
    void poll();
    void showLog(const QJsonObject& log);
    void showError(const QString& message);
    void setTriggersEnabled(bool enabled);
    QGroupBox* buildDetails();
    void showDetails(const QJsonObject& log);
    void showControlTotals(const QJsonObject& log);
    /// Reads the selected sync's log again (its open, dismissed and resubmitted counts).
    void refreshSelected();
    void showDownloadMessage(const QString& message, bool failure);
    void downloadDone(AgentReply* reply, QSaveFile* file, const QString& path);

    SyncLogModel* m_model = nullptr;
    QList<QPushButton*> m_triggers;
    QLabel* m_stage = nullptr;
    QLabel* m_message = nullptr;
    QProgressBar* m_progress = nullptr;
    QTableView* m_table = nullptr;
    // Details of the selected sync.
    QGroupBox* m_details = nullptr;
    QLabel* m_detailTitle = nullptr;
    QTableWidget* m_fileCounts = nullptr;
    QTableWidget* m_controlTotals = nullptr;
    QLabel* m_detailText = nullptr;
    QPushButton* m_showErrors = nullptr;
    QPushButton* m_saveEvidence = nullptr;
    EvidenceSaver* m_evidenceSaver = nullptr;
    QWidget* m_rejectedControls = nullptr;
    QComboBox* m_rejectedFile = nullptr;
    QPushButton* m_downloadRejected = nullptr;
    QPushButton* m_cancelDownload = nullptr;
    QProgressBar* m_downloadProgress = nullptr;
    QLabel* m_downloadMessage = nullptr;
    RejectedEditor* m_rejectedEditor = nullptr;
    QString m_selectedId;
    QJsonObject m_selectedLog;
    QPointer<AgentReply> m_download;
    bool m_downloadCanceled = false;
    QPointer<AgentReply> m_history;
    QPointer<AgentReply> m_selectedRefresh;
    QPointer<AgentReply> m_poll;
    QString m_syncId;
    QString m_status;
    qint64 m_progressRows = -1;
};

}  // namespace findata::app
