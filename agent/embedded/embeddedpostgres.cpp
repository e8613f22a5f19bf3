#include "agent/embedded/embeddedpostgres.h"
#include "agent/util/logging.h"

#include <libpq-fe.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <system_error>
#include <thread>

#include "agent/util/secretfile.h"

namespace findata::agent {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr std::uintmax_t kMaxLogBytes = 10 * 1024 * 1024;
// sockaddr_un.sun_path is 108 bytes including the terminating NUL.
constexpr std::size_t kMaxSocketPath = 107;

// Every connection, socket or loopback, proves the password: any local account could otherwise
// read every tenant's data past the API.
constexpr std::string_view kHbaConf =
    "# Written by findata-agent on every start; edits are overwritten.\n"
    "local all all scram-sha-256\n"
    "host all all 127.0.0.1/32 scram-sha-256\n"
    "host all all ::1/128 scram-sha-256\n";

bool hasServerBinaries(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "initdb", ec) && fs::exists(dir / "postgres", ec);
}

std::optional<fs::path> pgConfigBinDir() {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen("pg_config --bindir 2>/dev/null", "r"),
                                               ::pclose);
    if (!pipe) return std::nullopt;
    char buf[4096];
    std::string out;
    while (std::fgets(buf, sizeof buf, pipe.get()))
        out += buf;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    if (out.empty()) return std::nullopt;
    return fs::path(out);
}

// "15" → {15}, "9.6" → {9, 6}: versions compare numerically, not as strings.
std::vector<int> versionKey(const std::string& name) {
    std::vector<int> key;
    std::size_t pos = 0;
    while (pos < name.size()) {
        std::size_t used = 0;
        try {
            key.push_back(std::stoi(name.substr(pos), &used));
        } catch (const std::exception&) {
            return {};
        }
        pos += used + 1;
    }
    return key;
}

