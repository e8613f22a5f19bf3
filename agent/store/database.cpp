#include "agent/store/database.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <thread>

#include "agent/util/deadline.h"
#include "agent/util/logging.h"

namespace findata::agent {

namespace {

StoreError::Kind kindOfSqlState(const std::string& state) {
    if (state == "23505" || state == "42P06" || state == "42P07") return StoreError::Kind::Conflict;
    if (state.rfind("23", 0) == 0 || state.rfind("22", 0) == 0) return StoreError::Kind::Invalid;
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) {
        return StoreError::Kind::Unavailable;
    }
    return StoreError::Kind::Internal;
}

// How long a failed connect marks PostgreSQL down for API requests before one tries again.
constexpr auto kDownFor = std::chrono::milliseconds(1000);

// The URL with libpq's connect_timeout, unless it names one (URI or key=value form).
std::string withConnectTimeout(const std::string& url, std::chrono::seconds timeout) {
    if (url.find("connect_timeout") != std::string::npos) return url;
    const auto value = std::to_string(std::max<long long>(2, timeout.count()));
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
        return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + value;
    return url + (url.empty() ? "" : " ") + "connect_timeout=" + value;
}

bool isPlainIdentifier(std::string_view name) {
    if (name.empty() || name.size() > 63 || name[0] < 'a' || name[0] > 'z') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace

Database::Database(std::string url) : Database(std::move(url), Options{}) {}

Database::Database(std::string url, Options options)
    : m_url(std::move(url)),
      m_connectUrl(withConnectTimeout(m_url, options.connectTimeout)),
      m_options(options) {
    if (m_options.poolSize == 0) m_options.poolSize = 1;
    auto first = connectWithin(m_options.startTimeout);
    logger("db")->info("connected to PostgreSQL {} (server {})", displayUrl(),
                       first->server_version());
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(first));
    m_open = 1;
}

Database::~Database() = default;

std::string Database::displayUrl() const {
    // postgresql://user:secret@host/db → postgresql://user:***@host/db
    static const std::regex kPassword(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^@/]*@)");
    std::string shown = std::regex_replace(m_url, kPassword, "$1:***@");
    static const std::regex kKeyword(R"(password\s*=\s*('[^']*'|\S+))");
    return std::regex_replace(shown, kKeyword, "password=***");
}

std::unique_ptr<pqxx::connection> Database::connect() const {
    return connectWithin(m_options.reconnectTimeout);
}

void Database::setAvailability(std::function<bool()> up) {
    m_up = std::move(up);
}

void Database::failFastIfDown() const {
    using Clock = std::chrono::steady_clock;
    if (!RequestDeadline::current()) return;
    if (m_up && !m_up())
        throw StoreError(StoreError::Kind::Unavailable,
                         "PostgreSQL at " + displayUrl() + " is down");
    const auto failedAt = m_failedAt.load();
    if (failedAt != 0 && Clock::now().time_since_epoch().count() - failedAt <
                             std::chrono::duration_cast<Clock::duration>(kDownFor).count()) {
        const std::lock_guard lock(m_failureMutex);
        throw StoreError(StoreError::Kind::Unavailable,
                         "PostgreSQL at " + displayUrl() + " is down: " + m_failure);
    }
}

std::unique_ptr<pqxx::connection> Database::connectWithin(std::chrono::milliseconds timeout) const {
    using Clock = std::chrono::steady_clock;
    // Inside an API request: one attempt, within what is left of the request's time.
    const RequestDeadline* const scope = RequestDeadline::current();
    if (scope) {
        failFastIfDown();
        timeout = std::min(timeout, scope->remaining());
        if (timeout.count() <= 0)
            throw StoreError(StoreError::Kind::Unavailable, "PostgreSQL at " + displayUrl() +
                                                                " did not answer within " +
                                                                secondsText(scope->budget()));
    }
    const auto noteFailure = [this](const std::string& why) {
        {
            const std::lock_guard lock(m_failureMutex);
            m_failure = why;
        }
        m_failedAt = std::max<std::int64_t>(1, Clock::now().time_since_epoch().count());
    };
    const auto deadline = Clock::now() + timeout;
    auto delay = std::chrono::milliseconds(100);
    int attempts = 0;
    std::string lastError;
    for (;;) {
        ++attempts;
        try {
            auto connection = std::make_unique<pqxx::connection>(m_connectUrl);
            m_failedAt = 0;
            return connection;
        } catch (const pqxx::broken_connection& e) {
            lastError = e.what();
        } catch (const std::exception& e) {
            // A malformed URL or a refused login will not get better by waiting.
            throw StoreError(StoreError::Kind::Unavailable,
                             "cannot connect to PostgreSQL at " + displayUrl() + ": " + e.what());
        }
        while (!lastError.empty() && std::isspace(static_cast<unsigned char>(lastError.back()))) {
            lastError.pop_back();
        }
        // Password and missing-database failures are configuration errors, not a late server.
        if (lastError.find("authentication failed") != std::string::npos ||
            lastError.find("does not exist") != std::string::npos) {
            throw StoreError(
                StoreError::Kind::Unavailable,
                "PostgreSQL at " + displayUrl() + " refused the connection: " + lastError);
        }
        const auto now = Clock::now();
        if (scope) {
            noteFailure(lastError);
            throw StoreError(
                StoreError::Kind::Unavailable,
                "PostgreSQL at " + displayUrl() + " did not accept a connection: " + lastError);
        }
        if (now >= deadline) break;
        if (attempts == 1) {
            logger("db")->warn("PostgreSQL {} not reachable yet ({}); retrying", displayUrl(),
                               lastError);
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(delay, deadline - now));
        delay = std::min(delay * 2, std::chrono::milliseconds(2000));
    }
    noteFailure(lastError);
    throw StoreError(StoreError::Kind::Unavailable,
                     "PostgreSQL at " + displayUrl() + " did not accept a connection within " +
                         std::to_string(timeout.count()) + " ms (" + std::to_string(attempts) +
                         " attempts); last error: " + lastError);
}

