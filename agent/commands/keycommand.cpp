// `findata-agent key add|list|revoke`: a tenant's named API keys with their roles, or (with
// --agent-admin) the agent administrator credentials, from the server's shell. A new key is
// handed over like every key (keyoutput.h); each change goes to the owner's audit log.

#include <cstdio>
#include <ctime>

#include "agent/api/syncjson.h"
#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/keyoutput.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/agentaudit.h"
#include "agent/store/keyrepository.h"
#include "agent/store/tenants.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{
    "key",
    {"add --tenant ID --name NAME --role viewer|operator|admin [--expires-in-days N]",
     "add --agent-admin --name NAME", "list --tenant ID | --agent-admin",
     "revoke --tenant ID PREFIX | --agent-admin PREFIX"},
    {{"tenant", "ID", "the tenant whose keys are meant"},
     {"agent-admin", "", "the agent administrator credentials instead of a tenant's keys"},
     {"name", "NAME", "add: the key's name (unique among the owner's active keys)"},
     {"role", "ROLE", "add: viewer, operator or admin"},
     {"expires-in-days", "N", "add: the key stops working after N days (default: never)"}}};

std::string when(const std::optional<Timestamp>& t) {
    return t ? isoTimestamp(*t) : std::string("-");
}

}  // namespace

int runKeyCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::string action, tenantId, name, prefix;
    Role role = Role::Viewer;
    std::optional<int> days;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            const auto& p = a.positionals();
            if (p.empty()) throw UsageError("missing action (add, list or revoke)");
            action = p[0];
            const bool agentAdmin = a.has("agent-admin");
            if (agentAdmin == a.has("tenant"))
                throw UsageError("give either --tenant ID or --agent-admin");
            if (!agentAdmin) tenantId = a.required("tenant");
            if (action == "add") {
                if (p.size() != 1) throw UsageError("key add takes no positional arguments");
                name = a.required("name");
                if (agentAdmin) {
                    if (a.has("role") || a.has("expires-in-days"))
                        throw UsageError("an agent administrator credential has no role or expiry");
                    role = Role::AgentAdmin;
                } else {
                    const auto r = parseRole(a.required("role"));
                    if (!r || *r == Role::AgentAdmin)
                        throw UsageError("--role must be viewer, operator or admin");
                    role = *r;
                }
                if (const auto d = a.value("expires-in-days")) {
                    try {
                        days = std::stoi(*d);
                    } catch (const std::exception&) {
                        days = 0;
                    }
                    if (*days < 1 || *days > 3650)
                        throw UsageError("--expires-in-days must be a whole number from 1 to 3650");
                }
            } else if (action == "list") {
                if (p.size() != 1) throw UsageError("key list takes no positional arguments");
            } else if (action == "revoke") {
                if (p.size() != 2) throw UsageError("key revoke needs the key's PREFIX");
                prefix = p[1];
            } else {
                throw UsageError("unknown action '" + action + "'");
            }
        }))
        return *exit;
    return runWithServices(settings, "key", [&](Services& services) {
        auto& db = services.database();
        KeyRepository keys(db);
        std::optional<Tenant> tenant;
        if (!tenantId.empty()) {
            tenant = TenantRepository(db).find(tenantId);
            if (!tenant) throw StoreError(StoreError::Kind::NotFound, "no tenant " + tenantId);
        }
        auto audit = [&] { return tenant ? AuditLog(db, tenant->schema) : agentAuditLog(db); };
        if (action == "list") {
            std::printf("%-18s %-20s %-12s %-22s %-22s %s\n", "PREFIX", "NAME", "ROLE", "CREATED",
                        "LAST USED", "EXPIRES");
            for (const auto& k : keys.list(tenantId))
                std::printf("%-18s %-20s %-12s %-22s %-22s %s\n", k.prefix.c_str(), k.name.c_str(),
                            std::string(toText(k.role)).c_str(), isoTimestamp(k.createdAt).c_str(),
                            when(k.lastUsedAt).c_str(), when(k.expiresAt).c_str());
            return 0;
        }
        if (action == "add") {
            std::optional<Timestamp> expires;
            if (days) expires = std::chrono::system_clock::now() + std::chrono::hours(24 * *days);
            const auto created = tenant ? keys.create(tenantId, name, role, expires, "cli")
                                        : keys.createAgentAdmin(name, "cli");
            audit().record("cli", "key.create",
                           {{"key_prefix", created.info.prefix},
                            {"key_name", created.info.name},
                            {"role", toText(created.info.role)}});
            std::printf("created key %s '%s' (%s)\n", created.info.prefix.c_str(),
                        created.info.name.c_str(), std::string(toText(role)).c_str());
            announceKey(settings, tenant ? tenantId : std::string("agent-admin"), created.key,
                        tenant ? "API key '" + name + "' of " + tenantId
                               : "agent administrator credential '" + name + "'");
            return 0;
        }
        const auto revoked = keys.revoke(tenantId, prefix);
        audit().record("cli", "key.revoke",
                       {{"key_prefix", revoked.prefix}, {"key_name", revoked.name}});
        std::printf("revoked key %s '%s'\n", revoked.prefix.c_str(), revoked.name.c_str());
        return 0;
    });
}

}  // namespace findata::agent
