#pragma once
// Runs syncs on worker threads, so neither the API nor the scheduler waits for one. The engine
// still guarantees one sync per (tenant, loan type) across agents; the runner adds the shutdown
// rule: after stop() no sync starts, and running ones finish (or are abandoned at exit and
// recovered by the next start). A sync cut off by an error that kept it from writing its own end
// (PostgreSQL unreachable when it failed) is not left RUNNING: its worker marks it FAILED, with
// that error, as soon as the stores answer again (retrying with backoff until then), so the
// scheduler retries it like any failure.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

#include "agent/sync/syncengine.h"

namespace findata::agent {

/// The agent is stopping: no new sync is started.
class ShuttingDown : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SyncRunner final {
public:
    /// Called on the worker thread when a sync has ended (COMPLETED or FAILED).
    using FinishedObserver = std::function<void(const std::string& tenantId, const SyncLog& log,
                                                std::chrono::duration<double> elapsed)>;

    explicit SyncRunner(SyncEngine& engine);
    ~SyncRunner();  // stop() and wait for running syncs
    SyncRunner(const SyncRunner&) = delete;
    SyncRunner& operator=(const SyncRunner&) = delete;

    void setFinishedObserver(FinishedObserver observer) { m_observer = std::move(observer); }

    /// Called by start() before a sync begins; what it throws (e.g. InsufficientDisk) refuses it.
    using StartCheck = std::function<void(const SyncRequest& request)>;
    void setStartCheck(StartCheck check) { m_startCheck = std::move(check); }

    /// Starts a sync in the background and returns its id as soon as its sync log exists.
    /// Throws SyncBusy, NothingStaged, StoreError (no such tenant), ShuttingDown after stop(), or
    /// what the start check throws.
    std::string start(const SyncRequest& request);

    /// No new syncs from now on; waits up to `grace` for running ones. Returns how many were
    /// still running when the grace ran out (they are recovered at the next start).
    std::size_t stop(std::chrono::seconds grace);

    std::size_t running();

    /// The first wait before marking a cut-off sync FAILED is tried again (doubling up to 30 s).
    void setSettleBackoff(std::chrono::milliseconds first) { m_settleBackoff = first; }

private:
    void settle(const std::string& tenantId, const std::string& syncId, const std::string& reason);

    SyncEngine& m_engine;
    FinishedObserver m_observer;
    StartCheck m_startCheck;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopped = false;
    std::size_t m_running = 0;
    std::chrono::milliseconds m_settleBackoff{1000};
};

}  // namespace findata::agent
