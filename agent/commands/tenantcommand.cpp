// `findata-agent tenant add|list|rotate-key|rename|deactivate|activate`: tenants from the
// server's shell (the same as /api/admin/tenants/ offers the agent administrator). Each change
// goes to the agent-wide audit log with the actor "cli".

#include <cstdio>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/keyoutput.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/agentaudit.h"
#include "agent/store/tenants.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{"tenant",
                        {"add ID --name NAME", "list", "rotate-key ID", "rename ID --name NAME",
                         "deactivate ID", "activate ID"},
                        {{"name", "NAME",
                          "add, rename: the tenant's display name (add: default "
                          "its ID)"}}};

}  // namespace

int runTenantCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::string action, id, name;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            const auto& p = a.positionals();
            if (p.empty())
                throw UsageError(
                    "missing action (add, list, rotate-key, rename, deactivate or activate)");
            action = p[0];
            if (action == "list") {
                if (p.size() != 1) throw UsageError("tenant list takes no arguments");
            } else if (action == "add" || action == "rotate-key" || action == "rename" ||
                       action == "deactivate" || action == "activate") {
                if (p.size() != 2) throw UsageError("tenant " + action + " needs one tenant ID");
                id = p[1];
                if (action == "add") name = a.value("name").value_or(id);
                if (action == "rename") name = a.required("name");
            } else {
                throw UsageError("unknown action '" + action + "'");
            }
        }))
        return *exit;
    return runWithServices(settings, "tenant", [&](Services& services) {
        TenantRepository tenants(services.database());
        auto audit = [&](std::string_view what, const nlohmann::json& details) {
            agentAuditLog(services.database()).record("cli", what, details);
        };
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
            audit("tenant.create", {{"tenant_id", id},
                                    {"name", created.tenant.name},
                                    {"key_prefix", created.tenant.keyPrefix}});
            std::printf("created tenant %s (%s)\n", created.tenant.id.c_str(),
                        created.tenant.name.c_str());
            announceKey(settings, created.tenant.id, created.apiKey,
                        "API key of " + created.tenant.id);
            return 0;
        }
        if (action == "rename") {
            const auto before = tenants.find(id);
            const auto renamed = tenants.rename(id, name);
            audit("tenant.rename",
                  {{"tenant_id", id}, {"from", before ? before->name : ""}, {"to", renamed.name}});
            std::printf("tenant %s is now named %s\n", id.c_str(), renamed.name.c_str());
            return 0;
        }
        if (action == "deactivate" || action == "activate") {
            const bool active = action == "activate";
            tenants.setActive(id, active);
            audit(active ? "tenant.activate" : "tenant.deactivate", {{"tenant_id", id}});
            std::printf(active ? "tenant %s is active again: its keys work and its syncs are "
                                 "scheduled\n"
                               : "tenant %s is deactivated: its keys are refused (403) and its "
                                 "syncs no longer scheduled; its data is kept\n",
                        id.c_str());
            return 0;
        }
        const std::string key = tenants.rotateKey(id);
        audit("tenant.rotate-key", {{"tenant_id", id}});
        announceKey(settings, id, key, "new API key of " + id + " (the old one no longer works)");
        return 0;
    });
}

}  // namespace findata::agent
