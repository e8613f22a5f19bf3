// SIGTERM while a sync runs: the agent starts no new sync, lets the running one finish, exits 0,
// and a restart finds a consistent store (the sync COMPLETED, nothing left staged or running).
// SIGTERM while a sync outlasts the shutdown grace: it is abandoned, the agent exits 0, and the
// next start recovers it. SIGTERM while an upload trickles in: no new connection is accepted,
// and after the grace the upload is cut off, nothing of it is kept, and the agent exits 0 at once.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QUrl>
#include <QtTest>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/sync/livedata.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using namespace findata;
using namespace findata::agent;

namespace {

// Every file under a directory, hidden partial uploads included.
QStringList filesUnder(const std::filesystem::path& root) {
    QStringList files;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(root, error), end; !error && it != end;
         it.increment(error))
        if (it->is_regular_file()) files << QString::fromStdString(it->path().string());
    return files;
}

// Sends an HTTP request head and then its body slowly (16 KiB every 20 ms, about 800 KB/s) from
// its own thread, on a plain blocking socket, until the body is sent, the server closes the
// connection or stop() is called.
class SlowUpload final {
public:
    SlowUpload(quint16 port, QByteArray head, QByteArray body)
        : m_head(std::move(head)), m_body(std::move(body)) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = m_fd >= 0 &&
                      ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        if (m_connected) m_thread = std::thread([this] { run(); });
    }
    ~SlowUpload() {
        stop();
        if (m_fd >= 0) ::close(m_fd);
    }
    bool connected() const { return m_connected; }
    qint64 sent() const { return m_sent; }
    bool brokenOff() const { return m_brokenOff; }
    bool finished() const { return m_finished; }
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
    }

private:
    void run() {
        if (!sendAll(m_head.constData(), m_head.size())) return;
        for (qint64 at = 0; at < m_body.size() && !m_stop; at += 16384) {
            const auto n = std::min<qint64>(16384, m_body.size() - at);
            if (!sendAll(m_body.constData() + at, n)) return;
            m_sent += n;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        m_finished = true;
    }
    bool sendAll(const char* data, qint64 size) {
        while (size > 0) {
            const auto n = ::send(m_fd, data, static_cast<size_t>(size), MSG_NOSIGNAL);
            if (n <= 0) {
                m_brokenOff = true;
                return false;
            }
            data += n;
            size -= n;
        }
        return true;
    }

    QByteArray m_head;
    QByteArray m_body;
    int m_fd = -1;
    bool m_connected = false;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_sent{0};
    std::atomic<bool> m_brokenOff{false};
    std::atomic<bool> m_finished{false};
};

}  // namespace

class TestApiShutdown final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sigtermDuringASyncLetsItFinish() {
        const auto t = test::createTestTenant("STOP");
        auto agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(agent->ok(), agent->output().constData());

        // A 200,000-row package staged where the agent reads its uploads.
        Database db(test::testDatabases().pg);
        UploadStore store(agent->dataDir().toStdString() + "/uploads");
        UploadIntake intake(db, store, UploadStore::kUnlimited);
        const auto tenant = *TenantRepository(db).find(t.id.toStdString());
        const std::string path = agent->dataDir().toStdString() + "/credit.csv";
        {
            core::GeneratorOptions o;
            o.creditRows = 200000;
            o.seed = 17;
            std::ofstream out(path, std::ios::binary);
            core::generateCredit(o,
                                 [&](std::string_view s) { out.write(s.data(), long(s.size())); });
        }
        QVERIFY(
            !intake.stageFile(tenant, core::LoanType::Retail, core::FileType::Credit, path, "test")
                 .unchanged);

        test::ApiClient client(agent->url(), t.key);
        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(started.status, 202);
        const auto id = started.json().value(QLatin1String("sync_id")).toString().toStdString();
        SyncLogRepository logs(db, tenant.schema);
        QTRY_VERIFY_WITH_TIMEOUT(logs.find(id)->status == SyncStatus::Validating, 30000);

        QCOMPARE(agent->stop(120000), 0);
        const auto finished = logs.find(id);
        QCOMPARE(finished->status, SyncStatus::Completed);
        QCOMPARE(finished->credit.rowsLoaded, std::uint64_t(200000));
        ClickHouseClient ch(test::testDatabases().clickhouse);
        Warehouse warehouse(ch);
        QCOMPARE(
            liveRowCount(db, warehouse, tenant, core::FileType::Credit, core::LoanType::Retail),
            std::uint64_t(200000));

