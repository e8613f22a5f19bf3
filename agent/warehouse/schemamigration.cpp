#include "agent/warehouse/schemamigration.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
#include "agent/util/csv.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

// ClickHouse prints types its own way ("Decimal(18, 2)"); compare without blanks.
std::string withoutBlanks(std::string_view type) {
    std::string out;
    for (const char c : type)
        if (c != ' ') out += c;
    return out;
}

using ColumnTypes = std::map<std::pair<std::string, std::string>, std::string>;

// database → (table, column) → type of every fact table, or of one database's, from
// system.columns in one query.
std::map<std::string, ColumnTypes> factColumns(ClickHouseClient& client,
                                               std::string_view database = {}) {
    std::string sql = "SELECT database, table, name, type FROM system.columns WHERE table IN (" +
                      sqlString(factTable(core::FileType::Credit)) + ", " +
                      sqlString(factTable(core::FileType::PaymentPlan)) + ")";
    if (!database.empty()) sql += " AND database = " + sqlString(database);
    sql += " FORMAT TabSeparated";
    std::map<std::string, ColumnTypes> columns;
    for (const auto& row : parseTsv(client.query(sql))) {
        if (row.size() != 4) throw WarehouseError("unexpected answer to: " + sql.substr(0, 200));
        columns[row[0]][{row[1], row[2]}] = row[3];
    }
    return columns;
}

// Databases whose fact tables still have the old partitioning (one partition per loan type),
// or a rebuild of it that stopped half-way (Warehouse::ensureTenant rebuilds them). Names come
// from system.tables without engine_full: ClickHouse 18.16 computes that column for every table
// it lists and fails when one (another sync's staging table) is dropped meanwhile; the engine of
// each fact table is read with SHOW CREATE TABLE instead.
std::set<std::string> databasesToRepartition(ClickHouseClient& client) {
    std::string names;
    for (const auto file : core::kFileTypes) {
        const std::string table(factTable(file));
        for (const auto& name : {table, table + "_before_batches", table + "_rebuild"})
            names += (names.empty() ? "" : ", ") + sqlString(name);
    }
    const std::string sql = "SELECT database, name FROM system.tables WHERE name IN (" + names +
                            ") FORMAT TabSeparated";
    std::set<std::string> databases;
    for (const auto& row : parseTsv(client.query(sql))) {
        if (row.size() != 2) throw WarehouseError("unexpected answer to: " + sql.substr(0, 200));
        if (databases.count(row[0])) continue;
        const bool leftover = row[1].find("_before_batches") != std::string::npos ||
                              row[1].find("_rebuild") != std::string::npos;
        if (leftover) {
            databases.insert(row[0]);
            continue;
        }
        std::string create;
        try {
            create = client.query("SHOW CREATE TABLE " + sqlTable(row[0], row[1]) +
                                  " FORMAT TabSeparatedRaw");
        } catch (const WarehouseError&) {
            continue;  // dropped since it was listed (a tenant being removed): nothing to migrate
        }
        if (factTableOutdated(create)) databases.insert(row[0]);
    }
    return databases;
}

