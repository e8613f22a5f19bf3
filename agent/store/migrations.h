#pragma once
// Versioned schema migrations of the operational store, applied at start.

#include <span>
#include <string_view>

#include <pqxx/pqxx>

namespace findata::agent {

class Database;

/// One schema change. Versions only grow; an applied migration is never edited.
struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

/// The migrations of the `public` schema (tenants), in version order.
std::span<const Migration> publicMigrations();
/// The migrations of every tenant schema, in version order. Their SQL names tables without a
/// schema: it runs with search_path set to the tenant's schema.
std::span<const Migration> tenantMigrations();

struct MigrationReport {
    int publicApplied = 0;  // public migrations applied by this call
    int tenantApplied = 0;  // tenant migrations applied, summed over all tenants
    int tenants = 0;        // tenant schemas visited
};

/// Applies the pending public migrations, then the pending tenant migrations of every tenant
/// schema, in one transaction under an advisory lock so agents starting together do not race.
/// Idempotent: a second call applies nothing. Throws StoreError.
MigrationReport migrate(Database& db);

/// Applies the pending tenant migrations to one schema inside `tx` (creating its
/// schema_migrations table); returns how many. The caller holds lockMigrations(tx).
int migrateTenantSchema(pqxx::transaction_base& tx, std::string_view schema);

/// Takes the migration advisory lock until the end of `tx`.
void lockMigrations(pqxx::transaction_base& tx);

}  // namespace findata::agent
