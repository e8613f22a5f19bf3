#include "agent/store/tenants.h"

#include "agent/store/apikeys.h"
#include "agent/store/migrations.h"

#include <regex>

namespace findata::agent {

namespace {

const std::string kColumns =
    "id, name, schema_name, warehouse_db, api_key_prefix, active, " + epochMicrosSql("created_at");

Tenant toTenant(const pqxx::row& row) {
    Tenant t;
    t.id = row[0].as<std::string>();
    t.name = row[1].as<std::string>();
    t.schema = row[2].as<std::string>();
    t.warehouseDatabase = row[3].as<std::string>();
    t.keyPrefix = row[4].as<std::string>();
    t.active = row[5].as<bool>();
    t.createdAt = fromMicros(row[6].as<std::int64_t>());
    return t;
}

// A key whose prefix no tenant uses yet (the prefix has 32 random bits; collisions are rare
// but must not make a key ambiguous).
std::string freshKey(pqxx::transaction_base& tx) {
    for (;;) {
        std::string key = generateApiKey();
        if (tx.exec_params("SELECT 1 FROM public.tenants WHERE api_key_prefix = $1",
                           apiKeyPrefix(key))
                .empty()) {
            return key;
        }
    }
}

std::string toLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

bool TenantRepository::isValidId(std::string_view id) {
    static const std::regex kId("^[A-Z][A-Z0-9_]{1,30}$");
    return std::regex_match(id.begin(), id.end(), kId);
}

std::vector<Tenant> TenantRepository::list() {
    return m_db.transact([](pqxx::work& tx) {
        std::vector<Tenant> tenants;
        for (const auto& row : tx.exec("SELECT " + kColumns + " FROM public.tenants ORDER BY id")) {
            tenants.push_back(toTenant(row));
        }
        return tenants;
    });
}

std::optional<Tenant> TenantRepository::find(std::string_view id) {
    if (!isValidId(id)) return std::nullopt;
    return m_db.transact([&](pqxx::work& tx) -> std::optional<Tenant> {
        const auto result = tx.exec_params(
            "SELECT " + kColumns + " FROM public.tenants WHERE id = $1", std::string(id));
        if (result.empty()) return std::nullopt;
        return toTenant(result[0]);
    });
}

CreatedTenant TenantRepository::create(std::string_view id, std::string_view name) {
    if (!isValidId(id)) {
        throw StoreError(StoreError::Kind::Invalid,
                         "tenant id '" + std::string(id) +
                             "' must be an upper-case letter followed by 1 to 30 upper-case "
                             "letters, digits or underscores");
    }
    if (name.empty() || name.size() > 200) {
        throw StoreError(StoreError::Kind::Invalid, "tenant name must have 1 to 200 characters");
    }
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
        created.apiKey = freshKey(tx);
        tx.exec0("CREATE SCHEMA " + tx.quote_name(schema));
        migrateTenantSchema(tx, schema);
        tx.exec0("INSERT INTO " + qualifiedTable(schema, "sync_configs") +
                 " (loan_type) VALUES ('RETAIL'), ('COMMERCIAL')");
        const auto row = tx.exec_params1(
            "INSERT INTO public.tenants (id, name, api_key_prefix, api_key_hash, schema_name,"
            " warehouse_db) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " +
                kColumns,
            std::string(id), toValidUtf8(name), apiKeyPrefix(created.apiKey),
            hashApiKey(created.apiKey), schema, schema + "_dw");
        created.tenant = toTenant(row);
        return created;
    });
}

std::string TenantRepository::rotateKey(std::string_view id) {
    return m_db.transact([&](pqxx::work& tx) {
        const std::string key = freshKey(tx);
        const auto result = tx.exec_params(
            "UPDATE public.tenants SET api_key_prefix = $2, api_key_hash = $3 WHERE id = $1",
            std::string(id), apiKeyPrefix(key), hashApiKey(key));
        if (result.affected_rows() == 0) {
            throw StoreError(StoreError::Kind::NotFound, "no tenant " + std::string(id));
        }
        return key;
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

std::optional<Tenant> TenantRepository::authenticate(std::string_view key) {
    if (!looksLikeApiKey(key)) return std::nullopt;
    auto found =
        m_db.transact([&](pqxx::work& tx) -> std::optional<std::pair<Tenant, std::string>> {
            const auto result = tx.exec_params("SELECT " + kColumns +
                                                   ", api_key_hash FROM public.tenants"
                                                   " WHERE api_key_prefix = $1",
                                               apiKeyPrefix(key));
            if (result.empty()) return std::nullopt;
            return std::make_pair(toTenant(result[0]), result[0][7].as<std::string>());
        });
    if (!found) {
        // Spend the same time as a real check, so timing does not reveal which prefixes exist.
        static const std::string kDummy = hashApiKey("sk_live_dummy");
        verifyApiKey(key, kDummy);
        return std::nullopt;
    }
    if (!verifyApiKey(key, found->second) || !found->first.active) return std::nullopt;
    return std::move(found->first);
}

}  // namespace findata::agent
