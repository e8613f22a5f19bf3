// The /api/sync/… routes against a real `findata-agent serve`: starting syncs (202, 409 while one
// runs, 422 with nothing staged), live progress by long-polling, the sync history, validation
// findings (paged, filtered, grouped, CSV equal to BANK003's documented errors), rejected-row
// downloads, configurations, the auth matrix and injection attempts.

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/csvtext.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using test::ApiClient;
using test::ApiReply;
using test::parseCsv;

namespace {

QString sample(const char* bank, LoanType loanType, FileType fileType) {
    return QString::fromStdString(test::samplePath(bank, loanType, fileType));
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// An error body with the resource id replaced, so answers for different ids can be compared.
QByteArray withoutId(const ApiReply& reply, const QString& id) {
    return QString::fromUtf8(reply.body).replace(id, QStringLiteral("<id>")).toUtf8();
}

// One HTTP request from a chosen loopback source address, so the agent's per-client throttling
// of failed authentications does not mix up the rows of the auth matrix.
ApiReply sendFrom(const QString& sourceAddress, const QUrl& base, const QByteArray& method,
                  const QString& pathAndQuery, const QByteArray& authorization,
                  const QByteArray& body = {}) {
    QTcpSocket socket;
    ApiReply reply;
    if (!socket.bind(QHostAddress(sourceAddress), 0)) return reply;
    socket.connectToHost(base.host(), quint16(base.port()));
    if (!socket.waitForConnected(5000)) return reply;
    QByteArray request = method + ' ' + pathAndQuery.toUtf8() +
                         " HTTP/1.1\r\nHost: " + base.host().toUtf8() + "\r\nConnection: close\r\n";
    if (!authorization.isNull()) request += "Authorization: " + authorization + "\r\n";
    if (!body.isEmpty())
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    request += "\r\n" + body;
    socket.write(request);
    QByteArray response;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(10000))
        response += socket.readAll();
    response += socket.readAll();
    const auto split = response.indexOf("\r\n\r\n");
    if (split < 0) return reply;
    const auto statusLine = response.left(response.indexOf("\r\n"));
    reply.status = statusLine.split(' ').value(1).toInt();
    reply.body = response.mid(split + 4);
    return reply;
}

}  // namespace

