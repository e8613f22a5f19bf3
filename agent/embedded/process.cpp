#include "agent/embedded/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

extern char** environ;

namespace findata::agent {

namespace {

using Clock = std::chrono::steady_clock;

// What the child reports through the close-on-exec pipe when it fails before exec.
struct ChildFailure {
    int stage;
    int error;
};

constexpr const char* kStageNames[] = {"setgroups", "setgid",           "setuid", "prctl",
                                       "chdir",     "open output file", "exec"};

Account accountFromPasswd(const passwd& pw) {
    return Account{pw.pw_name, pw.pw_uid, pw.pw_gid};
}

// Supplementary groups of `account`, computed before fork because getgrouplist allocates.
std::vector<gid_t> groupsOf(const Account& account) {
    int count = 32;
    std::vector<gid_t> groups(count);
    while (getgrouplist(account.name.c_str(), account.gid, groups.data(), &count) < 0) {
        groups.resize(count + 32);
        count = static_cast<int>(groups.size());
    }
    groups.resize(count);
    return groups;
}

// Everything the child needs, prepared before fork: after fork in a threaded process only
// async-signal-safe calls are allowed, so no allocation happens in the child.
struct PreparedExec {
    std::vector<std::string> argStrings;
    std::vector<char*> argv;
    std::vector<std::string> envStrings;
    std::vector<char*> envp;
    std::vector<gid_t> groups;
    bool switchAccount = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

PreparedExec prepare(const ProcessSpec& spec) {
    PreparedExec p;
    p.argStrings.push_back(spec.program.string());
    p.argStrings.insert(p.argStrings.end(), spec.args.begin(), spec.args.end());
    for (auto& a : p.argStrings)
        p.argv.push_back(a.data());
    p.argv.push_back(nullptr);

    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        const auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        const auto name = kv.substr(0, eq);
        const bool dropped = std::any_of(
            spec.dropEnvPrefixes.begin(), spec.dropEnvPrefixes.end(),
            [&](const std::string& prefix) { return name.substr(0, prefix.size()) == prefix; });
        if (!dropped) env.emplace(std::string(name), std::string(kv.substr(eq + 1)));
    }
    if (spec.account && spec.account->uid != geteuid()) {
        // The child is that account now; tools that look at these should see it, not root.
        env["USER"] = env["LOGNAME"] = spec.account->name;
        if (!spec.workingDirectory.empty()) env["HOME"] = spec.workingDirectory.string();
    }
    for (const auto& [k, v] : spec.env)
        env[k] = v;
    for (const auto& [k, v] : env)
        p.envStrings.push_back(k + '=' + v);
    for (auto& e : p.envStrings)
        p.envp.push_back(e.data());
    p.envp.push_back(nullptr);

    if (spec.account && spec.account->uid != geteuid()) {
        p.switchAccount = true;
        p.uid = spec.account->uid;
        p.gid = spec.account->gid;
        p.groups = groupsOf(*spec.account);
    }
    return p;
}

[[noreturn]] void childFail(int pipeFd, int stage) {
    const ChildFailure failure{stage, errno};
    [[maybe_unused]] auto n = ::write(pipeFd, &failure, sizeof failure);
    _exit(127);
}

}  // namespace

std::optional<Account> lookupAccount(const std::string& name) {
    passwd pw{};
    passwd* result = nullptr;
    std::vector<char> buf(16384);
    if (getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &result) != 0 || !result)
        return std::nullopt;
    return accountFromPasswd(pw);
}

Account currentAccount() {
    passwd pw{};
    passwd* result = nullptr;
    std::vector<char> buf(16384);
    if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &result) == 0 && result)
        return accountFromPasswd(pw);
    return Account{std::to_string(geteuid()), geteuid(), getegid()};
}

bool runningAsRoot() {
    return geteuid() == 0;
}

Account serverAccount(const std::vector<std::string>& candidates) {
    if (!runningAsRoot()) return currentAccount();
    for (const auto& name : candidates) {
        if (auto account = lookupAccount(name); account && account->uid != 0) return *account;
    }
    std::string names;
    for (const auto& name : candidates)
        names += (names.empty() ? "" : ", ") + name;
    throw EmbeddedDatabaseError("running as root, but none of the accounts " + names +
                                " exists to run the database server as");
}

bool accountCanReach(const Account& account, const std::filesystem::path& dir) {
    if (account.uid == geteuid()) return ::access(dir.c_str(), R_OK | W_OK | X_OK) == 0;
    const auto groups = groupsOf(account);
    const std::string path = dir.string();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) {
        if (::setgroups(groups.size(), groups.data()) != 0 || ::setgid(account.gid) != 0 ||
            ::setuid(account.uid) != 0)
            _exit(2);
        _exit(::access(path.c_str(), R_OK | W_OK | X_OK) == 0 ? 0 : 1);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void chownTo(const std::filesystem::path& path, const Account& account, bool recursive) {
    if (!runningAsRoot()) return;
    auto one = [&](const std::filesystem::path& p) {
        if (::lchown(p.c_str(), account.uid, account.gid) != 0)
            throw std::system_error(errno, std::generic_category(), "chown " + p.string());
    };
    one(path);
    if (recursive && std::filesystem::is_directory(path)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
            one(entry.path());
    }
}

// --- ChildProcess ---------------------------------------------------------------------------

ChildProcess::~ChildProcess() {
    if (m_pid > 0 && !m_status) {
        ::kill(m_pid, SIGKILL);
        wait(std::chrono::seconds(5));
    }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_status(std::exchange(other.m_status, {})) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        ChildProcess old(std::move(*this));
        m_pid = std::exchange(other.m_pid, -1);
        m_status = std::exchange(other.m_status, {});
    }
    return *this;
}

