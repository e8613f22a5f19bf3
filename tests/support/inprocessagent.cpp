// InProcessAgent (inprocessagent.h): Services on the run's databases, tenants dropped at the end.

#include "support/inprocessagent.h"

#include <stdexcept>

#include "agent/warehouse/warehouse.h"
#include "support/testdatabases.h"

namespace findata::test {

InProcessAgent::InProcessAgent() {
    if (!m_dir.isValid()) throw std::runtime_error("no temporary data directory for the agent");
    m_services = std::make_unique<agent::Services>(testSettings(dataDir()), nullptr);
}

InProcessAgent::~InProcessAgent() {
    for (const auto& database : m_databases) {
        try {
            m_services->warehouse().dropTenant(database);
        } catch (const std::exception&) {
            // A test that stopped ClickHouse leaves its database to the next run's clean start.
        }
    }
}

agent::CreatedTenant InProcessAgent::createTenant(std::string_view prefix, std::string_view name) {
    auto created = agent::TenantRepository(db()).create(uniqueTenantId(prefix), name);
    m_services->warehouse().ensureTenant(created.tenant.warehouseDatabase);
    m_databases.push_back(created.tenant.warehouseDatabase);
    return created;
}

agent::IntakeOutcome InProcessAgent::stage(const agent::Tenant& tenant, core::LoanType loanType,
                                           core::FileType fileType, const std::string& path) {
    return m_services->uploadIntake().stageFile(tenant, loanType, fileType, path, "test");
}

agent::SyncLog InProcessAgent::sync(const agent::Tenant& tenant, core::LoanType loanType) {
    return m_services->syncEngine().run(
        agent::SyncRequest{tenant.id, loanType, agent::SyncTrigger::Manual, "test"});
}

}  // namespace findata::test
