#include "agent/embedded/embeddedclickhouse.h"
#include "agent/embedded/embeddedpostgres.h"
#include "agent/embedded/process.h"

#include <libpq-fe.h>
#include <signal.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

using namespace findata::agent;
namespace fs = std::filesystem;

namespace {

// Runs `sql` on the embedded PostgreSQL and returns the first value of the first row; nullopt
// with a test warning when the query fails.
std::optional<QString> pgValue(const EmbeddedPostgres& pg, const char* sql) {
    const std::string conninfo = "host=127.0.0.1 port=" + std::to_string(pg.port()) +
                                 " user=findata dbname=findata password=" + pg.password();
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(conninfo.c_str()), PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        qWarning("connect: %s", PQerrorMessage(conn.get()));
        return std::nullopt;
    }
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(conn.get(), sql), PQclear);
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK) return QString();
    if (status != PGRES_TUPLES_OK) {
        qWarning("%s: %s", sql, PQerrorMessage(conn.get()));
        return std::nullopt;
    }
    if (PQntuples(result.get()) == 0) return QString();
    return QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
}

// Runs `sql` on the embedded ClickHouse over HTTP; the trimmed body, or nullopt on an error.
std::optional<QString> chValue(const EmbeddedClickHouse& ch, const std::string& sql) {
    const auto response = httpProbe("127.0.0.1", ch.httpPort(), "POST",
                                    "/?user=findata&password=" + ch.password(), sql);
    if (response.status != 200) {
        qWarning("%s: HTTP %d %s %s", sql.c_str(), response.status, response.error.c_str(),
                 response.body.c_str());
        return std::nullopt;
    }
    return QString::fromStdString(response.body).trimmed();
}

// Why a PostgreSQL login with these conninfo words fails; empty when it succeeds.
std::string pgLoginError(const std::string& conninfo) {
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(conninfo.c_str()), PQfinish);
    return PQstatus(conn.get()) == CONNECTION_OK ? std::string() : PQerrorMessage(conn.get());
}

bool isPrivateFile(const fs::path& file) {
    const auto perms = fs::status(file).permissions();
    return fs::exists(file) &&
           (perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none;
}

}  // namespace

class TestEmbeddedDatabases final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void coldStartAnswersQueries();
    void warmStartKeepsDataAndPorts();
    void loginsWithoutThePasswordAreRefused();
    void trustingClusterIsMigratedToPasswords();
    void restartsAfterKill9_data();
    void restartsAfterKill9();
    void startFailureIsExplained_data();
    void startFailureIsExplained();
    void unreachableDirectoryIsExplained();
    void brokenPostgresConfigShowsLogTail();

private:
    fs::path pgDir() const { return fs::path(m_tmp.path().toStdString()) / "pg"; }
    fs::path chDir() const { return fs::path(m_tmp.path().toStdString()) / "ch"; }
    std::string startPostgres(const char* phase);
    std::string startClickHouse(const char* phase);

    QTemporaryDir m_tmp;
    std::unique_ptr<EmbeddedPostgres> m_pg;
    std::unique_ptr<EmbeddedClickHouse> m_ch;
    std::string m_pgUrl;
    std::string m_chUrl;
};

std::string TestEmbeddedDatabases::startPostgres(const char* phase) {
    QElapsedTimer timer;
    timer.start();
    const std::string url = m_pg->start(pgDir());
    qInfo("PostgreSQL %s start: %lld ms (%s)", phase, timer.elapsed(), url.c_str());
    return url;
}

std::string TestEmbeddedDatabases::startClickHouse(const char* phase) {
    QElapsedTimer timer;
    timer.start();
    const std::string url = m_ch->start(chDir());
    qInfo("ClickHouse %s start: %lld ms (%s)", phase, timer.elapsed(), url.c_str());
    return url;
}

void TestEmbeddedDatabases::initTestCase() {
    QVERIFY(m_tmp.isValid());
    // Keep the server logs for a post-mortem: FINDATA_KEEP_TEST_DIRS=1.
    if (qEnvironmentVariableIsSet("FINDATA_KEEP_TEST_DIRS")) {
        m_tmp.setAutoRemove(false);
        qInfo("keeping %s", qPrintable(m_tmp.path()));
    }
    // As root the servers run as other accounts, which must be able to walk into the temp dir
    // (QTemporaryDir creates it 0700).
    QVERIFY(QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                    QFile::ExeOwner | QFile::ExeGroup |
                                                    QFile::ExeOther));
    m_pg = std::make_unique<EmbeddedPostgres>();
    m_ch = std::make_unique<EmbeddedClickHouse>();
}

