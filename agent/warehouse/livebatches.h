#pragma once
// Which rows of the fact tables are live. Every sync writes its rows into its own partition
// (loan_type, batch_id) of fact_credit and fact_payment; PostgreSQL's live_batches table
// (LiveBatchRepository) names, per (file, loan type, reporting period), the one batch readers
// see — the last COMPLETED sync of that period's. Whatever else ClickHouse keeps on disk (a
// running sync's partition, a superseded one not yet dropped, parts an abrupt stop brought back)
// is invisible to reads.
//
// The calls without a period mean the loan type's latest period (the newest period with a live
// batch of either file), so readers that know nothing of periods see the latest delivery.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/catalog.h"

namespace findata::agent {

class LiveBatches final {
public:
    void set(core::FileType file, core::LoanType loanType, std::string period, std::string batchId);
    /// A batch without a period (the batch conditions of Warehouse, tests).
    void set(core::FileType file, core::LoanType loanType, std::string batchId) {
        set(file, loanType, std::string(), std::move(batchId));
    }

    /// The live batch of a file and loan type in its latest period, or null.
    const std::string* find(core::FileType file, core::LoanType loanType) const;
    /// The live batch of a file and loan type in `period`, or null.
    const std::string* find(core::FileType file, core::LoanType loanType,
                            std::string_view period) const;
    /// True when `batchId` is live for the file and loan type in ANY period.
    bool isLive(core::FileType file, core::LoanType loanType, std::string_view batchId) const;

    /// The newest period with a live batch of the loan type (either file); nullopt: none.
    std::optional<std::string> latestPeriod(core::LoanType loanType) const;
    /// The newest over several loan types.
    std::optional<std::string> latestPeriod(std::span<const core::LoanType> loanTypes) const;
    /// The periods with a live batch of the loan type, oldest first.
    std::vector<std::string> periods(core::LoanType loanType) const;
    /// Only the batches of `period` (every loan type): the period-less calls then read it.
    LiveBatches ofPeriod(std::string_view period) const;

    /// A SQL condition that selects exactly the live rows of `file` of these loan types, each
    /// in its latest period, e.g. (loan_type = 'RETAIL' AND batch_id = '…'); "0" when none of
    /// them has live data. The partition key is (loan_type, batch_id), so ClickHouse reads only
    /// the live partitions.
    std::string condition(core::FileType file, std::span<const core::LoanType> loanTypes) const;
    /// The same for one loan type.
    std::string condition(core::FileType file, core::LoanType loanType) const;
    /// The live rows of `file` and the loan type in `period` ("0" when it has none).
    std::string condition(core::FileType file, core::LoanType loanType,
                          std::string_view period) const;

    /// Names the live state of these loan types (both files, every period): equal texts, equal
    /// data. Read caches key on it, so a sync anywhere (another agent, the CLI) retires their
    /// entries.
    std::string version(std::span<const core::LoanType> loanTypes) const;

    bool empty() const { return m_batches.empty(); }

private:
    // (file, loan type, period) → batch
    std::map<std::tuple<core::FileType, core::LoanType, std::string>, std::string> m_batches;
};

/// The partition of a batch as a ClickHouse partition expression: ('RETAIL', '…').
std::string partitionLiteral(core::LoanType loanType, std::string_view batchId);

/// A partition as system.parts writes it — ('RETAIL','…') — split into loan type and batch;
/// nullopt for anything else (a table of the old single-column partitioning).
std::optional<std::pair<core::LoanType, std::string>> parsePartition(std::string_view text);

}  // namespace findata::agent
