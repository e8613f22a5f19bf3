#pragma once
// The agent's long-lived parts, built once from the settings for every command that needs the
// stores: the databases (embedded unless URLs are given), the operational store migrated to the
// current schema, the warehouse, the upload store, staging, the sync engine and the janitor.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "agent/config/settings.h"

namespace findata::agent {

class ClickHouseClient;
class Database;
class DatabaseSupervisor;
class EmbeddedServers;
class Janitor;
class UploadIntake;
class SyncEngine;
class UploadStore;
class Warehouse;

class Services final {
public:
    /// Called once per tenant created by the first-start seeding, with its clear API key.
    using SeedReport = std::function<void(const std::string& tenantId, const std::string& key)>;

    /// Starts or connects to the databases, applies migrations, ends syncs a crash interrupted
    /// and drops staging tables no running sync owns, and — when the store has no tenant yet —
    /// creates BANK001–BANK003 and reports their keys. Call from the main thread.
    Services(const Settings& settings, const SeedReport& seedReport);
    ~Services();
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    const Settings& settings() const { return m_settings; }
    Database& database() { return *m_database; }
    ClickHouseClient& clickhouse() { return *m_clickhouse; }
    Warehouse& warehouse() { return *m_warehouse; }
    UploadStore& uploads() { return *m_uploads; }
    UploadIntake& uploadIntake() { return *m_uploadIntake; }
    SyncEngine& syncEngine() { return *m_syncEngine; }
    /// Housekeeping; `serve` starts its background passes (Janitor::start).
    Janitor& janitor() { return *m_janitor; }

    /// Starts watching PostgreSQL and ClickHouse (restarting embedded ones that die) until the
    /// returned object goes; for long-running commands. Call from the thread that will outlive
    /// it (the embedded servers it restarts are bound to that thread, see EmbeddedPostgres).
    std::unique_ptr<DatabaseSupervisor> superviseDatabases(std::chrono::milliseconds interval);

private:
    Settings m_settings;
    std::unique_ptr<EmbeddedServers> m_servers;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ClickHouseClient> m_clickhouse;
    std::unique_ptr<Warehouse> m_warehouse;
    std::unique_ptr<UploadStore> m_uploads;
    std::unique_ptr<UploadIntake> m_uploadIntake;
    std::unique_ptr<SyncEngine> m_syncEngine;
    std::unique_ptr<Janitor> m_janitor;  // after what it uses: stopped first
};

/// The sample tenants a first start creates.
inline constexpr const char* kSampleTenants[][2] = {
    {"BANK001", "Bank 001"}, {"BANK002", "Bank 002"}, {"BANK003", "Bank 003"}};

}  // namespace findata::agent
