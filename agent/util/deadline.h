#pragma once
// The deadline and the cancellation of the API request a thread works on. The HTTP server puts a
// RequestDeadline in scope around each request's handler; the database clients bound their waits
// by it (ClickHouse queries, PostgreSQL pool waits and connects) and stop what they wait for when
// the request is cancelled (the client went away). Outside a request (syncs, the scheduler, the
// cache warmer) nothing is in scope and the clients keep their own, longer bounds.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace findata::agent {

/// Cancelled when the client of a request goes away; callbacks stop what the request waits for.
class CancelToken final {
public:
    bool cancelled() const;
    /// Marks the token cancelled and runs the callbacks (once; later calls do nothing).
    void cancel();
    /// Registers f to run on cancel — at once when already cancelled. f runs under the token's
    /// lock: it must be quick and must not call the token. Returns an id for remove().
    std::uint64_t onCancel(std::function<void()> f);
    /// Unregisters a callback; once it returns the callback is not running and will not run.
    void remove(std::uint64_t id);

private:
    mutable std::mutex m_mutex;
    bool m_cancelled = false;
    std::uint64_t m_next = 1;
    std::map<std::uint64_t, std::function<void()>> m_callbacks;
};

/// The current request's deadline and token, for this thread, while the object lives.
class RequestDeadline final {
public:
    using Clock = std::chrono::steady_clock;

    RequestDeadline(Clock::time_point deadline, std::shared_ptr<CancelToken> token);
    ~RequestDeadline();
    RequestDeadline(const RequestDeadline&) = delete;
    RequestDeadline& operator=(const RequestDeadline&) = delete;

    /// The innermost scope of this thread; null outside an API request.
    static RequestDeadline* current();

    Clock::time_point deadline() const { return m_deadline; }
    /// Time left (zero once passed).
    std::chrono::milliseconds remaining() const;
    bool expired() const { return Clock::now() >= m_deadline; }
    /// The time the request was given in all (for messages: "did not answer within 10 s").
    std::chrono::milliseconds budget() const { return m_budget; }
    /// Gives the request more time (a long poll's ?wait=N).
    void extend(Clock::duration more);
    CancelToken& token() { return *m_token; }
    bool cancelled() const { return m_token->cancelled(); }

private:
    Clock::time_point m_deadline;
    std::chrono::milliseconds m_budget;
    std::shared_ptr<CancelToken> m_token;
    RequestDeadline* m_previous;
};

/// "10 s" / "2.5 s": a duration as messages show it.
std::string secondsText(std::chrono::milliseconds duration);

}  // namespace findata::agent
