// HashWorker (see hashworker.h): a piece copied, hashed on the worker while the owner goes on.

#include "agent/uploads/hashworker.h"

#include "agent/uploads/sha256.h"

namespace findata::agent {

namespace {
// Below this a piece is hashed on the caller's thread: a copy and two hand-overs cost ~10-20 µs,
// the hash of 64 KiB ~50 µs.
constexpr std::size_t kOverlapFrom = 64 * 1024;
}  // namespace

HashWorker::HashWorker() : m_hash(std::make_unique<Sha256>()), m_thread([this] { run(); }) {}

HashWorker::~HashWorker() {
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_busy; });
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void HashWorker::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_stop || m_busy; });
        if (m_stop) return;
        lock.unlock();
        std::exception_ptr error;
        try {
            m_hash->update(m_piece);  // the owner leaves it alone while m_busy
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        m_busy = false;
        if (error && !m_error) m_error = error;
        m_changed.notify_all();
    }
}

void HashWorker::add(std::string_view bytes) {
    if (bytes.empty()) return;
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_busy; });
    if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
    lock.unlock();
    if (bytes.size() < kOverlapFrom) {
        m_hash->update(bytes);  // the worker is idle: the hash is ours for now
        return;
    }
    m_piece.assign(bytes);
    lock.lock();
    m_busy = true;
    lock.unlock();
    m_changed.notify_all();
}

void HashWorker::wait() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_busy; });
    if (m_error) std::rethrow_exception(std::exchange(m_error, nullptr));
}

std::string HashWorker::finishHex() {
    wait();
    return m_hash->finishHex();
}

}  // namespace findata::agent
