#pragma once
// The per-tenant warehouse: database <tenant>_dw with fact_credit and fact_payment generated
// from the field catalog, partitioned per sync (loan_type, batch_id); per-sync staging tables;
// which batch is live is PostgreSQL's to say (livebatches.h).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/livebatches.h"
#include "agent/warehouse/schemamigration.h"
#include "core/catalog.h"
#include "core/stringset.h"

namespace findata::agent {

/// "fact_credit" / "fact_payment".
std::string_view factTable(core::FileType file);
/// "staging_credit_<key>" / "staging_payment_<key>"; key: letters, digits and '_' only.
std::string stagingTable(core::FileType file, std::string_view syncKey);

/// The table to read rows from. Reads add LiveBatches::condition, which picks the live partition
/// of each loan type; without FINAL on purpose: a batch is written whole by one sync whose keys
/// the validator made unique, so there is never an older version of a row to collapse — and
/// FINAL makes ClickHouse 18.16 read single-threaded (a 1M-row profile took 8–11 s with it).
std::string factSource(std::string_view database, core::FileType file);

/// Rows per granule of the fact tables (ClickHouse's default: 8192). A sorted page reads its
/// rows by key, each in a granule of its own: at 8192 a page of 50 rows decoded ~400,000 values
/// of every column.
inline constexpr int kFactIndexGranularity = 1024;

/// Whether a fact table, as SHOW CREATE TABLE gives it, is not what this version makes (the
/// partition key or the granularity differ): ensureTenant rebuilds it once.
bool factTableOutdated(std::string_view create);

/// CREATE TABLE IF NOT EXISTS for a fact table: catalog columns + batch_id, loan_type, loaded_at;
/// ReplacingMergeTree(loaded_at) PARTITION BY (loan_type, batch_id) — one partition per sync —
/// ORDER BY (loan_type, the catalog's key fields): (loan_type, loan_account_number[,
/// installment_number]) for the standard catalog; granules of kFactIndexGranularity rows.
std::string factTableDdl(std::string_view database, core::FileType file,
                         const core::Catalog& catalog = core::Catalog::standard());

/// The control totals of a load: its rows and the sum of every amount-role field of the catalog
/// (exact decimal text, e.g. "1234.50"), in catalog order.
struct ControlTotals {
    std::uint64_t rows = 0;
    std::vector<std::pair<std::string, std::string>> amountSums;  // field name, sum
};

class Warehouse final {
public:
    explicit Warehouse(ClickHouseClient& client);

    /// Creates <database> and both fact tables if missing, adds the columns of catalog fields
    /// the tables lack (schemamigration.h) and rebuilds tables of the old partitioning (one
    /// partition per loan type); returns what changed. Idempotent.
    std::vector<SchemaChange> ensureTenant(
        std::string_view database, const core::Catalog& catalog = core::Catalog::standard());
    /// Drops the tenant's database (tests and tenant removal).
    void dropTenant(std::string_view database);

    /// Creates empty staging tables (same structure as the facts) for one sync; drops leftovers
    /// of the same name first.
    void createStaging(std::string_view database, std::string_view syncKey);
    /// Drops a sync's staging tables if present.
    void dropStaging(std::string_view database, std::string_view syncKey);
    /// Names of staging tables present in the database (for crash recovery).
    std::vector<std::string> stagingTables(std::string_view database);

    /// Starts streaming rows into the staging table of `file` in `format` ("Native" blocks
    /// from NativeBlockEncoder, or "RowBinary" rows from RowBinaryEncoder) with the same file
    /// type; `columnList` is the encoder's columnList().
    std::unique_ptr<InsertStream> insertStaging(std::string_view database, core::FileType file,
                                                std::string_view syncKey,
                                                std::string_view columnList,
                                                std::string_view format);

    /// Copies the staging table's batch into the fact table as the partition (loan type, batch)
    /// (ALTER TABLE … REPLACE PARTITION … FROM …); no other partition changes, and readers see
    /// it only once LiveBatchRepository publishes it. Idempotent.
    void replacePartition(std::string_view database, core::FileType file, core::LoanType loanType,
                          std::string_view batchId, std::string_view syncKey);
    /// Drops a batch's partition of a fact table (an absent one is no error).
    void dropBatch(std::string_view database, core::FileType file, core::LoanType loanType,
                   std::string_view batchId);

    /// A batch on disk: one partition of a fact table.
    struct StoredBatch {
        core::FileType file = core::FileType::Credit;
        core::LoanType loanType = core::LoanType::Retail;
        std::string batchId;
        std::uint64_t rows = 0;
    };
    /// Every batch the fact tables hold, live or not, from part metadata (no scan).
    std::vector<StoredBatch> batches(std::string_view database);

    /// Rows of one batch of a loan type.
    std::uint64_t rowCount(std::string_view database, core::FileType file, core::LoanType loanType,
                           std::string_view batchId);
    /// Live rows of every (file, loan type) in its latest period, from part metadata in one
    /// query: no scan, so cheap enough for every "who am I". Zero where nothing is live.
    std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> liveRowCounts(
        std::string_view database, const LiveBatches& live);
    /// Rows in a staging table.
    std::uint64_t stagingRowCount(std::string_view database, core::FileType file,
                                  std::string_view syncKey);
    /// Rows and amount sums (of `catalog`'s amount-role fields) of exactly one batch of a loan
    /// type: a sync's rows read back after the swap, or the live batch's.
    ControlTotals batchTotals(std::string_view database, core::FileType file,
                              core::LoanType loanType, std::string_view batchId,
                              const core::Catalog& catalog = core::Catalog::standard());
    /// Loan numbers of a credit batch (the live one, for a cross-reference), added live to `out`
    /// (streamed).
    void liveLoans(std::string_view database, core::LoanType loanType, std::string_view batchId,
                   core::LoanSet& out);

    ClickHouseClient& client() { return m_client; }

private:
    ClickHouseClient& m_client;

    bool hasTable(std::string_view database, std::string_view table);
    void restoreInterruptedRepartition(std::string_view database, core::FileType file);
    bool repartition(std::string_view database, core::FileType file, const core::Catalog& catalog);
    static std::string batchCondition(core::LoanType loanType, std::string_view batchId);
};

}  // namespace findata::agent
