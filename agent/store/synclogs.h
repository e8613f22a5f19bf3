#pragma once
// Sync logs: the record of every sync of a tenant, written as the sync runs.

#include "agent/store/database.h"
#include "agent/store/syncfiles.h"
#include "core/catalog.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Stages while running, then one final status.
enum class SyncStatus : std::uint8_t {
    Started,
    Fetching,
    Validating,
    Normalizing,
    Storing,
    Completed,
    Failed,
    Partial,
    Rejected,
};
std::string_view toText(SyncStatus status);  // "STARTED", …, "REJECTED"
std::optional<SyncStatus> parseSyncStatus(std::string_view text);
/// Every status's text, in the enum's order.
std::span<const std::string_view> syncStatusNames();
/// COMPLETED, FAILED, PARTIAL and REJECTED end a sync.
bool isFinal(SyncStatus status);

enum class SyncTrigger : std::uint8_t { Scheduled, Manual, Retry };
std::string_view toText(SyncTrigger trigger);  // "SCHEDULED", "MANUAL", "RETRY"
std::optional<SyncTrigger> parseSyncTrigger(std::string_view text);

/// Row counts of one file; read = loaded + rejected once the file is done.
struct FileCounts {
    std::uint64_t rowsRead = 0;
    std::uint64_t rowsLoaded = 0;
    std::uint64_t rowsRejected = 0;
};

struct SyncLog {
    std::string id;  // uuid
    core::LoanType loanType = core::LoanType::Retail;
    SyncStatus status = SyncStatus::Started;
    SyncTrigger trigger = SyncTrigger::Manual;
    std::string actor;    // who asked: "scheduler", "api:<key prefix>", "cli"
    std::string batchId;  // the warehouse batch_id of its rows
    Timestamp startedAt;
    std::optional<Timestamp> finishedAt;
    FileCounts credit;
    FileCounts payment;
    std::uint64_t warnings = 0;
    std::uint64_t errors = 0;
    std::string errorSummary;
    nlohmann::json stageTimings = nlohmann::json::object();  // stage → milliseconds
    std::uint64_t progressRows = 0;
    std::optional<std::string> creditUploadId;
    std::optional<std::string> paymentUploadId;
    bool swapStarted = false;  // REPLACE PARTITION began: recovery must not drop the data
    std::string owner;         // host:pid of the agent running it
    Timestamp heartbeatAt;
    // Beyond the per-sync caps: how many findings and rejected rows were only counted, and the
    // findings not stored per (file_type, field, error_type, severity) as a JSON array of
    // {file_type, field, error_type, severity, count}.
    std::uint64_t findingsNotStored = 0;
    std::uint64_t rejectedRowsNotStored = 0;
    nlohmann::json findingsOverflow = nlohmann::json::array();
    std::optional<Timestamp> findingsPurgedAt;  // retention deleted its findings and rejected rows
    // Per file: source, counts and control totals (sync_files); loaded by find() and list().
    std::vector<SyncFileRecord> files;
    std::string period;                   // the reporting period it loaded, "YYYY-MM"
    std::optional<std::string> restates;  // the sync whose data of that period it replaces
    int policyVersion = 0;  // the validation policy version it validated with (0: built-in)
};

struct NewSyncLog {
    core::LoanType loanType = core::LoanType::Retail;
    SyncTrigger trigger = SyncTrigger::Manual;
    std::string actor;
    std::optional<std::string> creditUploadId;
    std::optional<std::string> paymentUploadId;
    std::string id;                       // empty: a new uuid
    std::string batchId;                  // empty: the sync id
    std::string period;                   // "YYYY-MM"; empty: the month of its start (UTC)
    std::optional<std::string> restates;  // the sync whose live data of the period it replaces
    int policyVersion = 0;  // the validation policy version in force (0: the built-in rules)
};

/// A partial update: only the fields set are written; every update also beats the heartbeat.
struct SyncLogUpdate {
    std::optional<SyncStatus> status;  // a running stage; use finish() for final statuses
    std::optional<FileCounts> credit;
    std::optional<FileCounts> payment;
    std::optional<std::uint64_t> warnings;
    std::optional<std::uint64_t> errors;
    std::optional<std::string> errorSummary;
    /// Merged into the stored object (so stages can be reported one at a time).
    std::optional<nlohmann::json> stageTimings;
    std::optional<std::uint64_t> progressRows;
    std::optional<bool> swapStarted;
    std::optional<std::uint64_t> findingsNotStored;
    std::optional<std::uint64_t> rejectedRowsNotStored;
    std::optional<nlohmann::json> findingsOverflow;  // replaces the stored array
};

/// What purgeFindings() deleted.
struct PurgedFindings {
    std::uint64_t findings = 0;
    std::uint64_t rejectedRows = 0;
};

/// "host:pid" of this process, the owner written into the sync logs it creates.
std::string thisProcessOwner();

/// The sync_logs table of one tenant schema.
class SyncLogRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    SyncLogRepository(Database& db, std::string_view schema);

    /// Inserts a sync log with status STARTED, owner thisProcessOwner(), and returns it.
    SyncLog create(const NewSyncLog& sync);

    /// Writes the fields set in `update` and the heartbeat. Throws StoreError NotFound, or
    /// Conflict when the sync is finished already (a finished log is never rewritten).
    void update(std::string_view id, const SyncLogUpdate& update);
    void heartbeat(std::string_view id);

    /// Ends a sync with a final status, writing `last` with it; `alsoInTransaction` runs in the
    /// same transaction (a COMPLETED sync publishes its live batches there). Throws NotFound /
    /// Conflict.
    void finish(std::string_view id, SyncStatus finalStatus, const SyncLogUpdate& last = {},
                const std::function<void(pqxx::work&)>& alsoInTransaction = {});

    std::optional<SyncLog> find(std::string_view id);
    /// Newest first; `loanType` and `period` filter when set.
    std::vector<SyncLog> list(std::optional<core::LoanType> loanType = std::nullopt,
                              std::size_t limit = 50, std::size_t offset = 0,
                              std::optional<std::string> period = std::nullopt);
    /// How many syncs list() pages through.
    std::uint64_t count(std::optional<core::LoanType> loanType = std::nullopt,
                        std::optional<std::string> period = std::nullopt);
    /// Syncs not in a final status, oldest first: after a crash these are interrupted.
    std::vector<SyncLog> unfinished();

    /// Finished syncs that ended before `finishedBefore` and whose findings are still stored,
    /// oldest first (for retention).
    std::vector<std::string> findingsOlderThan(Timestamp finishedBefore);
    /// Deletes the findings and rejected rows of a finished sync and records when, in one
    /// transaction; the sync log itself stays. Throws Conflict for a running sync.
    PurgedFindings purgeFindings(std::string_view id);

private:
    Database& m_db;
    std::string m_schema;
    std::string m_table;

    void attachFiles(std::vector<SyncLog>& logs);  // their sync_files records
};

}  // namespace findata::agent
