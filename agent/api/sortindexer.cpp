// SortIndexer and the build of one tenant's sort indexes: see sortindexer.h.

#include "agent/api/sortindexer.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "agent/api/dataroutes.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/tenants.h"
#include "agent/util/diskspace.h"
#include "agent/util/logging.h"
#include "agent/warehouse/sortindex.h"

namespace findata::agent {

std::vector<DataQuery> defaultDataViews(const std::string& database, const LiveBatches& live) {
    std::vector<DataQuery> views;
    for (const auto file : core::kFileTypes)
        for (int scope = 0; scope <= 2; ++scope) {
            DataScope s;
            if (scope < 2) s.loanType = core::kLoanTypes[scope];
            s.selectPeriod(live, std::nullopt);
            DataQuery q;
            q.database = database;
            q.file = file;
            q.loanType = s.loanType;
            q.live = s.live;
            views.push_back(std::move(q));
        }
    return views;
}

std::size_t buildTenantSortIndexes(Services& services, const std::string& tenantId,
                                   std::uint64_t minRows, const std::atomic<bool>& stop,
                                   const DiskBudget* disk) {
    const auto tenant = TenantRepository(services.database()).find(tenantId);
    if (!tenant) return 0;
    const auto all = LiveBatchRepository(services.database(), tenant->schema).load();
    if (all.empty()) return 0;
    auto& client = services.clickhouse();
    std::vector<DataQuery> views;
    std::set<std::string> keep;
    for (auto& q : defaultDataViews(tenant->warehouseDatabase, all)) {
        const auto id = sortViewId(q);
        if (id.empty() || !keep.insert(id).second) continue;
        views.push_back(std::move(q));
    }
    // What is no longer live goes first: its disk space is the next build's. Indexes off: all.
    if (minRows == 0) keep.clear();
    if (const auto dropped = dropSortIndexesExcept(client, tenant->warehouseDatabase, keep))
        logger("sortindex")
            ->info("tenant {}: dropped the sort indexes of {} views no longer live", tenantId,
                   dropped);
    std::size_t written = 0;
    for (const auto& view : views) {
        if (stop.load() || minRows == 0) break;
        const auto started = std::chrono::steady_clock::now();
        const auto id = sortViewId(view);
        SortIndexBuild build;
        try {
            build = buildSortIndex(client, view, minRows, stop, [&](std::uint64_t bytes) {
                if (disk)
                    disk->require(
                        bytes, "the sort index of " + id + " (about " + describeBytes(bytes) + ")");
            });
        } catch (const InsufficientDisk& e) {
            logger("sortindex")->warn("tenant {}: {}; its pages sort in SQL", tenantId, e.what());
            continue;
        }
        written += build.columns;
        if (build.columns > 0 && !build.stopped)
            logger("sortindex")
                ->info("tenant {}: sort index of {} ({} rows, {} columns) built in {:.1f} s",
                       tenantId, id, build.rows, build.columns,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                           .count());
    }
    return written;
}

SortIndexer::SortIndexer(Services& services, std::uint64_t minRows, const DiskBudget* disk)
    : m_services(services), m_minRows(minRows), m_disk(disk), m_thread([this] { run(); }) {}

SortIndexer::~SortIndexer() {
    stop();
}

void SortIndexer::request(const std::string& tenantId) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) return;
        if (std::find(m_queue.begin(), m_queue.end(), tenantId) != m_queue.end()) return;
        m_queue.push_back(tenantId);
    }
    m_wake.notify_one();
}

void SortIndexer::interrupt() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_wake.notify_one();
}

void SortIndexer::stop() {
    interrupt();
    if (m_thread.joinable()) m_thread.join();
}

bool SortIndexer::idle() {
    const std::lock_guard lock(m_mutex);
    return m_queue.empty() && !m_busy;
}

void SortIndexer::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) return;
        const auto tenantId = m_queue.front();
        m_queue.pop_front();
        m_busy = true;
        lock.unlock();
        try {
            buildTenantSortIndexes(m_services, tenantId, m_minRows, m_stopping, m_disk);
        } catch (const std::exception& e) {
            // Pages keep the SQL sort; the next sync or start tries again.
            logger("sortindex")->warn("tenant {}: sort index not built: {}", tenantId, e.what());
        }
        lock.lock();
        m_busy = false;
    }
}

}  // namespace findata::agent
