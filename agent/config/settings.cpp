#include "agent/config/settings.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace findata::agent {
namespace {

std::uint64_t parseCount(const std::string& value) {
    std::size_t used = 0;
    const auto n = std::stoull(value, &used);
    if (used != value.size() || value.empty() || value[0] == '-')
        throw std::invalid_argument("expected a whole number");
    return n;
}

// "90", "90s", "5m", "2h" → seconds.
std::chrono::seconds parseDuration(const std::string& value) {
    if (value.empty()) throw std::invalid_argument("expected a duration such as 60s, 5m or 2h");
    std::string digits = value;
    std::uint64_t unit = 1;
    switch (value.back()) {
        case 's':
            digits.pop_back();
            break;
        case 'm':
            unit = 60;
            digits.pop_back();
            break;
        case 'h':
            unit = 3600;
            digits.pop_back();
            break;
        case 'd':
            unit = 86400;
            digits.pop_back();
            break;
        default:
            break;
    }
    try {
        return std::chrono::seconds(parseCount(digits) * unit);
    } catch (const std::exception&) {
        throw std::invalid_argument("expected a duration such as 60s, 5m or 2h");
    }
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

void applyFile(Settings& settings, const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("config file " + path.string() + " cannot be read");
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        const auto eq = line.find('=');
        const std::string where = path.string() + ":" + std::to_string(number);
        if (eq == std::string::npos) throw std::invalid_argument(where + ": expected key = value");
        const std::string key = trim(line.substr(0, eq));
        const std::string value = trim(line.substr(eq + 1));
        bool known = false;
        for (const auto& k : settingKeys()) {
            if (key != k.fileKey) continue;
            known = true;
            try {
                k.apply(settings, value);
            } catch (const std::exception& e) {
                throw std::invalid_argument(where + ": " + key + ": " + e.what());
            }
        }
        if (!known) throw std::invalid_argument(where + ": unknown setting '" + key + "'");
    }
}

}  // namespace

