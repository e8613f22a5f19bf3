#include "agent/sync/syncengine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <string_view>
#include <thread>

#include "agent/profiling/batchprofile.h"
#include "agent/profiling/profilestore.h"
#include "agent/store/auditlog.h"
#include "agent/store/livebatches.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/syncfiles.h"
#include "agent/store/synclock.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/controltotals.h"
#include "agent/sync/correction.h"
#include "agent/sync/drift.h"
#include "agent/sync/livebatchcsv.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/logging.h"
#include "agent/warehouse/nativeblock.h"
#include "agent/warehouse/warehouse.h"
#include "core/fileprocessor.h"
#include "core/keyscreen.h"

namespace findata::agent {
namespace {

using Clock = std::chrono::steady_clock;
// Accepted rows go to ClickHouse in Native blocks of about this size (a few thousand rows).
constexpr std::size_t kInsertBlockBytes = 4 << 20;

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
        if (slowFault()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
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
// Native blocks, rejected rows and all findings into PostgreSQL.
class StagingSink final : public core::RowSink {
public:
    /// `lines`: the source line of each line of the input, when it is not the input's own: a
    /// live batch replayed (livebatchcsv.h; its rows, findings and rejected rows keep the lines
    /// of the batch, `findingsToo`), or a correction (its loaded rows stand for the original
    /// lines they correct; its findings and rejected rows are the correction file's).
    /// `acceptedLines`: a correction's, the lines of the input loaded.
    StagingSink(core::FileType file, NativeBlockEncoder& encoder, InsertStream& insert,
                ValidationErrorWriter& errors, RejectedRowWriter& rejected,
                ProgressTicker& progress, ControlTotalsAccumulator& totals,
                SourceLines* lines = nullptr, bool findingsToo = false,
                std::vector<std::uint64_t>* acceptedLines = nullptr)
        : m_file(file),
          m_encoder(encoder),
          m_insert(insert),
          m_errors(errors),
          m_rejected(rejected),
          m_progress(progress),
          m_totals(totals),
          m_lines(lines),
          m_findingLines(findingsToo ? lines : nullptr),
          m_acceptedLines(acceptedLines) {}

    void acceptedRow(const core::TypedRow& row, const core::CsvRecord& record) override {
        m_totals.add(row);
        m_encoder.append(row, m_lines ? m_lines->translate(row.line) : row.line);
        if (m_acceptedLines) m_acceptedLines->push_back(record.line);
        if (m_encoder.bytes() >= kInsertBlockBytes) flush();
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
        m_rejected.add(m_file, findingLine(record.line), record.raw, reasons);
        m_progress.tick();
    }
    void finding(const core::Finding& f) override {
        if (!m_findingLines) return m_errors.add(m_file, f);
        core::Finding at = f;
        at.line = findingLine(f.line);
        m_errors.add(m_file, at);
    }

    void flush() {
        m_encoder.finishBlock(m_buffer);
        if (m_buffer.empty()) return;
        const auto started = Clock::now();
        m_insert.write(m_buffer);
        m_inInsert += Clock::now() - started;
        m_buffer.clear();
    }
    /// Time spent handing blocks to the insert (waiting while ClickHouse is behind, mostly).
    Clock::duration inInsert() const { return m_inInsert; }

private:
    core::FileType m_file;
    NativeBlockEncoder& m_encoder;
    InsertStream& m_insert;
    ValidationErrorWriter& m_errors;
    RejectedRowWriter& m_rejected;
    ProgressTicker& m_progress;
    ControlTotalsAccumulator& m_totals;
    SourceLines* m_lines;
    SourceLines* m_findingLines;
    std::vector<std::uint64_t>* m_acceptedLines;  // a correction file's: the lines it loaded
    std::string m_buffer;
    Clock::duration m_inInsert{};

    std::uint64_t findingLine(std::uint64_t at) {
        return m_findingLines ? m_findingLines->translate(at) : at;
    }
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
    /// Records a step measured apart from the stages.
    void record(std::string_view step, std::chrono::milliseconds took) {
        m_timings[std::string(step)] = took.count();
    }

private:
    SyncStatus m_stage = SyncStatus::Started;
    Clock::time_point m_started;
    bool m_running = false;
    nlohmann::json m_timings = nlohmann::json::object();
};

// What a correction's merged batch is checked against: the live batch it merges with.
struct MergeExpectation {
    std::string liveSync;      // the sync whose batch is live
    ControlTotals liveBefore;  // that batch's totals, read back before the merge
    ControlTotals replaced;    // its rows whose keys the correction's accepted rows replace
};

// A failure that ends a sync with a message for the operator (not a crash of the agent).
class SyncFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// How long the calling thread has waited for a CPU while runnable (the kernel's schedstat; 0
// where the kernel does not keep it): what a busy machine adds to a sync's wall time.
std::chrono::nanoseconds threadRunQueueWait() {
    std::ifstream in("/proc/thread-self/schedstat");
    std::uint64_t running = 0, waiting = 0;
    in >> running >> waiting;
    return in ? std::chrono::nanoseconds(waiting) : std::chrono::nanoseconds(0);
}

// CPU time of the calling thread.
std::chrono::nanoseconds threadCpu() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace

std::string stagingKey(std::string_view syncId) {
    std::string key;
    for (const char c : syncId)
        if (c != '-') key.push_back(c);
    return key;
}

bool slowFault() {
    static const bool slow = [] {
        const char* fault = std::getenv("FINDATA_FAULT");
        return fault && std::string_view(fault) == "slow";
    }();
    return slow;
}

void faultPoint(std::string_view point) {
    const char* fault = std::getenv("FINDATA_FAULT");
    if (!fault || std::string_view(fault) != "pause:" + std::string(point)) return;
    logger("sync")->warn("FINDATA_FAULT: pausing at {} for a crash test", point);
    std::this_thread::sleep_for(std::chrono::hours(1));
}

SyncEngine::SyncEngine(Database& db, Warehouse& warehouse, UploadStore& uploads, Limits limits,
                       const core::Catalog& catalog)
    : m_db(db), m_warehouse(warehouse), m_uploads(uploads), m_limits(limits), m_catalog(catalog) {}

// One sync from its log's creation to its end: each stage of the state machine in syncengine.h
// is one method, and every failure ends in fail().
class SyncEngine::Run final {
public:
    Run(SyncEngine& engine, const SyncRequest& request, const Tenant& tenant, SyncLock& lock,
        Package package, double rejectThreshold, const ProgressCallback& callback)
        : m_engine(engine),
          m_request(request),
          m_tenant(tenant),
          m_lock(lock),
          m_credit(std::move(package.credit)),
          m_payment(std::move(package.payment)),
          m_planRechecked(package.planRechecked),
          m_liveCredit(std::move(package.liveCredit)),
          m_livePlan(std::move(package.livePlan)),
          m_cannotRecheck(std::move(package.cannotRecheck)),
          m_period(std::move(package.period)),
          m_restates(std::move(package.restates)),
          m_corrections(std::move(package.corrections)),
          m_supersededCorrections(std::move(package.supersededCorrections)),
          m_threshold(rejectThreshold),
          m_rules(std::move(package.rules)),
          m_policyVersion(package.policyVersion),
          m_rollForward(std::move(package.rollForward)),
          m_logs(engine.m_db, tenant.schema),
          m_uploadRows(engine.m_db, tenant.schema),
          m_configs(engine.m_db, tenant.schema),
          m_loanType(core::toText(request.loanType)),
          m_started(create()),
          m_key(stagingKey(m_started.id)),
          m_progress(m_logs, m_started.id, callback),
          m_callback(callback) {}

    /// Runs the stages and returns the finished log (COMPLETED or FAILED).
    SyncLog execute() {
        try {
            fetch();
            validateAndNormalize();
            checkStaged();
            mergeCorrections();
            store();
            checkAgainstPrevious();
            complete();
        } catch (const std::exception& e) {
            fail(e.what());
        }
        auto finished = m_logs.find(id());
        if (!finished)
            throw StoreError(StoreError::Kind::NotFound, "sync log " + id() + " vanished");
        if (m_callback) m_callback(SyncProgress{id(), finished->status, m_progress.rows()});
        return std::move(*finished);
    }

private:
    const std::string& id() const { return m_started.id; }
    const std::string& batchId() const { return m_started.batchId; }
    const std::string& database() const { return m_tenant.warehouseDatabase; }

    SyncLog create() {
        NewSyncLog fresh;
        fresh.loanType = m_request.loanType;
        fresh.trigger = m_request.trigger;
        fresh.actor = m_request.actor;
        if (m_credit) fresh.creditUploadId = m_credit->id;
        if (m_payment) fresh.paymentUploadId = m_payment->id;
        fresh.period = m_period;
        fresh.restates = m_restates;
        fresh.policyVersion = m_policyVersion;
        SyncLog started = m_logs.create(fresh);
        linkCorrections(started.id);
        m_log->info("sync {} started: tenant {} {} period {} ({}{}{}{}){}", started.id, m_tenant.id,
                    m_loanType, m_period, m_credit ? "credit" : "",
                    m_credit && m_payment ? " + " : "", m_payment ? "payment plan" : "",
                    m_planRechecked ? " — the live payment plan, re-checked" : "",
                    m_restates ? "; restates " + m_period + ", replacing sync " + *m_restates
                               : std::string());
        return started;
    }

    void enter(SyncStatus stage) {
        m_clock.start(stage);
        m_progress.stage(stage);
    }

    // FETCHING: the tenant's warehouse exists; a plan that comes alone is checked against the
    // credits live now.
    void fetch() {
        enter(SyncStatus::Fetching);
        if (!m_cannotRecheck.empty()) throw SyncFailure(m_cannotRecheck);
        m_engine.m_warehouse.ensureTenant(database(), m_engine.m_catalog);
        if ((!m_credit || corrected(core::FileType::Credit)) && m_liveCredit)
            m_engine.m_warehouse.liveLoans(database(), m_request.loanType, m_liveCredit->batchId,
                                           m_liveCredits);
    }

    // VALIDATING: both files stream through validation and normalization into the staging
    // tables; findings and rejected rows go to PostgreSQL.
    void validateAndNormalize() {
        enter(SyncStatus::Validating);
        m_engine.m_warehouse.createStaging(database(), m_key);
        m_stagingCreated = true;
        m_loadedAt = static_cast<std::uint32_t>(
            std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
        const auto& limits = m_engine.m_limits;
        m_findings.emplace(m_engine.m_db, m_tenant.schema, id());
        m_findings->limitTo(limits.maxFindings);
        m_rejected.emplace(m_engine.m_db, m_tenant.schema, id(),
                           std::chrono::system_clock::now() + limits.findingsRetention);
        // A correction sync stores every rejected row, so each corrected row is either loaded
        // or rejected with its reasons: its rows are at most the original sync's stored rejected
        // rows (each corrects one), which the cap bounded already.
        if (m_corrections.empty()) m_rejected->limitTo(limits.maxRejectedRows);
        // The payment plan is checked against the credits that will be live after this sync.
        core::LoanSet packageCredits;
        if (m_credit)
            m_creditSummary = load(core::FileType::Credit, *m_credit, nullptr, &packageCredits);
        // Corrected credits are merged into the live ones: payments are checked against both.
        if (m_payment && corrected(core::FileType::Credit))
            addStagedLoans(m_engine.m_warehouse, database(), m_key, m_liveCredits);
        const core::LoanSet* planLoans =
            m_credit && !corrected(core::FileType::Credit) ? &packageCredits : &m_liveCredits;
        if (m_payment && m_planRechecked)
            m_paymentSummary = loadLivePlan(planLoans);
        else if (m_payment)
            m_paymentSummary = load(core::FileType::PaymentPlan, *m_payment, planLoans, nullptr);
        m_result.credit = countsOf(m_creditSummary);
        m_result.payment = countsOf(m_paymentSummary);
        m_result.warnings = m_creditSummary.warningCount + m_paymentSummary.warningCount;
        m_result.errors = m_creditSummary.errorCount + m_paymentSummary.errorCount;
        m_findings->finish();
        m_rejected->finish();
        recordOverflow();
    }

    // --- corrections of rejected rows (correction.h) ---------------------------------------

    const CorrectionUpload* correctionOf(core::FileType file) const {
        for (const auto& c : m_corrections)
            if (c.fileType == file) return &c;
        return nullptr;
    }
    bool corrected(core::FileType file) const { return correctionOf(file) != nullptr; }

    // The upload a live batch stands for: a merged correction keeps the delivered file's.
    std::optional<std::string> deliveredUpload(core::FileType file) const {
        if (!corrected(file)) return (file == core::FileType::Credit ? m_credit : m_payment)->id;
        const auto& live = file == core::FileType::Credit ? m_liveCredit : m_livePlan;
        return live ? live->uploadId : std::nullopt;
    }

    // In the new log: the sync it corrects, and the corrections a full delivery supersedes.
    void linkCorrections(const std::string& syncId) {
        if (m_corrections.empty() && m_supersededCorrections.empty()) return;
        RejectedReview review(m_engine.m_db, m_tenant.schema);
        std::string notes;
        for (const auto& c : m_supersededCorrections) {
            review.supersede(c.id, syncId);
            notes += (notes.empty() ? "" : "; ") + std::to_string(c.rows) + " corrected " +
                     std::string(core::toText(c.fileType)) + " rows of sync " + c.corrects +
                     " (upload " + c.id + ") superseded by the full delivery of this sync";
        }
        std::optional<std::string> corrects;
        if (!m_corrections.empty()) corrects = m_corrections.front().corrects;
        review.setLinks(syncId, corrects, notes);
    }

    // After the checks: each corrected file's staging table gets the live batch's other rows,
    // so the new batch = live rows except the corrected keys + the accepted corrected rows.
    // The merged batch's control totals are expected to be the live batch's (read back now),
    // minus its rows whose keys the correction replaces, plus the correction's accepted rows;
    // verifyTotals() compares them with the batch read back after the swap.
    void mergeCorrections() {
        for (const auto& c : m_corrections) {
            const auto& live = c.fileType == core::FileType::Credit ? m_liveCredit : m_livePlan;
            const auto loaded =
                std::find_if(m_loadedFiles.begin(), m_loadedFiles.end(),
                             [&](const LoadedFile& f) { return f.file == c.fileType; });
            if (loaded != m_loadedFiles.end() && live) {
                MergeExpectation merge;
                merge.liveSync = live->syncId;
                merge.liveBefore = m_engine.m_warehouse.batchTotals(
                    database(), c.fileType, m_request.loanType, live->batchId, m_engine.m_catalog);
                // Merging into a batch that no longer holds what its sync read back after its
                // swap would carry the damage on: the correction waits, the live data stays.
                if (const auto recorded = recordedTotals(live->syncId, c.fileType))
                    if (const auto difference = totalsDifference(*recorded, merge.liveBefore))
                        throw SyncFailure(
                            "the live " + std::string(core::toText(c.fileType)) +
                            " batch of sync " + live->syncId +
                            " no longer holds what that sync read back after its swap (" +
                            *difference + "); the corrected rows are not merged into it");
                merge.replaced =
                    replacedTotals(m_engine.m_warehouse, database(), c.fileType, m_request.loanType,
                                   live->batchId, m_key, m_engine.m_catalog);
                loaded->merge = std::move(merge);
            }
            const std::uint64_t merged =
                live ? mergeLiveRows(m_engine.m_warehouse, database(), c.fileType,
                                     m_request.loanType, live->batchId, batchId(), m_loadedAt,
                                     m_key, m_engine.m_catalog)
                     : 0;
            m_log->info("sync {}: {} corrected {} rows of sync {} merged with {} live rows", id(),
                        (c.fileType == core::FileType::Credit ? m_creditSummary : m_paymentSummary)
                            .rowsAccepted,
                        core::toText(c.fileType), c.corrects, merged);
        }
    }

    // Past the caps findings and rejected rows were only counted: the sync log says how many,
    // and which (file, field, rule) the findings were.
    void recordOverflow() {
        if (m_findings) {
            m_result.findingsNotStored = m_findings->notStored();
            if (m_findings->notStored() > 0) {
                m_result.findingsOverflow = m_findings->overflow();
                m_log->warn("sync {}: {} findings beyond the cap of {} were only counted", id(),
                            m_findings->notStored(), m_engine.m_limits.maxFindings);
            }
        }
        if (m_rejected) {
            m_result.rejectedRowsNotStored = m_rejected->notStored();
            if (m_rejected->notStored() > 0)
                m_log->warn("sync {}: {} rejected rows beyond the cap of {} were only counted",
                            id(), m_rejected->notStored(), m_engine.m_limits.maxRejectedRows);
        }
    }

    // Streams one upload into its staging table; a credit file hands back the loans it makes
    // live.
    core::FileSummary load(core::FileType file, const Upload& upload,
                           const core::LoanSet* knownLoans, core::LoanSet* acceptedLoans) {
        // A corrected row stands for the original line it corrects: the merged batch then
        // holds the delivered file's lines only, one row each.
        SourceLines lines;
        if (const auto* correction = correctionOf(file); correction && correction->id == upload.id)
            for (const auto& [line, original] :
                 RejectedReview(m_engine.m_db, m_tenant.schema).correctionLines(upload.id))
                lines.add(line, original);
        return process(file, upload, knownLoans, acceptedLoans, corrected(file) ? &lines : nullptr,
                       false, [&](const std::function<void(std::string_view)>& feed) {
                           m_engine.m_uploads.read(upload.path, upload.sha256, feed);
                       });
    }

    // The live payment plan re-checked against the new credits: the rows of its live batch —
    // which after a merged correction are no longer its delivered file's — replayed from the
    // warehouse in the layout of that file's header, each keeping its line, followed by the rows
    // of the delivered file whose key the batch lacks (livebatchcsv.h).
    core::FileSummary loadLivePlan(const core::LoanSet* knownLoans) {
        SourceLines lines;
        std::optional<std::string> header;
        if (m_payment->status != UploadStatus::Deleted) header = headerOf(*m_payment);
        // With its delivered file, the rows the live batch lacks (rejected then: a payment of a
        // credit live only now is accepted now) are checked too.
        const FileReader delivered = [&](const std::function<void(std::string_view)>& feed) {
            m_engine.m_uploads.read(m_payment->path, m_payment->sha256, feed);
        };
        if (!header)
            m_log->warn(
                "sync {}: the live payment plan's file (upload {}) is not readable: its "
                "live rows alone are re-checked",
                id(), m_payment->id);
        return process(core::FileType::PaymentPlan, *m_payment, knownLoans, nullptr, &lines, true,
                       [&](const std::function<void(std::string_view)>& feed) {
                           const auto counts = replayBatchAsCsv(
                               m_engine.m_warehouse.client(), database(),
                               core::FileType::PaymentPlan, m_request.loanType, m_livePlan->batchId,
                               header, m_rules.aliases, m_engine.m_catalog, lines, feed,
                               header ? &delivered : nullptr);
                           m_log->info(
                               "sync {}: the live payment plan (batch {} of sync {}: {} rows, and "
                               "{} rows of its file the batch lacks) re-checked against the new "
                               "credits",
                               id(), m_livePlan->batchId, m_livePlan->syncId, counts.batchRows,
                               counts.deliveredRows);
                       });
    }

    // The first line of a stored upload, or nullopt when it cannot be read.
    std::optional<std::string> headerOf(const Upload& upload) {
        std::string head;
        try {
            m_engine.m_uploads.read(
                upload.path, upload.sha256,
                std::function<bool(std::string_view)>([&](std::string_view c) {
                    head.append(c.substr(0, std::min<std::size_t>(c.size(), 1 << 20)));
                    return head.find('\n') == std::string::npos && head.size() < (1 << 20);
                }));
        } catch (const std::exception& e) {
            m_log->warn(
                "sync {}: header of upload {} unreadable ({}); the catalog's columns "
                "stand in for it",
                id(), upload.id, e.what());
            return std::nullopt;
        }
        const auto newline = head.find('\n');
        if (newline == std::string::npos) return std::nullopt;
        return head.substr(0, newline);
    }

    // Streams one file (`read` hands its bytes to the processor) into its staging table.
    core::FileSummary process(
        core::FileType file, const Upload& upload, const core::LoanSet* knownLoans,
        core::LoanSet* acceptedLoans, SourceLines* lines, bool linesOfFindingsToo,
        const std::function<void(const std::function<void(std::string_view)>&)>& read) {
        // A huge credit file whose loans no plan is checked against: its duplicates are screened
        // first (before the insert opens), so only the few loans that may repeat are kept
        // (keyscreen.h).
        const auto cpuStarted = threadCpu();
        const auto queueStarted = threadRunQueueWait();
        const auto wallStarted = Clock::now();
        const auto findingsWaited = m_findings->waited();
        core::HashSet screen;
        core::ValidationOptions rules = m_rules;
        if (file == core::FileType::Credit && !m_payment &&
            upload.sizeBytes > m_engine.m_limits.screenDuplicatesAboveBytes) {
            core::KeyScreenStats stats;
            const auto started = Clock::now();
            screen = core::screenDuplicateLoans(m_request.loanType, m_rules, m_engine.m_catalog,
                                                read, upload.sizeBytes / 100, &stats);
            rules.duplicateScreen = &screen;
            m_log->info(
                "sync {}: {} loan numbers screened for duplicates in {} ms ({} read(s)): {} "
                "may repeat",
                id(), stats.keys,
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                    .count(),
                stats.rounds, stats.screened);
        }
        NativeBlockEncoder encoder(file, m_request.loanType, m_started.batchId, m_loadedAt,
                                   m_engine.m_catalog);
        // The batch's profile from the blocks, on a thread of its own (batchprofile.h); a
        // corrected file's batch gets live rows merged in later: profiled from the warehouse.
        std::optional<profiling::BatchProfiler> profiler;
        if (!corrected(file) && m_engine.m_limits.profileBatches)
            profiler.emplace(file, m_request.loanType);
        std::unique_ptr<InsertStream> insert = m_engine.m_warehouse.insertStaging(
            database(), file, m_key, encoder.columnList(), "Native");
        if (profiler)
            insert =
                std::make_unique<profiling::ProfilingInsertStream>(std::move(insert), *profiler);
        auto& totals = file == core::FileType::Credit ? m_creditTotals : m_paymentTotals;
        StagingSink sink(file, encoder, *insert, *m_findings, *m_rejected, m_progress, totals,
                         lines, linesOfFindingsToo,
                         corrected(file) ? &m_acceptedLines[file] : nullptr);
        core::FileProcessor processor(file, m_request.loanType, &sink, rules, 20,
                                      m_engine.m_catalog);
        if (knownLoans) processor.setKnownLoans(knownLoans);
        read([&](std::string_view chunk) { processor.feed(chunk); });
        const core::FileSummary summary = processor.finish();
        sink.flush();
        // Where the validating thread's time went: its own CPU, and its waits for the two
        // databases (the insert's queue full, the findings' queue full).
        const auto ms = [](auto d) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
        };
        m_log->info(
            "sync {}: {} validated in {} ms: {} ms of CPU on the validating thread, {} ms "
            "waiting for a CPU, {} ms handing blocks to ClickHouse, {} ms waiting for "
            "PostgreSQL to store findings",
            id(), core::toText(file), ms(Clock::now() - wallStarted), ms(threadCpu() - cpuStarted),
            ms(threadRunQueueWait() - queueStarted), ms(sink.inInsert()),
            ms(m_findings->waited() - findingsWaited));
        if (summary.refused) {
            insert->abort();
            throw SyncFailure(std::string(core::toText(file)) + " file " + upload.originalName +
                              " refused: " + summary.refusal);
        }
        const auto finishing = Clock::now();
        insert->finish();
        m_log->info("sync {}: {} insert finished {} ms after the last block", id(),
                    core::toText(file), ms(Clock::now() - finishing));
        if (auto profile = profiler ? profiler->finish() : std::nullopt)
            if (profile->at("rows") == summary.rowsAccepted)
                m_profiles[file] = {std::move(*profile), profiler->state()};
        if (acceptedLoans) *acceptedLoans = processor.takeAcceptedLoans();
        const bool rechecked = file == core::FileType::PaymentPlan && m_planRechecked;
        recordFile(file, upload, summary, totals,
                   rechecked ? SyncFileSource::Live : SyncFileSource::Upload);
        return summary;
    }

    // The sync log's record of one loaded file: source, counts and its control totals.
    void recordFile(core::FileType file, const Upload& upload, const core::FileSummary& summary,
                    const ControlTotalsAccumulator& totals, SyncFileSource source) {
        SyncFileRecord record{id(),
                              file,
                              source,
                              upload.id,
                              upload.originalName,
                              upload.sizeBytes,
                              upload.sha256,
                              summary.rowsRead,
                              summary.rowsAccepted,
                              summary.rowsRejected,
                              toJson(totals.totals()),
                              std::nullopt};
        SyncFileRepository(m_engine.m_db, m_tenant.schema).record(record);
        m_loadedFiles.push_back({file, &totals, upload.originalName, std::nullopt});
    }

    // Right after the swap: the counts and amount sums of this sync's rows in the fact tables
    // (its batch) equal those of the rows accepted from each file; any difference fails the
    // sync, naming the file, the figure, the expected and the found value.
    void verifyTotals() {
        auto& warehouse = m_engine.m_warehouse;
        SyncFileRepository files(m_engine.m_db, m_tenant.schema);
        for (const auto& [file, totals, name, merge] : m_loadedFiles) {
            injectTotalsFault(warehouse, database(), file, m_request.loanType, m_started.batchId,
                              m_engine.m_catalog);
            const auto started = Clock::now();
            const ControlTotals fileTotals = totals->totals();
            const ControlTotals read = warehouse.batchTotals(database(), file, m_request.loanType,
                                                             m_started.batchId, m_engine.m_catalog);
            if (merge) {
                verifyMerged(file, name, fileTotals, read, *merge);
                continue;
            }
            const ControlTotals& expected = fileTotals;
            const ControlTotals found = alignTotals(read, expected);
            files.recordWarehouseTotals(id(), file, toJson(found));
            m_log->info(
                "sync {}: {} control totals read back in {} ms", id(), core::toText(file),
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                    .count());
            if (const auto difference = totalsDifference(expected, found))
                throw SyncFailure("control totals of the " + std::string(core::toText(file)) +
                                  " file " + name +
                                  " differ in the warehouse after the swap: " + *difference);
        }
    }

    // The control totals a sync read back of its batch of `file` after its swap (sync_files; a
    // merged batch's under "merged_batch"), when it recorded them.
    std::optional<ControlTotals> recordedTotals(const std::string& syncId, core::FileType file) {
        for (const auto& r : SyncFileRepository(m_engine.m_db, m_tenant.schema).forSync(syncId))
            if (r.fileType == file && r.totalsWarehouse) {
                const auto& w = *r.totalsWarehouse;
                return controlTotalsFromJson(w.contains("merged_batch") ? w.at("merged_batch") : w);
            }
        return std::nullopt;
    }

    // A merged batch: expected = live before − replaced + the correction's accepted rows. The
    // sync file's warehouse totals are the correction's share of the batch read back (found −
    // live before + replaced), so they compare with the file's totals like any file's; the
    // whole figures are kept next to them ("merged_batch", "live_before", "replaced").
    void verifyMerged(core::FileType file, const std::string& name, const ControlTotals& fileTotals,
                      const ControlTotals& read, const MergeExpectation& merge) {
        const ControlTotals expected = combinedTotals(merge.liveBefore, merge.replaced, fileTotals);
        const ControlTotals found = alignTotals(read, expected);
        const ControlTotals share =
            alignTotals(combinedTotals(found, merge.liveBefore, merge.replaced), fileTotals);
        auto record = toJson(share);
        record["merged_batch"] = toJson(found);
        record["live_before"] = toJson(alignTotals(merge.liveBefore, expected));
        record["replaced"] = toJson(alignTotals(merge.replaced, expected));
        record["live_sync"] = merge.liveSync;
        SyncFileRepository(m_engine.m_db, m_tenant.schema)
            .recordWarehouseTotals(id(), file, record);
        m_log->info(
            "sync {}: merged {} batch read back: {} rows = {} live (sync {}) - {} replaced "
            "+ {} corrected",
            id(), core::toText(file), found.rows, merge.liveBefore.rows, merge.liveSync,
            merge.replaced.rows, fileTotals.rows);
        if (const auto difference = totalsDifference(expected, found))
            throw SyncFailure("control totals of the merged " + std::string(core::toText(file)) +
                              " batch (the live batch of sync " + merge.liveSync + ": " +
                              std::to_string(merge.liveBefore.rows) + " rows, minus " +
                              std::to_string(merge.replaced.rows) +
                              " whose keys the correction replaces, plus the " +
                              std::to_string(fileTotals.rows) + " accepted rows of " + name +
                              ") differ in the warehouse after the swap: " + *difference);
    }

    // NORMALIZING: the rejection ratio is under the tenant's threshold and each staging table
    // holds exactly the accepted rows.
    void checkStaged() {
        enter(SyncStatus::Normalizing);
        const double threshold = m_threshold;
        for (const auto& [file, summary, present] :
             {std::tuple{core::FileType::Credit, &m_creditSummary, m_credit.has_value()},
              std::tuple{core::FileType::PaymentPlan, &m_paymentSummary, m_payment.has_value()}}) {
            if (!present) continue;
            const bool rechecked = file == core::FileType::PaymentPlan && m_planRechecked;
            if (summary->rejectedRatio() > threshold)
                throw SyncFailure("rejected " + percent(summary->rejectedRatio()) + " of " +
                                  std::string(core::toText(file)) +
                                  (rechecked ? " rows of the live plan re-checked against the "
                                               "new credits ("
                                             : " rows (") +
                                  std::to_string(summary->rowsRejected) + " of " +
                                  std::to_string(summary->rowsRead) + "), over the limit of " +
                                  percent(threshold) + "; the warehouse keeps its old data");
            const auto staged = m_engine.m_warehouse.stagingRowCount(database(), file, m_key);
            if (staged != summary->rowsAccepted)
                throw SyncFailure("staging table of the " + std::string(core::toText(file)) +
                                  " file holds " + std::to_string(staged) + " rows, expected " +
                                  std::to_string(summary->rowsAccepted));
        }
    }

    // STORING: the staging tables become this sync's batch — its own partition of each fact
    // table it loads. Readers do not see it until complete() publishes it; the live batches
    // stay as they are until then.
    void store() {
        enter(SyncStatus::Storing);
        faultPoint("STORING");
        // PostgreSQL restarted under us: another agent may hold the lock now.
        if (!m_lock.isHeld()) throw SyncFailure("lost the sync lock (PostgreSQL restarted?)");
        SyncLogUpdate swapStarted;
        swapStarted.swapStarted = true;
        m_logs.update(id(), swapStarted);
        m_batchWritten = true;
        auto& warehouse = m_engine.m_warehouse;
        if (m_credit)
            warehouse.replacePartition(database(), core::FileType::Credit, m_request.loanType,
                                       batchId(), m_key);
        faultPoint("SWAP");
        if (m_payment)
            warehouse.replacePartition(database(), core::FileType::PaymentPlan, m_request.loanType,
                                       batchId(), m_key);
        verifyTotals();
        warehouse.dropStaging(database(), m_key);
        m_stagingCreated = false;
        faultPoint("PUBLISH");
        m_clock.stop();
    }

    // The batches this sync is compared with. Today: what it supersedes, the package's live
    // batches. (With reporting periods: the previous period's live batches.)
    // What the checks compare with: the previous reporting period (the newest live one before
    // this sync's), else — the first period, or a restatement of the only one — the batches of
    // this period the sync replaces.
    PeriodBatches previousBatches() const {
        if (const auto previous = LiveBatchRepository(m_engine.m_db, m_tenant.schema)
                                      .previousPeriod(m_request.loanType, m_period))
            return {previous->period, previous->credit ? previous->credit->batchId : std::string(),
                    previous->payment ? previous->payment->batchId : std::string()};
        return {{},
                m_liveCredit ? m_liveCredit->batchId : std::string(),
                m_livePlan ? m_livePlan->batchId : std::string()};
    }

    // After STORING, before COMPLETED: the new credit batch against the previous one
    // (rollforward.h). Findings join the sync's; one of severity `error` fails the sync, so
    // the live data stays as it was. Nothing to compare without a new credit file or without
    // a previous one.
    void checkAgainstPrevious() {
        const PeriodBatches previous = previousBatches();
        // Both ends by their months when a previous period is compared, else by load days.
        const PeriodBatches current{previous.period.empty() ? std::string() : m_period,
                                    m_credit ? batchId() : previous.creditBatch,
                                    m_payment ? batchId() : previous.paymentBatch};
        const auto& policy = m_rollForward;
        auto& client = m_engine.m_warehouse.client();
        const auto started = Clock::now();
        std::uint64_t errors = 0, warnings = 0;
        std::map<std::string, std::uint64_t> failing;  // error findings per rule
        const auto add = [&](core::FileType file, const core::Finding& f) {
            m_findings->add(file, f);
            if (f.severity == core::Severity::Error) {
                ++errors;
                ++failing[f.type == core::ErrorType::Drift ? std::string(kDriftRule) : f.field];
            } else {
                ++warnings;
            }
        };
        // Drift of the credits (the payment plan's columns are not compared: scanning both
        // plans, several times the credits' rows, cost more than the sync's budget for these
        // checks) runs beside the roll-forward on connections of its own: the roll-forward's
        // joins build their hash tables on one thread each, the drift's scans use the rest.
        const bool compare = m_credit && !previous.creditBatch.empty();
        std::future<std::vector<ColumnDrift>> drifting;
        if (compare)
            drifting = std::async(std::launch::async, [&] {
                return computeDrift(client, database(), core::FileType::Credit, m_request.loanType,
                                    batchId(), previous.creditBatch, m_engine.m_catalog);
            });
        if (compare) {
            const auto result =
                runRollForward(client, database(), m_request.loanType, current, previous, policy,
                               [&](const core::Finding& f) { add(core::FileType::Credit, f); });
            std::string counts;
            for (const auto& [rule, count] : result.counts)
                counts += (counts.empty() ? "" : ", ") + rule + ": " + std::to_string(count);
            std::string took;
            for (const auto& [part, ms] : result.timings)
                took += (took.empty() ? "" : ", ") + part + " " + std::to_string(ms) + " ms";
            m_log->info("sync {}: roll-forward against batch {}: {} ({})", id(),
                        previous.creditBatch, counts.empty() ? "no findings" : counts, took);
        }
        const auto rolled = Clock::now();
        if (drifting.valid()) {
            const auto drift = drifting.get();
            storeDrift(m_engine.m_db, m_tenant.schema, id(), previous.creditBatch, drift);
            for (const auto& column : drift)
                if (const auto finding = driftFinding(column, policy))
                    add(core::FileType::Credit, *finding);
        }
        if (previous.creditBatch.empty() && previous.paymentBatch.empty()) return;
        m_findings->finish();
        recordOverflow();
        m_result.warnings = m_result.warnings.value_or(0) + warnings;
        m_result.errors = m_result.errors.value_or(0) + errors;
        const auto ms = [](auto d) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(d);
        };
        m_clock.record("ROLL_FORWARD", ms(rolled - started));
        m_clock.record("DRIFT", ms(Clock::now() - rolled));
        if (errors == 0) return;
        std::string rules;
        for (const auto& [rule, count] : failing)
            rules += (rules.empty() ? "" : ", ") + rule + ": " + std::to_string(count);
        throw SyncFailure("the roll-forward checks against the previous period found " +
                          std::to_string(errors) + " error(s) (" + rules +
                          "); the live data is unchanged");
    }

    // COMPLETED: the log, the uploads, the schedule and the audit trail say so.
    // The log's COMPLETED, the new live batches and the uploads' SYNCED are one transaction:
    // readers switch from the previous batches to this sync's at once, for both files, and an
    // upload arriving meanwhile is compared with the files now live. The previous batches are
    // dropped afterwards (the janitor drops any a failure here leaves).
    void complete() {
        m_result.stageTimings = m_clock.timings();
        LiveBatchRepository live(m_engine.m_db, m_tenant.schema);
        std::vector<LiveBatch> retired;  // periods beyond keep_periods, un-published here
        m_logs.finish(id(), SyncStatus::Completed, m_result, [&](pqxx::work& tx) {
            if (m_credit)
                live.publish(tx, {m_request.loanType, core::FileType::Credit, batchId(), id(),
                                  deliveredUpload(core::FileType::Credit), m_period});
            if (m_payment)
                live.publish(tx, {m_request.loanType, core::FileType::PaymentPlan, batchId(), id(),
                                  deliveredUpload(core::FileType::PaymentPlan), m_period});
            if (m_credit && !corrected(core::FileType::Credit))
                m_uploadRows.markSynced(tx, m_credit->id, id());
            if (m_payment && !m_planRechecked && !corrected(core::FileType::PaymentPlan))
                m_uploadRows.markSynced(tx, m_payment->id, id());
            RejectedReview review(m_engine.m_db, m_tenant.schema);
            for (const auto& correction : m_corrections)
                review.completeCorrection(tx, correction, id(), m_request.actor,
                                          m_acceptedLines[correction.fileType]);
            retired = live.unpublishBeyond(tx, m_request.loanType, m_engine.m_limits.keepPeriods);
            for (const auto& [file, profile] : m_profiles)  // ready as the batch goes live
                ProfileStore(m_engine.m_db, m_tenant.schema)
                    .store(tx, batchId(), file, m_request.loanType, "sync", profile.first,
                           profile.second);
        });
        if (m_credit && m_liveCredit) dropSuperseded(core::FileType::Credit, *m_liveCredit);
        if (m_payment && m_livePlan) dropSuperseded(core::FileType::PaymentPlan, *m_livePlan);
        nlohmann::json retiredPeriods = nlohmann::json::array();
        for (const auto& batch : retired) {
            if (retiredPeriods.empty() || retiredPeriods.back() != batch.period)
                retiredPeriods.push_back(batch.period);
            m_log->info(
                "sync {}: period {} of {} is beyond keep_periods={}: its {} batch {} "
                "(sync {}) is no longer live and is dropped",
                id(), batch.period, m_loanType, m_engine.m_limits.keepPeriods,
                core::toText(batch.file), batch.batchId, batch.syncId);
            dropSuperseded(batch.file, batch);
        }
        m_configs.recordResult(m_request.loanType, SyncStatus::Completed,
                               std::chrono::system_clock::now());
        nlohmann::json details = {
            {"sync_id", id()},
            {"loan_type", m_loanType},
            {"period", m_period},
            {"rows_loaded", m_creditSummary.rowsAccepted + m_paymentSummary.rowsAccepted},
            {"rows_rejected", m_creditSummary.rowsRejected + m_paymentSummary.rowsRejected}};
        if (m_restates) details["restates"] = *m_restates;
        if (!retiredPeriods.empty()) details["periods_dropped"] = retiredPeriods;
        AuditLog(m_engine.m_db, m_tenant.schema).record(m_request.actor, "sync.completed", details);
        m_log->info("sync {} COMPLETED: {} period {}{}: credit {}/{} loaded, payment {}/{} loaded",
                    id(), m_loanType, m_period,
                    m_restates ? " (restates " + m_period + ", replacing sync " + *m_restates + ")"
                               : std::string(),
                    m_creditSummary.rowsAccepted, m_creditSummary.rowsRead,
                    m_paymentSummary.rowsAccepted, m_paymentSummary.rowsRead);
    }

    void dropSuperseded(core::FileType file, const LiveBatch& previous) {
        try {
            m_engine.m_warehouse.dropBatch(database(), file, m_request.loanType, previous.batchId);
        } catch (const std::exception& e) {
            m_log->warn("sync {}: superseded {} batch {} not dropped yet (the janitor will): {}",
                        id(), core::toText(file), previous.batchId, e.what());
        }
    }

    // FAILED, from any stage: findings kept (they say why), staging tables and this sync's batch
    // dropped (when ClickHouse cannot drop them now, the janitor's next pass does), the live
    // data as it was.
    void fail(const std::string& reason) {
        m_clock.stop();
        try {
            if (m_findings) m_findings->finish();
            if (m_rejected) m_rejected->finish();
            recordOverflow();
        } catch (const std::exception& writeError) {
            m_log->warn("sync {}: findings not all stored: {}", id(), writeError.what());
        }
        if (m_stagingCreated) {
            try {
                m_engine.m_warehouse.dropStaging(database(), m_key);
            } catch (const std::exception& dropError) {
                m_log->warn("sync {}: staging tables not dropped: {}", id(), dropError.what());
            }
        }
        if (m_batchWritten) {
            try {
                for (const auto file : core::kFileTypes)
                    m_engine.m_warehouse.dropBatch(database(), file, m_request.loanType, batchId());
            } catch (const std::exception& dropError) {
                m_log->warn("sync {}: its batch not dropped: {}", id(), dropError.what());
            }
        }
        m_result.errorSummary = reason;
        m_result.stageTimings = m_clock.timings();
        if (!m_result.credit) m_result.credit = countsOf(m_creditSummary);
        if (!m_result.payment) m_result.payment = countsOf(m_paymentSummary);
        m_logs.finish(id(), SyncStatus::Failed, m_result);
        m_configs.recordResult(m_request.loanType, SyncStatus::Failed,
                               std::chrono::system_clock::now());
        AuditLog(m_engine.m_db, m_tenant.schema)
            .record(m_request.actor, "sync.failed",
                    {{"sync_id", id()}, {"loan_type", m_loanType}, {"reason", reason}});
        m_log->error("sync {} FAILED: {}", id(), reason);
    }

    SyncEngine& m_engine;
    const SyncRequest& m_request;
    const Tenant& m_tenant;
    SyncLock& m_lock;
    const std::optional<Upload> m_credit, m_payment;
    const bool m_planRechecked;  // m_payment is the live plan, re-checked against new credits
    const std::optional<LiveBatch> m_liveCredit, m_livePlan;  // live when the sync started
    const std::string m_cannotRecheck;
    const std::string m_period;                   // the reporting period loaded
    const std::optional<std::string> m_restates;  // the sync whose data of the period it replaces
    const std::vector<CorrectionUpload> m_corrections, m_supersededCorrections;
    const double m_threshold;               // the largest share of rejected rows a file may have
    const core::ValidationOptions m_rules;  // the tenant's validation policy in force
    const int m_policyVersion;
    const RollForwardPolicy m_rollForward;  // the policy's rules for the checks (rollforward.h)
    SyncLogRepository m_logs;
    UploadRepository m_uploadRows;
    SyncConfigRepository m_configs;
    const std::string m_loanType;
    std::shared_ptr<spdlog::logger> m_log = logger("sync");
    const SyncLog m_started;
    const std::string m_key;  // names the staging tables
    ProgressTicker m_progress;
    const ProgressCallback& m_callback;
    StageClock m_clock;
    SyncLogUpdate m_result;
    core::FileSummary m_creditSummary, m_paymentSummary;
    core::LoanSet m_liveCredits;
    std::uint32_t m_loadedAt = 0;
    bool m_stagingCreated = false;
    bool m_batchWritten = false;  // store() began: the batch may exist in the fact tables
    std::optional<ValidationErrorWriter> m_findings;
    std::optional<RejectedRowWriter> m_rejected;
    std::map<core::FileType, std::vector<std::uint64_t>> m_acceptedLines;  // of corrections
    // The profiles of the files loaded, computed on the way in (stored at COMPLETED).
    std::map<core::FileType, std::pair<nlohmann::json, std::string>> m_profiles;  // and state
    // Control totals of the accepted rows, per file, and the files loaded (for verifyTotals).
    ControlTotalsAccumulator m_creditTotals{core::FileType::Credit, m_engine.m_catalog};
    ControlTotalsAccumulator m_paymentTotals{core::FileType::PaymentPlan, m_engine.m_catalog};
    struct LoadedFile {
        core::FileType file;
        const ControlTotalsAccumulator* totals;
        std::string name;                       // the upload's original name
        std::optional<MergeExpectation> merge;  // a correction merged with the live batch
    };
    std::vector<LoadedFile> m_loadedFiles;
};

SyncLog SyncEngine::run(const SyncRequest& request, const ProgressCallback& callback) {
    const auto loanTypeText = std::string(core::toText(request.loanType));
    const auto tenant = TenantRepository(m_db).find(request.tenantId);
    if (!tenant) throw StoreError(StoreError::Kind::NotFound, "no tenant " + request.tenantId);
    if (!tenant->active)
        throw SyncRefused(SyncRefused::Reason::TenantInactive,
                          "tenant " + tenant->id +
                              " is deactivated: its data is kept, but nothing is synced until an "
                              "agent administrator activates it");
    // A disabled config means "do not sync this loan type now" (a delivery is being fixed, say):
    // the scheduler skips it, and a manual start honours it unless the operator confirmed.
    if (request.trigger == SyncTrigger::Manual && !request.force)
        if (const auto config = SyncConfigRepository(m_db, tenant->schema).get(request.loanType);
            config && !config->enabled)
            throw SyncRefused(SyncRefused::Reason::ConfigDisabled,
                              "the " + loanTypeText + " sync config of " + tenant->id +
                                  " is disabled; start it with force to sync anyway",
                              config->id);

    auto lock = SyncLock::tryAcquire(m_db, tenant->id, request.loanType);
    // The holder writes its sync log a moment after taking the lock: look again until it is
    // there, so the refusal always names the running sync — or the lock is free after all
    // (the holder found nothing staged).
    const auto patience = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!lock) {
        std::string running;
        for (const auto& log : SyncLogRepository(m_db, tenant->schema).unfinished())
            if (log.loanType == request.loanType) running = log.id;
        if (!running.empty() || std::chrono::steady_clock::now() > patience)
            throw SyncBusy("a " + loanTypeText + " sync of " + tenant->id + " is already running",
                           running);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        lock = SyncLock::tryAcquire(m_db, tenant->id, request.loanType);
    }

