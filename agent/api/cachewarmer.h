#pragma once
// CacheWarmer: computes the expensive reads (column profiles, portfolio KPIs) of a tenant's loan
// type on a background thread after a sync finished — and once at start — so the screens that
// show them answer from the read cache instead of scanning the warehouse while an operator waits.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "core/catalog.h"

namespace findata::agent {

class CacheWarmer final {
public:
    /// Does the work for one (tenant, loan type); installed by the data routes.
    using Warm = std::function<void(const std::string& tenantId, core::LoanType loanType)>;

    CacheWarmer();
    ~CacheWarmer();  // stop()
    CacheWarmer(const CacheWarmer&) = delete;
    CacheWarmer& operator=(const CacheWarmer&) = delete;

    void setWarm(Warm warm);
    /// Queues a (tenant, loan type) unless it is queued already; returns at once.
    void request(const std::string& tenantId, core::LoanType loanType);
    /// Drops what is queued and waits for the running warm-up to end.
    void stop();
    /// Nothing queued or running (for tests and benchmarks).
    bool idle();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<std::string, core::LoanType>> m_queue;
    Warm m_warm;
    bool m_busy = false;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace findata::agent
