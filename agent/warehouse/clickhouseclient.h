#pragma once
// ClickHouse over its HTTP interface. The only code that talks to ClickHouse's wire; the only
// translation unit that includes httplib.h.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace findata::agent {

/// A query ClickHouse refused or could not run; the message carries ClickHouse's own text.
class WarehouseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An API request's query that did not finish within the request's deadline, whose client went
/// away, or that was not sent because ClickHouse is known to be down. The message is for the API
/// client (it names no SQL); the API answers 503 with Retry-After.
class WarehouseUnavailable : public WarehouseError {
public:
    using WarehouseError::WarehouseError;
};

/// A streaming INSERT: bytes written here travel to ClickHouse while the caller produces more.
/// Memory is bounded: write() blocks while `maxQueuedBytes` are waiting to be sent.
class InsertStream {
public:
    virtual ~InsertStream() = default;  // aborts when neither finish() nor abort() was called
    /// Queues bytes of the body (any split; the stream re-chunks). Throws WarehouseError when the
    /// request already failed.
    virtual void write(std::string_view bytes) = 0;
    /// Ends the body and waits for ClickHouse's answer; throws WarehouseError on failure.
    virtual void finish() = 0;
    /// Cancels the request; nothing is committed by ClickHouse for an aborted INSERT.
    virtual void abort() = 0;
    /// Bytes handed to write() so far.
    virtual std::uint64_t bytesWritten() const = 0;
};

/// Safe to use from several threads at once: every call and every InsertStream opens its own
/// connection (cheap on loopback, and a long INSERT never blocks the queries of others).
///
/// Inside an API request (a RequestDeadline in scope, see util/deadline.h) a query gets a
/// query_id, ClickHouse's max_execution_time and a client-side timeout of the time left; when
/// the deadline passes or the request is cancelled it is abandoned, `KILL QUERY … ASYNC` is sent
/// on a connection of its own in the background, and WarehouseUnavailable is thrown. Outside a
/// request (syncs) queries keep Options::timeout.
class ClickHouseClient final {
public:
    struct Options {
        std::string user = "default";
        std::string password;
        std::chrono::seconds timeout{300};
        std::size_t maxQueuedBytes = 8u << 20;
    };

    /// url: http://[user:password@]host:port (a trailing slash or path is ignored; credentials
    /// in the URL override those of options, and url() no longer shows them).
    explicit ClickHouseClient(std::string url);
    ClickHouseClient(std::string url, Options options);
    ~ClickHouseClient();
    ClickHouseClient(const ClickHouseClient&) = delete;
    ClickHouseClient& operator=(const ClickHouseClient&) = delete;

    /// Runs a statement that returns nothing useful (DDL, ALTER, DROP).
    void execute(std::string_view sql);
    /// Runs a query and returns the whole response body (use FORMAT TabSeparated etc.).
    std::string query(std::string_view sql);
    /// Runs a query and hands the response body over in pieces as it arrives; onChunk returns
    /// false to stop reading (the request is cancelled, which is no error).
    void queryStream(std::string_view sql, const std::function<bool(std::string_view)>& onChunk);
    /// Starts a streaming INSERT, e.g. "INSERT INTO db.t (a, b) FORMAT RowBinary".
    std::unique_ptr<InsertStream> startInsert(std::string sql);
    /// True when GET /ping answers "Ok.".
    bool ping();
    /// What says whether ClickHouse is up (the supervisor's last look); while it says no,
    /// queries inside an API request throw WarehouseUnavailable without being sent.
    void setAvailability(std::function<bool()> up);

    const std::string& url() const { return m_url; }

private:
    std::string m_url;
    Options m_options;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace findata::agent
