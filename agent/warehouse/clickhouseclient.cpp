#include "agent/warehouse/clickhouseclient.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <semaphore>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "agent/util/deadline.h"
#include "agent/util/logging.h"
#include "agent/util/urlcoding.h"

namespace findata::agent {
namespace {

// cpp-httplib writes with send() and no MSG_NOSIGNAL (Debian's build of it): a server that hangs
// up while a request body is still going out — an insert it refused or an aborted one, ClickHouse
// killed — raises SIGPIPE, whose default action ends the whole process. Ignored once for the
// process, so the write fails with EPIPE and the caller gets a WarehouseError. (Children the
// agent starts get the default back: agent/embedded/process.cpp.)
void ignoreBrokenPipes() {
    static const bool ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    (void)ignored;
}

constexpr std::size_t kSqlInMessage = 200;
constexpr auto kConnectTimeout = std::chrono::seconds(10);
// KILL QUERY of abandoned API queries: its own short timeouts, and a bounded backlog.
constexpr auto kKillTimeout = std::chrono::seconds(2);
constexpr std::size_t kMaxPendingKills = 1000;

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

// ClickHouse's message with its line breaks folded, so it fits one log line.
std::string oneLine(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : trimmed(text)) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = true;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string sqlExcerpt(std::string_view sql) {
    std::string excerpt = trimmed(sql.substr(0, kSqlInMessage));
    if (sql.size() > kSqlInMessage) excerpt += "…";
    return excerpt;
}

// Everything but RFC 3986 unreserved characters is percent-encoded.
std::string urlEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        }
    }
    return out;
}

// "http://user:password@host:port/anything" → "http://host:port", so the URL can be shown in
// messages; the user and password, when the URL has them, go to `options`. No scheme: http.
std::string normalizedUrl(std::string url, ClickHouseClient::Options& options) {
    auto schemeEnd = url.find("://");
    if (schemeEnd == std::string::npos) {
        url = "http://" + url;
        schemeEnd = 4;
    }
    const auto pathStart = url.find('/', schemeEnd + 3);
    if (pathStart != std::string::npos) url.resize(pathStart);
    if (const auto at = url.rfind('@'); at != std::string::npos && at > schemeEnd) {
        const std::string_view userInfo(url.data() + schemeEnd + 3, at - schemeEnd - 3);
        const auto colon = userInfo.find(':');
        options.user = percentDecode(userInfo.substr(0, colon));
        if (colon != std::string_view::npos)
            options.password = percentDecode(userInfo.substr(colon + 1));
        url.erase(schemeEnd + 3, at - schemeEnd - 2);
    }
    return url;
}

bool isConnectionFailure(httplib::Error e) {
    return e == httplib::Error::Connection || e == httplib::Error::ConnectionTimeout ||
           e == httplib::Error::SSLConnection || e == httplib::Error::BindIPAddress;
}

// Where and as whom to connect; copied into each INSERT stream, which may outlive its client.
struct Connection {
    std::string url;
    ClickHouseClient::Options options;

    std::unique_ptr<httplib::Client> makeClient() const {
        auto client = std::make_unique<httplib::Client>(url);
        client->set_connection_timeout(kConnectTimeout);
        client->set_read_timeout(options.timeout);
        client->set_write_timeout(options.timeout);
        client->set_basic_auth(options.user, options.password);
        client->set_url_encode(false);  // paths are encoded here, once
        client->set_keep_alive(false);
        return client;
    }

    std::string transportMessage(httplib::Error e, std::string_view sql) const {
        if (isConnectionFailure(e))
            return "ClickHouse at " + url + " is unreachable: " + httplib::to_string(e);
        return "ClickHouse at " + url + ": request failed (" + httplib::to_string(e) +
               ") for: " + sqlExcerpt(sql);
    }

    // ClickHouse answers errors with a non-200 status and its exception text as the body.
    static std::string queryMessage(int status, std::string_view body, std::string_view sql) {
        std::string text = oneLine(body);
        if (text.empty()) text = "HTTP status " + std::to_string(status);
        return "ClickHouse: " + text + " — in: " + sqlExcerpt(sql);
    }
};

// The body of an INSERT, produced by write() on the caller's thread and sent by a thread of its
// own through a chunked request, so that producing and ClickHouse's parsing overlap.
class HttpInsertStream final : public InsertStream {
public:
    HttpInsertStream(Connection connection, std::string sql)
        : m_connection(std::move(connection)),
          m_sql(std::move(sql)),
          m_maxQueued(std::max<std::size_t>(m_connection.options.maxQueuedBytes, 1)),
          m_chunkSize(std::clamp<std::size_t>(m_maxQueued / 4, 4096, 1u << 20)),
          m_client(m_connection.makeClient()) {
        m_current.reserve(m_chunkSize);
        m_thread = std::thread([this] { run(); });
    }

