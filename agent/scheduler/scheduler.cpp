#include "agent/scheduler/scheduler.h"

#include <spdlog/spdlog.h>

#include "agent/store/syncconfigs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/sync/correction.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/syncrunner.h"
#include "agent/util/diskspace.h"
#include "agent/util/logging.h"

namespace findata::agent {
namespace {

/// Whether a sync loaded (or tried to load) exactly the package staged now.
bool samePackage(const SyncLog& log, const std::optional<Upload>& credit,
                 const std::optional<Upload>& payment) {
    const auto idOf = [](const std::optional<Upload>& u) {
        return u ? std::optional<std::string>(u->id) : std::nullopt;
    };
    return log.creditUploadId == idOf(credit) && log.paymentUploadId == idOf(payment);
}

}  // namespace

Scheduler::Scheduler(Database& db, SyncRunner& runner, const Clock& clock,
                     std::chrono::seconds interval)
    : m_db(db), m_runner(runner), m_clock(clock), m_interval(interval) {}

Scheduler::~Scheduler() {
    stop();
}

std::chrono::seconds Scheduler::retryBackoff(std::chrono::seconds retryDelay, int attempt) {
    // Capped so that 100 retries of a day's delay cannot overflow; 2^20 days is "never" anyway.
    const int doublings = std::clamp(attempt - 1, 0, 20);
    return retryDelay * (std::int64_t{1} << doublings);
}

std::optional<SyncTrigger> Scheduler::due(const Tenant& tenant, const SyncConfig& config,
                                          const std::optional<Upload>& credit,
                                          const std::optional<Upload>& payment) {
    // Enough history to count the failures that matter: the first attempt and every retry.
    const auto history =
        SyncLogRepository(m_db, tenant.schema)
            .list(config.loanType, static_cast<std::size_t>(config.maxRetries) + 1);
    if (history.empty()) return SyncTrigger::Scheduled;
    const SyncLog& last = history.front();
    const auto now = m_clock.now();

    if (last.status == SyncStatus::Failed && samePackage(last, credit, payment)) {
        // Consecutive failures of this very package, back to (and including) a manual trigger,
        // which starts the retries afresh.
        int failures = 0;
        for (const auto& log : history) {
            if (log.status != SyncStatus::Failed || !samePackage(log, credit, payment)) break;
            ++failures;
            if (log.trigger == SyncTrigger::Manual) break;
        }
        const int attempt = failures;  // the retry this would be
        if (attempt > config.maxRetries) {
            logger("scheduler")
                ->debug(
                    "tenant={} loan_type={}: {} retries of sync {} failed; waiting for new data",
                    tenant.id, core::toText(config.loanType), config.maxRetries, last.id);
            return std::nullopt;
        }
        const auto failedAt = last.finishedAt.value_or(last.startedAt);
        if (now - failedAt < retryBackoff(config.retryDelay, attempt)) return std::nullopt;
        return SyncTrigger::Retry;
    }
    if (now - last.startedAt < config.interval) return std::nullopt;
    return SyncTrigger::Scheduled;
}

std::vector<std::string> Scheduler::tick() {
    auto log = logger("scheduler");
    std::vector<std::string> started;
    for (const auto& tenant : TenantRepository(m_db).list()) {
        if (!tenant.active || (m_filter && !m_filter(tenant))) continue;
        // One tenant's broken schema or store hiccup must not starve the others.
        try {
            UploadRepository uploads(m_db, tenant.schema);
            for (const auto& config : SyncConfigRepository(m_db, tenant.schema).list()) {
                if (!config.enabled) continue;
                const auto loanType = core::toText(config.loanType);
                auto credit = uploads.latestStaged(config.loanType, core::FileType::Credit);
                auto payment = uploads.latestStaged(config.loanType, core::FileType::PaymentPlan);
                // Corrected rejected rows wait for a sync too.
                addStagedCorrections(m_db, tenant.schema, config.loanType, credit, payment);
                if (!credit && !payment) continue;
                const auto trigger = due(tenant, config, credit, payment);
                if (!trigger) continue;
                try {
                    const auto id = m_runner.start(
                        SyncRequest{tenant.id, config.loanType, *trigger, "scheduler"});
                    log->info("tenant={} loan_type={} sync={}: {} sync started", tenant.id,
                              loanType, id, toText(*trigger));
                    started.push_back(id);
                } catch (const SyncBusy& e) {
                    log->debug("tenant={} loan_type={}: {}", tenant.id, loanType, e.what());
                } catch (const NothingStaged& e) {
                    log->debug("tenant={} loan_type={}: {}", tenant.id, loanType, e.what());
                } catch (const InsufficientDisk& e) {
                    log->warn("tenant={} loan_type={}: sync not started: {}", tenant.id, loanType,
                              e.what());
                }
            }
        } catch (const std::exception& e) {
            log->error("tenant={}: scheduling pass failed: {}", tenant.id, e.what());
        }
    }
    return started;
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
