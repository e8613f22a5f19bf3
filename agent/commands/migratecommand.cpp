#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/database.h"

namespace findata::agent {

int runMigrateCommand(const Settings& settings, const std::vector<std::string>& args) {
    try {
        const Arguments a(args, {}, {});
        if (!a.positionals().empty())
            throw UsageError("unexpected argument '" + a.positionals().front() + "'");
    } catch (const UsageError& e) {
        std::cerr << "findata-agent migrate: " << e.what() << "\nusage: findata-agent migrate\n";
        return 2;
    }
    return runWithServices(settings, "migrate", [](Services& services) {
        std::cout << "operational store " << services.database().displayUrl()
                  << " is at the current schema\n";
        return 0;
    });
}

}  // namespace findata::agent
