// The free-space reserve of the data directory, on a real small filesystem: a 64 MiB tmpfs is
// the agent's data directory (its databases are the run's shared ones, so only uploads live
// there), with the default reserve of 10 % (6.4 MiB). An upload that would go below the reserve
// gets 507 and nothing is written, whether its length is declared, it comes chunked or it
// inflates from gzip; one that fits is staged and synced; below the reserve /health says
// degraded and neither uploads nor syncs start, and all works again once space is freed. Needs
// root (mount); skipped otherwise.

#include <unistd.h>

#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/uploads.h"
#include "agent/uploads/gzip.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using namespace findata;
using namespace findata::test;

namespace {

constexpr qint64 kTmpfsBytes = 64ll << 20;

// Every file under a directory, hidden partial uploads included.
QStringList filesUnder(const std::filesystem::path& root) {
    QStringList files;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(root, error), end; !error && it != end;
         it.increment(error))
        if (it->is_regular_file()) files << QString::fromStdString(it->path().string());
    return files;
}

// CSV-looking bytes of a given size.
QByteArray bulk(qint64 size) {
    const QByteArray line("LOAN_000001;CUST_00001;I;A;0;20300101\n");
    QByteArray out;
    out.reserve(size);
    while (out.size() < size)
        out += line;
    out.truncate(size);
    return out;
}

struct RawReply {
    int status = 0;
    QJsonObject json;
    QJsonObject error() const { return json.value(QLatin1String("error")).toObject(); }
};

// One request on its own connection (Connection: close), written by hand so that a body can be
// declared and not sent, or sent chunked; reads the answer until the server closes.
class RawConnection final {
public:
    explicit RawConnection(const QString& baseUrl) {
        const QUrl url(baseUrl);
        m_socket.connectToHost(url.host(), static_cast<quint16>(url.port()));
        m_connected = m_socket.waitForConnected(10000);
    }
    bool connected() const { return m_connected; }
    void write(const QByteArray& bytes) {
        m_socket.write(bytes);
        while (m_socket.bytesToWrite() > 0 && m_socket.waitForBytesWritten(10000)) {
        }
    }
    RawReply reply() {
        QByteArray data;
        while (m_socket.state() == QAbstractSocket::ConnectedState &&
               m_socket.waitForReadyRead(30000))
            data += m_socket.readAll();
        data += m_socket.readAll();
        RawReply r;
        static const QRegularExpression statusLine(QStringLiteral("^HTTP/1\\.1 (\\d{3})"));
        const auto match = statusLine.match(QString::fromLatin1(data.left(20)));
        if (match.hasMatch()) r.status = match.captured(1).toInt();
        const auto bodyStart = data.indexOf("\r\n\r\n");
        if (bodyStart >= 0) r.json = QJsonDocument::fromJson(data.mid(bodyStart + 4)).object();
        return r;
    }

private:
    QTcpSocket m_socket;
    bool m_connected = false;
};

QByteArray uploadHead(const QString& key, const QByteArray& lengthHeader) {
    return "POST /api/uploads/?loan_type=RETAIL&file_type=credit&filename=big.csv HTTP/1.1\r\n"
           "Host: 127.0.0.1\r\nAuthorization: Api-Key " +
           key.toUtf8() + "\r\nContent-Type: text/csv\r\nConnection: close\r\n" + lengthHeader +
           "\r\n";
}

}  // namespace

class TestDiskReserve final : public QObject {
    Q_OBJECT

    QTemporaryDir m_base;
    QString m_mount;
    bool m_mounted = false;
    std::unique_ptr<AgentProcess> m_agent;
    TestTenant m_tenant;

