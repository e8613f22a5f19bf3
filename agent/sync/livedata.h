#pragma once
// The live data of a tenant, as readers see it: PostgreSQL names the live batch of each (file,
// loan type) (agent/store/livebatches.h), ClickHouse holds its rows. For checks and tests that
// want "what is live now" without building a read query.

#include <cstdint>

#include "agent/warehouse/warehouse.h"
#include "core/catalog.h"

namespace findata::agent {

class Database;
struct Tenant;

/// Rows of the live batch; 0 when nothing of that file and loan type is live.
std::uint64_t liveRowCount(Database& db, Warehouse& warehouse, const Tenant& tenant,
                           core::FileType file, core::LoanType loanType);

/// Rows and amount sums of the live batch; zero rows and no sums when nothing is live.
ControlTotals liveTotals(Database& db, Warehouse& warehouse, const Tenant& tenant,
                         core::FileType file, core::LoanType loanType);

}  // namespace findata::agent
