#pragma once
// The sync pipeline: an uploaded credit + payment plan package of one (tenant, loan type,
// reporting period) becomes the live warehouse data of that loan type and period — atomically,
// with every rejected row explained; other periods stay as they are. Re-delivering a live
// period is a restatement: the sync log names the sync whose data it replaces.
//
// run() finds the uploads waiting for a sync and takes the lock; SyncEngine::Run (syncengine.cpp)
// then has one method per stage:
//   STARTED → FETCHING     fetch(): the tenant's warehouse; live credits when the plan comes alone
//           → VALIDATING   validateAndNormalize(): both files through validation + normalization
//                          into the sync's ClickHouse staging tables
//           → NORMALIZING  checkStaged(): rejection ratio under the threshold, staging tables
//                          hold exactly the accepted rows
//           → STORING      store(): the staging tables become the sync's own batch, a partition
//                          (loan type, batch) of each fact table, not yet visible;
//                          checkAgainstPrevious(): roll-forward rules and drift against the
//                          previous batches (an `error` finding fails the sync)
//           → COMPLETED    complete(): COMPLETED and the new live batches in one PostgreSQL
//                          transaction (livebatches.h); the superseded batches are dropped
// or FAILED from any stage: fail(), with the live data as it was.
//
// A package of new credits without a payment plan re-checks the live plan of the same period:
// its upload is loaded again against the new credits, so no payment survives that references a
// loan the new credit file no longer has (those are rejected with a CROSS_REFERENCE finding,
// counting towards the reject threshold). A plan alone is checked against the live credits of
// its period.

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/store/livebatches.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/synclogs.h"
#include "agent/store/uploads.h"
#include "agent/sync/rollforward.h"
#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

class Database;
class Warehouse;
class UploadStore;
struct Tenant;

/// Another sync of the same tenant and loan type is running (here or in another agent).
class SyncBusy : public std::runtime_error {
public:
    SyncBusy(const std::string& message, std::string runningSyncId)
        : std::runtime_error(message), m_running(std::move(runningSyncId)) {}
    /// The running sync's id when it could be found, else empty.
    const std::string& runningSyncId() const { return m_running; }

private:
    std::string m_running;
};

/// Nothing is staged for the tenant and loan type.
class NothingStaged : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A sync that may not run: the tenant is deactivated, or a manual start of a loan type whose
/// sync config is disabled came without the operator's confirmation (SyncRequest::force).
class SyncRefused : public std::runtime_error {
public:
    enum class Reason : std::uint8_t { TenantInactive, ConfigDisabled };
    SyncRefused(Reason reason, const std::string& message, int configId = 0)
        : std::runtime_error(message), m_reason(reason), m_configId(configId) {}
    Reason reason() const { return m_reason; }
    int configId() const { return m_configId; }  // the disabled config's id

private:
    Reason m_reason;
    int m_configId;
};

struct SyncRequest {
    std::string tenantId;
    core::LoanType loanType = core::LoanType::Retail;
    SyncTrigger trigger = SyncTrigger::Manual;
    std::string actor = "cli";
    /// The period to load ("YYYY-MM"); empty: the oldest period with a staged upload, so
    /// monthly deliveries staged together load in order.
    std::string period = {};
    bool force = false;  // a manual start of a disabled config, confirmed by the operator
};

/// What a caller is told while a sync runs (each stage, and rows processed about once a second).
struct SyncProgress {
    std::string syncId;
    SyncStatus stage = SyncStatus::Started;
    std::uint64_t rowsProcessed = 0;
};

class SyncEngine final {
public:
    using ProgressCallback = std::function<void(const SyncProgress&)>;

