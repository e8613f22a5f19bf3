#pragma once
// Rejected rows of a sync, kept (72 h by default) so operators can download, fix and resubmit
// them. The raw line is stored as bytes, exactly as the bank sent it.

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

inline constexpr std::chrono::hours kDefaultRejectedRowRetention{72};

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
    BackgroundBatches<Row> m_batches;  // last: its thread uses the members above

    void write(std::vector<Row>& rows);
};

struct RejectedRow {
    core::FileType fileType = core::FileType::Credit;
    std::uint64_t line = 0;
    std::string raw;  // the original bytes
    std::string reasons;
    Timestamp expiresAt;
};

/// Reads and purges the rejected_rows table of one tenant schema.
class RejectedRowRepository final {
public:
    RejectedRowRepository(Database& db, std::string_view schema);

    /// Rows of a sync not yet expired at `now`, by file type then line.
    std::vector<RejectedRow> page(std::string_view syncId, std::optional<core::FileType> fileType,
                                  Timestamp now, std::size_t offset, std::size_t limit);
    std::uint64_t count(std::string_view syncId, std::optional<core::FileType> fileType,
                        Timestamp now);
    /// Deletes rows whose expiry is at or before `now`; returns how many.
    std::uint64_t purgeExpired(Timestamp now);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
