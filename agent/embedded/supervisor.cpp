#include "agent/embedded/supervisor.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

namespace findata::agent {

DatabaseSupervisor::DatabaseSupervisor(std::vector<Watched> watched, Options options)
    : m_options(options) {
    const auto now = std::chrono::system_clock::now();
    for (auto& w : watched) {
        State state;
        state.name = w.name;
        state.since = now;
        state.embedded = static_cast<bool>(w.processRuns);
        m_entries.push_back(Entry{std::move(w), std::move(state)});
    }
    m_thread = std::thread([this] { run(); });
}

DatabaseSupervisor::~DatabaseSupervisor() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

std::vector<DatabaseSupervisor::State> DatabaseSupervisor::states() const {
    const std::lock_guard lock(m_mutex);
    std::vector<State> states;
    for (const auto& e : m_entries)
        states.push_back(e.state);
    return states;
}

bool DatabaseSupervisor::up(const std::string& name) const {
    const std::lock_guard lock(m_mutex);
    for (const auto& e : m_entries)
        if (e.state.name == name) return e.state.up;
    return true;
}

void DatabaseSupervisor::run() {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        for (auto& entry : m_entries)
            check(entry);
        lock.lock();
        m_wake.wait_for(lock, m_options.interval, [this] { return m_stopping; });
    }
}

void DatabaseSupervisor::check(Entry& entry) {
    auto& w = entry.watched;
    const auto log = logger("db");
    if (w.processRuns && !w.processRuns()) {
        const auto now = std::chrono::steady_clock::now();
        if (entry.backoff.count() == 0) {
            // Just found dead (not a failed restart, whose reason stands until the next try).
            const std::string how = w.howItExited ? w.howItExited() : std::string();
            setState(entry, false,
                     "the server process exited" + (how.empty() ? "" : " (" + how + ")"));
        }
        if (!w.restart) return;
        if (now < entry.nextRestart) return;
        log->warn("{}: the embedded server is not running ({}); restarting it", w.name,
                  stateOf(entry).reason);
        try {
            w.restart();
            entry.backoff = std::chrono::milliseconds(0);
            std::uint64_t restarts = 0;
            {
                const std::lock_guard lock(m_mutex);
                restarts = ++entry.state.restarts;
            }
            log->info("{}: embedded server restarted in {} ms (restart {} since the agent started)",
                      w.name,
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - now)
                          .count(),
                      restarts);
        } catch (const std::exception& e) {
            entry.backoff = entry.backoff.count() == 0
                                ? m_options.firstBackoff
                                : std::min(entry.backoff * 2, m_options.maxBackoff);
            entry.nextRestart = now + entry.backoff;
            setState(entry, false, std::string("restart failed: ") + e.what());
            log->error("{}: restart failed (next try in {} ms): {}", w.name, entry.backoff.count(),
                       e.what());
            return;
        }
    } else if (w.processRuns) {
        entry.backoff = std::chrono::milliseconds(0);  // the next death starts afresh
    }
    if (w.answers())
        setState(entry, true, "");
    else
        setState(entry, false, "does not answer");
}

DatabaseSupervisor::State DatabaseSupervisor::stateOf(const Entry& entry) const {
    const std::lock_guard lock(m_mutex);
    return entry.state;
}

void DatabaseSupervisor::setState(Entry& entry, bool up, const std::string& reason) {
    bool changed = false;
    {
        const std::lock_guard lock(m_mutex);
        changed = entry.state.up != up;
        if (changed) entry.state.since = std::chrono::system_clock::now();
        entry.state.up = up;
        entry.state.reason = reason;
    }
    if (!changed) return;
    if (up)
        logger("db")->info("{}: answering again", entry.watched.name);
    else
        logger("db")->error("{}: down ({})", entry.watched.name, reason);
}

std::string supervisionMetrics(const std::vector<DatabaseSupervisor::State>& states) {
    std::string out =
        "# HELP findata_database_up Whether the database answered at the supervisor's last look.\n"
        "# TYPE findata_database_up gauge\n";
    for (const auto& s : states)
        out += "findata_database_up{database=\"" + s.name + "\"} " + (s.up ? "1" : "0") + "\n";
    out +=
        "# HELP findata_embedded_restarts_total Embedded database servers started again after "
        "they died.\n# TYPE findata_embedded_restarts_total counter\n";
    for (const auto& s : states)
        if (s.embedded)
            out += "findata_embedded_restarts_total{database=\"" + s.name + "\"} " +
                   std::to_string(s.restarts) + "\n";
    return out;
}

}  // namespace findata::agent
