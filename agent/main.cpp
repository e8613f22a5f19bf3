// findata-agent: the composition root. Reads the settings, picks the command and hands it its
// arguments.

#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "agent/commands/commands.h"
#include "agent/config/settings.h"

namespace {

constexpr const char* kUsage =
    "usage: findata-agent <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve      run the REST API, scheduler and sync workers (the daemon)\n"
    "  check      validate one file without loading it (a dry run)\n"
    "  generate   write a synthetic portfolio (credit + payment plan)\n"
    "  migrate    apply the operational store's migrations\n"
    "  tenant     add | list | rotate-key | rename | deactivate | activate: manage tenants\n"
    "  key        add | list | revoke: a tenant's named API keys and roles, or the agent\n"
    "             administrator credentials (--agent-admin)\n"
    "  rules      export | import: a tenant's validation rules of a loan type as JSON\n"
    "  load-csv   stage files for a sync (--all: the sample files of data-test/)\n"
    "  sync       run one sync of a tenant and loan type now\n"
    "  databases  run only the embedded PostgreSQL and ClickHouse until stopped\n"
    "  evidence   verify FILE: check a saved evidence pack of a sync against its SHA-256\n"
    "  report     write the period report of a tenant's loan type (html, csv or json)\n"
    "\n"
    "settings (before or after the command):\n";

void printUsage(std::FILE* to) {
    std::fprintf(to, "%s%s\nfindata-agent --version | --help\n", kUsage,
                 findata::agent::settingsHelp().c_str());
}

}  // namespace

int main(int argc, char** argv) {
    using namespace findata::agent;
    std::vector<std::string> args(argv + 1, argv + argc);
    Settings settings;
    try {
        settings = loadSettings(args, processEnvironment());
    } catch (const std::exception& e) {
        std::cerr << "findata-agent: " << e.what() << '\n';
        return 2;
    }
    // Logs go to stderr, so stdout carries only what a command reports.
    spdlog::set_default_logger(spdlog::stderr_color_mt("findata"));
    spdlog::set_level(spdlog::level::from_str(settings.logLevel));
    if (args.empty()) {
        printUsage(stderr);
        return 2;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--version" || command == "version") {
        std::printf("findata-agent %s\n", FINDATA_VERSION);
        return 0;
    }
    if (command == "--help" || command == "help" || command == "-h") {
        printUsage(stdout);
        return 0;
    }
    if (command == "check") return runCheckCommand(args);
    if (command == "generate") return runGenerateCommand(args);
    if (command == "evidence") return runEvidenceCommand(args);
    if (command == "databases") return runDatabasesCommand(settings, args);
    if (command == "migrate") return runMigrateCommand(settings, args);
    if (command == "tenant") return runTenantCommand(settings, args);
    if (command == "key") return runKeyCommand(settings, args);
    if (command == "rules") return runRulesCommand(settings, args);
    if (command == "load-csv") return runLoadCsvCommand(settings, args);
    if (command == "sync") return runSyncCommand(settings, args);
    if (command == "report") return runReportCommand(settings, args);
    if (command == "serve") return runServeCommand(settings, args);
    std::cerr << "findata-agent: unknown command '" << command << "'\n";
    printUsage(stderr);
    return 2;
}
