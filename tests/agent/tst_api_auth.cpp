// Authentication failures cannot be turned against valid users: failures are counted per
// (client address, presented key prefix), atomically, answered 429 with Retry-After, a valid
// key is never refused because another key failed from the same address, and a success does
// not wipe out someone else's failures. Against a real `findata-agent serve` on loopback.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;

namespace {

struct RawReply {
    int status = 0;
    std::string retryAfter;
};

// One GET over a fresh loopback connection, from any thread (no Qt event loop needed).
RawReply rawGet(std::uint16_t port, const std::string& path, const std::string& key) {
    RawReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return reply;
    timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return reply;
    }
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                "Authorization: Api-Key " + key + "\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        ::close(fd);
        return reply;
    }
    std::string response;
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    if (response.rfind("HTTP/1.1 ", 0) == 0) reply.status = std::atoi(response.c_str() + 9);
    std::string lower = response.substr(0, response.find("\r\n\r\n"));
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto at = lower.find("\r\nretry-after: "); at != std::string::npos) {
        const auto start = at + 15;
        reply.retryAfter = lower.substr(start, lower.find("\r\n", start) - start);
    }
    return reply;
}

std::string wrongKey(char digit) {
    return "sk_live_" + std::string(48, digit);
}

}  // namespace

class TestApiAuth final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_port = static_cast<std::uint16_t>(QUrl(m_agent->url()).port());
        m_tenant = test::createTestTenant("AUTH");
        m_other = test::createTestTenant("AUTH");
    }

    void refusalsCarryRetryAfter() {
        for (int i = 0; i < 10; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('1')).status, 401);
        const auto refused = rawGet(m_port, "/api/tenant/", wrongKey('1'));
        QCOMPARE(refused.status, 429);
        QVERIFY2(!refused.retryAfter.empty(), "429 without Retry-After");
        const int seconds = std::atoi(refused.retryAfter.c_str());
        QVERIFY2(seconds >= 1 && seconds <= 61, refused.retryAfter.c_str());
    }

    // Someone guessing keys from the same address (a shared NAT, a proxy) locks out only the
    // key prefix they guess, never a valid key nobody has verified yet.
    void validKeyIsNotLockedOutByOthersFailures() {
        for (int i = 0; i < 12; ++i)
            rawGet(m_port, "/api/tenant/", wrongKey('2'));
        QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('2')).status, 429);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
        // Nor another tenant's key from the same address.
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_other.key.toStdString()).status, 200);
    }

    // A success from the same address does not reset the counter of a guessed prefix.
    void successDoesNotResetOthersFailures() {
        for (int i = 0; i < 6; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 401);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 401);
        QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 429);
    }

    // Check and count are one step: of 40 simultaneous bad attempts at most 10 are verified.
    void parallelBadAttemptsAreCountedAtomically() {
        std::atomic<int> unauthorized{0};
        std::atomic<int> limited{0};
        std::atomic<int> other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 40; ++i)
            threads.emplace_back([&] {
                const int status = rawGet(m_port, "/api/tenant/", wrongKey('4')).status;
                (status == 401 ? unauthorized : status == 429 ? limited : other)++;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(other.load(), 0);
        QVERIFY2(unauthorized.load() <= 10, qPrintable(QString::number(unauthorized.load())));
        QCOMPARE(unauthorized.load() + limited.load(), 40);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
    }

    // A batch job's 64 connections all presenting a key nobody has verified yet: each gets in
    // (the attempts beyond the limit wait for their turn; they are not counted as failures).
    void parallelFirstUsesOfAValidKeyAllPass() {
        const auto fresh = test::createTestTenant("AUTHP");
        std::atomic<int> ok{0};
        std::atomic<int> other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 64; ++i)
            threads.emplace_back([&] {
                (rawGet(m_port, "/api/tenant/", fresh.key.toStdString()).status == 200 ? ok
                                                                                       : other)++;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(other.load(), 0);
        QCOMPARE(ok.load(), 64);
    }

    // Not on a terminal (a pipe, the journal), a new key goes to a 0600 file, never to output.
    void newKeysAreWrittenToAPrivateFileNotToOutput() {
        QTemporaryDir dir;
        const auto& urls = test::testDatabases();
        const QString id = QString::fromStdString(test::uniqueTenantId("KEY"));
        const QStringList common{
            QStringLiteral("--pg-url"),         QString::fromStdString(urls.pg),
            QStringLiteral("--clickhouse-url"), QString::fromStdString(urls.clickhouse),
            QStringLiteral("--data-dir"),       dir.path()};
        for (const QStringList& command :
             {QStringList{QStringLiteral("tenant"), QStringLiteral("add"), id,
                          QStringLiteral("--name"), QStringLiteral("Key Bank")},
              QStringList{QStringLiteral("tenant"), QStringLiteral("rotate-key"), id}}) {
            QProcess agent;
            agent.setProcessChannelMode(QProcess::MergedChannels);
            agent.start(QStringLiteral(FINDATA_AGENT_BINARY), command + common);
            QVERIFY(agent.waitForFinished(60000));
            const QByteArray output = agent.readAll();
            QCOMPARE(agent.exitCode(), 0);
            QVERIFY2(!output.contains("sk_live_"), output.constData());
            static const QRegularExpression written(
                QStringLiteral("written to (\\S+) \\(readable only by this account\\)"));
            const auto match = written.match(QString::fromUtf8(output));
            QVERIFY2(match.hasMatch(), output.constData());
            const std::filesystem::path file = match.captured(1).toStdString();
            QVERIFY(std::filesystem::exists(file));
            QCOMPARE(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
            QFile key(match.captured(1));
            QVERIFY(key.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(key.readAll()).trimmed();
            // The key works against the serving agent.
            QCOMPARE(rawGet(m_port, "/api/tenant/", text.toStdString()).status, 200);
        }
    }

    void cleanupTestCase() { m_agent.reset(); }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::uint16_t m_port = 0;
    test::TestTenant m_tenant;
    test::TestTenant m_other;
};

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_api_auth.moc"
