#pragma once

#include "agent/embedded/process.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace findata::agent {

// A private clickhouse-server under one directory, on free loopback ports, for the agent's
// embedded mode and for the test suites.
//
// Layout of the directory: config.xml and users.xml (written on every start), data/, tmp/,
// user_files/, format_schemas/, log/ (server logs), stdout.log (early start-up errors), ports
// (the ports used last time, reused when free), password (the password of the one user, kUser,
// 0600, made at first start; users.xml holds only its SHA-256). As root the server runs as
// `clickhouse` (or `nobody`) and the directory is handed to that account.
//
// The server is a direct child with a parent-death signal bound to the thread that called
// start(): call start() from a thread that lives as long as the server (e.g. main()).
class EmbeddedClickHouse final {
public:
    struct Options {
        std::chrono::milliseconds readyTimeout = std::chrono::seconds(60);
        std::chrono::milliseconds stopTimeout = std::chrono::seconds(20);
        // Account to run as when root; empty = "clickhouse", else "nobody".
        std::string account;
        // clickhouse-server (or the combined `clickhouse`) binary; empty = search.
        std::filesystem::path binary;
        // Per-query memory limit; 18.16 has no server-wide limit.
        std::uint64_t maxQueryMemoryBytes = 4ULL << 30;
        std::uint64_t markCacheBytes = 256ULL << 20;
    };

    EmbeddedClickHouse();
    explicit EmbeddedClickHouse(Options options);
    ~EmbeddedClickHouse();
    EmbeddedClickHouse(const EmbeddedClickHouse&) = delete;
    EmbeddedClickHouse& operator=(const EmbeddedClickHouse&) = delete;

    static constexpr std::string_view kUser = "findata";

    // Writes the config, starts the server and waits until GET /ping answers "Ok."; returns
    // http://findata:PASSWORD@127.0.0.1:HTTP_PORT. Throws EmbeddedDatabaseError with the log tail
    // on failure.
    std::string start(const std::filesystem::path& dir);

    // SIGTERM, then SIGKILL after Options::stopTimeout; safe to call when not running.
    void stop();

    bool isRunning();
    // How the server process ended ("killed by signal 9"), once isRunning() said false.
    std::string describeExit() const { return m_server.describeExit(); }
    std::string url() const;
    std::uint16_t httpPort() const { return m_httpPort; }
    std::uint16_t tcpPort() const { return m_tcpPort; }
    pid_t pid() const { return m_server.pid(); }
    const std::filesystem::path& directory() const { return m_dir; }
    std::filesystem::path logFile() const { return m_dir / "log" / "clickhouse-server.log"; }
    std::filesystem::path passwordFile() const { return m_dir / "password"; }
    const std::string& password() const { return m_password; }

    // The server binary and the arguments that select server mode: clickhouse-server in
    // /usr/sbin, /usr/bin or PATH, else `clickhouse server`. Throws when neither exists.
    static std::pair<std::filesystem::path, std::vector<std::string>> findBinary();

private:
    void prepareDirectory();
    void writeConfig() const;
    bool launch();  // false when a port was taken under us; throws on other failures
    [[noreturn]] void fail(const std::string& what) const;

    Options m_options;
    std::filesystem::path m_dir;
    std::filesystem::path m_binary;
    std::vector<std::string> m_binaryArgs;
    std::optional<Account> m_account;
    std::uint16_t m_httpPort = 0;
    std::uint16_t m_tcpPort = 0;
    std::string m_password;
    ChildProcess m_server;
};

}  // namespace findata::agent
