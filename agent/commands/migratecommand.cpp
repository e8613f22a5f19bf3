#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/database.h"

namespace findata::agent {

int runMigrateCommand(const Settings& settings, const std::vector<std::string>& args) {
    static const CommandSpec spec{"migrate", {""}, {}};
    if (const auto exit = parseCommandLine(args, spec, [](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
        }))
        return *exit;
    return runWithServices(settings, "migrate", [](Services& services) {
        std::cout << "operational store " << services.database().displayUrl()
                  << " is at the current schema\n";
        return 0;
    });
}

}  // namespace findata::agent
