#pragma once
// Exclusive right to sync one (tenant, loan type), across every agent sharing the PostgreSQL.

#include "agent/store/database.h"
#include "core/catalog.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace findata::agent {

/// A session-level advisory lock on a dedicated connection, held from tryAcquire() until
/// destruction. If the agent dies the connection closes and PostgreSQL releases the lock.
/// The key is (hashtext(tenant id), loan type): two tenants whose ids hash alike would only
/// serialize their syncs, never run one twice.
class SyncLock final {
public:
    /// The lock, or nullopt when another session holds it. Throws StoreError when PostgreSQL
    /// cannot be reached.
    static std::optional<SyncLock> tryAcquire(Database& db, std::string_view tenantId,
                                              core::LoanType loanType);

    SyncLock(SyncLock&&) noexcept = default;
    SyncLock& operator=(SyncLock&& other) noexcept;
    ~SyncLock();

    /// Whether the lock's connection is still up (a server restart loses the lock); a sync
    /// should check before it swaps partitions.
    bool isHeld();
    /// Releases now (also done by the destructor).
    void release() noexcept;

    const std::string& tenantId() const { return m_tenantId; }
    core::LoanType loanType() const { return m_loanType; }

private:
    SyncLock(std::unique_ptr<pqxx::connection> connection, std::string tenantId,
             core::LoanType loanType);

    std::unique_ptr<pqxx::connection> m_connection;
    std::string m_tenantId;
    core::LoanType m_loanType;
};

}  // namespace findata::agent