const std::vector<SettingKey>& settingKeys() {
    static const std::vector<SettingKey> keys = {
        {"data-dir", "FINDATA_DATA_DIR", "data_dir",
         "directory for the embedded databases and staged uploads",
         [](Settings& s, const std::string& v) { s.dataDir = v; }},
        {"pg-url", "FINDATA_PG_URL", "pg_url",
         "PostgreSQL URL (postgresql://…); empty runs an embedded server",
         [](Settings& s, const std::string& v) { s.pgUrl = v; }},
        {"clickhouse-url", "FINDATA_CLICKHOUSE_URL", "clickhouse_url",
         "ClickHouse HTTP URL (http://host:8123); empty runs an embedded server",
         [](Settings& s, const std::string& v) { s.clickhouseUrl = v; }},
        {"listen", "FINDATA_LISTEN", "listen", "address:port the API listens on",
         [](Settings& s, const std::string& v) { s.listen = v; }},
        {"sample-dir", "FINDATA_SAMPLE_DIR", "sample_dir",
         "the data-test/ directory that `load-csv --all` stages",
         [](Settings& s, const std::string& v) { s.sampleDir = v; }},
        {"scheduler-interval", "FINDATA_SCHEDULER_INTERVAL", "scheduler_interval",
         "how often due syncs are looked for (e.g. 60s; 0 disables the scheduler)",
         [](Settings& s, const std::string& v) { s.schedulerInterval = parseDuration(v); }},
        {"warm-cache", "FINDATA_WARM_CACHE", "warm_cache",
         "compute every tenant's profiles and KPIs when serving starts (on or off; after a sync "
         "they are always recomputed)",
         [](Settings& s, const std::string& v) {
             if (v != "on" && v != "off") throw std::invalid_argument("expected on or off");
             s.warmCacheAtStart = v == "on";
         }},
        {"max-upload-bytes", "FINDATA_MAX_UPLOAD_BYTES", "max_upload_bytes",
         "largest accepted upload in bytes",
         [](Settings& s, const std::string& v) { s.maxUploadBytes = parseCount(v); }},
        {"http-header-timeout", "FINDATA_HTTP_HEADER_TIMEOUT", "http_header_timeout",
         "deadline for a request's line and headers, and for an idle keep-alive connection",
         [](Settings& s, const std::string& v) { s.httpHeaderTimeout = parseDuration(v); }},
        {"http-idle-timeout", "FINDATA_HTTP_IDLE_TIMEOUT", "http_idle_timeout",
         "longest pause while a request body is read or an answer written",
         [](Settings& s, const std::string& v) { s.httpIdleTimeout = parseDuration(v); }},
        {"http-max-connections", "FINDATA_HTTP_MAX_CONNECTIONS", "http_max_connections",
         "open API connections in total; beyond, new ones get 503",
         [](Settings& s, const std::string& v) { s.httpMaxConnections = parseCount(v); }},
        {"http-max-connections-per-client", "FINDATA_HTTP_MAX_CONNECTIONS_PER_CLIENT",
         "http_max_connections_per_client", "open API connections per client address",
         [](Settings& s, const std::string& v) { s.httpMaxConnectionsPerClient = parseCount(v); }},
        {"http-max-requests-per-connection", "FINDATA_HTTP_MAX_REQUESTS_PER_CONNECTION",
         "http_max_requests_per_connection", "requests served on one keep-alive connection",
         [](Settings& s, const std::string& v) { s.httpMaxRequestsPerConnection = parseCount(v); }},
        {"read-cache-bytes", "FINDATA_READ_CACHE_BYTES", "read_cache_bytes",
         "memory for cached reads (pages, counts, profiles), keys and bookkeeping included",
         [](Settings& s, const std::string& v) { s.readCacheBytes = parseCount(v); }},
        {"log-level", "FINDATA_LOG_LEVEL", "log_level", "trace, debug, info, warn or error",
         [](Settings& s, const std::string& v) {
             if (v != "trace" && v != "debug" && v != "info" && v != "warn" && v != "error")
                 throw std::invalid_argument("expected trace, debug, info, warn or error");
             s.logLevel = v;
         }},
        {"metrics-token-file", "FINDATA_METRICS_TOKEN_FILE", "metrics_token_file",
         "file holding the bearer token GET /metrics requires (default <data-dir>/metrics-token, "
         "made with a random token at first start, mode 0600)",
         [](Settings& s, const std::string& v) { s.metricsTokenFile = v; }},
        // Disk budget and bounded shutdown.
        {"disk-reserve", "FINDATA_DISK_RESERVE", "disk_reserve",
         "free space kept on the data directory for the databases: auto (10 % of the filesystem, "
         "at most 2 GB), a size (e.g. 512MB, 5GB; 0: none) or a share (e.g. 5%); uploads that "
         "would go below it are refused (507) and syncs do not start below it",
         [](Settings& s, const std::string& v) { s.diskReserve = DiskReserve::parse(v); }},
        {"shutdown-grace", "FINDATA_SHUTDOWN_GRACE", "shutdown_grace",
         "after SIGTERM, how long uploads and syncs in progress may take before uploads are cut "
         "off (discarded) and syncs abandoned (recovered at the next start), e.g. 30s",
         [](Settings& s, const std::string& v) { s.shutdownGrace = parseDuration(v); }},
        // Housekeeping: retention and per-sync caps (agent/maintenance/janitor.h).
        {"findings-retention", "FINDATA_FINDINGS_RETENTION", "findings_retention",
         "how long findings and rejected rows of a sync are kept (e.g. 30d); those of the live "
         "package are always kept",
         [](Settings& s, const std::string& v) { s.findingsRetention = parseDuration(v); }},
        {"rejected-row-retention", "FINDATA_REJECTED_ROW_RETENTION", "rejected_row_retention",
         "old name of findings-retention (rejected rows and findings share one retention)",
         [](Settings& s, const std::string& v) { s.findingsRetention = parseDuration(v); }},
        {"upload-retention", "FINDATA_UPLOAD_RETENTION", "upload_retention",
         "how long superseded uploads (records and files) are kept (e.g. 7d); the live package "
         "and staged uploads are always kept",
         [](Settings& s, const std::string& v) { s.uploadRetention = parseDuration(v); }},
        {"janitor-interval", "FINDATA_JANITOR_INTERVAL", "janitor_interval",
         "how often leftovers (staging tables, partial and orphaned files) and expired data are "
         "removed (e.g. 15m; 0: only at start)",
         [](Settings& s, const std::string& v) { s.janitorInterval = parseDuration(v); }},
        {"max-findings-per-sync", "FINDATA_MAX_FINDINGS_PER_SYNC", "max_findings_per_sync",
         "findings stored per sync; beyond, they are only counted per field and rule",
         [](Settings& s, const std::string& v) { s.maxFindingsPerSync = parseCount(v); }},
        {"max-rejected-rows-per-sync", "FINDATA_MAX_REJECTED_ROWS_PER_SYNC",
         "max_rejected_rows_per_sync",
         "rejected rows stored per sync; beyond, they are only counted",
         [](Settings& s, const std::string& v) { s.maxRejectedRowsPerSync = parseCount(v); }},
        // Fail fast, never freeze.
        {"request-timeout", "FINDATA_REQUEST_TIMEOUT", "request_timeout",
         "how long an API request may wait for PostgreSQL and ClickHouse before it answers 503 "
         "(uploads and check bodies excepted; a long poll's wait comes on top)",
         [](Settings& s, const std::string& v) {
             s.requestTimeout = parseDuration(v);
             if (s.requestTimeout.count() < 1) throw std::invalid_argument("expected at least 1s");
         }},
        // Scale.
        {"upload-compression", "FINDATA_UPLOAD_COMPRESSION", "upload_compression",
         "when uploads are zstd-compressed: after-sync (stored as sent, compressed by the janitor "
         "once synced) or at-intake",
         [](Settings& s, const std::string& v) {
             if (v == "after-sync")
                 s.uploadCompression = UploadCompression::AfterSync;
             else if (v == "at-intake")
                 s.uploadCompression = UploadCompression::AtIntake;
             else
                 throw std::invalid_argument("expected after-sync or at-intake");
         }},
        // Reporting periods.
        {"keep-periods", "FINDATA_KEEP_PERIODS", "keep_periods",
         "reporting periods kept live per loan type (the newest N; older ones are dropped after "
         "a sync publishes); 0 keeps them all",
         [](Settings& s, const std::string& v) { s.keepPeriods = parseCount(v); }},
        // Profiles (issue 14).
        {"profile-during-sync", "FINDATA_PROFILE_DURING_SYNC", "profile_during_sync",
         "compute each loaded file's column profile during its sync and store it with the batch "
         "(on or off; off: profiles are read from the warehouse on first request)",
         [](Settings& s, const std::string& v) {
             if (v != "on" && v != "off") throw std::invalid_argument("expected on or off");
             s.profileDuringSync = v == "on";
         }},
        // Flat memory (issue 14).
        {"duplicate-screen-above-mb", "FINDATA_DUPLICATE_SCREEN_ABOVE_MB",
         "duplicate_screen_above_mb",
         "credit files larger than this (MB) are screened for duplicate loan numbers in a "
         "pre-pass instead of keeping every loan number in memory during the sync",
         [](Settings& s, const std::string& v) { s.duplicateScreenAboveMb = parseCount(v); }},
        // Sorted pages (issue 14).
        {"sort-index-above-rows", "FINDATA_SORT_INDEX_ABOVE_ROWS", "sort_index_above_rows",
         "views (file kind and live batches) with at least this many rows get a background sort "
         "index of every column after a sync, so sorted pages need no sort (0: never)",
         [](Settings& s, const std::string& v) { s.sortIndexAboveRows = parseCount(v); }},
    };
    return keys;
}

