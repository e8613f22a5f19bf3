#pragma once
// SyncPage: start a sync per loan type, follow the running one stage by stage (long-polling its
// log), and the sync history.

#include <QPointer>

#include "app/ui/page.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace findata::app {

class AgentReply;
class SyncLogModel;

class SyncPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPage)
public:
    explicit SyncPage(AgentClient& client, QWidget* parent = nullptr);
    ~SyncPage() override;
    void activate() override;

    /// Starts a sync of `loanType` (RETAIL or COMMERCIAL) and follows it.
    void startSync(const QString& loanType);
    /// Follows a running sync until it finishes.
    void follow(const QString& syncId);
    QString followedSyncId() const { return m_syncId; }
    /// The stage or final status of the followed sync (e.g. COMPLETED).
    QString followedStatus() const { return m_status; }
    SyncLogModel* historyModel() const { return m_model; }

Q_SIGNALS:
    /// A followed sync finished with `status` (COMPLETED, FAILED, …).
    void syncFinished(const QString& syncId, const QString& status);

private:
    void refreshHistory();
    void poll();
    void showLog(const QJsonObject& log);
    void showError(const QString& message);
    void setTriggersEnabled(bool enabled);

    SyncLogModel* m_model = nullptr;
    QList<QPushButton*> m_triggers;
    QLabel* m_stage = nullptr;
    QLabel* m_message = nullptr;
    QProgressBar* m_progress = nullptr;
    QTableView* m_table = nullptr;
    QPointer<AgentReply> m_history;
    QPointer<AgentReply> m_poll;
    QString m_syncId;
    QString m_status;
    qint64 m_progressRows = -1;
};

}  // namespace findata::app
