#pragma once
// The API keys of public.api_keys: several named keys per tenant, each with a role, an optional
// expiry and the time it was last used, plus the agent administrator credentials (no tenant).
// Only a key's public prefix and its salted hash are stored; the clear key exists once, in the
// answer that created it. Revoked keys stay as rows (revoked_at) so a prefix is never reused.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/store/database.h"
#include "agent/store/roles.h"
#include "agent/store/tenants.h"

namespace findata::agent {

/// One key, without its secret.
struct ApiKeyInfo {
    std::string prefix;    // sk_live_ + 8 hex digits: how the key is named everywhere
    std::string tenantId;  // empty for an agent administrator credential
    std::string name;      // unique among the tenant's active keys
    Role role = Role::Viewer;
    Timestamp createdAt;
    std::string createdBy;                // "api:<prefix>", "admin:<prefix>", "cli", "migration"
    std::optional<Timestamp> lastUsedAt;  // to the minute (updated at most once a minute)
    std::optional<Timestamp> expiresAt;
    std::optional<Timestamp> revokedAt;

    bool expired(Timestamp now) const { return expiresAt && *expiresAt <= now; }
};

/// A key just made: its description and the clear key, shown this once.
struct CreatedKey {
    ApiKeyInfo info;
    std::string key;
};

/// What authentication needs about a presented key's prefix.
struct KeyOwner {
    ApiKeyInfo key;
    std::optional<Tenant> tenant;  // absent for an agent administrator credential
    std::string hash;
};

/// Reads and writes public.api_keys. Thread-safe (through Database).
class KeyRepository final {
public:
    explicit KeyRepository(Database& db) : m_db(db) {}

    /// A key name: 1 to 100 characters, no control characters. Throws StoreError Invalid.
    static void checkName(std::string_view name);

    /// A new key of a tenant. Throws NotFound (no such tenant), Conflict (an active key of that
    /// name exists), Invalid (bad name, AgentAdmin role, expiry in the past).
    CreatedKey create(std::string_view tenantId, std::string_view name, Role role,
                      std::optional<Timestamp> expiresAt, std::string_view actor);
    /// A new agent administrator credential named `name`. Throws Conflict, Invalid.
    CreatedKey createAgentAdmin(std::string_view name, std::string_view actor);
    /// The first start's credential: creates one named "default" when no active agent
    /// administrator credential exists, else nothing (also when another agent just made one).
    std::optional<CreatedKey> ensureAgentAdmin();

    /// The active keys of a tenant (empty id: the agent administrator credentials), oldest first.
    std::vector<ApiKeyInfo> list(std::string_view tenantId);
    /// Revokes the tenant's active key `prefix` (empty tenant: an agent administrator
    /// credential) and returns it. Throws NotFound (not an active key of that owner) or Conflict
    /// (the tenant's last admin key, or the last agent administrator credential: it would lock
    /// its owner out).
    ApiKeyInfo revoke(std::string_view tenantId, std::string_view prefix);
    /// Replaces the active key `prefix` by a new one with the same owner, name, role and expiry,
    /// in one transaction. Throws NotFound.
    CreatedKey rotate(std::string_view prefix);

    /// The key of `prefix` (active, revoked or expired) with its tenant and hash, or nullopt.
    std::optional<KeyOwner> lookup(std::string_view prefix);
    /// Records that the key was used now.
    void touch(std::string_view prefix);

    /// Inserts a key inside `tx` (the tenant, when given, must exist in it).
    static CreatedKey insert(pqxx::transaction_base& tx, std::string_view tenantId,
                             std::string_view name, Role role, std::optional<Timestamp> expiresAt,
                             std::string_view actor);
    /// rotate() inside `tx`.
    static CreatedKey rotateIn(pqxx::transaction_base& tx, std::string_view prefix);
    /// The prefix of the tenant's oldest active admin key inside `tx`, or empty.
    static std::string adminPrefix(pqxx::transaction_base& tx, std::string_view tenantId);

private:
    Database& m_db;
};

}  // namespace findata::agent