        // A restart serves again; nothing is left running or staged for this loan type.
        test::AgentProcess again;
        QVERIFY2(again.ok(), again.output().constData());
        test::ApiClient second(again.url(), t.key);
        QCOMPARE(second
                     .post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}})
                     .status,
                 422);
        QVERIFY(logs.unfinished().empty());
        Warehouse(ch).dropTenant(tenant.warehouseDatabase);
    }

    // A sync that outlasts the grace (held at STORING by the fault seam) is abandoned: the agent
    // exits 0 soon after the grace, and the next start recovers the sync (FAILED, interrupted).
    void sigtermAbandonsASyncThatOutlastsTheGrace() {
        const auto t = test::createTestTenant("STOPAB");
        auto agent = std::make_unique<test::AgentProcess>(
            QStringList{QStringLiteral("--shutdown-grace"), QStringLiteral("2s")},
            QMap<QString, QString>{
                {QStringLiteral("FINDATA_FAULT"), QStringLiteral("pause:STORING")}});
        QVERIFY2(agent->ok(), agent->output().constData());
        Database db(test::testDatabases().pg);
        UploadStore store(agent->dataDir().toStdString() + "/uploads");
        UploadIntake intake(db, store, UploadStore::kUnlimited);
        const auto tenant = *TenantRepository(db).find(t.id.toStdString());
        const std::string path = agent->dataDir().toStdString() + "/credit.csv";
        {
            core::GeneratorOptions o;
            o.creditRows = 1000;
            std::ofstream out(path, std::ios::binary);
            core::generateCredit(o,
                                 [&](std::string_view s) { out.write(s.data(), long(s.size())); });
        }
        intake.stageFile(tenant, core::LoanType::Retail, core::FileType::Credit, path, "test");
        test::ApiClient client(agent->url(), t.key);
        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(started.status, 202);
        const auto id = started.json().value(QLatin1String("sync_id")).toString().toStdString();
        SyncLogRepository logs(db, tenant.schema);
        QTRY_VERIFY_WITH_TIMEOUT(logs.find(id)->status == SyncStatus::Storing, 30000);

        QElapsedTimer clock;
        clock.start();
        QCOMPARE(agent->stop(60000), 0);
        const auto elapsed = clock.elapsed();
        qInfo("the agent exited %lld ms after SIGTERM", static_cast<long long>(elapsed));
        QVERIFY2(elapsed < 9000, qPrintable(QString::number(elapsed)));
        QVERIFY(agent->output().contains("1 sync(s) still running are abandoned"));
        QCOMPARE(logs.find(id)->status, SyncStatus::Storing);  // left as it was, for recovery

        // The next start (on the same data directory's uploads) recovers it.
        test::AgentProcess again({QStringLiteral("--data-dir"), agent->dataDir()});
        QVERIFY2(again.ok(), again.output().constData());
        const auto recovered = logs.find(id);
        QCOMPARE(recovered->status, SyncStatus::Failed);
        QVERIFY2(recovered->errorSummary.find("interrupted") != std::string::npos,
                 recovered->errorSummary.c_str());
        ClickHouseClient ch(test::testDatabases().clickhouse);
        Warehouse(ch).dropTenant(tenant.warehouseDatabase);
    }

    // The observed fault: SIGTERM waited for a slow upload however long it took.
    void sigtermCutsASlowUploadOffAfterTheGrace() {
        const auto t = test::createTestTenant("STOPUP");
        test::AgentProcess agent({QStringLiteral("--shutdown-grace"), QStringLiteral("2s")});
        QVERIFY2(agent.ok(), agent.output().constData());

        // About 24 MB of credit rows: half a minute at the sender's pace.
        QByteArray body;
        core::GeneratorOptions o;
        o.creditRows = 150000;
        o.seed = 5;
        core::generateCredit(o, [&](std::string_view s) {
            body.append(s.data(), static_cast<qsizetype>(s.size()));
        });
        QVERIFY(body.size() > 20'000'000);
        const QByteArray head =
            "POST /api/uploads/?loan_type=RETAIL&file_type=credit&filename=slow.csv HTTP/1.1\r\n"
            "Host: 127.0.0.1\r\nAuthorization: Api-Key " +
            t.key.toUtf8() +
            "\r\nContent-Type: text/csv\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n\r\n";
        const auto port = static_cast<quint16>(QUrl(agent.url()).port());
        SlowUpload upload(port, head, body);
        QVERIFY(upload.connected());

        // The upload is being written when the signal comes.
        const std::filesystem::path tenantDir =
            agent.dataDir().toStdString() + "/uploads/" + t.id.toStdString();
        QTRY_VERIFY_WITH_TIMEOUT(upload.sent() > 1'000'000 && !filesUnder(tenantDir).isEmpty(),
                                 20000);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(static_cast<pid_t>(agent.pid()), SIGTERM), 0);

        // No new connection is accepted from then on.
        test::ApiClient client(agent.url(), t.key);
        QTRY_COMPARE_WITH_TIMEOUT(
            client.send("GET", QStringLiteral("/health"), {}, {}, {}, 1000).status, 0, 2000);

        // 2 s of grace, then the upload is cut off and the agent exits 0 (a generous margin for
        // a loaded machine; before, it waited for the whole body: 31.7 s here).
        const int code = agent.stop(60000);
        const auto elapsed = clock.elapsed();
        qInfo("the agent exited %lld ms after SIGTERM; the upload had sent %lld of %lld bytes",
              static_cast<long long>(elapsed), static_cast<long long>(upload.sent()),
              static_cast<long long>(body.size()));
        QCOMPARE(code, 0);
        QVERIFY2(elapsed < 9000, qPrintable(QString::number(elapsed)));
        QTRY_VERIFY_WITH_TIMEOUT(upload.brokenOff(), 10000);
        QVERIFY(!upload.finished());
        QVERIFY(agent.output().contains("connection(s) still busy after 2 s are closed"));

        // Nothing of it is kept: no file (partial or staged), no record.
        QCOMPARE(filesUnder(tenantDir), QStringList());
        Database db(test::testDatabases().pg);
        QCOMPARE(UploadRepository(db, t.schema).list().size(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestApiShutdown)
#include "tst_api_shutdown.moc"
