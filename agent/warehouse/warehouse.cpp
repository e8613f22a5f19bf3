#include "agent/warehouse/warehouse.h"

#include <charconv>
#include <stdexcept>

#include "agent/util/csv.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

namespace findata::agent {
namespace {

constexpr std::string_view kStagingPrefix = "staging_";

std::uint64_t parseCount(const std::string& body, std::string_view sql) {
    std::string_view text(body);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        throw WarehouseError("ClickHouse answered '" + std::string(text.substr(0, 100)) +
                             "' where a count was expected: " + std::string(sql.substr(0, 200)));
    return value;
}

void checkSyncKey(std::string_view key) {
    if (key.empty()) throw std::invalid_argument("staging table key is empty");
    for (const char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            throw std::invalid_argument("staging table key '" + std::string(key) +
                                        "' may hold only letters, digits and '_'");
}

// The credit key: one field, the loan account number (CatalogError otherwise).
std::size_t loanKeyOf(const core::Catalog& catalog) {
    const auto keys = catalog.withRole(core::FileType::Credit, core::FieldRole::Key);
    if (keys.size() != 1)
        throw core::CatalogError("the credit file's key must be one field, the loan number");
    return keys.front();
}

// The fact tables' engine: one partition per (loan type, batch), so a sync adds its own and
// never rewrites the live one. The newest load of a key wins when parts merge (see factSource
// for why reads need no FINAL).
std::string engineClause(core::FileType file, const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    std::string clause = "ENGINE = ReplacingMergeTree(" + sqlIdentifier(kLoadedAtColumn) + ")\n";
    clause += "PARTITION BY (" + sqlIdentifier(kLoanTypeColumn) + ", " +
              sqlIdentifier(kBatchIdColumn) + ")\n";
    clause += "ORDER BY (" + sqlIdentifier(kLoanTypeColumn);
    for (const auto key : catalog.withRole(file, core::FieldRole::Key))
        clause += ", " + sqlIdentifier(fields[key].name);
    clause += ")\nSETTINGS index_granularity = " + std::to_string(kFactIndexGranularity);
    return clause;
}

std::string_view stagingStem(core::FileType file) {
    return file == core::FileType::Credit ? "staging_credit_" : "staging_payment_";
}

}  // namespace

std::string_view factTable(core::FileType file) {
    return file == core::FileType::Credit ? "fact_credit" : "fact_payment";
}

std::string stagingTable(core::FileType file, std::string_view syncKey) {
    checkSyncKey(syncKey);
    return std::string(stagingStem(file)) + std::string(syncKey);
}

std::string factTableDdl(std::string_view database, core::FileType file,
                         const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    std::string ddl = "CREATE TABLE IF NOT EXISTS " + sqlTable(database, factTable(file)) + "\n(\n";
    for (const auto& f : fields)
        ddl += "    " + sqlIdentifier(f.name) + ' ' + core::warehouseType(f) + ",\n";
    ddl += "    " + sqlIdentifier(kBatchIdColumn) + " String,\n";
    ddl += "    " + sqlIdentifier(kLoanTypeColumn) + " String,\n";
    ddl += "    " + sqlIdentifier(kLoadedAtColumn) + " DateTime,\n";
    ddl += "    " + sqlIdentifier(kSourceLineColumn) + " UInt32 DEFAULT 0\n)\n";
    ddl += engineClause(file, catalog);
    return ddl;
}

Warehouse::Warehouse(ClickHouseClient& client) : m_client(client) {}

std::vector<SchemaChange> Warehouse::ensureTenant(std::string_view database,
                                                  const core::Catalog& catalog) {
    m_client.execute("CREATE DATABASE IF NOT EXISTS " + sqlIdentifier(database));
    for (const auto file : core::kFileTypes) {
        restoreInterruptedRepartition(database, file);
        m_client.execute(factTableDdl(database, file, catalog));
    }
    auto changes = pendingSchemaChanges(m_client, database, catalog);
    for (const auto& change : changes)
        m_client.execute(change.statement);
    for (const auto file : core::kFileTypes)
        if (repartition(database, file, catalog)) {
            const std::string table(factTable(file));
            changes.push_back({table, "(partition key)", "(loan_type, batch_id)",
                               "rebuilt " + table +
                                   " partitioned by (loan_type, batch_id), index_granularity " +
                                   std::to_string(kFactIndexGranularity)});
        }
    return changes;
}

bool Warehouse::hasTable(std::string_view database, std::string_view table) {
    const std::string sql =
        "SELECT count() FROM system.tables WHERE database = " + sqlString(database) +
        " AND name = " + sqlString(table) + " FORMAT TabSeparated";
    return parseCount(m_client.query(sql), sql) > 0;
}

// A rebuild (below) stopped between its two renames: the old table comes back, and the rebuild
// starts over.
void Warehouse::restoreInterruptedRepartition(std::string_view database, core::FileType file) {
    const std::string table(factTable(file));
    if (!hasTable(database, table) && hasTable(database, table + "_before_batches"))
        m_client.execute("RENAME TABLE " + sqlTable(database, table + "_before_batches") + " TO " +
                         sqlTable(database, table));
}

bool factTableOutdated(std::string_view create) {
    if (create.find("PARTITION BY (loan_type, batch_id)") == std::string_view::npos) return true;
    constexpr std::string_view setting = "index_granularity = ";
    const auto at = create.find(setting);
    if (at == std::string_view::npos) return true;
    int granularity = 0;
    const auto digits = create.substr(at + setting.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), granularity);
    return granularity != kFactIndexGranularity;
}

// Tables an earlier version made (partitioned by loan type only, or with ClickHouse's default
// granules of 8192 rows) are rebuilt once: a copy with the same columns and this version's
// engine clause takes every row — each keeps its batch_id, so the live batches PostgreSQL names
// stay the same rows — then replaces the original.
bool Warehouse::repartition(std::string_view database, core::FileType file,
                            const core::Catalog& catalog) {
    const std::string table(factTable(file));
    // SHOW CREATE rather than system.tables' engine_full, which 18.16 computes for every table
    // of the database and fails on one dropped meanwhile (a sync's staging table).
    const auto engine = m_client.query("SHOW CREATE TABLE " + sqlTable(database, table) +
                                       " FORMAT TabSeparatedRaw");
    if (!factTableOutdated(engine)) return false;
    const auto original = sqlTable(database, table);
    const auto rebuilt = sqlTable(database, table + "_rebuild");
    const auto before = sqlTable(database, table + "_before_batches");
    m_client.execute("DROP TABLE IF EXISTS " + rebuilt);
    m_client.execute("CREATE TABLE " + rebuilt + " AS " + original + ' ' +
                     engineClause(file, catalog));
    m_client.execute("INSERT INTO " + rebuilt + " SELECT * FROM " + original);
    m_client.execute("RENAME TABLE " + original + " TO " + before + ", " + rebuilt + " TO " +
                     original);
    m_client.execute("DROP TABLE " + before);
    return true;
}

void Warehouse::dropTenant(std::string_view database) {
    m_client.execute("DROP DATABASE IF EXISTS " + sqlIdentifier(database));
}

void Warehouse::createStaging(std::string_view database, std::string_view syncKey) {
    for (const auto file : core::kFileTypes) {
        const auto staging = sqlTable(database, stagingTable(file, syncKey));
        m_client.execute("DROP TABLE IF EXISTS " + staging);
        // Same columns, engine, partition and sorting key: what REPLACE PARTITION requires.
        m_client.execute("CREATE TABLE " + staging + " AS " + sqlTable(database, factTable(file)));
    }
}

void Warehouse::dropStaging(std::string_view database, std::string_view syncKey) {
    for (const auto file : core::kFileTypes)
        m_client.execute("DROP TABLE IF EXISTS " + sqlTable(database, stagingTable(file, syncKey)));
}

std::vector<std::string> Warehouse::stagingTables(std::string_view database) {
    // substring() rather than startsWith() or LIKE: '_' is a LIKE wildcard, and old servers
    // differ in their functions.
    const std::string sql =
        "SELECT name FROM system.tables WHERE database = " + sqlString(database) +
        " AND substring(name, 1, " + std::to_string(kStagingPrefix.size()) +
        ") = " + sqlString(kStagingPrefix) + " ORDER BY name FORMAT TabSeparated";
    std::vector<std::string> names;
    LineSplitter lines;
    const auto onLine = [&](std::string_view line) { names.push_back(unescapeTsv(line)); };
    m_client.queryStream(sql, [&](std::string_view chunk) {
        lines.feed(chunk, onLine);
        return true;
    });
    lines.finish(onLine);
    return names;
}

std::unique_ptr<InsertStream> Warehouse::insertStaging(std::string_view database,
                                                       core::FileType file,
                                                       std::string_view syncKey,
                                                       std::string_view columnList,
                                                       std::string_view format) {
    if (format != "Native" && format != "RowBinary")
        throw std::invalid_argument("insertStaging: format " + std::string(format));
    return m_client.startInsert("INSERT INTO " + sqlTable(database, stagingTable(file, syncKey)) +
                                ' ' + std::string(columnList) + " FORMAT " + std::string(format));
}

void Warehouse::replacePartition(std::string_view database, core::FileType file,
                                 core::LoanType loanType, std::string_view batchId,
                                 std::string_view syncKey) {
    // A tuple partition key is named by a tuple literal, which 18.16 and current servers both
    // accept. An empty staging batch leaves the partition empty.
    m_client.execute("ALTER TABLE " + sqlTable(database, factTable(file)) + " REPLACE PARTITION " +
                     partitionLiteral(loanType, batchId) + " FROM " +
                     sqlTable(database, stagingTable(file, syncKey)));
}

void Warehouse::dropBatch(std::string_view database, core::FileType file, core::LoanType loanType,
                          std::string_view batchId) {
    m_client.execute("ALTER TABLE " + sqlTable(database, factTable(file)) + " DROP PARTITION " +
                     partitionLiteral(loanType, batchId));
}

std::vector<Warehouse::StoredBatch> Warehouse::batches(std::string_view database) {
    std::string tables;
    for (const auto file : core::kFileTypes)
        tables += (tables.empty() ? "" : ", ") + sqlString(factTable(file));
    const std::string sql =
        "SELECT table, partition, sum(rows) FROM system.parts WHERE active AND database = " +
        sqlString(database) + " AND table IN (" + tables +
        ") GROUP BY table, partition ORDER BY table, partition FORMAT TabSeparated";
    std::vector<StoredBatch> found;
    for (const auto& row : parseTsv(m_client.query(sql))) {
        if (row.size() != 3) continue;
        const auto partition = parsePartition(row[1]);
        if (!partition) continue;
        for (const auto file : core::kFileTypes)
            if (factTable(file) == row[0])
                found.push_back(
                    {file, partition->first, partition->second, parseCount(row[2], sql)});
    }
    return found;
}

std::string factSource(std::string_view database, core::FileType file) {
    return sqlTable(database, factTable(file));
}

std::string Warehouse::batchCondition(core::LoanType loanType, std::string_view batchId) {
    LiveBatches batch;
    batch.set(core::FileType::Credit, loanType, std::string(batchId));
    return batch.condition(core::FileType::Credit, loanType);
}

std::uint64_t Warehouse::rowCount(std::string_view database, core::FileType file,
                                  core::LoanType loanType, std::string_view batchId) {
    const std::string sql = "SELECT count() FROM " + factSource(database, file) + " WHERE " +
                            batchCondition(loanType, batchId) + " FORMAT TabSeparated";
    return parseCount(m_client.query(sql), sql);
}

std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> Warehouse::liveRowCounts(
    std::string_view database, const LiveBatches& live) {
    std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> counts;
    for (const auto file : core::kFileTypes)
        for (const auto loanType : core::kLoanTypes)
            counts[{file, loanType}] = 0;
    // A batch is written whole by one sync with unique keys (see factSource): its parts' row
    // counts are its rows.
    // Of the latest period (the live batches of older periods are not counted).
    for (const auto& batch : batches(database))
        if (const auto* latest = live.find(batch.file, batch.loanType);
            latest && *latest == batch.batchId)
            counts[{batch.file, batch.loanType}] = batch.rows;
    return counts;
}

std::uint64_t Warehouse::stagingRowCount(std::string_view database, core::FileType file,
                                         std::string_view syncKey) {
    const std::string sql = "SELECT count() FROM " +
                            sqlTable(database, stagingTable(file, syncKey)) +
                            " FORMAT TabSeparated";
    return parseCount(m_client.query(sql), sql);
}

ControlTotals Warehouse::batchTotals(std::string_view database, core::FileType file,
                                     core::LoanType loanType, std::string_view batchId,
                                     const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    const auto amounts = catalog.withRole(file, core::FieldRole::Amount);
    // sum() of Decimal(18, s) is Decimal(38, s): exact, written with s decimals (NULL when a
    // nullable field holds no value).
    std::string sql = "SELECT count()";
    for (const auto index : amounts)
        sql += ", toString(sum(" + sqlIdentifier(fields[index].name) + "))";
    sql += " FROM " + factSource(database, file) + " WHERE " + batchCondition(loanType, batchId) +
           " FORMAT TabSeparated";
    const auto rows = parseTsv(m_client.query(sql));
    if (rows.size() != 1 || rows[0].size() != amounts.size() + 1)
        throw WarehouseError("unexpected answer to: " + sql.substr(0, 200));
    ControlTotals totals;
    totals.rows = parseCount(rows[0][0], sql);
    for (std::size_t i = 0; i < amounts.size(); ++i)
        totals.amountSums.emplace_back(std::string(fields[amounts[i]].name), rows[0][i + 1]);
    return totals;
}

void Warehouse::liveLoans(std::string_view database, core::LoanType loanType,
                          std::string_view batchId, core::LoanSet& out) {
    // The credit file's key is the loan account number.
    const auto& catalog = core::Catalog::standard();
    const auto& loanKey = catalog.fields(core::FileType::Credit)[loanKeyOf(catalog)];
    const std::string sql = "SELECT " + sqlIdentifier(loanKey.name) + " FROM " +
                            factSource(database, core::FileType::Credit) + " WHERE " +
                            batchCondition(loanType, batchId) + " FORMAT TabSeparated";
    LineSplitter lines;
    std::string scratch;
    const auto onLine = [&](std::string_view line) {
        if (line.find('\\') == std::string_view::npos) {
            out.addLive(line);
        } else {
            scratch = unescapeTsv(line);
            out.addLive(scratch);
        }
    };
    m_client.queryStream(sql, [&](std::string_view chunk) {
        lines.feed(chunk, onLine);
        return true;
    });
    lines.finish(onLine);
}

}  // namespace findata::agent
