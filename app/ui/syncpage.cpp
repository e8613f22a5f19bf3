#include "app/ui/syncpage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/models/synclogmodel.h"
#include "app/ui/tablecopy.h"

namespace findata::app {
namespace {

constexpr int kWaitSeconds = 20;  // one long poll; the agent answers earlier on any change
constexpr int kHistoryLimit = 100;

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
        {QStringLiteral("RETAIL"), tr("Sync retail")},
        {QStringLiteral("COMMERCIAL"), tr("Sync commercial")}};
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
    layout->addWidget(m_table, 1);
}

SyncPage::~SyncPage() {
    if (m_poll) m_poll->cancel();
    if (m_history) m_history->cancel();
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

void SyncPage::startSync(const QString& loanType) {
    showError({});
    setTriggersEnabled(false);
    m_stage->setText(tr("Starting a %1 sync…").arg(loanType));
    auto* reply = client().startSync(loanType);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        setTriggersEnabled(true);
        const auto running =
            reply->errorDetails().value(QLatin1String("running_sync_id")).toString();
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