    ~HttpInsertStream() override {
        if (!m_joined) abort();
    }

    void write(std::string_view bytes) override {
        if (m_joined) throw WarehouseError("INSERT stream already finished: " + sqlExcerpt(m_sql));
        m_bytes += bytes.size();
        while (!bytes.empty()) {
            const std::size_t take = std::min(bytes.size(), m_chunkSize - m_current.size());
            m_current.append(bytes.data(), take);
            bytes.remove_prefix(take);
            if (m_current.size() >= m_chunkSize) push();
        }
    }

    void finish() override {
        if (m_joined) {
            if (!m_error.empty()) throw WarehouseError(m_error);
            return;
        }
        if (!m_current.empty()) push();
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_canSend.notify_all();
        join();
        if (!m_error.empty()) throw WarehouseError(m_error);
    }

    void abort() override {
        if (m_joined) return;
        {
            std::lock_guard lock(m_mutex);
            m_aborted = true;
        }
        m_canSend.notify_all();
        m_canWrite.notify_all();
        // Unblocks a sender stuck writing to a stalled server; a cut body commits nothing.
        m_client->stop();
        join();
    }

    std::uint64_t bytesWritten() const override { return m_bytes; }

private:
    // Hands the current chunk to the sender; blocks while the queue is full.
    void push() {
        std::unique_lock lock(m_mutex);
        m_canWrite.wait(lock, [&] {
            return m_queuedBytes == 0 || m_queuedBytes + m_current.size() <= m_maxQueued ||
                   m_done || m_aborted;
        });
        if (m_done || m_aborted) {
            lock.unlock();
            join();
            throw WarehouseError(m_error.empty() ? "INSERT aborted: " + sqlExcerpt(m_sql)
                                                 : m_error);
        }
        m_queuedBytes += m_current.size();
        m_queue.push_back(std::move(m_current));
        if (!m_spare.empty()) {
            m_current = std::move(m_spare.back());
            m_spare.pop_back();
        } else {
            m_current = std::string();
            m_current.reserve(m_chunkSize);
        }
        lock.unlock();
        m_canSend.notify_one();
    }

    // httplib's content provider: the next chunk, the end of the body, or false to cut the request.
    bool provide(httplib::DataSink& sink) {
        std::unique_lock lock(m_mutex);
        m_canSend.wait(lock, [&] { return !m_queue.empty() || m_closed || m_aborted; });
        if (m_aborted) return false;
        if (m_queue.empty()) {
            lock.unlock();
            sink.done();
            return true;
        }
        std::string chunk = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        // A failed write is seen by httplib itself (Error::Write); false would mean "canceled".
        sink.write(chunk.data(), chunk.size());
        lock.lock();
        m_queuedBytes -= chunk.size();
        chunk.clear();
        if (m_spare.size() < 2) m_spare.push_back(std::move(chunk));
        lock.unlock();
        m_canWrite.notify_one();
        return true;
    }

    void run() {
        std::string error;
        try {
            const std::string path = "/?query=" + urlEncode(m_sql);
            auto result = m_client->Post(
                path, httplib::Headers{},
                [this](std::size_t, httplib::DataSink& sink) { return provide(sink); },
                "application/octet-stream");
            bool aborted = false;
            {
                std::lock_guard lock(m_mutex);
                aborted = m_aborted;
            }
            if (aborted) {
                error = "INSERT aborted: " + sqlExcerpt(m_sql);
            } else if (!result) {
                error = diagnose(path, result.error());
            } else if (result->status != 200) {
                error = Connection::queryMessage(result->status, result->body, m_sql);
            }
        } catch (const std::exception& e) {
            error = std::string("INSERT failed: ") + e.what();
        }
        {
            std::lock_guard lock(m_mutex);
            m_error = std::move(error);
            m_done = true;
        }
        m_canWrite.notify_all();
    }

    // ClickHouse answers a statement it refuses (missing table, bad column) at once and closes
    // the connection while we still send, so its answer is lost. The same INSERT with an empty
    // body, which commits nothing, gets the answer back.
    std::string diagnose(const std::string& path, httplib::Error transportError) const {
        if (!isConnectionFailure(transportError)) {
            auto client = m_connection.makeClient();
            const auto probe = client->Post(path, std::string(), "application/octet-stream");
            if (probe && probe->status != 200)
                return Connection::queryMessage(probe->status, probe->body, m_sql);
            if (probe)
                return "ClickHouse at " + m_connection.url +
                       " closed the connection during the INSERT (" +
                       httplib::to_string(transportError) +
                       "); the server log has the reason. In: " + sqlExcerpt(m_sql);
        }
        return m_connection.transportMessage(transportError, m_sql);
    }

