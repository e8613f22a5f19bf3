#pragma once
// The API's read queries over a tenant's warehouse: data pages with filters and sorting, column
// profiles and portfolio KPIs. Column names come only from the field catalog and every value
// goes through sqlString, so nothing a client sends reaches ClickHouse as SQL. Amounts come back
// as exact decimal text, never through binary floating point.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/warehouse/livebatches.h"
#include "core/catalog.h"

namespace findata::agent {

class ClickHouseClient;

/// The catalog columns of a file kind for a loan type (every loan type's when absent).
std::vector<const core::FieldSpec*> visibleColumns(core::FileType file,
                                                   std::optional<core::LoanType> loanType);

enum class FilterOp { Equal, AtLeast, AtMost };

struct ColumnFilter {
    const core::FieldSpec* field = nullptr;
    FilterOp op = FilterOp::Equal;
    bool isNull = false;  // `column=` (empty): rows without a value
    std::string literal;  // the value as SQL, from makeFilter()
};

/// Numbers and dates can be compared with __gte / __lte; text and codes only for equality.
bool isOrdered(const core::FieldSpec& field);

/// A filter on a field from the client's text, checked against the field's type: integers,
/// decimals (at the column's scale), dates (as the input files write them), codes (input code or
/// stored word, e.g. I or INDIVIDUAL), flags (E/H or 1/0). Nullopt when the text is not a value
/// of that type or the operator does not apply.
std::optional<ColumnFilter> makeFilter(const core::FieldSpec& field, FilterOp op,
                                       std::string_view text);

struct DataQuery {
    std::string database;
    core::FileType file = core::FileType::Credit;
    std::optional<core::LoanType> loanType;
    std::vector<ColumnFilter> filters;
    const core::FieldSpec* sortBy = nullptr;  // null: the table's key order
    bool descending = false;
    std::uint64_t offset = 0;
    std::uint64_t limit = 50;
    LiveBatches live;  // only these batches are read (none: no rows)
};

/// The keys (loan type, account number[, installment]) of one page in order, ties broken by the
/// table key in the sort's direction so paging is deterministic; NULLs last in both directions.
std::string dataKeysSql(const DataQuery& query);
/// The visible columns, then the key columns, of the rows with these keys (any order).
std::string dataRowsSql(const DataQuery& query, const std::vector<std::vector<std::string>>& keys);
/// Every matching row's visible columns, in the page order.
std::string dataExportSql(const DataQuery& query);
/// The rows matching the same filters.
std::string dataCountSql(const DataQuery& query);

/// What a sort by the column orders by (decimals: their Float64 image, see queries.cpp).
std::string sortExpression(const core::FieldSpec& field);
/// The key columns of a file kind's fact table as SQL, the loan type first.
std::vector<std::string> dataKeyColumns(core::FileType file);
/// The page's "columns" array.
nlohmann::json dataColumnsJson(const DataQuery& query);
/// Every live row of the query's view (its filters ignored) for the sort index's row store: the
/// key as one text first (the key columns' values joined by \x1f, as the sort index keeps them),
/// then every column of the file (every loan type's, as a page without a loan type has them).
std::string dataRowTextsSql(const DataQuery& query);

/// The page rows of these keys (each as dataKeysSql's TabSeparated row), in the keys' order;
/// a key no live row has is left out.
nlohmann::json dataRowsByKey(ClickHouseClient& client, const DataQuery& query,
                             const std::vector<std::vector<std::string>>& keys);

/// Runs both: {"columns": [{name, type, numeric}], "rows": [[…], …], "total"}. Row values are
/// JSON numbers for integers and flags, strings for amounts, rates, dates and text, null for NULL.
/// A known total (from an earlier page of the same query) skips the count.
nlohmann::json readDataPage(ClickHouseClient& client, const DataQuery& query,
                            std::optional<std::uint64_t> knownTotal = std::nullopt);

/// Every row matching the query (offset and limit ignored) as `;`-separated CSV with a header of
/// column names, streamed to `write` as ClickHouse produces it; stops when `write` returns false.
/// NULL is an empty field; amounts and rates are exact decimal text.
void exportDataCsv(ClickHouseClient& client, const DataQuery& query,
                   const std::function<bool(std::string_view)>& write);

/// Per-column profile of the live rows, in two scans: one aggregate query for every column's
/// statistics (numeric: count, nulls, zeros, min, max, sum, mean, stddev, quantiles; other:
/// count, nulls, distinct, top candidates), one for the histograms and the exact counts of the
/// top values. /api/profiling/ no longer uses it — it serves the profile a sync stored or one
/// streamed from the warehouse (agent/profiling/) — it stays as the independent computation
/// those are tested against.
nlohmann::json profileColumns(ClickHouseClient& client, std::string_view database,
                              core::FileType file, std::optional<core::LoanType> loanType,
                              const LiveBatches& live);

/// Portfolio figures over the live credits of the loan types (one query): credits, outstanding
/// principal (total and by status), days-past-due buckets, weighted average nominal rate, and
/// payment plan rows.
nlohmann::json portfolioKpis(ClickHouseClient& client, std::string_view database,
                             std::span<const core::LoanType> loanTypes, const LiveBatches& live);

/// How the live credits of one period differ from those of the previous period (reporting
/// periods, agent/api/periodroutes.cpp): new_loans = loans (loan type, account number) not in
/// the previous period; closed_loans = loans CLOSED now that were not CLOSED (or not there) in
/// the previous period. Two counting queries.
nlohmann::json loanChanges(ClickHouseClient& client, std::string_view database,
                           std::span<const core::LoanType> loanTypes, const LiveBatches& current,
                           const LiveBatches& previous);

}  // namespace findata::agent
