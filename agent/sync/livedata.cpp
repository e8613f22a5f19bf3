#include "agent/sync/livedata.h"

#include "agent/store/livebatches.h"
#include "agent/store/tenants.h"

namespace findata::agent {

std::uint64_t liveRowCount(Database& db, Warehouse& warehouse, const Tenant& tenant,
                           core::FileType file, core::LoanType loanType) {
    const auto live = LiveBatchRepository(db, tenant.schema).find(loanType, file);
    return live ? warehouse.rowCount(tenant.warehouseDatabase, file, loanType, live->batchId) : 0;
}

ControlTotals liveTotals(Database& db, Warehouse& warehouse, const Tenant& tenant,
                         core::FileType file, core::LoanType loanType) {
    const auto live = LiveBatchRepository(db, tenant.schema).find(loanType, file);
    if (!live) return {};
    return warehouse.batchTotals(tenant.warehouseDatabase, file, loanType, live->batchId);
}

}  // namespace findata::agent
