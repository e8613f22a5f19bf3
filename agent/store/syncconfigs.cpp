#include "agent/store/syncconfigs.h"

namespace findata::agent {

namespace {

const std::string kColumns =
    "id, loan_type, enabled, interval_seconds, reject_threshold::float8, max_retries,"
    " retry_delay_seconds, last_sync_status, " +
    epochMicrosSql("last_sync_at") + ", " + epochMicrosSql("updated_at");

SyncConfig toConfig(const pqxx::row& row) {
    SyncConfig c;
    c.id = row[0].as<int>();
    const auto loanType = core::parseLoanType(row[1].as<std::string>());
    if (!loanType) throw StoreError(StoreError::Kind::Internal, "stored loan type is unknown");
    c.loanType = *loanType;
    c.enabled = row[2].as<bool>();
    c.interval = std::chrono::seconds(row[3].as<int>());
    c.rejectThreshold = row[4].as<double>();
    c.maxRetries = row[5].as<int>();
    c.retryDelay = std::chrono::seconds(row[6].as<int>());
    if (!row[7].is_null()) c.lastSyncStatus = parseSyncStatus(row[7].as<std::string>());
    if (!row[8].is_null()) c.lastSyncAt = fromMicros(row[8].as<std::int64_t>());
    c.updatedAt = fromMicros(row[9].as<std::int64_t>());
    return c;
}

void checkRange(bool ok, const char* what) {
    if (!ok) throw StoreError(StoreError::Kind::Invalid, what);
}

}  // namespace

SyncConfigRepository::SyncConfigRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "sync_configs")) {}

std::vector<SyncConfig> SyncConfigRepository::list() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<SyncConfig> configs;
        for (const auto& row :
             tx.exec("SELECT " + kColumns + " FROM " + m_table + " ORDER BY id")) {
            configs.push_back(toConfig(row));
        }
        return configs;
    });
}

std::optional<SyncConfig> SyncConfigRepository::get(core::LoanType loanType) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<SyncConfig> {
        const auto result =
            tx.exec_params("SELECT " + kColumns + " FROM " + m_table + " WHERE loan_type = $1",
                           std::string(core::toText(loanType)));
        if (result.empty()) return std::nullopt;
        return toConfig(result[0]);
    });
}

std::optional<SyncConfig> SyncConfigRepository::getById(int id) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<SyncConfig> {
        const auto result =
            tx.exec_params("SELECT " + kColumns + " FROM " + m_table + " WHERE id = $1", id);
        if (result.empty()) return std::nullopt;
        return toConfig(result[0]);
    });
}

SyncConfig SyncConfigRepository::update(core::LoanType loanType, const SyncConfigChange& change) {
    using std::chrono::seconds;
    if (change.interval) {
        checkRange(*change.interval >= seconds(1) && *change.interval <= seconds(31 * 86400),
                   "interval must be between 1 second and 31 days");
    }
    if (change.rejectThreshold) {
        // Comparisons are false for NaN, so NaN is refused too.
        checkRange(*change.rejectThreshold >= 0.0 && *change.rejectThreshold <= 1.0,
                   "reject threshold must be a fraction between 0 and 1");
    }
    if (change.maxRetries) {
        checkRange(*change.maxRetries >= 0 && *change.maxRetries <= 100,
                   "max retries must be between 0 and 100");
    }
    if (change.retryDelay) {
        checkRange(*change.retryDelay >= seconds(0) && *change.retryDelay <= seconds(86400),
                   "retry delay must be between 0 seconds and 1 day");
    }
    auto secondsOf = [](const std::optional<seconds>& s) {
        return s ? std::optional<std::int64_t>(s->count()) : std::nullopt;
    };
    return m_db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params(
            "UPDATE " + m_table +
                " SET enabled = coalesce($2, enabled),"
                " interval_seconds = coalesce($3, interval_seconds),"
                " reject_threshold = coalesce(round($4::numeric, 4), reject_threshold),"
                " max_retries = coalesce($5, max_retries),"
                " retry_delay_seconds = coalesce($6, retry_delay_seconds),"
                " updated_at = now() WHERE loan_type = $1 RETURNING " +
                kColumns,
            std::string(core::toText(loanType)), change.enabled, secondsOf(change.interval),
            change.rejectThreshold, change.maxRetries, secondsOf(change.retryDelay));
        if (result.empty()) {
            throw StoreError(StoreError::Kind::NotFound,
                             "no sync configuration for " + std::string(core::toText(loanType)));
        }
        return toConfig(result[0]);
    });
}

void SyncConfigRepository::recordResult(core::LoanType loanType, SyncStatus status, Timestamp at) {
    if (!isFinal(status)) {
        throw StoreError(StoreError::Kind::Invalid, "only a final sync status can be recorded");
    }
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params0("UPDATE " + m_table + " SET last_sync_status = $2, last_sync_at = " +
                            timestampParamSql(3) + " WHERE loan_type = $1",
                        std::string(core::toText(loanType)), std::string(toText(status)),
                        toMicros(at));
    });
}

}  // namespace findata::agent