    void join() {
        if (m_thread.joinable()) m_thread.join();
        m_joined = true;
    }

    const Connection m_connection;
    const std::string m_sql;
    const std::size_t m_maxQueued;
    const std::size_t m_chunkSize;
    std::unique_ptr<httplib::Client> m_client;
    std::string m_current;  // the chunk being filled by write()
    std::uint64_t m_bytes = 0;
    bool m_joined = false;

    std::mutex m_mutex;  // guards everything below
    std::condition_variable m_canWrite;
    std::condition_variable m_canSend;
    std::deque<std::string> m_queue;
    std::size_t m_queuedBytes = 0;     // queued plus the chunk being sent
    std::vector<std::string> m_spare;  // sent chunks' buffers, reused to avoid reallocation
    bool m_closed = false;
    bool m_aborted = false;
    bool m_done = false;
    std::string m_error;

    std::thread m_thread;  // last: started once everything above exists
};

}  // namespace

struct ClickHouseClient::Impl {
    Connection connection;
    // Queries at once from this process: ClickHouse refuses beyond its own limit (32 by default),
    // so a burst of API reads waits here instead of failing there.
    std::counting_semaphore<> queries{8};

    std::mutex mutex;  // guards everything below
    std::function<bool()> up;
    std::string idPrefix;
    std::uint64_t nextId = 0;
    // Query ids of abandoned API queries, killed by `killer` in batches.
    std::condition_variable killWake;
    std::vector<std::string> toKill;
    bool stopping = false;
    std::thread killer;

    explicit Impl(Connection c) : connection(std::move(c)) {
        std::random_device random;
        idPrefix = "findata-api-" + std::to_string(random()) + "-";
    }
    ~Impl() {
        {
            const std::lock_guard lock(mutex);
            stopping = true;
        }
        killWake.notify_all();
        if (killer.joinable()) killer.join();
    }

    std::string newQueryId() {
        const std::lock_guard lock(mutex);
        return idPrefix + std::to_string(++nextId);
    }

    bool knownDown() {
        std::function<bool()> probe;
        {
            const std::lock_guard lock(mutex);
            probe = up;
        }
        return probe && !probe();
    }

    void kill(std::string queryId) {
        {
            const std::lock_guard lock(mutex);
            if (stopping || toKill.size() >= kMaxPendingKills) return;
            toKill.push_back(std::move(queryId));
            if (!killer.joinable()) killer = std::thread([this] { killLoop(); });
        }
        killWake.notify_one();
    }

    // Sends KILL QUERY for what is queued, one statement per batch; a ClickHouse that does not
    // answer costs kKillTimeout per batch, on this thread only.
    void killLoop() {
        std::unique_lock lock(mutex);
        for (;;) {
            killWake.wait(lock, [this] { return stopping || !toKill.empty(); });
            if (stopping) return;
            std::vector<std::string> batch;
            batch.swap(toKill);
            lock.unlock();
            std::string sql = "KILL QUERY WHERE query_id IN (";
            for (std::size_t i = 0; i < batch.size(); ++i)
                sql += (i ? ", '" : "'") + batch[i] + "'";  // ids are [a-z0-9-] only
            sql += ") ASYNC FORMAT Null";
            auto client = connection.makeClient();
            client->set_connection_timeout(kKillTimeout);
            client->set_read_timeout(kKillTimeout);
            client->set_write_timeout(kKillTimeout);
            const auto result = client->Post("/", sql, "text/plain; charset=UTF-8");
            if (!result || result->status != 200)
                logger("warehouse")
                    ->warn("KILL QUERY of {} abandoned quer{} failed: {}", batch.size(),
                           batch.size() == 1 ? "y" : "ies",
                           result ? oneLine(result->body) : httplib::to_string(result.error()));
            else
                logger("warehouse")
                    ->debug("killed {} abandoned quer{}", batch.size(),
                            batch.size() == 1 ? "y" : "ies");
            lock.lock();
        }
    }
};

ClickHouseClient::ClickHouseClient(std::string url) : ClickHouseClient(std::move(url), Options{}) {}

ClickHouseClient::ClickHouseClient(std::string url, Options options)
    : m_url(normalizedUrl(std::move(url), options)),
      m_options(std::move(options)),
      m_impl(std::make_unique<Impl>(Connection{m_url, m_options})) {
    ignoreBrokenPipes();
}

ClickHouseClient::~ClickHouseClient() = default;

void ClickHouseClient::execute(std::string_view sql) {
    query(sql);
}

std::string ClickHouseClient::query(std::string_view sql) {
    std::string body;
    queryStream(sql, [&](std::string_view chunk) {
        body.append(chunk);
        return true;
    });
    return body;
}

