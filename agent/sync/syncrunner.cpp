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
        const auto started = std::chrono::steady_clock::now();
        try {
            const SyncLog log = m_engine.run(request, [&](const SyncProgress& p) {
                if (!delivered) {
                    delivered = true;
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
                logger("sync")->error("sync of {} {} ended with an error: {}", request.tenantId,
                                      core::toText(request.loanType), reason);
            }
        }
        const std::lock_guard lock(m_mutex);
        --m_running;
        m_changed.notify_all();
    });
    worker.detach();  // it reports its end through m_running
    return idFuture.get();
}

std::size_t SyncRunner::stop(std::chrono::seconds grace) {
    std::unique_lock lock(m_mutex);
    m_stopped = true;
    m_changed.wait_for(lock, grace, [&] { return m_running == 0; });
    return m_running;  // still running: abandoned at exit, recovered by the next start
}

std::size_t SyncRunner::running() {
    const std::lock_guard lock(m_mutex);
    return m_running;
}

}  // namespace findata::agent