std::vector<SchemaChange> changesFor(std::string_view database, const ColumnTypes& columns,
                                     const core::Catalog& catalog) {
    std::vector<SchemaChange> changes;
    for (const auto file : core::kFileTypes) {
        const std::string table(factTable(file));
        const bool exists = std::any_of(columns.begin(), columns.end(),
                                        [&](const auto& c) { return c.first.first == table; });
        if (!exists) continue;  // ensureTenant creates it whole from the catalog
        std::string previous;
        for (const auto& field : catalog.fields(file)) {
            const std::string name(field.name);
            const std::string type = core::warehouseType(field);
            const auto found = columns.find({table, name});
            if (found == columns.end()) {
                std::string statement = "ALTER TABLE " + sqlTable(database, table) +
                                        " ADD COLUMN " + sqlIdentifier(name) + ' ' + type;
                if (!previous.empty()) statement += " AFTER " + sqlIdentifier(previous);
                changes.push_back({table, name, type, std::move(statement)});
            } else if (withoutBlanks(found->second) != withoutBlanks(type)) {
                throw WarehouseError(
                    std::string(database) + '.' + table + '.' + name + " is " + found->second +
                    " but the field catalog wants " + type +
                    "; findata never retypes a column that holds data: convert or drop it by "
                    "hand (ALTER TABLE … MODIFY COLUMN), then restart the agent");
            }
            previous = name;
        }
        // Load columns added after tables existed: source_line (rows already loaded read 0).
        if (!columns.count({table, std::string(kSourceLineColumn)})) {
            const std::string name(kSourceLineColumn);
            changes.push_back({table, name, "UInt32",
                               "ALTER TABLE " + sqlTable(database, table) + " ADD COLUMN " +
                                   sqlIdentifier(name) + " UInt32 DEFAULT 0 AFTER " +
                                   sqlIdentifier(kLoadedAtColumn)});
        }
    }
    return changes;
}

}  // namespace

std::vector<SchemaChange> pendingSchemaChanges(ClickHouseClient& client, std::string_view database,
                                               const core::Catalog& catalog) {
    auto columns = factColumns(client, database);
    return changesFor(database, columns[std::string(database)], catalog);
}

std::vector<SchemaChange> migrateTenantWarehouse(Database& db, Warehouse& warehouse,
                                                 const Tenant& tenant,
                                                 const core::Catalog& catalog) {
    // The store's migration lock keeps two agents starting together from adding a column twice;
    // the statements are recorded in the same transaction.
    return db.transact([&](pqxx::work& tx) {
        lockMigrations(tx);
        auto changes = warehouse.ensureTenant(tenant.warehouseDatabase, catalog);
        const auto table = qualifiedTable(tenant.schema, "warehouse_schema_changes");
        for (const auto& change : changes) {
            tx.exec_params0("INSERT INTO " + table +
                                " (fact_table, column_name, column_type, statement)"
                                " VALUES ($1, $2, $3, $4)",
                            change.table, change.column, change.type, change.statement);
            logger("db")->info("tenant {}: {}", tenant.id, change.statement);
        }
        return changes;
    });
}

WarehouseMigrationReport migrateWarehouses(Database& db, Warehouse& warehouse,
                                           const core::Catalog& catalog) {
    WarehouseMigrationReport report;
    // One look at every fact table first: most starts find nothing to do, and a tenant whose
    // warehouse database is gone is not recreated here.
    const auto columns = factColumns(warehouse.client());
    // Tables of the old partitioning are also rebuilt by the first sync's ensureTenant: a look
    // that fails here (ClickHouse busy dropping another tenant) is reported, not fatal.
    std::set<std::string> repartition;
    try {
        repartition = databasesToRepartition(warehouse.client());
    } catch (const WarehouseError& e) {
        report.failures.push_back(std::string("partitioning not checked: ") + e.what());
        logger("db")->warn("fact tables' partitioning not checked at start: {}", e.what());
    }
    for (const auto& tenant : TenantRepository(db).list()) {
        ++report.tenants;
        try {
            const auto found = columns.find(tenant.warehouseDatabase);
            if (!repartition.count(tenant.warehouseDatabase) &&
                (found == columns.end() ||
                 changesFor(tenant.warehouseDatabase, found->second, catalog).empty()))
                continue;
            report.columnsAdded +=
                static_cast<int>(migrateTenantWarehouse(db, warehouse, tenant, catalog).size());
        } catch (const std::exception& e) {
            report.failures.push_back("tenant " + tenant.id + ": " + e.what());
            logger("db")->error(
                "tenant {}: its warehouse tables could not be brought up to the field catalog: {}",
                tenant.id, e.what());
        }
    }
    return report;
}

}  // namespace findata::agent
