// Sort indexes of large views: see sortindex.h.

#include "agent/warehouse/sortindex.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <unordered_map>

#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr std::string_view kIndexTable = "sort_index";
constexpr std::string_view kReadyTable = "sort_index_ready";
constexpr std::string_view kRowsTable = "sort_rows";
// The row store's entry in sort_index_ready (no catalog column has a '*' in its name).
constexpr std::string_view kRowsMarker = "*rows";
constexpr char kKeySeparator = '\x1f';

std::string indexTable(const std::string& database) {
    return sqlTable(database, kIndexTable);
}

std::string readyTable(const std::string& database) {
    return sqlTable(database, kReadyTable);
}

std::string rowsTable(const std::string& database) {
    return sqlTable(database, kRowsTable);
}

// TabSeparated escaping of one value.
void appendTsv(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

// The end (one past the closing quote) of the JSON string starting at `from`; npos when none.
std::size_t jsonStringEnd(std::string_view text, std::size_t from) {
    if (from >= text.size() || text[from] != '"') return std::string_view::npos;
    for (auto i = from + 1; i < text.size(); ++i) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            return i + 1;
    }
    return std::string_view::npos;
}

// A JSON string's value; the key separator ClickHouse writes as \u001F without a full parse.
std::string jsonStringValue(std::string_view token) {
    const auto inner = token.substr(1, token.size() - 2);
    std::string value;
    for (std::size_t i = 0; i < inner.size(); ++i) {
        if (inner[i] != '\\') {
            value += inner[i];
        } else if (inner.substr(i, 6) == "\\u001F" || inner.substr(i, 6) == "\\u001f") {
            value += kKeySeparator;
            i += 5;
        } else {
            return json::parse(token).get<std::string>();  // any other escape
        }
    }
    return value;
}

std::uint64_t toNumber(std::string_view text) {
    std::uint64_t n = 0;
    std::from_chars(text.data(), text.data() + text.size(), n);
    return n;
}

std::uint64_t jsonNumber(const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_string()) return toNumber(std::string_view(v.get_ref<const std::string&>()));
    return 0;
}

// One TabSeparated line of key fields as the key text kept in the index.
std::string keyText(std::string_view line) {
    std::string key;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        key += unescapeTsv(
            line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
        if (tab == std::string_view::npos) return key;
        key += kKeySeparator;
        start = tab + 1;
    }
}

std::vector<std::string> splitKey(std::string_view text) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(kKeySeparator, start);
        fields.emplace_back(text.substr(start, end == text.npos ? text.npos : end - start));
        if (end == text.npos) return fields;
        start = end + 1;
    }
}

// (sort column → (rows, nulls)) of the view's complete indexes.
std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> readyColumns(
    ClickHouseClient& client, const std::string& database, const std::string& view,
    const std::string& only = {}, bool onlyGiven = false) {
    std::string sql = "SELECT sort_column, rows, nulls FROM " + readyTable(database) +
                      " WHERE view = " + sqlString(view);
    if (onlyGiven)
        sql += " AND sort_column IN ('', " + sqlString(only) + ", " + sqlString(kRowsMarker) + ")";
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> ready;
    for (const auto& row : parseTsv(client.query(sql + " FORMAT TabSeparated")))
        if (row.size() == 3) ready[row[0]] = {toNumber(row[1]), toNumber(row[2])};
    return ready;
}

