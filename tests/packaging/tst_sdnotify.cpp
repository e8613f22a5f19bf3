// SystemdNotifier: the datagram systemd's Type=notify waits for, on path and abstract sockets.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <cstring>

#include "agent/util/sdnotify.h"

using findata::agent::SystemdNotifier;

namespace {

// systemd's end: a bound datagram socket. `name` as in $NOTIFY_SOCKET ('@' = abstract).
class NotifyListener final {
public:
    explicit NotifyListener(const QByteArray& name) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, name.constData(), static_cast<std::size_t>(name.size()));
        const bool abstract = name.startsWith('@');
        if (abstract) address.sun_path[0] = '\0';
        const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() +
                                                 (abstract ? 0 : 1));
        m_bound = ::bind(m_fd, reinterpret_cast<const sockaddr*>(&address), size) == 0;
        const timeval timeout{2, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    ~NotifyListener() { ::close(m_fd); }
    NotifyListener(const NotifyListener&) = delete;
    NotifyListener& operator=(const NotifyListener&) = delete;

    bool bound() const { return m_bound; }
    QByteArray receive() const {
        char buffer[512];
        const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
        return n < 0 ? QByteArray() : QByteArray(buffer, static_cast<qsizetype>(n));
    }

private:
    int m_fd = -1;
    bool m_bound = false;
};

}  // namespace

class TestSdNotify final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sendsStateToTheNotifySocket_data() {
        QTest::addColumn<bool>("abstract");
        QTest::addRow("socket file (NOTIFY_SOCKET=/run/systemd/notify)") << false;
        QTest::addRow("abstract socket (NOTIFY_SOCKET=@…)") << true;
    }
    void sendsStateToTheNotifySocket() {
        QFETCH(bool, abstract);
        const QByteArray name = abstract ? "@findata-test-notify-" + QByteArray::number(::getpid())
                                         : m_dir.filePath(QStringLiteral("notify.sock")).toUtf8();
        NotifyListener listener(name);
        QVERIFY(listener.bound());
        ::setenv("NOTIFY_SOCKET", name.constData(), 1);
        const SystemdNotifier notifier;
        // Taken out of the environment, so the embedded servers cannot answer for the agent.
        QVERIFY(std::getenv("NOTIFY_SOCKET") == nullptr);
        QVERIFY(notifier.notify("READY=1\nSTATUS=serving on http://127.0.0.1:8000"));
        QCOMPARE(listener.receive(),
                 QByteArray("READY=1\nSTATUS=serving on http://127.0.0.1:8000"));
        QVERIFY(notifier.notify("STOPPING=1"));
        QCOMPARE(listener.receive(), QByteArray("STOPPING=1"));
        if (!abstract) QFile::remove(QString::fromUtf8(name));
    }

    // Not started by systemd, or a name systemd never gives: nothing is sent, nothing breaks.
    void doesNothingWithoutAUsableSocket_data() {
        QTest::addColumn<QByteArray>("value");
        QTest::addRow("unset") << QByteArray();
        QTest::addRow("relative path") << QByteArray("notify.sock");
        QTest::addRow("no listener at the path") << QByteArray("/nonexistent/findata/notify");
        QTest::addRow("longer than sun_path") << ("/" + QByteArray(200, 'x'));
    }
    void doesNothingWithoutAUsableSocket() {
        QFETCH(QByteArray, value);
        if (value.isNull())
            ::unsetenv("NOTIFY_SOCKET");
        else
            ::setenv("NOTIFY_SOCKET", value.constData(), 1);
        const SystemdNotifier notifier;
        QVERIFY(!notifier.notify("READY=1"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestSdNotify)
#include "tst_sdnotify.moc"
