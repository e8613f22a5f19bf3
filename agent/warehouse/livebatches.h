#pragma once
// Which rows of the fact tables are live. Every sync writes its rows into its own partition
// (loan_type, batch_id) of fact_credit and fact_payment; PostgreSQL's live_batches table
// (LiveBatchRepository) names, per (file, loan type), the one batch readers see — the last
// COMPLETED sync's. Whatever else ClickHouse keeps on disk (a running sync's partition, a
// superseded one not yet dropped, parts an abrupt stop brought back) is invisible to reads.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/catalog.h"

namespace findata::agent {

class LiveBatches final {
public:
    void set(core::FileType file, core::LoanType loanType, std::string batchId);
    /// The live batch of a file and loan type, or null when nothing of it is live.
    const std::string* find(core::FileType file, core::LoanType loanType) const;
    bool isLive(core::FileType file, core::LoanType loanType, std::string_view batchId) const;

    /// A SQL condition that selects exactly the live rows of `file` of these loan types, e.g.
    /// (loan_type = 'RETAIL' AND batch_id = '…'); "0" when none of them has live data. The
    /// partition key is (loan_type, batch_id), so ClickHouse reads only the live partitions.
    std::string condition(core::FileType file, std::span<const core::LoanType> loanTypes) const;
    /// The same for one loan type.
    std::string condition(core::FileType file, core::LoanType loanType) const;

    /// Names the live state of these loan types (both files): equal texts, equal data. Read
    /// caches key on it, so a sync anywhere (another agent, the CLI) retires their entries.
    std::string version(std::span<const core::LoanType> loanTypes) const;

    bool empty() const { return m_batches.empty(); }

private:
    std::map<std::pair<core::FileType, core::LoanType>, std::string> m_batches;
};

/// The partition of a batch as a ClickHouse partition expression: ('RETAIL', '…').
std::string partitionLiteral(core::LoanType loanType, std::string_view batchId);

/// A partition as system.parts writes it — ('RETAIL','…') — split into loan type and batch;
/// nullopt for anything else (a table of the old single-column partitioning).
std::optional<std::pair<core::LoanType, std::string>> parsePartition(std::string_view text);

}  // namespace findata::agent
