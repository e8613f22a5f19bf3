#include "agent/api/httpserver.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "agent/api/apierror.h"
#include "agent/api/gzipbody.h"
#include "agent/api/http.h"
#include "agent/api/multipart.h"
#include "agent/api/router.h"
#include "agent/util/deadline.h"
#include "agent/util/logging.h"
#include "agent/util/urlcoding.h"
#include "agent/util/utf8.h"

namespace findata::agent {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::uint64_t kMaxDrainBytes = 4u << 20;
constexpr auto kCloseTimeout = std::chrono::seconds(2);

std::string_view view(beast::string_view s) {
    return {s.data(), s.size()};
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The JSON error body of the API for what the transport refuses itself.
HttpResponse transportError(int status, std::string_view code, const std::string& message,
                            nlohmann::json details = nlohmann::json::object()) {
    return jsonResponse(
        {{"error", {{"code", code}, {"message", message}, {"details", std::move(details)}}}},
        status);
}

HttpResponse tooLarge(std::uint64_t limit) {
    return transportError(413, "payload_too_large",
                          "the request body is larger than this endpoint accepts",
                          {{"max_bytes", limit}});
}

// A fixed pool of threads for the router: handlers may block on the databases.
class WorkerPool final {
public:
    explicit WorkerPool(std::size_t threads) {
        for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
            m_threads.emplace_back([this] { work(); });
    }
    ~WorkerPool() { stop(); }
    void post(std::function<void()> task) {
        {
            const std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
        }
        m_ready.notify_one();
    }
    // Runs what is queued, then joins.
    void stop() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_ready.notify_all();
        for (auto& t : m_threads)
            if (t.joinable()) t.join();
        m_threads.clear();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_tasks;
    std::vector<std::thread> m_threads;
    bool m_stopping = false;

    void work() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
                if (m_tasks.empty()) return;
                task = std::move(m_tasks.front());
                m_tasks.pop_front();
            }
            try {
                task();
            } catch (const std::exception& e) {
                logger("api")->error("a request failed outside the router: {}", e.what());
            }
        }
    }
};

class SessionBase {
public:
    virtual ~SessionBase() = default;
    /// On the session's strand: closes the connection if it waits for a request (shutdown).
    virtual void closeIfIdle() = 0;
    /// On the session's strand: closes the connection whatever it is doing (shutdown's end).
    virtual void abort() = 0;
};

}  // namespace

struct HttpServer::Impl {
    Router& router;
    Options options;
    net::io_context ioc;
    std::optional<ssl::context> tls;
    tcp::acceptor acceptor{ioc};
    std::optional<net::steady_timer> acceptRetry;
    std::unique_ptr<WorkerPool> workers;
    std::unique_ptr<WorkerPool> warehouseWorkers;  // the routes that need ClickHouse
    std::atomic<bool> stopping{false};
    int port = 0;

    std::mutex mutex;  // the connection registry below
    std::size_t connections = 0;
    std::map<std::string, std::size_t> perClient;
    std::map<SessionBase*, std::weak_ptr<SessionBase>> sessions;

    Impl(Router& r, Options o) : router(r), options(std::move(o)) {}

    std::uint64_t bodyLimit(std::string_view method, std::string_view path) const {
        std::vector<std::string> params;
        for (const auto& [m, pattern] : options.largeBodyRoutes)
            if (m == method && matchPattern(pattern, path, params)) return options.maxBodyBytes;
        return options.maxSmallBodyBytes;
    }

    void accept();
    void onAccept(error_code ec, tcp::socket socket);
    void release(SessionBase* session, const std::string& client) {
        const std::lock_guard lock(mutex);
        sessions.erase(session);
        --connections;
        if (auto it = perClient.find(client); it != perClient.end() && --it->second == 0)
            perClient.erase(it);
    }
};

namespace {

// One connection: reads requests on the I/O threads, runs each on the worker pool, writes the
// answer. Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
    using Parser = http::request_parser<http::buffer_body>;