    std::filesystem::path tenantUploads() const {
        return m_mount.toStdString() + "/uploads/" + m_tenant.id.toStdString();
    }
    std::size_t uploadRecords() const {
        agent::Database db(testDatabases().pg);
        return agent::UploadRepository(db, m_tenant.schema).list().size();
    }
    QJsonObject disk() const {
        return ApiClient(m_agent->url())
            .get(QStringLiteral("/health"))
            .json()
            .value(QLatin1String("disk"))
            .toObject();
    }
    // The 507 answer names the free space, the reserve and what was asked for.
    static void verifyRefusal(const QJsonObject& error) {
        QCOMPARE(error.value(QLatin1String("code")).toString(),
                 QStringLiteral("insufficient_storage"));
        const auto message = error.value(QLatin1String("message")).toString();
        QVERIFY2(
            message.contains(QLatin1String("reserve")) && message.contains(QLatin1String("MiB")),
            qPrintable(message));
        const auto details = error.value(QLatin1String("details")).toObject();
        QVERIFY(details.value(QLatin1String("free_bytes")).toDouble() > 0);
        QCOMPARE(details.value(QLatin1String("reserve_bytes")).toDouble(),
                 double(kTmpfsBytes / 10));
    }

private Q_SLOTS:
    void initTestCase() {
        if (::geteuid() != 0) QSKIP("mounting a tmpfs as the data directory needs root");
        m_mount = m_base.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_mount));
        QProcess mount;
        mount.setProcessChannelMode(QProcess::MergedChannels);
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=64m,mode=0711"), QStringLiteral("tmpfs"), m_mount});
        if (!mount.waitForFinished(30000) || mount.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs on %1: %2")
                                 .arg(m_mount, QString::fromLocal8Bit(mount.readAll()))));
        m_mounted = true;
        // A later --data-dir wins over AgentProcess's own.
        m_agent =
            std::make_unique<AgentProcess>(QStringList{QStringLiteral("--data-dir"), m_mount});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = createTestTenant("DISK");
    }

    void cleanupTestCase() {
        m_agent.reset();
        if (!m_tenant.warehouseDatabase.empty()) {
            agent::ClickHouseClient ch(testDatabases().clickhouse);
            agent::Warehouse(ch).dropTenant(m_tenant.warehouseDatabase);
        }
        if (m_mounted) QCOMPARE(QProcess::execute(QStringLiteral("umount"), {m_mount}), 0);
    }

    void healthAndMetricsReportTheDisk() {
        const auto reply = ApiClient(m_agent->url()).get(QStringLiteral("/health"));
        QCOMPARE(reply.status, 200);
        const auto d = reply.json().value(QLatin1String("disk")).toObject();
        QCOMPARE(d.value(QLatin1String("path")).toString(), m_mount);
        QCOMPARE(d.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(d.value(QLatin1String("total_bytes")).toDouble(), double(kTmpfsBytes));
        // The default: 10 % of the filesystem (under the 2 GiB cap).
        QCOMPARE(d.value(QLatin1String("reserve_bytes")).toDouble(), double(kTmpfsBytes / 10));
        const auto free = d.value(QLatin1String("free_bytes")).toDouble();
        QVERIFY(free > kTmpfsBytes - (1 << 20) && free <= kTmpfsBytes);

        QByteArray token;
        {
            QFile file(m_mount + QStringLiteral("/metrics-token"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            token = file.readAll().trimmed();
        }
        const auto metrics = ApiClient(m_agent->url())
                                 .send("GET", QStringLiteral("/metrics"), {}, {},
                                       {{"Authorization", "Bearer " + token}})
                                 .body;
        const QByteArray label = "{path=\"" + m_mount.toUtf8() + "\"} ";
        QVERIFY(metrics.contains("findata_disk_reserve_bytes" + label +
                                 QByteArray::number(kTmpfsBytes / 10) + "\n"));
        QVERIFY(metrics.contains("findata_disk_total_bytes" + label +
                                 QByteArray::number(kTmpfsBytes) + "\n"));
        QVERIFY(metrics.contains("findata_disk_free_bytes" + label));
    }

    // Content-Length says 62 MiB: refused before a byte of the body is sent or written.
    void aDeclaredUploadThatWouldCrossIsRefusedBeforeItsBody() {
        RawConnection raw(m_agent->url());
        QVERIFY(raw.connected());
        raw.write(
            uploadHead(m_tenant.key, "Content-Length: " + QByteArray::number(62ll << 20) + "\r\n"));
        const auto reply = raw.reply();  // no body sent at all
        QCOMPARE(reply.status, 507);
        verifyRefusal(reply.error());
        QCOMPARE(reply.error()
                     .value(QLatin1String("details"))
                     .toObject()
                     .value(QLatin1String("needed_bytes"))
                     .toDouble(),
                 double(62ll << 20));
        QCOMPARE(filesUnder(tenantUploads()), QStringList());
        QCOMPARE(uploadRecords(), std::size_t(0));
    }

    // Chunked, no length: counted as it comes and cut off when it would cross; the partial
    // file is gone and nothing is recorded.
    void aChunkedUploadIsCutOffWhenItWouldCross() {
        const QByteArray body = bulk(62ll << 20);
        RawConnection raw(m_agent->url());
        QVERIFY(raw.connected());
        raw.write(uploadHead(m_tenant.key, "Transfer-Encoding: chunked\r\n"));
        for (qint64 at = 0; at < body.size(); at += 65536) {
            const QByteArray piece = body.mid(at, 65536);
            raw.write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        }
        raw.write("0\r\n\r\n");
        const auto reply = raw.reply();
        QCOMPARE(reply.status, 507);
        verifyRefusal(reply.error());
        QVERIFY(reply.error()
                    .value(QLatin1String("message"))
                    .toString()
                    .startsWith(QLatin1String("the upload passed")));
        QCOMPARE(filesUnder(tenantUploads()), QStringList());
        QCOMPARE(uploadRecords(), std::size_t(0));
    }

    // A gzip body (Content-Encoding) whose declared length fits: counted as it inflates, and
    // cut off when the inflated bytes would cross.
    void aGzipUploadIsCountedAsItInflates() {
        QByteArray csv;
        core::GeneratorOptions o;
        o.creditRows = 400000;  // about 64 MB of rows
        o.seed = 3;
        core::generateCredit(
            o, [&](std::string_view s) { csv.append(s.data(), static_cast<qsizetype>(s.size())); });
        QByteArray gz;
        agent::GzipDeflater deflater(6);
        const auto collect = [&](std::string_view s) {
            gz.append(s.data(), static_cast<qsizetype>(s.size()));
        };
        deflater.write(std::string_view(csv.constData(), static_cast<std::size_t>(csv.size())),
                       collect);
        deflater.finish(collect);
        QVERIFY(csv.size() > kTmpfsBytes - kTmpfsBytes / 10);
        QVERIFY(gz.size() < kTmpfsBytes / 2);  // its length alone passes the first check

        RawConnection raw(m_agent->url());
        QVERIFY(raw.connected());
        raw.write(uploadHead(m_tenant.key, "Content-Encoding: gzip\r\nContent-Length: " +
                                               QByteArray::number(gz.size()) + "\r\n"));
        raw.write(gz);
        const auto reply = raw.reply();
        QCOMPARE(reply.status, 507);
        verifyRefusal(reply.error());
        QCOMPARE(filesUnder(tenantUploads()), QStringList());
        QCOMPARE(uploadRecords(), std::size_t(0));
    }

    // What fits is staged, and its sync runs (PostgreSQL and ClickHouse are not on the tmpfs).
    void anUploadThatFitsIsStagedAndSynced() {
        QByteArray csv;
        core::GeneratorOptions o;
        o.creditRows = 2000;
        o.seed = 9;
        core::generateCredit(
            o, [&](std::string_view s) { csv.append(s.data(), static_cast<qsizetype>(s.size())); });
        ApiClient client(m_agent->url(), m_tenant.key);
        const auto staged = client.send(
            "POST",
            QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=credit&filename=small.csv"),
            csv, "text/csv");
        QCOMPARE(staged.status, 201);
        QCOMPARE(filesUnder(tenantUploads()).size(), 1);

        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(started.status, 202);
        const auto id = started.json().value(QLatin1String("sync_id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(client.get(QStringLiteral("/api/sync/logs/%1/").arg(id))
                                      .json()
                                      .value(QLatin1String("status"))
                                      .toString(),
                                  QStringLiteral("COMPLETED"), 60000);
    }

    // Below the reserve: /health degraded, uploads and syncs refused with the reason; freeing
    // space brings everything back.
    void belowTheReserveNothingStartsUntilSpaceIsFreed() {
        const auto freeBefore =
            static_cast<qint64>(disk().value(QLatin1String("free_bytes")).toDouble());
        const qint64 reserve = kTmpfsBytes / 10;
        const QString ballast = m_mount + QStringLiteral("/ballast");
        {
            std::ofstream out(ballast.toStdString(), std::ios::binary);
            const std::string block(1 << 20, 'x');
            for (qint64 left = freeBefore - reserve / 2; left > 0; left -= qint64(block.size()))
                out.write(block.data(), static_cast<std::streamsize>(
                                            std::min<qint64>(left, qint64(block.size()))));
            QVERIFY(out.good());
        }
        const auto health = ApiClient(m_agent->url()).get(QStringLiteral("/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.json().value(QLatin1String("status")).toString(),
                 QStringLiteral("degraded"));
        const auto d = health.json().value(QLatin1String("disk")).toObject();
        QCOMPARE(d.value(QLatin1String("status")).toString(), QStringLiteral("low"));
        QVERIFY(d.value(QLatin1String("free_bytes")).toDouble() < double(reserve));

        ApiClient client(m_agent->url(), m_tenant.key);
        const auto upload = client.send(
            "POST",
            QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=credit&filename=a.csv"),
            bulk(1000), "text/csv");
        QCOMPARE(upload.status, 507);
        verifyRefusal(upload.json().value(QLatin1String("error")).toObject());
        const auto sync = client.post(QStringLiteral("/api/sync/"),
                                      {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(sync.status, 507);
        verifyRefusal(sync.json().value(QLatin1String("error")).toObject());
        QVERIFY(
            sync.json()
                .value(QLatin1String("error"))
                .toObject()
                .value(QLatin1String("message"))
                .toString()
                .startsWith(QLatin1String("a sync of ") + m_tenant.id + QLatin1String(" RETAIL")));
        QCOMPARE(filesUnder(tenantUploads()).size(), 1);  // the synced file, nothing new

        QVERIFY(QFile::remove(ballast));
        QCOMPARE(ApiClient(m_agent->url()).get(QStringLiteral("/health")).status, 200);
        // Nothing new is staged: the sync is refused for that reason, not for the disk.
        QCOMPARE(client
                     .post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}})
                     .status,
                 422);
    }
};

QTEST_GUILESS_MAIN(TestDiskReserve)
#include "tst_diskreserve.moc"
