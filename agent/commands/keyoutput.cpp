#include "agent/commands/keyoutput.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "agent/config/settings.h"
#include "agent/util/logging.h"
#include "agent/util/secretfile.h"

namespace findata::agent {

void announceKey(const Settings& settings, const std::string& tenantId, const std::string& key,
                 std::string_view what) {
    const std::string label(what);
    if (::isatty(STDOUT_FILENO) == 1) {
        std::printf("%s (shown only now, store it safely): %s\n", label.c_str(), key.c_str());
        std::fflush(stdout);
        return;
    }
    namespace fs = std::filesystem;
    const fs::path dir = settings.dataDir / "keys";
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const fs::path file = dir / (tenantId + "-" + std::to_string(stamp) + ".key");
    writePrivateFile(file, key + "\n");
    std::printf("%s: written to %s (readable only by this account)\n", label.c_str(), file.c_str());
    std::fflush(stdout);
    logger("api")->info("{}: written to {}", label, file.string());
}

}  // namespace findata::agent
