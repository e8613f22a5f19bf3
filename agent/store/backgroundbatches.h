#pragma once
// Writes batches of rows on a background thread, so a sync's validation never waits for
// PostgreSQL unless `maxQueued` batches are already waiting (then it does: memory stays bounded).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace findata::agent {

template <typename Row>
class BackgroundBatches final {
public:
    using WriteBatch = std::function<void(std::vector<Row>&)>;

    BackgroundBatches(std::size_t batchRows, std::size_t maxQueued, WriteBatch write)
        : m_batchRows(batchRows == 0 ? 1 : batchRows),
          m_maxQueued(maxQueued == 0 ? 1 : maxQueued),
          m_write(std::move(write)),
          m_thread([this] { run(); }) {
        m_current.reserve(m_batchRows);
    }

    /// Stops the thread; batches not yet written are dropped (call finish() to keep them).
    ~BackgroundBatches() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_queue.clear();
        }
        m_changed.notify_all();
        m_thread.join();
    }
    BackgroundBatches(const BackgroundBatches&) = delete;
    BackgroundBatches& operator=(const BackgroundBatches&) = delete;

    /// Adds a row; hands the batch over when full. Rethrows the writer's failure.
    void add(Row row) {
        m_current.push_back(std::move(row));
        if (m_current.size() >= m_batchRows) flush();
    }

    /// Hands the rows added so far to the writer thread.
    void flush() {
        if (m_current.empty()) return;
        std::unique_lock lock(m_mutex);
        if (m_queue.size() >= m_maxQueued && !m_failure) {
            const auto started = std::chrono::steady_clock::now();
            m_changed.wait(lock, [&] { return m_queue.size() < m_maxQueued || m_failure; });
            m_waited += std::chrono::steady_clock::now() - started;
        }
        if (m_failure) std::rethrow_exception(m_failure);
        m_queue.push_back(std::move(m_current));
        m_current = {};
        m_current.reserve(m_batchRows);
        lock.unlock();
        m_changed.notify_all();
    }

    /// Waits until every row added is written; returns how many were. Rethrows a failure.
    std::uint64_t finish() {
        flush();
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return (m_queue.empty() && !m_busy) || m_failure; });
        if (m_failure) std::rethrow_exception(m_failure);
        return m_written;
    }

    /// How long the owner's thread waited for room in the queue (the writer behind).
    std::chrono::steady_clock::duration waited() const { return m_waited; }

    /// Rows added but not yet written (in the current batch or queued).
    std::size_t pending() {
        const std::lock_guard lock(m_mutex);
        std::size_t n = m_current.size();
        for (const auto& batch : m_queue)
            n += batch.size();
        return n;
    }

private:
    void run() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_changed.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
            if (m_stopping) return;
            std::vector<Row> batch = std::move(m_queue.front());
            m_queue.pop_front();
            m_busy = true;
            lock.unlock();
            std::exception_ptr failure;
            try {
                m_write(batch);
            } catch (...) {
                failure = std::current_exception();
            }
            lock.lock();
            m_busy = false;
            if (failure) {
                m_failure = failure;
                m_queue.clear();
            } else {
                m_written += batch.size();
            }
            m_changed.notify_all();
        }
    }

    const std::size_t m_batchRows;
    const std::size_t m_maxQueued;
    WriteBatch m_write;
    std::vector<Row> m_current;                      // only the owner's thread touches it
    std::chrono::steady_clock::duration m_waited{};  // the owner's thread's too
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::vector<Row>> m_queue;
    bool m_busy = false;
    bool m_stopping = false;
    std::exception_ptr m_failure;
    std::uint64_t m_written = 0;
    std::thread m_thread;  // last: starts after everything it uses exists
};

}  // namespace findata::agent
