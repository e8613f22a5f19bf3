#include "agent/commands/withservices.h"

#include <cstdio>
#include <iostream>

#include "agent/services.h"

namespace findata::agent {

int runWithServices(const Settings& settings, const std::string& command,
                    const std::function<int(Services&)>& body) {
    try {
        Services services(settings, [](const std::string& tenantId, const std::string& key) {
            std::printf("created sample tenant %s; its API key (shown only now): %s\n",
                        tenantId.c_str(), key.c_str());
        });
        return body(services);
    } catch (const std::exception& e) {
        std::cerr << "findata-agent " << command << ": " << e.what() << '\n';
        return 2;
    }
}

}  // namespace findata::agent
