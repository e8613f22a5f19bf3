#pragma once
// Keeps watch over the databases a running agent depends on. Every interval each one is asked
// whether its process still runs (embedded only) and whether it answers a ping; an embedded
// server whose process exited is started again on the same directory, port and password, with
// backoff while starts fail. External servers are never restarted, only watched. The state of
// each — up or down, since when, why, restarts — feeds /health, the metrics and the fail-fast
// checks of requests.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace findata::agent {

class DatabaseSupervisor final {
public:
    /// One database as the supervisor sees it.
    struct Watched {
        std::string name;                          // "postgresql", "clickhouse"
        std::function<bool()> answers;             // a quick ping (a few seconds at most)
        std::function<bool()> processRuns;         // empty for external servers
        std::function<std::string()> howItExited;  // "killed by signal 9"; may be empty
        std::function<void()> restart;  // starts it again; throws with the reason; empty: never
    };
    struct Options {
        std::chrono::milliseconds interval{1000};
        std::chrono::milliseconds firstBackoff{1000};
        std::chrono::milliseconds maxBackoff{30000};
    };
    struct State {
        std::string name;
        bool up = true;
        std::chrono::system_clock::time_point since;  // of the current up/down state
        std::string reason;                           // why down (empty when up)
        std::uint64_t restarts = 0;                   // successful restarts so far
        bool embedded = false;
    };

    DatabaseSupervisor(std::vector<Watched> watched, Options options);
    ~DatabaseSupervisor();  // stops watching (the databases keep running)
    DatabaseSupervisor(const DatabaseSupervisor&) = delete;
    DatabaseSupervisor& operator=(const DatabaseSupervisor&) = delete;

    std::vector<State> states() const;
    /// Whether `name` answered at the last look (true for names not watched).
    bool up(const std::string& name) const;

private:
    struct Entry {
        Watched watched;
        State state;
        std::chrono::steady_clock::time_point nextRestart{};
        std::chrono::milliseconds backoff{0};
    };

    void run();
    void check(Entry& entry);
    void setState(Entry& entry, bool up, const std::string& reason);
    State stateOf(const Entry& entry) const;

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::vector<Entry> m_entries;  // the watched parts are used by the thread only
    std::thread m_thread;
};

/// findata_database_up{database} and findata_embedded_restarts_total{database} in Prometheus's
/// text format.
std::string supervisionMetrics(const std::vector<DatabaseSupervisor::State>& states);

}  // namespace findata::agent