void TestEmbeddedDatabases::cleanupTestCase() {
    m_pg.reset();
    m_ch.reset();
}

void TestEmbeddedDatabases::coldStartAnswersQueries() {
    m_pgUrl = startPostgres("cold");
    QCOMPARE(m_pg->password().size(), std::size_t(48));
    QCOMPARE(m_pgUrl, "postgresql://findata:" + m_pg->password() +
                          "@127.0.0.1:" + std::to_string(m_pg->port()) + "/findata");
    QVERIFY(isPrivateFile(m_pg->passwordFile()));
    QCOMPARE(pgValue(*m_pg, "SELECT 1"), QStringLiteral("1"));
    QCOMPARE(pgValue(*m_pg, "SELECT current_database()"), QStringLiteral("findata"));
    QVERIFY(pgValue(*m_pg, "CREATE TABLE persisted (x integer)"));
    QVERIFY(pgValue(*m_pg, "INSERT INTO persisted VALUES (42)"));

    m_chUrl = startClickHouse("cold");
    QCOMPARE(m_chUrl, "http://findata:" + m_ch->password() +
                          "@127.0.0.1:" + std::to_string(m_ch->httpPort()));
    QVERIFY(isPrivateFile(m_ch->passwordFile()));
    QVERIFY(m_ch->password() != m_pg->password());
    const auto version = chValue(*m_ch, "SELECT version()");
    QVERIFY(version);
    QVERIFY2(version->contains(QLatin1Char('.')), qPrintable(*version));
    qInfo("ClickHouse version %s", qPrintable(*version));
    QVERIFY(chValue(*m_ch, "CREATE TABLE persisted (x UInt32) ENGINE = MergeTree ORDER BY x"));
    QVERIFY(chValue(*m_ch, "INSERT INTO persisted VALUES (42)"));

    // Only loopback: the servers are private to the agent.
    QVERIFY(!isLoopbackPortFree(m_pg->port()));
    QVERIFY(!isLoopbackPortFree(m_ch->httpPort()));

    m_pg->stop();
    m_ch->stop();
    QVERIFY(!m_pg->isRunning());
    QVERIFY(!m_ch->isRunning());
    QVERIFY(isLoopbackPortFree(m_pg->port()));
    QVERIFY(isLoopbackPortFree(m_ch->httpPort()));
}

void TestEmbeddedDatabases::warmStartKeepsDataAndPorts() {
    if (m_pgUrl.empty() || m_chUrl.empty()) QSKIP("needs coldStartAnswersQueries");
    // A new object on the same directory, as after an agent restart.
    m_pg = std::make_unique<EmbeddedPostgres>();
    m_ch = std::make_unique<EmbeddedClickHouse>();
    QCOMPARE(startPostgres("warm"), m_pgUrl);
    QCOMPARE(startClickHouse("warm"), m_chUrl);
    QCOMPARE(pgValue(*m_pg, "SELECT x FROM persisted"), QStringLiteral("42"));
    QCOMPARE(chValue(*m_ch, "SELECT x FROM persisted"), QStringLiteral("42"));
}

void TestEmbeddedDatabases::loginsWithoutThePasswordAreRefused() {
    if (m_pgUrl.empty() || m_chUrl.empty()) QSKIP("needs coldStartAnswersQueries");
    if (!m_pg->isRunning()) startPostgres("warm");
    if (!m_ch->isRunning()) startClickHouse("warm");
    // Any local account could otherwise read every tenant past the API.
    const std::string tcp = "host=127.0.0.1 port=" + std::to_string(m_pg->port()) +
                            " user=findata dbname=findata connect_timeout=5";
    const std::string socket = "host=" + (m_pg->directory() / "run").string() +
                               " port=" + std::to_string(m_pg->port()) +
                               " user=findata dbname=findata connect_timeout=5";
    for (const auto& conninfo : {tcp, tcp + " password=wrong", socket, socket + " password=x"}) {
        const std::string error = pgLoginError(conninfo);
        QVERIFY2(error.find("password") != std::string::npos,
                 ("logged in without the password: " + conninfo + " / " + error).c_str());
    }
    QCOMPARE(pgLoginError(tcp + " password=" + m_pg->password()), std::string());
    QCOMPARE(pgLoginError(socket + " password=" + m_pg->password()), std::string());

    for (const std::string target : {"/", "/?user=default", "/?user=findata&password=wrong"}) {
        const auto response = httpProbe("127.0.0.1", m_ch->httpPort(), "POST", target, "SELECT 1");
        QVERIFY2(response.status != 200 && response.status != 0,
                 (target + " answered " + std::to_string(response.status)).c_str());
    }
    QCOMPARE(chValue(*m_ch, "SELECT 1"), QStringLiteral("1"));
}

