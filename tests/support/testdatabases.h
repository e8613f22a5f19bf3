#pragma once
// Real databases for the integration suites: the ones the CTest fixture started for this run
// (tests/support/databases.sh), or — when a suite is run by hand — private ones for the process.

#include <string>
#include <string_view>

#include "agent/config/settings.h"

namespace findata::test {

struct DatabaseUrls {
    std::string pg;
    std::string clickhouse;
};

/// The run's databases. Starts private embedded servers (in a temporary directory, stopped at
/// exit) when the fixture's URL file is absent or its servers do not answer.
const DatabaseUrls& testDatabases();

/// Agent settings on the run's databases, with `dataDir` for staged uploads.
agent::Settings testSettings(const std::string& dataDir);

/// A tenant id no other test of any run uses: prefix + 8 random upper-case hex digits.
std::string uniqueTenantId(std::string_view prefix = "T");

}  // namespace findata::test