ChildProcess ChildProcess::spawn(const ProcessSpec& spec) {
    PreparedExec p = prepare(spec);
    const std::string workDir = spec.workingDirectory.string();
    const std::string outFile = spec.outputFile.empty() ? "/dev/null" : spec.outputFile.string();
    const bool searchPath = spec.program.string().find('/') == std::string::npos;

    int errPipe[2];
    if (::pipe2(errPipe, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe2");
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(errPipe[0]);
        ::close(errPipe[1]);
        throw std::system_error(err, std::generic_category(), "fork");
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls from here on.
        ::close(errPipe[0]);
        // Keep the error pipe at fd 3 and drop every other inherited descriptor (e.g. the
        // agent's listening socket) so the server does not hold them open.
        if (errPipe[1] != 3) {
            ::dup3(errPipe[1], 3, O_CLOEXEC);
            ::close(errPipe[1]);
        }
        const int fd = 3;
        ::close_range(4, ~0U, 0);
        sigset_t all;
        sigemptyset(&all);
        ::sigprocmask(SIG_SETMASK, &all, nullptr);
        for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD})
            ::signal(sig, SIG_DFL);
        ::setpgid(0, 0);  // our own group: a Ctrl-C on the agent's terminal is the agent's
        if (p.switchAccount) {
            if (::setgroups(p.groups.size(), p.groups.data()) != 0) childFail(fd, 0);
            if (::setgid(p.gid) != 0) childFail(fd, 1);
            if (::setuid(p.uid) != 0) childFail(fd, 2);
        }
        // After the account switch: changing credentials clears the parent-death signal.
        if (spec.parentDeathSignal != 0) {
            if (::prctl(PR_SET_PDEATHSIG, spec.parentDeathSignal) != 0) childFail(fd, 3);
            if (::getppid() != parent) _exit(126);  // parent already gone
        }
        if (!workDir.empty() && ::chdir(workDir.c_str()) != 0) childFail(fd, 4);
        const int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0640);
        if (out < 0) childFail(fd, 5);
        const int in = ::open("/dev/null", O_RDONLY);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        if (searchPath)
            ::execvpe(p.argv[0], p.argv.data(), p.envp.data());
        else
            ::execve(p.argv[0], p.argv.data(), p.envp.data());
        childFail(fd, 6);
    }
    ::close(errPipe[1]);
    ChildFailure failure{};
    ssize_t n;
    while ((n = ::read(errPipe[0], &failure, sizeof failure)) < 0 && errno == EINTR) {
    }
    ::close(errPipe[0]);
    ChildProcess child;
    child.m_pid = pid;
    if (n == sizeof failure) {
        child.wait(std::chrono::seconds(5));
        throw std::system_error(failure.error, std::generic_category(),
                                spec.program.string() + ": " + kStageNames[failure.stage]);
    }
    return child;
}

bool ChildProcess::running() {
    if (m_pid <= 0 || m_status) return false;
    int status = 0;
    const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_status = status;
        return false;
    }
    if (r < 0 && errno == ECHILD) {
        // Reaped by someone else (e.g. SIGCHLD ignored): gone, status unknown.
        m_pid = -1;
        return false;
    }
    return r == 0;
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (m_pid <= 0) return m_status;
    const auto deadline = Clock::now() + timeout;
    while (running()) {
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return m_status;
}

std::string ChildProcess::describeExit() const {
    if (m_status) return describeExitStatus(*m_status);
    return m_pid > 0 ? "running" : "exit status unknown";
}

void ChildProcess::signal(int sig) const {
    if (m_pid > 0 && !m_status) ::kill(m_pid, sig);
}

bool ChildProcess::terminate(std::chrono::milliseconds grace, int sig) {
    if (!running()) return true;
    signal(sig);
    if (wait(grace)) return true;
    signal(SIGKILL);
    wait(std::chrono::seconds(10));
    return false;
}

CommandResult runCommand(const ProcessSpec& spec, std::chrono::milliseconds timeout) {
    ChildProcess child = ChildProcess::spawn(spec);
    CommandResult result;
    const auto status = child.wait(timeout);
    if (!status) {
        child.terminate(std::chrono::seconds(2), SIGKILL);
        result.timedOut = true;
        return result;
    }
    if (WIFEXITED(*status)) result.exitCode = WEXITSTATUS(*status);
    return result;
}