std::string trimmed(std::string text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

// Whether pid names a live (not zombie) process, and its command name.
std::optional<std::string> liveProcessName(pid_t pid) {
    const auto stat = readTextFile("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return std::nullopt;
    const auto open = stat->find('(');
    const auto close = stat->rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 2 >= stat->size())
        return std::nullopt;
    if ((*stat)[close + 2] == 'Z' || (*stat)[close + 2] == 'X') return std::nullopt;
    return stat->substr(open + 1, close - open - 1);
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres() : EmbeddedPostgres(Options{}) {}

EmbeddedPostgres::EmbeddedPostgres(Options options) : m_options(std::move(options)) {}

EmbeddedPostgres::~EmbeddedPostgres() {
    try {
        stop();
    } catch (const std::exception& e) {
        logger("db")->error("stopping PostgreSQL in {} failed: {}", m_dir.string(), e.what());
    }
}

fs::path EmbeddedPostgres::findBinDir() {
    if (auto dir = pgConfigBinDir(); dir && hasServerBinaries(*dir)) return *dir;
    std::vector<std::pair<std::vector<int>, fs::path>> versions;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto key = versionKey(entry.path().filename().string());
        if (!key.empty() && hasServerBinaries(entry.path() / "bin"))
            versions.emplace_back(key, entry.path() / "bin");
    }
    if (!versions.empty()) return std::max_element(versions.begin(), versions.end())->second;
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest(path);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const fs::path dir(std::string(rest.substr(0, colon)));
            if (!dir.empty() && hasServerBinaries(dir)) return dir;
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    throw EmbeddedDatabaseError(
        "PostgreSQL server binaries (initdb, postgres) not found: pg_config --bindir, "
        "/usr/lib/postgresql/*/bin and PATH searched; install the postgresql package");
}

std::string EmbeddedPostgres::url() const {
    return "postgresql://findata:" + m_password + "@127.0.0.1:" + std::to_string(m_port) +
           "/findata";
}

std::string EmbeddedPostgres::conninfo(const std::string& database, int connectTimeout) const {
    return "host=127.0.0.1 port=" + std::to_string(m_port) +
           " user=findata password=" + m_password + " dbname=" + database +
           " connect_timeout=" + std::to_string(connectTimeout);
}

bool EmbeddedPostgres::isRunning() {
    return m_server.running();
}

void EmbeddedPostgres::fail(const std::string& what, const fs::path& log) const {
    throw EmbeddedDatabaseError("PostgreSQL (" + (m_binDir / "postgres").string() + ") in " +
                                m_dir.string() + ": " + what + "\n--- tail of " + log.string() +
                                " ---\n" + tailOfFile(log));
}

ProcessSpec EmbeddedPostgres::specFor(const std::string& binary, std::vector<std::string> args,
                                      const fs::path& output) const {
    ProcessSpec spec;
    spec.program = m_binDir / binary;
    spec.args = std::move(args);
    spec.account = m_account;
    spec.workingDirectory = m_dir;
    spec.outputFile = output;
    // PGDATA, PGPORT… of whoever started the agent must not steer our private cluster.
    spec.dropEnvPrefixes = {"PG"};
    spec.env = {{"LC_ALL", "C"}};
    return spec;
}

std::string EmbeddedPostgres::start(const fs::path& dir) {
    if (m_server.running()) return url();
    const auto started = std::chrono::steady_clock::now();
    auto log = logger("db");
    fs::create_directories(dir);
    m_dir = fs::canonical(dir);

    m_binDir = m_options.binDir.empty() ? findBinDir() : m_options.binDir;
    // A cluster only starts with the major version that created it.
    if (const auto version = readTextFile(dataDirectory() / "PG_VERSION")) {
        const fs::path matching = "/usr/lib/postgresql/" + trimmed(*version) + "/bin";
        if (m_options.binDir.empty() && hasServerBinaries(matching)) m_binDir = matching;
    }
    m_account = m_options.account.empty() ? serverAccount({"postgres", "nobody"})
                                          : serverAccount({m_options.account});

    if (!hasServerBinaries(m_binDir))
        fail("no initdb and postgres in " + m_binDir.string(), logFile());
    prepareDirectory();
    m_password = readOrCreateSecret(passwordFile());
    const bool fresh = !fs::exists(dataDirectory() / "PG_VERSION");
    if (fresh) initCluster();
    removeStalePidFile();

    // Reuse last run's port when free so the URL stays stable across restarts.
    std::uint16_t port = 0;
    if (const auto saved = readTextFile(m_dir / "port")) {
        const int p = std::atoi(saved->c_str());
        if (p > 0 && p < 65536 && isLoopbackPortFree(static_cast<std::uint16_t>(p)))
            port = static_cast<std::uint16_t>(p);
    }
    const auto deadline = std::chrono::steady_clock::now() + m_options.readyTimeout;
    for (int attempt = 0;; ++attempt) {
        m_port = port != 0 ? port : findFreeLoopbackPort();
        port = 0;
        if (launch()) break;
        if (std::chrono::steady_clock::now() >= deadline || attempt >= 20)
            fail("gave up starting after " + std::to_string(attempt + 1) + " attempts", logFile());
        std::this_thread::sleep_for(200ms);
    }
    writeTextFile(m_dir / "port", std::to_string(m_port) + "\n");
    chownTo(m_dir / "port", *m_account, false);
    requirePassword();
    ensureDatabase();

    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    log->info("PostgreSQL {} on 127.0.0.1:{} (pid {}, {} start, {} ms, as {})", m_dir.string(),
              m_port, m_server.pid(), fresh ? "cold" : "warm", ms, m_account->name);
    return url();
}

void EmbeddedPostgres::prepareDirectory() {
    fs::create_directories(dataDirectory());
    fs::create_directories(m_dir / "run");
    // initdb and postgres insist on a private data directory.
    fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::replace);
    fs::permissions(dataDirectory(), fs::perms::owner_all, fs::perm_options::replace);

    std::error_code ec;
    if (fs::exists(logFile(), ec) && fs::file_size(logFile(), ec) > kMaxLogBytes) {
        fs::path old = logFile();
        old += ".1";
        fs::rename(logFile(), old, ec);
    }

    struct stat st {};
    const bool owned = ::stat(m_dir.c_str(), &st) == 0 && st.st_uid == m_account->uid &&
                       ::stat(dataDirectory().c_str(), &st) == 0 && st.st_uid == m_account->uid;
    // Walk the tree only when ownership is wrong (first run, or account changed).
    chownTo(m_dir, *m_account, !owned);
    chownTo(m_dir / "run", *m_account, false);

    if (!accountCanReach(*m_account, m_dir))
        fail("account '" + m_account->name +
                 "' cannot reach the directory; every parent "
                 "directory must be searchable (x) by it",
             logFile());
    const auto socket = (m_dir / "run" / ".s.PGSQL.65535.lock").string();
    if (socket.size() > kMaxSocketPath)
        fail("path too long for a unix socket (" + socket + "); use a shorter data directory",
             logFile());
}

