#pragma once
// The live_batches table of one tenant: per (loan type, file type) the warehouse batch readers
// see, the sync that made it live and the upload its rows came from (what a later sync
// re-checks when the package lacks that file). A sync's end writes its log's COMPLETED and its
// batches in one transaction (SyncLogRepository::finish with publish()), so what is live is
// always exactly the last COMPLETED sync's data.

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
};

class LiveBatchRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    LiveBatchRepository(Database& db, std::string_view schema);

    std::vector<LiveBatch> list();
    std::optional<LiveBatch> find(core::LoanType loanType, core::FileType file);
    /// The live batch of every (file, loan type), for reads.
    LiveBatches load();

    /// Makes `batch` live for its (loan type, file), inside the caller's transaction.
    void publish(pqxx::work& tx, const LiveBatch& batch);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
