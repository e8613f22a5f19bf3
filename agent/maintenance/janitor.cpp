// The janitor's passes (see janitor.h): staging tables, stray files, expired findings and
// superseded uploads, per tenant, each step on its own so one failure leaves the rest done.

#include "agent/maintenance/janitor.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string_view>
#include <vector>

#include "agent/store/livebatches.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/sync/syncengine.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/logging.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

// The sync key of a staging table name, or empty when it is not one.
std::string keyOfStagingTable(std::string_view table) {
    for (const std::string_view stem : {"staging_credit_", "staging_payment_"})
        if (table.substr(0, stem.size()) == stem) return std::string(table.substr(stem.size()));
    return {};
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

}  // namespace

JanitorReport& JanitorReport::operator+=(const JanitorReport& o) {
    stagingTables += o.stagingTables;
    batches += o.batches;
    partialFiles += o.partialFiles;
    orphanFiles += o.orphanFiles;
    syncsPurged += o.syncsPurged;
    findings += o.findings;
    rejectedRows += o.rejectedRows;
    uploads += o.uploads;
    bytesFreed += o.bytesFreed;
    compressedUploads += o.compressedUploads;
    compressionsDeferred += o.compressionsDeferred;
    failures += o.failures;
    return *this;
}

bool JanitorReport::empty() const {
    return stagingTables == 0 && batches == 0 && partialFiles == 0 && orphanFiles == 0 &&
           syncsPurged == 0 && uploads == 0 && compressedUploads == 0 && failures == 0;
}

Janitor::Janitor(Database& db, Warehouse& warehouse, UploadStore& uploads, JanitorOptions options)
    : m_db(db), m_warehouse(warehouse), m_uploads(uploads), m_options(options) {}

Janitor::~Janitor() {
    stop();
}

bool Janitor::stopping() const {
    const std::lock_guard lock(m_mutex);
    return m_stopping;
}

JanitorReport Janitor::runOnce() {
    return pass(nullptr);
}

JanitorReport Janitor::runTenant(const Tenant& tenant) {
    return pass(&tenant);
}

JanitorReport Janitor::pass(const Tenant* only) {
    const std::lock_guard passLock(m_passMutex);
    const auto started = SteadyClock::now();
    auto log = logger("janitor");
    JanitorReport report;
    m_passOnly = only;
    report.partialFiles = m_uploads.removeLeftovers();
    if (only) {
        tenantPass(*only, report);
    } else {
        std::vector<Tenant> tenants;
        try {
            tenants = TenantRepository(m_db).list();
        } catch (const std::exception& e) {
            log->warn("janitor pass skipped: tenants unavailable: {}", e.what());
            ++report.failures;
        }
        for (const auto& tenant : tenants) {
            if (stopping()) break;
            tenantPass(tenant, report);
        }
    }
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
    {
        const std::lock_guard lock(m_mutex);
        m_totals += report;
        ++m_passes;
        m_lastPassSeconds = seconds;
    }
    const auto level = report.empty() ? spdlog::level::debug : spdlog::level::info;
    log->log(level,
             "janitor pass in {:.2f} s: {} staging tables and {} superseded batches dropped, {} "
             "partial and {} orphaned "
             "files removed, findings of {} syncs deleted ({} findings, {} rejected rows), {} "
             "superseded uploads deleted, {} of files freed, {} uploads compressed ({} deferred){}",
             seconds, report.stagingTables, report.batches, report.partialFiles, report.orphanFiles,
             report.syncsPurged, report.findings, report.rejectedRows, report.uploads,
             megabytes(report.bytesFreed), report.compressedUploads, report.compressionsDeferred,
             report.failures ? ", " + std::to_string(report.failures) + " steps failed" : "");
    return report;
}

JanitorReport Janitor::dropOrphanedStaging() {
    const std::lock_guard passLock(m_passMutex);
    JanitorReport report;
    for (const auto& tenant : TenantRepository(m_db).list()) {
        dropStaging(tenant, report);
        dropSupersededBatches(tenant, report);
    }
    if (report.stagingTables > 0 || report.batches > 0)
        logger("janitor")->info("dropped {} leftover staging tables and {} superseded batches",
                                report.stagingTables, report.batches);
    const std::lock_guard lock(m_mutex);
    m_totals += report;
    return report;
}

