// Supervision of the embedded databases against a real `findata-agent serve` on its own embedded
// PostgreSQL and ClickHouse: each is killed with SIGKILL while the agent serves and while a sync
// runs. The agent must start it again within 10 s, say so on /health (degraded, which part,
// since when) and in findata_embedded_restarts_total, keep /health fast meanwhile, serve the same
// data afterwards, and end an interrupted sync FAILED with the database's error, after which a
// retry completes. And, on the run's shared databases, how a sync cut off with PostgreSQL
// unreachable (its own end unwritten) is ended later with that error.

#include <signal.h>

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <memory>

#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/synclock.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/uploads/uploadstore.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using namespace findata;
using test::ApiClient;
using test::ApiReply;

namespace {

// The value of the one sample `name{labels}` in a Prometheus text body, or -1.
double sample(const QByteArray& body, const QString& nameAndLabels) {
    for (const auto& line : body.split('\n')) {
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(nameAndLabels + QLatin1Char(' ')))
            return text.mid(nameAndLabels.size() + 1).toDouble();
    }
    return -1;
}

QString generateCredits(const QString& dir, const QString& name, std::uint64_t rows,
                        std::uint64_t seed) {
    const QString path = dir + QLatin1Char('/') + name;
    core::GeneratorOptions options;
    options.creditRows = rows;
    options.seed = seed;
    std::ofstream out(path.toStdString(), std::ios::binary);
    core::generateCredit(options, [&](std::string_view s) { out.write(s.data(), long(s.size())); });
    return path;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Reads whose answers must be the same before and after an outage (the read cache is off, so
// each goes to ClickHouse).
const QStringList kReads = {
    QStringLiteral("/api/kpis/?loan_type=RETAIL"),
    QStringLiteral("/api/data/?loan_type=RETAIL&data_type=credit&page_size=20&sort=customer_id"
                   "&order=asc&page=3"),
    QStringLiteral("/api/data/?loan_type=RETAIL&data_type=credit&page_size=5"
                   "&sort=outstanding_principal_balance&order=desc"),
};

// A request sent now and answered later, while the test goes on polling /health.
class PendingRead final {
public:
    PendingRead(QNetworkAccessManager& manager, const QString& url, const QString& key) {
        QNetworkRequest request{QUrl(url)};
        request.setRawHeader("Authorization", "Api-Key " + key.toUtf8());
        request.setTransferTimeout(60000);
        m_timer.start();
        m_reply = manager.get(request);
        QObject::connect(m_reply, &QNetworkReply::finished, [this] {
            m_ms = m_timer.elapsed();
            m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            m_body = m_reply->readAll();
        });
    }
    ~PendingRead() {
        if (!m_reply->isFinished()) m_reply->abort();
        m_reply->deleteLater();
    }
    PendingRead(const PendingRead&) = delete;
    PendingRead& operator=(const PendingRead&) = delete;
    /// Waits up to `ms` for the answer; false when there is none yet.
    bool wait(int ms) {
        QElapsedTimer waited;
        waited.start();
        while (m_ms < 0 && waited.elapsed() < ms)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        return m_ms >= 0;
    }
    qint64 ms() const { return m_ms; }
    int status() const { return m_status; }
    const QByteArray& body() const { return m_body; }

private:
    QElapsedTimer m_timer;
    QNetworkReply* m_reply = nullptr;
    qint64 m_ms = -1;
    int m_status = 0;
    QByteArray m_body;
};

// What /health showed from a kill until the killed part was up again.
QByteArray withoutMigrations(const QByteArray& output) {
    QByteArray kept;
    for (const auto& line : output.split('\n'))
        if (!line.contains("applied migration")) kept += line + '\n';
    return kept;
}

struct Outage {
    qint64 recoveredMs = -1;  // from the kill until /health said ok with one restart more
    qint64 slowestHealthMs = 0;
    int healthAnswers = 0;
    QJsonObject degraded;  // the first degraded answer
    QStringList reasons;   // every reason the killed part was down for
    QByteArray last;       // the last /health answer, to explain a failure
};

}  // namespace

class TestSupervision final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        // No read cache: every read after an outage is answered by the restarted database.
        // Validation slowed (100 ms every 16,384 rows): a kill lands inside a sync's load
        // however fast the machine.
        m_agent = std::make_unique<test::AgentProcess>(
            test::AgentProcess::Embedded{},
            QStringList{QStringLiteral("--read-cache-bytes"), QStringLiteral("0")},
            QMap<QString, QString>{{QStringLiteral("FINDATA_FAULT"), QStringLiteral("slow")}});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        // The sample tenants are created at the first start, their keys written to files.
        static const QRegularExpression written(
            QStringLiteral("API key of sample tenant BANK001: written to (\\S+)"));
        const auto match = written.match(QString::fromUtf8(m_agent->output()));
        QVERIFY2(match.hasMatch(), m_agent->output().constData());
        m_key = QString::fromUtf8(readAll(match.captured(1)).trimmed());
        QVERIFY(!m_key.isEmpty());
        m_client = std::make_unique<ApiClient>(m_agent->url(), m_key);

        m_big[0] = generateCredits(m_files.path(), QStringLiteral("big1.csv"), kBigRows, 7);
        m_big[1] = generateCredits(m_files.path(), QStringLiteral("big2.csv"), kBigRows, 8);
        const auto small =
            generateCredits(m_files.path(), QStringLiteral("small.csv"), kSmallRows, 3);
        upload(small);
        const auto id = startSync();
        QVERIFY(!id.isEmpty());
        const auto log = waitUntilFinished(id);
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(log.value(QLatin1String("rows_loaded")).toInt(), kSmallRows);
        m_before = currentReads();
        QCOMPARE(m_client->get(QStringLiteral("/health")).status, 200);
    }
    void cleanup() {
        // What the agent logged explains a failure (the supervisor's restarts, the sync's end).
        if (QTest::currentTestFailed() && m_agent)
            qWarning("the agent's output (its end, without migrations):\n%s",
                     withoutMigrations(m_agent->output()).right(8000).constData());
    }
    void cleanupTestCase() {
        if (m_agent) QCOMPARE(m_agent->stop(), 0);
        m_agent.reset();
    }

    // kill -9 of the embedded ClickHouse while serving: degraded (clickhouse down, since when)
    // at once, restarted within 10 s, counted, and the same data served afterwards.
    void clickhouseKilledWhileServing() {
        killWhileServing(QStringLiteral("clickhouse"), QStringLiteral("clickhouse"),
                         QStringLiteral("clickhouse"));
    }
    void postgresKilledWhileServing() {
        killWhileServing(QStringLiteral("postgres"), QStringLiteral("postgres"),
                         QStringLiteral("postgresql"));
    }

    // kill -9 of the embedded ClickHouse while a sync loads: FAILED with ClickHouse's error; a
    // retry of the same package, once ClickHouse is back, completes.
    void clickhouseKilledDuringSync() {
        killDuringSync(QStringLiteral("clickhouse"), QStringLiteral("clickhouse"),
                       QStringLiteral("clickhouse"), m_big[0]);
    }
    void postgresKilledDuringSync() {
        killDuringSync(QStringLiteral("postgres"), QStringLiteral("postgres"),
                       QStringLiteral("postgresql"), m_big[1]);
    }

    // A sync whose run ended on an error before it could write its end (PostgreSQL was
    // unreachable then) is ended by recoverSync — what the sync runner calls, with backoff,
    // until the stores answer: FAILED with that error, not left RUNNING; not while another
    // session holds its lock.
    void aCutOffSyncIsEndedWithItsError() {
        try {
            cutOffSyncIsEndedWithItsError();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

private:
    void cutOffSyncIsEndedWithItsError() {
        const auto& urls = test::testDatabases();
        agent::Database db(urls.pg);
        agent::migrate(db);
        const auto tenant =
            agent::TenantRepository(db).create(test::uniqueTenantId("SUPV"), "supervision").tenant;
        agent::ClickHouseClient clickhouse(urls.clickhouse);
        agent::Warehouse warehouse(clickhouse);
        warehouse.ensureTenant(tenant.warehouseDatabase);
        agent::UploadStore uploads(m_files.path().toStdString() + "/uploads");
        agent::SyncEngine engine(db, warehouse, uploads);
        agent::SyncLogRepository logs(db, tenant.schema);
        const auto sync = logs.create({});
        agent::SyncLogUpdate validating;
        validating.status = agent::SyncStatus::Validating;
        logs.update(sync.id, validating);
        const std::string error = "PostgreSQL: server closed the connection unexpectedly";
        {
            // Its lock held elsewhere (the sync may still run there): left alone.
            const auto held = agent::SyncLock::tryAcquire(db, tenant.id, core::LoanType::Retail);
            QVERIFY(held);
            QVERIFY(!engine.recoverSync(tenant.id, sync.id, error));
            QCOMPARE(logs.find(sync.id)->status, agent::SyncStatus::Validating);
        }
        QVERIFY(engine.recoverSync(tenant.id, sync.id, error));
        const auto ended = logs.find(sync.id);
        QCOMPARE(ended->status, agent::SyncStatus::Failed);
        QCOMPARE(ended->errorSummary,
                 "interrupted during VALIDATING: " + error + "; the live data is unchanged");
        // Already final: nothing more to do, and the reason stays.
        QVERIFY(engine.recoverSync(tenant.id, sync.id, "another error"));
        QCOMPARE(logs.find(sync.id)->errorSummary, ended->errorSummary);
        warehouse.dropTenant(tenant.warehouseDatabase);
    }

private:
    static constexpr int kSmallRows = 5000;
    static constexpr int kBigRows = 400000;

    void upload(const QString& path) {
        const auto reply = m_client->send(
            "POST",
            QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=credit&filename=c.csv"),
            readAll(path), "text/csv", {}, 300000);
        QVERIFY2(reply.status == 201, reply.body.constData());
    }

    QString startSync() {
        const auto reply =
            m_client->post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        if (reply.status != 202)
            qWarning("POST /api/sync/: %d %s", reply.status, reply.body.data());
        return reply.json().value(QLatin1String("sync_id")).toString();
    }

    QJsonObject syncLog(const QString& id) {
        return m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(id)).json();
    }

    QJsonObject waitUntilFinished(const QString& id) {
        QElapsedTimer waited;
        waited.start();
        QJsonObject log;
        while (waited.elapsed() < 600000) {  // a 400,000-row sync under ASan on a busy machine
            const auto reply = m_client->send(
                "GET", QStringLiteral("/api/sync/logs/%1/?wait=10").arg(id), {}, {}, {}, 30000);
            log = reply.json();
            if (reply.status == 200 && !log.value(QLatin1String("running")).toBool(true))
                return log;
            if (reply.status != 200) QTest::qWait(200);
        }
        return log;
    }

    // The answers of kReads. The weighted average rate is a Float64 sum that ClickHouse adds up
    // in a different order from one query to the next: compared to 9 significant digits.
    QList<QByteArray> currentReads() {
        QList<QByteArray> bodies;
        for (const auto& path : kReads) {
            const auto reply = m_client->get(path);
            auto json = reply.json();
            const auto rate = json.value(QLatin1String("weighted_average_rate"));
            if (rate.isDouble())
                json[QLatin1String("weighted_average_rate")] =
                    QString::number(rate.toDouble(), 'g', 9);
            bodies << (QByteArray::number(reply.status) + ' ' +
                       QJsonDocument(json).toJson(QJsonDocument::Compact));
        }
        return bodies;
    }

    double restarts(const QString& database) {
        return sample(
            m_agent->metrics().body,
            QStringLiteral("findata_embedded_restarts_total{database=\"%1\"}").arg(database));
    }

    void checkOutage(const Outage& outage, const QString& healthKey, const QDateTime& killedAt) {
        qInfo("%s: back on /health %lld ms after the kill; slowest of %d /health answers: %lld ms",
              qPrintable(healthKey), outage.recoveredMs, outage.healthAnswers,
              outage.slowestHealthMs);
        QVERIFY2(!outage.degraded.isEmpty(), "/health never said the database was down");
        QCOMPARE(outage.degraded.value(QLatin1String("status")).toString(),
                 QStringLiteral("degraded"));
        const auto part = outage.degraded.value(healthKey).toObject();
        // At first it may only "not answer" (a big process takes a moment to die); then the
        // supervisor sees how it ended.
        QVERIFY2(outage.reasons.join(QLatin1Char('|'))
                     .contains(QLatin1String("the server process exited (killed by signal 9)")),
                 qPrintable(outage.reasons.join(QLatin1String(" | "))));
        const auto since =
            QDateTime::fromString(part.value(QLatin1String("since")).toString(), Qt::ISODateWithMs);
        QVERIFY2(since.isValid(), qPrintable(part.value(QLatin1String("since")).toString()));
        // Since the kill (the supervisor looks every second), give or take clock rounding.
        QVERIFY2(since >= killedAt.addMSecs(-1000) && since <= killedAt.addMSecs(5000),
                 qPrintable(since.toString(Qt::ISODateWithMs) + QStringLiteral(" vs kill at ") +
                            killedAt.toString(Qt::ISODateWithMs)));
        QVERIFY2(outage.recoveredMs >= 0,
                 qPrintable(QStringLiteral("not restarted within 30 s; last /health: ") +
                            QString::fromUtf8(outage.last)));
        QVERIFY2(outage.recoveredMs < 10000, qPrintable(QString::number(outage.recoveredMs)));
        // /health answers from the supervisor's state, whatever the database does (the issue's
        // bound is 100 ms; a margin for this shared, loaded test machine).
        QVERIFY2(outage.slowestHealthMs < 500, qPrintable(QString::number(outage.slowestHealthMs)));
    }

    void killWhileServing(const QString& server, const QString& healthKey,
                          const QString& metricName) {
        const double before = restarts(metricName);
        QVERIFY(before >= 0);
        const auto killedAt = QDateTime::currentDateTimeUtc();
        // A read sent as the database dies: it must end (an answer, not a hang), with an
        // error while the database is down or the data once it is back.
        QNetworkAccessManager manager;
        std::unique_ptr<PendingRead> read;
        const Outage outage = killAndWatchWithRead(server, healthKey, before, manager, read);
        QVERIFY2(read, "no embedded server process to kill");
        checkOutage(outage, healthKey, killedAt);
        if (QTest::currentTestFailed()) return;
        QVERIFY2(read->wait(30000), "a read sent during the outage got no answer in 30 s");
        qInfo("read during the outage: %d after %lld ms", read->status(), read->ms());
        QVERIFY2(read->status() == 503 || read->status() == 200, read->body().constData());
        // Bounded by the request deadline (request_timeout, 10 s by default): a dead database is
        // never waited for longer (tst_failfast measures how much faster the breaker answers).
        QVERIFY2(read->ms() < 12000, qPrintable(QString::number(read->ms())));

        QCOMPARE(restarts(metricName), before + 1);
        QCOMPARE(currentReads(), m_before);
    }

    // Kills the server, sends a read at once, and watches /health until the server is back.
    Outage killAndWatchWithRead(const QString& server, const QString& healthKey, double before,
                                QNetworkAccessManager& manager,
                                std::unique_ptr<PendingRead>& read) {
        // The read starts right after the kill (within the first /health poll).
        const qint64 pid = m_agent->embeddedPid(server);
        if (pid <= 0) return {};
        QElapsedTimer sinceKill;
        sinceKill.start();
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        read = std::make_unique<PendingRead>(manager, m_agent->url() + kReads.value(2), m_key);
        return watch(healthKey, before, sinceKill);
    }

    // Polls /health until the part is up again with one restart more (30 s at most).
    Outage watch(const QString& healthKey, double restartsBefore, const QElapsedTimer& sinceKill) {
        Outage outage;
        ApiClient anonymous(m_agent->url());
        while (sinceKill.elapsed() < 30000) {
            QElapsedTimer timer;
            timer.start();
            const auto reply = anonymous.send("GET", QStringLiteral("/health"), {}, {}, {}, 5000);
            const qint64 ms = timer.elapsed();
            outage.slowestHealthMs = std::max(outage.slowestHealthMs, ms);
            ++outage.healthAnswers;
            const auto body = reply.json();
            const auto part = body.value(healthKey).toObject();
            outage.last = QByteArray::number(reply.status) + ' ' + reply.body;
            if (reply.status == 503 &&
                part.value(QLatin1String("status")).toString() == QLatin1String("down")) {
                if (outage.degraded.isEmpty()) outage.degraded = body;
                const auto reason = part.value(QLatin1String("reason")).toString();
                if (!outage.reasons.contains(reason)) outage.reasons << reason;
            }
            // The killed part is back (the other database may be slow to answer on a loaded
            // machine; that is not this part's recovery).
            if (part.value(QLatin1String("status")).toString() == QLatin1String("ok") &&
                part.value(QLatin1String("restarts")).toDouble() >= restartsBefore + 1) {
                outage.recoveredMs = sinceKill.elapsed();
                break;
            }
            QTest::qWait(50);
        }
        return outage;
    }

    void killDuringSync(const QString& server, const QString& healthKey, const QString& metricName,
                        const QString& file) {
        const double before = restarts(metricName);
        upload(file);
        const auto id = startSync();
        QVERIFY(!id.isEmpty());
        // Kill once the sync loads rows into ClickHouse (it reports progress about once a
        // second, so this is well inside a load of 400 000 rows).
        QElapsedTimer waited;
        waited.start();
        QJsonObject log;
        while (waited.elapsed() < 60000) {
            log = syncLog(id);
            if (!log.value(QLatin1String("running")).toBool(true) ||
                log.value(QLatin1String("progress_rows")).toDouble() > 0)
                break;
            QTest::qWait(20);
        }
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("VALIDATING"));
        const auto killedAt = QDateTime::currentDateTimeUtc();
        QElapsedTimer sinceKill;
        sinceKill.start();
        const qint64 pid = m_agent->embeddedPid(server);
        QVERIFY(pid > 0);
        QCOMPARE(::kill(static_cast<pid_t>(pid), SIGKILL), 0);
        checkOutage(watch(healthKey, before, sinceKill), healthKey, killedAt);
        if (QTest::currentTestFailed()) return;

        const auto failed = waitUntilFinished(id);
        const auto reason = failed.value(QLatin1String("error_summary")).toString();
        qInfo("the interrupted sync: %s, %s",
              qPrintable(failed.value(QLatin1String("status")).toString()), qPrintable(reason));
        QCOMPARE(failed.value(QLatin1String("status")).toString(), QStringLiteral("FAILED"));
        // The database's own error, naming it — not an empty or generic reason.
        QVERIFY2(reason.contains(healthKey, Qt::CaseInsensitive), qPrintable(reason));
        QCOMPARE(restarts(metricName), before + 1);
        // The live data are still the previous load's.
        QCOMPARE(currentReads(), m_before);

        // The same package, retried, completes.
        const auto retry = startSync();
        QVERIFY(!retry.isEmpty());
        const auto done = waitUntilFinished(retry);
        QCOMPARE(done.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(done.value(QLatin1String("rows_loaded")).toInt(), kBigRows);
        QCOMPARE(done.value(QLatin1String("files"))
                     .toObject()
                     .value(QLatin1String("credit"))
                     .toObject()
                     .value(QLatin1String("upload_id")),
                 failed.value(QLatin1String("files"))
                     .toObject()
                     .value(QLatin1String("credit"))
                     .toObject()
                     .value(QLatin1String("upload_id")));
        m_before = currentReads();
        const auto page = m_client->get(kReads.value(1)).json();
        QCOMPARE(page.value(QLatin1String("total")).toInt(), kBigRows);
    }

    QTemporaryDir m_files;
    std::unique_ptr<test::AgentProcess> m_agent;
    QString m_key;
    std::unique_ptr<ApiClient> m_client;
    QString m_big[2];
    QList<QByteArray> m_before;
};

QTEST_GUILESS_MAIN(TestSupervision)
#include "tst_supervision.moc"
