#pragma once

#include "agent/embedded/process.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

struct pg_conn;
typedef struct pg_conn PGconn;

namespace findata::agent {

// A private PostgreSQL cluster under one directory, on a free loopback port, for the agent's
// embedded mode and for the test suites.
//
// Layout of the directory: data/ (the cluster), run/ (unix socket), postgres.log, initdb.log,
// port (the port used last time, reused when free), password (the `findata` role's password,
// 0600, made at first start; only scram-sha-256 logins are allowed). As root the directory is
// handed to the `postgres` account and every binary runs as it, because PostgreSQL refuses to run
// as root.
//
// The server is a direct child with a parent-death signal bound to the thread that called
// start(): call start() from a thread that lives as long as the server (e.g. main()).
class EmbeddedPostgres final {
public:
    struct Options {
        std::chrono::milliseconds readyTimeout = std::chrono::seconds(60);
        // Account to run as when root; empty = "postgres", else "nobody".
        std::string account;
        // Directory holding initdb/pg_ctl/postgres; empty = search (see findBinDir).
        std::filesystem::path binDir;
    };

    EmbeddedPostgres();
    explicit EmbeddedPostgres(Options options);
    ~EmbeddedPostgres();
    EmbeddedPostgres(const EmbeddedPostgres&) = delete;
    EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

    // Initializes the cluster on first use, starts the server, waits until it answers and
    // ensures database `findata` exists; returns
    // postgresql://findata:PASSWORD@127.0.0.1:PORT/findata.
    // Throws EmbeddedDatabaseError with the server's log tail when that fails.
    std::string start(const std::filesystem::path& dir);

    // Fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends); safe when not running.
    void stop();

    bool isRunning();
    // How the server process ended ("killed by signal 9"), once isRunning() said false.
    std::string describeExit() const { return m_server.describeExit(); }
    std::string url() const;
    std::uint16_t port() const { return m_port; }
    // The postmaster's pid while running.
    pid_t pid() const { return m_server.pid(); }
    const std::filesystem::path& directory() const { return m_dir; }
    std::filesystem::path dataDirectory() const { return m_dir / "data"; }
    std::filesystem::path logFile() const { return m_dir / "postgres.log"; }
    std::filesystem::path passwordFile() const { return m_dir / "password"; }
    const std::string& password() const { return m_password; }

    // Where initdb/pg_ctl/postgres live: pg_config --bindir, the highest
    // /usr/lib/postgresql/<version>/bin, then PATH. Throws when none has them.
    static std::filesystem::path findBinDir();

private:
    void prepareDirectory();
    void initCluster();
    void removeStalePidFile();
    void stopOrphanedBackends();
    bool launch();  // false when the port was taken under us; throws on other failures
    void ensureDatabase();
    void requirePassword();  // scram-sha-256 only; migrates a cluster that trusted everyone
    using Connection = std::unique_ptr<PGconn, void (*)(PGconn*)>;
    Connection connect() const;  // to database postgres, or fail()
    std::string conninfo(const std::string& database, int connectTimeout) const;
    [[noreturn]] void fail(const std::string& what, const std::filesystem::path& log) const;
    ProcessSpec specFor(const std::string& binary, std::vector<std::string> args,
                        const std::filesystem::path& output) const;

    Options m_options;
    std::filesystem::path m_dir;
    std::filesystem::path m_binDir;
    std::optional<Account> m_account;
    std::uint16_t m_port = 0;
    std::string m_password;
    ChildProcess m_server;
};

}  // namespace findata::agent
