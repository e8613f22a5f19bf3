#pragma once
// The findata-agent commands. Each returns the process exit status: 0 success, 1 the operation
// failed (a rejected file, a FAILED sync), 2 a usage or I/O error.

#include <string>
#include <vector>

namespace findata::agent {

struct Settings;

/// check: a dry run of validation and normalization over one file.
int runCheckCommand(const std::vector<std::string>& args);
/// evidence verify FILE: checks a saved evidence pack of a sync against its SHA-256.
int runEvidenceCommand(const std::vector<std::string>& args);
/// generate: a synthetic credit file and its payment plan.
int runGenerateCommand(const std::vector<std::string>& args);
/// databases: only the embedded PostgreSQL and ClickHouse, until SIGTERM/SIGINT.
int runDatabasesCommand(const Settings& settings, const std::vector<std::string>& args);
/// migrate: applies the operational store's migrations.
int runMigrateCommand(const Settings& settings, const std::vector<std::string>& args);
/// tenant add|list|rotate-key|rename|deactivate|activate.
int runTenantCommand(const Settings& settings, const std::vector<std::string>& args);
/// key add|list|revoke: a tenant's named keys and roles, or the agent administrator credentials.
int runKeyCommand(const Settings& settings, const std::vector<std::string>& args);
/// rules export|import --tenant T --loan-type L: a tenant's validation policy as JSON.
int runRulesCommand(const Settings& settings, const std::vector<std::string>& args);
/// load-csv --all | --tenant T --loan-type L --file-type F --file PATH: stages files.
int runLoadCsvCommand(const Settings& settings, const std::vector<std::string>& args);
/// report --tenant T --loan-type L [--period P] --format F --out FILE: the period report.
int runReportCommand(const Settings& settings, const std::vector<std::string>& args);
/// serve: the REST API, the scheduler and the sync workers until SIGTERM/SIGINT.
int runServeCommand(const Settings& settings, const std::vector<std::string>& args);
/// sync --tenant T --loan-type L: one sync now.
int runSyncCommand(const Settings& settings, const std::vector<std::string>& args);

}  // namespace findata::agent
