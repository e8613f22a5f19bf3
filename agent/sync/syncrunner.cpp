#include "agent/sync/syncrunner.h"

#include <spdlog/spdlog.h>
#include <future>

#include "agent/util/logging.h"

namespace findata::agent {

SyncRunner::SyncRunner(SyncEngine& engine) : m_engine(engine) {}

SyncRunner::~SyncRunner() {
    stop(std::chrono::hours(24));
}

std::string SyncRunner::start(const SyncRequest& request) {
    if (m_startCheck) m_startCheck(request);
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopped) throw ShuttingDown("the agent is shutting down; no new syncs");
        ++m_running;
    }
    auto idPromise = std::make_shared<std::promise<std::string>>();
    auto idFuture = idPromise->get_future();
    std::thread worker([this, request, idPromise] {
        bool delivered = false;
        std::string syncId;
        const auto started = std::chrono::steady_clock::now();
        try {
            const SyncLog log = m_engine.run(request, [&](const SyncProgress& p) {
                if (!delivered) {
                    delivered = true;
                    syncId = p.syncId;
                    idPromise->set_value(p.syncId);
                }
            });
            if (!delivered) idPromise->set_value(log.id);
            delivered = true;
            if (m_observer)
                m_observer(request.tenantId, log, std::chrono::steady_clock::now() - started);
        } catch (...) {
            if (!delivered) {
                idPromise->set_exception(std::current_exception());
            } else {
                // Whatever ended it (a database gone mid-sync, most often) must reach the log.
                std::string reason = "an unknown error";
                try {
                    throw;
                } catch (const std::exception& e) {
                    reason = e.what();
                } catch (...) {
                }
                logger("sync")->error("sync {} of {} {} ended with an error: {}", syncId,
                                      request.tenantId, core::toText(request.loanType), reason);
                if (!syncId.empty()) settle(request.tenantId, syncId, reason);
            }
        }
        const std::lock_guard lock(m_mutex);
        --m_running;
        m_changed.notify_all();
    });
    worker.detach();  // it reports its end through m_running
    return idFuture.get();
}

void SyncRunner::settle(const std::string& tenantId, const std::string& syncId,
                        const std::string& reason) {
    auto log = logger("sync");
    auto backoff = m_settleBackoff;
    for (;;) {
        try {
            if (m_engine.recoverSync(tenantId, syncId, reason)) return;
            log->warn(
                "sync {} of {}: not ended yet (its lock is held, or ClickHouse is down); "
                "trying again in {} ms",
                syncId, tenantId, backoff.count());
        } catch (const std::exception& e) {
            log->warn("sync {} of {}: cannot mark it FAILED yet ({}); trying again in {} ms",
                      syncId, tenantId, e.what(), backoff.count());
        }
        std::unique_lock lock(m_mutex);
        // Stopping: the next start's recovery ends it.
        if (m_changed.wait_for(lock, backoff, [&] { return m_stopped; })) return;
        backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
    }
}

std::size_t SyncRunner::stop(std::chrono::seconds grace) {
    std::unique_lock lock(m_mutex);
    m_stopped = true;
    m_changed.notify_all();  // wakes syncs waiting to be settled
    m_changed.wait_for(lock, grace, [&] { return m_running == 0; });
    return m_running;  // still running: abandoned at exit, recovered by the next start
}

std::size_t SyncRunner::running() {
    const std::lock_guard lock(m_mutex);
    return m_running;
}

}  // namespace findata::agent
