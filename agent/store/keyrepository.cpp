// The API keys of public.api_keys: see keyrepository.h.

#include "agent/store/keyrepository.h"

#include "agent/store/apikeys.h"

namespace findata::agent {

namespace {

const std::string kKeyColumns =
    "k.prefix, coalesce(k.tenant_id, ''), k.name, k.role, " + epochMicrosSql("k.created_at") +
    ", k.created_by, " + epochMicrosSql("k.last_used_at") + ", " + epochMicrosSql("k.expires_at") +
    ", " + epochMicrosSql("k.revoked_at");

std::optional<Timestamp> optionalTime(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return fromMicros(field.as<std::int64_t>());
}

ApiKeyInfo toKey(const pqxx::row& row) {
    ApiKeyInfo k;
    k.prefix = row[0].as<std::string>();
    k.tenantId = row[1].as<std::string>();
    k.name = row[2].as<std::string>();
    k.role = parseRole(row[3].as<std::string>()).value_or(Role::Viewer);
    k.createdAt = fromMicros(row[4].as<std::int64_t>());
    k.createdBy = row[5].as<std::string>();
    k.lastUsedAt = optionalTime(row[6]);
    k.expiresAt = optionalTime(row[7]);
    k.revokedAt = optionalTime(row[8]);
    return k;
}

// A key whose prefix no key ever had (32 random bits: collisions are rare but must not make a
// key ambiguous; revoked keys keep their prefix).
std::string freshKey(pqxx::transaction_base& tx) {
    for (;;) {
        std::string key = generateApiKey();
        if (tx.exec_params("SELECT 1 FROM public.api_keys WHERE prefix = $1", apiKeyPrefix(key))
                .empty())
            return key;
    }
}

std::optional<std::int64_t> micros(const std::optional<Timestamp>& t) {
    if (!t) return std::nullopt;
    return toMicros(*t);
}

// Active keys of one owner: a tenant, or (empty id) the agent administrators.
std::string ownerIs(std::string_view tenantId) {
    return tenantId.empty() ? "k.tenant_id IS NULL" : "k.tenant_id = $1";
}

}  // namespace

void KeyRepository::checkName(std::string_view name) {
    if (name.empty() || name.size() > 100)
        throw StoreError(StoreError::Kind::Invalid, "a key name must have 1 to 100 characters");
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw StoreError(StoreError::Kind::Invalid,
                             "a key name must not contain control characters");
}

CreatedKey KeyRepository::insert(pqxx::transaction_base& tx, std::string_view tenantId,
                                 std::string_view name, Role role,
                                 std::optional<Timestamp> expiresAt, std::string_view actor) {
    checkName(name);
    if ((role == Role::AgentAdmin) != tenantId.empty())
        throw StoreError(StoreError::Kind::Invalid,
                         tenantId.empty() ? "a key without a tenant must be an agent administrator"
                                          : "a tenant's key must be viewer, operator or admin");
    if (expiresAt && *expiresAt <= std::chrono::system_clock::now())
        throw StoreError(StoreError::Kind::Invalid, "a key's expiry must be in the future");
    const auto clash =
        tenantId.empty() ? tx.exec_params(
                               "SELECT 1 FROM public.api_keys WHERE tenant_id IS NULL AND name = $1"
                               " AND revoked_at IS NULL",
                               toValidUtf8(name))
                         : tx.exec_params(
                               "SELECT 1 FROM public.api_keys WHERE tenant_id = $2 AND name = $1"
                               " AND revoked_at IS NULL",
                               toValidUtf8(name), std::string(tenantId));
    if (!clash.empty())
        throw StoreError(StoreError::Kind::Conflict,
                         "an active key named '" + toValidUtf8(name) + "' exists already");
    CreatedKey created;
    created.key = freshKey(tx);
    const std::optional<std::string> tenant =
        tenantId.empty() ? std::nullopt : std::optional<std::string>(tenantId);
    const auto row = tx.exec_params1(
        "INSERT INTO public.api_keys AS k (prefix, tenant_id, name, role, hash, created_by,"
        " expires_at) VALUES ($1, $2, $3, $4, $5, $6,"
        " 'epoch'::timestamptz + $7 * interval '1 microsecond') RETURNING " +
            kKeyColumns,
        apiKeyPrefix(created.key), tenant, toValidUtf8(name), std::string(toText(role)),
        hashApiKey(created.key), toValidUtf8(actor), micros(expiresAt));
    created.info = toKey(row);
    return created;
}

std::string KeyRepository::adminPrefix(pqxx::transaction_base& tx, std::string_view tenantId) {
    const auto r = tx.exec_params(
        "SELECT prefix FROM public.api_keys WHERE tenant_id = $1 AND role = 'admin'"
        " AND revoked_at IS NULL ORDER BY created_at, prefix LIMIT 1",
        std::string(tenantId));
    return r.empty() ? std::string() : r[0][0].as<std::string>();
}

CreatedKey KeyRepository::create(std::string_view tenantId, std::string_view name, Role role,
                                 std::optional<Timestamp> expiresAt, std::string_view actor) {
    if (tenantId.empty() || role == Role::AgentAdmin)
        throw StoreError(StoreError::Kind::Invalid,
                         "a tenant's key must be viewer, operator or admin");
    return m_db.transact([&](pqxx::work& tx) {
        // Serializes key changes of the tenant (the last-admin rule, unique names).
        if (tx.exec_params("SELECT 1 FROM public.tenants WHERE id = $1 FOR UPDATE",
                           std::string(tenantId))
                .empty())
            throw StoreError(StoreError::Kind::NotFound, "no tenant " + std::string(tenantId));
        return insert(tx, tenantId, name, role, expiresAt, actor);
    });
}

CreatedKey KeyRepository::createAgentAdmin(std::string_view name, std::string_view actor) {
    return m_db.transact([&](pqxx::work& tx) {
        tx.exec0("LOCK TABLE public.api_keys IN SHARE ROW EXCLUSIVE MODE");
        return insert(tx, "", name, Role::AgentAdmin, std::nullopt, actor);
    });
}

std::optional<CreatedKey> KeyRepository::ensureAgentAdmin() {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<CreatedKey> {
        // Agents starting together: one makes it, the others see it.
        tx.exec0("LOCK TABLE public.api_keys IN SHARE ROW EXCLUSIVE MODE");
        if (!tx.exec("SELECT 1 FROM public.api_keys WHERE role = 'agent_admin'"
                     " AND revoked_at IS NULL LIMIT 1")
                 .empty())
            return std::nullopt;
        return insert(tx, "", "default", Role::AgentAdmin, std::nullopt, "first start");
    });
}

