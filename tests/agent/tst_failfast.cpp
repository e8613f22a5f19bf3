// Fail fast, never freeze: a real `findata-agent serve` on its own embedded databases, with a
// short request deadline. ClickHouse stopped (SIGSTOP) under 100 concurrent data reads: every read
// ends within its deadline (503 + Retry-After, or 200) while /health and the PostgreSQL-only
// /api/sync/logs/ keep answering at once; reads succeed again after SIGCONT. PostgreSQL killed:
// requests that need it answer 503 + Retry-After within a second and /health says degraded at
// once. A client that hangs up has its ClickHouse query abandoned at once (and killed).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QUrl>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/agentprocess.h"
#include "testconfig.h"

using namespace std::chrono_literals;
using findata::test::AgentProcess;
using findata::test::ApiClient;

namespace {

constexpr int kRequestTimeoutMs = 3000;  // the agent's --request-timeout below
constexpr int kMarginMs = 1500;          // for a loaded test machine

struct RawReply {
    int status = 0;  // 0: no answer
    std::string retryAfter;
    std::string body;
    qint64 elapsedMs = 0;
};

// One GET on a fresh loopback connection, blocking, usable from any thread (the shared
// ApiClient is not). Gives up after timeoutMs.
RawReply rawGet(quint16 port, const std::string& target, const std::string& key,
                int timeoutMs = 30000) {
    RawReply reply;
    QElapsedTimer timer;
    timer.start();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return reply;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string response;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!key.empty()) request += "Authorization: Api-Key " + key + "\r\n";
        request += "Connection: close\r\n\r\n";
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size())) {
            char buffer[16384];
            for (;;) {
                const int left = timeoutMs - static_cast<int>(timer.elapsed());
                pollfd p{fd, POLLIN, 0};
                if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
                const auto n = ::recv(fd, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                response.append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    ::close(fd);
    reply.elapsedMs = timer.elapsed();
    const auto headEnd = response.find("\r\n\r\n");
    if (response.rfind("HTTP/1.1 ", 0) != 0 || headEnd == std::string::npos) return reply;
    reply.status = std::atoi(response.c_str() + 9);
    reply.body = response.substr(headEnd + 4);
    std::string head = response.substr(0, headEnd);
    std::transform(head.begin(), head.end(), head.begin(), ::tolower);
    if (const auto at = head.find("\r\nretry-after: "); at != std::string::npos)
        reply.retryAfter = head.substr(at + 15, head.find("\r\n", at + 2) - at - 15);
    return reply;
}

// Opens a GET and closes the connection after `afterMs` without reading the answer.
void getAndHangUp(quint16 port, const std::string& target, const std::string& key, int afterMs) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request = "GET " + target +
                                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Api-Key " +
                                    key + "\r\n\r\n";
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
    }
    ::close(fd);
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Sends SIGCONT when it goes, whatever the test did in between.
struct Resume {
    qint64 pid;
    ~Resume() {
        if (pid > 0) ::kill(static_cast<pid_t>(pid), SIGCONT);
    }
};

qint64 maxOf(const std::vector<qint64>& values) {
    return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

qint64 percentile(std::vector<qint64> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
}

}  // namespace

class TestFailFast final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<AgentProcess>(
            AgentProcess::Embedded{},
            QStringList{QStringLiteral("--request-timeout"),
                        QStringLiteral("%1s").arg(kRequestTimeoutMs / 1000)});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_port = static_cast<quint16>(QUrl(m_agent->url()).port());
        // The first start seeded BANK001 and wrote its key (not on a terminal) under keys/.
        const QDir keys(m_agent->dataDir() + QStringLiteral("/keys"));
        const auto files = keys.entryList({QStringLiteral("BANK001-*.key")}, QDir::Files);
        QVERIFY2(!files.isEmpty(), "no key file of BANK001");
        m_key = readFile(keys.filePath(files.first())).trimmed().toStdString();

        // BANK001's retail files, staged and synced through the API.
        ApiClient client(m_agent->url(), QString::fromStdString(m_key));
        for (const char* fileType : {"credit", "payment_plan"}) {
            const auto body =
                readFile(QStringLiteral("%1/BANK001/RETAIL/%2.csv")
                             .arg(QStringLiteral(FINDATA_SAMPLE_DIR), QLatin1String(fileType)));
            QVERIFY(!body.isEmpty());
            const auto staged = client.send(
                "POST",
                QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=%1&filename=%1.csv")
                    .arg(QLatin1String(fileType)),
                body, "text/csv");
            QVERIFY2(staged.status == 201, staged.body.constData());
        }
        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QVERIFY2(started.status == 202, started.body.constData());
        const auto id = started.json().value(QLatin1String("sync_id")).toString();
        QVERIFY(!id.isEmpty());
        QString status;
        for (int i = 0; i < 20 && status != QLatin1String("COMPLETED"); ++i)
            status = client.get(QStringLiteral("/api/sync/logs/%1/?wait=10").arg(id))
                         .json()
                         .value(QLatin1String("status"))
                         .toString();
        QCOMPARE(status, QStringLiteral("COMPLETED"));
        QCOMPARE(read(1).status, 200);
    }

    // SIGSTOP ClickHouse for 20 s while 100 clients read: no read outlives its deadline, and the
    // routes that do not need ClickHouse answer at once throughout.
    void stalledClickHouseNeverFreezesTheServer() {
        const qint64 pid = m_agent->embeddedPid(QStringLiteral("clickhouse"));
        QVERIFY(pid > 0);
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGSTOP) == 0);
        Resume resume{pid};
        QElapsedTimer stall;
        stall.start();
        constexpr qint64 kStallMs = 20000;

        std::mutex mutex;
        std::vector<RawReply> reads;
        std::vector<qint64> health, logs;
        std::vector<std::string> slowOnes;
        std::atomic<int> next{1000};
        std::vector<std::thread> readers;
        for (int r = 0; r < 100; ++r)
            readers.emplace_back([&] {
                while (stall.elapsed() < kStallMs - kRequestTimeoutMs - kMarginMs) {
                    auto reply = read(next++);
                    const bool refused = reply.status == 503;
                    {
                        const std::lock_guard lock(mutex);
                        reads.push_back(std::move(reply));
                    }
                    if (refused) std::this_thread::sleep_for(500ms);  // ask again later
                }
            });
        std::thread poller([&] {
            while (stall.elapsed() < kStallMs) {
                const auto h = rawGet(m_port, "/health", {});
                const auto l = rawGet(m_port, "/api/sync/logs/", m_key);
                const std::lock_guard lock(mutex);
                health.push_back(h.status == 200 || h.status == 503 ? h.elapsedMs : 99999);
                logs.push_back(l.status == 200 ? l.elapsedMs : 99999);
                if (h.elapsedMs >= 200 || l.status != 200 || l.elapsedMs >= 200)
                    slowOnes.push_back("at " + std::to_string(stall.elapsed()) + " ms: /health " +
                                       std::to_string(h.status) + " in " +
                                       std::to_string(h.elapsedMs) + " ms, /api/sync/logs/ " +
                                       std::to_string(l.status) + " in " +
                                       std::to_string(l.elapsedMs) + " ms");
                std::this_thread::sleep_for(100ms);
            }
        });
        for (auto& t : readers)
            t.join();
        poller.join();
        ::kill(static_cast<pid_t>(pid), SIGCONT);

        std::vector<qint64> latencies;
        int ok = 0, unavailable = 0;
        for (const auto& r : reads) {
            latencies.push_back(r.elapsedMs);
            QVERIFY2(r.status == 200 || r.status == 503,
                     qPrintable(QStringLiteral("a read answered %1: %2")
                                    .arg(r.status)
                                    .arg(QString::fromStdString(r.body))));
            if (r.status == 503) {
                ++unavailable;
                QVERIFY2(!r.retryAfter.empty(), "a 503 without Retry-After");
            } else {
                ++ok;
            }
        }
        qInfo(
            "stall: %zu reads (%d ok, %d 503): p50 %lld ms, p99 %lld ms, max %lld ms; /health "
            "p50 %lld max %lld ms; /api/sync/logs/ p50 %lld max %lld ms (%zu polls)",
            reads.size(), ok, unavailable, static_cast<long long>(percentile(latencies, 0.5)),
            static_cast<long long>(percentile(latencies, 0.99)),
            static_cast<long long>(maxOf(latencies)),
            static_cast<long long>(percentile(health, 0.5)), static_cast<long long>(maxOf(health)),
            static_cast<long long>(percentile(logs, 0.5)), static_cast<long long>(maxOf(logs)),
            logs.size());
        for (const auto& s : slowOnes)
            qInfo("%s", s.c_str());
        QVERIFY(reads.size() >= 100);
        QVERIFY2(unavailable > 0, "no read noticed that ClickHouse is stopped");
        QVERIFY2(maxOf(latencies) < kRequestTimeoutMs + kMarginMs, "a read outlived its deadline");
        QVERIFY2(maxOf(health) < 200, "/health was slow or failed during the stall");
        QVERIFY2(maxOf(logs) < 200, "/api/sync/logs/ was slow or failed during the stall");

        // Resumed: reads succeed again once the supervisor has seen ClickHouse answer.
        QElapsedTimer back;
        back.start();
        int status = 0;
        while (back.elapsed() < 30000 && (status = read(next++).status) != 200)
            std::this_thread::sleep_for(200ms);
        QCOMPARE(status, 200);
        qInfo("reads answered 200 again %lld ms after SIGCONT",
              static_cast<long long>(back.elapsed()));
    }

    // A client that hangs up while its read waits for ClickHouse has its request cancelled at
    // once, not at the deadline: the query is abandoned (and KILL QUERY sent for it).
    void clientGoneKillsItsQuery() {
        const qint64 pid = m_agent->embeddedPid(QStringLiteral("clickhouse"));
        QVERIFY(pid > 0);
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGSTOP) == 0);
        Resume resume{pid};
        QElapsedTimer timer;
        timer.start();
        // Hung up after 300 ms, long before the 3 s deadline (and before the supervisor's
        // ping gives up, so the query was sent).
        getAndHangUp(m_port, "/api/data/?loan_type=RETAIL&file_type=credit&page_size=77", m_key,
                     300);
        // The agent's log says why the query was abandoned.
        QTest::qWait(1500);
        const auto output = m_agent->output();
        if (!output.contains("client gone")) qWarning("%s", output.right(3000).constData());
        QVERIFY2(output.contains("client gone"), "the hang-up was not noticed");
        QVERIFY2(timer.elapsed() < kRequestTimeoutMs,
                 "the hang-up was noticed only at the deadline");
        ::kill(static_cast<pid_t>(pid), SIGCONT);
        // Still serves.
        QTRY_COMPARE_WITH_TIMEOUT(read(next()).status, 200, 30000);
    }

    // PostgreSQL killed: what needs it answers 503 + Retry-After within a second (not after a
    // 15 s reconnect), /health says degraded within 100 ms; the supervisor brings it back.
    void postgresDownAnswers503AtOnce() {
        const qint64 pid = m_agent->embeddedPid(QStringLiteral("postgres"));
        QVERIFY(pid > 0);
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGKILL) == 0);
        QElapsedTimer outage;
        outage.start();
        std::vector<qint64> times503, healthTimes;
        bool degraded = false;
        qint64 slowest = 0;
        while (outage.elapsed() < 4000) {
            const auto l = rawGet(m_port, "/api/sync/logs/", m_key);
            slowest = std::max(slowest, l.elapsedMs);
            QVERIFY2(l.status == 200 || l.status == 503,
                     qPrintable(QStringLiteral("/api/sync/logs/ answered %1 after %2 ms")
                                    .arg(l.status)
                                    .arg(l.elapsedMs)));
            if (l.status == 503) {
                times503.push_back(l.elapsedMs);
                QVERIFY2(!l.retryAfter.empty(), "a 503 without Retry-After");
            }
            const auto h = rawGet(m_port, "/health", {});
            healthTimes.push_back(h.elapsedMs);
            degraded = degraded || h.body.find("\"degraded\"") != std::string::npos;
            std::this_thread::sleep_for(50ms);
        }
        qInfo(
            "PostgreSQL killed: %zu answers 503 (p50 %lld ms, max %lld ms), slowest request "
            "%lld ms; /health max %lld ms",
            times503.size(), static_cast<long long>(percentile(times503, 0.5)),
            static_cast<long long>(maxOf(times503)), static_cast<long long>(slowest),
            static_cast<long long>(maxOf(healthTimes)));
        QVERIFY2(!times503.empty(), "no request noticed that PostgreSQL is down");
        QVERIFY2(slowest < 1000, "a request waited for PostgreSQL");
        QVERIFY2(degraded, "/health never said degraded");
        QVERIFY2(maxOf(healthTimes) < 100, "/health was slow while PostgreSQL was down");
        // The supervisor restarts it (how fast is tst_supervision's business).
        QTRY_COMPARE_WITH_TIMEOUT(rawGet(m_port, "/api/sync/logs/", m_key).status, 200, 60000);
    }

    void cleanupTestCase() { QCOMPARE(m_agent->stop(), 0); }

private:
    std::unique_ptr<AgentProcess> m_agent;
    quint16 m_port = 0;
    std::string m_key;
    int m_next = 1;

    int next() { return ++m_next; }

    // An uncached read: each n asks for a different page size.
    RawReply read(int n) const {
        return rawGet(m_port,
                      "/api/data/?loan_type=RETAIL&file_type=credit&page_size=" +
                          std::to_string(1 + n % 900) + "&page=" + std::to_string(1 + n / 900),
                      m_key, kRequestTimeoutMs + 10000);
    }
};

QTEST_GUILESS_MAIN(TestFailFast)
#include "tst_failfast.moc"