void EmbeddedPostgres::initCluster() {
    auto log = logger("db");
    // No PG_VERSION means a previous initdb died half-way; initdb needs an empty directory.
    for (const auto& entry : fs::directory_iterator(dataDirectory()))
        fs::remove_all(entry);
    const fs::path initLog = m_dir / "initdb.log";
    std::error_code ec;
    fs::remove(initLog, ec);
    log->info("initializing PostgreSQL cluster in {}", dataDirectory().string());
    // initdb reads the superuser's password from a file the server's account can read.
    const fs::path pwfile = m_dir / "initdb.pw";
    writePrivateFile(pwfile, m_password + "\n");
    chownTo(pwfile, *m_account, false);
    CommandResult result;
    try {
        result = runCommand(specFor("initdb",
                                    {"-D", dataDirectory().string(), "-A", "scram-sha-256",
                                     "--pwfile=" + pwfile.string(), "-U", "findata",
                                     "--encoding=UTF8", "--locale=C"},
                                    initLog),
                            std::chrono::seconds(300));
    } catch (const std::system_error& e) {
        fs::remove(pwfile, ec);
        fail(std::string("cannot run initdb: ") + e.what(), initLog);
    }
    fs::remove(pwfile, ec);
    if (result.timedOut) fail("initdb timed out", initLog);
    if (result.exitCode != 0)
        fail("initdb failed with exit code " + std::to_string(result.exitCode), initLog);
}

void EmbeddedPostgres::removeStalePidFile() {
    const fs::path pidFile = dataDirectory() / "postmaster.pid";
    const auto text = readTextFile(pidFile);
    if (!text) return;
    const pid_t pid = static_cast<pid_t>(std::atoi(text->c_str()));
    const auto name = pid > 0 ? liveProcessName(pid) : std::nullopt;
    if (name && *name == "postgres") {
        // A live postmaster's working directory is its data directory.
        std::error_code ec;
        const auto cwd = fs::read_symlink("/proc/" + std::to_string(pid) + "/cwd", ec);
        if (ec || cwd == dataDirectory())
            fail("a PostgreSQL server (pid " + std::to_string(pid) +
                     ") is already running on this directory",
                 logFile());
    }
    // Dead, a zombie, or the pid now belongs to someone else (e.g. after a reboot): postgres
    // would refuse to start on a lock whose pid is alive, so drop it ourselves.
    logger("db")->warn("removing stale {} (pid {} is not our postmaster)", pidFile.string(), pid);
    fs::remove(pidFile);
    stopOrphanedBackends();
}

void EmbeddedPostgres::stopOrphanedBackends() {
    // The children of a postmaster killed with -9 live on until they next look for it (a
    // backend busy in a query, an autovacuum worker) and keep its shared memory attached; a new
    // postmaster refuses to start until they are gone. Their postmaster is dead, so their work
    // is lost anyway (crash recovery replays the WAL): end them now instead of waiting.
    std::vector<pid_t> orphans;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        const auto pid = static_cast<pid_t>(std::atoi(name.c_str()));
        if (m_server.valid() && m_server.running() && pid == m_server.pid()) continue;
        if (liveProcessName(pid) != std::optional<std::string>("postgres")) continue;
        std::error_code cwdError;
        if (fs::read_symlink(entry.path() / "cwd", cwdError) != dataDirectory()) continue;
        orphans.push_back(pid);
    }
    if (orphans.empty()) return;
    logger("db")->warn("PostgreSQL in {}: ending {} process(es) its dead postmaster left behind",
                       m_dir.string(), orphans.size());
    for (const pid_t pid : orphans)
        ::kill(pid, SIGKILL);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    for (const pid_t pid : orphans)
        while (liveProcessName(pid) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(10ms);
}

bool EmbeddedPostgres::launch() {
    std::vector<std::string> args = {
        "-D", dataDirectory().string(), "-p", std::to_string(m_port), "-c",
        "listen_addresses=127.0.0.1", "-k", (m_dir / "run").string(),
        // WAL is recycled at checkpoints; PostgreSQL's default lets it reach 1 GB, which a soak
        // of 300,000-row syncs filled at ~25 MB a sync while the tables themselves stayed flat.
        "-c", "max_wal_size=256MB"};
    // After a crash PostgreSQL makes the data directory durable before recovery: one syncfs()
    // (PostgreSQL 14+) instead of an fsync() per file cuts a restart after kill -9 from ~4 s to
    // ~2 s on a loaded machine.
    if (const auto version = readTextFile(dataDirectory() / "PG_VERSION");
        version && std::atoi(version->c_str()) >= 14) {
        args.emplace_back("-c");
        args.emplace_back("recovery_init_sync_method=syncfs");
    }
    auto spec = specFor("postgres", args, logFile());
    // SIGINT = fast shutdown: if the agent dies, its server goes with it.
    spec.parentDeathSignal = SIGINT;
    try {
        m_server = ChildProcess::spawn(spec);
    } catch (const std::system_error& e) {
        fail(std::string("cannot start: ") + e.what(), logFile());
    }

    // PQping answers OK before authentication, so it needs no password.
    const std::string probe = conninfo("postgres", 2);
    const bool ready = waitUntil([&] { return PQping(probe.c_str()) == PQPING_OK; },
                                 m_options.readyTimeout, [&] { return !m_server.running(); });
    if (ready) return true;

    if (m_server.running()) {
        m_server.terminate(5s, SIGQUIT);
        fail("not ready within " + std::to_string(m_options.readyTimeout.count()) + " ms",
             logFile());
    }
    const std::string tail = tailOfFile(logFile(), 600);
    // Races we can outlive: our port taken between probe and bind, or the children of a
    // killed postmaster still holding its shared memory for a moment.
    if (tail.find("could not bind") != std::string::npos ||
        tail.find("Address already in use") != std::string::npos ||
        tail.find("pre-existing shared memory block") != std::string::npos) {
        logger("db")->warn("PostgreSQL in {} could not start yet ({}), retrying", m_dir.string(),
                           m_server.describeExit());
        removeStalePidFile();
        stopOrphanedBackends();
        return false;
    }
    fail("server exited during startup (" + m_server.describeExit() + ")", logFile());
}

