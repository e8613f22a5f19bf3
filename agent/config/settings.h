#pragma once
// The agent's settings: every key with its default declared once, in one table that command-line
// flags (--data-dir), environment variables (FINDATA_DATA_DIR) and the config file (data_dir = …)
// all map onto. Precedence: defaults < config file < environment < flags.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "agent/uploads/uploadstore.h"
#include "agent/util/diskspace.h"

namespace findata::agent {

struct Settings {
    std::filesystem::path dataDir;  // embedded databases, uploads; default: see defaultDataDir()
    std::string pgUrl;              // empty: the embedded PostgreSQL under dataDir
    std::string clickhouseUrl;      // empty: the embedded ClickHouse under dataDir
    std::string listen = "127.0.0.1:8000";
    std::filesystem::path
        sampleDir;  // data-test/ for `load-csv --all`; default: found near the binary
    std::chrono::seconds schedulerInterval{60};
    bool warmCacheAtStart = true;
    std::uint64_t maxUploadBytes = 4ull << 30;
    // The HTTP server's defences (see HttpServer::Options).
    std::chrono::seconds httpHeaderTimeout{10};  // request line + headers
    std::chrono::seconds httpIdleTimeout{30};    // longest pause in a body or an answer
    std::uint64_t httpMaxConnections = 10000;
    std::uint64_t httpMaxConnectionsPerClient = 1000;
    std::uint64_t httpMaxRequestsPerConnection = 1000;
    std::uint64_t readCacheBytes = 64ull << 20;  // hot reads kept in memory, keys included
    std::string logLevel = "info";
    // The file holding the bearer token /metrics requires; empty: <dataDir>/metrics-token, made
    // with a random token at first start (mode 0600).
    std::filesystem::path metricsTokenFile;
    // Disk budget and bounded shutdown: the free space kept on dataDir for the databases
    // (uploads that would go below it get 507, syncs do not start below it), and how long
    // uploads and syncs in progress get after SIGTERM before they are cut off.
    DiskReserve diskReserve;  // default: 10 % of the filesystem, at most 2 GiB
    std::chrono::seconds shutdownGrace{30};
    // Housekeeping (agent/maintenance/janitor.h): what is kept, for how long, and how much a sync
    // may store. `rejected_row_retention` is an alias of findings_retention.
    std::chrono::seconds findingsRetention{std::chrono::hours(24 * 30)};  // findings, rejected rows
    std::chrono::seconds uploadRetention{std::chrono::hours(24 * 7)};     // superseded uploads
    std::chrono::seconds janitorInterval{std::chrono::minutes(15)};       // 0: only at start
    std::uint64_t maxFindingsPerSync = 1'000'000;  // beyond: counted per field and rule only
    std::uint64_t maxRejectedRowsPerSync = 1'000'000;
    // Fail fast, never freeze: how long an API request may wait for its databases (ClickHouse
    // queries are killed and PostgreSQL waits end then; the answer is 503 + Retry-After).
    std::chrono::seconds requestTimeout{10};
    // Scale: when uploads are compressed — after the sync that loads them (the janitor; the
    // intake costs a copy) or at intake (zstd level 1; a third of the disk while staged).
    UploadCompression uploadCompression = UploadCompression::AfterSync;
    // Reporting periods (issue 15): how many periods per loan type stay live; after a sync
    // publishes, older periods are un-published and their batches dropped. 0: keep them all.
    std::uint64_t keepPeriods = 0;
    // Profiles (issue 14): a sync computes each file's column profile from the rows it loads, on
    // a thread of its own, and stores it with the batch (off: profiles are read from the
    // warehouse on first request).
    bool profileDuringSync = true;
    // Flat memory (issue 14): credit files larger than this many MB are screened for duplicate
    // loan numbers in a pre-pass (a fixed 32 MB filter) instead of keeping every loan number in
    // memory during the sync — unless a payment plan of the sync is checked against them.
    std::uint64_t duplicateScreenAboveMb = 256;
    // Sorted pages (issue 14): views (a file kind and its live batches, one loan type or both)
    // with at least this many rows get a sort index of every column after a sync completes and
    // at start, so sorted data pages are primary-key reads (0: never).
    std::uint64_t sortIndexAboveRows = 1'000'000;
};

/// One setting: its names in each source and how its text is applied.
struct SettingKey {
    const char* flag;         // "data-dir" (given as --data-dir VALUE or --data-dir=VALUE)
    const char* environment;  // "FINDATA_DATA_DIR"
    const char* fileKey;      // "data_dir"
    const char* help;
    void (*apply)(Settings&, const std::string& value);  // throws std::invalid_argument
};

/// The table of every setting.
const std::vector<SettingKey>& settingKeys();

/// $XDG_DATA_HOME/findata, else ~/.local/share/findata; /var/lib/findata for root.
std::filesystem::path defaultDataDir();

/// Builds the settings from the config file (--config FILE or FINDATA_CONFIG), the environment
/// and the flags in `args`. Recognized flags (and --config) are removed from `args`, wherever
/// they stand, so commands see only their own. Throws std::invalid_argument naming the source
/// and the key of a bad value.
Settings loadSettings(std::vector<std::string>& args,
                      const std::map<std::string, std::string>& environment);

/// The process environment as a map (for loadSettings).
std::map<std::string, std::string> processEnvironment();

/// "  --data-dir DIR   …" lines for usage texts.
std::string settingsHelp();

}  // namespace findata::agent
