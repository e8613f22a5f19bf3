#pragma once
// The HTTP listener: hands every request to the router and sends back what it answers. The only
// file of the API that knows the HTTP library.

#include <cstdint>
#include <memory>
#include <string>

namespace findata::agent {

class Router;

class HttpServer final {
public:
    struct Options {
        std::string host = "127.0.0.1";
        std::uint16_t port = 8000;  // 0: any free port (see port())
        std::string tlsCert;        // both set: HTTPS
        std::string tlsKey;
        std::size_t threads = 64;  // concurrent connections served
        std::uint64_t maxBodyBytes = 4ull << 30;
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
    /// Stops accepting and returns from run(); safe from any thread.
    void stop();
    /// "http://127.0.0.1:8000"
    std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace findata::agent