    /// What one sync may store in PostgreSQL (settings max_findings_per_sync,
    /// max_rejected_rows_per_sync, findings_retention).
    struct Limits {
        std::uint64_t maxFindings = 1'000'000;      // beyond: counted per field and rule
        std::uint64_t maxRejectedRows = 1'000'000;  // beyond: counted
        std::chrono::seconds findingsRetention = std::chrono::hours(24 * 30);  // expires_at
        std::uint64_t keepPeriods = 0;  // periods kept live per loan type (0: all; keep_periods)
        bool profileBatches = true;     // profiles computed on the way in (profile_during_sync)
        // Flat memory (issue 14): a credit file larger than this (bytes) whose loans no payment
        // plan of the sync is checked against has its duplicates screened in a pre-pass
        // (core/keyscreen.h) instead of keeping every loan number (~40 bytes each) in memory.
        std::uint64_t screenDuplicatesAboveBytes = std::uint64_t{256} << 20;
    };

    /// `catalog` (which must outlive the engine) decides the files' columns, their validation
    /// and the warehouse's: the standard one but in tests of catalog changes.
    SyncEngine(Database& db, Warehouse& warehouse, UploadStore& uploads, Limits limits,
               const core::Catalog& catalog = core::Catalog::standard());
    SyncEngine(Database& db, Warehouse& warehouse, UploadStore& uploads)
        : SyncEngine(db, warehouse, uploads, Limits{}) {}

    /// Runs one sync now and returns its finished log (COMPLETED or FAILED). Throws SyncBusy,
    /// NothingStaged, SyncRefused, or StoreError/WarehouseError when the stores themselves fail
    /// before a sync log exists.
    SyncLog run(const SyncRequest& request, const ProgressCallback& progress = {});

    /// After a crash: every unfinished sync whose lock is free (so no agent runs it) is ended.
    /// Each is marked FAILED ("interrupted"): it never published its batch, so the live data is
    /// the previous sync's, whole; its staging tables and batch are dropped and its uploads stay
    /// staged for a retry. Returns the ids.
    std::vector<std::string> recoverInterrupted();

    /// Ends one sync whose run stopped on an error before it could write its end (the store was
    /// unreachable then) as recoverInterrupted() would, with `reason` in its log. Returns false
    /// while another session holds its lock or ClickHouse cannot be reached, true once the sync
    /// is final (whoever ended it); throws StoreError while PostgreSQL still fails.
    bool recoverSync(const std::string& tenantId, const std::string& syncId,
                     const std::string& reason);

private:
    class Run;  // one sync in progress, a method per stage

    /// What one sync loads, and what is live when it starts.
    struct Package {
        std::optional<Upload> credit, payment;  // the files to load
        bool planRechecked = false;             // payment is the live plan's upload, checked again
        std::optional<LiveBatch> liveCredit, livePlan;
        std::string cannotRecheck;  // why the live plan cannot be re-checked (the sync fails)
        std::string period;         // the reporting period it loads
        std::optional<std::string> restates;  // the sync whose live data of the period it replaces
        core::ValidationOptions rules;        // the tenant's validation policy in force
        int policyVersion = 0;                // its version (0: the built-in rules)
        RollForwardPolicy rollForward;        // its roll_forward section (rollforward.h)
        // Corrections of rejected rows (correction.h): merged into the live data when no full
        // file is staged (then credit/payment are their uploads); else superseded.
        std::vector<CorrectionUpload> corrections, supersededCorrections;
    };

    Database& m_db;
    Warehouse& m_warehouse;
    UploadStore& m_uploads;
    Limits m_limits;
    const core::Catalog& m_catalog;

    void recoverTenant(const Tenant& tenant, std::vector<std::string>& recovered,
                       const std::string* onlySync = nullptr, const std::string& reason = {});
};

/// The key naming a sync's staging tables (Warehouse::createStaging): its uuid without dashes.
std::string stagingKey(std::string_view syncId);

/// A fault-injection seam for crash tests: FINDATA_FAULT=pause:<STAGE> makes a sync sleep for
/// an hour when it reaches that point (STORING: before its batch is written; SWAP: between the
/// two fact tables; PUBLISH: batch written, not yet live), so a test can kill the process there.
void faultPoint(std::string_view point);

/// The other seam: FINDATA_FAULT=slow makes validation pause 100 ms every 16,384 rows, so a
/// test can kill a database while a sync of a few hundred thousand rows is still loading.
bool slowFault();

}  // namespace findata::agent
