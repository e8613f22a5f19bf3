#pragma once
// The scheduler: every interval it looks at each enabled (tenant, loan type) and, when a package
// is staged and the configured interval has passed since the last sync, starts one on the sync
// runner. Failed syncs are retried with backoff (the configuration's retries and delay), then
// stay FAILED until new data or a manual trigger. Time comes from an injected clock, so tests
// advance it instead of sleeping.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace findata::agent {

class Database;
class SyncRunner;

/// Wall-clock time, injectable.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

class Scheduler final {
public:
    Scheduler(Database& db, SyncRunner& runner, const Clock& clock, std::chrono::seconds interval);
    ~Scheduler();  // stop()
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// One pass over every tenant and loan type; returns the ids of the syncs it started.
    std::vector<std::string> tick();

    /// Runs tick() every interval on a thread of its own until stop().
    void start();
    void stop();

private:
    Database& m_db;
    SyncRunner& m_runner;
    const Clock& m_clock;
    std::chrono::seconds m_interval;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace findata::agent
