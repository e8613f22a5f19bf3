#include "agent/store/tenants.h"

#include "agent/store/apikeys.h"
#include "agent/store/keyrepository.h"
#include "agent/store/migrations.h"

#include <regex>

namespace findata::agent {

namespace {

void checkName(std::string_view name) {
    if (name.empty() || name.size() > 200)
        throw StoreError(StoreError::Kind::Invalid, "tenant name must have 1 to 200 characters");
}

std::string toLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

std::string tenantColumns(std::string_view alias) {
    const std::string t(alias);
    return t + ".id, " + t + ".name, " + t + ".schema_name, " + t + ".warehouse_db, " +
           "coalesce((SELECT a.prefix FROM public.api_keys a WHERE a.tenant_id = " + t +
           ".id AND a.role = 'admin' AND a.revoked_at IS NULL ORDER BY a.created_at, a.prefix"
           " LIMIT 1), ''), " +
           t + ".active, " + epochMicrosSql(t + ".created_at");
}

Tenant tenantFromRow(const pqxx::row& row, pqxx::row::size_type first) {
    Tenant t;
    t.id = row[first].as<std::string>();
    t.name = row[first + 1].as<std::string>();
    t.schema = row[first + 2].as<std::string>();
    t.warehouseDatabase = row[first + 3].as<std::string>();
    t.keyPrefix = row[first + 4].as<std::string>();
    t.active = row[first + 5].as<bool>();
    t.createdAt = fromMicros(row[first + 6].as<std::int64_t>());
    return t;
}

bool TenantRepository::isValidId(std::string_view id) {
    static const std::regex kId("^[A-Z][A-Z0-9_]{1,30}$");
    return std::regex_match(id.begin(), id.end(), kId);
}

std::vector<Tenant> TenantRepository::list() {
    return m_db.transact([](pqxx::work& tx) {
        std::vector<Tenant> tenants;
        for (const auto& row :
             tx.exec("SELECT " + tenantColumns("t") + " FROM public.tenants t ORDER BY t.id"))
            tenants.push_back(tenantFromRow(row));
        return tenants;
    });
}

std::optional<Tenant> TenantRepository::find(std::string_view id) {
    if (!isValidId(id)) return std::nullopt;
    return m_db.transact([&](pqxx::work& tx) -> std::optional<Tenant> {
        const auto result = tx.exec_params(
            "SELECT " + tenantColumns("t") + " FROM public.tenants t WHERE t.id = $1",
            std::string(id));
        if (result.empty()) return std::nullopt;
        return tenantFromRow(result[0]);
    });
}

CreatedTenant TenantRepository::create(std::string_view id, std::string_view name) {
    if (!isValidId(id)) {
        throw StoreError(StoreError::Kind::Invalid,
                         "tenant id '" + std::string(id) +
                             "' must be an upper-case letter followed by 1 to 30 upper-case "
                             "letters, digits or underscores");
    }
    checkName(name);
    const std::string schema = toLower(id);
    return m_db.transact([&](pqxx::work& tx) {
        lockMigrations(tx);  // a concurrent migrate() must see the schema complete or not at all
        if (!tx.exec_params("SELECT 1 FROM public.tenants WHERE id = $1", std::string(id))
                 .empty()) {
            throw StoreError(StoreError::Kind::Conflict,
                             "tenant " + std::string(id) + " exists already");
        }
        if (!tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty()) {
            throw StoreError(StoreError::Kind::Conflict,
                             "schema " + schema + " exists already but belongs to no tenant");
        }
        CreatedTenant created;
        tx.exec0("CREATE SCHEMA " + tx.quote_name(schema));
        migrateTenantSchema(tx, schema);
        tx.exec0("INSERT INTO " + qualifiedTable(schema, "sync_configs") +
                 " (loan_type) VALUES ('RETAIL'), ('COMMERCIAL')");
        tx.exec_params0(
            "INSERT INTO public.tenants (id, name, schema_name, warehouse_db)"
            " VALUES ($1, $2, $3, $4)",
            std::string(id), toValidUtf8(name), schema, schema + "_dw");
        // Its first key: an admin key named "default".
        const auto key =
            KeyRepository::insert(tx, id, "default", Role::Admin, std::nullopt, "tenant creation");
        created.apiKey = key.key;
        created.tenant = tenantFromRow(tx.exec_params1(
            "SELECT " + tenantColumns("t") + " FROM public.tenants t WHERE t.id = $1",
            std::string(id)));
        return created;
    });
}

std::string TenantRepository::rotateKey(std::string_view id) {
    return m_db.transact([&](pqxx::work& tx) {
        if (tx.exec_params("SELECT 1 FROM public.tenants WHERE id = $1 FOR UPDATE", std::string(id))
                .empty()) {
            throw StoreError(StoreError::Kind::NotFound, "no tenant " + std::string(id));
        }
        const std::string prefix = KeyRepository::adminPrefix(tx, id);
        if (prefix.empty())
            return KeyRepository::insert(tx, id, "default", Role::Admin, std::nullopt, "rotation")
                .key;
        return KeyRepository::rotateIn(tx, prefix).key;
    });
}

void TenantRepository::setActive(std::string_view id, bool active) {
    m_db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params("UPDATE public.tenants SET active = $2 WHERE id = $1",
                                           std::string(id), active);
        if (result.affected_rows() == 0) {
            throw StoreError(StoreError::Kind::NotFound, "no tenant " + std::string(id));
        }
    });
}

Tenant TenantRepository::rename(std::string_view id, std::string_view name) {
    checkName(name);
    return m_db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params(
            "UPDATE public.tenants t SET name = $2 WHERE t.id = $1"
            " RETURNING " +
                tenantColumns("t"),
            std::string(id), toValidUtf8(name));
        if (result.empty())
            throw StoreError(StoreError::Kind::NotFound, "no tenant " + std::string(id));
        return tenantFromRow(result[0]);
    });
}

std::optional<Tenant> TenantRepository::authenticate(std::string_view key) {
    if (!looksLikeApiKey(key)) return std::nullopt;
    auto found = KeyRepository(m_db).lookup(apiKeyPrefix(key));
    if (!found) {
        // Spend the same time as a real check, so timing does not reveal which prefixes exist.
        static const std::string kDummy = hashApiKey("sk_live_dummy");
        verifyApiKey(key, kDummy);
        return std::nullopt;
    }
    if (!verifyApiKey(key, found->hash) || !found->tenant || !found->tenant->active ||
        found->key.revokedAt || found->key.expired(std::chrono::system_clock::now()))
        return std::nullopt;
    return std::move(found->tenant);
}

}  // namespace findata::agent
