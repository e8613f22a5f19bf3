#include "agent/api/cachewarmer.h"

#include <algorithm>

namespace findata::agent {

CacheWarmer::CacheWarmer() : m_thread([this] { run(); }) {}

CacheWarmer::~CacheWarmer() {
    stop();
}

void CacheWarmer::setWarm(Warm warm) {
    const std::lock_guard lock(m_mutex);
    m_warm = std::move(warm);
}

void CacheWarmer::request(const std::string& tenantId, core::LoanType loanType) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) return;
        const std::pair item{tenantId, loanType};
        if (std::find(m_queue.begin(), m_queue.end(), item) != m_queue.end()) return;
        m_queue.push_back(item);
    }
    m_wake.notify_one();
}

void CacheWarmer::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_wake.notify_one();
    if (m_thread.joinable()) m_thread.join();
}

bool CacheWarmer::idle() {
    const std::lock_guard lock(m_mutex);
    return m_queue.empty() && !m_busy;
}

void CacheWarmer::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) return;
        const auto [tenantId, loanType] = m_queue.front();
        m_queue.pop_front();
        const auto warm = m_warm;
        if (!warm) continue;
        m_busy = true;
        lock.unlock();
        warm(tenantId, loanType);  // reports its own failures
        lock.lock();
        m_busy = false;
    }
}

}  // namespace findata::agent