std::string describeExitStatus(int status) {
    if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// --- ports, waiting, files -------------------------------------------------------------------

namespace {

// Binds a loopback TCP socket to `port` (0 = any); returns the bound port or 0.
std::uint16_t bindLoopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    // The servers set SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    std::uint16_t bound = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        socklen_t len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            bound = ntohs(addr.sin_port);
    }
    ::close(fd);
    return bound;
}

}  // namespace

std::uint16_t findFreeLoopbackPort() {
    const std::uint16_t port = bindLoopback(0);
    if (port == 0) throw std::system_error(errno, std::generic_category(), "bind 127.0.0.1:0");
    return port;
}

bool isLoopbackPortFree(std::uint16_t port) {
    return port != 0 && bindLoopback(port) == port;
}

bool waitUntil(const std::function<bool()>& ready, std::chrono::milliseconds timeout,
               const std::function<bool()>& abort, std::chrono::milliseconds interval) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (ready()) return true;
        if (abort && abort()) return false;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(interval);
    }
}

std::string tailOfFile(const std::filesystem::path& path, std::size_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "(cannot read " + path.string() + ")";
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    const std::size_t from = size > maxBytes ? size - maxBytes : 0;
    in.seekg(static_cast<std::streamoff>(from));
    std::string text(size - from, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (from > 0) {
        if (const auto nl = text.find('\n'); nl != std::string::npos) text.erase(0, nl + 1);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text.empty() ? "(empty log)" : text;
}

void writeTextFile(const std::filesystem::path& path, std::string_view text) {
    auto tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out.flush())
            throw std::system_error(errno, std::generic_category(), "write " + tmp.string());
    }
    std::filesystem::rename(tmp, path);
}

std::optional<std::string> readTextFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// --- HTTP ------------------------------------------------------------------------------------

namespace {

// Decodes a chunked transfer-encoded body; returns false when it is malformed.
bool dechunk(std::string_view in, std::string& out) {
    out.clear();
    for (;;) {
        const auto eol = in.find("\r\n");
        if (eol == std::string_view::npos) return false;
        std::size_t size = 0;
        try {
            size = std::stoul(std::string(in.substr(0, eol)), nullptr, 16);
        } catch (const std::exception&) {
            return false;
        }
        in.remove_prefix(eol + 2);
        if (size == 0) return true;
        if (in.size() < size) return false;
        out.append(in.substr(0, size));
        in.remove_prefix(std::min(in.size(), size + 2));
    }
}

}  // namespace

ProbeResponse httpProbe(const std::string& host, std::uint16_t port, std::string_view method,
                        std::string_view target, std::string_view body,
                        std::chrono::milliseconds timeout) {
    ProbeResponse response;
    const auto deadline = Clock::now() + timeout;
    auto remainingMs = [&] {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        return static_cast<int>(std::max<long long>(0, left.count()));
    };

    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
        response.error = "not an IPv4 address: " + host;
        return response;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        response.error = std::strerror(errno);
        return response;
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};

    auto waitFor = [&](short events) {
        pollfd pfd{fd, events, 0};
        int r;
        while ((r = ::poll(&pfd, 1, remainingMs())) < 0 && errno == EINTR) {
        }
        return r > 0;
    };

    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno != EINPROGRESS) {
            response.error = std::strerror(errno);
            return response;
        }
        if (!waitFor(POLLOUT)) {
            response.error = "connect timed out";
            return response;
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            response.error = std::strerror(err);
            return response;
        }
    }

    std::string request;
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host).append(":").append(std::to_string(port));
    request.append("\r\nConnection: close\r\n");
    if (!body.empty() || method == "POST")
        request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    request.append("\r\n").append(body);

    std::string_view pending(request);
    while (!pending.empty()) {
        if (!waitFor(POLLOUT)) {
            response.error = "send timed out";
            return response;
        }
        const ssize_t n = ::send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            response.error = std::strerror(errno);
            return response;
        }
        pending.remove_prefix(static_cast<std::size_t>(n));
    }

    // Connection: close lets us read to EOF instead of tracking Content-Length.
    std::string raw;
    char buf[8192];
    for (;;) {
        if (!waitFor(POLLIN)) {
            response.error = "receive timed out";
            return response;
        }
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            response.error = std::strerror(errno);
            return response;
        }
        if (n == 0) break;
        raw.append(buf, static_cast<std::size_t>(n));
    }

    const auto headerEnd = raw.find("\r\n\r\n");
    if (raw.compare(0, 5, "HTTP/") != 0 || headerEnd == std::string::npos) {
        response.error = "malformed HTTP response";
        return response;
    }
    const auto space = raw.find(' ');
    const int status = std::atoi(raw.c_str() + space + 1);
    std::string headers = raw.substr(0, headerEnd);
    for (auto& c : headers)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view rest = std::string_view(raw).substr(headerEnd + 4);
    if (headers.find("transfer-encoding: chunked") != std::string::npos) {
        if (!dechunk(rest, response.body)) {
            response.error = "malformed chunked body";
            return response;
        }
    } else {
        response.body = std::string(rest);
    }
    response.status = status;
    return response;
}

}  // namespace findata::agent