void ClickHouseClient::queryStream(std::string_view sql,
                                   const std::function<bool(std::string_view)>& onChunk) {
    // Inside an API request: bounded by its deadline, stopped when it is cancelled.
    RequestDeadline* const scope = RequestDeadline::current();
    const auto unavailable = [&](bool cancelled) {
        return WarehouseUnavailable(
            cancelled ? std::string("the request was cancelled (its client went away)")
                      : "ClickHouse did not answer within " + secondsText(scope->budget()));
    };
    if (scope) {
        if (m_impl->knownDown()) throw WarehouseUnavailable("ClickHouse is down");
        if (scope->cancelled()) throw unavailable(true);
        if (!m_impl->queries.try_acquire_until(scope->deadline())) throw unavailable(false);
    } else {
        m_impl->queries.acquire();
    }
    struct Release {
        std::counting_semaphore<>& s;
        ~Release() { s.release(); }
    } release{m_impl->queries};
    auto client = m_impl->connection.makeClient();
    httplib::Request request;
    request.method = "POST";
    request.path = "/";
    std::string queryId;
    if (scope) {
        const auto left = scope->remaining();
        if (left.count() <= 0) throw unavailable(false);
        queryId = m_impl->newQueryId();
        const auto seconds = std::max<long long>(1, (left.count() + 999) / 1000);
        request.path = "/?query_id=" + queryId + "&max_execution_time=" + std::to_string(seconds);
        client->set_connection_timeout(std::min<std::chrono::milliseconds>(left, kConnectTimeout));
        client->set_read_timeout(left);
        client->set_write_timeout(left);
    }
    request.body = std::string(sql);
    request.set_header("Content-Type", "text/plain; charset=UTF-8");
    int status = 0;
    std::string errorBody;
    std::exception_ptr callbackError;
    bool interrupted = false;  // the deadline passed or the request was cancelled
    request.response_handler = [&](const httplib::Response& response) {
        status = response.status;
        return true;
    };
    request.content_receiver = [&](const char* data, std::size_t size, std::uint64_t,
                                   std::uint64_t) {
        if (scope && (scope->expired() || scope->cancelled())) {
            interrupted = true;
            return false;
        }
        if (status != 200) {
            errorBody.append(data, size);
            return true;
        }
        try {
            return onChunk(std::string_view(data, size));  // false cancels the request
        } catch (...) {
            callbackError = std::current_exception();
            return false;  // cancels the request
        }
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    const auto started = std::chrono::steady_clock::now();
    bool ok = false;
    {
        // A cancelled request stops waiting at once: stop() shuts the socket down.
        const auto stopOnCancel =
            scope ? scope->token().onCancel([&client] { client->stop(); }) : 0;
        ok = client->send(request, response, error);
        if (scope) scope->token().remove(stopOnCancel);
    }
    // What each query costs, for whoever tunes a slow screen (--log-level debug).
    if (auto log = logger("warehouse"); log->should_log(spdlog::level::debug))
        log->debug("{} ms: {}",
                   std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count(),
                   sql.substr(0, 300));
    if (callbackError) std::rethrow_exception(callbackError);
    if (scope && !(ok && response.status == 200)) {
        // Abandoned: ClickHouse would go on computing what nobody reads any more.
        const bool cancelled = scope->cancelled();
        if (interrupted || cancelled || scope->expired()) {
            m_impl->kill(queryId);
            logger("warehouse")
                ->warn("abandoned query {} ({}): {}", queryId,
                       cancelled ? "client gone" : "deadline passed", sqlExcerpt(sql));
            throw unavailable(cancelled);
        }
        // ClickHouse stopped it at max_execution_time (TIMEOUT_EXCEEDED).
        if (ok && errorBody.find("Code: 159") != std::string::npos) throw unavailable(false);
    }
    if (!ok && error == httplib::Error::Canceled) return;  // the receiver asked to stop
    if (!ok) throw WarehouseError(m_impl->connection.transportMessage(error, sql));
    if (response.status != 200)
        throw WarehouseError(Connection::queryMessage(response.status, errorBody, sql));
}

std::unique_ptr<InsertStream> ClickHouseClient::startInsert(std::string sql) {
    return std::make_unique<HttpInsertStream>(m_impl->connection, std::move(sql));
}

void ClickHouseClient::setAvailability(std::function<bool()> up) {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->up = std::move(up);
}

bool ClickHouseClient::ping() {
    auto client = m_impl->connection.makeClient();
    client->set_read_timeout(std::chrono::seconds(5));
    const auto result = client->Get("/ping");
    return result && result->status == 200 && trimmed(result->body) == "Ok.";
}

}  // namespace findata::agent
