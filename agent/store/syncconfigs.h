#pragma once
// Per-tenant sync configuration: one row per loan type, created with the tenant.

#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "core/catalog.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

struct SyncConfig {
    int id = 0;
    core::LoanType loanType = core::LoanType::Retail;
    bool enabled = true;
    std::chrono::seconds interval{60};
    double rejectThreshold = 0.5;  // fraction of rejected rows above which a sync aborts
    int maxRetries = 2;
    std::chrono::seconds retryDelay{60};
    std::optional<SyncStatus> lastSyncStatus;  // a final status, once a sync has finished
    std::optional<Timestamp> lastSyncAt;
    Timestamp updatedAt;
};

/// A partial change: only the fields set are written.
struct SyncConfigChange {
    std::optional<bool> enabled;
    std::optional<std::chrono::seconds> interval;    // 1 s … 31 days
    std::optional<double> rejectThreshold;           // 0 … 1
    std::optional<int> maxRetries;                   // 0 … 100
    std::optional<std::chrono::seconds> retryDelay;  // 0 … 1 day
};

/// The sync_configs table of one tenant schema.
class SyncConfigRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    SyncConfigRepository(Database& db, std::string_view schema);

    std::vector<SyncConfig> list();  // by loan type
    std::optional<SyncConfig> get(core::LoanType loanType);
    std::optional<SyncConfig> getById(int id);

    /// Applies `change` and returns the new row. Throws StoreError Invalid with a message naming
    /// the field when a value is out of range, NotFound when the row is missing.
    SyncConfig update(core::LoanType loanType, const SyncConfigChange& change);

    /// Records the outcome of a finished sync (status must be final).
    void recordResult(core::LoanType loanType, SyncStatus status, Timestamp at);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