EmbeddedPostgres::Connection EmbeddedPostgres::connect() const {
    Connection conn(PQconnectdb(conninfo("postgres", 10).c_str()), PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        std::string why = PQerrorMessage(conn.get());
        if (why.find("password authentication failed") != std::string::npos)
            why += " (the cluster's password is not the one in " + passwordFile().string() +
                   "; restore that file or set the role's password to it)";
        fail("cannot connect: " + why, logFile());
    }
    return conn;
}

void EmbeddedPostgres::requirePassword() {
    const fs::path hba = dataDirectory() / "pg_hba.conf";
    if (readTextFile(hba) == std::string(kHbaConf)) return;
    // A cluster made before passwords (trust) or by initdb: set the password through the
    // current rules, then allow only password logins from the next connection on.
    const auto conn = connect();
    const std::string alter = "ALTER ROLE findata PASSWORD '" + m_password + "'";
    std::unique_ptr<PGresult, void (*)(PGresult*)> altered(PQexec(conn.get(), alter.c_str()),
                                                           PQclear);
    if (PQresultStatus(altered.get()) != PGRES_COMMAND_OK)
        fail(std::string("cannot set the password: ") + PQerrorMessage(conn.get()), logFile());
    writeTextFile(hba, kHbaConf);
    fs::permissions(hba, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    chownTo(hba, *m_account, false);
    std::unique_ptr<PGresult, void (*)(PGresult*)> reloaded(
        PQexec(conn.get(), "SELECT pg_reload_conf()"), PQclear);
    if (PQresultStatus(reloaded.get()) != PGRES_TUPLES_OK)
        fail(std::string("cannot reload pg_hba.conf: ") + PQerrorMessage(conn.get()), logFile());
    logger("db")->info("PostgreSQL in {}: password logins only (scram-sha-256)", m_dir.string());
}

void EmbeddedPostgres::ensureDatabase() {
    const auto conn = connect();
    auto exec = [&](const char* sql) {
        return std::unique_ptr<PGresult, void (*)(PGresult*)>(PQexec(conn.get(), sql), PQclear);
    };
    const auto exists = exec("SELECT 1 FROM pg_database WHERE datname = 'findata'");
    if (PQresultStatus(exists.get()) != PGRES_TUPLES_OK)
        fail(std::string("cannot query pg_database: ") + PQerrorMessage(conn.get()), logFile());
    if (PQntuples(exists.get()) > 0) return;
    const auto created = exec("CREATE DATABASE findata");
    const char* state = PQresultErrorField(created.get(), PG_DIAG_SQLSTATE);
    // 42P04 duplicate_database: someone else created it in between, which is fine.
    if (PQresultStatus(created.get()) != PGRES_COMMAND_OK &&
        !(state && state == std::string("42P04")))
        fail(std::string("cannot create database findata: ") + PQerrorMessage(conn.get()),
             logFile());
    logger("db")->info("created database findata in {}", m_dir.string());
}

void EmbeddedPostgres::stop() {
    if (!m_server.valid()) return;
    if (m_server.running()) {
        // SIGINT is what `pg_ctl stop -m fast` sends; signalling our own child directly spares
        // a process and cannot hit a recycled pid. After 30 s: SIGKILL (next start recovers).
        if (m_server.terminate(30s, SIGINT))
            logger("db")->info("PostgreSQL in {} stopped", m_dir.string());
        else
            logger("db")->warn("PostgreSQL in {} ignored fast shutdown; killed", m_dir.string());
    } else if (const auto status = m_server.exitStatus()) {
        logger("db")->warn("PostgreSQL in {} had already exited ({})", m_dir.string(),
                           describeExitStatus(*status));
    }
    m_server = ChildProcess();
}

}  // namespace findata::agent
