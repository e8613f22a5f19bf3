#pragma once
// SHA-256 on a thread of its own, so hashing a piece of an upload overlaps writing (or
// compressing) it and receiving the next: staging then costs about a copy of the file, not a
// copy plus the hash (issue 14; tests/bench/bench_uploadstore measures it).

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace findata::agent {

class Sha256;

/// One stream's SHA-256, updated on a worker thread one piece behind its owner. Not thread-safe
/// itself: one owner calls add() and finishHex().
class HashWorker final {
public:
    HashWorker();
    ~HashWorker();  // waits for a piece in progress, then stops the thread
    HashWorker(const HashWorker&) = delete;
    HashWorker& operator=(const HashWorker&) = delete;

    /// Hashes `bytes` next: waits for the piece before to be hashed, copies these and hands them
    /// to the worker (the caller may reuse its buffer at once). Small pieces are hashed on the
    /// caller's thread (a hand-over costs more). Rethrows an error of the piece before.
    void add(std::string_view bytes);
    /// Hashes the bytes [offset, offset + length) of the open file `fd` next, read on the worker
    /// through a memory map (no copy in this process: the file's pages are in the page cache
    /// after it was written). `fd` must stay open until wait() or idle() returns.
    void addRange(int fd, std::uint64_t offset, std::size_t length);
    /// Waits until every piece added is hashed; rethrows the hash's error, if any.
    void wait();
    /// Waits until no piece is being hashed, ignoring errors (before the owner closes a file it
    /// handed to addRange, e.g. when giving up).
    void idle() noexcept;
    /// The digest of every piece (after wait()), as 64 lower-case hex digits.
    std::string finishHex();

private:
    std::unique_ptr<Sha256> m_hash;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::string m_piece;  // handed over, hashed while m_busy (unless m_rangeFd >= 0)
    int m_rangeFd = -1;   // or this file's bytes [m_rangeOffset, + m_rangeLength)
    std::uint64_t m_rangeOffset = 0;
    std::size_t m_rangeLength = 0;
    bool m_busy = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;  // last: started once the rest is ready

    void run();
    void hashRange();
    void handOver();  // marks the piece set up by add/addRange busy for the worker
};

}  // namespace findata::agent
