// The agent's system surface against a real `findata-agent serve`: health, JSON errors for
// unknown paths and wrong methods, the OpenAPI document checked against the route table (built
// in process from the same registerRoutes), Prometheus metrics, syncs counted by the serving
// agent, the refusal to serve keys in clear text off loopback, slowing down a client that keeps
// sending bad keys, and a clean stop on SIGTERM.

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <set>
#include <thread>

#include "agent/api/apicontext.h"
#include "agent/api/authenticator.h"
#include "agent/api/cachewarmer.h"
#include "agent/api/readcache.h"
#include "agent/api/router.h"
#include "agent/metrics/metrics.h"
#include "agent/services.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncrunner.h"
#include "agent/sync/uploadintake.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using nlohmann::json;

namespace {

using RouteKey = std::pair<std::string, std::string>;  // method, pattern

// The value of the one sample `name{labels}` in a Prometheus text body, or -1.
double sample(const QByteArray& body, const QString& nameAndLabels) {
    for (const auto& line : body.split('\n')) {
        const QString text = QString::fromUtf8(line);
        if (text.startsWith(nameAndLabels + QLatin1Char(' ')))
            return text.mid(nameAndLabels.size() + 1).toDouble();
    }
    return -1;
}

}  // namespace

class TestApiSystem final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        // No scheduler (AgentProcess's default): the sync below is the one this test asks for,
        // and other suites' tenants in the shared databases are left alone.
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = test::createTestTenant("SYS");
        m_client = std::make_unique<test::ApiClient>(m_agent->url(), m_tenant.key);

        // The same route table the agent serves, built here from the same code.
        const auto& urls = test::testDatabases();
        Settings settings;
        settings.dataDir = m_agent->dataDir().toStdString();  // staged files the agent can read
        settings.pgUrl = urls.pg;
        settings.clickhouseUrl = urls.clickhouse;
        m_services = std::make_unique<Services>(settings, nullptr);
        m_authenticator = std::make_unique<Authenticator>(m_services->database());
        m_runner = std::make_unique<SyncRunner>(m_services->syncEngine());
        m_context = std::make_unique<ApiContext>(ApiContext{
            *m_services, *m_authenticator, *m_runner, m_metrics, m_readCache, m_cacheWarmer});
        m_router = std::make_unique<Router>(m_services->database(), *m_authenticator);
        registerRoutes(*m_router, *m_context);
    }
    void cleanupTestCase() {
        m_agent.reset();
        m_router.reset();
        m_runner.reset();
        m_services.reset();
    }

    void healthReportsBothDatabases() {
        const auto reply = m_client->get(QStringLiteral("/health"));
        ++m_healthCalls;
        QCOMPARE(reply.status, 200);
        const auto body = json::parse(reply.body.toStdString());
        QCOMPARE(body["status"].get<std::string>(), std::string("ok"));
        QCOMPARE(body["postgres"]["status"].get<std::string>(), std::string("ok"));
        QCOMPARE(body["clickhouse"]["status"].get<std::string>(), std::string("ok"));
        QCOMPARE(body["agent"]["version"].get<std::string>(), std::string(FINDATA_VERSION));
        // Public: no key needed.
        test::ApiClient anonymous(m_agent->url());
        QCOMPARE(anonymous.get(QStringLiteral("/health")).status, 200);
        ++m_healthCalls;
    }

    void unknownPathsAnswer404Json_data() {
        QTest::addColumn<QString>("path");
        QTest::addRow("unknown api path") << QStringLiteral("/api/nope-unknown/");
        QTest::addRow("unknown top level") << QStringLiteral("/nope-unknown");
        QTest::addRow("too deep below a known path")
            << QStringLiteral("/api/sync/logs/nope-unknown/x/y/z/");
    }
    void unknownPathsAnswer404Json() {
        QFETCH(QString, path);
        const auto reply = m_client->get(path);
        QCOMPARE(reply.status, 404);
        QVERIFY(reply.headers.value("content-type").startsWith("application/json"));
        const auto error = json::parse(reply.body.toStdString()).at("error");
        QCOMPARE(error.at("code").get<std::string>(), std::string("not_found"));
        QVERIFY(!error.at("message").get<std::string>().empty());
        QVERIFY(error.at("details").is_object());
    }

    void wrongMethodsAnswer405_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addRow("DELETE /health") << QByteArray("DELETE") << QStringLiteral("/health");
        QTest::addRow("POST /metrics") << QByteArray("POST") << QStringLiteral("/metrics");
        QTest::addRow("PATCH the OpenAPI document")
            << QByteArray("PATCH") << QStringLiteral("/api/openapi.json");
    }
    void wrongMethodsAnswer405() {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        const auto reply = m_client->send(method, path, "{}", "application/json");
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.errorCode(), QStringLiteral("method_not_allowed"));
    }

    void openApiDocumentMatchesTheRouteTable() {
        const auto reply = test::ApiClient(m_agent->url()).get(QStringLiteral("/api/openapi.json"));
        QCOMPARE(reply.status, 200);
        const auto doc = json::parse(reply.body.toStdString(), nullptr, false);
        QVERIFY2(!doc.is_discarded(), "the document is not valid JSON");
        QVERIFY(doc.at("openapi").get<std::string>().rfind("3.0.", 0) == 0);
        QVERIFY(!doc.at("info").at("title").get<std::string>().empty());
        QCOMPARE(doc.at("info").at("version").get<std::string>(), std::string(FINDATA_VERSION));
        QVERIFY(!doc.at("servers").empty());
        const auto& scheme = doc.at("components").at("securitySchemes").at("ApiKey");
        QCOMPARE(scheme.at("type").get<std::string>(), std::string("apiKey"));
        QCOMPARE(scheme.at("in").get<std::string>(), std::string("header"));
        QCOMPARE(scheme.at("name").get<std::string>(), std::string("Authorization"));
        const auto& error = doc.at("components").at("schemas").at("Error");
        const auto& errorFields = error.at("properties").at("error").at("properties");
        for (const char* field : {"code", "message", "details"})
            QVERIFY2(errorFields.contains(field), field);

        // Exactly the served routes: nothing missing, nothing extra.
        std::set<RouteKey> documented, served;
        for (const auto& route : m_router->routes())
            served.insert({route.method, route.pattern});
        for (const auto& [path, item] : doc.at("paths").items())
            for (const auto& [method, op] : item.items()) {
                std::string upper = method;
                for (auto& c : upper)
                    c = char(std::toupper(static_cast<unsigned char>(c)));
                documented.insert({upper, path});
            }
        for (const auto& [method, path] : served)
            QVERIFY2(
                documented.count({method, path}),
                qPrintable(QStringLiteral("undocumented: %1 %2")
                               .arg(QString::fromStdString(method), QString::fromStdString(path))));
        for (const auto& [method, path] : documented)
            QVERIFY2(
                served.count({method, path}),
                qPrintable(QStringLiteral("documented but not served: %1 %2")
                               .arg(QString::fromStdString(method), QString::fromStdString(path))));
        QVERIFY(served.count({"GET", "/health"}));

        // Every operation: a summary, a tag, responses that resolve, security as the route is,
        // its path parameters and the route's query parameters.
        for (const auto& route : m_router->routes()) {
            std::string method = route.method;
            for (auto& c : method)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            const auto& op = doc.at("paths").at(route.pattern).at(method);
            const QString where = QString::fromStdString(route.method + " " + route.pattern);
            QVERIFY2(!op.value("summary", "").empty(), qPrintable(where));
            QVERIFY2(!op.at("tags").empty(), qPrintable(where));
            QVERIFY2(!op.at("responses").empty(), qPrintable(where));
            for (const auto& [status, response] : op.at("responses").items()) {
                if (!response.contains("$ref")) continue;
                const auto ref = response["$ref"].get<std::string>();
                const auto name = ref.substr(ref.rfind('/') + 1);
                QVERIFY2(doc["components"]["responses"].contains(name), qPrintable(where));
                QCOMPARE(doc["components"]["responses"][name]["content"]["application/json"]
                            ["schema"]["$ref"]
                                .get<std::string>(),
                         std::string("#/components/schemas/Error"));
            }
            if (route.isPublic) {
                QVERIFY2(op.at("security").empty(), qPrintable(where));
            } else {
                QCOMPARE(op.at("security"), json::array({{{"ApiKey", json::array()}}}));
                QVERIFY2(op.at("responses").contains("401"), qPrintable(where));
            }
            std::set<std::string> pathParams, queryParams;
            for (const auto& p : op.at("parameters"))
                (p.at("in") == "path" ? pathParams : queryParams)
                    .insert(p.at("name").get<std::string>());
            static const QRegularExpression braces(QStringLiteral("\\{([^}]+)\\}"));
            std::set<std::string> expectedPath;
            for (auto it = braces.globalMatch(QString::fromStdString(route.pattern)); it.hasNext();)
                expectedPath.insert(it.next().captured(1).toStdString());
            QVERIFY2(pathParams == expectedPath, qPrintable(where));
            if (!expectedPath.empty())
                QVERIFY2(op.at("responses").contains("404"), qPrintable(where));
            for (const auto& p : route.parameters)
                if (p.value("in", "query") == "query")
                    QVERIFY2(queryParams.count(p.at("name").get<std::string>()), qPrintable(where));
        }
    }

    // /metrics names every tenant: without the bearer token it says nothing, not even who.
    void metricsNeedTheBearerToken_data() {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addRow("none") << QByteArray();
        QTest::addRow("a tenant's API key") << QByteArray("Api-Key " + m_tenant.key.toUtf8());
        QTest::addRow("a wrong token") << QByteArray("Bearer 0123456789abcdef");
        QTest::addRow("an empty token") << QByteArray("Bearer ");
    }
    void metricsNeedTheBearerToken() {
        QFETCH(QByteArray, authorization);
        QMap<QByteArray, QByteArray> headers;
        if (!authorization.isEmpty()) headers.insert("Authorization", authorization);
        const auto reply = test::ApiClient(m_agent->url())
                               .send("GET", QStringLiteral("/metrics"), {}, {}, headers);
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(!reply.body.contains(m_tenant.id.toUtf8()));
        QVERIFY(!reply.body.contains("findata_"));
        QVERIFY(reply.headers.value("www-authenticate").startsWith("Bearer"));
        // The token file is the agent's alone.
        const auto perms =
            std::filesystem::status(
                (m_agent->dataDir() + QStringLiteral("/metrics-token")).toStdString())
                .permissions();
        QCOMPARE(perms & std::filesystem::perms::all,
                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }

    void metricsAreExposedInPrometheusFormat() {
        const auto reply = m_agent->metrics();
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/plain"));
        const QByteArray& body = reply.body;
        for (const char* family :
             {"findata_http_requests_total", "findata_sync_operations_total",
              "findata_http_request_duration_seconds", "findata_sync_duration_seconds",
              "findata_rows_inserted_total", "findata_validation_errors_total",
              "findata_upload_bytes_total"}) {
            QVERIFY2(body.contains(QByteArray("# HELP ") + family + ' '), family);
            QVERIFY2(body.contains(QByteArray("# TYPE ") + family + ' '), family);
        }
        QVERIFY(body.contains("# TYPE findata_http_requests_total counter\n"));
        QVERIFY(body.contains("# TYPE findata_http_request_duration_seconds histogram\n"));
        // Every line is a comment or `name{labels} value`.
        static const QRegularExpression sampleLine(QStringLiteral(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
            "[-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN)$"));
        for (const auto& line : body.split('\n'))
            if (!line.isEmpty() && !line.startsWith('#'))
                QVERIFY2(sampleLine.match(QString::fromUtf8(line)).hasMatch(), line.constData());

        // Our earlier requests, by route pattern.
        QCOMPARE(sample(body, QStringLiteral("findata_http_requests_total{route=\"/"
                                             "health\",method=\"GET\",status=\"200\"}")),
                 double(m_healthCalls));
        QCOMPARE(sample(body, QStringLiteral("findata_http_request_duration_seconds_count{route=\"/"
                                             "health\",method=\"GET\"}")),
                 double(m_healthCalls));
        QCOMPARE(sample(body, QStringLiteral("findata_http_requests_total{route=\"/api/"
                                             "openapi.json\",method=\"GET\",status=\"200\"}")),
                 1.0);
        QCOMPARE(sample(body, QStringLiteral("findata_http_requests_total{route=\"unmatched\","
                                             "method=\"GET\",status=\"404\"}")),
                 3.0);
        QCOMPARE(sample(body, QStringLiteral("findata_http_requests_total{route=\"unmatched\","
                                             "method=\"DELETE\",status=\"405\"}")),
                 1.0);
        // Unmatched paths never become label values (that would let clients grow the series).
        QVERIFY(!body.contains("nope-unknown"));
        QCOMPARE(sample(body, QStringLiteral("findata_up")), 1.0);
    }

    void syncsAreCountedByTheServingAgent() {
        bool haveSyncRoute = false;
        for (const auto& route : m_router->routes())
            haveSyncRoute =
                haveSyncRoute || (route.method == "POST" && route.pattern == "/api/sync/");
        if (!haveSyncRoute) QSKIP("POST /api/sync/ is not in the route table yet");

        const auto tenant =
            TenantRepository(m_services->database()).find(m_tenant.id.toStdString());
        QVERIFY(tenant);
        for (const auto ft : core::kFileTypes) {
            const auto path = std::string(FINDATA_SAMPLE_DIR) + "/BANK001/RETAIL/" +
                              std::string(core::toText(ft)) + ".csv";
            const auto outcome = m_services->uploadIntake().stageFile(
                *tenant, core::LoanType::Retail, ft, path, "test");
            QVERIFY(!outcome.unchanged);
        }
        const auto reply =
            m_client->post(QStringLiteral("/api/sync/"),
                           QJsonObject{{QStringLiteral("tenant_id"), m_tenant.id},
                                       {QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QVERIFY2(reply.status >= 200 && reply.status < 300, reply.body.constData());

        // Finished in the store, then counted by the agent that ran it.
        SyncLogRepository logs(m_services->database(), tenant->schema);
        QTRY_VERIFY_WITH_TIMEOUT(!logs.list(core::LoanType::Retail, 1).empty() &&
                                     isFinal(logs.list(core::LoanType::Retail, 1).front().status),
                                 120000);
        QCOMPARE(logs.list(core::LoanType::Retail, 1).front().status, SyncStatus::Completed);
        const QString tenantLabel = m_tenant.id;
        QByteArray body;
        QTRY_VERIFY_WITH_TIMEOUT(
            (body = m_agent->metrics().body,
             sample(body, QStringLiteral("findata_sync_operations_total{tenant=\"%1\",loan_type="
                                         "\"RETAIL\",status=\"COMPLETED\"}")
                              .arg(tenantLabel)) == 1.0),
            10000);
        QCOMPARE(sample(body, QStringLiteral("findata_rows_inserted_total{tenant=\"%1\",loan_type="
                                             "\"RETAIL\",file_type=\"credit\"}")
                                  .arg(tenantLabel)),
                 300.0);
        QCOMPARE(sample(body, QStringLiteral(
                                  "findata_sync_duration_seconds_count{loan_type=\"RETAIL\"}")),
                 1.0);
    }

    void clearTextOffLoopbackIsRefused_data() {
        QTest::addColumn<QString>("listen");
        QTest::addRow("all IPv4 interfaces") << QStringLiteral("0.0.0.0:0");
        QTest::addRow("all IPv6 interfaces") << QStringLiteral("[::]:0");
        QTest::addRow("a LAN address") << QStringLiteral("192.168.1.10:8000");
        QTest::addRow("a name that only starts with 127.")
            << QStringLiteral("127.0.0.1.example.com:0");
    }
    void clearTextOffLoopbackIsRefused() {
        QFETCH(QString, listen);
        const auto [code, output] = runServe({QStringLiteral("--listen"), listen});
        QCOMPARE(code, 2);
        QVERIFY2(output.contains("refusing"), output.constData());
        QVERIFY2(output.contains("--tls-cert"), output.constData());
        QVERIFY2(output.contains("--allow-insecure-remote"), output.constData());
    }

    // With the flag the refusal is lifted; an address of no interface here then fails to bind,
    // so nothing is exposed while testing.
    void allowInsecureRemoteLiftsTheRefusal() {
        const auto [code, output] =
            runServe({QStringLiteral("--listen"), QStringLiteral("192.0.2.1:0"),
                      QStringLiteral("--allow-insecure-remote")});
        QVERIFY2(!output.contains("refusing"), output.constData());
        QVERIFY2(output.contains("cannot listen on 192.0.2.1"), output.constData());
        QVERIFY(code != 0 && code != 2);
    }

    void repeatedBadKeysAreSlowedDown() {
        std::string path;
        for (const auto& route : m_router->routes())
            if (!route.isPublic && route.method == "GET" &&
                route.pattern.find('{') == std::string::npos) {
                path = route.pattern;
                break;
            }
        if (path.empty()) QSKIP("no authenticated GET route without parameters is registered yet");
        test::ApiClient bad(m_agent->url(),
                            QStringLiteral("sk_live_") + QString(48, QLatin1Char('0')));
        for (int i = 1; i <= 10; ++i) {
            const auto reply = bad.get(QString::fromStdString(path));
            QVERIFY2(reply.status == 401,
                     qPrintable(QStringLiteral("attempt %1: %2").arg(i).arg(reply.status)));
            QCOMPARE(reply.errorCode(), QStringLiteral("unauthorized"));
        }
        const auto refused = bad.get(QString::fromStdString(path));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.errorCode(), QStringLiteral("too_many_requests"));
        // Public routes still answer.
        QCOMPARE(bad.get(QStringLiteral("/health")).status, 200);
    }

    // Last: it ends the agent.
    void sigtermStopsCleanly() {
        QCOMPARE(m_agent->stop(), 0);
        QVERIFY2(m_agent->output().contains("stopped"), m_agent->output().constData());
        QCOMPARE(test::ApiClient(m_agent->url()).get(QStringLiteral("/health")).status, 0);
    }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    test::TestTenant m_tenant;
    std::unique_ptr<test::ApiClient> m_client;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<SyncRunner> m_runner;
    Metrics m_metrics;
    ReadCache m_readCache;
    CacheWarmer m_cacheWarmer;
    std::unique_ptr<ApiContext> m_context;
    std::unique_ptr<Router> m_router;
    int m_healthCalls = 0;

    // `findata-agent serve` with these arguments on the test databases: exit code and output.
    std::pair<int, QByteArray> runServe(const QStringList& args) {
        QTemporaryDir dir;
        const auto& urls = test::testDatabases();
        QProcess agent;
        agent.setProcessChannelMode(QProcess::MergedChannels);
        agent.start(
            QStringLiteral(FINDATA_AGENT_BINARY),
            QStringList{QStringLiteral("serve"), QStringLiteral("--pg-url"),
                        QString::fromStdString(urls.pg), QStringLiteral("--clickhouse-url"),
                        QString::fromStdString(urls.clickhouse), QStringLiteral("--data-dir"),
                        dir.path(), QStringLiteral("--scheduler-interval"), QStringLiteral("0")} +
                args);
        if (!agent.waitForFinished(60000)) {
            agent.kill();
            agent.waitForFinished();
            return {-1, agent.readAll()};
        }
        return {agent.exitCode(), agent.readAll()};
    }
};

QTEST_GUILESS_MAIN(TestApiSystem)
#include "tst_api_system.moc"
