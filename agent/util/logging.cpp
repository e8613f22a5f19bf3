#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

#include <mutex>

namespace findata::agent {

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    if (auto existing = spdlog::get(name)) return existing;
    auto created = spdlog::default_logger()->clone(name);
    spdlog::register_logger(created);
    return created;
}

}  // namespace findata::agent
