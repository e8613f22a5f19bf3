// The uploads, pre-check and tenant routes of a real `findata-agent serve`: staging the sample
// files and listing them, unchanged re-uploads after a sync, oversize, truncated and wrongly
// typed uploads leaving nothing behind, deletion rules, the check summary, who-am-I, key
// rotation and the auth matrix. One agent for the whole suite, with a 1 MB upload limit.

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QUrl>
#include <QtTest>
#include <filesystem>
#include <memory>

#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/tenants.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::test;

namespace {

constexpr qint64 kUploadLimit = 1000000;

QString sample(const QString& relative) {
    return QStringLiteral(FINDATA_SAMPLE_DIR "/") + relative;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QString sha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString uploadPath(const QString& loanType, const QString& fileType,
                   const QString& filename = QStringLiteral("x.csv")) {
    return QStringLiteral("/api/uploads/?loan_type=%1&file_type=%2&filename=%3")
        .arg(loanType, fileType, filename);
}

// Every file (hidden partial files included) under a tenant's part of the upload store.
QStringList filesUnder(const QString& directory) {
    QStringList files;
    std::error_code error;
    const std::filesystem::path root = directory.toStdString();
    if (!std::filesystem::exists(root, error)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error))
        if (entry.is_regular_file()) files << QString::fromStdString(entry.path().string());
    return files;
}

QSet<QString> ids(const ApiReply& list) {
    QSet<QString> out;
    for (const auto& v : list.json()[QLatin1String("uploads")].toArray())
        out.insert(v.toObject()[QLatin1String("id")].toString());
    return out;
}

struct RawReply {
    int status = 0;
    QJsonObject json;
};

// A request written byte by byte on a socket of our own: what QNetworkAccessManager will not
// send (a chunked body, a body shorter than its Content-Length).
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
    void abort() { m_socket.abort(); }
    // Reads until the server closes the connection (requests carry Connection: close).
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

QByteArray requestHead(const QString& pathAndQuery, const QString& key,
                       const QByteArray& lengthHeader) {
    return "POST " + pathAndQuery.toUtf8() +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Api-Key " + key.toUtf8() +
           "\r\nContent-Type: text/csv\r\nConnection: close\r\n" + lengthHeader + "\r\n";
}

// CSV-looking bytes of a given size.
QByteArray bulk(qint64 size) {
    QByteArray line("LOAN_000001;CUST_00001;I;A;0;20300101\n");
    QByteArray out;
    out.reserve(size);
    while (out.size() < size)
        out += line;
    out.truncate(size);
    return out;
}

}  // namespace

class TestApiUploads final : public QObject {
    Q_OBJECT

    std::unique_ptr<AgentProcess> m_agent;
    TestTenant m_tenant;  // gets BANK001's RETAIL package, synced
    TestTenant m_other;   // another bank, for isolation
    TestTenant m_spare;   // its fresh keys clear the agent's failed-login counter
    std::unique_ptr<ApiClient> m_api;
    QMap<QString, QString> m_uploadIds;  // file type → upload id of m_tenant's RETAIL package

    ApiClient client(const TestTenant& tenant) const {
        return ApiClient(m_agent->url(), tenant.key);
    }

    QString uploadDir(const TestTenant& tenant) const {
        return m_agent->dataDir() + QStringLiteral("/uploads/") + tenant.id;
    }

    // The agent slows down a client after repeated failed logins; a successful login with a key
    // it has not seen before clears the count, so the auth matrix can fail as often as it needs.
    void clearFailedLogins() {
        agent::Database db(testDatabases().pg);
        const auto key = agent::TenantRepository(db).rotateKey(m_spare.id.toStdString());
        m_spare.key = QString::fromStdString(key);
        QCOMPARE(client(m_spare).get(QStringLiteral("/api/tenant/")).status, 200);
    }