// Complete indexes seen by readers: a marked column never changes (a view is rebuilt only when
// incomplete, into the same ranks), so it is asked once; a chunk gone meanwhile makes the page
// fall back to the SQL sort, never read wrong.
class ReadyCache final {
public:
    std::optional<std::pair<std::uint64_t, std::uint64_t>> find(const std::string& key) {
        const std::lock_guard lock(m_mutex);
        const auto it = m_ready.find(key);
        if (it == m_ready.end()) return std::nullopt;
        return it->second;
    }
    void put(const std::string& key, std::pair<std::uint64_t, std::uint64_t> value) {
        const std::lock_guard lock(m_mutex);
        if (m_ready.size() >= 10000) m_ready.clear();  // views come and go with syncs
        m_ready.emplace(key, value);
    }
    void clear() {
        const std::lock_guard lock(m_mutex);
        m_ready.clear();
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> m_ready;
};

ReadyCache& readyCache() {
    static ReadyCache cache;
    return cache;
}

void dropView(ClickHouseClient& client, const std::string& database, const std::string& view) {
    // The marker first: a reader never sees a column marked complete whose chunks are gone.
    for (const auto& t : {readyTable(database), indexTable(database), rowsTable(database)})
        client.execute("ALTER TABLE " + t + " DROP PARTITION " + sqlString(view));
}

// Streams a query's output to onLine line by line; false when `stop` was raised (the rest is
// not read).
template <typename OnLine>
bool streamLines(ClickHouseClient& client, const std::string& sql, OnLine& onLine,
                 const std::atomic<bool>& stop) {
    LineSplitter lines;
    bool stopped = false;
    client.queryStream(sql, [&](std::string_view bytes) {
        lines.feed(bytes, onLine);
        stopped = stop.load();
        return !stopped;
    });
    if (stopped) return false;
    lines.finish(onLine);
    return true;
}

// Streams one column's ascending order into sort_index; false when stopped.
bool writeColumn(ClickHouseClient& client, const DataQuery& q, const std::string& view,
                 const std::string& columnName, std::uint64_t rows, const std::atomic<bool>& stop) {
    auto insert = client.startInsert("INSERT INTO " + indexTable(q.database) +
                                     " (view, sort_column, chunk, keys) FORMAT JSONEachRow");
    const auto prefix = "{\"view\":" + json(view).dump() +
                        ",\"sort_column\":" + json(columnName).dump() + ",\"chunk\":";
    std::uint64_t chunk = 0, ranks = 0;
    std::string row, keys;
    std::size_t inChunk = 0;
    const auto flush = [&] {
        if (inChunk == 0) return;
        row.clear();
        row += prefix;
        row += std::to_string(chunk++);
        row += ",\"keys\":[";
        row += keys;
        row += "]}\n";
        insert->write(row);
        keys.clear();
        inChunk = 0;
    };
    const auto onLine = [&](std::string_view line) {
        if (inChunk) keys += ',';
        keys += json(keyText(line)).dump();
        ++ranks;
        if (++inChunk == kSortIndexChunk) flush();
    };
    // dataKeysSql itself, for every rank: the same ORDER BY as a page sorted in SQL.
    DataQuery all = q;
    all.offset = 0;
    all.limit = rows;
    if (!streamLines(client, dataKeysSql(all) + " SETTINGS max_threads = 1 FORMAT TabSeparated",
                     onLine, stop)) {
        insert->abort();
        return false;
    }
    flush();
    insert->finish();
    if (ranks != rows)
        throw WarehouseError("the sort index of " + view + " by '" + columnName + "' holds " +
                             std::to_string(ranks) + " rows, the view " + std::to_string(rows));
    return true;
}

// Streams every row of the view into sort_rows, each as ClickHouse's JSONCompact prints it (so a
// page from it is what a page read from the fact table shows); false when stopped.
bool writeRows(ClickHouseClient& client, const DataQuery& q, const std::string& view,
               std::uint64_t rows, const std::atomic<bool>& stop) {
    auto insert = client.startInsert("INSERT INTO " + rowsTable(q.database) +
                                     " (view, key, row) FORMAT TabSeparated");
    std::string prefix;
    appendTsv(prefix, view);
    prefix += '\t';
    std::string out;
    std::uint64_t written = 0;
    const auto onLine = [&](std::string_view line) {
        // A row of "data" is one line: ["<key>", <column>, …] (a comma after all but the last).
        const auto start = line.find_first_not_of('\t');
        if (start == std::string_view::npos) return;
        line.remove_prefix(start);
        if (line.size() < 2 || line.front() != '[') return;
        if (line.back() == ',') line.remove_suffix(1);
        const auto keyEnd = jsonStringEnd(line, 1);
        if (keyEnd == std::string_view::npos || line.substr(keyEnd, 2) != ", " ||
            line.back() != ']')
            throw WarehouseError("the rows of " + view + " came back in an unexpected form: " +
                                 std::string(line.substr(0, 200)));
        out += prefix;
        appendTsv(out, jsonStringValue(line.substr(1, keyEnd - 1)));
        out += "\t[";
        appendTsv(out, line.substr(keyEnd + 2));
        out += '\n';
        ++written;
        if (out.size() >= (1 << 20)) {
            insert->write(out);
            out.clear();
        }
    };
    if (!streamLines(client, dataRowTextsSql(q) + " SETTINGS max_threads = 1 FORMAT JSONCompact",
                     onLine, stop)) {
        insert->abort();
        return false;
    }
    if (!out.empty()) insert->write(out);
    insert->finish();
    if (written != rows)
        throw WarehouseError("the row store of " + view + " holds " + std::to_string(written) +
                             " rows, the view " + std::to_string(rows));
    return true;
}

// The page's rows from the row store, in the keys' order and with the query's columns; nullopt
// when one is missing (the view was dropped meanwhile).
std::optional<json> storedRows(ClickHouseClient& client, const DataQuery& q,
                               const std::string& view, const std::vector<std::string>& keys) {
    std::string list;
    for (const auto& k : keys)
        list += (list.empty() ? "" : ", ") + sqlString(k);
    std::unordered_map<std::string, std::string> byKey;
    for (auto& row : parseTsv(client.query(
             "SELECT key, row FROM " + rowsTable(q.database) + " WHERE view = " + sqlString(view) +
             " AND key IN (" + list + ") SETTINGS max_threads = 1 FORMAT TabSeparated")))
        if (row.size() == 2) byKey.emplace(std::move(row[0]), std::move(row[1]));
    // The stored rows have every loan type's columns; a page of one loan type shows its own.
    const auto every = visibleColumns(q.file, std::nullopt);
    std::vector<std::size_t> shown;
    for (std::size_t i = 0; i < every.size(); ++i)
        if (!q.loanType || core::appliesTo(*every[i], *q.loanType)) shown.push_back(i);
    json rows = json::array();
    for (const auto& k : keys) {
        const auto it = byKey.find(k);
        if (it == byKey.end()) return std::nullopt;
        auto all = json::parse(it->second);
        if (!all.is_array() || all.size() != every.size()) return std::nullopt;
        json row = json::array();
        for (const auto i : shown)
            row.push_back(std::move(all[i]));
        rows.push_back(std::move(row));
    }
    return rows;
}

// What an index and row store of `rows` rows of the file take on disk, from the fact table's
// bytes per row: the two hold ~3.8 times the view's compressed bytes (10 M credit rows); 4 here.
std::uint64_t estimatedBytes(ClickHouseClient& client, const std::string& database,
                             core::FileType file, std::uint64_t rows) {
    const auto parts = parseTsv(client.query(
        "SELECT sum(bytes_on_disk), sum(rows) FROM system.parts WHERE active AND database = " +
        sqlString(database) + " AND table = " + sqlString(factTable(file)) +
        " FORMAT TabSeparated"));
    if (parts.empty() || parts.front().size() != 2) return 0;
    const auto bytes = toNumber(parts.front()[0]), factRows = toNumber(parts.front()[1]);
    if (factRows == 0) return 0;
    return static_cast<std::uint64_t>(4.0 * static_cast<double>(bytes) * static_cast<double>(rows) /
                                      static_cast<double>(factRows));
}

// A query over every loan type while only one has live rows reads that loan type's view: the
// same rows in the same order (the loan type is the key's constant first field).
DataQuery normalized(const DataQuery& q) {
    auto view = q;
    if (view.loanType) return view;
    std::optional<core::LoanType> only;
    for (const auto t : core::kLoanTypes)
        if (q.live.find(q.file, t)) {
            if (only) return view;
            only = t;
        }
    view.loanType = only;
    return view;
}

// Every column's order of the view (and the key order), each marked complete after its last
// chunk; false when stopped.
bool writeColumns(ClickHouseClient& client, DataQuery q, const std::string& id,
                  const std::vector<const core::FieldSpec*>& columns, SortIndexBuild& result,
                  const std::atomic<bool>& stop) {
    // The NULLs of every column, for the descending ranks.
    std::string counts;
    for (const auto* f : columns)
        counts +=
            (counts.empty() ? "" : ", ") + ("countIf(isNull(" + sqlIdentifier(f->name) + "))");
    const auto from = dataCountSql(q);  // SELECT count() FROM … WHERE live
    const auto nullRow = parseTsv(client.query(
        "SELECT " + counts + from.substr(from.find(" FROM ")) + " FORMAT TabSeparated"));
    std::vector<const core::FieldSpec*> order = {nullptr};
    order.insert(order.end(), columns.begin(), columns.end());
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (stop.load()) {
            result.stopped = true;
            return false;
        }
        q.sortBy = order[i];
        const std::string name = order[i] ? std::string(order[i]->name) : std::string();
        if (!writeColumn(client, q, id, name, result.rows, stop)) {
            result.stopped = true;
            return false;
        }
        const auto nulls = i == 0 || nullRow.empty() ? 0 : toNumber(nullRow.front().at(i - 1));
        client.execute("INSERT INTO " + readyTable(q.database) +
                       " (view, sort_column, rows, nulls) VALUES (" + sqlString(id) + ", " +
                       sqlString(name) + ", " + std::to_string(result.rows) + ", " +
                       std::to_string(nulls) + ")");
        ++result.columns;
    }
    return true;
}

}  // namespace

