// HashWorker (see hashworker.h): a piece copied, hashed on the worker while the owner goes on.

#include "agent/uploads/hashworker.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

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
            // The owner leaves the piece alone while m_busy.
            if (m_rangeFd >= 0)
                hashRange();
            else
                m_hash->update(m_piece);
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        m_busy = false;
        if (error && !m_error) m_error = error;
        m_changed.notify_all();
    }
}

void HashWorker::hashRange() {
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t start = m_rangeOffset - m_rangeOffset % page;  // mmap wants it aligned
    const std::size_t skip = m_rangeOffset - start;
    const std::size_t length = skip + m_rangeLength;
    void* map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED | MAP_POPULATE, m_rangeFd,
                       static_cast<off_t>(start));
    if (map == MAP_FAILED)
        throw std::runtime_error(std::string("cannot map the written bytes to hash them: ") +
                                 std::strerror(errno));
    ::madvise(map, length, MADV_SEQUENTIAL);
    m_hash->update(std::string_view(static_cast<const char*>(map) + skip, m_rangeLength));
    ::munmap(map, length);
}

void HashWorker::handOver() {
    {
        const std::lock_guard lock(m_mutex);
        m_busy = true;
    }
    m_changed.notify_all();
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
    m_rangeFd = -1;
    handOver();
}

void HashWorker::addRange(int fd, std::uint64_t offset, std::size_t length) {
    if (length == 0) return;
    wait();  // the piece before, and its error
    m_rangeFd = fd;
    m_rangeOffset = offset;
    m_rangeLength = length;
    handOver();
}

void HashWorker::idle() noexcept {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_busy; });
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