    int runAgentCommand(const QStringList& args) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        const auto& urls = testDatabases();
        p.start(QStringLiteral(FINDATA_AGENT_BINARY),
                args + QStringList{QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                                   QStringLiteral("--clickhouse-url"),
                                   QString::fromStdString(urls.clickhouse),
                                   QStringLiteral("--data-dir"), m_agent->dataDir()});
        if (!p.waitForFinished(300000)) return -1;
        if (p.exitCode() != 0) qWarning("%s", p.readAll().constData());
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<AgentProcess>(
            QStringList{QStringLiteral("--max-upload-bytes"), QString::number(kUploadLimit)});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = createTestTenant("UPL");
        m_other = createTestTenant("UPO");
        m_spare = createTestTenant("UPS");
        m_api = std::make_unique<ApiClient>(m_agent->url(), m_tenant.key);
    }

    void uploadSamples_data() {
        QTest::addColumn<QString>("fileType");
        QTest::addRow("BANK001 RETAIL credit") << QStringLiteral("credit");
        QTest::addRow("BANK001 RETAIL payment plan") << QStringLiteral("payment_plan");
    }
    void uploadSamples() {
        QFETCH(QString, fileType);
        const QByteArray file =
            readFile(sample(QStringLiteral("BANK001/RETAIL/") + fileType + QStringLiteral(".csv")));
        const auto reply = m_api->send(
            "POST",
            uploadPath(QStringLiteral("RETAIL"), fileType, fileType + QStringLiteral(".csv")), file,
            "text/csv");
        QCOMPARE(reply.status, 201);
        const auto u = reply.json();
        QCOMPARE(u[QLatin1String("loan_type")].toString(), QStringLiteral("RETAIL"));
        QCOMPARE(u[QLatin1String("file_type")].toString(), fileType);
        QCOMPARE(u[QLatin1String("original_name")].toString(), fileType + QStringLiteral(".csv"));
        QCOMPARE(u[QLatin1String("size_bytes")].toInteger(), file.size());
        QCOMPARE(u[QLatin1String("sha256")].toString(), sha256(file));
        QCOMPARE(u[QLatin1String("status")].toString(), QStringLiteral("STAGED"));
        QVERIFY(!u[QLatin1String("uploaded_at")].toString().isEmpty());
        const QString id = u[QLatin1String("id")].toString();
        QCOMPARE(reply.headers.value("location"), "/api/uploads/" + id.toUtf8() + "/");
        m_uploadIds[fileType] = id;

        const auto one = m_api->get(QStringLiteral("/api/uploads/%1/").arg(id));
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json()[QLatin1String("sha256")].toString(), sha256(file));
    }

    void listFilters() {
        QCOMPARE(m_uploadIds.size(), 2);
        const auto all = m_api->get(QStringLiteral("/api/uploads/"));
        QCOMPARE(all.status, 200);
        QCOMPARE(ids(all), QSet<QString>(m_uploadIds.begin(), m_uploadIds.end()));
        const auto staged =
            m_api->get(QStringLiteral("/api/uploads/?loan_type=RETAIL&status=STAGED&limit=1"));
        QCOMPARE(staged.status, 200);
        QCOMPARE(ids(staged).size(), 1);
        QCOMPARE(ids(m_api->get(QStringLiteral("/api/uploads/?loan_type=COMMERCIAL"))).size(), 0);
        QCOMPARE(ids(m_api->get(QStringLiteral("/api/uploads/?status=SYNCED"))).size(), 0);
        QCOMPARE(ids(m_api->get(QStringLiteral("/api/uploads/?offset=2"))).size(), 0);
        // tenant_id naming the caller is fine
        QCOMPARE(m_api->get(QStringLiteral("/api/uploads/?tenant_id=") + m_tenant.id).status, 200);
        // the stored, compressed files exist
        QCOMPARE(filesUnder(uploadDir(m_tenant)).size(), 2);
    }

    void unchangedAfterSync() {
        QCOMPARE(runAgentCommand({QStringLiteral("sync"), QStringLiteral("--tenant"), m_tenant.id,
                                  QStringLiteral("--loan-type"), QStringLiteral("RETAIL")}),
                 0);
        const auto synced = m_api->get(
            QStringLiteral("/api/uploads/%1/").arg(m_uploadIds[QStringLiteral("credit")]));
        QCOMPARE(synced.json()[QLatin1String("status")].toString(), QStringLiteral("SYNCED"));
        QVERIFY(!synced.json()[QLatin1String("sync_id")].toString().isEmpty());

        const QByteArray file = readFile(sample(QStringLiteral("BANK001/RETAIL/credit.csv")));
        const auto again =
            m_api->send("POST", uploadPath(QStringLiteral("RETAIL"), QStringLiteral("credit")),
                        file, "text/csv");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json()[QLatin1String("status")].toString(), QStringLiteral("unchanged"));
        QVERIFY(!again.json()[QLatin1String("reason")].toString().isEmpty());
        QCOMPARE(ids(m_api->get(QStringLiteral("/api/uploads/?status=STAGED"))).size(), 0);
    }

    void tenantInfo() {
        const auto reply = m_api->get(QStringLiteral("/api/tenant/"));
        QCOMPARE(reply.status, 200);
        const auto t = reply.json();
        QCOMPARE(t[QLatin1String("id")].toString(), m_tenant.id);
        QCOMPARE(t[QLatin1String("name")].toString(), QStringLiteral("API test"));
        QCOMPARE(t[QLatin1String("key_prefix")].toString(), m_tenant.key.left(16));
        QCOMPARE(t[QLatin1String("active")].toBool(), true);
        QCOMPARE(t[QLatin1String("warehouse_database")].toString(),
                 QString::fromStdString(m_tenant.warehouseDatabase));
        QVERIFY(!t[QLatin1String("created_at")].toString().isEmpty());
        QVERIFY(!reply.body.contains("api_key_hash"));
        const auto counts = t[QLatin1String("counts")].toObject();
        QCOMPARE(counts[QLatin1String("uploads_staged")].toInteger(), 0);
        QCOMPARE(counts[QLatin1String("syncs")].toInteger(), 1);
        const auto retail =
            counts[QLatin1String("live_rows")].toObject()[QLatin1String("RETAIL")].toObject();
        QVERIFY(retail[QLatin1String("credit")].toInteger() > 0);
        QVERIFY(retail[QLatin1String("payment_plan")].toInteger() > 0);
        const auto commercial =
            counts[QLatin1String("live_rows")].toObject()[QLatin1String("COMMERCIAL")].toObject();
        QCOMPARE(commercial[QLatin1String("credit")].toInteger(), 0);
    }

    void deleteOnlyStaged() {
        const QByteArray file = readFile(sample(QStringLiteral("BANK001/COMMERCIAL/credit.csv")));
        const auto staged =
            m_api->send("POST", uploadPath(QStringLiteral("COMMERCIAL"), QStringLiteral("credit")),
                        file, "text/csv");
        QCOMPARE(staged.status, 201);
        const QString id = staged.json()[QLatin1String("id")].toString();
        const QString dir = uploadDir(m_tenant) + QStringLiteral("/COMMERCIAL");
        QCOMPARE(filesUnder(dir).size(), 1);

        const auto deleted = m_api->del(QStringLiteral("/api/uploads/%1/").arg(id));
        QVERIFY2(deleted.status == 200 || deleted.status == 204, deleted.body.constData());
        QCOMPARE(m_api->get(QStringLiteral("/api/uploads/%1/").arg(id))
                     .json()[QLatin1String("status")]
                     .toString(),
                 QStringLiteral("DELETED"));
        QVERIFY(!ids(m_api->get(QStringLiteral("/api/uploads/?status=STAGED"))).contains(id));
        QCOMPARE(filesUnder(dir), QStringList());

        const auto twice = m_api->del(QStringLiteral("/api/uploads/%1/").arg(id));
        QCOMPARE(twice.status, 409);
        const auto synced = m_api->del(
            QStringLiteral("/api/uploads/%1/").arg(m_uploadIds[QStringLiteral("credit")]));
        QCOMPARE(synced.status, 409);
        QCOMPARE(synced.errorCode(), QStringLiteral("conflict"));
        QCOMPARE(
            m_api
                ->get(QStringLiteral("/api/uploads/%1/").arg(m_uploadIds[QStringLiteral("credit")]))
                .json()[QLatin1String("status")]
                .toString(),
            QStringLiteral("SYNCED"));
    }

    void oversizeStagesNothing_data() {
        QTest::addColumn<bool>("chunked");
        QTest::addRow("declared by Content-Length") << false;
        QTest::addRow("chunked, found while streaming") << true;
    }
    void oversizeStagesNothing() {
        QFETCH(bool, chunked);
        const TestTenant tenant = createTestTenant("UPX");
        const QByteArray body = bulk(kUploadLimit + 200000);
        const QString path = uploadPath(QStringLiteral("RETAIL"), QStringLiteral("credit"));
        int status = 0;
        QString code;
        if (!chunked) {
            const auto reply = client(tenant).send("POST", path, body, "text/csv");
            status = reply.status;
            code = reply.errorCode();
        } else {
            RawConnection raw(m_agent->url());
            QVERIFY(raw.connected());
            raw.write(requestHead(path, tenant.key, "Transfer-Encoding: chunked\r\n"));
            for (qint64 at = 0; at < body.size(); at += 65536) {
                const QByteArray piece = body.mid(at, 65536);
                raw.write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            }
            raw.write("0\r\n\r\n");
            const auto reply = raw.reply();
            status = reply.status;
            code = reply.json[QLatin1String("error")].toObject()[QLatin1String("code")].toString();
        }
        QCOMPARE(status, 413);
        QCOMPARE(code, QStringLiteral("payload_too_large"));
        QCOMPARE(ids(client(tenant).get(QStringLiteral("/api/uploads/"))).size(), 0);
        QTRY_COMPARE(filesUnder(uploadDir(tenant)), QStringList());
    }

    void truncatedUploadStagesNothing() {
        const TestTenant tenant = createTestTenant("UPT");
        const QByteArray file = readFile(sample(QStringLiteral("BANK001/RETAIL/payment_plan.csv")));
        {
            RawConnection raw(m_agent->url());
            QVERIFY(raw.connected());
            raw.write(requestHead(
                uploadPath(QStringLiteral("RETAIL"), QStringLiteral("payment_plan")), tenant.key,
                "Content-Length: " + QByteArray::number(file.size()) + "\r\n"));
            raw.write(file.left(file.size() / 2));
            // The agent is writing the upload (its partial file exists) when the client dies.
            QTRY_COMPARE(filesUnder(uploadDir(tenant)).size(), 1);
            raw.abort();
        }
        QTRY_COMPARE(filesUnder(uploadDir(tenant)), QStringList());
        ApiClient api = client(tenant);
        QCOMPARE(ids(api.get(QStringLiteral("/api/uploads/"))).size(), 0);
        // still serving, and the same upload sent whole now succeeds
        const auto whole =
            api.send("POST", uploadPath(QStringLiteral("RETAIL"), QStringLiteral("payment_plan")),
                     file, "text/csv");
        QCOMPARE(whole.status, 201);
        QCOMPARE(whole.json()[QLatin1String("size_bytes")].toInteger(), file.size());
    }

    void wrongContentType_data() {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addRow("JSON") << QByteArray("application/json");
        QTest::addRow("form") << QByteArray("application/x-www-form-urlencoded");
        QTest::addRow("XML") << QByteArray("application/xml; charset=utf-8");
    }
    void wrongContentType() {
        QFETCH(QByteArray, contentType);
        const TestTenant tenant = createTestTenant("UPM");
        const QByteArray body = readFile(sample(QStringLiteral("BANK001/RETAIL/credit.csv")));
        const auto reply = client(tenant).send(
            "POST", uploadPath(QStringLiteral("RETAIL"), QStringLiteral("credit")), body,
            contentType);
        QCOMPARE(reply.status, 415);
        QCOMPARE(reply.errorCode(), QStringLiteral("unsupported_media_type"));
        QCOMPARE(ids(client(tenant).get(QStringLiteral("/api/uploads/"))).size(), 0);
        QCOMPARE(filesUnder(uploadDir(tenant)), QStringList());
        // the connection that carried the refused body still works for the next request
        QCOMPARE(client(tenant).get(QStringLiteral("/api/tenant/")).status, 200);
    }

    void badParameters_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("upload without loan_type")
            << QByteArray("POST") << QStringLiteral("/api/uploads/?file_type=credit")
            << QStringLiteral("loan_type");
        QTest::addRow("upload with unknown loan_type")
            << QByteArray("POST")
            << QStringLiteral("/api/uploads/?loan_type=MORTGAGE&file_type=credit")
            << QStringLiteral("loan_type");
        QTest::addRow("upload with unknown file_type")
            << QByteArray("POST") << QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=x")
            << QStringLiteral("file_type");
        QTest::addRow("upload with a control character in filename")
            << QByteArray("POST")
            << QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=credit&filename=a%0Ab")
            << QStringLiteral("filename");
        QTest::addRow("list with limit not a number")
            << QByteArray("GET") << QStringLiteral("/api/uploads/?limit=ten")
            << QStringLiteral("limit");
        QTest::addRow("list with limit 0")
            << QByteArray("GET") << QStringLiteral("/api/uploads/?limit=0")
            << QStringLiteral("limit");
        QTest::addRow("list with negative offset")
            << QByteArray("GET") << QStringLiteral("/api/uploads/?offset=-1")
            << QStringLiteral("offset");
        QTest::addRow("list with unknown status")
            << QByteArray("GET") << QStringLiteral("/api/uploads/?status=GONE")
            << QStringLiteral("status");
        QTest::addRow("list with unknown loan_type")
            << QByteArray("GET") << QStringLiteral("/api/uploads/?loan_type=1%3D1")
            << QStringLiteral("loan_type");
        QTest::addRow("check with reject ratio above 1")
            << QByteArray("POST")
            << QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit&max_reject_ratio=2")
            << QStringLiteral("max_reject_ratio");
        QTest::addRow("check with max_findings not a number")
            << QByteArray("POST")
            << QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit&max_findings=x")
            << QStringLiteral("max_findings");
    }
    void badParameters() {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, parameter);
        const auto reply = method == "GET" ? m_api->get(path)
                                           : m_api->send(method, path, "a;b\n1;2\n", "text/csv");
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("bad_request"));
        const auto error = reply.json()[QLatin1String("error")].toObject();
        QCOMPARE(error[QLatin1String("details")].toObject()[QLatin1String("parameter")].toString(),
                 parameter);
        QVERIFY(error[QLatin1String("message")].toString().contains(parameter));
    }

    void multipartUpload() {
        const TestTenant tenant = createTestTenant("UPF");
        const QByteArray file = readFile(sample(QStringLiteral("BANK002/RETAIL/credit.csv")));
        const QByteArray boundary = "----findata-test-boundary-7d1f";
        auto field = [&](const char* name, const QByteArray& value) {
            return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
                   "\"\r\n\r\n" + value + "\r\n";
        };
        const QByteArray form =
            field("loan_type", "RETAIL") + field("file_type", "credit") + "--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bank002_credit.csv\""
            "\r\nContent-Type: text/csv\r\n\r\n" +
            file + "\r\n--" + boundary + "--\r\n";
        const auto reply = client(tenant).send("POST", QStringLiteral("/api/uploads/"), form,
                                               "multipart/form-data; boundary=" + boundary);
        QCOMPARE(reply.status, 201);
        const auto u = reply.json();
        QCOMPARE(u[QLatin1String("original_name")].toString(),
                 QStringLiteral("bank002_credit.csv"));
        QCOMPARE(u[QLatin1String("loan_type")].toString(), QStringLiteral("RETAIL"));
        // exactly the file's bytes, none of the form around them
        QCOMPARE(u[QLatin1String("size_bytes")].toInteger(), file.size());
        QCOMPARE(u[QLatin1String("sha256")].toString(), sha256(file));

        const QByteArray noFile = field("loan_type", "RETAIL") + field("file_type", "credit") +
                                  "--" + boundary + "--\r\n";
        const auto missing = client(tenant).send("POST", QStringLiteral("/api/uploads/"), noFile,
                                                 "multipart/form-data; boundary=" + boundary);
        QCOMPARE(missing.status, 400);
        QCOMPARE(ids(client(tenant).get(QStringLiteral("/api/uploads/"))).size(), 1);
    }

    void checkDocumentedErrors() {
        QSet<QString> expected;
        const auto lines =
            QString::fromUtf8(readFile(sample(QStringLiteral("BANK003/expected_errors.csv"))))
                .split(u'\n');
        for (const auto& line : lines.mid(1)) {
            const auto cols = line.trimmed().split(u';');
            if (cols.size() == 4 && cols[0] == QLatin1String("RETAIL/credit.csv"))
                expected.insert(cols[1] + u'|' + cols[2] + u'|' + cols[3]);
        }
        QVERIFY(!expected.isEmpty());
        const QByteArray file = readFile(sample(QStringLiteral("BANK003/RETAIL/credit.csv")));
        const auto reply = m_api->send(
            "POST",
            QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit&max_findings=1000&"
                           "filename=bank003.csv"),
            file, "text/csv");
        QCOMPARE(reply.status, 200);
        const auto doc = reply.json();
        QCOMPARE(doc[QLatin1String("file")].toString(), QStringLiteral("bank003.csv"));
        QCOMPARE(doc[QLatin1String("errors")].toInteger(), expected.size());
        QCOMPARE(doc[QLatin1String("bytes_read")].toInteger(), file.size());
        QCOMPARE(doc[QLatin1String("refused")].toBool(), false);
        QCOMPARE(doc[QLatin1String("accepted")].toBool(), true);
        QSet<QString> actual;
        for (const auto& v : doc[QLatin1String("findings")].toArray()) {
            const auto f = v.toObject();
            if (f[QLatin1String("severity")].toString() != QLatin1String("error")) continue;
            actual.insert(QString::number(f[QLatin1String("line")].toInteger()) + u'|' +
                          f[QLatin1String("field")].toString() + u'|' +
                          f[QLatin1String("error_type")].toString());
        }
        QCOMPARE(actual, expected);
        // the same document as `check --json` prints (the file name aside)
        QProcess check;
        check.start(
            QStringLiteral(FINDATA_AGENT_BINARY),
            {QStringLiteral("check"), QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
             QStringLiteral("--file-type"), QStringLiteral("credit"), QStringLiteral("--json"),
             QStringLiteral("--max-findings"), QStringLiteral("1000"),
             sample(QStringLiteral("BANK003/RETAIL/credit.csv"))});
        QVERIFY(check.waitForFinished(60000));
        auto cli = QJsonDocument::fromJson(check.readAllStandardOutput()).object();
        auto api = doc;
        cli.remove(QLatin1String("file"));
        api.remove(QLatin1String("file"));
        QCOMPARE(api, cli);
        // nothing was staged
        QCOMPARE(ids(m_api->get(QStringLiteral("/api/uploads/?status=STAGED"))).size(), 0);
    }

    void checkRefusesBinary() {
        const auto reply =
            m_api->send("POST", QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit"),
                        readFile(QStringLiteral(FINDATA_TEST_DATA_DIR "/binary.bin")),
                        "application/octet-stream");
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json()[QLatin1String("refused")].toBool(), true);
        QCOMPARE(reply.json()[QLatin1String("accepted")].toBool(), false);
        QVERIFY(!reply.json()[QLatin1String("refusal")].toString().isEmpty());
    }

    // A plan alone is cross-checked against the tenant's live credits in the warehouse.
    void checkPlanAgainstLiveCredits_data() {
        QTest::addColumn<bool>("withCredits");
        QTest::addRow("tenant holding BANK001's credits") << true;
        QTest::addRow("tenant without credits") << false;
    }
    void checkPlanAgainstLiveCredits() {
        QFETCH(bool, withCredits);
        const TestTenant empty = withCredits ? m_tenant : createTestTenant("UPE");
        const auto reply = client(empty).send(
            "POST", QStringLiteral("/api/check/?loan_type=RETAIL&file_type=payment_plan"),
            readFile(sample(QStringLiteral("BANK001/RETAIL/payment_plan.csv"))), "text/csv");
        QCOMPARE(reply.status, 200);
        const auto doc = reply.json();
        const auto crossReference = doc[QLatin1String("cross_reference")].toObject();
        QCOMPARE(crossReference[QLatin1String("source")].toString(), QStringLiteral("warehouse"));
        const auto rowsRead = doc[QLatin1String("rows_read")].toInteger();
        QVERIFY(rowsRead > 0);
        qint64 crossReferenceErrors = 0;
        for (const auto& g : doc[QLatin1String("groups")].toArray())
            if (g.toObject()[QLatin1String("error_type")].toString() ==
                QLatin1String("CROSS_REFERENCE"))
                crossReferenceErrors += g.toObject()[QLatin1String("count")].toInteger();
        if (withCredits) {
            const auto live = m_api->get(QStringLiteral("/api/tenant/"))
                                  .json()[QLatin1String("counts")]
                                  .toObject()[QLatin1String("live_rows")]
                                  .toObject()[QLatin1String("RETAIL")]
                                  .toObject()[QLatin1String("credit")]
                                  .toInteger();
            QCOMPARE(crossReference[QLatin1String("live_credits")].toInteger(), live);
            QCOMPARE(crossReferenceErrors, 0);
        } else {
            QCOMPARE(crossReference[QLatin1String("live_credits")].toInteger(), 0);
            QCOMPARE(crossReferenceErrors, rowsRead);
            QCOMPARE(doc[QLatin1String("accepted")].toBool(), false);
        }
    }

    void authMatrix_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("authorization");
        QTest::addColumn<int>("status");
        const QStringList paths = {QStringLiteral("/api/tenant/"),
                                   QStringLiteral("/api/tenant/rotate-key/"),
                                   uploadPath(QStringLiteral("RETAIL"), QStringLiteral("credit")),
                                   QStringLiteral("/api/uploads/"),
                                   QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit")};
        const QList<QByteArray> methods = {"GET", "POST", "POST", "GET", "POST"};
        const QList<std::pair<const char*, QString>> keys = {
            {"no key", QString()},
            {"malformed key", QStringLiteral("Api-Key sk_live_nothex")},
            {"wrong scheme", QStringLiteral("Bearer sk_live_") + QString(48, u'a')},
            {"unknown key", QStringLiteral("Api-Key sk_live_") + QString(48, u'0')},
            {"revoked key", QStringLiteral("revoked")}};
        for (qsizetype i = 0; i < paths.size(); ++i)
            for (const auto& [name, header] : keys)
                QTest::addRow("%s %s, %s", methods[i].constData(), qPrintable(paths[i]), name)
                    << methods[i] << paths[i] << header << 401;
    }
    void authMatrix() {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, authorization);
        clearFailedLogins();
        if (authorization == QLatin1String("revoked")) {
            // a key that was valid until its tenant's key was rotated
            const TestTenant revoked = createTestTenant("UPR");
            agent::Database db(testDatabases().pg);
            agent::TenantRepository(db).rotateKey(revoked.id.toStdString());
            authorization = QStringLiteral("Api-Key ") + revoked.key;
        }
        ApiClient anonymous(m_agent->url());
        QMap<QByteArray, QByteArray> headers;
        if (!authorization.isEmpty()) headers.insert("Authorization", authorization.toUtf8());
        const auto reply = anonymous.send(method, path, method == "POST" ? "a;b\n" : QByteArray(),
                                          method == "POST" ? "text/csv" : QByteArray(), headers);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(!reply.body.contains(m_tenant.id.toUtf8()));
    }

    // Another bank's key with this bank's upload id answers exactly as a missing id does.
    void otherTenantsUploadIsMissing_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addRow("GET") << QByteArray("GET");
        QTest::addRow("DELETE") << QByteArray("DELETE");
    }
    void otherTenantsUploadIsMissing() {
        QFETCH(QByteArray, method);
        const QString id = m_uploadIds[QStringLiteral("payment_plan")];
        const QString missing = QStringLiteral("00000000-0000-4000-8000-000000000000");
        ApiClient other = client(m_other);
        const auto foreign = other.send(method, QStringLiteral("/api/uploads/%1/").arg(id));
        const auto absent = other.send(method, QStringLiteral("/api/uploads/%1/").arg(missing));
        QCOMPARE(foreign.status, 404);
        QCOMPARE(absent.status, 404);
        QCOMPARE(QString::fromUtf8(foreign.body).replace(id, QStringLiteral("ID")),
                 QString::fromUtf8(absent.body).replace(missing, QStringLiteral("ID")));
        QCOMPARE(other.get(QStringLiteral("/api/uploads/not-a-uuid/")).status, 404);
        QCOMPARE(ids(other.get(QStringLiteral("/api/uploads/"))).size(), 0);
        // tenant_id naming another tenant: as if there were no such tenant
        const auto byTenant = other.get(QStringLiteral("/api/uploads/?tenant_id=") + m_tenant.id);
        const auto noTenant = other.get(QStringLiteral("/api/uploads/?tenant_id=NOSUCHBANK"));
        QCOMPARE(byTenant.status, 404);
        QCOMPARE(QString::fromUtf8(byTenant.body).replace(m_tenant.id, QStringLiteral("T")),
                 QString::fromUtf8(noTenant.body)
                     .replace(QStringLiteral("NOSUCHBANK"), QStringLiteral("T")));
        // the owner still has it, untouched
        QCOMPARE(m_api->get(QStringLiteral("/api/uploads/%1/").arg(id)).status, 200);
    }

    void rotateKey() {
        clearFailedLogins();
        const TestTenant tenant = createTestTenant("UPK");
        ApiClient old = client(tenant);
        QCOMPARE(old.get(QStringLiteral("/api/tenant/")).status, 200);  // now remembered

        const auto rotated = old.send("POST", QStringLiteral("/api/tenant/rotate-key/"));
        QCOMPARE(rotated.status, 200);
        const QString key = rotated.json()[QLatin1String("api_key")].toString();
        static const QRegularExpression shape(QStringLiteral("^sk_live_[0-9a-f]{48}$"));
        QVERIFY2(shape.match(key).hasMatch(), qPrintable(key));
        QVERIFY(key != tenant.key);
        QCOMPARE(rotated.json()[QLatin1String("key_prefix")].toString(), key.left(16));

        const auto refused = old.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(refused.status, 401);
        ApiClient fresh(m_agent->url(), key);
        const auto me = fresh.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("key_prefix")].toString(), key.left(16));

        // audited with the prefixes only, never the key
        agent::Database db(testDatabases().pg);
        bool audited = false;
        for (const auto& entry : agent::AuditLog(db, tenant.schema).list()) {
            const auto details = QString::fromStdString(entry.details.dump());
            QVERIFY2(!details.contains(key.mid(16)), qPrintable(details));
            if (entry.action == "POST /api/tenant/rotate-key/") audited = true;
        }
        QVERIFY(audited);
    }

    void cleanupTestCase() {
        if (m_agent) QVERIFY2(m_agent->stop() == 0, m_agent->output().constData());
    }
};

QTEST_GUILESS_MAIN(TestApiUploads)
#include "tst_api_uploads.moc"
