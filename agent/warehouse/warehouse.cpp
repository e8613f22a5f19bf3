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
    ddl += "    " + sqlIdentifier(kLoadedAtColumn) + " DateTime\n)\n";
    // The newest load of a key wins when parts merge (see factSource for why reads need no FINAL).
    ddl += "ENGINE = ReplacingMergeTree(" + sqlIdentifier(kLoadedAtColumn) + ")\n";
    ddl += "PARTITION BY " + sqlIdentifier(kLoanTypeColumn) + "\n";
    ddl += "ORDER BY (" + sqlIdentifier(kLoanTypeColumn);
    for (const auto key : catalog.withRole(file, core::FieldRole::Key))
        ddl += ", " + sqlIdentifier(fields[key].name);
    ddl += ')';
    return ddl;
}

Warehouse::Warehouse(ClickHouseClient& client) : m_client(client) {}

std::vector<SchemaChange> Warehouse::ensureTenant(std::string_view database,
                                                  const core::Catalog& catalog) {
    m_client.execute("CREATE DATABASE IF NOT EXISTS " + sqlIdentifier(database));
    for (const auto file : core::kFileTypes)
        m_client.execute(factTableDdl(database, file, catalog));
    auto changes = pendingSchemaChanges(m_client, database, catalog);
    for (const auto& change : changes)
        m_client.execute(change.statement);
    return changes;
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
                                 core::LoanType loanType, std::string_view syncKey) {
    // The partition of a single String key is named by its value as a literal, which 18.16 and
    // current servers both accept. An empty staging partition empties the fact's partition.
    m_client.execute("ALTER TABLE " + sqlTable(database, factTable(file)) + " REPLACE PARTITION " +
                     sqlString(core::toText(loanType)) + " FROM " +
                     sqlTable(database, stagingTable(file, syncKey)));
}

std::string factSource(std::string_view database, core::FileType file) {
    return sqlTable(database, factTable(file));
}

std::uint64_t Warehouse::rowCount(std::string_view database, core::FileType file,
                                  core::LoanType loanType) {
    const std::string sql = "SELECT count() FROM " + factSource(database, file) + " WHERE " +
                            sqlIdentifier(kLoanTypeColumn) + " = " +
                            sqlString(core::toText(loanType)) + " FORMAT TabSeparated";
    return parseCount(m_client.query(sql), sql);
}

std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> Warehouse::liveRowCounts(
    std::string_view database) {
    std::map<std::pair<core::FileType, core::LoanType>, std::uint64_t> counts;
    std::string tables;
    for (const auto file : core::kFileTypes) {
        for (const auto loanType : core::kLoanTypes)
            counts[{file, loanType}] = 0;
        tables += (tables.empty() ? "" : ", ") + sqlString(factTable(file));
    }
    // A partition is one loan type, written whole by one sync with unique keys (see factSource):
    // its parts' row counts are its live rows.
    const std::string sql =
        "SELECT table, partition, sum(rows) FROM system.parts WHERE active AND database = " +
        sqlString(database) + " AND table IN (" + tables +
        ") GROUP BY table, partition FORMAT TabSeparated";
    for (const auto& row : parseTsv(m_client.query(sql))) {
        const auto loanType = row.size() == 3 ? core::parseLoanType(row[1]) : std::nullopt;
        for (const auto file : core::kFileTypes)
            if (loanType && factTable(file) == row[0])
                counts[{file, *loanType}] = parseCount(row[2], sql);
    }
    return counts;
}

std::uint64_t Warehouse::stagingRowCount(std::string_view database, core::FileType file,
                                         std::string_view syncKey) {
    const std::string sql = "SELECT count() FROM " +
                            sqlTable(database, stagingTable(file, syncKey)) +
                            " FORMAT TabSeparated";
    return parseCount(m_client.query(sql), sql);
}

ControlTotals Warehouse::liveTotals(std::string_view database, core::FileType file,
                                    core::LoanType loanType) {
    return totals(database, file, loanType, nullptr, core::Catalog::standard());
}

ControlTotals Warehouse::batchTotals(std::string_view database, core::FileType file,
                                     core::LoanType loanType, std::string_view batchId,
                                     const core::Catalog& catalog) {
    const std::string batch(batchId);
    return totals(database, file, loanType, &batch, catalog);
}

ControlTotals Warehouse::totals(std::string_view database, core::FileType file,
                                core::LoanType loanType, const std::string* batchId,
                                const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    const auto amounts = catalog.withRole(file, core::FieldRole::Amount);
    // sum() of Decimal(18, s) is Decimal(38, s): exact, written with s decimals (NULL when a
    // nullable field holds no value).
    std::string sql = "SELECT count()";
    for (const auto index : amounts)
        sql += ", toString(sum(" + sqlIdentifier(fields[index].name) + "))";
    sql += " FROM " + factSource(database, file) + " WHERE " + sqlIdentifier(kLoanTypeColumn) +
           " = " + sqlString(core::toText(loanType));
    if (batchId) sql += " AND " + sqlIdentifier(kBatchIdColumn) + " = " + sqlString(*batchId);
    sql += " FORMAT TabSeparated";
    const auto rows = parseTsv(m_client.query(sql));
    if (rows.size() != 1 || rows[0].size() != amounts.size() + 1)
        throw WarehouseError("unexpected answer to: " + sql.substr(0, 200));
    ControlTotals totals;
    totals.rows = parseCount(rows[0][0], sql);
    for (std::size_t i = 0; i < amounts.size(); ++i)
        totals.amountSums.emplace_back(std::string(fields[amounts[i]].name), rows[0][i + 1]);
    return totals;
}

void Warehouse::liveLoans(std::string_view database, core::LoanType loanType, core::LoanSet& out) {
    // The credit file's key is the loan account number.
    const auto& catalog = core::Catalog::standard();
    const auto& loanKey = catalog.fields(core::FileType::Credit)[loanKeyOf(catalog)];
    const std::string sql = "SELECT " + sqlIdentifier(loanKey.name) + " FROM " +
                            factSource(database, core::FileType::Credit) + " WHERE " +
                            sqlIdentifier(kLoanTypeColumn) + " = " +
                            sqlString(core::toText(loanType)) + " FORMAT TabSeparated";
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