std::string sortViewId(const DataQuery& q) {
    std::string view;
    const auto add = [&](core::LoanType t) {
        if (const auto* batch = q.live.find(q.file, t)) {
            // Appended piece by piece: GCC 12 at -O2 warns (-Wrestrict, a false positive) about
            // the inlined operator+ chain.
            view += '|';
            view += core::toText(t);
            view += '=';
            view += *batch;
        }
    };
    if (q.loanType)
        add(*q.loanType);
    else
        for (const auto t : core::kLoanTypes)
            add(t);
    return view.empty() ? view : std::string(core::toText(q.file)) + view;
}

void ensureSortIndexTables(ClickHouseClient& client, const std::string& database) {
    // Small granules: a page reads one or two rows of 128 keys, not 8192 of them.
    client.execute("CREATE TABLE IF NOT EXISTS " + indexTable(database) +
                   " (view String, sort_column String, chunk UInt32, keys Array(String)) "
                   "ENGINE = MergeTree PARTITION BY view ORDER BY (view, sort_column, chunk) "
                   "SETTINGS index_granularity = 64");
    // A page's 50 rows sit in 50 places: granules of 32 rows (~10 KB of text) keep each read small.
    client.execute("CREATE TABLE IF NOT EXISTS " + rowsTable(database) +
                   " (view String, key String, row String) "
                   "ENGINE = MergeTree PARTITION BY view ORDER BY (view, key) "
                   "SETTINGS index_granularity = 32");
    client.execute("CREATE TABLE IF NOT EXISTS " + readyTable(database) +
                   " (view String, sort_column String, rows UInt64, nulls UInt64, "
                   "built_at DateTime DEFAULT now()) "
                   "ENGINE = MergeTree PARTITION BY view ORDER BY (view, sort_column)");
}