    UploadRepository uploads(m_db, tenant->schema);
    Package package;
    // One period per package: the one asked for, else the oldest staged.
    package.period = request.period;
    if (package.period.empty()) {
        const auto staged = uploads.stagedPeriods(request.loanType);
        if (staged.empty())
            throw NothingStaged("nothing is staged for " + tenant->id + " " + loanTypeText);
        package.period = staged.front();
    }
    package.credit = uploads.latestStaged(request.loanType, core::FileType::Credit, package.period);
    package.payment =
        uploads.latestStaged(request.loanType, core::FileType::PaymentPlan, package.period);
    // Corrections of rejected rows belong to the period of the sync they correct: they merge
    // when that period's package has no full file of their kind (a full delivery wins).
    RejectedReview review(m_db, tenant->schema);
    package.supersededCorrections = review.supersededUnnoted(request.loanType);
    for (auto& correction : review.stagedCorrections(request.loanType)) {
        if (correction.period != package.period) continue;  // waits for its period's sync
        if (package.credit || package.payment) {
            package.supersededCorrections.push_back(std::move(correction));
            continue;
        }
        package.corrections.push_back(std::move(correction));
    }
    for (const auto& c : package.corrections)
        (c.fileType == core::FileType::Credit ? package.credit : package.payment) = asUpload(c);
    if (!package.credit && !package.payment)
        throw NothingStaged("nothing is staged for " + tenant->id + " " + loanTypeText +
                            " period " + package.period);
    LiveBatchRepository live(m_db, tenant->schema);
    package.liveCredit = live.find(request.loanType, core::FileType::Credit, package.period);
    package.livePlan = live.find(request.loanType, core::FileType::PaymentPlan, package.period);
    // Re-delivering a live period restates it: the log names the sync whose data it replaces.
    if (package.credit && package.liveCredit)
        package.restates = package.liveCredit->syncId;
    else if (package.payment && package.livePlan)
        package.restates = package.livePlan->syncId;
    // New credits without a new plan: the live plan of the period must still reference only
    // live credits, so it is checked again against the new credits — the rows of its live batch,
    // read back from the warehouse (a merged correction made them differ from its delivered
    // file), in the layout of that file's header. The sync records the delivered upload.
    if (package.credit && !package.payment && package.livePlan && package.corrections.empty()) {
        std::optional<Upload> plan;
        if (package.livePlan->uploadId) plan = uploads.find(*package.livePlan->uploadId);
        if (plan) {
            package.payment = std::move(plan);
            package.planRechecked = true;
        } else {
            package.cannotRecheck =
                "the live payment plan (sync " + package.livePlan->syncId +
                ") must be re-checked against the new credits, but the upload it was delivered "
                "in is not recorded" +
                (package.livePlan->uploadId ? " (upload " + *package.livePlan->uploadId + ")"
                                            : std::string()) +
                "; upload the payment plan together with the credit file";
        }
    }

