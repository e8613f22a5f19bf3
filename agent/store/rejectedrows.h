#pragma once
// Rejected rows of a sync, kept so operators can download, fix and resubmit them: up to a per-sync
// cap (max_rejected_rows_per_sync; beyond it they are only counted) and for as long as the sync's
// findings (findings_retention, deleted by the janitor; the live package's are always kept). The
// raw line is stored as bytes, exactly as the bank sent it.

#include "agent/store/backgroundbatches.h"
#include "agent/store/database.h"
#include "core/catalog.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Streams the rejected rows of one sync with COPY, in committed batches. One writer per sync.
class RejectedRowWriter final {
public:
    static constexpr std::size_t kDefaultBatchRows = 5000;

    RejectedRowWriter(Database& db, std::string_view schema, std::string syncId,
                      Timestamp expiresAt, std::size_t batchRows = kDefaultBatchRows);
    /// Pending rows not flushed by finish() are dropped (and logged).
    ~RejectedRowWriter();
    RejectedRowWriter(const RejectedRowWriter&) = delete;
    RejectedRowWriter& operator=(const RejectedRowWriter&) = delete;

    /// Stores at most `maxStored` rows; later ones are only counted (see notStored()).
    void limitTo(std::uint64_t maxStored) { m_maxStored = maxStored; }
    /// Rows past the cap, not stored.
    std::uint64_t notStored() const { return m_notStored; }

    /// `raw`: the row's bytes without line ending; `reasons`: human text, e.g. "field: message; …".
    void add(core::FileType fileType, std::uint64_t line, std::string_view raw,
             std::string_view reasons);
    /// Hands the buffered rows to the writer thread now.
    void flush() { m_batches.flush(); }
    /// Waits until every row is written; returns how many were. Throws StoreError.
    std::uint64_t finish() { return m_batches.finish(); }

private:
    struct Row {
        core::FileType fileType;
        std::uint64_t line;
        std::string raw;
        std::string reasons;
    };

    Database& m_db;
    std::string m_table;
    std::string m_syncId;
    std::int64_t m_expiresAtMicros;
    std::uint64_t m_stored = 0;
    std::uint64_t m_maxStored = UINT64_MAX;
    std::uint64_t m_notStored = 0;
    BackgroundBatches<Row> m_batches;  // last: its thread uses the members above

    void write(std::vector<Row>& rows);
};

struct RejectedRow {
    std::int64_t id = 0;  // unique in the table; orders rows of the same line
    core::FileType fileType = core::FileType::Credit;
    std::uint64_t line = 0;
    std::string raw;  // the original bytes
    std::string reasons;
    Timestamp expiresAt;  // informative: written as the sync's start + findings_retention
};

/// Where a keyset page of rejected rows starts: after this row (in file type, line, id order).
struct RejectedRowCursor {
    core::FileType fileType = core::FileType::Credit;
    std::uint64_t line = 0;
    std::int64_t id = 0;
};

/// Reads the rejected_rows table of one tenant schema (the janitor deletes them with their
/// sync's findings: SyncLogRepository::purgeFindings).
class RejectedRowRepository final {
public:
    RejectedRowRepository(Database& db, std::string_view schema);

    /// Up to `limit` rows of a sync after `cursor` (nullopt: from the first), by file type, line
    /// and id: keyset paging, each page an index seek.
    std::vector<RejectedRow> page(std::string_view syncId, std::optional<core::FileType> fileType,
                                  const std::optional<RejectedRowCursor>& cursor,
                                  std::size_t limit);
    std::uint64_t count(std::string_view syncId, std::optional<core::FileType> fileType);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