std::optional<json> readIndexedPage(ClickHouseClient& client, const DataQuery& q) {
    if (!q.filters.empty()) return std::nullopt;
    const auto view = sortViewId(q);
    if (view.empty()) return std::nullopt;
    // A column of another loan type than the view's only one: NULL in every row, so in the key
    // order (reversed when descending, like any NULL block).
    const auto view1 = normalized(q);
    const bool applies =
        q.sortBy && (!view1.loanType || core::appliesTo(*q.sortBy, *view1.loanType));
    const std::string columnName = applies ? std::string(q.sortBy->name) : std::string();
    const auto cacheKey = q.database + '\x1f' + view + '\x1f' + columnName;
    const auto rowsKey = q.database + '\x1f' + view + '\x1f' + std::string(kRowsMarker);
    auto marked = readyCache().find(cacheKey);
    bool rowsStored = readyCache().find(rowsKey).has_value();
    if (!marked || !rowsStored) {
        std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> ready;
        try {
            ready = readyColumns(client, q.database, view, columnName, true);
        } catch (const WarehouseUnavailable&) {
            throw;
        } catch (const WarehouseError&) {
            return std::nullopt;  // no index tables yet
        }
        const auto order = ready.find(columnName);
        if (order == ready.end() || !ready.count("")) return std::nullopt;
        marked = order->second;
        readyCache().put(cacheKey, *marked);
        if (const auto stored = ready.find(std::string(kRowsMarker)); stored != ready.end()) {
            rowsStored = true;
            readyCache().put(rowsKey, stored->second);
        }
    }
    const auto rows = marked->first;
    const auto nulls = q.sortBy && !applies ? rows : marked->second;
    const bool descending = q.sortBy && q.descending;
    const auto values = rows - std::min(rows, nulls);
    // The ascending ranks of the page, in page order.
    std::vector<std::uint64_t> ranks;
    for (auto r = q.offset; r < rows && r - q.offset < q.limit; ++r)
        ranks.push_back(!descending ? r : r < values ? values - 1 - r : values + (rows - 1 - r));
    json page = {{"columns", dataColumnsJson(q)}, {"rows", json::array()}, {"total", rows}};
    if (ranks.empty()) return page;
    std::set<std::uint64_t> chunks;
    for (const auto r : ranks)
        chunks.insert(r / kSortIndexChunk);
    std::string list;
    for (const auto c : chunks)
        list += (list.empty() ? "" : ", ") + std::to_string(c);
    const auto answer = json::parse(client.query(
        "SELECT chunk, keys FROM " + indexTable(q.database) + " WHERE view = " + sqlString(view) +
        " AND sort_column = " + sqlString(columnName) + " AND chunk IN (" + list +
        ") SETTINGS max_threads = 1 FORMAT JSONCompact"));
    std::map<std::uint64_t, const json*> byChunk;
    for (const auto& row : answer.at("data"))
        byChunk[jsonNumber(row.at(0))] = &row.at(1);
    std::vector<std::string> keyTexts;
    for (const auto r : ranks) {
        const auto it = byChunk.find(r / kSortIndexChunk);
        // Dropped while we read (the view was rebuilt): the SQL sort answers instead.
        if (it == byChunk.end() || it->second->size() <= r % kSortIndexChunk) return std::nullopt;
        keyTexts.push_back(it->second->at(r % kSortIndexChunk).get<std::string>());
    }
    // The rows: from the row store (one column of small granules), else from the fact table
    // (every column's granule of each row: about 5 times the CPU).
    if (rowsStored) {
        auto rows = storedRows(client, q, view, keyTexts);
        if (!rows) return std::nullopt;
        page["rows"] = std::move(*rows);
        return page;
    }
    std::vector<std::vector<std::string>> keys;
    const auto keyWidth = dataKeyColumns(q.file).size();
    for (const auto& text : keyTexts) {
        keys.push_back(splitKey(text));
        if (keys.back().size() != keyWidth) return std::nullopt;
    }
    page["rows"] = dataRowsByKey(client, q, keys);
    if (page["rows"].size() != keys.size()) return std::nullopt;
    return page;
}