void Janitor::tenantPass(const Tenant& tenant, JanitorReport& report) {
    // Each step on its own: ClickHouse down must not stop the PostgreSQL and disk work.
    using Step = void (Janitor::*)(const Tenant&, JanitorReport&);
    for (const Step step :
         {&Janitor::dropStaging, &Janitor::dropSupersededBatches, &Janitor::removeOrphanFiles,
          &Janitor::purgeFindings, &Janitor::purgeUploads, &Janitor::compressUploads}) {
        if (stopping()) return;
        try {
            (this->*step)(tenant, report);
        } catch (const std::exception& e) {
            logger("janitor")->warn("tenant {}: {}", tenant.id, e.what());
            ++report.failures;
        }
    }
}

void Janitor::dropStaging(const Tenant& tenant, JanitorReport& report) {
    const std::string& database = tenant.warehouseDatabase;
    // Tables first, then the running syncs: a sync writes its log before its staging tables,
    // so a table listed here whose sync runs is always among the running listed after.
    const auto tables = m_warehouse.stagingTables(database);
    if (tables.empty()) return;
    std::set<std::string> running;
    for (const auto& sync : SyncLogRepository(m_db, tenant.schema).unfinished())
        running.insert(stagingKey(sync.id));
    std::set<std::string> dropped;
    for (const auto& table : tables) {
        const std::string key = keyOfStagingTable(table);
        if (key.empty() || running.count(key) || dropped.count(key)) continue;
        m_warehouse.dropStaging(database, key);
        dropped.insert(key);
        logger("janitor")->info("tenant {}: dropped staging tables of sync {} (not running)",
                                tenant.id, key);
    }
    for (const auto& table : tables)
        if (dropped.count(keyOfStagingTable(table))) ++report.stagingTables;
}

void Janitor::dropSupersededBatches(const Tenant& tenant, JanitorReport& report) {
    const std::string& database = tenant.warehouseDatabase;
    // Partitions first, then what PostgreSQL keeps: a sync writes its log before its batch, and
    // publishes it in the transaction that ends the log, so a batch listed here that must stay
    // is either live or a running sync's in what is read after.
    const auto stored = m_warehouse.batches(database);
    if (stored.empty()) return;
    const auto live = LiveBatchRepository(m_db, tenant.schema).load();
    std::set<std::string> running;
    for (const auto& sync : SyncLogRepository(m_db, tenant.schema).unfinished())
        running.insert(sync.batchId);
    for (const auto& batch : stored) {
        if (live.isLive(batch.file, batch.loanType, batch.batchId) || running.count(batch.batchId))
            continue;
        m_warehouse.dropBatch(database, batch.file, batch.loanType, batch.batchId);
        ++report.batches;
        logger("janitor")->info("tenant {}: dropped superseded {} {} batch {} ({} rows)", tenant.id,
                                core::toText(batch.loanType), core::toText(batch.file),
                                batch.batchId, batch.rows);
    }
}

