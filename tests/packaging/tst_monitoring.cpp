// The shipped monitoring against a real agent: every findata_* metric (and label) the dashboards
// and alert rules query is one a serving agent exports after a sync, and a real Prometheus
// scrapes the agent, counts the sync and evaluates the shipped rules without errors.

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <memory>

#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::test::AgentProcess;
using findata::test::ApiClient;

namespace {

const QString kInfrastructure = QStringLiteral(FINDATA_SOURCE_DIR "/infrastructure");

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// PromQL expressions of the shipped files: dashboard targets and template queries, rule exprs.
QStringList shippedQueries() {
    QStringList queries;
    for (const auto* name : {"application.json", "infrastructure.json"}) {
        const auto board = QJsonDocument::fromJson(readFile(kInfrastructure +
                                                            QStringLiteral("/grafana/dashboards/") +
                                                            QLatin1String(name)))
                               .object();
        for (const auto panel : board.value(QLatin1String("panels")).toArray())
            for (const auto target : panel.toObject().value(QLatin1String("targets")).toArray())
                queries << target.toObject().value(QLatin1String("expr")).toString();
        for (const auto variable : board.value(QLatin1String("templating"))
                                       .toObject()
                                       .value(QLatin1String("list"))
                                       .toArray())
            queries << variable.toObject().value(QLatin1String("definition")).toString();
    }
    // Rule expressions may span lines (YAML block scalars): the whole file is scanned.
    queries << QString::fromUtf8(
        readFile(kInfrastructure + QStringLiteral("/prometheus/alert_rules.yml")));
    return queries;
}

// Series and families of a Prometheus text exposition: name → label names seen.
QMap<QString, QSet<QString>> exportedMetrics(const QByteArray& exposition) {
    QMap<QString, QSet<QString>> metrics;
    static const QRegularExpression sample(
        QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? "));
    static const QRegularExpression label(QStringLiteral("([a-zA-Z_][a-zA-Z0-9_]*)=\""));
    static const QRegularExpression type(QStringLiteral("^# TYPE (\\S+) (\\S+)"));
    for (const auto& rawLine : exposition.split('\n')) {
        const auto line = QString::fromUtf8(rawLine);
        if (const auto t = type.match(line); t.hasMatch()) {
            metrics[t.captured(1)];
            if (t.captured(2) == QLatin1String("histogram"))
                for (const auto* suffix : {"_bucket", "_sum", "_count"})
                    metrics[t.captured(1) + QLatin1String(suffix)];
            continue;
        }
        const auto s = sample.match(line);
        if (!s.hasMatch()) continue;
        auto& labels = metrics[s.captured(1)];
        for (auto it = label.globalMatch(s.captured(3)); it.hasNext();)
            labels << it.next().captured(1);
    }
    return metrics;
}

quint16 freePort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

}  // namespace

class TestMonitoring final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // One agent, one tenant, one sync of BANK001's retail files staged by `load-csv`.
    void initTestCase() {
        m_agent = std::make_unique<AgentProcess>();
        QVERIFY(m_agent->ok());
        m_tenant = findata::test::createTestTenant("MON");
        const auto& urls = findata::test::testDatabases();
        for (const auto* fileType : {"credit", "payment_plan"}) {
            QProcess load;
            load.setProcessChannelMode(QProcess::MergedChannels);
            load.start(
                QStringLiteral(FINDATA_AGENT_BINARY),
                {QStringLiteral("load-csv"), QStringLiteral("--tenant"), m_tenant.id,
                 QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                 QStringLiteral("--file-type"), QLatin1String(fileType), QStringLiteral("--file"),
                 QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/%1.csv")
                     .arg(QLatin1String(fileType)),
                 QStringLiteral("--data-dir"), m_agent->dataDir(), QStringLiteral("--pg-url"),
                 QString::fromStdString(urls.pg), QStringLiteral("--clickhouse-url"),
                 QString::fromStdString(urls.clickhouse)});
            QVERIFY(load.waitForFinished(120000));
            QVERIFY2(load.exitCode() == 0, load.readAll().constData());
        }
        ApiClient client(m_agent->url(), m_tenant.key);
        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QVERIFY2(started.status == 202, started.body.constData());
        const auto id = started.json().value(QLatin1String("sync_id")).toString();
        QString status;
        QDeadlineTimer deadline(180000);
        while (!deadline.hasExpired()) {
            status = client.get(QStringLiteral("/api/sync/logs/%1/?wait=20").arg(id))
                         .json()
                         .value(QLatin1String("status"))
                         .toString();
            if (status == QLatin1String("COMPLETED") || status == QLatin1String("FAILED") ||
                status == QLatin1String("PARTIAL") || status == QLatin1String("REJECTED"))
                break;
        }
        QCOMPARE(status, QStringLiteral("COMPLETED"));
        // An upload through the API, so the upload counter has series (and labels) too.
        const auto uploaded = client.send(
            "POST",
            QStringLiteral(
                "/api/uploads/?loan_type=COMMERCIAL&file_type=credit&filename=credit.csv"),
            readFile(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/COMMERCIAL/credit.csv")),
            "text/csv");
        QVERIFY2(uploaded.status == 201, uploaded.body.constData());
        m_metrics = m_agent->metrics().body;
        QVERIFY(m_metrics.contains("findata_sync_operations_total"));
    }

    // A dashboard panel or alert on a metric the agent does not export stays silently empty.
    void shippedQueriesUseOnlyExportedFindataMetrics() {
        const auto exported = exportedMetrics(m_metrics);
        static const QRegularExpression name(QStringLiteral("\\bfindata_[a-z0-9_]+"));
        static const QRegularExpression selector(
            QStringLiteral("\\b(findata_[a-z0-9_]+)\\{([^}]*)\\}"));
        static const QRegularExpression matcherLabel(QStringLiteral("([a-z_]+)\\s*[=!~]"));
        int names = 0;
        for (const auto& query : shippedQueries()) {
            for (auto it = name.globalMatch(query); it.hasNext();) {
                const auto metric = it.next().captured(0);
                ++names;
                QVERIFY2(exported.contains(metric),
                         qPrintable(metric + QStringLiteral(" is queried but not exported")));
            }
            // Labels matched in selectors exist on the metric (instance/job come from Prometheus).
            for (auto it = selector.globalMatch(query); it.hasNext();) {
                const auto m = it.next();
                for (auto l = matcherLabel.globalMatch(m.captured(2)); l.hasNext();) {
                    const auto labelName = l.next().captured(1);
                    if (labelName == QLatin1String("instance") || labelName == QLatin1String("job"))
                        continue;
                    QVERIFY2(
                        exported.value(m.captured(1)).contains(labelName),
                        qPrintable(m.captured(1) + QStringLiteral(" has no label ") + labelName));
                }
            }
        }
        QVERIFY2(names >= 20, qPrintable(QString::number(names)));  // the scan found the queries
        // The sync counted under the status values the failure alert distinguishes.
        QVERIFY(m_metrics.contains(QStringLiteral("findata_sync_operations_total{tenant=\"%1\","
                                                  "loan_type=\"RETAIL\",status=\"COMPLETED\"} 1")
                                       .arg(m_tenant.id)
                                       .toUtf8()));
    }

    // A real Prometheus with the shipped rules scrapes the agent and sees the sync.
    void prometheusScrapesTheAgentAndCountsTheSync() {
        const auto prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        QVERIFY2(!prometheus.isEmpty(), "prometheus is not installed (scripts/setup installs it)");
        QTemporaryDir dir;
        const auto agent = QUrl(m_agent->url());
        QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                                    "rule_files: ['%1/prometheus/alert_rules.yml']\n"
                                    "scrape_configs:\n"
                                    "  - job_name: findata-agent\n"
                                    "    authorization: {type: Bearer, credentials_file: '%4'}\n"
                                    "    static_configs: [{targets: ['%2:%3']}]\n")
                         .arg(kInfrastructure, agent.host())
                         .arg(agent.port())
                         .arg(m_agent->dataDir() + QStringLiteral("/metrics-token"))
                         .toUtf8());
        config.close();
        const auto port = freePort();
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(prometheus, {QStringLiteral("--config.file=") + config.fileName(),
                                   QStringLiteral("--storage.tsdb.path=") +
                                       dir.filePath(QStringLiteral("data")),
                                   QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)});
        QVERIFY(process.waitForStarted());
        const auto stop = qScopeGuard([&process] {
            process.terminate();
            if (!process.waitForFinished(10000)) process.kill();
            process.waitForFinished();
        });
        ApiClient api(QStringLiteral("http://127.0.0.1:%1").arg(port));
        const auto query = [&api](const QString& promql) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("query"), promql);
            return api.get(QStringLiteral("/api/v1/query?") + q.toString(QUrl::FullyEncoded))
                .json()
                .value(QLatin1String("data"))
                .toObject()
                .value(QLatin1String("result"))
                .toArray();
        };
        const auto syncs =
            QStringLiteral("findata_sync_operations_total{tenant=\"%1\",status=\"COMPLETED\"}")
                .arg(m_tenant.id);
        QJsonArray counted;
        QString health;
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired() && process.state() == QProcess::Running) {
            const auto targets = api.get(QStringLiteral("/api/v1/targets")).json();
            const auto active = targets.value(QLatin1String("data"))
                                    .toObject()
                                    .value(QLatin1String("activeTargets"))
                                    .toArray();
            health = active.isEmpty()
                         ? QString()
                         : active.first().toObject().value(QLatin1String("health")).toString();
            counted = query(syncs);
            if (health == QLatin1String("up") && !counted.isEmpty()) break;
            QTest::qWait(500);
        }
        QVERIFY2(process.state() == QProcess::Running, process.readAll().constData());
        QCOMPARE(health, QStringLiteral("up"));
        QCOMPARE(counted.size(), 1);
        QCOMPARE(
            counted.first().toObject().value(QLatin1String("value")).toArray().at(1).toString(),
            QStringLiteral("1"));
        QVERIFY(!query(QStringLiteral("findata_http_requests_total{route=\"/api/sync/"
                                      "\",method=\"POST\",status=\"202\"}"))
                     .isEmpty());
        QCOMPARE(query(QStringLiteral("up{job=\"findata-agent\"}"))
                     .first()
                     .toObject()
                     .value(QLatin1String("value"))
                     .toArray()
                     .at(1)
                     .toString(),
                 QStringLiteral("1"));

        // The shipped rules load and evaluate against the real series without errors.
        QStringList problems;
        int rules = 0;
        deadline.setRemainingTime(15000);
        do {
            QTest::qWait(1500);  // at least one evaluation round after the scrape
            problems.clear();
            rules = 0;
            const auto groups = api.get(QStringLiteral("/api/v1/rules"))
                                    .json()
                                    .value(QLatin1String("data"))
                                    .toObject()
                                    .value(QLatin1String("groups"))
                                    .toArray();
            for (const auto group : groups)
                for (const auto rule : group.toObject().value(QLatin1String("rules")).toArray()) {
                    ++rules;
                    const auto r = rule.toObject();
                    if (r.value(QLatin1String("health")).toString() != QLatin1String("ok"))
                        problems << r.value(QLatin1String("name")).toString() +
                                        QStringLiteral(": ") +
                                        r.value(QLatin1String("health")).toString() +
                                        QLatin1Char(' ') +
                                        r.value(QLatin1String("lastError")).toString();
                }
        } while (!problems.isEmpty() && !deadline.hasExpired());
        QCOMPARE(rules, 7);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

private:
    std::unique_ptr<AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    QByteArray m_metrics;
};

QTEST_MAIN(TestMonitoring)
#include "tst_monitoring.moc"
