#pragma once
// A tiny stand-in for an agent on loopback that misbehaves on purpose: it answers every request
// with a fixed status and body, or never answers. For failures a real agent cannot produce on
// demand (5xx, silence, garbage).

#include <QByteArray>
#include <QTcpServer>
#include <QUrl>

namespace findata::test {

class FakeAgent final : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeAgent)
public:
    /// status 0: accept the connection, read the request and never answer.
    FakeAgent(int status, QByteArray body, QByteArray contentType = "application/json");
    QUrl url() const;
    int requests() const { return m_requests; }

private:
    void onConnection();

    int m_status;
    QByteArray m_body;
    QByteArray m_contentType;
    int m_requests = 0;
};

/// A loopback address where nothing listens (a port that was free a moment ago).
QUrl closedPortUrl();

}  // namespace findata::test
