#include "agent/embedded/embeddedclickhouse.h"
#include "agent/util/logging.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <sstream>
#include <system_error>
#include <thread>
#include <tuple>

#include "agent/uploads/sha256.h"
#include "agent/util/markup.h"
#include "agent/util/secretfile.h"

namespace findata::agent {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// ClickHouse wants directory settings with a trailing slash.
std::string dirSetting(const fs::path& dir) {
    return htmlEscape(dir.string() + "/");
}

std::optional<fs::path> findOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    // /usr/sbin is often missing from a non-root PATH, and that is where Debian puts it.
    std::string dirs = std::string(path ? path : "") + ":/usr/sbin:/usr/bin:/usr/local/bin";
    std::string_view rest(dirs);
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const fs::path candidate = fs::path(std::string(rest.substr(0, colon))) / name;
        if (!candidate.parent_path().empty() && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return std::nullopt;
}

}  // namespace

EmbeddedClickHouse::EmbeddedClickHouse() : EmbeddedClickHouse(Options{}) {}

EmbeddedClickHouse::EmbeddedClickHouse(Options options) : m_options(std::move(options)) {}

EmbeddedClickHouse::~EmbeddedClickHouse() {
    try {
        stop();
    } catch (const std::exception& e) {
        logger("db")->error("stopping ClickHouse in {} failed: {}", m_dir.string(), e.what());
    }
}

std::pair<fs::path, std::vector<std::string>> EmbeddedClickHouse::findBinary() {
    if (auto server = findOnPath("clickhouse-server")) return {*server, {}};
    if (auto combined = findOnPath("clickhouse")) return {*combined, {"server"}};
    throw EmbeddedDatabaseError(
        "ClickHouse server binary not found (clickhouse-server or clickhouse in PATH, /usr/sbin, "
        "/usr/bin); install the clickhouse-server package");
}

std::string EmbeddedClickHouse::url() const {
    return "http://" + std::string(kUser) + ":" + m_password +
           "@127.0.0.1:" + std::to_string(m_httpPort);
}

bool EmbeddedClickHouse::isRunning() {
    return m_server.running();
}

void EmbeddedClickHouse::fail(const std::string& what) const {
    // Early failures (bad config, bind errors before the logger is up) only reach stdout.log.
    const fs::path errLog = m_dir / "log" / "clickhouse-server.err.log";
    std::error_code ec;
    const fs::path log =
        fs::exists(errLog, ec) && fs::file_size(errLog, ec) > 0 ? errLog : logFile();
    throw EmbeddedDatabaseError("ClickHouse (" + m_binary.string() + ") in " + m_dir.string() +
                                ": " + what + "\n--- tail of " + (m_dir / "stdout.log").string() +
                                " ---\n" + tailOfFile(m_dir / "stdout.log", 1000) +
                                "\n--- tail of " + log.string() + " ---\n" + tailOfFile(log));
}