void TestEmbeddedDatabases::trustingClusterIsMigratedToPasswords() {
    if (m_pgUrl.empty()) QSKIP("needs coldStartAnswersQueries");
    // A data directory made before passwords: pg_hba trusts everyone and there is no password
    // file. The next start must set a password and allow only password logins.
    m_pg->stop();
    {
        std::ofstream hba(m_pg->dataDirectory() / "pg_hba.conf", std::ios::trunc);
        hba << "local all all trust\nhost all all 127.0.0.1/32 trust\n";
    }
    const std::string oldPassword = m_pg->password();
    fs::remove(m_pg->passwordFile());
    m_pg = std::make_unique<EmbeddedPostgres>();
    m_pgUrl = startPostgres("migrating from trust");
    QVERIFY(m_pg->password() != oldPassword);
    QVERIFY(isPrivateFile(m_pg->passwordFile()));
    QCOMPARE(pgValue(*m_pg, "SELECT x FROM persisted"), QStringLiteral("42"));
    const std::string error = pgLoginError("host=127.0.0.1 port=" + std::to_string(m_pg->port()) +
                                           " user=findata dbname=findata connect_timeout=5");
    QVERIFY2(error.find("password") != std::string::npos, error.c_str());
}

void TestEmbeddedDatabases::restartsAfterKill9_data() {
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<bool>("busyBackend");
    QTest::addRow("postgres postmaster killed") << true << false;
    // A backend computing does not look for its postmaster until the query ends (minutes
    // here) and keeps the old shared memory attached, which a new postmaster refuses.
    QTest::addRow("postgres postmaster killed during a long query") << true << true;
    QTest::addRow("clickhouse-server killed") << false << false;
}

