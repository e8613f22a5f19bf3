#include "agent/store/synclock.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

namespace findata::agent {

namespace {

// The two-int4 advisory key space is separate from the bigint one used for migrations.
constexpr const char* kKeySql = "hashtext('findata:sync:' || $1), $2::int";

}  // namespace

std::optional<SyncLock> SyncLock::tryAcquire(Database& db, std::string_view tenantId,
                                             core::LoanType loanType) {
    auto connection = db.connect();
    bool acquired = false;
    try {
        pqxx::nontransaction tx(*connection);
        acquired = tx.exec_params1(std::string("SELECT pg_try_advisory_lock(") + kKeySql + ")",
                                   std::string(tenantId), static_cast<int>(loanType))[0]
                       .as<bool>();
    } catch (const pqxx::failure& e) {
        throw StoreError(StoreError::Kind::Unavailable,
                         std::string("cannot take the sync lock: ") + e.what());
    }
    if (!acquired) return std::nullopt;
    return SyncLock(std::move(connection), std::string(tenantId), loanType);
}

SyncLock::SyncLock(std::unique_ptr<pqxx::connection> connection, std::string tenantId,
                   core::LoanType loanType)
    : m_connection(std::move(connection)), m_tenantId(std::move(tenantId)), m_loanType(loanType) {}

SyncLock& SyncLock::operator=(SyncLock&& other) noexcept {
    if (this != &other) {
        release();
        m_connection = std::move(other.m_connection);
        m_tenantId = std::move(other.m_tenantId);
        m_loanType = other.m_loanType;
    }
    return *this;
}

SyncLock::~SyncLock() {
    release();
}

bool SyncLock::isHeld() {
    if (!m_connection) return false;
    try {
        pqxx::nontransaction tx(*m_connection);
        // Counts our own session's lock, so a reconnect under us (which would not hold it) fails.
        return tx
            .exec_params1(std::string("SELECT count(*) > 0 FROM pg_locks WHERE locktype ="
                                      " 'advisory' AND granted AND pid = pg_backend_pid()"
                                      " AND classid = (") +
                              "hashtext('findata:sync:' || $1))::oid AND objid = $2::int::oid"
                              " AND objsubid = 2",
                          m_tenantId, static_cast<int>(m_loanType))[0]
            .as<bool>();
    } catch (const std::exception&) {
        return false;
    }
}

void SyncLock::release() noexcept {
    if (!m_connection) return;
    try {
        pqxx::nontransaction tx(*m_connection);
        tx.exec_params(std::string("SELECT pg_advisory_unlock(") + kKeySql + ")", m_tenantId,
                       static_cast<int>(m_loanType));
    } catch (const std::exception& e) {
        // Closing the connection below releases it anyway.
        logger("db")->debug("sync lock {} {}: explicit unlock failed: {}", m_tenantId,
                            core::toText(m_loanType), e.what());
    }
    m_connection.reset();
}

}  // namespace findata::agent