std::vector<ApiKeyInfo> KeyRepository::list(std::string_view tenantId) {
    return m_db.transact([&](pqxx::work& tx) {
        const std::string sql = "SELECT " + kKeyColumns + " FROM public.api_keys k WHERE " +
                                ownerIs(tenantId) +
                                " AND k.revoked_at IS NULL ORDER BY k.created_at, k.prefix";
        const auto rows =
            tenantId.empty() ? tx.exec(sql) : tx.exec_params(sql, std::string(tenantId));
        std::vector<ApiKeyInfo> keys;
        for (const auto& row : rows)
            keys.push_back(toKey(row));
        return keys;
    });
}

ApiKeyInfo KeyRepository::revoke(std::string_view tenantId, std::string_view prefix) {
    return m_db.transact([&](pqxx::work& tx) {
        if (tenantId.empty())
            tx.exec0("LOCK TABLE public.api_keys IN SHARE ROW EXCLUSIVE MODE");
        else
            tx.exec_params("SELECT 1 FROM public.tenants WHERE id = $1 FOR UPDATE",
                           std::string(tenantId));
        const std::string find =
            "SELECT " + kKeyColumns + " FROM public.api_keys k WHERE " + ownerIs(tenantId) +
            " AND k.revoked_at IS NULL AND k.prefix = " + (tenantId.empty() ? "$1" : "$2");
        const auto found = tenantId.empty()
                               ? tx.exec_params(find, std::string(prefix))
                               : tx.exec_params(find, std::string(tenantId), std::string(prefix));
        if (found.empty())
            throw StoreError(StoreError::Kind::NotFound,
                             "no active key " + toValidUtf8(prefix) +
                                 (tenantId.empty() ? std::string(" of the agent administrators")
                                                   : " of tenant " + std::string(tenantId)));
        const ApiKeyInfo key = toKey(found[0]);
        if (key.role == Role::Admin || key.role == Role::AgentAdmin) {
            const std::string others =
                "SELECT count(*) FROM public.api_keys k WHERE " + ownerIs(tenantId) +
                " AND k.revoked_at IS NULL AND k.role = '" + std::string(toText(key.role)) + "'";
            const auto count =
                (tenantId.empty() ? tx.exec1(others)
                                  : tx.exec_params1(others, std::string(tenantId)))[0]
                    .as<std::int64_t>();
            if (count <= 1)
                throw StoreError(StoreError::Kind::Conflict,
                                 key.role == Role::Admin
                                     ? "key " + key.prefix +
                                           " is the tenant's last admin key: create another "
                                           "admin key before revoking it"
                                     : "key " + key.prefix +
                                           " is the last agent administrator credential: create "
                                           "another before revoking it");
        }
        const auto row = tx.exec_params1(
            "UPDATE public.api_keys AS k SET revoked_at = now()"
            " WHERE k.prefix = $1 RETURNING " +
                kKeyColumns,
            key.prefix);
        return toKey(row);
    });
}

