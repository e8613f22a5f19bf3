#pragma once
// Tenants (banks) in public.tenants: creation with their schema, API keys, authentication.

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
    std::string keyPrefix;          // first 16 characters of its current API key
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

    /// Replaces the tenant's key; the old key stops working at once. Returns the new clear key.
    /// Throws StoreError NotFound.
    std::string rotateKey(std::string_view id);

    /// Enables or disables a tenant (a disabled tenant cannot authenticate). Throws NotFound.
    void setActive(std::string_view id, bool active);

    /// The active tenant owning `key`, or nullopt (unknown, wrong, inactive or malformed key).
    std::optional<Tenant> authenticate(std::string_view key);

private:
    Database& m_db;
};

}  // namespace findata::agent
