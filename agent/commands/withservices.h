#pragma once
// What every command that opens the stores shares: building the services (printing the keys of
// tenants seeded on a first start) and turning store failures into a one-line reason.

#include <functional>
#include <string>

namespace findata::agent {

class Services;
struct Settings;

/// Builds the services and runs `body`; exceptions become "findata-agent <command>: <reason>"
/// on stderr and exit status 2 (1 for failures of the operation the body reports itself).
int runWithServices(const Settings& settings, const std::string& command,
                    const std::function<int(Services&)>& body);

}  // namespace findata::agent
