#include "agent/sync/syncengine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <thread>

#include "agent/uploads/uploadstore.h"
#include "agent/store/auditlog.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclock.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/util/logging.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/warehouse.h"
#include "core/fileprocessor.h"

namespace findata::agent {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kInsertChunkBytes = 1 << 20;

// Staging tables are named after the sync: its uuid without dashes.
std::string stagingKey(std::string_view syncId) {
    std::string key;
    for (const char c : syncId)
        if (c != '-') key.push_back(c);
    return key;
}

std::string percent(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %%", ratio * 100.0);
    return text;
}

FileCounts countsOf(const core::FileSummary& s) {
    return FileCounts{s.rowsRead, s.rowsAccepted, s.rowsRejected};
}

// Reports rows processed to the sync log and the caller about once a second.
class ProgressTicker final {
public:
    ProgressTicker(SyncLogRepository& logs, std::string syncId,
                   const SyncEngine::ProgressCallback& callback)
        : m_logs(logs), m_syncId(std::move(syncId)), m_callback(callback) {}

    void stage(SyncStatus stage) {
        m_stage = stage;
        report();
    }
    void tick() {
        if ((++m_rows & 0x3FFF) != 0) return;
        if (Clock::now() - m_last >= std::chrono::seconds(1)) report();
    }
    std::uint64_t rows() const { return m_rows; }

private:
    void report() {
        m_last = Clock::now();
        SyncLogUpdate update;
        update.progressRows = m_rows;
        if (m_stage != m_reportedStage) update.status = m_stage;
        m_reportedStage = m_stage;
        m_logs.update(m_syncId, update);
        if (m_callback) m_callback(SyncProgress{m_syncId, m_stage, m_rows});
    }

    SyncLogRepository& m_logs;
    std::string m_syncId;
    const SyncEngine::ProgressCallback& m_callback;
    SyncStatus m_stage = SyncStatus::Started;
    SyncStatus m_reportedStage = SyncStatus::Started;
    std::uint64_t m_rows = 0;
    Clock::time_point m_last = Clock::now();
};

// Where every row of one file goes during a sync: accepted rows into the staging table as
// RowBinary, rejected rows and all findings into PostgreSQL.
class StagingSink final : public core::RowSink {
public:
    StagingSink(core::FileType file, const RowBinaryEncoder& encoder, InsertStream& insert,
                ValidationErrorWriter& errors, RejectedRowWriter& rejected,
                ProgressTicker& progress)
        : m_file(file),
          m_encoder(encoder),
          m_insert(insert),
          m_errors(errors),
          m_rejected(rejected),
          m_progress(progress) {
        m_buffer.reserve(kInsertChunkBytes + 4096);
    }

    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row, m_buffer);
        if (m_buffer.size() >= kInsertChunkBytes) flush();
        m_progress.tick();
    }
    void rejectedRow(const core::CsvRecord& record,
                     std::span<const core::Finding> findings) override {
        std::string reasons;
        for (const auto& f : findings) {
            if (f.severity != core::Severity::Error) continue;
            if (!reasons.empty()) reasons += "; ";
            reasons += f.message;
        }
        m_rejected.add(m_file, record.line, record.raw, reasons);
        m_progress.tick();
    }
    void finding(const core::Finding& f) override { m_errors.add(m_file, f); }

    void flush() {
        if (m_buffer.empty()) return;
        m_insert.write(m_buffer);
        m_buffer.clear();
    }

private:
    core::FileType m_file;
    const RowBinaryEncoder& m_encoder;
    InsertStream& m_insert;
    ValidationErrorWriter& m_errors;
    RejectedRowWriter& m_rejected;
    ProgressTicker& m_progress;
    std::string m_buffer;
};

// Measures the stages of one sync for the sync log's stage_timings.
class StageClock final {
public:
    void start(SyncStatus stage) {
        stop();
        m_stage = stage;
        m_started = Clock::now();
        m_running = true;
    }
    void stop() {
        if (!m_running) return;
        m_timings[std::string(toText(m_stage))] =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_started).count();
        m_running = false;
    }
    const nlohmann::json& timings() const { return m_timings; }

private:
    SyncStatus m_stage = SyncStatus::Started;
    Clock::time_point m_started;
    bool m_running = false;
    nlohmann::json m_timings = nlohmann::json::object();
};

// A failure that ends a sync with a message for the operator (not a crash of the agent).
class SyncFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace

