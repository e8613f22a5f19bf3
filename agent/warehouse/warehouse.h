#pragma once
// The per-tenant warehouse: database <tenant>_dw with fact_credit and fact_payment generated
// from the field catalog, per-sync staging tables and the atomic partition swap.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/schemamigration.h"
#include "core/catalog.h"
#include "core/stringset.h"

namespace findata::agent {

/// "fact_credit" / "fact_payment".
std::string_view factTable(core::FileType file);
/// "staging_credit_<key>" / "staging_payment_<key>"; key: letters, digits and '_' only.
std::string stagingTable(core::FileType file, std::string_view syncKey);

/// The table to read live rows from. Without FINAL on purpose: a loan type's partition is only
/// ever replaced whole, by one sync whose keys the validator made unique, so there is never an
/// older version of a row to collapse — and FINAL makes ClickHouse 18.16 read single-threaded
/// (a 1M-row profile took 8–11 s with it).
std::string factSource(std::string_view database, core::FileType file);

/// CREATE TABLE IF NOT EXISTS for a fact table: catalog columns + batch_id, loan_type, loaded_at;
/// ReplacingMergeTree(loaded_at) PARTITION BY loan_type ORDER BY (loan_type, the catalog's key
/// fields) — (loan_type, loan_account_number[, installment_number]) for the standard catalog.
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

    /// Creates <database> and both fact tables if missing, and adds the columns of catalog
    /// fields the tables lack (schemamigration.h); returns the columns added. Idempotent.
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

    /// Replaces the loan type's partition of each fact table with the staging table's
    /// (ALTER TABLE … REPLACE PARTITION … FROM …). Idempotent: running it twice with the same
    /// staging data gives the same state.
    void replacePartition(std::string_view database, core::FileType file, core::LoanType loanType,
                          std::string_view syncKey);

    /// Live rows of a loan type (count() … FINAL).
    std::uint64_t rowCount(std::string_view database, core::FileType file, core::LoanType loanType);
    /// Live rows of every (file, loan type), from part metadata in one query: no scan, so cheap
    /// enough for every "who am I". Zero where nothing was loaded.
    std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> liveRowCounts(
        std::string_view database);
    /// Rows in a staging table.
    std::uint64_t stagingRowCount(std::string_view database, core::FileType file,
                                  std::string_view syncKey);
    /// Rows and amount sums of the live data of a loan type, to compare with a sync's totals.
    ControlTotals liveTotals(std::string_view database, core::FileType file,
                             core::LoanType loanType);
    /// Rows and amount sums (of `catalog`'s amount-role fields) of exactly one sync's rows of
    /// a loan type — WHERE loan_type = … AND batch_id = … — read back after the swap.
    ControlTotals batchTotals(std::string_view database, core::FileType file,
                              core::LoanType loanType, std::string_view batchId,
                              const core::Catalog& catalog = core::Catalog::standard());
    /// Loan numbers of the live credits of a loan type, added live to `out` (streamed).
    void liveLoans(std::string_view database, core::LoanType loanType, core::LoanSet& out);

    ClickHouseClient& client() { return m_client; }

private:
    ClickHouseClient& m_client;

    ControlTotals totals(std::string_view database, core::FileType file, core::LoanType loanType,
                         const std::string* batchId, const core::Catalog& catalog);
};

}  // namespace findata::agent
