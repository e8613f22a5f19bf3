#pragma once
// The HTTP listener: hands every request to the router and sends back what it answers. The only
// file of the API that knows the HTTP library (Boost.Beast on Asio).
//
// Built for hostile networks: connections wait on I/O threads, never on worker threads, with a
// deadline for the request line and headers and an idle timeout for bodies; headers, URLs,
// bodies (by route) and connections (in total and per client address) are limited before they
// are read; a body is either read to its end or the connection is closed after the answer, so
// no bytes of one request are parsed as another. The router runs on a bounded worker pool.
//
// Fail fast, never freeze: each request (but the streamed large-body routes, uploads and check,
// whose transfer the idle timeout bounds) runs with a deadline in scope (util/deadline.h) that
// the database clients honour; one that waited in a queue past it is answered 503 without
// running. While a handler runs, the connection watches for its client to hang up and then
// cancels the request, which abandons (and kills) its ClickHouse query. Routes that need the
// warehouse run on a pool of their own, so a stalled ClickHouse never holds every worker.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace findata::agent {

class Router;

class HttpServer final {
public:
    struct Options {
        std::string host = "127.0.0.1";
        std::uint16_t port = 8000;  // 0: any free port (see port())
        std::string tlsCert;        // both set: HTTPS
        std::string tlsKey;
        std::size_t threads = 64;  // worker threads running the router (requests in progress)
        std::size_t warehouseThreads = 16;  // those of the routes that need ClickHouse
        std::size_t ioThreads = 2;
        /// Every request's deadline for its database work, from the moment it is dispatched.
        std::chrono::milliseconds requestTimeout{10000};
        /// Request line + headers must arrive within this (also the keep-alive idle time).
        std::chrono::milliseconds headerTimeout{10000};
        /// Longest pause while a body is read or a response written.
        std::chrono::milliseconds idleTimeout{30000};
        std::size_t maxConnections = 10000;           // beyond: 503 and closed
        std::size_t maxConnectionsPerClient = 1000;   // per remote address; beyond: 503, closed
        std::size_t maxRequestsPerConnection = 1000;  // then Connection: close
        std::size_t maxHeaderCount = 100;             // beyond: 431
        std::size_t maxHeaderBytes = 32 * 1024;       // names + values; beyond: 431
        std::size_t maxUrlBytes = 8 * 1024;           // beyond: 414
        /// The body limit of the large-body routes below (uploads, check): streamed to handlers.
        std::uint64_t maxBodyBytes = 4ull << 30;
        /// Every other request's body limit; such bodies are read before the handler runs.
        std::uint64_t maxSmallBodyBytes = 1u << 20;
        /// (method, route pattern) of the routes that accept maxBodyBytes.
        std::vector<std::pair<std::string, std::string>> largeBodyRoutes = {
            {"POST", "/api/uploads/"}, {"POST", "/api/check/"}};
        /// gzip request bodies: decompressed bytes per compressed byte beyond the first MiB.
        double maxGzipRatio = 100;
    };

    HttpServer(Router& router, Options options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the socket (throws std::runtime_error naming the address when it cannot).
    void bind();
    /// The bound port.
    std::uint16_t port() const;
    /// Serves until stop(); call after bind().
    void run();
    /// Stops accepting, lets requests in progress finish and returns from run(); safe from any
    /// thread.
    void stop();
    /// After stop(), when the grace for requests in progress has run out: closes every
    /// connection still open (a slow upload, an answer not yet read). Their handlers see the
    /// client gone (an upload is discarded); run() returns once the handlers have. Returns how
    /// many connections were closed.
    std::size_t abortConnections();
    /// "http://127.0.0.1:8000"
    std::string url() const;

    struct Impl;  // httpserver.cpp's: the listener, connections and worker pool

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace findata::agent
