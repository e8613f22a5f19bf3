#pragma once
// PageRefresh: one round of a page's requests sent together. Each answer is shown as it comes;
// failures are collected (each message once) into the page's message label; finished() follows
// the last answer. Requests still in flight are canceled when the page goes away.

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

class QLabel;

namespace findata::app {

class AgentReply;

class PageRefresh final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageRefresh)
public:
    /// `message` (owned by the page) shows the failures; hidden when there are none.
    PageRefresh(QLabel* message, QObject* parent);
    ~PageRefresh() override;

    /// Starts a round; false while the previous one is still on its way.
    bool start();
    /// Counts `reply` into the round; `show` gets its JSON when it succeeds.
    void track(AgentReply* reply, std::function<void(const QJsonObject&)> show);
    /// Every request of the round has answered (successfully or not).
    bool isIdle() const { return m_pending == 0; }

Q_SIGNALS:
    void finished();

private:
    QLabel* m_message;
    QStringList m_errors;
    QList<QPointer<AgentReply>> m_replies;
    int m_pending = 0;
};

}  // namespace findata::app
