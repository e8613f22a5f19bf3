#pragma once
// Keeps a tenant's fact tables in step with the field catalog. A new agent version may add
// fields to the catalog; the tables of tenants created before it must gain those columns before
// the next sync writes them. Columns are only ever added (ALTER TABLE … ADD COLUMN, rows already
// loaded read the type's default: NULL for optional fields), never dropped or retyped: a column
// whose type differs from the catalog's is reported, and the tenant's syncs refuse to run until
// an operator decides.

#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"

namespace findata::agent {

class ClickHouseClient;
class Database;
class Warehouse;
struct Tenant;

/// One column a fact table lacks, and the statement that adds it.
struct SchemaChange {
    std::string table;   // "fact_credit"
    std::string column;  // the catalog field
    std::string type;    // its ClickHouse type
    std::string statement;
};

/// The changes that bring the fact tables of `database` up to `catalog`, in catalog order (each
/// column placed after the field before it). Empty when they match or do not exist yet. Throws
/// WarehouseError naming the table, column and both types when a column's type differs.
std::vector<SchemaChange> pendingSchemaChanges(ClickHouseClient& client, std::string_view database,
                                               const core::Catalog& catalog);

/// Applies one tenant's pending changes (Warehouse::ensureTenant: missing columns, and the
/// rebuild of tables partitioned the old way, per loan type instead of per batch) under the
/// store's migration lock and records each in its warehouse_schema_changes table; returns them.
/// Throws WarehouseError / StoreError.
std::vector<SchemaChange> migrateTenantWarehouse(Database& db, Warehouse& warehouse,
                                                 const Tenant& tenant,
                                                 const core::Catalog& catalog);

/// What migrateWarehouses did.
struct WarehouseMigrationReport {
    int tenants = 0;                    // tenants looked at
    int columnsAdded = 0;               // over all tenants
    std::vector<std::string> failures;  // "tenant BANK001: …" for tenants left as they were
};

/// At start: migrateTenantWarehouse for every tenant whose existing fact tables lack catalog
/// columns (one system.columns query finds them; missing tables are left to ensureTenant). A
/// tenant that cannot be migrated (ClickHouse refused, a type differs) is logged and listed;
/// the others still are.
WarehouseMigrationReport migrateWarehouses(Database& db, Warehouse& warehouse,
                                           const core::Catalog& catalog);

}  // namespace findata::agent
