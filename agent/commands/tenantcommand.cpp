#include <cstdio>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/keyoutput.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{"tenant",
                        {"add ID --name NAME", "list", "rotate-key ID"},
                        {{"name", "NAME", "add: the tenant's display name (default: its ID)"}}};

}  // namespace

int runTenantCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::string action, id, name;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            const auto& p = a.positionals();
            if (p.empty()) throw UsageError("missing action (add, list or rotate-key)");
            action = p[0];
            if (action == "list") {
                if (p.size() != 1) throw UsageError("tenant list takes no arguments");
            } else if (action == "add" || action == "rotate-key") {
                if (p.size() != 2) throw UsageError("tenant " + action + " needs one tenant ID");
                id = p[1];
                if (action == "add") name = a.value("name").value_or(id);
            } else {
                throw UsageError("unknown action '" + action + "'");
            }
        }))
        return *exit;
    return runWithServices(settings, "tenant", [&](Services& services) {
        TenantRepository tenants(services.database());
        if (action == "list") {
            std::printf("%-12s %-24s %-18s %-6s %s\n", "ID", "NAME", "KEY PREFIX", "ACTIVE",
                        "WAREHOUSE");
            for (const auto& t : tenants.list())
                std::printf("%-12s %-24s %-18s %-6s %s\n", t.id.c_str(), t.name.c_str(),
                            t.keyPrefix.c_str(), t.active ? "yes" : "no",
                            t.warehouseDatabase.c_str());
            return 0;
        }
        if (action == "add") {
            const auto created = tenants.create(id, name);
            services.warehouse().ensureTenant(created.tenant.warehouseDatabase);
            std::printf("created tenant %s (%s)\n", created.tenant.id.c_str(),
                        created.tenant.name.c_str());
            announceKey(settings, created.tenant.id, created.apiKey,
                        "API key of " + created.tenant.id);
            return 0;
        }
        const std::string key = tenants.rotateKey(id);
        announceKey(settings, id, key, "new API key of " + id + " (the old one no longer works)");
        return 0;
    });
}

}  // namespace findata::agent
