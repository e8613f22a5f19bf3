#include "fakeagent.h"

#include <QTcpSocket>

namespace findata::test {

FakeAgent::FakeAgent(int status, QByteArray body, QByteArray contentType)
    : m_status(status), m_body(std::move(body)), m_contentType(std::move(contentType)) {
    listen(QHostAddress::LocalHost, 0);
    connect(this, &QTcpServer::newConnection, this, &FakeAgent::onConnection);
}

QUrl FakeAgent::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort()));
}

void FakeAgent::onConnection() {
    while (auto* socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            // Answer once the request's headers are in; a silent agent keeps reading forever.
            const auto seen = socket->property("seen").toByteArray() + socket->readAll();
            socket->setProperty("seen", seen);
            if (!seen.contains("\r\n\r\n") || socket->property("answered").toBool()) return;
            socket->setProperty("answered", true);
            ++m_requests;
            if (m_status == 0) return;
            socket->write("HTTP/1.1 " + QByteArray::number(m_status) +
                          " Fake\r\nContent-Type: " + m_contentType +
                          "\r\nContent-Length: " + QByteArray::number(m_body.size()) +
                          "\r\nConnection: close\r\n\r\n" + m_body);
            socket->disconnectFromHost();
        });
    }
}

QUrl closedPortUrl() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const auto port = server.serverPort();
    server.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

}  // namespace findata::test
