// The API's transport against a hostile client, on loopback: slowloris headers and bodies,
// header floods, oversize bodies on every method, smuggling attempts, invalid UTF-8, gzip bombs,
// connection floods. Each time the agent stays responsive (/health answers fast meanwhile) and
// its memory stays bounded.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QJsonDocument>
#include <QSslSocket>
#include <QtTest>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "agent/uploads/gzip.h"
#include "support/agentprocess.h"

using namespace findata;
using findata::test::AgentProcess;
using findata::test::TestTenant;
using Clock = std::chrono::steady_clock;

namespace {

// A blocking loopback TCP connection written and read by hand.
class Raw final {
public:
    Raw(quint16 port, const char* from = nullptr) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (from) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            ::inet_pton(AF_INET, from, &local.sin_addr);
            ::bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        m_ok = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Raw() { ::close(m_fd); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    bool ok() const { return m_ok; }
    // False once the peer has closed or reset the connection.
    bool send(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const auto n = ::send(m_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }
    // Reads what arrives within timeoutMs, until `until` is found or the peer closes.
    std::string read(int timeoutMs, const std::string& until = {}) {
        std::string data;
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
        while (Clock::now() < deadline) {
            pollfd p{m_fd, POLLIN, 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) break;
            char buffer[65536];
            const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                break;
            }
            data.append(buffer, static_cast<std::size_t>(n));
            if (!until.empty() && data.find(until) != std::string::npos) break;
        }
        return data;
    }
    // Reads one whole response (headers and Content-Length body).
    std::string response(int timeoutMs = 10000) {
        std::string data = read(timeoutMs, "\r\n\r\n");
        const auto end = data.find("\r\n\r\n");
        if (end == std::string::npos) return data;
        const auto at = lowerCase(data).find("content-length:");
        if (at == std::string::npos || at > end) return data;
        const auto length = std::stoul(data.substr(at + 15));
        while (data.size() < end + 4 + length && !m_closed) {
            const auto more = read(timeoutMs);
            if (more.empty()) break;
            data += more;
        }
        return data;
    }
    // Whether the peer closes the connection within timeoutMs (data before it is ignored).
    bool closedWithin(int timeoutMs) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
        while (!m_closed && Clock::now() < deadline)
            read(static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())
                    .count()));
        return m_closed;
    }
    bool closed() const { return m_closed; }
    int fd() const { return m_fd; }

    static std::string lowerCase(std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

private:
    int m_fd = -1;
    bool m_ok = false;
    bool m_closed = false;
};

int statusOf(const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
    return std::stoi(response.substr(9, 3));
}

int countResponses(const std::string& data) {
    int n = 0;
    for (auto at = data.find("HTTP/1.1 "); at != std::string::npos;
         at = data.find("HTTP/1.1 ", at + 1))
        ++n;
    return n;
}

