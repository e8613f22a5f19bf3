#pragma once
// Sort indexes: the precomputed order of every sortable column of a large "view" (a file kind
// and the exact live batches a data page reads: one loan type's, or every loan type's), so a
// sorted page of ten million rows is a primary-key read instead of a full sort (ClickHouse 18.16
// sorts the whole column for every page).
//
// Three tables in the tenant's own warehouse database, partitioned by view:
//   sort_index       (view, sort_column, chunk, keys): the keys of ranks [chunk*128, chunk*128+128)
//                    of the ascending order, each key's fields joined by \x1f; sort_column ''
//                    holds the key order (unsorted pages)
//   sort_rows        (view, key, row): the row store, every row of the view once as ClickHouse's
//                    JSONCompact prints it (every loan type's columns), in granules of 32 rows.
//                    A page's 50 rows are 50 small reads of one column there, against 50 granules
//                    of every column of the fact table (10 M rows: ~5 against ~25 ms of CPU)
//   sort_index_ready (view, sort_column, rows, nulls): written after a column's last chunk (and
//                    with sort_column '*rows' after the row store's last row), so a column
//                    without it (a build cut short) is never read; a page without a complete
//                    row store reads its rows from the fact table
// The ascending order is the one dataKeysSql uses, from the same ORDER BY (queries.cpp), so the
// two agree by construction. Descending is the exact reverse of it, NULLs apart (they come last
// both ways): rank r < rows-nulls reads ascending rank rows-nulls-1-r, a NULL rank
// rows-nulls + (rows-1-r).
//
// A view is its batches: a page of every loan type while only one has live rows reads that loan
// type's view (another loan type's columns are NULL throughout: the key order). A view's id
// names its batches, so a sync (a new live batch) makes a new view: pages of it read
// the SQL sort until its index is complete; the old view's partitions are dropped.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "agent/warehouse/queries.h"

namespace findata::agent {

class ClickHouseClient;

/// Ranks per row of sort_index.
inline constexpr std::uint64_t kSortIndexChunk = 128;

/// The view a query reads: "credit|RETAIL=<batch>|COMMERCIAL=<batch>"; empty when no batch is
/// live. Only file, loanType and live count (filters, sort and page do not).
std::string sortViewId(const DataQuery& query);

/// Creates the two tables when missing.
void ensureSortIndexTables(ClickHouseClient& client, const std::string& database);

/// The page from the view's index; nullopt when the query has filters or the index of its view
/// and sort column is not complete (the caller then sorts in SQL). Same JSON as readDataPage.
std::optional<nlohmann::json> readIndexedPage(ClickHouseClient& client, const DataQuery& query);

struct SortIndexBuild {
    std::uint64_t rows = 0;   // of the view
    std::size_t columns = 0;  // indexes written by this call (the key order and rows included)
    bool skipped = false;     // fewer rows than the threshold, or nothing live
    bool stopped = false;     // `stop` was raised: the view is left without a complete index
};

/// Builds every missing column index of the query's view (file, loanType, live) when it has at
/// least `minRows` rows, then its row store; one at a time, each with a single ClickHouse thread.
/// A view whose orders are incomplete (a build cut short) is dropped and built again; one with
/// every order but no row store (an earlier version's) gains the row store alone. Checks `stop`
/// between chunks. Throws WarehouseError when ClickHouse fails.
/// `beforeWriting`, when given, is told the disk space the build may take (about 4 times the
/// view's share of its fact table, the orders still to write included or not) before anything
/// is written; it throws to leave the view unindexed (e.g. InsufficientDisk).
SortIndexBuild buildSortIndex(ClickHouseClient& client, const DataQuery& view,
                              std::uint64_t minRows, const std::atomic<bool>& stop,
                              const std::function<void(std::uint64_t bytes)>& beforeWriting = {});

/// Drops the indexes of every view of the database not in `keep`; returns how many.
std::size_t dropSortIndexesExcept(ClickHouseClient& client, const std::string& database,
                                  const std::set<std::string>& keep);

}  // namespace findata::agent