    // What a request in progress on a worker shares with the closures given to the handler.
    struct Exchange {
        HttpRequest request;
        std::uint64_t limit = 0;
        bool gzip = false;
        bool multipart = false;
        std::string boundary;
        bool expectContinue = false;
        bool bodyTaken = false;
        std::optional<std::string> prefetched;  // a small body, read before the handler ran
        std::optional<HttpResponse> refusal;    // set while the body was read: overrides the answer
        std::shared_ptr<CancelToken> token = std::make_shared<CancelToken>();
        net::executor_work_guard<net::io_context::executor_type> work;
        explicit Exchange(net::io_context& ioc) : work(ioc.get_executor()) {}
    };

public:
    Session(HttpServer::Impl& server, Stream stream, std::string client)
        : m_server(server), m_stream(std::move(stream)), m_client(std::move(client)) {}
    ~Session() override { m_server.release(this, m_client); }

    void start() {
        if constexpr (kTls) {
            lowest().expires_after(m_server.options.headerTimeout);
            m_idle = true;
            m_stream.async_handshake(ssl::stream_base::server,
                                     [self = this->shared_from_this()](error_code ec) {
                                         self->m_idle = false;
                                         if (ec) return self->closeNow();
                                         self->readHeader();
                                     });
        } else {
            readHeader();
        }
    }

    void closeIfIdle() override {
        net::post(m_stream.get_executor(), [self = self()] {
            if (self->m_idle) self->lowest().cancel();
        });
    }

