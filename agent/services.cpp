#include "agent/services.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include "agent/embedded/embeddedclickhouse.h"
#include "agent/embedded/embeddedpostgres.h"
#include "agent/embedded/embeddedservers.h"
#include "agent/embedded/process.h"
#include "agent/embedded/supervisor.h"
#include "agent/maintenance/janitor.h"
#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/schemamigration.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {

Services::Services(const Settings& settings, const SeedReport& seedReport) : m_settings(settings) {
    m_servers =
        std::make_unique<EmbeddedServers>(settings.dataDir, settings.pgUrl, settings.clickhouseUrl);
    m_database = std::make_unique<Database>(m_servers->pgUrl());
    migrate(*m_database);
    m_clickhouse = std::make_unique<ClickHouseClient>(m_servers->clickhouseUrl());
    m_warehouse = std::make_unique<Warehouse>(*m_clickhouse);
    // Tenants created by an older agent get the catalog's new columns before anything syncs.
    migrateWarehouses(*m_database, *m_warehouse, core::Catalog::standard());
    m_uploads =
        std::make_unique<UploadStore>(settings.dataDir / "uploads", settings.uploadCompression);
    m_uploads->removeLeftovers();
    m_uploadIntake =
        std::make_unique<UploadIntake>(*m_database, *m_uploads, settings.maxUploadBytes);
    m_syncEngine = std::make_unique<SyncEngine>(
        *m_database, *m_warehouse, *m_uploads,
        SyncEngine::Limits{settings.maxFindingsPerSync, settings.maxRejectedRowsPerSync,
                           settings.findingsRetention, settings.keepPeriods,
                           settings.profileDuringSync, settings.duplicateScreenAboveMb << 20});

    try {
        for (const auto& id : m_syncEngine->recoverInterrupted())
            logger("sync")->warn("recovered interrupted sync {}", id);
    } catch (const std::exception& e) {
        // A sync left unfinished is retried at the next start; it must not keep this one down.
        logger("sync")->error("recovery of interrupted syncs failed: {}", e.what());
    }
    m_janitor = std::make_unique<Janitor>(
        *m_database, *m_warehouse, *m_uploads,
        JanitorOptions{settings.findingsRetention, settings.uploadRetention,
                       settings.janitorInterval, std::chrono::minutes(10), settings.diskReserve});
    try {
        // Those a sync could not drop when it ended (ClickHouse down then) or left by a crash.
        m_janitor->dropOrphanedStaging();
    } catch (const std::exception& e) {
        logger("janitor")->error("leftover staging tables not dropped: {}", e.what());
    }

    TenantRepository tenants(*m_database);
    if (tenants.list().empty()) {
        for (const auto& [id, name] : kSampleTenants) {
            try {
                const auto created = tenants.create(id, name);
                m_warehouse->ensureTenant(created.tenant.warehouseDatabase);
                if (seedReport) seedReport(id, created.apiKey);
            } catch (const StoreError& e) {
                // Another agent starting at the same moment seeded it first.
                if (e.kind() != StoreError::Kind::Conflict) throw;
            }
        }
    }
}

Services::~Services() = default;

std::unique_ptr<DatabaseSupervisor> Services::superviseDatabases(
    std::chrono::milliseconds interval) {
    using namespace std::chrono_literals;
    std::vector<DatabaseSupervisor::Watched> watched;

    DatabaseSupervisor::Watched pg;
    pg.name = "postgresql";
    const std::string pgUrl = m_servers->pgUrl();
    const std::string probe =
        pgUrl + (pgUrl.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=2";
    pg.answers = [probe] { return PQping(probe.c_str()) == PQPING_OK; };
    if (auto* server = m_servers->postgres()) {
        pg.processRuns = [server] { return server->isRunning(); };
        pg.howItExited = [server] { return server->describeExit(); };
        pg.restart = [server, dir = m_servers->dataDir() / "postgres"] { server->start(dir); };
    }
    watched.push_back(std::move(pg));

    DatabaseSupervisor::Watched ch;
    ch.name = "clickhouse";
    if (auto* server = m_servers->clickhouse()) {
        ch.answers = [server] {
            return httpProbe("127.0.0.1", server->httpPort(), "GET", "/ping", {}, 2s).status == 200;
        };
        ch.processRuns = [server] { return server->isRunning(); };
        ch.howItExited = [server] { return server->describeExit(); };
        ch.restart = [server, dir = m_servers->dataDir() / "clickhouse"] { server->start(dir); };
    } else {
        ClickHouseClient::Options options;
        options.timeout = 2s;
        auto client = std::make_shared<ClickHouseClient>(m_servers->clickhouseUrl(), options);
        ch.answers = [client] {
            try {
                client->query("SELECT 1");
                return true;
            } catch (const std::exception&) {
                return false;
            }
        };
    }
    watched.push_back(std::move(ch));
    return std::make_unique<DatabaseSupervisor>(std::move(watched),
                                                DatabaseSupervisor::Options{interval});
}

}  // namespace findata::agent
