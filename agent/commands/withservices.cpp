#include "agent/commands/withservices.h"

#include <cstdio>
#include <iostream>

#include "agent/commands/keyoutput.h"
#include "agent/services.h"

namespace findata::agent {

int runWithServices(const Settings& settings, const std::string& command,
                    const std::function<int(Services&)>& body) {
    try {
        Services services(
            settings, [&settings](const std::string& tenantId, const std::string& key) {
                announceKey(settings, tenantId, key, "API key of sample tenant " + tenantId);
            });
        return body(services);
    } catch (const std::exception& e) {
        std::cerr << "findata-agent " << command << ": " << e.what() << '\n';
        return 2;
    }
}

}  // namespace findata::agent