std::string EmbeddedClickHouse::start(const fs::path& dir) {
    if (m_server.running()) return url();
    const auto started = std::chrono::steady_clock::now();
    fs::create_directories(dir);
    m_dir = fs::canonical(dir);
    if (m_options.binary.empty()) {
        std::tie(m_binary, m_binaryArgs) = findBinary();
    } else {
        m_binary = m_options.binary;
        m_binaryArgs = m_binary.filename() == "clickhouse" ? std::vector<std::string>{"server"}
                                                           : std::vector<std::string>{};
    }
    m_account = m_options.account.empty() ? serverAccount({"clickhouse", "nobody"})
                                          : serverAccount({m_options.account});
    const bool fresh = !fs::exists(m_dir / "data" / "metadata");
    prepareDirectory();
    m_password = readOrCreateSecret(passwordFile());

    // Reuse last run's ports when free so the URL stays stable across restarts.
    std::uint16_t savedHttp = 0;
    std::uint16_t savedTcp = 0;
    if (const auto saved = readTextFile(m_dir / "ports")) {
        std::istringstream in(*saved);
        unsigned http = 0;
        unsigned tcp = 0;
        if (in >> http >> tcp && http > 0 && http < 65536 && tcp > 0 && tcp < 65536 &&
            http != tcp && isLoopbackPortFree(static_cast<std::uint16_t>(http)) &&
            isLoopbackPortFree(static_cast<std::uint16_t>(tcp))) {
            savedHttp = static_cast<std::uint16_t>(http);
            savedTcp = static_cast<std::uint16_t>(tcp);
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + m_options.readyTimeout;
    for (int attempt = 0;; ++attempt) {
        m_httpPort = savedHttp != 0 ? savedHttp : findFreeLoopbackPort();
        m_tcpPort = savedTcp != 0 ? savedTcp : findFreeLoopbackPort();
        while (m_tcpPort == m_httpPort)
            m_tcpPort = findFreeLoopbackPort();
        savedHttp = savedTcp = 0;
        writeConfig();
        if (launch()) break;
        if (std::chrono::steady_clock::now() >= deadline || attempt >= 10)
            fail("gave up starting after " + std::to_string(attempt + 1) + " attempts");
        std::this_thread::sleep_for(200ms);
    }
    writeTextFile(m_dir / "ports",
                  std::to_string(m_httpPort) + " " + std::to_string(m_tcpPort) + "\n");
    chownTo(m_dir / "ports", *m_account, false);

    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    logger("db")->info("ClickHouse {} on 127.0.0.1:{} (tcp {}, pid {}, {} start, {} ms, as {})",
                       m_dir.string(), m_httpPort, m_tcpPort, m_server.pid(),
                       fresh ? "cold" : "warm", ms, m_account->name);
    return url();
}

void EmbeddedClickHouse::prepareDirectory() {
    for (const char* sub : {"data", "tmp", "user_files", "format_schemas", "log"})
        fs::create_directories(m_dir / sub);
    fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::replace);
    // Walk the tree only when ownership is wrong (first run, or account changed).
    struct stat st {};
    const bool owned = ::stat(m_dir.c_str(), &st) == 0 && st.st_uid == m_account->uid &&
                       ::stat((m_dir / "data").c_str(), &st) == 0 && st.st_uid == m_account->uid;
    chownTo(m_dir, *m_account, !owned);
    if (!accountCanReach(*m_account, m_dir))
        fail("account '" + m_account->name +
             "' cannot reach the directory; every parent "
             "directory must be searchable (x) by it");
}

void EmbeddedClickHouse::writeConfig() const {
    // Root <yandex>: 18.16 requires it and current versions still accept it. Only keys both
    // understand; 18.16 has no server-wide memory limit, so caches are kept small instead.
    std::ostringstream config;
    config << "<?xml version=\"1.0\"?>\n"
           << "<!-- Written by findata-agent on every start; edits are overwritten. -->\n"
           << "<yandex>\n"
           << "    <logger>\n"
           << "        <level>information</level>\n"
           << "        <log>" << htmlEscape(logFile().string()) << "</log>\n"
           << "        <errorlog>"
           << htmlEscape((m_dir / "log" / "clickhouse-server.err.log").string()) << "</errorlog>\n"
           << "        <size>10M</size>\n"
           << "        <count>3</count>\n"
           << "    </logger>\n"
           << "    <listen_host>127.0.0.1</listen_host>\n"
           << "    <http_port>" << m_httpPort << "</http_port>\n"
           << "    <tcp_port>" << m_tcpPort << "</tcp_port>\n"
           << "    <path>" << dirSetting(m_dir / "data") << "</path>\n"
           << "    <tmp_path>" << dirSetting(m_dir / "tmp") << "</tmp_path>\n"
           << "    <user_files_path>" << dirSetting(m_dir / "user_files") << "</user_files_path>\n"
           << "    <format_schema_path>" << dirSetting(m_dir / "format_schemas")
           << "</format_schema_path>\n"
           << "    <users_config>" << htmlEscape((m_dir / "users.xml").string())
           << "</users_config>\n"
           << "    <default_profile>default</default_profile>\n"
           << "    <default_database>default</default_database>\n"
           << "    <mark_cache_size>" << m_options.markCacheBytes << "</mark_cache_size>\n"
           << "    <uncompressed_cache_size>" << m_options.markCacheBytes
           << "</uncompressed_cache_size>\n"
           << "    <max_concurrent_queries>32</max_concurrent_queries>\n"
           << "    <max_connections>256</max_connections>\n"
           << "    <keep_alive_timeout>3</keep_alive_timeout>\n"
           << "    <umask>027</umask>\n"
           << "</yandex>\n";

    // One user, loopback only, with the password of passwordFile() (stored here as its SHA-256):
    // no `default` user, so a request without credentials is refused.
    std::ostringstream users;
    users << "<?xml version=\"1.0\"?>\n"
          << "<!-- Written by findata-agent on every start; edits are overwritten. -->\n"
          << "<yandex>\n"
          << "    <profiles>\n"
          << "        <default>\n"
          << "            <max_memory_usage>" << m_options.maxQueryMemoryBytes
          << "</max_memory_usage>\n"
          << "        </default>\n"
          << "    </profiles>\n"
          << "    <users>\n"
          << "        <" << kUser << ">\n"
          << "            <password_sha256_hex>" << Sha256::hex(m_password)
          << "</password_sha256_hex>\n"
          << "            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>\n"
          << "            <profile>default</profile>\n"
          << "            <quota>default</quota>\n"
          << "        </" << kUser << ">\n"
          << "    </users>\n"
          << "    <quotas>\n"
          << "        <default>\n"
          << "            <interval>\n"
          << "                <duration>3600</duration>\n"
          << "                <queries>0</queries>\n"
          << "                <errors>0</errors>\n"
          << "                <result_rows>0</result_rows>\n"
          << "                <read_rows>0</read_rows>\n"
          << "                <execution_time>0</execution_time>\n"
          << "            </interval>\n"
          << "        </default>\n"
          << "    </quotas>\n"
          << "</yandex>\n";

    writeTextFile(m_dir / "config.xml", config.str());
    writeTextFile(m_dir / "users.xml", users.str());
    chownTo(m_dir / "config.xml", *m_account, false);
    fs::permissions(m_dir / "users.xml", fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
    chownTo(m_dir / "users.xml", *m_account, false);
}

bool EmbeddedClickHouse::launch() {
    ProcessSpec spec;
    spec.program = m_binary;
    spec.args = m_binaryArgs;
    spec.args.push_back("--config-file=" + (m_dir / "config.xml").string());
    spec.account = m_account;
    spec.workingDirectory = m_dir;
    spec.outputFile = m_dir / "stdout.log";
    // The server must not outlive the agent (or a crashed test).
    spec.parentDeathSignal = SIGTERM;
    // Truncate: stdout.log only matters for this start's early errors.
    {
        writeTextFile(spec.outputFile, "");
        chownTo(spec.outputFile, *m_account, false);
    }
    try {
        m_server = ChildProcess::spawn(spec);
    } catch (const std::system_error& e) {
        fail(std::string("cannot start: ") + e.what());
    }

    const bool ready = waitUntil(
        [&] {
            const auto r = httpProbe("127.0.0.1", m_httpPort, "GET", "/ping", {}, 2s);
            return r.status == 200 && r.body == "Ok.\n";
        },
        m_options.readyTimeout, [&] { return !m_server.running(); });
    if (ready) return true;

    if (m_server.running()) {
        m_server.terminate(5s, SIGKILL);
        fail("not ready within " + std::to_string(m_options.readyTimeout.count()) + " ms");
    }
    // Our port taken between probe and bind: pick new ones and try again.
    const std::string tail = tailOfFile(m_dir / "stdout.log", 2000) + tailOfFile(logFile(), 2000);
    if (tail.find("Address already in use") != std::string::npos) {
        logger("db")->warn("ClickHouse in {}: port taken, retrying with others", m_dir.string());
        return false;
    }
    fail("server exited during startup (" + m_server.describeExit() + ")");
}

void EmbeddedClickHouse::stop() {
    if (!m_server.valid()) return;
    if (m_server.running()) {
        if (!m_server.terminate(m_options.stopTimeout, SIGTERM))
            logger("db")->warn("ClickHouse in {} did not stop within {} ms; killed", m_dir.string(),
                               m_options.stopTimeout.count());
        else
            logger("db")->info("ClickHouse in {} stopped", m_dir.string());
    } else if (const auto status = m_server.exitStatus()) {
        logger("db")->warn("ClickHouse in {} had already exited ({})", m_dir.string(),
                           describeExitStatus(*status));
    }
    m_server = ChildProcess();
}

}  // namespace findata::agent