void Janitor::removeOrphanFiles(const Tenant& tenant, JanitorReport& report) {
    const fs::path dir = m_uploads.directory() / tenant.id;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    // Listed before the records are read: a file committed later is not considered at all.
    struct Candidate {
        fs::path path;
        std::uint64_t bytes;
    };
    std::vector<Candidate> candidates;
    const auto cutoff = fs::file_time_type::clock::now() - m_options.orphanFileGrace;
    for (fs::recursive_directory_iterator
             it(dir, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code fileError;
        if (name.empty() || name[0] == '.' || !it->is_regular_file(fileError) ||
            it->is_symlink(fileError))
            continue;  // '.'-names are uploads in progress: removeLeftovers() decides on them
        const auto modified = it->last_write_time(fileError);
        if (fileError || modified > cutoff) continue;
        candidates.push_back({it->path().lexically_normal(), it->file_size(fileError)});
    }
    if (candidates.empty()) return;
    std::set<std::string> recorded;
    for (const auto& path : UploadRepository(m_db, tenant.schema).paths())
        recorded.insert(fs::path(path).lexically_normal().string());
    for (const auto& c : candidates) {
        if (recorded.count(c.path.string())) continue;
        if (m_uploads.remove(c.path)) {
            ++report.orphanFiles;
            report.bytesFreed += c.bytes;
            logger("janitor")->info("tenant {}: removed staged file {} ({}): no upload record",
                                    tenant.id, c.path.string(), megabytes(c.bytes));
        }
    }
}

void Janitor::purgeFindings(const Tenant& tenant, JanitorReport& report) {
    SyncLogRepository logs(m_db, tenant.schema);
    const auto cutoff = std::chrono::system_clock::now() - m_options.findingsRetention;
    const auto expired = logs.findingsOlderThan(cutoff);
    if (expired.empty()) return;
    // The findings of the syncs that loaded the live package are always kept.
    std::set<std::string> live;
    for (const auto& upload : UploadRepository(m_db, tenant.schema).live())
        if (upload.syncId) live.insert(*upload.syncId);
    for (const auto& id : expired) {
        if (stopping()) return;
        if (live.count(id)) continue;
        const auto purged = logs.purgeFindings(id);
        ++report.syncsPurged;
        report.findings += purged.findings;
        report.rejectedRows += purged.rejectedRows;
        logger("janitor")->debug("tenant {}: sync {}: {} findings and {} rejected rows deleted",
                                 tenant.id, id, purged.findings, purged.rejectedRows);
    }
}

void Janitor::purgeUploads(const Tenant& tenant, JanitorReport& report) {
    UploadRepository uploads(m_db, tenant.schema);
    const auto cutoff = std::chrono::system_clock::now() - m_options.uploadRetention;
    // No sync lock is taken (it would make a sync or crash recovery starting meanwhile see a
    // sync running): each record goes in one statement that checks again that it is not
    // STAGED, live or read by an unfinished sync. A sync can only pick a STAGED upload; were one
    // superseded in the instant between the sync picking it and writing its log, and deleted
    // then, that sync fails on the missing file and the newer upload is synced next.
    for (const auto loanType : core::kLoanTypes) {
        for (const auto& upload : uploads.superseded(loanType, cutoff)) {
            if (stopping()) return;
            // The record first: a file left behind is an orphan the next pass removes.
            if (!uploads.eraseSuperseded(upload.id)) continue;
            ++report.uploads;
            if (upload.status == UploadStatus::Deleted) continue;  // its file went with it
            try {
                if (m_uploads.remove(upload.path)) report.bytesFreed += upload.storedBytes;
            } catch (const std::exception& e) {
                logger("janitor")->warn("tenant {}: upload {}: {}", tenant.id, upload.id, e.what());
                ++report.failures;
            }
        }
    }
}

bool Janitor::anySyncRunning() {
    // A pass over one tenant (tests) looks at that tenant only.
    if (m_passOnly) return !SyncLogRepository(m_db, m_passOnly->schema).unfinished().empty();
    for (const auto& tenant : TenantRepository(m_db).list())
        if (!SyncLogRepository(m_db, tenant.schema).unfinished().empty()) return true;
    return false;
}

void Janitor::compressUploads(const Tenant& tenant, JanitorReport& report) {
    UploadRepository uploads(m_db, tenant.schema);
    const DiskBudget disk(m_uploads.directory(), m_options.diskReserve);
    for (;;) {
        const auto batch = uploads.toCompress(16);
        if (batch.empty()) return;
        std::size_t done = 0;
        for (const auto& upload : batch) {
            if (stopping()) return;
            // Looked at before each file: a sync takes a few seconds to start, a file as long
            // to compress (0.9 CPU-s per 160 MB), so at most one runs beside a starting sync.
            if (anySyncRunning()) {
                ++report.compressionsDeferred;
                logger("janitor")->debug("tenant {}: compression deferred: a sync is running",
                                         tenant.id);
                return;
            }
            try {
                const auto room = disk.status();
                const auto staged = m_uploads.compress(upload.path, upload.sha256, room.headroom());
                if (uploads.setStoredFile(upload.id, upload.path, staged.path.string(),
                                          staged.storedBytes)) {
                    ++done;
                    ++report.compressedUploads;
                    logger("janitor")->info("tenant {}: upload {} compressed: {} → {}", tenant.id,
                                            upload.id, megabytes(upload.sizeBytes),
                                            megabytes(staged.storedBytes));
                } else {
                    m_uploads.remove(staged.path);  // deleted or replaced meanwhile
                }
            } catch (const std::exception& e) {
                // The file as sent stays as it is: a missing or corrupt one is what the sync
                // reading it reports; no room (the reserve, a full disk) is retried next pass.
                logger("janitor")->warn("tenant {}: upload {} not compressed, kept as sent: {}",
                                        tenant.id, upload.id, e.what());
                ++report.compressionsDeferred;
                ++report.failures;
            }
        }
        if (done == 0) return;  // only failures left: the next pass tries again
    }
}

void Janitor::start() {
    m_thread = std::thread([this] {
        // Housekeeping (compression above all) yields to syncs and requests: the lowest CPU
        // priority and the idle I/O class, for this thread only (Linux: a thread's own nice).
        const auto self = static_cast<id_t>(::syscall(SYS_gettid));
        ::setpriority(PRIO_PROCESS, self, 19);
        constexpr int kIoprioClassIdle = 3, kIoprioClassShift = 13, kIoprioWhoProcess = 1;
        ::syscall(SYS_ioprio_set, kIoprioWhoProcess, static_cast<int>(self),
                  kIoprioClassIdle << kIoprioClassShift);
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            try {
                runOnce();
            } catch (const std::exception& e) {
                logger("janitor")->error("janitor pass failed: {}", e.what());
            }
            lock.lock();
            if (m_options.interval.count() <= 0) break;
            m_wake.wait_for(lock, m_options.interval, [&] { return m_stopping; });
        }
    });
}

