#pragma once
// Named loggers per subsystem (db, sync, warehouse, store, api, scheduler): each is a clone of
// the default logger (stderr, the level main() set), created on first use.

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace findata::agent {

std::shared_ptr<spdlog::logger> logger(const std::string& name);

}  // namespace findata::agent
