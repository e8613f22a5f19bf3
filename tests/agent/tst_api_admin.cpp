// Tenant administration without a shell: the agent administrator credential (made at the first
// start, written to a 0600 file when not on a terminal) lists and creates tenants, renames,
// deactivates and reactivates them through /api/admin/tenants/ and reads the agent-wide audit
// log; a deactivated tenant's keys get 403 with a clear message while its data is kept; the CLI
// (`findata-agent tenant rename|deactivate|activate`) does the same from another process and
// the serving agent follows at the next request. (That the scheduler skips a deactivated tenant
// is tst_scheduler's skippedUntilEnabled.) Against a real `findata-agent serve` on loopback.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "agent/store/agentaudit.h"
#include "agent/store/database.h"
#include "agent/store/keyrepository.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using test::ApiClient;
using test::ApiReply;

namespace {

QString message(const ApiReply& reply) {
    return reply.json()[QLatin1String("error")].toObject()[QLatin1String("message")].toString();
}

std::pair<int, QByteArray> runCli(const QStringList& args) {
    QTemporaryDir dir;
    auto [code, output] = test::runAgentCommand(args, dir.path());
    return {code, std::move(output)};
}

bool hasEntry(const QJsonArray& entries, const QString& action, const QString& tenantId) {
    for (const auto e : entries) {
        const auto o = e.toObject();
        if (o[QLatin1String("action")].toString() == action &&
            o[QLatin1String("details")].toObject()[QLatin1String("tenant_id")].toString() ==
                tenantId)
            return true;
    }
    return false;
}

}  // namespace