    void abort() override {
        net::post(m_stream.get_executor(), [self = self()] { self->closeNow(); });
    }

private:
    HttpServer::Impl& m_server;
    Stream m_stream;
    std::string m_client;
    beast::flat_buffer m_buffer;
    std::optional<Parser> m_parser;
    std::size_t m_requests = 0;
    bool m_idle = false;
    bool m_watching = false;    // for the client hanging up while its request runs
    std::vector<char> m_chunk;  // body bytes of the current read; empty between requests

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(m_stream); }
    std::shared_ptr<Session> self() { return this->shared_from_this(); }

    void closeNow() {
        error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().close();
    }

    // Closes after the answer: TLS says goodbye; a plain connection with an unread body
    // discards what the client still sends for a moment, so that it reads the answer instead of
    // a reset.
    void closeGracefully(bool bodyUnread) {
        lowest().expires_after(kCloseTimeout);
        if constexpr (kTls) {
            m_stream.async_shutdown([self = self()](error_code) { self->lowest().close(); });
        } else {
            error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
            if (!bodyUnread) return lowest().close();
            drain(0);
        }
    }

    void drain(std::uint64_t drained) {
        m_chunk.resize(kReadChunk);
        lowest().async_read_some(net::buffer(m_chunk),
                                 [self = self(), drained](error_code ec, std::size_t n) {
                                     if (ec || drained + n > kMaxDrainBytes)
                                         return self->lowest().close();
                                     self->drain(drained + n);
                                 });
    }

    void readHeader() {
        if (m_server.stopping) return closeNow();
        m_parser.emplace();
        std::vector<char>().swap(m_chunk);  // an idle connection holds no body buffer
        const auto& o = m_server.options;
        m_parser->header_limit(static_cast<std::uint32_t>(o.maxUrlBytes + o.maxHeaderBytes +
                                                          o.maxHeaderCount * 4 + 64));
        // Decided per route once the headers are known. (Not boost::none: Beast 1.74 compares a
        // Content-Length with the optional limit, and every number is greater than none.)
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        m_idle = true;
        lowest().expires_after(o.headerTimeout);
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = self()](error_code ec, std::size_t) { self->onHeader(ec); });
    }

    // An answer the transport gives itself, before any handler: then the connection closes.
    void refuse(HttpResponse response, bool bodyUnread) {
        respondOnStrand(std::move(response), false, bodyUnread);
    }

    void onHeader(error_code ec) {
        m_idle = false;
        const auto& o = m_server.options;
        if (ec == http::error::header_limit)
            return refuse(transportError(431, "header_fields_too_large",
                                         "the request's headers are too large"),
                          true);
        // A client that went away, timed out or broke off mid-header gets no answer; one that
        // sent something that is not HTTP is told so.
        const bool malformed =
            ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
            ec != http::error::end_of_stream && ec != http::error::partial_message;
        if (malformed)
            return refuse(
                transportError(400, "bad_request", "malformed HTTP request: " + ec.message()),
                true);
        if (ec) return closeNow();
        ++m_requests;
        auto& head = m_parser->get();

        const auto target = view(head.target());
        if (target.size() > o.maxUrlBytes)
            return refuse(transportError(414, "uri_too_long", "the request URL is too long",
                                         {{"max_bytes", o.maxUrlBytes}}),
                          true);
        std::size_t count = 0;
        std::size_t bytes = 0;
        for (const auto& field : head) {
            ++count;
            bytes += field.name_string().size() + field.value().size();
        }
        if (count > o.maxHeaderCount || bytes > o.maxHeaderBytes)
            return refuse(
                transportError(431, "header_fields_too_large",
                               "the request has too many or too large headers",
                               {{"max_count", o.maxHeaderCount}, {"max_bytes", o.maxHeaderBytes}}),
                true);

        auto exchange = std::make_shared<Exchange>(m_server.ioc);
        auto& request = exchange->request;
        request.method = std::string(view(head.method_string()));
        request.remoteAddress = m_client;
        const auto question = target.find('?');
        request.path = percentDecode(target.substr(0, question), false);
        bool valid = isValidUtf8(request.path);
        if (question != std::string_view::npos) {
            std::string_view query = target.substr(question + 1);
            while (!query.empty()) {
                const auto amp = query.find('&');
                const auto pair = query.substr(0, amp);
                query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
                if (pair.empty()) continue;
                const auto eq = pair.find('=');
                std::string name = percentDecode(pair.substr(0, eq), true);
                std::string value = eq == std::string_view::npos
                                        ? std::string()
                                        : percentDecode(pair.substr(eq + 1), true);
                valid = valid && isValidUtf8(name) && isValidUtf8(value);
                request.query.emplace(std::move(name), std::move(value));
            }
        }
        for (const auto& field : head)
            request.headers.emplace(lower(view(field.name_string())),
                                    std::string(view(field.value())));

        const bool hasBody = m_parser->chunked() || m_parser->content_length().value_or(0) > 0;
        if (!valid)
            return refuse(transportError(400, "bad_request",
                                         "the request path or a query parameter is not valid "
                                         "UTF-8 after percent-decoding"),
                          hasBody);
        exchange->limit = m_server.bodyLimit(request.method, request.path);
        if (m_parser->content_length().value_or(0) > exchange->limit)
            return refuse(tooLarge(exchange->limit), true);
        if (hasBody) {
            const std::string encoding = lower(request.header("content-encoding").value_or(""));
            if (encoding == "gzip" || encoding == "x-gzip")
                exchange->gzip = true;
            else if (!encoding.empty() && encoding != "identity")
                return refuse(transportError(415, "unsupported_media_type",
                                             "Content-Encoding " + encoding +
                                                 " is not accepted: send gzip or no encoding",
                                             {{"accepted", {"gzip", "identity"}}}),
                              true);
        }
        if (const auto type = request.header("content-type"))
            if (const auto boundary = MultipartReader::boundaryOf(*type)) {
                exchange->multipart = true;
                exchange->boundary = *boundary;
            }
        exchange->expectContinue =
            hasBody && lower(request.header("expect").value_or("")) == "100-continue";
        m_parser->body_limit(exchange->limit);

        if (hasBody && exchange->limit <= o.maxSmallBodyBytes) {
            exchange->prefetched.emplace();
            if (exchange->expectContinue)
                return sendContinue([this, exchange] { prefetch(exchange); });
            return prefetch(exchange);
        }
        dispatch(exchange);
    }

    template <class Next>
    void sendContinue(Next next) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        lowest().expires_after(m_server.options.idleTimeout);
        net::async_write(m_stream, net::buffer(kContinue.data(), kContinue.size()),
                         [self = self(), next](error_code ec, std::size_t) {
                             if (ec) return self->closeNow();
                             next();
                         });
    }

    // Reads a small body on the I/O thread, so that a slow client holds no worker.
    void prefetch(const std::shared_ptr<Exchange>& exchange) {
        if (m_parser->is_done()) return dispatch(exchange);
        m_chunk.resize(kReadChunk);
        auto& body = m_parser->get().body();
        body.data = m_chunk.data();
        body.size = m_chunk.size();
        body.more = true;
        lowest().expires_after(m_server.options.idleTimeout);
        http::async_read_some(
            m_stream, m_buffer, *m_parser, [self = self(), exchange](error_code ec, std::size_t) {
                if (ec == http::error::need_buffer) ec = {};
                if (ec == http::error::body_limit)
                    return self->refuse(tooLarge(exchange->limit), true);
                if (ec) return self->closeNow();
                const auto got = self->m_chunk.size() - self->m_parser->get().body().size;
                exchange->prefetched->append(self->m_chunk.data(), got);
                self->prefetch(exchange);
            });
    }

    // Runs the router on a worker; the handler's body reads and the answer come back here.
    void dispatch(const std::shared_ptr<Exchange>& exchange) {
        auto& request = exchange->request;
        Exchange* raw = exchange.get();
        if (!exchange->multipart) {
            request.readBody = [this, raw](const ByteSink& sink) {
                if (raw->bodyTaken) return false;
                raw->bodyTaken = true;
                return pumpBody(*raw, sink);
            };
        } else {
            request.readBody = [](const ByteSink&) { return false; };
            request.readParts = [this, raw](const PartSink& onPart, const ByteSink& sink) {
                if (raw->bodyTaken) return false;
                raw->bodyTaken = true;
                MultipartReader reader(raw->boundary);
                const bool complete = pumpBody(
                    *raw, [&](std::string_view bytes) { return reader.feed(bytes, onPart, sink); });
                return complete && reader.done();
            };
        }
        // The deadline runs from now; the streamed large bodies have none (see the header).
        const auto& o = m_server.options;
        const bool bounded = exchange->limit <= o.maxSmallBodyBytes;
        const auto deadline = std::chrono::steady_clock::now() + o.requestTimeout;
        const bool warehouse =
            bounded &&
            needs(m_server.router.needsOf(request.method, request.path), Needs::Warehouse);
        if (bounded && m_parser->is_done() && m_buffer.size() == 0) watchForHangup(exchange->token);
        auto& pool = warehouse ? *m_server.warehouseWorkers : *m_server.workers;
        pool.post([self = self(), exchange, bounded, deadline] {
            HttpResponse response;
            if (bounded && std::chrono::steady_clock::now() >= deadline) {
                // Queued behind requests that wait for a stalled database: not run at all.
                response =
                    transportError(503, "unavailable",
                                   "the agent is busy and could not start this request within " +
                                       secondsText(self->m_server.options.requestTimeout),
                                   {{"retry_after_seconds", kRetryAfterSeconds}});
                response.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
            } else {
                std::optional<RequestDeadline> scope;
                if (bounded) scope.emplace(deadline, exchange->token);
                response = self->m_server.router.dispatch(exchange->request);
            }
            if (exchange->refusal) response = std::move(*exchange->refusal);
            self->stopWatching();
            self->respond(std::move(response));
        });
    }

    // On the strand, while a handler runs with nothing left to read: a readable socket then
    // means the client hung up (end of stream or reset) — the request is cancelled — or sent
    // more than it should have, which is left for the next read.
    void watchForHangup(const std::shared_ptr<CancelToken>& token) {
        m_watching = true;
        lowest().socket().async_wait(tcp::socket::wait_read, [self = self(), token](error_code ec) {
            if (ec || !self->m_watching) return;
            self->m_watching = false;
            char byte = 0;
            const auto n =
                ::recv(self->lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                logger("api")->debug("client {} hung up; its request is cancelled", self->m_client);
                token->cancel();
            }
        });
    }

    // From a worker, before the answer is written: ends the watch (on the strand, so before the
    // writes posted after it).
    void stopWatching() {
        net::post(m_stream.get_executor(), [self = self()] {
            if (!self->m_watching) return;
            self->m_watching = false;
            error_code ignored;
            self->lowest().socket().cancel(ignored);
        });
    }

    // On a worker: runs `start` on the strand and waits for its completion.
    std::pair<error_code, std::size_t> await(
        const std::function<void(std::function<void(error_code, std::size_t)>)>& start) {
        auto promise = std::make_shared<std::promise<std::pair<error_code, std::size_t>>>();
        auto future = promise->get_future();
        net::post(m_stream.get_executor(), [start, promise] {
            start([promise](error_code ec, std::size_t n) { promise->set_value({ec, n}); });
        });
        return future.get();
    }

    // On a worker: the next body bytes from the connection into m_chunk.
    std::pair<error_code, std::size_t> readBodySome(Exchange& exchange) {
        if (exchange.expectContinue) {
            exchange.expectContinue = false;
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            const auto [ec, n] = await([this](auto done) {
                lowest().expires_after(m_server.options.idleTimeout);
                net::async_write(m_stream, net::buffer(kContinue.data(), kContinue.size()),
                                 std::move(done));
            });
            if (ec) return {ec, 0};
        }
        m_chunk.resize(kReadChunk);
        const auto [ec, n] = await([this](auto done) {
            auto& body = m_parser->get().body();
            body.data = m_chunk.data();
            body.size = m_chunk.size();
            body.more = true;
            lowest().expires_after(m_server.options.idleTimeout);
            http::async_read_some(m_stream, m_buffer, *m_parser, std::move(done));
        });
        if (ec && ec != http::error::need_buffer) return {ec, 0};
        return {{}, m_chunk.size() - m_parser->get().body().size};
    }

    // On a worker: the body (prefetched or from the connection, inflated when gzip) into sink.
    bool pumpBody(Exchange& exchange, const ByteSink& sink) {
        std::optional<GzipBody> gzip;
        if (exchange.gzip) gzip.emplace(exchange.limit, m_server.options.maxGzipRatio);
        const auto deliver = [&](std::string_view bytes) {
            if (!gzip) return sink(bytes);
            switch (gzip->feed(bytes, sink)) {
                case GzipBody::Result::Ok:
                    return true;
                case GzipBody::Result::Stopped:
                    return false;
                case GzipBody::Result::TooLarge:
                    exchange.refusal = transportError(
                        413, "payload_too_large",
                        "the gzip body inflates beyond this endpoint's limit or ratio",
                        {{"max_bytes", exchange.limit},
                         {"max_ratio", m_server.options.maxGzipRatio}});
                    return false;
                case GzipBody::Result::Corrupt:
                    exchange.refusal =
                        transportError(400, "bad_request", "the gzip body is corrupt");
                    return false;
            }
            return false;
        };
        if (exchange.prefetched) {
            if (!exchange.prefetched->empty() && !deliver(*exchange.prefetched)) return false;
        } else {
            while (!m_parser->is_done()) {
                const auto [ec, n] = readBodySome(exchange);
                if (ec == http::error::body_limit) {
                    exchange.refusal = tooLarge(exchange.limit);
                    return false;
                }
                if (ec) return false;
                if (n > 0 && !deliver(std::string_view(m_chunk.data(), n))) return false;
            }
        }
        if (gzip && gzip->finish() != GzipBody::Result::Ok) {
            exchange.refusal = transportError(400, "bad_request", "the gzip body ends early");
            return false;
        }
        return true;
    }

    bool keepAlive(bool bodyUnread) const {
        return !bodyUnread && !m_server.stopping && m_parser->get().keep_alive() &&
               m_requests < m_server.options.maxRequestsPerConnection;
    }

    // On a worker: writes the answer (a streamed one chunk by chunk from here).
    void respond(HttpResponse response) {
        const bool bodyUnread = !m_parser->is_done();
        const bool again = keepAlive(bodyUnread);
        if (!response.stream) {
            net::post(m_stream.get_executor(),
                      [self = self(), response = std::move(response), again, bodyUnread]() mutable {
                          self->respondOnStrand(std::move(response), again, bodyUnread);
                      });
            return;
        }
        http::response<http::empty_body> head{static_cast<http::status>(response.status), 11};
        head.set(http::field::content_type, response.contentType);
        for (const auto& [name, value] : response.headers)
            head.insert(name, value);
        head.keep_alive(again);
        head.chunked(true);
        http::response_serializer<http::empty_body> serializer{head};
        auto [ec, n] = await([&](auto done) {
            lowest().expires_after(m_server.options.idleTimeout);
            http::async_write_header(m_stream, serializer, std::move(done));
        });
        bool ok = !ec;
        if (ok) {
            try {
                response.stream([&](std::string_view bytes) {
                    if (!ok) return false;
                    if (bytes.empty()) return true;
                    ok = !await([&](auto done) {
                              lowest().expires_after(m_server.options.idleTimeout);
                              net::async_write(
                                  m_stream,
                                  http::make_chunk(net::const_buffer(bytes.data(), bytes.size())),
                                  std::move(done));
                          }).first;
                    return ok;
                });
            } catch (const std::exception& e) {
                // The status is sent already: breaking the connection off before the last
                // chunk is how the client learns that the body is incomplete.
                logger("api")->error("a streamed response broke off: {}", e.what());
                ok = false;
            }
        }
        if (ok)
            ok = !await([&](auto done) {
                      lowest().expires_after(m_server.options.idleTimeout);
                      net::async_write(m_stream, http::make_chunk_last(), std::move(done));
                  }).first;
        net::post(m_stream.get_executor(), [self = self(), ok, again, bodyUnread] {
            if (!ok) return self->closeNow();
            if (again) return self->readHeader();
            self->closeGracefully(bodyUnread);
        });
    }

    void respondOnStrand(HttpResponse response, bool again, bool bodyUnread) {
        auto message = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(response.status), 11);
        message->set(http::field::content_type, response.contentType);
        for (const auto& [name, value] : response.headers)
            message->insert(name, value);
        message->body() = std::move(response.body);
        message->keep_alive(again);
        message->prepare_payload();
        lowest().expires_after(m_server.options.idleTimeout);
        http::async_write(m_stream, *message,
                          [self = self(), message, again, bodyUnread](error_code ec, std::size_t) {
                              if (ec) return self->closeNow();
                              if (again) return self->readHeader();
                              self->closeGracefully(bodyUnread);
                          });
    }
};