    // The tenant's validation policy in force; its reject ratio, when set, wins over the
    // configuration's threshold.
    const auto policy = RulesRepository(m_db, tenant->schema).current(request.loanType);
    package.rules = policy.policy.options();
    package.policyVersion = policy.version;
    package.rollForward = rollForwardPolicyOf(policy.policy.rollForward);
    const double threshold =
        policy.policy.rejectThreshold(SyncConfigRepository(m_db, tenant->schema)
                                          .get(request.loanType)
                                          .value_or(SyncConfig{})
                                          .rejectThreshold);
    Run sync(*this, request, *tenant, *lock, std::move(package), threshold, callback);
    return sync.execute();
}

std::vector<std::string> SyncEngine::recoverInterrupted() {
    std::vector<std::string> recovered;
    for (const auto& tenant : TenantRepository(m_db).list())
        recoverTenant(tenant, recovered);
    return recovered;
}

bool SyncEngine::recoverSync(const std::string& tenantId, const std::string& syncId,
                             const std::string& reason) {
    const auto tenant = TenantRepository(m_db).find(tenantId);
    if (!tenant) return true;
    std::vector<std::string> recovered;
    recoverTenant(*tenant, recovered, &syncId, reason);
    const auto log = SyncLogRepository(m_db, tenant->schema).find(syncId);
    return !log || isFinal(log->status);
}

void SyncEngine::recoverTenant(const Tenant& tenant, std::vector<std::string>& recovered,
                               const std::string* onlySync, const std::string& reason) {
    SyncLogRepository logs(m_db, tenant.schema);
    auto log = logger("sync");
    for (const auto& listed : logs.unfinished()) {
        if (onlySync && listed.id != *onlySync) continue;
        const auto lock = SyncLock::tryAcquire(m_db, tenant.id, listed.loanType);
        if (!lock) continue;  // another agent is running it
        // It may have finished between the listing and the lock: then there is nothing to do.
        const auto current = logs.find(listed.id);
        if (!current || isFinal(current->status)) continue;
        const SyncLog& sync = *current;
        const std::string key = stagingKey(sync.id);
        const std::string& database = tenant.warehouseDatabase;
        // The sync never published its batch (that is the transaction that ends it): whatever
        // it wrote is dropped and the live data stays as it was.
        SyncLogUpdate last;
        const std::string stage(toText(sync.status));
        last.errorSummary = (reason.empty() ? "interrupted: the agent stopped during " + stage
                                            : "interrupted during " + stage + ": " + reason) +
                            "; the live data is unchanged";
        try {
            const auto tables = m_warehouse.stagingTables(database);
            const bool staged = std::any_of(tables.begin(), tables.end(), [&](const auto& t) {
                return t == stagingTable(core::FileType::Credit, key) ||
                       t == stagingTable(core::FileType::PaymentPlan, key);
            });
            if (staged) m_warehouse.dropStaging(database, key);
            if (sync.swapStarted) {
                const auto live = LiveBatchRepository(m_db, tenant.schema).load();
                for (const auto file : core::kFileTypes)
                    if (!live.isLive(file, sync.loanType, sync.batchId))
                        m_warehouse.dropBatch(database, file, sync.loanType, sync.batchId);
            }
        } catch (const std::exception& e) {
            log->error("recovery of sync {} ({}): {}", sync.id, tenant.id, e.what());
            continue;
        }
        logs.finish(sync.id, SyncStatus::Failed, last);
        SyncConfigRepository(m_db, tenant.schema)
            .recordResult(sync.loanType, SyncStatus::Failed, std::chrono::system_clock::now());
        log->warn("sync {} of {} {}: {}", sync.id, tenant.id, core::toText(sync.loanType),
                  *last.errorSummary);
        recovered.push_back(sync.id);
    }
}

}  // namespace findata::agent
