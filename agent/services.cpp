#include "agent/services.h"

#include <spdlog/spdlog.h>

#include "agent/embedded/embeddedservers.h"
#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {

Services::Services(const Settings& settings, const SeedReport& seedReport) : m_settings(settings) {
    m_servers =
        std::make_unique<EmbeddedServers>(settings.dataDir, settings.pgUrl, settings.clickhouseUrl);
    m_database = std::make_unique<Database>(m_servers->pgUrl());
    migrate(*m_database);
    m_clickhouse = std::make_unique<ClickHouseClient>(m_servers->clickhouseUrl());
    m_warehouse = std::make_unique<Warehouse>(*m_clickhouse);
    m_uploads = std::make_unique<UploadStore>(settings.dataDir / "uploads");
    m_uploads->removeLeftovers();
    m_staging = std::make_unique<Staging>(*m_database, *m_uploads, settings.maxUploadBytes);
    m_syncEngine = std::make_unique<SyncEngine>(*m_database, *m_warehouse, *m_uploads,
                                                settings.rejectedRowRetention);

    try {
        for (const auto& id : m_syncEngine->recoverInterrupted())
            logger("sync")->warn("recovered interrupted sync {}", id);
    } catch (const std::exception& e) {
        // A sync left unfinished is retried at the next start; it must not keep this one down.
        logger("sync")->error("recovery of interrupted syncs failed: {}", e.what());
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

}  // namespace findata::agent