// Open files beyond the soft limit would refuse connections long before maxConnections.
void raiseOpenFileLimit(std::size_t wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t target = std::min<rlim_t>(limit.rlim_max, static_cast<rlim_t>(wanted));
    if (limit.rlim_cur < target) {
        limit.rlim_cur = target;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
        onAccept(ec, std::move(socket));
    });
}

void HttpServer::Impl::onAccept(error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (ec) {
        // Out of file descriptors (or a connection reset before accept): try again shortly
        // rather than spinning.
        logger("api")->warn("accept failed: {}", ec.message());
        acceptRetry.emplace(ioc, std::chrono::milliseconds(100));
        acceptRetry->async_wait([this](error_code e) {
            if (!e && !stopping) accept();
        });
        return;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto address = socket.remote_endpoint(ignored).address();
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
    std::string client = address.to_string();
    bool admitted = false;
    {
        const std::lock_guard lock(mutex);
        auto& mine = perClient[client];
        if (connections < options.maxConnections && mine < options.maxConnectionsPerClient) {
            ++connections;
            ++mine;
            admitted = true;
        } else if (mine == 0) {
            perClient.erase(client);
        }
    }
    if (!admitted) {
        // A short answer on a fresh socket fits its send buffer: no need to wait for it.
        static constexpr std::string_view kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            "Connection: close\r\nRetry-After: 5\r\nContent-Length: 93\r\n\r\n"
            "{\"error\":{\"code\":\"unavailable\",\"message\":\"too many connections\",\"details\":"
            "{\"retry\":5}}}";
        socket.non_blocking(true, ignored);
        socket.send(net::buffer(kBusy.data(), kBusy.size()), 0, ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    } else {
        if (tls) {
            auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
                *this, beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls), client);
            {
                const std::lock_guard lock(mutex);
                sessions.emplace(s.get(), s);
            }
            s->start();
        } else {
            auto s = std::make_shared<Session<beast::tcp_stream>>(
                *this, beast::tcp_stream(std::move(socket)), client);
            {
                const std::lock_guard lock(mutex);
                sessions.emplace(s.get(), s);
            }
            s->start();
        }
    }
    accept();
}

