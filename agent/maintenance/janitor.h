#pragma once
// The janitor: the background housekeeping that keeps the agent's disk bounded. A pass, at start
// and then every janitor_interval, does for each tenant:
//   - drops ClickHouse staging tables whose sync is not running (finished or unknown) — those a
//     sync could not drop when it ended, e.g. because ClickHouse was down then;
//   - drops warehouse batches (partitions) neither live nor a running sync's: superseded ones a
//     sync could not drop, a failed sync's, and parts an abrupt ClickHouse stop brought back;
//   - removes `.partial` files of crashed uploads (never one being written: they are flocked)
//     and staged files no upload record points at (only when older than a grace period, so an
//     upload between its commit and its record is left alone);
//   - deletes the findings and rejected rows of syncs finished longer than findings_retention
//     ago, except those of the syncs that loaded the live package (the sync log stays and says
//     when: findings_purged_at);
//   - deletes uploads (records and files) uploaded longer than upload_retention ago that were
//     superseded (by a newer staged or synced file) — never a STAGED upload, the live package,
//     or an upload an unfinished sync reads;
//   - compresses (zstd) the files of uploads a sync has loaded that are still stored as sent
//     (upload_compression after-sync, the default): the intake costs a copy, the disk keeps a
//     third. The uncompressed file becomes an orphan the sweep above removes after its grace.
//     Only while no sync runs (of any tenant: a sync validates on one core and inserts on the
//     other; compression would take one of them) and never past the disk reserve; the janitor's
//     thread runs at the lowest CPU and I/O priority, so a sync starting meanwhile comes first.
// Every pass logs what it removed; the totals are exposed as Prometheus metrics.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "agent/util/diskspace.h"

namespace findata::agent {

class Database;
class UploadStore;
class Warehouse;
struct Tenant;

struct JanitorOptions {
    std::chrono::seconds findingsRetention = std::chrono::hours(24 * 30);
    std::chrono::seconds uploadRetention = std::chrono::hours(24 * 7);
    std::chrono::seconds interval = std::chrono::minutes(15);  // 0: one pass at start only
    /// A staged file without a record is removed only when older than this.
    std::chrono::seconds orphanFileGrace = std::chrono::minutes(10);
    /// Compression never leaves less free than this on the upload directory's filesystem.
    DiskReserve diskReserve;
};

/// What one or more passes removed.
struct JanitorReport {
    std::uint64_t stagingTables = 0;
    std::uint64_t batches = 0;  // superseded warehouse batches (partitions) dropped
    std::uint64_t partialFiles = 0;
    std::uint64_t orphanFiles = 0;
    std::uint64_t syncsPurged = 0;  // syncs whose findings and rejected rows were deleted
    std::uint64_t findings = 0;
    std::uint64_t rejectedRows = 0;
    std::uint64_t uploads = 0;
    std::uint64_t bytesFreed = 0;            // files on disk (orphans and uploads)
    std::uint64_t compressedUploads = 0;     // uploads whose file was compressed
    std::uint64_t compressionsDeferred = 0;  // not compressed (yet): a sync ran, or no room
    std::uint64_t failures = 0;              // steps that failed (logged), retried at the next pass

    JanitorReport& operator+=(const JanitorReport& other);
    bool empty() const;
};

class Janitor final {
public:
    Janitor(Database& db, Warehouse& warehouse, UploadStore& uploads, JanitorOptions options);
    ~Janitor();  // stop()
    Janitor(const Janitor&) = delete;
    Janitor& operator=(const Janitor&) = delete;

    /// One pass over every tenant; failures of one step are logged and counted, never thrown.
    JanitorReport runOnce();
    /// One pass over one tenant only (tests; other tenants' data is not touched, except for
    /// `.partial` files, which are only ever those of crashed uploads).
    JanitorReport runTenant(const Tenant& tenant);
    /// Only the staging tables and superseded batches of every tenant (quick: at each start,
    /// after crash recovery).
    JanitorReport dropOrphanedStaging();

    /// Runs a pass now and then every interval on a thread of its own until stop().
    void start();
    /// Stops the thread; a pass in progress ends after its current step.
    void stop();

    /// Totals since start, in the Prometheus text format (for GET /metrics).
    std::string metrics() const;

private:
    Database& m_db;
    Warehouse& m_warehouse;
    UploadStore& m_uploads;
    JanitorOptions m_options;

    std::mutex m_passMutex;              // one pass at a time
    const Tenant* m_passOnly = nullptr;  // the pass's one tenant (runTenant), under m_passMutex
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
    JanitorReport m_totals;
    std::uint64_t m_passes = 0;
    double m_lastPassSeconds = 0;

    bool stopping() const;
    JanitorReport pass(const Tenant* only);
    void tenantPass(const Tenant& tenant, JanitorReport& report);
    void dropStaging(const Tenant& tenant, JanitorReport& report);
    void dropSupersededBatches(const Tenant& tenant, JanitorReport& report);
    void removeOrphanFiles(const Tenant& tenant, JanitorReport& report);
    void purgeFindings(const Tenant& tenant, JanitorReport& report);
    void purgeUploads(const Tenant& tenant, JanitorReport& report);
    void compressUploads(const Tenant& tenant, JanitorReport& report);
    bool anySyncRunning();
};

}  // namespace findata::agent