SortIndexBuild buildSortIndex(ClickHouseClient& client, const DataQuery& view,
                              std::uint64_t minRows, const std::atomic<bool>& stop,
                              const std::function<void(std::uint64_t)>& beforeWriting) {
    SortIndexBuild result;
    DataQuery q = normalized(view);
    q.filters.clear();
    q.sortBy = nullptr;
    q.descending = false;
    const auto id = sortViewId(q);
    if (id.empty()) {
        result.skipped = true;
        return result;
    }
    result.rows =
        toNumber(std::string_view(client.query(dataCountSql(q) + " FORMAT TabSeparated")));
    if (minRows == 0 || result.rows < minRows) {
        result.skipped = true;
        return result;
    }
    ensureSortIndexTables(client, q.database);
    const auto columns = visibleColumns(q.file, q.loanType);
    const auto ready = readyColumns(client, q.database, id);
    const bool rowsReady = ready.count(std::string(kRowsMarker)) > 0;
    const bool complete = rowsReady && ready.size() == columns.size() + 2;
    if (!complete && beforeWriting)
        beforeWriting(estimatedBytes(client, q.database, q.file, result.rows));
    if (ready.size() - (rowsReady ? 1 : 0) != columns.size() + 1) {
        // Anything of an incomplete view (a build cut short) goes: no half index is ever added
        // to.
        dropView(client, q.database, id);
        if (!writeColumns(client, q, id, columns, result, stop)) return result;
    } else if (rowsReady) {
        return result;
    }
    // The row store (alone for a view an earlier version indexed), after the orders: pages read
    // the fact table until it is complete.
    if (stop.load()) {
        result.stopped = true;
        return result;
    }
    client.execute("ALTER TABLE " + rowsTable(q.database) + " DROP PARTITION " + sqlString(id));
    if (!writeRows(client, q, id, result.rows, stop)) {
        result.stopped = true;
        return result;
    }
    client.execute("INSERT INTO " + readyTable(q.database) +
                   " (view, sort_column, rows, nulls) VALUES (" + sqlString(id) + ", " +
                   sqlString(kRowsMarker) + ", " + std::to_string(result.rows) + ", 0)");
    ++result.columns;
    return result;
}