std::string bodyOf(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

// Under AddressSanitizer (the asan preset builds the agent and this test alike) freed memory
// sits in quarantine and every byte has shadow: RSS says nothing about the agent's own bounds,
// so the memory assertions are skipped there (and only there); everything else is checked.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeaningful = false;
#else
constexpr bool kMemoryIsMeaningful = true;
#endif

quint16 portOf(const AgentProcess& agent) {
    return static_cast<quint16>(QUrl(agent.url()).port());
}

// Milliseconds for GET /health on a fresh connection (-1 when it did not answer 200).
double healthMs(quint16 port) {
    const auto started = Clock::now();
    Raw c(port);
    if (!c.ok() || !c.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        return -1;
    const auto reply = c.response(5000);
    if (statusOf(reply) != 200) return -1;
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// The agent's resident and peak resident memory, in MiB.
std::pair<double, double> memoryMiB(qint64 pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    double rss = 0;
    double peak = 0;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024;
        if (line.rfind("VmHWM:", 0) == 0) peak = std::stod(line.substr(6)) / 1024;
    }
    return {rss, peak};
}

std::string gzipOf(const std::string& data) {
    std::string out;
    agent::GzipDeflater deflater(9);
    const agent::ByteSink sink = [&](std::string_view bytes) { out.append(bytes); };
    deflater.write(data, sink);
    deflater.finish(sink);
    return out;
}

std::string chunked(const std::string& body) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += 65536) {
        const auto piece = body.substr(at, 65536);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        out += size + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

}  // namespace

class TestHostile final : public QObject {
    Q_OBJECT

    std::unique_ptr<AgentProcess> m_agent;  // short deadlines, small upload limit
    TestTenant m_tenant;
    quint16 m_port = 0;
    double m_peakMiB = 0;

    void noteMemory() {
        const auto [rss, peak] = memoryMiB(m_agent->pid());
        m_peakMiB = std::max(m_peakMiB, peak);
        if (kMemoryIsMeaningful)
            QVERIFY2(peak < 256, qPrintable(QStringLiteral("peak RSS %1 MiB").arg(peak)));
        Q_UNUSED(rss);
    }
    std::string authorization() const {
        return "Authorization: Api-Key " + m_tenant.key.toStdString() + "\r\n";
    }

private Q_SLOTS:
    void initTestCase() {
        m_tenant = test::createTestTenant("HOSTILE");
        m_agent = std::make_unique<AgentProcess>(
            QStringList{QStringLiteral("--http-header-timeout"), QStringLiteral("5s"),
                        QStringLiteral("--http-idle-timeout"), QStringLiteral("3s"),
                        QStringLiteral("--max-upload-bytes"), QStringLiteral("50000000"),
                        QStringLiteral("--read-cache-bytes"), QStringLiteral("8000000")});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_port = portOf(*m_agent);
        QVERIFY(healthMs(m_port) >= 0);
    }

    // 500 connections sending a header line every second hold no worker: /health stays fast;
    // the header deadline cuts them all, although each keeps sending.
    void slowlorisHeaders() {
        std::vector<std::unique_ptr<Raw>> slow;
        for (int i = 0; i < 500; ++i) {
            slow.push_back(std::make_unique<Raw>(m_port));
            QVERIFY(slow.back()->ok());
            QVERIFY(slow.back()->send("GET /health HTTP/1.1\r\n"));
        }
        const auto opened = Clock::now();
        std::vector<double> latencies;
        int line = 0;
        while (Clock::now() - opened < std::chrono::seconds(8)) {
            for (auto& c : slow)
                if (!c->closed()) c->send("X-Slow-" + std::to_string(line) + ": a\r\n");
            ++line;
            const auto tick = Clock::now();
            while (Clock::now() - tick < std::chrono::milliseconds(1000)) {
                if (Clock::now() - opened < std::chrono::milliseconds(4500))
                    latencies.push_back(healthMs(m_port));
                QTest::qWait(100);
            }
        }
        std::sort(latencies.begin(), latencies.end());
        QVERIFY(latencies.size() >= 10);
        qInfo("/health under 500 slowloris connections: %zu probes, median %.1f ms, max %.1f ms",
              latencies.size(), latencies[latencies.size() / 2], latencies.back());
        QVERIFY2(latencies.front() >= 0, "a /health probe failed");
        // Nine in ten under 100 ms (the machine is shared; the figure above is the honest one).
        QVERIFY(latencies[latencies.size() * 9 / 10] < 100);
        // The deadline (5 s) was reached at ~5 s though lines kept coming: all are closed.
        int closed = 0;
        for (auto& c : slow)
            if (c->closedWithin(100)) ++closed;
        QCOMPARE(closed, 500);
        noteMemory();
        qInfo("peak RSS after the slowloris connections: %.1f MiB", m_peakMiB);
    }

    // A body that stops arriving is cut at the idle timeout (3 s), on a small and a large route.
    void slowlorisBodies_data() {
        QTest::addColumn<QString>("path");
        QTest::addRow("small route") << QStringLiteral("/api/sync/");
        QTest::addRow("upload route")
            << QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=CREDIT");
    }
    void slowlorisBodies() {
        QFETCH(QString, path);
        std::vector<std::unique_ptr<Raw>> slow;
        for (int i = 0; i < 100; ++i) {
            slow.push_back(std::make_unique<Raw>(m_port));
            QVERIFY(slow.back()->send(
                "POST " + path.toStdString() + " HTTP/1.1\r\nHost: x\r\n" + authorization() +
                "Content-Type: text/csv\r\nContent-Length: 1000\r\n\r\nLOAN"));
        }
        const auto started = Clock::now();
        QVERIFY(healthMs(m_port) >= 0);
        for (auto& c : slow)
            QVERIFY(c->closedWithin(8000));
        const double waited = std::chrono::duration<double>(Clock::now() - started).count();
        QVERIFY2(waited >= 2.5 && waited < 8, qPrintable(QString::number(waited)));
        QVERIFY(healthMs(m_port) >= 0);
        noteMemory();
    }

    void headerLimits_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        std::string many = "GET /health HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 200; ++i)
            many += "X-" + std::to_string(i) + ": v\r\n";
        QTest::addRow("200 header fields") << QByteArray::fromStdString(many + "\r\n") << 431;
        QTest::addRow("one 40 KB header")
            << QByteArray::fromStdString(
                   "GET /health HTTP/1.1\r\nX-Big: " + std::string(40000, 'a') + "\r\n\r\n")
            << 431;
        QTest::addRow("1 MB of headers")
            << QByteArray::fromStdString(
                   "GET /health HTTP/1.1\r\nX-Big: " + std::string(1 << 20, 'a') + "\r\n\r\n")
            << 431;
        QTest::addRow("10 KB URL")
            << QByteArray::fromStdString("GET /health?x=" + std::string(10000, 'a') +
                                         " HTTP/1.1\r\nHost: x\r\n\r\n")
            << 414;
        QTest::addRow("not HTTP") << QByteArray("HELLO\r\n\r\n") << 400;
    }
    void headerLimits() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        Raw c(m_port);
        c.send(request.toStdString());
        const auto reply = c.response();
        QCOMPARE(statusOf(reply), status);
        QVERIFY(c.closedWithin(5000));
        QVERIFY(healthMs(m_port) >= 0);
        noteMemory();
    }

    // Every method, on routes that take no large body: 413 before a byte of the body is read.
    void oversizeBodies_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("length");
        for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
            QTest::addRow("%s, 256 MB", method)
                << QString::fromLatin1(method) << QStringLiteral("/api/sync/")
                << QStringLiteral("268435456");
        QTest::addRow("DELETE an upload, 2 MB")
            << QStringLiteral("DELETE") << QStringLiteral("/api/uploads/nothing/")
            << QStringLiteral("2097152");
        QTest::addRow("upload beyond the upload limit")
            << QStringLiteral("POST") << QStringLiteral("/api/uploads/")
            << QStringLiteral("100000000000");
    }
    void oversizeBodies() {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, length);
        Raw c(m_port);
        c.send(method.toStdString() + " " + path.toStdString() + " HTTP/1.1\r\nHost: x\r\n" +
               "Content-Length: " + length.toStdString() + "\r\n\r\n" + std::string(1000, 'x'));
        const auto reply = c.response(3000);
        QCOMPARE(statusOf(reply), 413);
        QVERIFY(bodyOf(reply).find("payload_too_large") != std::string::npos);
        QVERIFY(c.closedWithin(5000));
        noteMemory();
    }

    // A chunked body (no length known in advance) is cut as soon as it passes 1 MiB.
    void oversizeChunkedBody() {
        Raw c(m_port);
        c.send(
            "POST /api/sync/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: application/json\r\n\r\n");
        c.send(chunked(std::string(3 << 20, ' ')));
        QCOMPARE(statusOf(c.response()), 413);
        QVERIFY(c.closedWithin(5000));
        noteMemory();
    }

    // Bytes of a body are never taken for a request of their own.
    void noRequestDesync_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const std::string smuggled =
            "GET /api/smuggled/ HTTP/1.1\r\nHost: x\r\n\r\n"
            "GET /api/smuggled/ HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::addRow("GET with a body")
            << QByteArray::fromStdString("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                         std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled)
            << 200;
        QTest::addRow("chunked DELETE")
            << QByteArray::fromStdString(
                   "DELETE /api/uploads/nothing/ HTTP/1.1\r\nHost: x\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n" +
                   chunked(smuggled))
            << 401;
        QTest::addRow("refused upload")
            << QByteArray::fromStdString(
                   "POST /api/uploads/?loan_type=RETAIL&file_type=CREDIT HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: text/csv\r\nContent-Length: " +
                   std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled)
            << 401;
        QTest::addRow("refused chunked upload")
            << QByteArray::fromStdString(
                   "POST /api/uploads/?loan_type=RETAIL&file_type=CREDIT HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" +
                   chunked(smuggled))
            << 401;
    }
    void noRequestDesync() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        Raw c(m_port);
        c.send(request.toStdString());
        const auto data = c.read(2000);
        QCOMPARE(statusOf(data), status);
        QCOMPARE(countResponses(data), 1);
        QVERIFY(data.find("/api/smuggled") == std::string::npos);
        // Still in step: a next request on the same connection (if it stayed open) is answered
        // as itself.
        if (!c.closed() && c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")) {
            const auto next = c.response(3000);
            if (!next.empty()) QCOMPARE(statusOf(next), 200);
        }
    }

    void invalidUtf8_data() {
        QTest::addColumn<QString>("target");
        QTest::addRow("path") << QStringLiteral("/%FF");
        QTest::addRow("path segment") << QStringLiteral("/api/sync/logs/%C3%28/");
        QTest::addRow("parameter") << QStringLiteral("/api/sync/logs/?loan_type=%C3");
        QTest::addRow("parameter name") << QStringLiteral("/api/sync/logs/?%ED%A0%80=1");
        QTest::addRow("overlong") << QStringLiteral("/api/data/?q=%C0%AF");
    }
    void invalidUtf8() {
        QFETCH(QString, target);
        Raw c(m_port);
        c.send("GET " + target.toStdString() + " HTTP/1.1\r\nHost: x\r\n" + authorization() +
               "\r\n");
        const auto reply = c.response();
        QCOMPARE(statusOf(reply), 400);
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(bodyOf(reply)));
        QCOMPARE(json[QLatin1String("error")][QLatin1String("code")].toString(),
                 QStringLiteral("bad_request"));
        // No exception text in a header.
        const auto head = reply.substr(0, reply.find("\r\n\r\n"));
        QVERIFY2(head.find("[json.exception") == std::string::npos, head.c_str());
        // Valid UTF-8 goes on to the router.
        Raw ok(m_port);
        ok.send("GET /api/%C3%A9/ HTTP/1.1\r\nHost: x\r\n" + authorization() + "\r\n");
        QCOMPARE(statusOf(ok.response()), 404);
        QVERIFY(healthMs(m_port) >= 0);
    }

    // gzip bodies are inflated as they stream, capped by size and ratio; other encodings 415.
    void gzipBodies_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        const auto bomb = QByteArray::fromStdString(gzipOf(std::string(200 << 20, '0')));
        const auto small = QByteArray::fromStdString(gzipOf(std::string(8 << 20, ' ')));
        const QString upload = QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=CREDIT");
        QTest::addRow("bomb to the upload route") << upload << QByteArray("gzip") << bomb << 413;
        QTest::addRow("bomb to the check route")
            << QStringLiteral("/api/check/?loan_type=RETAIL&file_type=CREDIT") << QByteArray("gzip")
            << bomb << 413;
        QTest::addRow("8 MB inflated to a small route")
            << QStringLiteral("/api/sync/") << QByteArray("gzip") << small << 413;
        QTest::addRow("corrupt gzip")
            << upload << QByteArray("gzip") << QByteArray(5000, 'x') << 400;
        QTest::addRow("brotli") << upload << QByteArray("br") << QByteArray(100, 'x') << 415;
        QTest::addRow("two encodings")
            << upload << QByteArray("gzip, deflate") << QByteArray(100, 'x') << 415;
    }
    void gzipBodies() {
        QFETCH(QString, path);
        QFETCH(QByteArray, encoding);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        Raw c(m_port);
        c.send("POST " + path.toStdString() + " HTTP/1.1\r\nHost: x\r\n" + authorization() +
               "Content-Type: " +
               (path.startsWith(QLatin1String("/api/sync")) ? "application/json" : "text/csv") +
               "\r\nContent-Encoding: " + encoding.toStdString() +
               "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
        c.send(body.toStdString());
        const auto reply = c.response(20000);
        QCOMPARE(statusOf(reply), status);
        QVERIFY(healthMs(m_port) >= 0);
        noteMemory();
    }

    // A gzip body within the limits is accepted as what it inflates to.
    void gzipUploadWorks() {
        const std::string csv = "LOAN_NUMBER;X\nA;1\n";
        const auto body = gzipOf(csv);
        Raw c(m_port);
        c.send("POST /api/check/?loan_type=RETAIL&file_type=CREDIT HTTP/1.1\r\nHost: x\r\n" +
               authorization() + "Content-Type: text/csv\r\nContent-Encoding: gzip\r\n" +
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        const auto reply = c.response(20000);
        QVERIFY2(statusOf(reply) == 200, reply.c_str());
    }

    // 10,000 distinct queries (each a new cache key, page and row count) leave memory flat:
    // the read cache charges keys and bookkeeping and evicts within its budget (8 MB here).
    void cacheKeyFloodKeepsMemoryFlat() {
        const auto [before, peakBefore] = memoryMiB(m_agent->pid());
        Q_UNUSED(peakBefore);
        std::vector<double> health;
        constexpr int kQueries = 10'000;
        std::unique_ptr<Raw> c;
        int answered = 0;
        for (int i = 0; i < kQueries; ++i) {
            if (!c || c->closed()) c = std::make_unique<Raw>(m_port);
            const std::string filter(120, static_cast<char>('a' + i % 26));
            c->send("GET /api/data/?loan_type=RETAIL&file_type=credit&customer_id=" + filter +
                    std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n" + authorization() + "\r\n");
            const auto reply = c->response();
            if (statusOf(reply) == 200) ++answered;
            // The keep-alive cap ends a connection now and then: go on with a new one.
            if (Raw::lowerCase(reply.substr(0, reply.find("\r\n\r\n"))).find("connection: close") !=
                std::string::npos)
                c.reset();
            if (i % 1000 == 999) health.push_back(healthMs(m_port));
        }
        QCOMPARE(answered, kQueries);
        const auto [after, peak] = memoryMiB(m_agent->pid());
        qInfo("RSS before %.1f MiB, after %d distinct queries %.1f MiB (peak %.1f)", before,
              kQueries, after, peak);
        if (kMemoryIsMeaningful)
            QVERIFY2(after - before < 20,
                     qPrintable(QStringLiteral("grew %1 MiB").arg(after - before)));
        std::sort(health.begin(), health.end());
        QVERIFY(health.front() >= 0);
        QVERIFY2(health[health.size() / 2] < 100, qPrintable(QString::number(health.back())));
        noteMemory();
    }

    // A file of junk rows — invalid UTF-8, a megabyte-long column name, binary noise — checked
    // through the API: a small, valid JSON answer that names the problem; the agent stays well.
    void junkRowFileGetsAValidAnswer() {
        std::string file = "customer_id;customer_type;loan_account_number;" +
                           std::string(1 << 20, 'x') + "\xff\xfe\n";
        for (int row = 0; row < 2000; ++row) {
            for (int i = 0; i < 40; ++i)
                file += static_cast<char>(1 + (row * 131 + i * 17) % 254);
            file += "\n";
        }
        Raw c(m_port);
        c.send("POST /api/check/?loan_type=RETAIL&file_type=credit HTTP/1.1\r\nHost: x\r\n" +
               authorization() + "Content-Type: text/csv\r\nContent-Length: " +
               std::to_string(file.size()) + "\r\n\r\n");
        c.send(file);
        const auto reply = c.response(30000);
        const int status = statusOf(reply);
        QVERIFY2(status == 200 || status == 422 || status == 400, reply.substr(0, 300).c_str());
        const auto body = bodyOf(reply);
        QVERIFY2(body.size() < 256 * 1024, qPrintable(QString::number(body.size())));
        QJsonParseError error{};
        QJsonDocument::fromJson(QByteArray::fromStdString(body), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(healthMs(m_port) >= 0);
        noteMemory();
    }

    // Shutdown with idle keep-alive connections open: they are closed, the agent exits 0.
    void cleanupTestCase() {
        if (!m_agent) return;
        noteMemory();
        qInfo("peak RSS of the agent during the hostile suite: %.1f MiB", m_peakMiB);
        std::vector<std::unique_ptr<Raw>> idle;
        for (int i = 0; i < 50; ++i) {
            idle.push_back(std::make_unique<Raw>(m_port));
            idle.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            QCOMPARE(statusOf(idle.back()->response()), 200);
        }
        const auto started = Clock::now();
        QCOMPARE(m_agent->stop(20000), 0);
        QVERIFY(Clock::now() - started < std::chrono::seconds(5));
    }

    // TLS with the same flags as before: a request over TLS is answered; a client that
    // never finishes its handshake is cut at the header deadline.
    void tls() {
        if (!QSslSocket::supportsSsl()) QSKIP("Qt has no TLS backend");
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral("openssl"),
                     {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                      QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                      QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                      QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert}),
                 0);
        AgentProcess agent({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key,
                            QStringLiteral("--http-header-timeout"), QStringLiteral("2s")});
        QVERIFY2(agent.ok(), agent.output().constData());
        QVERIFY(agent.url().startsWith(QLatin1String("https://")));
        const auto port = portOf(agent);
        QSslSocket socket;
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray reply;
        while (socket.waitForReadyRead(5000))
            reply += socket.readAll();
        reply += socket.readAll();
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
        Raw plain(port);  // speaks no TLS at all
        plain.send("GET /health HTTP/1.1\r\n");
        QVERIFY(plain.closedWithin(5000));
        QCOMPARE(agent.stop(20000), 0);
    }

    // Connections per client address and in total, and requests per connection, are capped.
    void connectionLimits() {
        AgentProcess agent(
            {QStringLiteral("--http-max-connections"), QStringLiteral("30"),
             QStringLiteral("--http-max-connections-per-client"), QStringLiteral("20"),
             QStringLiteral("--http-max-requests-per-connection"), QStringLiteral("3")});
        QVERIFY2(agent.ok(), agent.output().constData());
        const auto port = portOf(agent);
        std::vector<std::unique_ptr<Raw>> held;
        for (int i = 0; i < 20; ++i) {
            held.push_back(std::make_unique<Raw>(port));
            QVERIFY(held.back()->ok());
        }
        QTest::qWait(200);
        for (auto& c : held)
            QVERIFY(!c->closedWithin(10));
        {
            Raw refused(port);
            refused.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            const auto reply = refused.read(3000);
            QVERIFY2(reply.empty() || statusOf(reply) == 503, reply.c_str());
            QVERIFY(refused.closedWithin(3000));
        }
        // Another address still gets in, up to the total.
        std::vector<std::unique_ptr<Raw>> other;
        for (int i = 0; i < 10; ++i) {
            other.push_back(std::make_unique<Raw>(port, "127.0.0.2"));
            other.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            QCOMPARE(statusOf(other.back()->response()), 200);
        }
        {
            Raw refused(port, "127.0.0.2");
            QVERIFY(refused.closedWithin(3000));
        }
        held.clear();
        other.clear();
        QTest::qWait(300);
        // Keep-alive: the third request is the last on its connection.
        Raw c(port);
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
            const auto reply = c.response();
            QCOMPARE(statusOf(reply), 200);
            const bool closing =
                Raw::lowerCase(reply).find("connection: close") != std::string::npos;
            QCOMPARE(closing, i == 3);
        }
        QVERIFY(c.closedWithin(3000));
        QCOMPARE(agent.stop(20000), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