void TestEmbeddedDatabases::restartsAfterKill9() {
    QFETCH(bool, postgres);
    QFETCH(bool, busyBackend);
    if (m_pgUrl.empty() || m_chUrl.empty()) QSKIP("needs coldStartAnswersQueries");
    if (postgres) {
        if (!m_pg->isRunning()) startPostgres("warm");
        std::unique_ptr<PGconn, void (*)(PGconn*)> busy(nullptr, PQfinish);
        pid_t backend = 0;
        if (busyBackend) {
            const std::string conninfo =
                "host=127.0.0.1 port=" + std::to_string(m_pg->port()) +
                " user=findata dbname=findata password=" + m_pg->password();
            busy.reset(PQconnectdb(conninfo.c_str()));
            QCOMPARE(PQstatus(busy.get()), CONNECTION_OK);
            backend = PQbackendPID(busy.get());
            // 10^10 joined rows: minutes of CPU, a few kilobytes of memory.
            QVERIFY(PQsendQuery(busy.get(),
                                "SELECT count(*) FROM generate_series(1, 100000) a, "
                                "generate_series(1, 100000) b") == 1);
            QTest::qWait(300);
        }
        const pid_t pid = m_pg->pid();
        QCOMPARE(::kill(pid, SIGKILL), 0);
        QTRY_VERIFY(!m_pg->isRunning());
        if (busyBackend) QCOMPARE(::kill(backend, 0), 0);  // still computing, orphaned
        // The killed postmaster could not remove its lock file; start must cope with it.
        QVERIFY(fs::exists(m_pg->dataDirectory() / "postmaster.pid"));
        // Whatever happens below, no orphan is left computing for minutes.
        const auto reap = qScopeGuard([backend] {
            if (backend > 0) ::kill(backend, SIGKILL);
        });
        QElapsedTimer restart;
        restart.start();
        try {
            startPostgres("after kill -9");
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        // Well inside the supervisor's first tries, not after the orphan's query ends.
        QVERIFY2(restart.elapsed() < 20000, qPrintable(QString::number(restart.elapsed())));
        QVERIFY(m_pg->pid() != pid);
        if (busyBackend) QTRY_VERIFY(::kill(backend, 0) != 0);
        QCOMPARE(pgValue(*m_pg, "SELECT x FROM persisted"), QStringLiteral("42"));
    } else {
        if (!m_ch->isRunning()) startClickHouse("warm");
        const pid_t pid = m_ch->pid();
        QCOMPARE(::kill(pid, SIGKILL), 0);
        QTRY_VERIFY(!m_ch->isRunning());
        startClickHouse("after kill -9");
        QVERIFY(m_ch->pid() != pid);
        QCOMPARE(chValue(*m_ch, "SELECT x FROM persisted"), QStringLiteral("42"));
    }
}

void TestEmbeddedDatabases::startFailureIsExplained_data() {
    QTest::addColumn<bool>("postgres");
    QTest::addRow("postgres binaries missing") << true;
    QTest::addRow("clickhouse binary missing") << false;
}

void TestEmbeddedDatabases::startFailureIsExplained() {
    QFETCH(bool, postgres);
    const fs::path dir = fs::path(m_tmp.path().toStdString()) / "broken";
    try {
        if (postgres) {
            EmbeddedPostgres::Options options;
            options.binDir = "/nonexistent/pgbin";
            EmbeddedPostgres pg(options);
            pg.start(dir);
        } else {
            EmbeddedClickHouse::Options options;
            options.binary = "/nonexistent/clickhouse-server";
            EmbeddedClickHouse ch(options);
            ch.start(dir);
        }
        QFAIL("start succeeded without a server binary");
    } catch (const EmbeddedDatabaseError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QLatin1String("/nonexistent/")), e.what());
        QVERIFY2(message.contains(QString::fromStdString(dir.string())), e.what());
    }
}

void TestEmbeddedDatabases::unreachableDirectoryIsExplained() {
    if (!runningAsRoot()) QSKIP("only root hands the directory to another account");
    // A root-only parent: the postgres account cannot get in, whatever we chown below it.
    const fs::path parent = fs::path(m_tmp.path().toStdString()) / "private";
    fs::create_directories(parent);
    fs::permissions(parent, fs::perms::owner_all, fs::perm_options::replace);
    EmbeddedPostgres pg;
    try {
        pg.start(parent / "pg");
        QFAIL("start succeeded in a directory the postgres account cannot reach");
    } catch (const EmbeddedDatabaseError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("cannot reach")), e.what());
    }
    QVERIFY(!fs::exists(parent / "pg" / "data" / "PG_VERSION"));
}

void TestEmbeddedDatabases::brokenPostgresConfigShowsLogTail() {
    if (m_pgUrl.empty()) QSKIP("needs coldStartAnswersQueries");
    m_pg->stop();
    const fs::path conf = m_pg->dataDirectory() / "postgresql.auto.conf";
    const fs::path saved = m_pg->directory() / "postgresql.auto.conf.saved";
    fs::copy_file(conf, saved, fs::copy_options::overwrite_existing);
    {
        std::ofstream out(conf, std::ios::app);
        out << "shared_buffers = 'not a size'\n";
    }
    EmbeddedPostgres pg;
    QString message;
    try {
        pg.start(pgDir());
    } catch (const EmbeddedDatabaseError& e) {
        message = QString::fromUtf8(e.what());
    }
    fs::copy_file(saved, conf, fs::copy_options::overwrite_existing);
    QVERIFY2(!message.isEmpty(), "start succeeded with an invalid shared_buffers");
    // The reason is in the server's log; the error must carry it to the user.
    QVERIFY2(message.contains(QLatin1String("shared_buffers")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("postgres.log")), qPrintable(message));

    // And the cluster is fine once the setting is repaired.
    startPostgres("after repair");
    QCOMPARE(pgValue(*m_pg, "SELECT x FROM persisted"), QStringLiteral("42"));
}

QTEST_GUILESS_MAIN(TestEmbeddedDatabases)
#include "tst_embeddeddatabases.moc"
