#pragma once
// SortIndexer: builds the sort indexes of a tenant's large views (agent/warehouse/sortindex.h) on
// a background thread after a sync completed — and once at start — and drops those of views no
// longer live. One tenant, one view and one column at a time, each query on a single ClickHouse
// thread, so interactive reads keep the rest; stop() cuts a build short between chunks.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace findata::agent {

class DiskBudget;
class Services;
struct DataQuery;
class LiveBatches;

/// The views data pages read by default, as the data routes choose them (DataScope::
/// selectPeriod): for each file kind, each loan type's latest period and every loan type's
/// together (a view may repeat when one loan type alone is live).
std::vector<DataQuery> defaultDataViews(const std::string& database, const LiveBatches& live);

/// Builds (or completes) the indexes of every live view of the tenant with at least `minRows`
/// rows and drops those of views no longer live; returns the column indexes written. With a
/// `disk`, a view whose index would eat into its reserve is left without one (logged; its pages
/// sort in SQL). Throws what the databases throw.
std::size_t buildTenantSortIndexes(Services& services, const std::string& tenantId,
                                   std::uint64_t minRows, const std::atomic<bool>& stop,
                                   const DiskBudget* disk = nullptr);

class SortIndexer final {
public:
    /// minRows 0: never builds (a request then only drops the tenant's indexes). `disk`: see
    /// buildTenantSortIndexes; it must outlive the indexer.
    SortIndexer(Services& services, std::uint64_t minRows, const DiskBudget* disk = nullptr);
    ~SortIndexer();  // stop()
    SortIndexer(const SortIndexer&) = delete;
    SortIndexer& operator=(const SortIndexer&) = delete;

    /// Queues the tenant unless it is queued already; returns at once.
    void request(const std::string& tenantId);
    /// Drops what is queued and tells the running build to stop at its next chunk; returns at
    /// once (shutdown calls it first, stop() once the rest has stopped).
    void interrupt();
    /// interrupt(), then waits for the running build to end.
    void stop();
    /// Nothing queued or running (for tests and benchmarks).
    bool idle();

private:
    void run();

    Services& m_services;
    std::uint64_t m_minRows;
    const DiskBudget* m_disk;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::string> m_queue;
    bool m_busy = false;
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

}  // namespace findata::agent
