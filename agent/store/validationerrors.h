#pragma once
// Validation errors of a sync: written in bulk while it runs, read back paged, filtered, grouped.
// Up to a per-sync cap (max_findings_per_sync, default 1,000,000) every finding is stored; beyond
// it findings are only counted per (file type, field, error type, severity).

#include "agent/store/backgroundbatches.h"
#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "core/catalog.h"
#include "core/validator.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace findata::agent {

/// Streams the findings of one sync into validation_errors with COPY, in committed batches written
/// on a background thread, so memory stays bounded, validation does not wait for PostgreSQL and
/// the errors become visible while the sync runs. Not thread-safe: one writer per sync.
class ValidationErrorWriter final {
public:
    static constexpr std::size_t kDefaultBatchRows = 20000;

    /// `syncId` must name an existing sync log of `schema` (StoreError Invalid otherwise,
    /// raised by the first flush or finish).
    ValidationErrorWriter(Database& db, std::string_view schema, std::string syncId,
                          std::size_t batchRows = kDefaultBatchRows);
    /// Pending findings not flushed by finish() are dropped (and logged): a destructor must not
    /// write to the database.
    ~ValidationErrorWriter();
    ValidationErrorWriter(const ValidationErrorWriter&) = delete;
    ValidationErrorWriter& operator=(const ValidationErrorWriter&) = delete;

    /// Stores at most `maxStored` findings; later ones are only counted (see overflow()).
    void limitTo(std::uint64_t maxStored) { m_maxStored = maxStored; }

    /// Buffers one finding (or counts it, past the cap); hands a full batch to the writer
    /// thread. Throws StoreError when an earlier batch failed.
    void add(core::FileType fileType, const core::Finding& finding);
    /// Hands the buffered findings over now.
    void flush() { m_batches.flush(); }
    /// Waits until everything is written; returns the number of findings written.
    std::uint64_t finish() { return m_batches.finish(); }

    /// How long add() and flush() waited for the writer thread (PostgreSQL behind).
    std::chrono::steady_clock::duration waited() const { return m_batches.waited(); }

    /// Findings past the cap, not stored.
    std::uint64_t notStored() const { return m_notStored; }
    /// Those findings per (file_type, field, error_type, severity), largest group first, as a
    /// JSON array of objects with those keys and "count".
    nlohmann::json overflow() const;

private:
    using OverflowKey = std::tuple<core::FileType, std::string, core::ErrorType, core::Severity>;
    struct Row {
        std::int64_t seq;
        core::FileType fileType;
        core::Finding finding;
    };
    void write(std::vector<Row>& rows);

    Database& m_db;
    std::string m_table;
    std::string m_syncLogs;
    std::string m_syncId;
    std::int64_t m_nextSeq = 0;
    std::uint64_t m_maxStored = UINT64_MAX;
    std::uint64_t m_notStored = 0;
    std::map<OverflowKey, std::uint64_t> m_overflow;
    BackgroundBatches<Row> m_batches;  // last: its thread uses the members above
};

/// One stored finding.
struct ValidationErrorRecord {
    std::int64_t id = 0;  // the finding's sequence number in its sync, in write order
    core::FileType fileType = core::FileType::Credit;
    std::uint64_t line = 0;
    std::string field;
    core::ErrorType type = core::ErrorType::Value;
    core::Severity severity = core::Severity::Error;
    std::string message;
    std::string rawValue;
};

/// Filters; unset fields match everything.
struct ValidationErrorFilter {
    std::optional<core::FileType> fileType;
    std::optional<std::string> field;
    std::optional<core::ErrorType> type;
    std::optional<core::Severity> severity;
};

/// The number of findings sharing (file type, field, error type, severity).
struct ValidationErrorGroup {
    core::FileType fileType = core::FileType::Credit;
    std::string field;
    core::ErrorType type = core::ErrorType::Value;
    core::Severity severity = core::Severity::Error;
    std::uint64_t count = 0;     // stored findings
    std::int64_t firstSeq = -1;  // the id of its first stored finding; -1 none
    // Set by summariseGroups():
    std::uint64_t notStored = 0;  // past the per-sync cap: counted, not stored
    std::uint64_t fileRows = 0;   // rows read of its file; 0 when unknown
    bool fileLevel = false;       // fired on at least kFileLevelPercent % of those rows