HttpServer::HttpServer(Router& router, Options options)
    : m_impl(std::make_unique<Impl>(router, std::move(options))) {
    auto& o = m_impl->options;
    if (!o.tlsCert.empty() || !o.tlsKey.empty()) {
        try {
            auto& context = m_impl->tls.emplace(ssl::context::tls_server);
            context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                                ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                                ssl::context::no_tlsv1_1);
            context.use_certificate_chain_file(o.tlsCert);
            context.use_private_key_file(o.tlsKey, ssl::context::pem);
        } catch (const std::exception&) {
            throw std::runtime_error("TLS certificate " + o.tlsCert + " or key " + o.tlsKey +
                                     " cannot be used");
        }
    }
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::bind() {
    auto& o = m_impl->options;
    raiseOpenFileLimit(o.maxConnections + 1024);
    try {
        const tcp::endpoint endpoint(net::ip::make_address(o.host), o.port);
        auto& acceptor = m_impl->acceptor;
        acceptor.open(endpoint.protocol());
        acceptor.set_option(net::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(net::socket_base::max_listen_connections);
        m_impl->port = acceptor.local_endpoint().port();
    } catch (const std::exception&) {
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 " (in use, or not an address of this machine)");
    }
}

std::uint16_t HttpServer::port() const {
    return static_cast<std::uint16_t>(m_impl->port);
}

