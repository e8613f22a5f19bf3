// Authentication failures cannot be turned against valid users: failures are counted per
// (client address, presented key prefix), atomically, answered 429 with Retry-After, a valid
// key is never refused because another key failed from the same address, and a success does
// not wipe out someone else's failures. And the role matrix: every route of the agent's own
// OpenAPI document × every role (viewer, operator, admin, agent administrator) × the caller's
// own tenant or another's — a role that does not grant the route gets 403 naming what is
// missing, one that does never gets 401/403, and another tenant's resources stay invisible.
// Against a real `findata-agent serve` on loopback.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "agent/store/database.h"
#include "agent/store/keyrepository.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;

namespace {

struct RawReply {
    int status = 0;
    std::string retryAfter;
};

// One GET over a fresh loopback connection, from any thread (no Qt event loop needed).
RawReply rawGet(std::uint16_t port, const std::string& path, const std::string& key) {
    RawReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return reply;
    timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return reply;
    }
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                "Authorization: Api-Key " + key + "\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        ::close(fd);
        return reply;
    }
    std::string response;
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    if (response.rfind("HTTP/1.1 ", 0) == 0) reply.status = std::atoi(response.c_str() + 9);
    std::string lower = response.substr(0, response.find("\r\n\r\n"));
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto at = lower.find("\r\nretry-after: "); at != std::string::npos) {
        const auto start = at + 15;
        reply.retryAfter = lower.substr(start, lower.find("\r\n", start) - start);
    }
    return reply;
}

std::string wrongKey(char digit) {
    return "sk_live_" + std::string(48, digit);
}

// The least role every route must need. A route missing here fails the matrix: classify it.
const QMap<QString, QString> kExpectedRoles = {
    {QStringLiteral("POST /api/sync/"), QStringLiteral("operator")},
    {QStringLiteral("GET /api/sync/configs/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/sync/configs/{id}/"), QStringLiteral("viewer")},
    {QStringLiteral("PATCH /api/sync/configs/{id}/"), QStringLiteral("operator")},
    {QStringLiteral("GET /api/sync/logs/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/sync/logs/{id}/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/sync/logs/{id}/errors/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/sync/logs/{id}/rejected/"), QStringLiteral("viewer")},
    {QStringLiteral("POST /api/sync/logs/{id}/rejected/dismiss/"), QStringLiteral("operator")},
    {QStringLiteral("POST /api/sync/logs/{id}/rejected/resubmit/"), QStringLiteral("operator")},
    {QStringLiteral("GET /api/sync/logs/{id}/evidence/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/tenant/"), QStringLiteral("viewer")},
    {QStringLiteral("POST /api/tenant/rotate-key/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/keys/"), QStringLiteral("admin")},
    {QStringLiteral("POST /api/keys/"), QStringLiteral("admin")},
    {QStringLiteral("DELETE /api/keys/{prefix}/"), QStringLiteral("admin")},
    {QStringLiteral("GET /api/admin/tenants/"), QStringLiteral("agent_admin")},
    {QStringLiteral("POST /api/admin/tenants/"), QStringLiteral("agent_admin")},
    {QStringLiteral("GET /api/admin/tenants/{id}/"), QStringLiteral("agent_admin")},
    {QStringLiteral("PATCH /api/admin/tenants/{id}/"), QStringLiteral("agent_admin")},
    {QStringLiteral("POST /api/admin/tenants/{id}/keys/"), QStringLiteral("agent_admin")},
    {QStringLiteral("GET /api/admin/audit/"), QStringLiteral("agent_admin")},
    {QStringLiteral("POST /api/uploads/"), QStringLiteral("operator")},
    {QStringLiteral("GET /api/uploads/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/uploads/{id}/"), QStringLiteral("viewer")},
    {QStringLiteral("DELETE /api/uploads/{id}/"), QStringLiteral("operator")},
    {QStringLiteral("POST /api/check/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/data/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/profiling/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/kpis/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/periods/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/kpis/history/"), QStringLiteral("viewer")},
    {QStringLiteral("GET /api/rules/"), QStringLiteral("viewer")},
    {QStringLiteral("PUT /api/rules/"), QStringLiteral("admin")},
    {QStringLiteral("GET /api/reports/period/"), QStringLiteral("viewer")},
};

int rank(const QString& role) {
    if (role == QLatin1String("viewer")) return 1;
    if (role == QLatin1String("operator")) return 2;
    if (role == QLatin1String("admin")) return 3;
    return 10;  // agent_admin
}

bool grants(const QString& held, const QString& needed) {
    if (held == QLatin1String("agent_admin") || needed == QLatin1String("agent_admin"))
        return held == needed;
    return rank(held) >= rank(needed);
}