class TestApiSync final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY(m_agent->ok());
        m_db = std::make_unique<Database>(test::testDatabases().pg);
        // The agent's own upload directory, so it finds what this test stages.
        m_uploads = std::make_unique<UploadStore>(
            std::filesystem::path(m_agent->dataDir().toStdString()) / "uploads");
        m_uploadIntake = std::make_unique<UploadIntake>(*m_db, *m_uploads, UploadStore::kUnlimited);
        m_a = newTenant("SYNCA");
        m_b = test::createTestTenant("SYNCB");
        m_client = std::make_unique<ApiClient>(m_agent->url(), m_a.key);
        m_revokedKey = revokedKey();

        // Tenant A: BANK003 (with documented defects) synced through the API for both loan types.
        for (const auto lt : core::kLoanTypes) {
            stageSample(m_a, "BANK003", lt);
            const auto id = startSync(*m_client, lt);
            QVERIFY(!id.isEmpty());
            const auto log = waitUntilFinished(*m_client, id);
            QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
            m_bank003[lt] = log;
        }
    }

    // POST starts a sync (202 + where to watch it); long-polling follows it to COMPLETED.
    void aStartedSyncRunsToCompletion() {
        const auto t = newTenant("SYNCRUN");
        ApiClient client(m_agent->url(), t.key);
        stageSample(t, "BANK001", LoanType::Retail);
        // tenant_id naming the caller is accepted.
        const auto reply = client.post(QStringLiteral("/api/sync/"),
                                       {{QStringLiteral("tenant_id"), t.id},
                                        {QStringLiteral("loan_type"), QStringLiteral("retail")},
                                        {QStringLiteral("force"), true}});
        QCOMPARE(reply.status, 202);
        const auto id = reply.json().value(QLatin1String("sync_id")).toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f-]{36}$")).match(id).hasMatch());
        QCOMPARE(reply.json().value(QLatin1String("status_url")).toString(),
                 QStringLiteral("/api/sync/logs/%1/").arg(id));
        QCOMPARE(reply.headers.value("location"),
                 QStringLiteral("/api/sync/logs/%1/").arg(id).toUtf8());

        int polls = 0;
        const auto log = waitUntilFinished(client, id, &polls);
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QVERIFY2(polls < 20, qPrintable(QString::number(polls)));  // long polls, not busy polls
        QCOMPARE(log.value(QLatin1String("loan_type")).toString(), QStringLiteral("RETAIL"));
        QCOMPARE(log.value(QLatin1String("trigger")).toString(), QStringLiteral("MANUAL"));
        QVERIFY(log.value(QLatin1String("actor")).toString().startsWith(QLatin1String("api:")));
        QVERIFY(log.value(QLatin1String("stage")).isNull());
        QCOMPARE(log.value(QLatin1String("running")).toBool(), false);
        const auto credit =
            log.value(QLatin1String("files")).toObject().value(QLatin1String("credit")).toObject();
        QCOMPARE(credit.value(QLatin1String("rows_read")).toInt(), 300);
        QCOMPARE(credit.value(QLatin1String("rows_loaded")).toInt(), 300);
        QCOMPARE(log.value(QLatin1String("rows_loaded")).toInt(), 1500);  // 300 + 1,200
        QVERIFY(!log.value(QLatin1String("stage_timings_ms")).toObject().isEmpty());
        static const QRegularExpression iso(
            QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
        QVERIFY(iso.match(log.value(QLatin1String("started_at")).toString()).hasMatch());
        QVERIFY(iso.match(log.value(QLatin1String("finished_at")).toString()).hasMatch());

        // A finished sync never changes: a long poll on it answers at once.
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(client.get(QStringLiteral("/api/sync/logs/%1/?wait=20").arg(id)).status, 200);
        QVERIFY(timer.elapsed() < 3000);
        // The start is in the tenant's audit log with the caller's key prefix.
        const auto audit = AuditLog(*m_db, t.schema).list();
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const AuditEntry& e) {
            return e.action == "POST /api/sync/" &&
                   e.details.value("sync_id", "") == id.toStdString();
        }));
    }

    // While a sync runs, another of the same loan type is refused with the running one's id, and
    // a long poll answers as soon as the running sync moves on.
    void aSecondSyncWhileOneRunsIsAConflict() {
        const auto t = newTenant("SYNCBUSY");
        ApiClient client(m_agent->url(), t.key);
        QTemporaryDir gen;
        const auto path = gen.filePath(QStringLiteral("credit.csv")).toStdString();
        {
            core::GeneratorOptions o;
            o.creditRows = 300000;
            o.seed = 7;
            std::ofstream out(path, std::ios::binary);
            core::generateCredit(o,
                                 [&](std::string_view s) { out.write(s.data(), long(s.size())); });
        }
        stage(t, LoanType::Retail, FileType::Credit, path);
        const auto first = startSync(client, LoanType::Retail);
        QVERIFY(!first.isEmpty());
        const auto second = client.post(QStringLiteral("/api/sync/"),
                                        {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")},
                                         {QStringLiteral("force"), true}});
        QCOMPARE(second.status, 409);
        QCOMPARE(second.errorCode(), QStringLiteral("conflict"));
        const auto details = second.json()
                                 .value(QLatin1String("error"))
                                 .toObject()
                                 .value(QLatin1String("details"))
                                 .toObject();
        QCOMPARE(details.value(QLatin1String("running_sync_id")).toString(), first);

        // Live progress: each long poll returns with a new status or progress before its wait.
        auto log = client.get(QStringLiteral("/api/sync/logs/%1/").arg(first)).json();
        QVERIFY(log.value(QLatin1String("running")).toBool());
        int changes = 0;
        QElapsedTimer timer;
        while (log.value(QLatin1String("running")).toBool() && changes < 3) {
            const auto seen = log;
            timer.start();
            log = client
                      .get(QStringLiteral(
                               "/api/sync/logs/%1/?wait=30&since_status=%2&since_progress=%3")
                               .arg(first, seen.value(QLatin1String("status")).toString())
                               .arg(seen.value(QLatin1String("progress_rows")).toInteger()))
                      .json();
            QVERIFY2(timer.elapsed() < 25000, "a long poll waited out although the sync ran");
            QVERIFY(log.value(QLatin1String("status")) != seen.value(QLatin1String("status")) ||
                    log.value(QLatin1String("progress_rows")) !=
                        seen.value(QLatin1String("progress_rows")));
            ++changes;
        }
        QVERIFY(changes > 0);
        const auto finished = waitUntilFinished(client, first);
        QCOMPARE(finished.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(finished.value(QLatin1String("rows_loaded")).toInt(), 300000);
        // The lock is free again: the next package syncs.
        stage(t, LoanType::Retail, FileType::Credit,
              sample("BANK001", LoanType::Retail, FileType::Credit).toStdString());
        const auto next = startSync(client, LoanType::Retail);
        QVERIFY(!next.isEmpty() && next != first);
        QCOMPARE(waitUntilFinished(client, next).value(QLatin1String("rows_loaded")).toInt(), 300);
    }

    // A disabled config is honoured by a manual start too: refused with 409 naming the config,
    // nothing started; force=true (the operator confirmed) starts it and the audit log says so.
    void aDisabledConfigNeedsForce() {
        const auto t = newTenant("SYNCOFF");
        ApiClient client(m_agent->url(), t.key);
        stageSample(t, "BANK001", LoanType::Retail);
        const auto refused = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(refused.status, 409);
        const auto error = refused.json().value(QLatin1String("error")).toObject();
        QVERIFY(error.value(QLatin1String("message")).toString().contains(QLatin1String("force")));
        const auto details = error.value(QLatin1String("details")).toObject();
        QCOMPARE(details.value(QLatin1String("config_disabled")).toBool(), true);
        QCOMPARE(details.value(QLatin1String("loan_type")).toString(), QStringLiteral("RETAIL"));
        QCOMPARE(client.get(QStringLiteral("/api/sync/logs/"))
                     .json()
                     .value(QLatin1String("total"))
                     .toInt(),
                 0);
        const auto id = startSync(client, LoanType::Retail);
        QVERIFY(!id.isEmpty());
        QCOMPARE(waitUntilFinished(client, id).value(QLatin1String("status")).toString(),
                 QStringLiteral("COMPLETED"));
        // An enabled config needs no confirmation (a day's interval keeps any scheduler of the
        // shared databases from starting it first).
        const auto path =
            QStringLiteral("/api/sync/configs/%1/").arg(configId(client, QStringLiteral("RETAIL")));
        QCOMPARE(client
                     .patch(path, {{QStringLiteral("enabled"), true},
                                   {QStringLiteral("interval_seconds"), 86400}})
                     .status,
                 200);
        stage(t, LoanType::Retail, FileType::Credit,
              sample("BANK002", LoanType::Retail, FileType::Credit).toStdString());
        const auto plain = client.post(QStringLiteral("/api/sync/"),
                                       {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(plain.status, 202);
        waitUntilFinished(client, plain.json().value(QLatin1String("sync_id")).toString());
    }

    void nothingStagedIsUnprocessable() {
        const auto reply = m_client->post(QStringLiteral("/api/sync/"),
                                          {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")},
                                           {QStringLiteral("force"), true}});
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorCode(), QStringLiteral("unprocessable"));
        QVERIFY(reply.json()
                    .value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(QLatin1String("nothing is staged")));
    }

    void badStartRequestsAreRefused_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        const QByteArray json = "application/json";
        QTest::addRow("no loan type") << QByteArray("{}") << json << 400;
        QTest::addRow("unknown loan type")
            << QByteArray("{\"loan_type\":\"CONSUMER\"}") << json << 400;
        QTest::addRow("injected loan type")
            << QByteArray("{\"loan_type\":\"RETAIL' OR 1=1 --\"}") << json << 400;
        QTest::addRow("loan type a number") << QByteArray("{\"loan_type\":1}") << json << 400;
        QTest::addRow("unknown field")
            << QByteArray("{\"loan_type\":\"RETAIL\",\"forcibly\":true}") << json << 400;
        QTest::addRow("force as text")
            << QByteArray("{\"loan_type\":\"RETAIL\",\"force\":\"yes\"}") << json << 400;
        QTest::addRow("not JSON") << QByteArray("loan_type=RETAIL") << json << 400;
        QTest::addRow("an array") << QByteArray("[\"RETAIL\"]") << json << 400;
        QTest::addRow("tenant id a number")
            << QByteArray("{\"loan_type\":\"RETAIL\",\"tenant_id\":5}") << json << 400;
        QTest::addRow("not JSON content")
            << QByteArray("{\"loan_type\":\"RETAIL\"}") << QByteArray("text/plain") << 415;
    }
    void badStartRequestsAreRefused() {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        const auto reply = m_client->send("POST", QStringLiteral("/api/sync/"), body, contentType);
        QCOMPARE(reply.status, status);
        QVERIFY(!reply.errorCode().isEmpty());
    }

    // Another tenant's id in the body answers exactly as an id that does not exist.
    void anotherTenantIdIsNotFound() {
        const auto other =
            m_client->post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("tenant_id"), m_b.id},
                            {QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        const QString missing = QStringLiteral("NOSUCH_TENANT_1");
        const auto absent =
            m_client->post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("tenant_id"), missing},
                            {QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(other.status, 404);
        QCOMPARE(absent.status, 404);
        QCOMPARE(withoutId(other, m_b.id), withoutId(absent, missing));
        const auto list = m_client->get(QStringLiteral("/api/sync/logs/?tenant_id=") + m_b.id);
        QCOMPARE(list.status, 404);
        QCOMPARE(withoutId(list, m_b.id),
                 withoutId(m_client->get(QStringLiteral("/api/sync/logs/?tenant_id=") + missing),
                           missing));
    }

    void logsAreListedNewestFirst() {
        const auto all = m_client->get(QStringLiteral("/api/sync/logs/")).json();
        QCOMPARE(all.value(QLatin1String("total")).toInt(), 2);
        const auto items = all.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), 2);
        // Started RETAIL, then COMMERCIAL: the newest comes first.
        QCOMPARE(items[0].toObject().value(QLatin1String("id")).toString(),
                 m_bank003[LoanType::Commercial].value(QLatin1String("id")).toString());
        QCOMPARE(items[1].toObject().value(QLatin1String("id")).toString(),
                 m_bank003[LoanType::Retail].value(QLatin1String("id")).toString());
        const auto retail =
            m_client->get(QStringLiteral("/api/sync/logs/?loan_type=RETAIL")).json();
        QCOMPARE(retail.value(QLatin1String("total")).toInt(), 1);
        QCOMPARE(retail.value(QLatin1String("items")).toArray().size(), 1);
        const auto paged = m_client->get(QStringLiteral("/api/sync/logs/?limit=1&offset=1")).json();
        QCOMPARE(paged.value(QLatin1String("total")).toInt(), 2);
        QCOMPARE(
            paged.value(QLatin1String("items")).toArray()[0].toObject().value(QLatin1String("id")),
            items[1].toObject().value(QLatin1String("id")));
        // One sync in full.
        const auto id = m_bank003[LoanType::Retail].value(QLatin1String("id")).toString();
        const auto one = m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(id));
        QCOMPARE(one.status, 200);
        const auto log = one.json();
        QCOMPARE(log.value(QLatin1String("id")).toString(), id);
        QVERIFY(log.value(QLatin1String("errors")).toInt() > 0);
        QVERIFY(log.value(QLatin1String("progress_rows")).toInt() > 0);
        const auto files = log.value(QLatin1String("files")).toObject();
        for (const auto* file : {"credit", "payment_plan"}) {
            const auto f = files.value(QLatin1String(file)).toObject();
            QCOMPARE(f.value(QLatin1String("rows_loaded")).toInt() +
                         f.value(QLatin1String("rows_rejected")).toInt(),
                     f.value(QLatin1String("rows_read")).toInt());
        }
    }

    void badQueryParametersAre400_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("loan type injection")
            << QStringLiteral("/api/sync/logs/?loan_type=RETAIL'%20OR%201=1") << "loan_type";
        QTest::addRow("limit over the cap")
            << QStringLiteral("/api/sync/logs/?limit=201") << "limit";
        QTest::addRow("limit zero") << QStringLiteral("/api/sync/logs/?limit=0") << "limit";
        QTest::addRow("limit not a number")
            << QStringLiteral("/api/sync/logs/?limit=ten") << "limit";
        QTest::addRow("limit with junk") << QStringLiteral("/api/sync/logs/?limit=5;1") << "limit";
        QTest::addRow("negative offset") << QStringLiteral("/api/sync/logs/?offset=-1") << "offset";
        QTest::addRow("wait over 60") << QStringLiteral("/api/sync/logs/{id}/?wait=61") << "wait";
        QTest::addRow("unknown since status")
            << QStringLiteral("/api/sync/logs/{id}/?wait=1&since_status=DONE") << "since_status";
        QTest::addRow("page size over 1000")
            << QStringLiteral("/api/sync/logs/{id}/errors/?page_size=1001") << "page_size";
        QTest::addRow("page zero")
            << QStringLiteral("/api/sync/logs/{id}/errors/?page=0") << "page";
        QTest::addRow("unknown file type")
            << QStringLiteral("/api/sync/logs/{id}/errors/?file_type=loans") << "file_type";
        QTest::addRow("error type injection")
            << QStringLiteral("/api/sync/logs/{id}/errors/?error_type=TYPE'%20OR%20'1'='1")
            << "error_type";
        QTest::addRow("unknown severity")
            << QStringLiteral("/api/sync/logs/{id}/errors/?severity=fatal") << "severity";
        QTest::addRow("unknown format")
            << QStringLiteral("/api/sync/logs/{id}/errors/?format=xlsx") << "format";
        QTest::addRow("raw rejected rows of both files")
            << QStringLiteral("/api/sync/logs/{id}/rejected/?format=raw") << "format";
    }
    void badQueryParametersAre400() {
        QFETCH(QString, query);
        QFETCH(QString, parameter);
        const auto id = m_bank003[LoanType::Retail].value(QLatin1String("id")).toString();
        const auto reply = m_client->get(QString(query).replace(QLatin1String("{id}"), id));
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("bad_request"));
        QCOMPARE(reply.json()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("details"))
                     .toObject()
                     .value(QLatin1String("parameter"))
                     .toString(),
                 parameter);
    }

    void findingsArePagedFilteredAndGrouped() {
        const auto log = m_bank003[LoanType::Retail];
        const auto id = log.value(QLatin1String("id")).toString();
        const auto base = QStringLiteral("/api/sync/logs/%1/errors/").arg(id);
        const auto all = m_client->get(base + QStringLiteral("?page_size=1000")).json();
        const int total = all.value(QLatin1String("total")).toInt();
        QVERIFY(total > log.value(QLatin1String("errors")).toInt());  // warnings too
        QCOMPARE(all.value(QLatin1String("page_size")).toInt(), 1000);
        // Groups add up to the total.
        int grouped = 0;
        for (const auto g : all.value(QLatin1String("groups")).toArray())
            grouped += g.toObject().value(QLatin1String("count")).toInt();
        QCOMPARE(grouped, total);
        // Pages are consecutive slices of the whole.
        const auto page2 = m_client->get(base + QStringLiteral("?page=2&page_size=5")).json();
        QCOMPARE(page2.value(QLatin1String("page")).toInt(), 2);
        const auto items = page2.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), 5);
        const auto first = items[0].toObject();
        QCOMPARE(first, all.value(QLatin1String("items")).toArray()[5].toObject());
        for (const auto* key : {"line", "field", "error_type", "severity", "message", "value"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        // Filters: errors only count what the sync log reports.
        const auto errors = m_client->get(base + QStringLiteral("?severity=error")).json();
        QCOMPARE(errors.value(QLatin1String("total")).toInt(),
                 log.value(QLatin1String("errors")).toInt());
        const auto field = first.value(QLatin1String("field")).toString();
        const auto type = first.value(QLatin1String("error_type")).toString();
        const auto narrow =
            m_client
                ->get(base +
                      QStringLiteral("?file_type=%1&field=%2&error_type=%3&page_size=1000")
                          .arg(first.value(QLatin1String("file_type")).toString(), field, type))
                .json();
        QVERIFY(narrow.value(QLatin1String("total")).toInt() >= 1);
        for (const auto item : narrow.value(QLatin1String("items")).toArray()) {
            QCOMPARE(item.toObject().value(QLatin1String("field")).toString(), field);
            QCOMPARE(item.toObject().value(QLatin1String("error_type")).toString(), type);
        }
        const auto narrowGroups = narrow.value(QLatin1String("groups")).toArray();
        QVERIFY(!narrowGroups.isEmpty());
        for (const auto g : narrowGroups)
            QCOMPARE(g.toObject().value(QLatin1String("field")).toString(), field);
        // An injection attempt in a free-text filter matches nothing and changes nothing.
        const auto injected = m_client->get(
            base + QStringLiteral("?field=x%27%3B%20DROP%20TABLE%20") +
            QString::fromStdString(m_a.schema) + QStringLiteral(".validation_errors%3B%20--"));
        QCOMPARE(injected.status, 200);
        QCOMPARE(injected.json().value(QLatin1String("total")).toInt(), 0);
        QCOMPARE(m_client->get(base).json().value(QLatin1String("total")).toInt(), total);
        QCOMPARE(m_client->get(QStringLiteral("/api/sync/logs/"))
                     .json()
                     .value(QLatin1String("total"))
                     .toInt(),
                 2);
        // Past the last page: empty, not an error.
        const auto beyond = m_client->get(base + QStringLiteral("?page=100000&page_size=1000"));
        QCOMPARE(beyond.status, 200);
        QVERIFY(beyond.json().value(QLatin1String("items")).toArray().isEmpty());
    }

    // The CSV export holds every matching finding; BANK003's errors are the documented ones.
    void findingsExportAsCsv() {
        QSet<QString> expected, exported;
        {
            const auto lines =
                readAll(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK003/expected_errors.csv"))
                    .split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                if (!lines[i].trimmed().isEmpty())
                    expected.insert(QString::fromUtf8(lines[i].trimmed()));
        }
        for (const auto lt : core::kLoanTypes) {
            const auto id = m_bank003[lt].value(QLatin1String("id")).toString();
            const auto base = QStringLiteral("/api/sync/logs/%1/errors/").arg(id);
            const auto csv = m_client->get(base + QStringLiteral("?format=csv&severity=error"));
            QCOMPARE(csv.status, 200);
            QVERIFY(csv.headers.value("content-type").startsWith("text/csv"));
            const auto records = parseCsv(csv.body);
            QCOMPARE(records.value(0),
                     (QStringList{QStringLiteral("file_type"), QStringLiteral("line"),
                                  QStringLiteral("field"), QStringLiteral("error_type"),
                                  QStringLiteral("severity"), QStringLiteral("message"),
                                  QStringLiteral("value")}));
            QCOMPARE(records.size() - 1, m_bank003[lt].value(QLatin1String("errors")).toInt());
            for (qsizetype i = 1; i < records.size(); ++i) {
                const auto& r = records[i];
                QCOMPARE(r.size(), 7);
                QCOMPARE(r[4], QStringLiteral("error"));
                exported.insert(
                    QStringLiteral("%1/%2.csv;%3;%4;%5")
                        .arg(QLatin1String(core::toText(lt).data()), r[0], r[1], r[2], r[3]));
            }
            // Without filters: every finding, warnings included.
            const auto everything =
                parseCsv(m_client->get(base + QStringLiteral("?format=csv")).body);
            QCOMPARE(everything.size() - 1,
                     m_client->get(base).json().value(QLatin1String("total")).toInt());
        }
        QCOMPARE(exported, expected);
    }

    // Rejected rows come back as the original lines under the original header, ready to fix.
    void rejectedRowsDownload() {
        const auto log = m_bank003[LoanType::Retail];
        const auto id = log.value(QLatin1String("id")).toString();
        const int rejected = log.value(QLatin1String("files"))
                                 .toObject()
                                 .value(QLatin1String("credit"))
                                 .toObject()
                                 .value(QLatin1String("rows_rejected"))
                                 .toInt();
        QVERIFY(rejected > 0);
        const auto reply =
            m_client->get(QStringLiteral("/api/sync/logs/%1/rejected/?file_type=credit").arg(id));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.headers.value("x-findata-rejected-format"), QByteArray("raw"));
        QVERIFY(reply.headers.value("content-disposition").contains("attachment"));
        const auto original = readAll(sample("BANK003", LoanType::Retail, FileType::Credit));
        const auto originalLines = original.split('\n');
        auto lines = reply.body.split('\n');
        QCOMPARE(lines.takeLast(), QByteArray());
        QCOMPARE(lines.size(), rejected + 1);
        QCOMPARE(lines[0], originalLines[0]);  // the file's own header
        const QSet<QByteArray> source(originalLines.begin() + 1, originalLines.end());
        for (qsizetype i = 1; i < lines.size(); ++i)
            QVERIFY2(source.contains(lines[i]), lines[i].constData());

        // Without a file type: both files annotated with line and reasons.
        const auto both = m_client->get(QStringLiteral("/api/sync/logs/%1/rejected/").arg(id));
        QCOMPARE(both.status, 200);
        QCOMPARE(both.headers.value("x-findata-rejected-format"), QByteArray("annotated"));
        const auto records = parseCsv(both.body);
        QCOMPARE(records.value(0), (QStringList{QStringLiteral("file_type"), QStringLiteral("line"),
                                                QStringLiteral("reasons"), QStringLiteral("raw")}));
        QCOMPARE(records.size() - 1, log.value(QLatin1String("rows_rejected")).toInt());
        for (qsizetype i = 1; i < records.size(); ++i) {
            QCOMPARE(records[i].size(), 4);
            QVERIFY(!records[i][2].isEmpty());
            if (records[i][0] == QLatin1String("credit"))
                QCOMPARE(records[i][3].toUtf8(), originalLines[records[i][1].toInt() - 1]);
        }
    }

    void configsCanBeReadAndChanged() {
        ApiClient client(m_agent->url(), m_b.key);
        const auto list = client.get(QStringLiteral("/api/sync/configs/")).json();
        const auto tenantA = m_client->get(QStringLiteral("/api/sync/configs/")).json();
        const auto items = list.value(QLatin1String("items")).toArray();
        QCOMPARE(items.size(), 2);
        QSet<QString> types;
        for (const auto item : items)
            types.insert(item.toObject().value(QLatin1String("loan_type")).toString());
        QCOMPARE(types, (QSet<QString>{QStringLiteral("RETAIL"), QStringLiteral("COMMERCIAL")}));
        QJsonObject retail;
        for (const auto item : items)
            if (item.toObject().value(QLatin1String("loan_type")) == QLatin1String("RETAIL"))
                retail = item.toObject();
        const auto path = retail.value(QLatin1String("url")).toString();
        QCOMPARE(client.get(path).json(), retail);
        const auto changed = client.patch(path, {{QStringLiteral("enabled"), false},
                                                 {QStringLiteral("interval_seconds"), 3600},
                                                 {QStringLiteral("reject_threshold"), 0.25},
                                                 {QStringLiteral("max_retries"), 5},
                                                 {QStringLiteral("retry_delay_seconds"), 30}});
        QCOMPARE(changed.status, 200);
        const auto now = client.get(path).json();
        QCOMPARE(now.value(QLatin1String("enabled")).toBool(), false);
        QCOMPARE(now.value(QLatin1String("interval_seconds")).toInt(), 3600);
        QCOMPARE(now.value(QLatin1String("reject_threshold")).toDouble(), 0.25);
        QCOMPARE(now.value(QLatin1String("max_retries")).toInt(), 5);
        QCOMPARE(now.value(QLatin1String("retry_delay_seconds")).toInt(), 30);
        // Config ids are numbered per tenant: the same path of tenant A is A's own, untouched.
        QCOMPARE(m_client->get(QStringLiteral("/api/sync/configs/")).json(), tenantA);
        const auto mine = m_client->get(path).json();
        QCOMPARE(mine.value(QLatin1String("loan_type")).toString(), QStringLiteral("RETAIL"));
        QCOMPARE(mine.value(QLatin1String("interval_seconds")).toInt(), 60);
        QCOMPARE(mine.value(QLatin1String("reject_threshold")).toDouble(), 0.5);
    }

    void badConfigChangesAreRefused_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("interval zero") << QByteArray("{\"interval_seconds\":0}");
        QTest::addRow("interval over 31 days") << QByteArray("{\"interval_seconds\":2678401}");
        QTest::addRow("interval as text") << QByteArray("{\"interval_seconds\":\"60\"}");
        QTest::addRow("interval fractional") << QByteArray("{\"interval_seconds\":1.5}");
        QTest::addRow("interval huge") << QByteArray("{\"interval_seconds\":18446744073709551615}");
        QTest::addRow("threshold over 1") << QByteArray("{\"reject_threshold\":1.5}");
        QTest::addRow("threshold negative") << QByteArray("{\"reject_threshold\":-0.1}");
        QTest::addRow("threshold as text") << QByteArray("{\"reject_threshold\":\"0.2\"}");
        QTest::addRow("enabled as text") << QByteArray("{\"enabled\":\"yes\"}");
        QTest::addRow("retries over 100") << QByteArray("{\"max_retries\":101}");
        QTest::addRow("negative retry delay") << QByteArray("{\"retry_delay_seconds\":-1}");
        QTest::addRow("unknown field") << QByteArray("{\"loan_type\":\"COMMERCIAL\"}");
        QTest::addRow("one bad among good") << QByteArray("{\"enabled\":false,\"max_retries\":-3}");
        QTest::addRow("not an object") << QByteArray("[1]");
    }
    void badConfigChangesAreRefused() {
        QFETCH(QByteArray, body);
        const auto path = QStringLiteral("/api/sync/configs/%1/").arg(retailConfigId());
        const auto before = m_client->get(path).json();
        const auto reply = m_client->send("PATCH", path, body, "application/json");
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), QStringLiteral("bad_request"));
        QCOMPARE(m_client->get(path).json(), before);
    }

    void missingConfigsAreNotFound() {
        const auto missing = m_client->get(QStringLiteral("/api/sync/configs/999999/"));
        QCOMPARE(missing.status, 404);
        for (const auto* id : {"abc", "0", "-1", "1%27%20OR%201=1"}) {
            const auto reply =
                m_client->get(QStringLiteral("/api/sync/configs/%1/").arg(QLatin1String(id)));
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.errorCode(), QStringLiteral("not_found"));
        }
        const auto patch = m_client->patch(QStringLiteral("/api/sync/configs/999999/"),
                                           {{QStringLiteral("enabled"), false}});
        QCOMPARE(patch.status, 404);
        QCOMPARE(patch.body, missing.body);
    }

    // Every route: no key, a malformed key and a revoked key are 401.
    void unauthenticatedCallsAre401_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QString>("source");
        const auto id = m_bank003[LoanType::Retail].value(QLatin1String("id")).toString();
        const QList<QPair<QByteArray, QString>> routes = {
            {"POST", QStringLiteral("/api/sync/")},
            {"GET", QStringLiteral("/api/sync/configs/")},
            {"GET", QStringLiteral("/api/sync/configs/1/")},
            {"PATCH", QStringLiteral("/api/sync/configs/1/")},
            {"GET", QStringLiteral("/api/sync/logs/")},
            {"GET", QStringLiteral("/api/sync/logs/%1/").arg(id)},
            {"GET", QStringLiteral("/api/sync/logs/%1/errors/").arg(id)},
            {"GET", QStringLiteral("/api/sync/logs/%1/errors/?format=csv").arg(id)},
            {"GET", QStringLiteral("/api/sync/logs/%1/rejected/").arg(id)},
        };
        const QList<QPair<const char*, QByteArray>> keys = {
            {"no key", QByteArray()},
            {"malformed key", QByteArray("Api-Key not-a-key")},
            {"bearer scheme", "Bearer " + m_a.key.toUtf8()},
            {"revoked key", "Api-Key " + m_revokedKey.toUtf8()},
        };
        int source = 10;
        for (const auto& [name, auth] : keys)
            for (const auto& [method, path] : routes)
                QTest::addRow("%s %s %s", name, method.constData(), qPrintable(path))
                    << method << path << auth << QStringLiteral("127.0.0.%1").arg(source++);
    }
    void unauthenticatedCallsAre401() {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, authorization);
        QFETCH(QString, source);
        const auto reply =
            sendFrom(source, QUrl(m_agent->url()), method, path, authorization,
                     method == "GET" ? QByteArray() : QByteArray("{\"enabled\":false}"));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(!reply.body.contains("COMPLETED"));
    }

    // Another tenant's key with this tenant's sync ids: exactly as for an id that does not exist.
    void anotherTenantsIdsAreNotFound_data() {
        QTest::addColumn<QString>("route");
        QTest::addRow("sync log") << QStringLiteral("/api/sync/logs/%1/");
        QTest::addRow("long poll") << QStringLiteral("/api/sync/logs/%1/?wait=1");
        QTest::addRow("findings") << QStringLiteral("/api/sync/logs/%1/errors/");
        QTest::addRow("findings csv") << QStringLiteral("/api/sync/logs/%1/errors/?format=csv");
        QTest::addRow("rejected rows")
            << QStringLiteral("/api/sync/logs/%1/rejected/?file_type=credit");
    }
    void anotherTenantsIdsAreNotFound() {
        QFETCH(QString, route);
        ApiClient other(m_agent->url(), m_b.key);
        const auto id = m_bank003[LoanType::Retail].value(QLatin1String("id")).toString();
        const QString missing = QStringLiteral("0b8e4a1c-5d7f-4e2a-9c3b-1f2e3d4c5b6a");
        const QString malformed = QStringLiteral("not-a-uuid");
        const auto foreign = other.get(route.arg(id));
        QCOMPARE(foreign.status, 404);
        QCOMPARE(foreign.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(withoutId(foreign, id), withoutId(other.get(route.arg(missing)), missing));
        QCOMPARE(withoutId(foreign, id), withoutId(other.get(route.arg(malformed)), malformed));
        // The owner still sees it.
        QCOMPARE(m_client->get(route.arg(id)).status, 200);
    }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UploadStore> m_uploads;
    std::unique_ptr<UploadIntake> m_uploadIntake;
    std::unique_ptr<ApiClient> m_client;
    test::TestTenant m_a, m_b;
    std::map<LoanType, QJsonObject> m_bank003;  // tenant A's finished BANK003 syncs
    QString m_revokedKey;

    // A tenant's first key, replaced (TenantRepository::rotateKey) before it was ever used.
    static QString revokedKey() {
        const auto t = test::createTestTenant("SYNCREV");
        Database db(test::testDatabases().pg);
        TenantRepository(db).rotateKey(t.id.toStdString());
        return t.key;
    }

    // A tenant of this test: the agent's scheduler must not start syncs the test means to start.
    test::TestTenant newTenant(const char* prefix) {
        auto t = test::createTestTenant(prefix);
        SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(*m_db, t.schema).update(lt, off);
        return t;
    }
    Tenant tenant(const test::TestTenant& t) {
        return *TenantRepository(*m_db).find(t.id.toStdString());
    }
    void stage(const test::TestTenant& t, LoanType lt, FileType ft, const std::string& path) {
        const auto outcome = m_uploadIntake->stageFile(tenant(t), lt, ft, path, "test");
        QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
    }
    void stageSample(const test::TestTenant& t, const char* bank, LoanType lt) {
        for (const auto ft : core::kFileTypes)
            stage(t, lt, ft, sample(bank, lt, ft).toStdString());
    }
    // The tenants' configs are disabled (newTenant), so a start confirms with force=true.
    static QString startSync(ApiClient& client, LoanType lt) {
        const auto reply =
            client.post(QStringLiteral("/api/sync/"),
                        {{QStringLiteral("loan_type"), QLatin1String(core::toText(lt).data())},
                         {QStringLiteral("force"), true}});
        if (reply.status != 202)
            qWarning("POST /api/sync/: %d %s", reply.status, reply.body.constData());
        return reply.json().value(QLatin1String("sync_id")).toString();
    }
    // Follows a sync by long-polling until it has finished (at most about 3 minutes).
    static QJsonObject waitUntilFinished(ApiClient& client, const QString& id,
                                         int* polls = nullptr) {
        QJsonObject log = client.get(QStringLiteral("/api/sync/logs/%1/").arg(id)).json();
        for (int i = 0; i < 60 && log.value(QLatin1String("running")).toBool(); ++i) {
            log = client
                      .get(QStringLiteral(
                               "/api/sync/logs/%1/?wait=30&since_status=%2&since_progress=%3")
                               .arg(id, log.value(QLatin1String("status")).toString())
                               .arg(log.value(QLatin1String("progress_rows")).toInteger()))
                      .json();
            if (polls) ++*polls;
        }
        return log;
    }
    static QString configId(ApiClient& client, const QString& loanType) {
        for (const auto item : client.get(QStringLiteral("/api/sync/configs/"))
                                   .json()
                                   .value(QLatin1String("items"))
                                   .toArray())
            if (item.toObject().value(QLatin1String("loan_type")) == loanType)
                return QString::number(item.toObject().value(QLatin1String("id")).toInt());
        return {};
    }
    QString retailConfigId() {
        for (const auto item : m_client->get(QStringLiteral("/api/sync/configs/"))
                                   .json()
                                   .value(QLatin1String("items"))
                                   .toArray())
            if (item.toObject().value(QLatin1String("loan_type")) == QLatin1String("RETAIL"))
                return QString::number(item.toObject().value(QLatin1String("id")).toInt());
        return {};
    }
};

QTEST_GUILESS_MAIN(TestApiSync)
#include "tst_api_sync.moc"