void HttpServer::run() {
    auto& impl = *m_impl;
    impl.workers = std::make_unique<WorkerPool>(impl.options.threads);
    impl.warehouseWorkers = std::make_unique<WorkerPool>(impl.options.warehouseThreads);
    if (!impl.stopping) impl.accept();
    std::vector<std::thread> io;
    for (std::size_t i = 1; i < std::max<std::size_t>(impl.options.ioThreads, 1); ++i)
        io.emplace_back([&impl] { impl.ioc.run(); });
    impl.ioc.run();  // until the acceptor is closed and every connection is gone
    for (auto& t : io)
        t.join();
    impl.workers->stop();
    impl.warehouseWorkers->stop();
}

void HttpServer::stop() {
    if (!m_impl || m_impl->stopping.exchange(true)) return;
    Impl* impl = m_impl.get();
    net::post(impl->ioc, [impl] {
        error_code ignored;
        impl->acceptor.close(ignored);
        if (impl->acceptRetry) impl->acceptRetry->cancel();
    });
    // Each connection closes on its own strand when it waits for a request; one in progress
    // finishes its answer with Connection: close. (Released outside the lock: the last
    // reference's destructor takes it.)
    std::vector<std::shared_ptr<SessionBase>> open;
    {
        const std::lock_guard lock(impl->mutex);
        for (const auto& entry : impl->sessions)
            if (auto session = entry.second.lock()) open.push_back(std::move(session));
    }
    for (const auto& session : open)
        session->closeIfIdle();
}

std::size_t HttpServer::abortConnections() {
    if (!m_impl) return 0;
    std::vector<std::shared_ptr<SessionBase>> open;
    {
        const std::lock_guard lock(m_impl->mutex);
        for (const auto& entry : m_impl->sessions)
            if (auto session = entry.second.lock()) open.push_back(std::move(session));
    }
    for (const auto& session : open)
        session->abort();
    return open.size();
}

std::string HttpServer::url() const {
    const auto& o = m_impl->options;
    const bool tls = !o.tlsCert.empty();
    const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

}  // namespace findata::agent
