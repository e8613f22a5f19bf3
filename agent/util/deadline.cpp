// The request deadline and cancellation token of deadline.h.

#include "agent/util/deadline.h"

#include <string>

namespace findata::agent {
namespace {

thread_local RequestDeadline* t_current = nullptr;

}  // namespace

bool CancelToken::cancelled() const {
    const std::lock_guard lock(m_mutex);
    return m_cancelled;
}

void CancelToken::cancel() {
    const std::lock_guard lock(m_mutex);
    if (m_cancelled) return;
    m_cancelled = true;
    for (auto& [id, f] : m_callbacks)
        f();
    m_callbacks.clear();
}

std::uint64_t CancelToken::onCancel(std::function<void()> f) {
    const std::lock_guard lock(m_mutex);
    if (m_cancelled) {
        f();
        return 0;
    }
    const auto id = m_next++;
    m_callbacks.emplace(id, std::move(f));
    return id;
}

void CancelToken::remove(std::uint64_t id) {
    const std::lock_guard lock(m_mutex);
    m_callbacks.erase(id);
}

RequestDeadline::RequestDeadline(Clock::time_point deadline, std::shared_ptr<CancelToken> token)
    : m_deadline(deadline),
      m_budget(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())),
      m_token(token ? std::move(token) : std::make_shared<CancelToken>()),
      m_previous(t_current) {
    t_current = this;
}

RequestDeadline::~RequestDeadline() {
    t_current = m_previous;
}

RequestDeadline* RequestDeadline::current() {
    return t_current;
}

std::chrono::milliseconds RequestDeadline::remaining() const {
    const auto left = m_deadline - Clock::now();
    if (left <= Clock::duration::zero()) return std::chrono::milliseconds(0);
    return std::chrono::ceil<std::chrono::milliseconds>(left);
}

void RequestDeadline::extend(Clock::duration more) {
    m_deadline += more;
    m_budget += std::chrono::duration_cast<std::chrono::milliseconds>(more);
}

std::string secondsText(std::chrono::milliseconds duration) {
    const auto tenths = (duration.count() + 50) / 100;
    if (tenths % 10 == 0) return std::to_string(tenths / 10) + " s";
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace findata::agent