std::size_t dropSortIndexesExcept(ClickHouseClient& client, const std::string& database,
                                  const std::set<std::string>& keep) {
    // No index tables yet (no view of the tenant was ever large enough): nothing to drop, and
    // none made here — a tenant's database must not gain tables while it may be being removed
    // (DROP DATABASE fails when a table appears meanwhile).
    const auto existing = parseTsv(
        client.query("SELECT count() FROM system.tables WHERE database = " + sqlString(database) +
                     " AND name IN (" + sqlString(kIndexTable) + ", " + sqlString(kReadyTable) +
                     ") FORMAT TabSeparated"));
    if (existing.empty() || existing.front().empty() || existing.front().front() == "0") return 0;
    ensureSortIndexTables(client, database);
    const auto views = parseTsv(client.query(
        "SELECT DISTINCT view FROM (SELECT view FROM " + readyTable(database) +
        " UNION ALL SELECT DISTINCT view FROM " + indexTable(database) +
        " UNION ALL SELECT DISTINCT view FROM " + rowsTable(database) + ") FORMAT TabSeparated"));
    std::size_t dropped = 0;
    for (const auto& row : views)
        if (!row.empty() && !keep.count(row[0])) {
            dropView(client, database, row[0]);
            ++dropped;
        }
    if (dropped > 0) readyCache().clear();
    return dropped;
}

}  // namespace findata::agent
