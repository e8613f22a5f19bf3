#include "agent/scheduler/scheduler.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

namespace findata::agent {

Scheduler::Scheduler(Database& db, SyncRunner& runner, const Clock& clock,
                     std::chrono::seconds interval)
    : m_db(db), m_runner(runner), m_clock(clock), m_interval(interval) {}

Scheduler::~Scheduler() {
    stop();
}

std::vector<std::string> Scheduler::tick() {
    return {};
}

void Scheduler::start() {
    m_thread = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            try {
                tick();
            } catch (const std::exception& e) {
                logger("scheduler")->error("scheduler pass failed: {}", e.what());
            }
            lock.lock();
            m_wake.wait_for(lock, m_interval, [&] { return m_stopping; });
        }
    });
}

void Scheduler::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

}  // namespace findata::agent