class TestApiAdmin final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_db = std::make_unique<agent::Database>(test::testDatabases().pg);
        m_adminKey = QString::fromStdString(
            agent::KeyRepository(*m_db)
                .createAgentAdmin("admin test " + test::uniqueTenantId("A"), "test")
                .key);
        m_admin = std::make_unique<ApiClient>(m_agent->url(), m_adminKey);
    }

    void createRenameAndList() {
        const QString id = QString::fromStdString(test::uniqueTenantId("ADM"));
        const auto created = m_admin->post(
            QStringLiteral("/api/admin/tenants/"),
            {{QStringLiteral("id"), id}, {QStringLiteral("name"), QStringLiteral("Admin Bank")}});
        QVERIFY2(created.status == 201, created.body.constData());
        QCOMPARE(created.headers.value("cache-control"), QByteArray("no-store"));
        const QString key = created.json()[QLatin1String("api_key")].toString();
        ApiClient tenant(m_agent->url(), key);
        const auto me = tenant.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("id")].toString(), id);
        QCOMPARE(me.json()[QLatin1String("role")].toString(), QStringLiteral("admin"));
        QCOMPARE(me.json()[QLatin1String("key_name")].toString(), QStringLiteral("default"));
        // Its warehouse database exists: the data routes answer.
        QCOMPARE(tenant.get(QStringLiteral("/api/kpis/?loan_type=RETAIL")).status, 200);

        // Exists already: 409; a bad id: 400 naming the rule.
        QCOMPARE(m_admin->post(QStringLiteral("/api/admin/tenants/"), {{QStringLiteral("id"), id}})
                     .status,
                 409);
        const auto bad = m_admin->post(QStringLiteral("/api/admin/tenants/"),
                                       {{QStringLiteral("id"), QStringLiteral("lower")}});
        QCOMPARE(bad.status, 400);

        const auto renamed = m_admin->patch(QStringLiteral("/api/admin/tenants/%1/").arg(id),
                                            {{QStringLiteral("name"), QStringLiteral("Renamed")}});
        QCOMPARE(renamed.status, 200);
        QCOMPARE(
            tenant.get(QStringLiteral("/api/tenant/")).json()[QLatin1String("name")].toString(),
            QStringLiteral("Renamed"));

        bool listed = false;
        for (const auto t : m_admin->get(QStringLiteral("/api/admin/tenants/"))
                                .json()[QLatin1String("tenants")]
                                .toArray())
            listed = listed ||
                     (t.toObject()[QLatin1String("id")].toString() == id &&
                      t.toObject()[QLatin1String("name")].toString() == QLatin1String("Renamed"));
        QVERIFY(listed);
        const auto one = m_admin->get(QStringLiteral("/api/admin/tenants/%1/").arg(id));
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json()[QLatin1String("keys")].toArray().size(), 1);
        QVERIFY(!one.body.contains(key.mid(16).toUtf8()));
        QCOMPARE(m_admin->get(QStringLiteral("/api/admin/tenants/NOSUCHBANK/")).status, 404);

        // The agent-wide audit log has both, without the key.
        const auto audit = m_admin->get(QStringLiteral("/api/admin/audit/?limit=500"));
        QCOMPARE(audit.status, 200);
        QVERIFY(!audit.body.contains(key.mid(16).toUtf8()));
        const auto entries = audit.json()[QLatin1String("entries")].toArray();
        QVERIFY(hasEntry(entries, QStringLiteral("POST /api/admin/tenants/"), id));
        QVERIFY(hasEntry(entries, QStringLiteral("PATCH /api/admin/tenants/{id}/"), id));
        // And a tenant's own log on demand.
        QCOMPARE(m_admin->get(QStringLiteral("/api/admin/audit/?tenant_id=%1").arg(id)).status,
                 200);
    }

    // Deactivated: its keys get 403 saying why, its data is kept; reactivated: all as before.
    void deactivateAndReactivate() {
        const auto t = test::createTestTenant("ADMD");
        ApiClient tenant(m_agent->url(), t.key);
        QFile file(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/credit.csv"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto staged =
            tenant.send("POST", QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=credit"),
                        file.readAll(), "text/csv");
        QCOMPARE(staged.status, 201);
        const QString upload = staged.json()[QLatin1String("id")].toString();

        const auto off = m_admin->patch(QStringLiteral("/api/admin/tenants/%1/").arg(t.id),
                                        {{QStringLiteral("active"), false}});
        QCOMPARE(off.status, 200);
        QCOMPARE(off.json()[QLatin1String("active")].toBool(), false);
        for (const auto& path : {QStringLiteral("/api/tenant/"), QStringLiteral("/api/uploads/")}) {
            const auto refused = tenant.get(path);
            QCOMPARE(refused.status, 403);
            QVERIFY2(message(refused).contains(t.id + QStringLiteral(" is deactivated")),
                     qPrintable(message(refused)));
        }
        QCOMPARE(tenant
                     .post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}})
                     .status,
                 403);

        const auto on = m_admin->patch(QStringLiteral("/api/admin/tenants/%1/").arg(t.id),
                                       {{QStringLiteral("active"), true}});
        QCOMPARE(on.status, 200);
        const auto kept = tenant.get(QStringLiteral("/api/uploads/%1/").arg(upload));
        QCOMPARE(kept.status, 200);
        QCOMPARE(kept.json()[QLatin1String("status")].toString(), QStringLiteral("STAGED"));
    }

    // The same from the shell, in another process: the serving agent follows at once.
    void tenantCommand() {
        const auto t = test::createTestTenant("ADMC");
        ApiClient tenant(m_agent->url(), t.key);
        QCOMPARE(tenant.get(QStringLiteral("/api/tenant/")).status, 200);  // cached now

        auto [code, output] =
            runCli({QStringLiteral("tenant"), QStringLiteral("deactivate"), t.id});
        QVERIFY2(code == 0, output.constData());
        QVERIFY2(output.contains("deactivated"), output.constData());
        QCOMPARE(tenant.get(QStringLiteral("/api/tenant/")).status, 403);

        std::tie(code, output) = runCli({QStringLiteral("tenant"), QStringLiteral("rename"), t.id,
                                         QStringLiteral("--name"), QStringLiteral("Shell Bank")});
        QVERIFY2(code == 0, output.constData());
        std::tie(code, output) =
            runCli({QStringLiteral("tenant"), QStringLiteral("activate"), t.id});
        QVERIFY2(code == 0, output.constData());
        const auto me = tenant.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("name")].toString(), QStringLiteral("Shell Bank"));

        std::tie(code, output) = runCli({QStringLiteral("tenant"), QStringLiteral("rename"), t.id});
        QCOMPARE(code, 2);  // --name is required
        std::tie(code, output) = runCli(
            {QStringLiteral("tenant"), QStringLiteral("deactivate"), QStringLiteral("NOSUCHBANK")});
        QVERIFY2(code != 0 && output.contains("NOSUCHBANK"), output.constData());

        const auto entries = m_admin->get(QStringLiteral("/api/admin/audit/?limit=500"))
                                 .json()[QLatin1String("entries")]
                                 .toArray();
        for (const auto& action :
             {QStringLiteral("tenant.deactivate"), QStringLiteral("tenant.rename"),
              QStringLiteral("tenant.activate")})
            QVERIFY2(hasEntry(entries, action, t.id), qPrintable(action));
    }

    // The agent administrator credential cannot act as a tenant, nor a tenant key as it.
    void credentialsStayInTheirLane() {
        const auto t = test::createTestTenant("ADML");
        const auto asTenant = m_admin->get(QStringLiteral("/api/uploads/"));
        QCOMPARE(asTenant.status, 403);
        ApiClient tenant(m_agent->url(), t.key);
        const auto asAdmin = tenant.get(QStringLiteral("/api/admin/tenants/"));
        QCOMPARE(asAdmin.status, 403);
        QVERIFY2(message(asAdmin).contains(QLatin1String("agent administrator credential")),
                 qPrintable(message(asAdmin)));
        // An admin may give a tenant a new key (e.g. when it lost its admins').
        const auto given = m_admin->post(QStringLiteral("/api/admin/tenants/%1/keys/").arg(t.id),
                                         {{QStringLiteral("name"), QStringLiteral("recovery")},
                                          {QStringLiteral("role"), QStringLiteral("admin")}});
        QCOMPARE(given.status, 201);
        ApiClient recovered(m_agent->url(), given.json()[QLatin1String("api_key")].toString());
        QCOMPARE(recovered.get(QStringLiteral("/api/keys/")).status, 200);
    }

    // On its own store, the first start makes the credential and hands it over in a 0600 file.
    void firstStartMakesTheCredential() {
        test::AgentProcess fresh(test::AgentProcess::Embedded{});
        QVERIFY2(fresh.ok(), fresh.output().constData());
        const QDir keys(fresh.dataDir() + QStringLiteral("/keys"));
        const auto files = keys.entryList({QStringLiteral("agent-admin-*.key")}, QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString path = keys.filePath(files.first());
        QCOMPARE(
            std::filesystem::status(path.toStdString()).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString key = QString::fromUtf8(file.readAll()).trimmed();
        QVERIFY(!fresh.output().contains(key.mid(16).toUtf8()));
        QVERIFY2(fresh.output().contains("agent administrator credential"),
                 fresh.output().constData());
        ApiClient admin(fresh.url(), key);
        const auto tenants = admin.get(QStringLiteral("/api/admin/tenants/"));
        QCOMPARE(tenants.status, 200);
        QVERIFY(!tenants.json()[QLatin1String("tenants")].toArray().isEmpty());  // the samples
        QCOMPARE(fresh.stop(), 0);
    }

    void cleanupTestCase() {
        if (m_agent) QVERIFY2(m_agent->stop() == 0, m_agent->output().constData());
    }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<agent::Database> m_db;
    QString m_adminKey;
    std::unique_ptr<ApiClient> m_admin;
};

QTEST_GUILESS_MAIN(TestApiAdmin)
#include "tst_api_admin.moc"