struct MatrixRoute {
    QByteArray method;
    QString pattern;
    QString role;
    bool hasTenantParameter = false;
};

}  // namespace

class TestApiAuth final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_port = static_cast<std::uint16_t>(QUrl(m_agent->url()).port());
        m_tenant = test::createTestTenant("AUTH");
        m_other = test::createTestTenant("AUTH");
    }

    void refusalsCarryRetryAfter() {
        for (int i = 0; i < 10; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('1')).status, 401);
        const auto refused = rawGet(m_port, "/api/tenant/", wrongKey('1'));
        QCOMPARE(refused.status, 429);
        QVERIFY2(!refused.retryAfter.empty(), "429 without Retry-After");
        const int seconds = std::atoi(refused.retryAfter.c_str());
        QVERIFY2(seconds >= 1 && seconds <= 61, refused.retryAfter.c_str());
    }

    // Someone guessing keys from the same address (a shared NAT, a proxy) locks out only the
    // key prefix they guess, never a valid key nobody has verified yet.
    void validKeyIsNotLockedOutByOthersFailures() {
        for (int i = 0; i < 12; ++i)
            rawGet(m_port, "/api/tenant/", wrongKey('2'));
        QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('2')).status, 429);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
        // Nor another tenant's key from the same address.
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_other.key.toStdString()).status, 200);
    }

    // A success from the same address does not reset the counter of a guessed prefix.
    void successDoesNotResetOthersFailures() {
        for (int i = 0; i < 6; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 401);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 401);
        QCOMPARE(rawGet(m_port, "/api/tenant/", wrongKey('3')).status, 429);
    }

    // Check and count are one step: of 40 simultaneous bad attempts at most 10 are verified.
    void parallelBadAttemptsAreCountedAtomically() {
        std::atomic<int> unauthorized{0};
        std::atomic<int> limited{0};
        std::atomic<int> other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 40; ++i)
            threads.emplace_back([&] {
                const int status = rawGet(m_port, "/api/tenant/", wrongKey('4')).status;
                (status == 401 ? unauthorized : status == 429 ? limited : other)++;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(other.load(), 0);
        QVERIFY2(unauthorized.load() <= 10, qPrintable(QString::number(unauthorized.load())));
        QCOMPARE(unauthorized.load() + limited.load(), 40);
        QCOMPARE(rawGet(m_port, "/api/tenant/", m_tenant.key.toStdString()).status, 200);
    }

    // A batch job's 64 connections all presenting a key nobody has verified yet: each gets in
    // (the attempts beyond the limit wait for their turn; they are not counted as failures).
    void parallelFirstUsesOfAValidKeyAllPass() {
        const auto fresh = test::createTestTenant("AUTHP");
        std::atomic<int> ok{0};
        std::atomic<int> other{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 64; ++i)
            threads.emplace_back([&] {
                (rawGet(m_port, "/api/tenant/", fresh.key.toStdString()).status == 200 ? ok
                                                                                       : other)++;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(other.load(), 0);
        QCOMPARE(ok.load(), 64);
    }

    // Not on a terminal (a pipe, the journal), a new key goes to a 0600 file, never to output.
    void newKeysAreWrittenToAPrivateFileNotToOutput() {
        QTemporaryDir dir;
        const auto& urls = test::testDatabases();
        const QString id = QString::fromStdString(test::uniqueTenantId("KEY"));
        const QStringList common{
            QStringLiteral("--pg-url"),         QString::fromStdString(urls.pg),
            QStringLiteral("--clickhouse-url"), QString::fromStdString(urls.clickhouse),
            QStringLiteral("--data-dir"),       dir.path()};
        for (const QStringList& command :
             {QStringList{QStringLiteral("tenant"), QStringLiteral("add"), id,
                          QStringLiteral("--name"), QStringLiteral("Key Bank")},
              QStringList{QStringLiteral("tenant"), QStringLiteral("rotate-key"), id}}) {
            QProcess agent;
            agent.setProcessChannelMode(QProcess::MergedChannels);
            agent.start(QStringLiteral(FINDATA_AGENT_BINARY), command + common);
            QVERIFY(agent.waitForFinished(60000));
            const QByteArray output = agent.readAll();
            QCOMPARE(agent.exitCode(), 0);
            QVERIFY2(!output.contains("sk_live_"), output.constData());
            static const QRegularExpression written(
                QStringLiteral("written to (\\S+) \\(readable only by this account\\)"));
            const auto match = written.match(QString::fromUtf8(output));
            QVERIFY2(match.hasMatch(), output.constData());
            const std::filesystem::path file = match.captured(1).toStdString();
            QVERIFY(std::filesystem::exists(file));
            QCOMPARE(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
                     std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
            QFile key(match.captured(1));
            QVERIFY(key.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(key.readAll()).trimmed();
            // The key works against the serving agent.
            QCOMPARE(rawGet(m_port, "/api/tenant/", text.toStdString()).status, 200);
        }
    }

    // Every route the agent documents, with its declared role and whether it takes tenant_id.
    void everyRouteDeclaresTheExpectedRole() {
        loadRoutes();
        QVERIFY(m_routes.size() >= kExpectedRoles.size());
        for (const auto& r : m_routes) {
            const QString name = QString::fromLatin1(r.method) + u' ' + r.pattern;
            QVERIFY2(kExpectedRoles.contains(name),
                     qPrintable(name + QStringLiteral(" is not classified in kExpectedRoles")));
            QVERIFY2(kExpectedRoles[name] == r.role,
                     qPrintable(name + QStringLiteral(" needs ") + r.role +
                                QStringLiteral(", expected ") + kExpectedRoles[name]));
        }
    }

    void roleMatrix_data() {
        loadRoutes();
        prepareMatrix();
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("needed");
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("other");
        QTest::addColumn<bool>("tenantParameter");
        for (const auto& r : m_routes)
            for (const QString& role : {QStringLiteral("viewer"), QStringLiteral("operator"),
                                        QStringLiteral("admin"), QStringLiteral("agent_admin")})
                for (const bool other : {false, true})
                    QTest::addRow("%s %s as %s, %s tenant", r.method.constData(),
                                  qPrintable(r.pattern), qPrintable(role), other ? "other" : "own")
                        << r.method << r.pattern << r.role << role << other << r.hasTenantParameter;
    }
    void roleMatrix() {
        QFETCH(QByteArray, method);
        QFETCH(QString, pattern);
        QFETCH(QString, needed);
        QFETCH(QString, role);
        QFETCH(bool, other);
        QFETCH(bool, tenantParameter);
        const bool adminRoute = pattern.startsWith(QLatin1String("/api/admin/"));
        // The path: another tenant's real resources, or ids the caller's tenant does not have.
        const QString missing = QStringLiteral("00000000-0000-4000-8000-000000000000");
        QString path = pattern;
        bool namesOther = false;
        if (pattern.contains(QLatin1String("{prefix}"))) {
            path.replace(QLatin1String("{prefix}"),
                         other ? m_other.key.left(16) : QStringLiteral("sk_live_00000000"));
            namesOther = other;
        } else if (adminRoute) {
            path.replace(QLatin1String("{id}"), other ? m_other.id : m_tenant.id);
        } else if (pattern.startsWith(QLatin1String("/api/uploads/{id}"))) {
            path.replace(QLatin1String("{id}"), other ? m_otherUpload : missing);
            namesOther = other;
        } else if (pattern.startsWith(QLatin1String("/api/sync/logs/{id}"))) {
            path.replace(QLatin1String("{id}"), other ? m_otherSync : missing);
            namesOther = other;
        } else {
            path.replace(QLatin1String("{id}"), QStringLiteral("1"));
        }
        if (tenantParameter && !adminRoute) {
            path += QStringLiteral("?tenant_id=") + (other ? m_other.id : m_tenant.id);
            namesOther = namesOther || other;
        }
        // Bodies that a handler refuses or applies without harm (nothing is staged or started).
        QByteArray body, type;
        if (method == "POST" && (pattern == QLatin1String("/api/uploads/") ||
                                 pattern == QLatin1String("/api/check/"))) {
            body = "a;b\n";
            type = "text/csv";
        } else if (method == "POST" || method == "PATCH") {
            body = "{}";
            type = "application/json";
        }
        test::ApiClient client(m_agent->url(), m_roleKeys[role]);
        const auto reply = client.send(method, path, body, type);
        const QByteArray said = QByteArray::number(reply.status) + ' ' + reply.body.left(300);
        if (!grants(role, needed)) {
            QVERIFY2(reply.status == 403, said.constData());
            QCOMPARE(reply.errorCode(), QStringLiteral("forbidden"));
            const QString message = reply.json()[QLatin1String("error")]
                                        .toObject()[QLatin1String("message")]
                                        .toString();
            if (needed == QLatin1String("agent_admin"))
                QVERIFY2(message.contains(QLatin1String("agent administrator credential")),
                         qPrintable(message));
            else if (role == QLatin1String("agent_admin"))
                QVERIFY2(message.contains(QLatin1String("needs one of its keys")),
                         qPrintable(message));
            else
                QVERIFY2(message.contains(QStringLiteral("needs the ") + needed +
                                          QStringLiteral(" role")) &&
                             message.contains(QStringLiteral("has the ") + role),
                         qPrintable(message));
            return;
        }
        QVERIFY2(
            reply.status != 401 && reply.status != 403 && reply.status < 500 && reply.status != 0,
            said.constData());
        if (adminRoute) return;
        // Another tenant's resource answers as a missing one, and nothing of it shows.
        if (namesOther) QVERIFY2(reply.status == 404, said.constData());
        QVERIFY2(!reply.body.contains(m_other.id.toUtf8()) || namesOther, said.constData());
        QVERIFY2(!reply.body.contains(m_other.key.left(16).toUtf8()) || namesOther,
                 said.constData());
        // The caller rotated its own key: the matrix goes on with the new one.
        if (pattern == QLatin1String("/api/tenant/rotate-key/"))
            m_roleKeys[role] = reply.json()[QLatin1String("api_key")].toString();
    }

    // The other tenant's key still works and its resources are untouched after the matrix.
    void matrixLeftTheOtherTenantIntact() {
        test::ApiClient other(m_agent->url(), m_other.key);
        QCOMPARE(other.get(QStringLiteral("/api/uploads/") + m_otherUpload + u'/').status, 200);
        QCOMPARE(other.get(QStringLiteral("/api/sync/logs/") + m_otherSync + u'/').status, 200);
    }

    void cleanupTestCase() { m_agent.reset(); }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::uint16_t m_port = 0;
    test::TestTenant m_tenant;
    test::TestTenant m_other;
    QList<MatrixRoute> m_routes;
    QMap<QString, QString> m_roleKeys;  // role → a key of m_tenant (agent_admin: no tenant)
    QString m_otherUpload;              // the other tenant's upload and sync
    QString m_otherSync;

    void loadRoutes() {
        if (!m_routes.isEmpty()) return;
        const auto doc = test::ApiClient(m_agent->url()).get(QStringLiteral("/api/openapi.json"));
        const auto paths = doc.json()[QLatin1String("paths")].toObject();
        for (auto p = paths.begin(); p != paths.end(); ++p) {
            const auto methods = p.value().toObject();
            for (auto m = methods.begin(); m != methods.end(); ++m) {
                const auto op = m.value().toObject();
                if (!op.contains(QLatin1String("x-required-role"))) continue;  // public
                bool tenantParameter = false;
                for (const auto param : op[QLatin1String("parameters")].toArray())
                    if (param.toObject()[QLatin1String("name")] == QLatin1String("tenant_id"))
                        tenantParameter = true;
                m_routes.push_back({m.key().toUpper().toLatin1(), p.key(),
                                    op[QLatin1String("x-required-role")].toString(),
                                    tenantParameter});
            }
        }
    }

    // Keys of every role for m_tenant, an agent administrator credential, and the other
    // tenant's synced upload (its files of BANK001 RETAIL).
    void prepareMatrix() {
        if (!m_roleKeys.isEmpty()) return;
        agent::Database db(test::testDatabases().pg);
        agent::KeyRepository keys(db);
        const auto tenant = m_tenant.id.toStdString();
        for (const auto role : {agent::Role::Viewer, agent::Role::Operator, agent::Role::Admin})
            m_roleKeys[QString::fromUtf8(agent::toText(role).data())] = QString::fromStdString(
                keys.create(tenant, "matrix " + std::string(agent::toText(role)), role,
                            std::nullopt, "test")
                    .key);
        m_roleKeys[QStringLiteral("agent_admin")] = QString::fromStdString(
            keys.createAgentAdmin("matrix " + test::uniqueTenantId("M"), "test").key);
        test::ApiClient other(m_agent->url(), m_other.key);
        for (const QString& fileType : {QStringLiteral("credit"), QStringLiteral("payment_plan")}) {
            QFile file(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/") + fileType +
                       QStringLiteral(".csv"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto up = other.send(
                "POST", QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=") + fileType,
                file.readAll(), "text/csv");
            QVERIFY2(up.status == 201, up.body.constData());
            m_otherUpload = up.json()[QLatin1String("id")].toString();
        }
        const auto started = other.post(QStringLiteral("/api/sync/"),
                                        {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QVERIFY2(started.status == 202, started.body.constData());
        m_otherSync = started.json()[QLatin1String("sync_id")].toString();
        for (int i = 0; i < 20; ++i) {
            const auto log =
                other.get(QStringLiteral("/api/sync/logs/%1/?wait=10").arg(m_otherSync));
            if (!log.json()[QLatin1String("running")].toBool()) break;
        }
    }
};

QTEST_GUILESS_MAIN(TestApiAuth)
#include "tst_api_auth.moc"
