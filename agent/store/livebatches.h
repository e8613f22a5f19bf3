#pragma once
// The live_batches table of one tenant: per (loan type, file type, reporting period) the
// warehouse batch readers see, the sync that made it live and the upload its rows came from
// (what a later sync of that period re-checks when the package lacks that file). A sync's end
// writes its log's COMPLETED and its batches in one transaction (SyncLogRepository::finish with
// publish()), so what is live in a period is always exactly its last COMPLETED sync's data;
// other periods are untouched.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/store/database.h"
#include "agent/warehouse/livebatches.h"
#include "core/catalog.h"

namespace findata::agent {

struct LiveBatch {
    core::LoanType loanType = core::LoanType::Retail;
    core::FileType file = core::FileType::Credit;
    std::string batchId;
    std::string syncId;
    std::optional<std::string> uploadId;  // absent for data older than the upload records
    std::string period;                   // "YYYY-MM"
    Timestamp since{};                    // when it became live
};

/// The live batches of one (loan type, period).
struct LivePeriod {
    std::string period;
    std::optional<LiveBatch> credit, payment;
};

class LiveBatchRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    LiveBatchRepository(Database& db, std::string_view schema);

    /// Every live batch, by loan type, file type and period.
    std::vector<LiveBatch> list();
    /// The live batch of the loan type's latest period (see LiveBatches::find).
    std::optional<LiveBatch> find(core::LoanType loanType, core::FileType file);
    /// The live batch of one period.
    std::optional<LiveBatch> find(core::LoanType loanType, core::FileType file,
                                  std::string_view period);
    /// The live batch of every (file, loan type, period), for reads.
    LiveBatches load();

    /// The live periods of a loan type, oldest first, with their batches.
    std::vector<LivePeriod> periods(core::LoanType loanType);
    /// The batches of one period (both absent when nothing of it is live).
    LivePeriod period(core::LoanType loanType, std::string_view period);
    /// The previous period of `period`: the newest live period of the loan type before it (not
    /// necessarily the calendar month before); nullopt when there is none.
    std::optional<LivePeriod> previousPeriod(core::LoanType loanType, std::string_view period);

    /// Makes `batch` live for its (loan type, file, period), inside the caller's transaction.
    void publish(pqxx::work& tx, const LiveBatch& batch);
    /// Retention, inside the caller's transaction: un-publishes the live batches of the loan
    /// type's periods older than its newest `keep` periods (keep 0: none) and returns them (the
    /// caller drops their warehouse batches once the transaction is committed).
    std::vector<LiveBatch> unpublishBeyond(pqxx::work& tx, core::LoanType loanType,
                                           std::size_t keep);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
