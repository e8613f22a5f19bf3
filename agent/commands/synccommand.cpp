#include <cstdio>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/util/period.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{
    "sync",
    {"--tenant ID --loan-type RETAIL|COMMERCIAL [--period YYYY-MM] [--force]", "--all"},
    {
        {"tenant", "ID", "the tenant to sync"},
        {"loan-type", "RETAIL|COMMERCIAL", "the loan type to sync"},
        {"period", "YYYY-MM", "the reporting period to load (default: the oldest staged)"},
        {"force", "", "sync even though the loan type's sync config is disabled"},
        {"all", "", "every active tenant and enabled loan type with staged files"},
    }};

void printCounts(const char* file, const FileCounts& c) {
    std::printf("  %-13s read %llu, loaded %llu, rejected %llu\n", file,
                static_cast<unsigned long long>(c.rowsRead),
                static_cast<unsigned long long>(c.rowsLoaded),
                static_cast<unsigned long long>(c.rowsRejected));
}

// Runs one sync and prints its summary; returns true when it COMPLETED.
bool syncOne(SyncEngine& engine, const SyncRequest& request) {
    SyncStatus shown = SyncStatus::Started;
    const SyncLog log = engine.run(request, [&](const SyncProgress& p) {
        if (p.stage == shown && p.stage != SyncStatus::Validating) return;
        shown = p.stage;
        std::printf("sync %s  %-11s %llu rows\n", p.syncId.c_str(),
                    std::string(toText(p.stage)).c_str(),
                    static_cast<unsigned long long>(p.rowsProcessed));
        std::fflush(stdout);
    });
    std::printf("sync %s of %s %s period %s: %s\n", log.id.c_str(), request.tenantId.c_str(),
                std::string(core::toText(request.loanType)).c_str(), log.period.c_str(),
                std::string(toText(log.status)).c_str());
    if (log.restates)
        std::printf("  %-13s restates %s, replacing sync %s\n", "restatement", log.period.c_str(),
                    log.restates->c_str());
    printCounts("credit", log.credit);
    printCounts("payment plan", log.payment);
    std::printf("  %-13s %llu errors, %llu warnings\n", "findings",
                static_cast<unsigned long long>(log.errors),
                static_cast<unsigned long long>(log.warnings));
    if (!log.errorSummary.empty()) std::printf("  %-13s %s\n", "reason", log.errorSummary.c_str());
    std::printf("  %-13s %s\n", "timings (ms)", log.stageTimings.dump().c_str());
    return log.status == SyncStatus::Completed;
}

}  // namespace

int runSyncCommand(const Settings& settings, const std::vector<std::string>& args) {
    SyncRequest request;
    bool all = false;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
            all = a.has("all");
            if (all && (a.has("tenant") || a.has("loan-type") || a.has("force")))
                throw UsageError("--all stands alone");
            if (!all) {
                request.tenantId = a.required("tenant");
                const auto loanType = core::parseLoanType(a.required("loan-type"));
                if (!loanType) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
                request.loanType = *loanType;
                if (const auto period = a.value("period")) {
                    if (!isPeriod(*period))
                        throw UsageError("--period must be a month YYYY-MM, e.g. 2026-10");
                    request.period = *period;
                }
            } else if (a.has("period")) {
                throw UsageError("--all stands alone");
            }
            request.trigger = SyncTrigger::Manual;
            request.actor = "cli";
            request.force = a.has("force");
        }))
        return *exit;
    return runWithServices(settings, "sync", [&](Services& services) {
        auto& engine = services.syncEngine();
        std::vector<SyncRequest> requests;
        if (all) {
            for (const auto& tenant : TenantRepository(services.database()).list())
                for (const auto loanType : core::kLoanTypes)
                    requests.push_back({tenant.id, loanType, SyncTrigger::Manual, "cli"});
        } else {
            requests.push_back(request);
        }
        bool ok = true;
        for (const auto& r : requests) {
            try {
                ok = syncOne(engine, r) && ok;
            } catch (const SyncBusy& e) {
                std::cerr << "findata-agent sync: " << e.what()
                          << (e.runningSyncId().empty() ? "" : " (sync " + e.runningSyncId() + ")")
                          << '\n';
                ok = false;
            } catch (const SyncRefused& e) {
                // --all passes over deactivated tenants and disabled configs, as the scheduler.
                if (all) continue;
                std::cerr << "findata-agent sync: " << e.what()
                          << (e.reason() == SyncRefused::Reason::ConfigDisabled ? " (--force)" : "")
                          << '\n';
                ok = false;
            } catch (const NothingStaged& e) {
                if (!all) {
                    std::cerr << "findata-agent sync: " << e.what() << '\n';
                    ok = false;
                }
            }
        }
        return ok ? 0 : 1;
    });
}

}  // namespace findata::agent
