#pragma once
// The scheduler: every interval it looks at each enabled (tenant, loan type) and, when a package
// is staged and the configured interval has passed since the last sync, starts one on the sync
// runner. Failed syncs are retried with backoff (the configuration's retries and delay), then
// stay FAILED until new data or a manual trigger. Time comes from an injected clock, so tests
// advance it instead of sleeping.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/store/synclogs.h"

namespace findata::agent {

class Database;
class SyncRunner;
struct SyncConfig;
struct Tenant;
struct Upload;

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

/// Starts due and retry syncs of every active tenant. Several agents may run one each on the
/// same store: the sync engine's lock keeps a (tenant, loan type) to one sync at a time.
class Scheduler final {
public:
    /// Which tenants a pass looks at (besides being active); all by default.
    using TenantFilter = std::function<bool(const Tenant&)>;

    Scheduler(Database& db, SyncRunner& runner, const Clock& clock, std::chrono::seconds interval);
    ~Scheduler();  // stop()
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Call before start(); restricts passes to the tenants `filter` accepts.
    void setTenantFilter(TenantFilter filter) { m_filter = std::move(filter); }

    /// One pass over every tenant and loan type; returns the ids of the syncs it started.
    std::vector<std::string> tick();

    /// Runs tick() every interval on a thread of its own until stop().
    void start();
    void stop();

    /// The wait before retry number `attempt` (1, 2, …): retryDelay × 2^(attempt-1), saturated.
    static std::chrono::seconds retryBackoff(std::chrono::seconds retryDelay, int attempt);

private:
    Database& m_db;
    SyncRunner& m_runner;
    const Clock& m_clock;
    std::chrono::seconds m_interval;
    TenantFilter m_filter;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;

    /// The trigger of the sync to start now for this (tenant, config), or nullopt.
    std::optional<SyncTrigger> due(const Tenant& tenant, const SyncConfig& config,
                                   const std::optional<Upload>& credit,
                                   const std::optional<Upload>& payment);
};

}  // namespace findata::agent
