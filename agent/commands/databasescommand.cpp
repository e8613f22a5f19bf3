#include "agent/commands/commands.h"
#include "agent/commands/stopsignals.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/config/settings.h"
#include "agent/embedded/embeddedservers.h"
#include "agent/embedded/process.h"

namespace findata::agent {

int runDatabasesCommand(const Settings& settings, const std::vector<std::string>& args) {
    static const CommandSpec spec{
        "databases",
        {"[--urls-file FILE]"},
        {{"urls-file", "FILE", "write FINDATA_PG_URL and FINDATA_CLICKHOUSE_URL there"}}};
    std::string urlsFile;
    if (const auto exit = parseCommandLine(args, spec, [&](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
            urlsFile = a.value("urls-file").value_or("");
        }))
        return *exit;

    // Block the stop signals before any thread exists, then wait for them on this thread, which
    // started the servers and so keeps them alive.
    const sigset_t stopSignals = blockStopSignals();

    try {
        EmbeddedServers servers(settings.dataDir, "", "");
        std::printf("postgres   %s\nclickhouse %s\n", servers.pgUrl().c_str(),
                    servers.clickhouseUrl().c_str());
        std::fflush(stdout);
        if (!urlsFile.empty()) {
            const std::string temporary = urlsFile + ".tmp";
            std::ofstream(temporary)
                << "FINDATA_PG_URL=" << servers.pgUrl()
                << "\nFINDATA_CLICKHOUSE_URL=" << servers.clickhouseUrl() << '\n';
            std::filesystem::rename(temporary, urlsFile);
        }
        const int signal = waitForStopSignal(stopSignals);
        std::printf("stopping on signal %d\n", signal);
        servers.stop();
        if (!urlsFile.empty()) std::filesystem::remove(urlsFile);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "findata-agent databases: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace findata::agent
