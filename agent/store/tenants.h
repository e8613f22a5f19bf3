#pragma once
// Tenants (banks) in public.tenants: creation with their schema and first (admin) key, renaming,
// deactivation, and the compatibility helpers for "the tenant's key" (its oldest admin key); the
// keys themselves live in public.api_keys (keyrepository.h).

#include "agent/store/database.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// One bank. The API key itself is never part of it.
struct Tenant {
    std::string id;                 // BANK001
    std::string name;               // display name
    std::string schema;             // bank001: the PostgreSQL schema of its operational tables
    std::string warehouseDatabase;  // bank001_dw: its ClickHouse database
    /// The prefix of the key a request authenticated with; from list()/find(): of the tenant's
    /// oldest active admin key (usually "default"), empty when it has none.
    std::string keyPrefix;
    bool active = true;
    Timestamp createdAt;
};

/// A tenant just created, with the clear API key shown this once.
struct CreatedTenant {
    Tenant tenant;
    std::string apiKey;
};

/// Reads and writes public.tenants. Thread-safe (through Database).
class TenantRepository final {
public:
    explicit TenantRepository(Database& db) : m_db(db) {}

    /// Whether `id` is a valid tenant id: ^[A-Z][A-Z0-9_]{1,30}$.
    static bool isValidId(std::string_view id);

    std::vector<Tenant> list();
    std::optional<Tenant> find(std::string_view id);

    /// Creates the tenant, its schema with all tenant migrations and its two sync
    /// configurations, in one transaction. Throws StoreError Invalid (bad id or name) or
    /// Conflict (exists already).
    CreatedTenant create(std::string_view id, std::string_view name);

    /// Replaces the tenant's oldest active admin key (its "default" key) by a new one; the old
    /// key stops working at once. A tenant without an admin key gets a new "default" one.
    /// Returns the new clear key. Throws StoreError NotFound.
    std::string rotateKey(std::string_view id);

    /// Activates or deactivates a tenant (a deactivated tenant's keys are refused and the
    /// scheduler skips it; its data is kept). Throws NotFound.
    void setActive(std::string_view id, bool active);

    /// Gives the tenant another display name. Throws NotFound, Invalid.
    Tenant rename(std::string_view id, std::string_view name);

    /// The active tenant owning `key` (an unrevoked, unexpired key), or nullopt (unknown,
    /// wrong, revoked, expired, inactive or malformed key, or an agent administrator's).
    std::optional<Tenant> authenticate(std::string_view key);

private:
    Database& m_db;
};

/// The SQL column list a Tenant is read from, for table alias `alias` (tenantFromRow reads it).
std::string tenantColumns(std::string_view alias);
/// The Tenant in `row` from column `first` on (as tenantColumns lists them).
Tenant tenantFromRow(const pqxx::row& row, pqxx::row::size_type first = 0);

}  // namespace findata::agent