void faultPoint(std::string_view point) {
    const char* fault = std::getenv("FINDATA_FAULT");
    if (!fault || std::string_view(fault) != "pause:" + std::string(point)) return;
    logger("sync")->warn("FINDATA_FAULT: pausing at {} for a crash test", point);
    std::this_thread::sleep_for(std::chrono::hours(1));
}

SyncEngine::SyncEngine(Database& db, Warehouse& warehouse, UploadStore& uploads,
                       std::chrono::hours rejectedRowRetention)
    : m_db(db),
      m_warehouse(warehouse),
      m_uploads(uploads),
      m_rejectedRowRetention(rejectedRowRetention) {}

SyncLog SyncEngine::run(const SyncRequest& request, const ProgressCallback& callback) {
    const auto loanTypeText = std::string(core::toText(request.loanType));
    TenantRepository tenants(m_db);
    const auto tenant = tenants.find(request.tenantId);
    if (!tenant) throw StoreError(StoreError::Kind::NotFound, "no tenant " + request.tenantId);

    auto lock = SyncLock::tryAcquire(m_db, tenant->id, request.loanType);
    SyncLogRepository logs(m_db, tenant->schema);
    if (!lock) {
        std::string running;
        for (const auto& log : logs.unfinished())
            if (log.loanType == request.loanType) running = log.id;
        throw SyncBusy("a " + loanTypeText + " sync of " + tenant->id + " is already running",
                       running);
    }

    UploadRepository uploads(m_db, tenant->schema);
    const auto credit = uploads.latestStaged(request.loanType, core::FileType::Credit);
    const auto payment = uploads.latestStaged(request.loanType, core::FileType::PaymentPlan);
    if (!credit && !payment)
        throw NothingStaged("nothing is staged for " + tenant->id + " " + loanTypeText);

    SyncConfigRepository configs(m_db, tenant->schema);
    const double threshold = configs.get(request.loanType).value_or(SyncConfig{}).rejectThreshold;

    NewSyncLog fresh;
    fresh.loanType = request.loanType;
    fresh.trigger = request.trigger;
    fresh.actor = request.actor;
    if (credit) fresh.creditUploadId = credit->id;
    if (payment) fresh.paymentUploadId = payment->id;
    const SyncLog started = logs.create(fresh);
    const std::string& syncId = started.id;
    const std::string key = stagingKey(syncId);
    const std::string& database = tenant->warehouseDatabase;
    auto log = logger("sync");
    log->info("sync {} started: tenant {} {} ({}{}{})", syncId, tenant->id, loanTypeText,
              credit ? "credit" : "", credit && payment ? " + " : "",
              payment ? "payment plan" : "");

    ProgressTicker progress(logs, syncId, callback);
    StageClock clock;
    SyncLogUpdate result;
    core::FileSummary creditSummary, paymentSummary;
    bool stagingCreated = false;
    std::optional<ValidationErrorWriter> findingWriter;
    std::optional<RejectedRowWriter> rejectedWriter;
    try {
        RejectedRowRepository(m_db, tenant->schema).purgeExpired(std::chrono::system_clock::now());

        clock.start(SyncStatus::Fetching);
        progress.stage(SyncStatus::Fetching);
        m_warehouse.ensureTenant(database);
        core::LoanSet liveCredits;
        if (!credit) m_warehouse.liveLoans(database, request.loanType, liveCredits);

        clock.start(SyncStatus::Validating);
        progress.stage(SyncStatus::Validating);
        m_warehouse.createStaging(database, key);
        stagingCreated = true;
        const auto loadedAt = static_cast<std::uint32_t>(
            std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
        findingWriter.emplace(m_db, tenant->schema, syncId);
        rejectedWriter.emplace(m_db, tenant->schema, syncId,
                               std::chrono::system_clock::now() + m_rejectedRowRetention);
        auto& errors = *findingWriter;
        auto& rejected = *rejectedWriter;

        // Streams one staged file through validation and normalization into its staging table;
        // a credit file hands back the loans it makes live.
        auto load = [&](core::FileType file, const Upload& upload, const core::LoanSet* knownLoans,
                        core::LoanSet* acceptedLoans) -> core::FileSummary {
            const RowBinaryEncoder encoder(file, request.loanType, started.batchId, loadedAt);
            auto insert = m_warehouse.insertStaging(database, file, key, encoder.columnList());
            StagingSink sink(file, encoder, *insert, errors, rejected, progress);
            core::FileProcessor processor(file, request.loanType, &sink);
            if (knownLoans) processor.setKnownLoans(knownLoans);
            m_uploads.read(upload.path, upload.sha256,
                           [&](std::string_view chunk) { processor.feed(chunk); });
            const core::FileSummary summary = processor.finish();
            sink.flush();
            if (summary.refused) {
                insert->abort();
                throw SyncFailure(std::string(core::toText(file)) + " file " + upload.originalName +
                                  " refused: " + summary.refusal);
            }
            insert->finish();
            if (acceptedLoans) *acceptedLoans = processor.takeAcceptedLoans();
            return summary;
        };

        // The payment plan is checked against the credits that will be live after this sync.
        core::LoanSet packageCredits;
        if (credit) creditSummary = load(core::FileType::Credit, *credit, nullptr, &packageCredits);
        if (payment)
            paymentSummary = load(core::FileType::PaymentPlan, *payment,
                                  credit ? &packageCredits : &liveCredits, nullptr);

        result.credit = countsOf(creditSummary);
        result.payment = countsOf(paymentSummary);
        result.warnings = creditSummary.warningCount + paymentSummary.warningCount;
        result.errors = creditSummary.errorCount + paymentSummary.errorCount;
        errors.finish();
        rejected.finish();

        clock.start(SyncStatus::Normalizing);
        progress.stage(SyncStatus::Normalizing);
        for (const auto& [file, summary, present] :
             {std::tuple{core::FileType::Credit, &creditSummary, credit.has_value()},
              std::tuple{core::FileType::PaymentPlan, &paymentSummary, payment.has_value()}}) {
            if (!present) continue;
            if (summary->rejectedRatio() > threshold)
                throw SyncFailure("rejected " + percent(summary->rejectedRatio()) + " of " +
                                  std::string(core::toText(file)) + " rows (" +
                                  std::to_string(summary->rowsRejected) + " of " +
                                  std::to_string(summary->rowsRead) + "), over the limit of " +
                                  percent(threshold) + "; the warehouse keeps its old data");
            const auto staged = m_warehouse.stagingRowCount(database, file, key);
            if (staged != summary->rowsAccepted)
                throw SyncFailure("staging table of the " + std::string(core::toText(file)) +
                                  " file holds " + std::to_string(staged) + " rows, expected " +
                                  std::to_string(summary->rowsAccepted));
        }

        clock.start(SyncStatus::Storing);
        progress.stage(SyncStatus::Storing);
        faultPoint("STORING");
        // PostgreSQL restarted under us: another agent may hold the lock now.
        if (!lock->isHeld()) throw SyncFailure("lost the sync lock (PostgreSQL restarted?)");
        SyncLogUpdate swap;
        swap.swapStarted = true;
        logs.update(syncId, swap);
        if (credit)
            m_warehouse.replacePartition(database, core::FileType::Credit, request.loanType, key);
        faultPoint("SWAP");
        if (payment)
            m_warehouse.replacePartition(database, core::FileType::PaymentPlan, request.loanType,
                                         key);
        m_warehouse.dropStaging(database, key);
        stagingCreated = false;
        clock.stop();

        result.stageTimings = clock.timings();
        logs.finish(syncId, SyncStatus::Completed, result);
        if (credit) uploads.markSynced(credit->id, syncId);
        if (payment) uploads.markSynced(payment->id, syncId);
        configs.recordResult(request.loanType, SyncStatus::Completed,
                             std::chrono::system_clock::now());
        AuditLog(m_db, tenant->schema)
            .record(request.actor, "sync.completed",
                    {{"sync_id", syncId},
                     {"loan_type", loanTypeText},
                     {"rows_loaded", creditSummary.rowsAccepted + paymentSummary.rowsAccepted},
                     {"rows_rejected", creditSummary.rowsRejected + paymentSummary.rowsRejected}});
        log->info("sync {} COMPLETED: credit {}/{} loaded, payment {}/{} loaded", syncId,
                  creditSummary.rowsAccepted, creditSummary.rowsRead, paymentSummary.rowsAccepted,
                  paymentSummary.rowsRead);
    } catch (const std::exception& e) {
        clock.stop();
        // The findings of a failed sync are kept too: they say why it failed.
        try {
            if (findingWriter) findingWriter->finish();
            if (rejectedWriter) rejectedWriter->finish();
        } catch (const std::exception& writeError) {
            log->warn("sync {}: findings not all stored: {}", syncId, writeError.what());
        }
        if (stagingCreated) {
            try {
                m_warehouse.dropStaging(database, key);
            } catch (const std::exception& dropError) {
                log->warn("sync {}: staging tables not dropped: {}", syncId, dropError.what());
            }
        }
        result.errorSummary = e.what();
        result.stageTimings = clock.timings();
        if (!result.credit) result.credit = countsOf(creditSummary);
        if (!result.payment) result.payment = countsOf(paymentSummary);
        logs.finish(syncId, SyncStatus::Failed, result);
        configs.recordResult(request.loanType, SyncStatus::Failed,
                             std::chrono::system_clock::now());
        AuditLog(m_db, tenant->schema)
            .record(request.actor, "sync.failed",
                    {{"sync_id", syncId}, {"loan_type", loanTypeText}, {"reason", e.what()}});
        log->error("sync {} FAILED: {}", syncId, e.what());
    }
    auto finished = logs.find(syncId);
    if (!finished) throw StoreError(StoreError::Kind::NotFound, "sync log " + syncId + " vanished");
    if (callback) callback(SyncProgress{syncId, finished->status, progress.rows()});
    return std::move(*finished);
}

std::vector<std::string> SyncEngine::recoverInterrupted() {
    std::vector<std::string> recovered;
    for (const auto& tenant : TenantRepository(m_db).list())
        recoverTenant(tenant, recovered);
    return recovered;
}

void SyncEngine::recoverTenant(const Tenant& tenant, std::vector<std::string>& recovered) {
    SyncLogRepository logs(m_db, tenant.schema);
    UploadRepository uploads(m_db, tenant.schema);
    auto log = logger("sync");
    for (const auto& listed : logs.unfinished()) {
        const auto lock = SyncLock::tryAcquire(m_db, tenant.id, listed.loanType);
        if (!lock) continue;  // another agent is running it
        // It may have finished between the listing and the lock: then there is nothing to do.
        const auto current = logs.find(listed.id);
        if (!current || isFinal(current->status)) continue;
        const SyncLog& sync = *current;
        const std::string key = stagingKey(sync.id);
        const std::string& database = tenant.warehouseDatabase;
        SyncLogUpdate last;
        bool completed = false;
        try {
            const auto tables = m_warehouse.stagingTables(database);
            const bool staged = std::any_of(tables.begin(), tables.end(), [&](const auto& t) {
                return t == stagingTable(core::FileType::Credit, key) ||
                       t == stagingTable(core::FileType::PaymentPlan, key);
            });
            if (sync.swapStarted) {
                // The swap began: finish it from the staging tables (or it had finished).
                if (staged) {
                    if (sync.creditUploadId)
                        m_warehouse.replacePartition(database, core::FileType::Credit,
                                                     sync.loanType, key);
                    if (sync.paymentUploadId)
                        m_warehouse.replacePartition(database, core::FileType::PaymentPlan,
                                                     sync.loanType, key);
                }
                completed = true;
                last.errorSummary =
                    "completed at restart: the agent stopped during the partition swap";
            } else {
                last.errorSummary = "interrupted: the agent stopped during " +
                                    std::string(toText(sync.status)) +
                                    "; the fact tables keep their previous data";
            }
            if (staged) m_warehouse.dropStaging(database, key);
        } catch (const std::exception& e) {
            log->error("recovery of sync {} ({}): {}", sync.id, tenant.id, e.what());
            continue;
        }
        logs.finish(sync.id, completed ? SyncStatus::Completed : SyncStatus::Failed, last);
        if (completed) {
            if (sync.creditUploadId) uploads.markSynced(*sync.creditUploadId, sync.id);
            if (sync.paymentUploadId) uploads.markSynced(*sync.paymentUploadId, sync.id);
        }
        SyncConfigRepository(m_db, tenant.schema)
            .recordResult(sync.loanType, completed ? SyncStatus::Completed : SyncStatus::Failed,
                          std::chrono::system_clock::now());
        log->warn("sync {} of {} {}: {}", sync.id, tenant.id, core::toText(sync.loanType),
                  *last.errorSummary);
        recovered.push_back(sync.id);
    }
}

}  // namespace findata::agent