CreatedKey KeyRepository::rotate(std::string_view prefix) {
    return m_db.transact([&](pqxx::work& tx) { return rotateIn(tx, prefix); });
}

CreatedKey KeyRepository::rotateIn(pqxx::transaction_base& tx, std::string_view prefix) {
    {
        const auto found = tx.exec_params(
            "SELECT " + kKeyColumns +
                " FROM public.api_keys k WHERE k.prefix = $1 AND k.revoked_at IS NULL"
                " FOR UPDATE",
            std::string(prefix));
        if (found.empty())
            throw StoreError(StoreError::Kind::NotFound, "no active key " + toValidUtf8(prefix));
        const ApiKeyInfo old = toKey(found[0]);
        tx.exec_params0("UPDATE public.api_keys SET revoked_at = now() WHERE prefix = $1",
                        old.prefix);
        // An expired key's replacement would be born expired: it gets no expiry then.
        std::optional<Timestamp> expiry = old.expiresAt;
        if (expiry && *expiry <= std::chrono::system_clock::now()) expiry.reset();
        return insert(tx, old.tenantId, old.name, old.role, expiry, "rotation of " + old.prefix);
    }
}

std::optional<KeyOwner> KeyRepository::lookup(std::string_view prefix) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<KeyOwner> {
        const auto result = tx.exec_params(
            "SELECT " + kKeyColumns + ", k.hash, t.id IS NOT NULL, " + tenantColumns("t") +
                " FROM public.api_keys k LEFT JOIN public.tenants t ON t.id = k.tenant_id"
                " WHERE k.prefix = $1",
            std::string(prefix));
        if (result.empty()) return std::nullopt;
        const auto& row = result[0];
        KeyOwner owner;
        owner.key = toKey(row);
        owner.hash = row[9].as<std::string>();
        if (row[10].as<bool>()) {
            owner.tenant = tenantFromRow(row, 11);
            owner.tenant->keyPrefix = owner.key.prefix;
        }
        return owner;
    });
}

void KeyRepository::touch(std::string_view prefix) {
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params0("UPDATE public.api_keys SET last_used_at = now() WHERE prefix = $1",
                        std::string(prefix));
    });
}

}  // namespace findata::agent
