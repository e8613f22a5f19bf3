// AgentClient against a real agent on loopback, and against a fake one for the failures a real
// agent cannot produce on demand: every outcome must end in finished() with a readable message.

#include <QBuffer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QtTest>
#include <memory>

#include "app/client/agentclient.h"
#include "fakeagent.h"
#include "support/agentprocess.h"
#include "testconfig.h"

using findata::app::AgentClient;
using findata::app::AgentError;
using findata::app::AgentReply;

namespace {

// What a finished reply said, copied before the reply deletes itself.
struct Outcome {
    bool finished = false;
    AgentError error = AgentError::None;
    QString message;
    QString code;
    int status = 0;
    QJsonObject json;
};

Outcome await(AgentReply* reply, int timeoutMs = 30000) {
    Outcome outcome;
    QEventLoop loop;
    QObject::connect(reply, &AgentReply::finished, &loop, [&] {
        outcome = {true,
                   reply->error(),
                   reply->errorString(),
                   reply->errorCode(),
                   reply->httpStatus(),
                   reply->object()};
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return outcome;
}

}  // namespace

Q_DECLARE_METATYPE(AgentError)

class TestAgentClient final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agentUrlFromText_data();
    void agentUrlFromText();
    void health();
    void tenantWithGoodKey();
    void tenantWithBadKey_data();
    void tenantWithBadKey();
    void unreachableAgent();
    void misbehavingAgent_data();
    void misbehavingAgent();
    void refusedRequestCarriesApiMessage();
    void uploadStagesFile();
    void uploadCanBeCanceled();
    void cleanupTestCase();

private:
    std::unique_ptr<findata::test::AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
};

void TestAgentClient::initTestCase() {
    m_agent = std::make_unique<findata::test::AgentProcess>();
    QVERIFY2(m_agent->ok(), m_agent->output().constData());
    m_tenant = findata::test::createTestTenant("APPCLIENT");
}

void TestAgentClient::agentUrlFromText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url");
    QTest::addRow("host and port get http") << "127.0.0.1:8000"
                                            << "http://127.0.0.1:8000";
    QTest::addRow("trailing slash dropped") << "http://agent.bank:8000/"
                                            << "http://agent.bank:8000";
    QTest::addRow("https kept") << " https://agent.bank "
                                << "https://agent.bank";
    QTest::addRow("empty is invalid") << ""
                                      << "";
    QTest::addRow("ftp is invalid") << "ftp://agent.bank"
                                    << "";
}

void TestAgentClient::agentUrlFromText() {
    QFETCH(QString, text);
    QFETCH(QString, url);
    const auto parsed = AgentClient::agentUrlFromText(text);
    QCOMPARE(parsed.isValid() ? parsed.toString() : QString(), url);
}

void TestAgentClient::health() {
    AgentClient client;
    client.setBaseUrl(QUrl(m_agent->url()));
    const auto outcome = await(client.health());
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.error, AgentError::None);
    QCOMPARE(outcome.json.value(QLatin1String("agent")).toObject().value(QLatin1String("status")),
             QStringLiteral("ok"));
}

void TestAgentClient::tenantWithGoodKey() {
    AgentClient client;
    client.setBaseUrl(QUrl(m_agent->url()));
    client.setApiKey(m_tenant.key);
    const auto outcome = await(client.tenant());
    QCOMPARE(outcome.error, AgentError::None);
    QCOMPARE(outcome.json.value(QLatin1String("id")).toString(), m_tenant.id);
    QCOMPARE(outcome.json.value(QLatin1String("name")).toString(), QStringLiteral("API test"));
}

void TestAgentClient::tenantWithBadKey_data() {
    QTest::addColumn<QString>("key");
    QTest::addRow("well-formed but unknown key") << QStringLiteral("sk_live_") + QString(48, u'0');
    QTest::addRow("garbage key") << "not-a-key";
    QTest::addRow("no key at all") << "";
}

void TestAgentClient::tenantWithBadKey() {
    QFETCH(QString, key);
    AgentClient client;
    client.setBaseUrl(QUrl(m_agent->url()));
    client.setApiKey(key);
    const auto outcome = await(client.tenant());
    QCOMPARE(outcome.status, 401);
    QCOMPARE(outcome.error, AgentError::KeyRejected);
    QVERIFY2(outcome.message.contains(QLatin1String("rejected the API key")),
             qPrintable(outcome.message));
}

void TestAgentClient::unreachableAgent() {
    AgentClient client;
    const auto url = findata::test::closedPortUrl();
    client.setBaseUrl(url);
    const auto outcome = await(client.health(), 10000);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.error, AgentError::Unreachable);
    QVERIFY2(outcome.message.contains(url.toString()), qPrintable(outcome.message));
}

