// Several named keys per tenant, with roles: an admin creates (secret shown once), lists (never
// the secret) and revokes keys through /api/keys/; a revoked or expired key is refused from the
// very next request although the agent had it cached, also when the CLI (`findata-agent key`)
// revokes it from another process; the last admin key cannot be revoked; every change is in the
// tenant's audit log without the secret; and a store migrated from one key per tenant keeps that
// key working as the admin key "default". Against a real `findata-agent serve` on loopback.

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "agent/store/apikeys.h"
#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/keyrepository.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
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

struct CliResult {
    int exitCode = -1;
    QByteArray output;
    QString keyFile;  // "written to FILE" when a key was handed over
};

// `findata-agent ARGS` on the run's databases, not on a terminal (so keys go to 0600 files).
CliResult runCli(const QStringList& args, const QString& dataDir) {
    auto [code, output] = test::runAgentCommand(args, dataDir);
    CliResult result;
    result.exitCode = code;
    result.output = std::move(output);
    static const QRegularExpression written(
        QStringLiteral("written to (\\S+) \\(readable only by this account\\)"));
    if (const auto m = written.match(QString::fromUtf8(result.output)); m.hasMatch())
        result.keyFile = m.captured(1);
    return result;
}

QString readKeyFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

}  // namespace

class TestApiKeys final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_db = std::make_unique<agent::Database>(test::testDatabases().pg);
    }

    void createListAndUseAKey() {
        const auto tenant = test::createTestTenant("KEYS");
        ApiClient admin(m_agent->url(), tenant.key);
        const auto created = admin.post(QStringLiteral("/api/keys/"),
                                        {{QStringLiteral("name"), QStringLiteral("batch job")},
                                         {QStringLiteral("role"), QStringLiteral("operator")},
                                         {QStringLiteral("expires_in_days"), 30}});
        QCOMPARE(created.status, 201);
        QCOMPARE(created.headers.value("cache-control"), QByteArray("no-store"));
        const QString key = created.json()[QLatin1String("api_key")].toString();
        static const QRegularExpression shape(QStringLiteral("^sk_live_[0-9a-f]{48}$"));
        QVERIFY2(shape.match(key).hasMatch(), qPrintable(key));
        QCOMPARE(created.json()[QLatin1String("prefix")].toString(), key.left(16));
        QCOMPARE(created.json()[QLatin1String("role")].toString(), QStringLiteral("operator"));
        QVERIFY(!created.json()[QLatin1String("expires_at")].toString().isEmpty());

        // The new key works, with its role and name.
        ApiClient batch(m_agent->url(), key);
        const auto me = batch.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("role")].toString(), QStringLiteral("operator"));
        QCOMPARE(me.json()[QLatin1String("key_name")].toString(), QStringLiteral("batch job"));
        QCOMPARE(me.json()[QLatin1String("key_prefix")].toString(), key.left(16));
        // … but an operator cannot manage keys.
        const auto refused = batch.get(QStringLiteral("/api/keys/"));
        QCOMPARE(refused.status, 403);
        QVERIFY2(message(refused).contains(QLatin1String("needs the admin role")),
                 qPrintable(message(refused)));

        // The list: both keys, the default admin first, with last use; never a secret.
        const auto list = admin.get(QStringLiteral("/api/keys/"));
        QCOMPARE(list.status, 200);
        QVERIFY(!list.body.contains(key.mid(16).toUtf8()));
        QVERIFY(!list.body.contains(tenant.key.mid(16).toUtf8()));
        const auto keys = list.json()[QLatin1String("keys")].toArray();
        QCOMPARE(keys.size(), 2);
        QCOMPARE(keys[0].toObject()[QLatin1String("name")].toString(), QStringLiteral("default"));
        QCOMPARE(keys[0].toObject()[QLatin1String("role")].toString(), QStringLiteral("admin"));
        QCOMPARE(keys[0].toObject()[QLatin1String("current")].toBool(), true);
        QCOMPARE(keys[1].toObject()[QLatin1String("name")].toString(), QStringLiteral("batch job"));
        QVERIFY2(!keys[1].toObject()[QLatin1String("last_used_at")].toString().isEmpty(),
                 list.body.constData());

        // Names are unique among active keys; roles are the three.
        QCOMPARE(admin
                     .post(QStringLiteral("/api/keys/"),
                           {{QStringLiteral("name"), QStringLiteral("batch job")},
                            {QStringLiteral("role"), QStringLiteral("viewer")}})
                     .status,
                 409);
        const auto badRole = admin.post(QStringLiteral("/api/keys/"),
                                        {{QStringLiteral("name"), QStringLiteral("x")},
                                         {QStringLiteral("role"), QStringLiteral("agent_admin")}});
        QCOMPARE(badRole.status, 400);

        // Audited with prefix, name and role; never the secret.
        bool audited = false;
        for (const auto& entry : agent::AuditLog(*m_db, tenant.schema).list()) {
            QVERIFY(!QString::fromStdString(entry.details.dump()).contains(key.mid(16)));
            if (entry.action == "POST /api/keys/" &&
                entry.details.value("key_prefix", "") == key.left(16).toStdString() &&
                entry.details.value("role", "") == "operator")
                audited = true;
        }
        QVERIFY(audited);
    }

    // Revocation applies from the very next request, although the agent had the key cached.
    void revokedKeyIsRefusedAtOnce() {
        const auto tenant = test::createTestTenant("KEYR");
        ApiClient admin(m_agent->url(), tenant.key);
        const auto created = admin.post(QStringLiteral("/api/keys/"),
                                        {{QStringLiteral("name"), QStringLiteral("reader")},
                                         {QStringLiteral("role"), QStringLiteral("viewer")}});
        QCOMPARE(created.status, 201);
        const QString key = created.json()[QLatin1String("api_key")].toString();
        ApiClient reader(m_agent->url(), key);
        QCOMPARE(reader.get(QStringLiteral("/api/sync/logs/")).status, 200);  // now cached

        const auto revoked = admin.del(QStringLiteral("/api/keys/%1/").arg(key.left(16)));
        QCOMPARE(revoked.status, 200);
        QVERIFY(!revoked.json()[QLatin1String("revoked_at")].toString().isEmpty());
        const auto refused = reader.get(QStringLiteral("/api/sync/logs/"));
        QCOMPARE(refused.status, 401);
        QVERIFY2(message(refused).contains(QLatin1String("'reader' was revoked")),
                 qPrintable(message(refused)));
        // Gone from the list; revoking it again is 404; the audit log has it.
        QVERIFY(!admin.get(QStringLiteral("/api/keys/")).body.contains(key.left(16).toUtf8()));
        QCOMPARE(admin.del(QStringLiteral("/api/keys/%1/").arg(key.left(16))).status, 404);
        const auto audit = agent::AuditLog(*m_db, tenant.schema).list();
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const agent::AuditEntry& e) {
            return e.action == "DELETE /api/keys/{prefix}/" &&
                   e.details.value("key_prefix", "") == key.left(16).toStdString();
        }));
    }

    // An admin cannot lock the tenant out: its last admin key stays.
    void lastAdminKeyCannotBeRevoked() {
        const auto tenant = test::createTestTenant("KEYL");
        ApiClient admin(m_agent->url(), tenant.key);
        const auto refused = admin.del(QStringLiteral("/api/keys/%1/").arg(tenant.key.left(16)));
        QCOMPARE(refused.status, 409);
        QVERIFY2(message(refused).contains(QLatin1String("last admin key")),
                 qPrintable(message(refused)));
        // With a second admin it can go, and it is refused at once.
        const auto second = admin.post(QStringLiteral("/api/keys/"),
                                       {{QStringLiteral("name"), QStringLiteral("second")},
                                        {QStringLiteral("role"), QStringLiteral("admin")}});
        QCOMPARE(second.status, 201);
        QCOMPARE(admin.del(QStringLiteral("/api/keys/%1/").arg(tenant.key.left(16))).status, 200);
        QCOMPARE(admin.get(QStringLiteral("/api/tenant/")).status, 401);
        ApiClient other(m_agent->url(), second.json()[QLatin1String("api_key")].toString());
        QCOMPARE(other.get(QStringLiteral("/api/keys/")).status, 200);
    }

    void expiredKeyIsRefused() {
        const auto tenant = test::createTestTenant("KEYE");
        agent::KeyRepository keys(*m_db);
        const auto created =
            keys.create(tenant.id.toStdString(), "short-lived", agent::Role::Viewer,
                        std::chrono::system_clock::now() + std::chrono::hours(1), "test");
        ApiClient client(m_agent->url(), QString::fromStdString(created.key));
        QCOMPARE(client.get(QStringLiteral("/api/tenant/")).status, 200);  // cached now
        m_db->transact([&](pqxx::work& tx) {
            tx.exec_params0(
                "UPDATE public.api_keys SET expires_at = now() - interval '1 second'"
                " WHERE prefix = $1",
                created.info.prefix);
        });
        const auto refused = client.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(refused.status, 401);
        QVERIFY2(message(refused).contains(QLatin1String("'short-lived' expired at")),
                 qPrintable(message(refused)));
    }

    // `findata-agent key add|list|revoke` from the shell, while the agent serves.
    void keyCommand() {
        const auto tenant = test::createTestTenant("KEYC");
        QTemporaryDir dir;
        const auto added =
            runCli({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("--tenant"),
                    tenant.id, QStringLiteral("--name"), QStringLiteral("auditor"),
                    QStringLiteral("--role"), QStringLiteral("viewer")},
                   dir.path());
        QVERIFY2(added.exitCode == 0, added.output.constData());
        QVERIFY2(!added.output.contains("sk_live_") || added.output.contains("created key"),
                 added.output.constData());
        QVERIFY2(!added.keyFile.isEmpty(), added.output.constData());
        QCOMPARE(std::filesystem::status(added.keyFile.toStdString()).permissions() &
                     std::filesystem::perms::all,
                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        const QString key = readKeyFile(added.keyFile);
        QVERIFY(!added.output.contains(key.mid(16).toUtf8()));
        ApiClient auditor(m_agent->url(), key);
        const auto me = auditor.get(QStringLiteral("/api/tenant/"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json()[QLatin1String("role")].toString(), QStringLiteral("viewer"));
        QCOMPARE(auditor
                     .post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}})
                     .status,
                 403);

        const auto listed = runCli(
            {QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--tenant"), tenant.id},
            dir.path());
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.output.contains(key.left(16).toUtf8()) &&
                     listed.output.contains("auditor") && listed.output.contains("viewer") &&
                     listed.output.contains("default"),
                 listed.output.constData());
        QVERIFY(!listed.output.contains(key.mid(16).toUtf8()));

        const auto revoked = runCli({QStringLiteral("key"), QStringLiteral("revoke"),
                                     QStringLiteral("--tenant"), tenant.id, key.left(16)},
                                    dir.path());
        QVERIFY2(revoked.exitCode == 0, revoked.output.constData());
        // Another process revoked it: the serving agent refuses it at the next request.
        QCOMPARE(auditor.get(QStringLiteral("/api/tenant/")).status, 401);
        // Audited with the actor "cli".
        const auto audit = agent::AuditLog(*m_db, tenant.schema).list();
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const agent::AuditEntry& e) {
            return e.actor == "cli" && e.action == "key.revoke" &&
                   e.details.value("key_prefix", "") == key.left(16).toStdString();
        }));
        // Usage errors say what is wrong.
        const auto bad =
            runCli({QStringLiteral("key"), QStringLiteral("add"), QStringLiteral("--tenant"),
                    tenant.id, QStringLiteral("--name"), QStringLiteral("x"),
                    QStringLiteral("--role"), QStringLiteral("boss")},
                   dir.path());
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.output.contains("--role must be viewer, operator or admin"),
                 bad.output.constData());
    }

    // A store from before named keys: the tenant's single key becomes its admin key "default".
    void singleKeyBecomesDefaultAdmin() {
        const std::string name =
            "keys_migration_" + QString::number(QDateTime::currentMSecsSinceEpoch()).toStdString();
        {
            pqxx::connection admin(test::testDatabases().pg);
            pqxx::nontransaction tx(admin);
            tx.exec0("CREATE DATABASE " + tx.quote_name(name));
        }
        std::string url = test::testDatabases().pg;
        url = url.substr(0, url.rfind('/') + 1) + name;
        const std::string key = agent::generateApiKey();
        {
            pqxx::connection old(url);
            pqxx::work tx(old);
            // Version 1 of the public schema only, with one tenant and its key, as before.
            tx.exec0(std::string(agent::publicMigrations()[0].sql));
            tx.exec0(
                "CREATE TABLE public.schema_migrations (version integer PRIMARY KEY, name text"
                " NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            tx.exec0("INSERT INTO public.schema_migrations (version, name) VALUES (1, 'tenants')");
            tx.exec_params0(
                "INSERT INTO public.tenants (id, name, api_key_prefix, api_key_hash,"
                " schema_name, warehouse_db) VALUES ('OLDBANK', 'Old Bank', $1, $2,"
                " 'oldbank', 'oldbank_dw')",
                agent::apiKeyPrefix(key), agent::hashApiKey(key));
            tx.exec0("CREATE SCHEMA oldbank");
            tx.commit();
        }
        {
            agent::Database db(url);
            agent::migrate(db);
            const auto keys = agent::KeyRepository(db).list("OLDBANK");
            QCOMPARE(keys.size(), std::size_t(1));
            QCOMPARE(keys[0].name, "default");
            QCOMPARE(keys[0].role, agent::Role::Admin);
            QCOMPARE(keys[0].prefix, agent::apiKeyPrefix(key));
            const auto me = agent::TenantRepository(db).authenticate(key);
            QVERIFY(me);
            QCOMPARE(me->id, "OLDBANK");
        }
        pqxx::connection admin(test::testDatabases().pg);
        pqxx::nontransaction tx(admin);
        tx.exec0("DROP DATABASE " + tx.quote_name(name));
    }

    void cleanupTestCase() {
        if (m_agent) QVERIFY2(m_agent->stop() == 0, m_agent->output().constData());
    }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<agent::Database> m_db;
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_api_keys.moc"
