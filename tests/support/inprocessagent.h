#pragma once
// An agent inside the test's own process, on the run's databases (testdatabases.h): Services over
// a temporary data directory, and the tenants a test makes, whose warehouse databases go when it
// ends — the set-up the in-process integration suites (sync engine, janitor, scheduler, rules,
// corrections, roll-forward) share.

#include <QTemporaryDir>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"

namespace findata::test {

class InProcessAgent final {
public:
    /// Throws std::runtime_error when the temporary data directory cannot be made.
    InProcessAgent();
    /// Drops the warehouse databases of the tenants newTenant() made.
    ~InProcessAgent();
    InProcessAgent(const InProcessAgent&) = delete;
    InProcessAgent& operator=(const InProcessAgent&) = delete;

    agent::Services& services() { return *m_services; }
    agent::Database& db() { return m_services->database(); }
    std::string dataDir() const { return m_dir.path().toStdString(); }

    /// A new tenant (id: prefix + 8 random hex digits) with its warehouse database, and its key.
    agent::CreatedTenant createTenant(std::string_view prefix, std::string_view name = "test");
    agent::Tenant newTenant(std::string_view prefix, std::string_view name = "test") {
        return createTenant(prefix, name).tenant;
    }
    /// Stages a local file for the tenant as the CLI's load-csv does.
    agent::IntakeOutcome stage(const agent::Tenant& tenant, core::LoanType loanType,
                               core::FileType fileType, const std::string& path);
    /// A manual sync of the tenant's loan type, run to its end.
    agent::SyncLog sync(const agent::Tenant& tenant, core::LoanType loanType);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<agent::Services> m_services;
    std::vector<std::string> m_databases;
};

}  // namespace findata::test