void TestAgentClient::misbehavingAgent_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<AgentError>("error");
    QTest::addColumn<QString>("message");
    QTest::addRow("500 with an API error")
        << 500 << QByteArray(R"({"error":{"code":"internal","message":"the store is down"}})")
        << AgentError::Server << "The agent failed: the store is down (HTTP 500)";
    QTest::addRow("502 from a proxy, plain text")
        << 502 << QByteArray("Bad Gateway") << AgentError::Server
        << "The agent failed to answer (HTTP 502). See the agent's log.";
    QTest::addRow("422 with an API error")
        << 422 << QByteArray(R"({"error":{"code":"unprocessable","message":"nothing staged"}})")
        << AgentError::Request << "nothing staged";
    QTest::addRow("200 that is not JSON")
        << 200 << QByteArray("<html>hello</html>") << AgentError::BadAnswer << "could not be read";
    QTest::addRow("silent agent times out")
        << 0 << QByteArray() << AgentError::Timeout << "did not answer in time";
}

void TestAgentClient::misbehavingAgent() {
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(AgentError, error);
    QFETCH(QString, message);
    findata::test::FakeAgent fake(status, body);
    QVERIFY(fake.isListening());
    AgentClient client;
    client.setBaseUrl(fake.url());
    client.setApiKey(QStringLiteral("sk_live_test"));
    client.setTimeout(std::chrono::milliseconds(400));
    QElapsedTimer elapsed;
    elapsed.start();
    const auto outcome = await(client.tenant(), 10000);
    QVERIFY2(outcome.finished, "the reply never finished");
    QVERIFY2(elapsed.elapsed() < 5000, "a failure must not take long");
    QCOMPARE(fake.requests(), 1);
    QCOMPARE(outcome.error, error);
    QVERIFY2(outcome.message.contains(message), qPrintable(outcome.message));
}

void TestAgentClient::refusedRequestCarriesApiMessage() {
    // A fresh tenant has nothing staged: the agent answers 422 with its own explanation.
    const auto tenant = findata::test::createTestTenant("APPEMPTY");
    AgentClient client;
    client.setBaseUrl(QUrl(m_agent->url()));
    client.setApiKey(tenant.key);
    const auto outcome = await(client.startSync(QStringLiteral("COMMERCIAL")));
    QCOMPARE(outcome.status, 422);
    QCOMPARE(outcome.error, AgentError::Request);
    QCOMPARE(outcome.code, QStringLiteral("unprocessable"));
    findata::test::ApiClient api(m_agent->url(), tenant.key);
    const auto direct =
        api.post(QStringLiteral("/api/sync/"),
                 QJsonObject{{QStringLiteral("loan_type"), QStringLiteral("COMMERCIAL")}});
    QCOMPARE(outcome.message, direct.json()
                                  .value(QLatin1String("error"))
                                  .toObject()
                                  .value(QLatin1String("message"))
                                  .toString());
}

void TestAgentClient::uploadStagesFile() {
    auto* file = new QFile(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/credit.csv"));
    QVERIFY(file->open(QIODevice::ReadOnly));
    const auto size = file->size();
    AgentClient client;
    client.setBaseUrl(QUrl(m_agent->url()));
    client.setApiKey(m_tenant.key);
    auto* reply = client.upload(QStringLiteral("RETAIL"), QStringLiteral("credit"), file,
                                QStringLiteral("credit.csv"));
    qint64 lastSent = 0;
    connect(reply, &AgentReply::uploadProgress, this,
            [&lastSent](qint64 sent, qint64) { lastSent = sent; });
    const auto outcome = await(reply);
    QCOMPARE(outcome.error, AgentError::None);
    QCOMPARE(outcome.status, 201);
    QCOMPARE(outcome.json.value(QLatin1String("status")).toString(), QStringLiteral("STAGED"));
    QCOMPARE(outcome.json.value(QLatin1String("size_bytes")).toInteger(), size);
    QCOMPARE(lastSent, size);
}

void TestAgentClient::uploadCanBeCanceled() {
    // The silent agent never answers, so the upload is still running when it is canceled.
    findata::test::FakeAgent fake(0, {});
    auto* body = new QBuffer;
    body->setData(QByteArray(8 * 1024 * 1024, 'x'));
    QVERIFY(body->open(QIODevice::ReadOnly));
    AgentClient client;
    client.setBaseUrl(fake.url());
    auto* reply = client.upload(QStringLiteral("RETAIL"), QStringLiteral("credit"), body, {});
    connect(reply, &AgentReply::uploadProgress, reply, [reply](qint64 sent, qint64) {
        if (sent > 0) reply->cancel();
    });
    const auto outcome = await(reply, 10000);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.error, AgentError::Canceled);
}

void TestAgentClient::cleanupTestCase() {
    if (m_agent) QCOMPARE(m_agent->stop(), 0);
}

QTEST_MAIN(TestAgentClient)
#include "tst_agentclient.moc"