void Janitor::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

std::string Janitor::metrics() const {
    const std::lock_guard lock(m_mutex);
    std::string out =
        "# HELP findata_janitor_passes_total Housekeeping passes run.\n"
        "# TYPE findata_janitor_passes_total counter\n"
        "findata_janitor_passes_total " +
        std::to_string(m_passes) +
        "\n# HELP findata_janitor_last_pass_seconds Duration of the last housekeeping pass.\n"
        "# TYPE findata_janitor_last_pass_seconds gauge\n"
        "findata_janitor_last_pass_seconds " +
        std::to_string(m_lastPassSeconds) +
        "\n# HELP findata_janitor_removed_total What housekeeping removed, by kind.\n"
        "# TYPE findata_janitor_removed_total counter\n";
    const std::pair<const char*, std::uint64_t> removed[] = {
        {"staging_tables", m_totals.stagingTables},
        {"batches", m_totals.batches},
        {"partial_files", m_totals.partialFiles},
        {"orphan_files", m_totals.orphanFiles},
        {"findings", m_totals.findings},
        {"rejected_rows", m_totals.rejectedRows},
        {"uploads", m_totals.uploads}};
    for (const auto& [what, count] : removed)
        out += std::string("findata_janitor_removed_total{what=\"") + what + "\"} " +
               std::to_string(count) + "\n";
    out +=
        "# HELP findata_janitor_freed_bytes_total Bytes of files housekeeping deleted.\n"
        "# TYPE findata_janitor_freed_bytes_total counter\n"
        "findata_janitor_freed_bytes_total " +
        std::to_string(m_totals.bytesFreed) +
        "\n# HELP findata_janitor_compressed_uploads_total Upload files compressed after their "
        "sync.\n"
        "# TYPE findata_janitor_compressed_uploads_total counter\n"
        "findata_janitor_compressed_uploads_total " +
        std::to_string(m_totals.compressedUploads) +
        "\n# HELP findata_janitor_compressions_deferred_total Upload files left as sent by a "
        "pass (a sync was running, no room above the disk reserve, or an error): retried.\n"
        "# TYPE findata_janitor_compressions_deferred_total counter\n"
        "findata_janitor_compressions_deferred_total " +
        std::to_string(m_totals.compressionsDeferred) +
        "\n# HELP findata_janitor_failures_total Housekeeping steps that failed (retried).\n"
        "# TYPE findata_janitor_failures_total counter\n"
        "findata_janitor_failures_total " +
        std::to_string(m_totals.failures) + "\n";
    return out;
}

}  // namespace findata::agent