// Callers are served first come, first served: under load every request waits about as long as
// the others instead of some losing every race for a released connection.
std::unique_ptr<pqxx::connection> Database::acquire() {
    failFastIfDown();
    const RequestDeadline* const scope = RequestDeadline::current();
    std::unique_lock lock(m_mutex);
    std::unique_ptr<pqxx::connection> connection;
    if (m_waiters.empty() && !m_idle.empty()) {
        connection = std::move(m_idle.back());
        m_idle.pop_back();
    } else if (m_waiters.empty() && m_open < m_options.poolSize) {
        ++m_open;  // a new connection, opened below
    } else {
        Waiter waiter;
        m_waiters.push_back(&waiter);
        if (scope) {
            // An API request waits no longer than its deadline.
            if (!waiter.ready.wait_until(lock, scope->deadline(), [&] { return waiter.served; })) {
                m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), &waiter));
                throw StoreError(StoreError::Kind::Unavailable,
                                 "no connection to PostgreSQL at " + displayUrl() +
                                     " became free within " + secondsText(scope->budget()));
            }
        } else {
            waiter.ready.wait(lock, [&] { return waiter.served; });
        }
        connection = std::move(waiter.connection);
    }
    if (connection) return connection;
    lock.unlock();
    try {
        return connectWithin(m_options.reconnectTimeout);
    } catch (...) {
        lock.lock();
        --m_open;
        serveWaitersLocked();
        throw;
    }
}

void Database::serveWaitersLocked() {
    while (!m_waiters.empty()) {
        Waiter* waiter = m_waiters.front();
        if (!m_idle.empty()) {
            waiter->connection = std::move(m_idle.back());
            m_idle.pop_back();
        } else if (m_open < m_options.poolSize) {
            ++m_open;  // the waiter opens it
        } else {
            return;
        }
        m_waiters.pop_front();
        waiter->served = true;
        waiter->ready.notify_one();
    }
}

void Database::release(std::unique_ptr<pqxx::connection> connection) noexcept {
    std::lock_guard lock(m_mutex);
    if (connection && connection->is_open()) {
        m_idle.push_back(std::move(connection));
    } else {
        --m_open;
    }
    serveWaitersLocked();
}

void Database::noteBrokenConnection(const pqxx::broken_connection& error) {
    std::string what = error.what();
    while (!what.empty() && std::isspace(static_cast<unsigned char>(what.back())))
        what.pop_back();
    logger("db")->warn("lost the connection to PostgreSQL {} ({}); reconnecting", displayUrl(),
                       what);
    // The other idle connections went down with the same server: drop them all.
    std::lock_guard lock(m_mutex);
    m_open -= m_idle.size();
    m_idle.clear();
    serveWaitersLocked();
}

void Database::rethrowAsStoreError() const {
    try {
        throw;
    } catch (const pqxx::broken_connection& e) {
        throw StoreError(StoreError::Kind::Unavailable,
                         "lost the connection to PostgreSQL at " + displayUrl() + ": " + e.what());
    } catch (const pqxx::in_doubt_error& e) {
        throw StoreError(StoreError::Kind::Unavailable,
                         "the connection to PostgreSQL at " + displayUrl() +
                             " broke during COMMIT; the outcome is unknown: " + e.what());
    } catch (const pqxx::sql_error& e) {
        std::string what = e.what();
        while (!what.empty() && std::isspace(static_cast<unsigned char>(what.back()))) {
            what.pop_back();
        }
        throw StoreError(kindOfSqlState(e.sqlstate()), "PostgreSQL: " + what, e.sqlstate());
    } catch (const pqxx::failure& e) {
        throw StoreError(StoreError::Kind::Internal, std::string("PostgreSQL: ") + e.what());
    }
}

void checkSchemaName(std::string_view schema) {
    static const std::regex kSchema("^[a-z][a-z0-9_]{1,30}$");
    if (!std::regex_match(schema.begin(), schema.end(), kSchema)) {
        throw StoreError(StoreError::Kind::Invalid,
                         "not a tenant schema name: '" + std::string(schema) + "'");
    }
}

std::string qualifiedTable(std::string_view schema, std::string_view table) {
    checkSchemaName(schema);
    if (!isPlainIdentifier(table)) {
        throw StoreError(StoreError::Kind::Invalid,
                         "not a table name: '" + std::string(table) + "'");
    }
    // Both names are [a-z0-9_] only, so double quotes are an exact quoting.
    return '"' + std::string(schema) + "\".\"" + std::string(table) + '"';
}

std::int64_t toMicros(Timestamp t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Timestamp fromMicros(std::int64_t micros) {
    return Timestamp(
        std::chrono::duration_cast<Timestamp::duration>(std::chrono::microseconds(micros)));
}

std::string epochMicrosSql(std::string_view column) {
    // extract() returns numeric since PostgreSQL 14: exact, no float rounding.
    return "(extract(epoch FROM " + std::string(column) + ") * 1000000)::bigint";
}

std::string timestampParamSql(int n) {
    return "(timestamptz 'epoch' + $" + std::to_string(n) + "::bigint * interval '1 microsecond')";
}

void Database::ping() {
    transact([](pqxx::work& tx) { tx.exec("SELECT 1"); });
}

}  // namespace findata::agent
