#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

// Raised when an embedded database cannot be started or stopped; the message names the
// binary, the directory and the tail of the server's log.
class EmbeddedDatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A local account a child process runs as (root must not run the database servers itself).
struct Account {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
};

// The account with this name, if it exists.
std::optional<Account> lookupAccount(const std::string& name);

// The account this process runs as.
Account currentAccount();

// Whether this process runs as root and so must hand the servers to another account.
bool runningAsRoot();

// The first of `candidates` that exists, or the effective account when not root. As root with
// no candidate present it throws: running a database server as root is never the answer.
Account serverAccount(const std::vector<std::string>& candidates);

// Whether `account` can open `dir` (search permission along the whole path); checked in a
// child that really switches to the account, so ACLs and group membership count.
bool accountCanReach(const Account& account, const std::filesystem::path& dir);

// Hands `path` (recursively when `recursive`) to `account`; no-op when not root.
void chownTo(const std::filesystem::path& path, const Account& account, bool recursive);

// What and how to start a child process.
struct ProcessSpec {
    std::filesystem::path program;
    std::vector<std::string> args;             // without argv[0]
    std::map<std::string, std::string> env;    // added to (or replacing in) the inherited env
    std::vector<std::string> dropEnvPrefixes;  // inherited variables starting so are removed
    std::optional<Account> account;            // switch to this account after fork
    std::filesystem::path workingDirectory;    // empty = inherit
    std::filesystem::path outputFile;          // stdout+stderr appended here; empty = /dev/null
    int parentDeathSignal = 0;                 // signal the child gets when this thread dies
};

// A child process this object owns: reaped on wait(); killed (SIGKILL) if still running when
// destroyed, so a forgotten child never outlives its owner.
class ChildProcess final {
public:
    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;

    // Forks and execs; throws std::system_error when fork, the account switch or exec fails.
    static ChildProcess spawn(const ProcessSpec& spec);

    pid_t pid() const { return m_pid; }
    bool valid() const { return m_pid > 0; }

    // Whether the child still runs (reaps it if it has exited).
    bool running();
    // Waits up to `timeout` for the child to exit; its exit status (raw waitpid status) or
    // nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void signal(int sig) const;
    // Sends `sig`, waits up to `grace`, then SIGKILL; returns true when it exited within `grace`.
    bool terminate(std::chrono::milliseconds grace, int sig = SIGTERM);
    // The exit status once the child has been reaped.
    std::optional<int> exitStatus() const { return m_status; }
    // "exit code 1", "killed by signal 9", "running" or "exit status unknown".
    std::string describeExit() const;

private:
    pid_t m_pid = -1;
    std::optional<int> m_status;
};

// Result of a short-lived command.
struct CommandResult {
    int exitCode = -1;  // -1 when killed by a signal or timed out
    bool timedOut = false;
};

// Runs `spec` to completion (killing it after `timeout`).
CommandResult runCommand(const ProcessSpec& spec, std::chrono::milliseconds timeout);

// Readable description of a raw waitpid status ("exit code 1", "killed by signal 9").
std::string describeExitStatus(int status);

// A loopback TCP port nobody listens on right now.
std::uint16_t findFreeLoopbackPort();
// Whether `port` on 127.0.0.1 can be bound right now.
bool isLoopbackPortFree(std::uint16_t port);

// Polls `ready` every `interval` until it returns true (true) or `timeout` passes (false);
// stops early (false) when `abort` returns true, e.g. because the server process has died.
bool waitUntil(const std::function<bool()>& ready, std::chrono::milliseconds timeout,
               const std::function<bool()>& abort = {},
               std::chrono::milliseconds interval = std::chrono::milliseconds(50));

// The last `maxBytes` of a text file (a log), or a note that it cannot be read.
std::string tailOfFile(const std::filesystem::path& path, std::size_t maxBytes = 2000);

// Writes `text` to `path` atomically enough for small config files (temp file + rename).
void writeTextFile(const std::filesystem::path& path, std::string_view text);
std::optional<std::string> readTextFile(const std::filesystem::path& path);

// A minimal HTTP/1.1 client for loopback probes and tests; not a general client (use the
// warehouse client for real traffic). Named apart from the API's HttpResponse: two classes of
// one name in one namespace broke the one-definition rule.
struct ProbeResponse {
    int status = 0;  // 0 = no HTTP answer (connection failed or timed out)
    std::string body;
    std::string error;  // why status is 0
};

ProbeResponse httpProbe(const std::string& host, std::uint16_t port, std::string_view method,
                        std::string_view target, std::string_view body = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace findata::agent