    std::uint64_t fired() const { return count + notStored; }
};

/// A rule that fires on at least this share (in percent) of a file's rows says something about
/// the file — how the bank's system computes a column, a convention we do not know — not about
/// its rows: listing tens of thousands of identical warnings buries the few real errors. Such a
/// group is summarised as one file-level finding that leads the groups (after the errors). Every
/// finding stays stored. "Most rows" is read as "at least half".
inline constexpr std::uint64_t kFileLevelPercent = 50;

/// Rows read per file type of a sync (the denominators of kFileLevelPercent).
struct FileRows {
    std::uint64_t credit = 0;
    std::uint64_t payment = 0;
    std::uint64_t of(core::FileType fileType) const {
        return fileType == core::FileType::Credit ? credit : payment;
    }
};

/// Adds the findings counted past the cap (a sync log's findings_overflow: an array of
/// {file_type, field, error_type, severity, count}) to `groups` as notStored (new groups when
/// nothing of them was stored), marks the file-level groups and orders them: errors before
/// warnings always; within a severity the file-level groups first, then the largest first.
void summariseGroups(std::vector<ValidationErrorGroup>& groups, const FileRows& rows,
                     const nlohmann::json& overflow = nlohmann::json::array());

/// The share of its file's rows a group fired on, in percent with one decimal ("99.9"); never
/// "100.0" unless it fired on every row, never "0.0" unless on none. Empty when rows are unknown.
std::string sharePercentText(std::uint64_t fired, std::uint64_t rows);

/// One sentence for a file-level group: "installment_amount: CONSISTENCY warning on 99.9 % of
/// the rows of the payment plan (25,042 of 25,070), e.g. line 2: <example>".
std::string fileLevelSummary(const ValidationErrorGroup& group, std::uint64_t exampleLine,
                             std::string_view exampleMessage);

/// Reads the validation_errors table of one tenant schema.
class ValidationErrorRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    ValidationErrorRepository(Database& db, std::string_view schema);

    /// Findings of a sync in write order (file, then line), `offset` rows skipped. Without a
    /// filter the ids are dense (0, 1, …), so this seeks by id instead of skipping rows.
    std::vector<ValidationErrorRecord> page(std::string_view syncId,
                                            const ValidationErrorFilter& filter, std::size_t offset,
                                            std::size_t limit);
    /// Keyset paging for exports: up to `limit` findings whose id is greater than `afterId`
    /// (-1: from the first), in id order.
    std::vector<ValidationErrorRecord> after(std::string_view syncId,
                                             const ValidationErrorFilter& filter,
                                             std::int64_t afterId, std::size_t limit);
    std::uint64_t count(std::string_view syncId, const ValidationErrorFilter& filter = {});
    /// Grouped counts, largest group first.
    std::vector<ValidationErrorGroup> groups(std::string_view syncId,
                                             std::optional<core::FileType> fileType = {});
    /// A group of at least this many findings is read along the primary key from its first
    /// finding, in growing windows of ids (a few rows read per match), instead of through the
    /// group index, which reads every finding of the group to sort them (0.9 s for a million).
    static constexpr std::uint64_t kDenseGroup = 10000;
    /// The first `limit` findings of one group (as groups() answered it), in write order.
    std::vector<ValidationErrorRecord> firstOfGroup(std::string_view syncId,
                                                    const ValidationErrorGroup& group,
                                                    std::size_t limit);

private:
    Database& m_db;
    std::string m_table;
};

/// The findings groups of a sync (of one file type when set), the counts past the cap added,
/// file-level groups marked and ordered as the API lists them (see summariseGroups).
std::vector<ValidationErrorGroup> summarisedGroups(ValidationErrorRepository& repository,
                                                   const SyncLog& log,
                                                   std::optional<core::FileType> fileType = {});
/// The summary sentence of a file-level group with its first finding as the example; empty for
/// a group of rows.
std::string fileLevelSummaryOf(ValidationErrorRepository& repository, const std::string& syncId,
                               const ValidationErrorGroup& group);

}  // namespace findata::agent
