#include "app/ui/pagerefresh.h"

#include <QLabel>

#include "app/client/agentclient.h"

namespace findata::app {

PageRefresh::PageRefresh(QLabel* message, QObject* parent) : QObject(parent), m_message(message) {}

PageRefresh::~PageRefresh() {
    for (const auto& reply : std::as_const(m_replies)) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->cancel();
    }
}

bool PageRefresh::start() {
    if (m_pending > 0) return false;
    m_errors.clear();
    return true;
}

void PageRefresh::track(AgentReply* reply, std::function<void(const QJsonObject&)> show) {
    ++m_pending;
    m_replies.push_back(reply);
    connect(reply, &AgentReply::finished, this, [this, reply, show = std::move(show)] {
        m_replies.removeAll(reply);
        if (reply->ok())
            show(reply->object());
        else if (!m_errors.contains(reply->errorString()))
            m_errors.push_back(reply->errorString());
        m_message->setText(m_errors.join(QLatin1Char('\n')));
        m_message->setVisible(!m_errors.isEmpty());
        if (--m_pending == 0) Q_EMIT finished();
    });
}

}  // namespace findata::app
