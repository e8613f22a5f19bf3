#pragma once
// The agent's operational store: a PostgreSQL URL, a small connection pool and one way to run a
// transaction on it.

#include <pqxx/pqxx>

#include "agent/util/utf8.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace findata::agent {

/// Wall-clock instants as stored in timestamptz columns (microsecond precision).
using Timestamp = std::chrono::system_clock::time_point;

/// Every failure of the store, with a kind the API maps to a status in one place.
class StoreError : public std::runtime_error {
public:
    enum class Kind {
        Unavailable,  // PostgreSQL cannot be reached, or the connection broke twice
        NotFound,     // the tenant / sync / upload named does not exist
        Conflict,     // it exists already, or a uniqueness rule refuses it
        Invalid,      // a value breaks a rule (bad id, out-of-range setting)
        Internal,     // anything else PostgreSQL refused
    };

    StoreError(Kind kind, const std::string& message, std::string sqlState = {})
        : std::runtime_error(message), m_kind(kind), m_sqlState(std::move(sqlState)) {}

    Kind kind() const noexcept { return m_kind; }
    /// The SQLSTATE when PostgreSQL raised it (e.g. "23505"), else empty.
    const std::string& sqlState() const noexcept { return m_sqlState; }

private:
    Kind m_kind;
    std::string m_sqlState;
};

/// A PostgreSQL database and a mutex-guarded pool of connections to it. Thread-safe.
///
/// Inside an API request (a RequestDeadline in scope, see util/deadline.h) it fails fast: the
/// wait for a pooled connection ends at the request's deadline, a new connection is tried once
/// (libpq's connect_timeout bounds it), and while PostgreSQL is known to be down — a connect
/// failed less than a second ago, or the availability probe (the supervisor) says so — calls
/// throw StoreError(Unavailable) at once. Outside a request (syncs, start-up) calls wait and
/// retry as long as the options say.
class Database final {
public:
    struct Options {
        /// How long the constructor waits for PostgreSQL (the agent may start before it).
        std::chrono::milliseconds startTimeout = std::chrono::seconds(60);
        /// How long a call waits for a new connection once the store has been reached.
        std::chrono::milliseconds reconnectTimeout = std::chrono::seconds(15);
        /// Connections open at once through transact(); callers beyond wait for one.
        std::size_t poolSize = 8;
        /// libpq's connect_timeout for every connection (unless the URL sets one); whole seconds,
        /// at least 2 (libpq's minimum).
        std::chrono::seconds connectTimeout{3};
    };

    /// Connects to `url` (a libpq URI or key=value string), retrying with backoff until
    /// startTimeout; throws StoreError(Unavailable) naming the server and the last error.
    explicit Database(std::string url);
    Database(std::string url, Options options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs f(pqxx::work&) on a pooled connection and commits; returns what f returns. When the
    /// connection turns out to be broken (e.g. the server restarted) it reconnects with backoff
    /// and runs f once more, so f must only touch the database through the transaction.
    /// PostgreSQL errors leave as StoreError; f's own exceptions pass unchanged.
    /// Do not nest calls on one thread: with a full pool the inner call would wait forever.
    template <typename F>
    auto transact(F&& f) -> std::invoke_result_t<F&, pqxx::work&>;

    /// A dedicated connection outside the pool (advisory locks held for a sync's lifetime),
    /// after retrying with backoff until reconnectTimeout.
    std::unique_ptr<pqxx::connection> connect() const;

    /// Throws StoreError unless the server answers a trivial query (the health check).
    void ping();

    /// What says whether PostgreSQL is up (the supervisor's last look); while it says no, calls
    /// inside an API request throw StoreError(Unavailable) at once. Set it before serving.
    void setAvailability(std::function<bool()> up);

    /// The URL with any password masked, for messages and logs.
    std::string displayUrl() const;
    const std::string& url() const { return m_url; }

private:
    // A pooled connection handed out for one transaction; returned on destruction.
    class Lease final {
    public:
        Lease(Database& db, std::unique_ptr<pqxx::connection> connection)
            : m_db(db), m_connection(std::move(connection)) {}
        ~Lease() { m_db.release(std::move(m_connection)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        pqxx::connection& connection() { return *m_connection; }
        // Closes a broken connection instead of pooling it.
        void discard() { m_connection.reset(); }

    private:
        Database& m_db;
        std::unique_ptr<pqxx::connection> m_connection;
    };

    std::unique_ptr<pqxx::connection> connectWithin(std::chrono::milliseconds timeout) const;
    // Inside an API request: throws StoreError(Unavailable) when PostgreSQL is known down.
    void failFastIfDown() const;
    std::unique_ptr<pqxx::connection> acquire();
    void release(std::unique_ptr<pqxx::connection> connection) noexcept;
    // A caller waiting for a connection: handed an idle one, or leave to open one (null).
    struct Waiter {
        std::condition_variable ready;
        bool served = false;
        std::unique_ptr<pqxx::connection> connection;
    };
    // Under the lock: serves waiters in arrival order while connections are free.
    void serveWaitersLocked();
    void noteBrokenConnection(const pqxx::broken_connection& error);
    [[noreturn]] void rethrowAsStoreError() const;

    std::string m_url;
    std::string m_connectUrl;  // m_url with connect_timeout
    Options m_options;
    std::function<bool()> m_up;
    // The last failed connect (steady clock ticks; 0: the last one succeeded) and its reason.
    mutable std::atomic<std::int64_t> m_failedAt{0};
    mutable std::mutex m_failureMutex;
    mutable std::string m_failure;
    std::mutex m_mutex;
    std::deque<Waiter*> m_waiters;  // first come, first served
    std::vector<std::unique_ptr<pqxx::connection>> m_idle;
    std::size_t m_open = 0;  // connections leased or idle
};

template <typename F>
auto Database::transact(F&& f) -> std::invoke_result_t<F&, pqxx::work&> {
    using Result = std::invoke_result_t<F&, pqxx::work&>;
    for (int attempt = 0;; ++attempt) {
        try {
            Lease lease(*this, acquire());
            try {
                pqxx::work tx(lease.connection());
                if constexpr (std::is_void_v<Result>) {
                    f(tx);
                    tx.commit();
                    return;
                } else {
                    Result result = f(tx);
                    tx.commit();
                    return result;
                }
            } catch (const pqxx::broken_connection&) {
                lease.discard();
                throw;
            }
        } catch (const pqxx::broken_connection& error) {
            if (attempt > 0) rethrowAsStoreError();
            noteBrokenConnection(error);
        } catch (const pqxx::failure&) {
            rethrowAsStoreError();
        }
    }
}

/// "schema"."table" for a tenant table; both names must be plain lower-case identifiers
/// ([a-z][a-z0-9_]*), which is checked (StoreError Invalid) before they are quoted.
std::string qualifiedTable(std::string_view schema, std::string_view table);

/// Checks a tenant schema name (^[a-z][a-z0-9_]{1,30}$); throws StoreError(Invalid).
void checkSchemaName(std::string_view schema);

/// Microseconds since the Unix epoch: how timestamps cross the wire (see the two SQL helpers).
std::int64_t toMicros(Timestamp t);
Timestamp fromMicros(std::int64_t micros);

/// SQL reading a timestamptz column as epoch microseconds: epochMicrosSql("started_at").
std::string epochMicrosSql(std::string_view column);
/// SQL turning parameter $n (epoch microseconds, bigint) into a timestamptz.
std::string timestampParamSql(int n);

}  // namespace findata::agent