std::filesystem::path defaultDataDir() {
    if (::geteuid() == 0) return "/var/lib/findata";
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "findata";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local/share/findata";
    return std::filesystem::current_path() / "findata-data";
}

Settings loadSettings(std::vector<std::string>& args,
                      const std::map<std::string, std::string>& environment) {
    // Take our flags out of the arguments first, remembering their values in order.
    std::vector<std::pair<const SettingKey*, std::string>> flags;
    std::string configFile;
    if (const auto it = environment.find("FINDATA_CONFIG"); it != environment.end())
        configFile = it->second;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            rest.insert(rest.end(), args.begin() + static_cast<long>(i), args.end());
            break;
        }
        const SettingKey* matched = nullptr;
        std::string value;
        bool isConfig = false;
        auto matches = [&](const std::string& flag) {
            const std::string plain = "--" + flag;
            if (arg == plain) {
                if (i + 1 >= args.size()) throw std::invalid_argument(plain + " needs a value");
                value = args[++i];
                return true;
            }
            if (arg.rfind(plain + "=", 0) == 0) {
                value = arg.substr(plain.size() + 1);
                return true;
            }
            return false;
        };
        if (matches("config")) {
            isConfig = true;
        } else {
            for (const auto& k : settingKeys())
                if (matches(k.flag)) {
                    matched = &k;
                    break;
                }
        }
        if (isConfig)
            configFile = value;
        else if (matched)
            flags.emplace_back(matched, value);
        else
            rest.push_back(arg);
    }
    args = std::move(rest);

    Settings settings;
    settings.dataDir = defaultDataDir();
    if (!configFile.empty()) applyFile(settings, configFile);
    for (const auto& k : settingKeys()) {
        const auto it = environment.find(k.environment);
        if (it == environment.end()) continue;
        try {
            k.apply(settings, it->second);
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string("environment ") + k.environment + ": " +
                                        e.what());
        }
    }
    for (const auto& [k, value] : flags) {
        try {
            k->apply(settings, value);
        } catch (const std::exception& e) {
            throw std::invalid_argument(std::string("--") + k->flag + ": " + e.what());
        }
    }
    return settings;
}

std::map<std::string, std::string> processEnvironment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry = *e;
        const auto eq = entry.find('=');
        if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    return env;
}

std::string settingsHelp() {
    std::string text = "  --config FILE                 settings file (key = value lines)\n";
    for (const auto& k : settingKeys()) {
        std::string flag = std::string("  --") + k.flag + " VALUE";
        flag.resize(std::max<std::size_t>(flag.size() + 2, 36), ' ');
        text += flag + k.help + " [" + k.environment + "]\n";
    }
    return text;
}

}  // namespace findata::agent
