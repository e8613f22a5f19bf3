#include "agent/api/httpserver.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <stdexcept>

#include "agent/api/http.h"
#include "agent/api/router.h"
#include "agent/util/logging.h"

namespace findata::agent {

namespace {
constexpr std::uint64_t kMaxDrainBytes = 8u << 20;
}

struct HttpServer::Impl {
    Router& router;
    Options options;
    std::unique_ptr<httplib::Server> server;
    int port = 0;
    int listenSocket = -1;  // to raise the library's listen backlog of 5

    // Converts the library's request, dispatches, and writes our response back.
    void handle(const httplib::Request& in, httplib::Response& out,
                const httplib::ContentReader* reader) {
        HttpRequest request;
        request.method = in.method;
        request.path = in.path;
        request.remoteAddress = in.remote_addr;
        for (const auto& [name, value] : in.params)
            request.query.emplace(name, value);
        for (const auto& [name, value] : in.headers) {
            std::string lower = name;
            for (auto& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            request.headers.emplace(std::move(lower), value);
        }
        bool bodyRead = false;
        bool bodyComplete = false;
        // httplib parses multipart bodies itself: they can only be read part by part.
        const bool multipart = reader && in.is_multipart_form_data();
        request.readBody = [&](const ByteSink& sink) {
            if (bodyRead || multipart) return false;
            bodyRead = true;
            if (!reader) return bodyComplete = sink(in.body);
            bool keepGoing = true;
            const bool complete = (*reader)([&](const char* data, std::size_t length) {
                keepGoing = sink(std::string_view(data, length));
                return keepGoing;
            });
            return bodyComplete = complete && keepGoing;
        };
        if (multipart)
            request.readParts = [&](const PartSink& onPart, const ByteSink& sink) {
                if (bodyRead) return false;
                bodyRead = true;
                bool keepGoing = true;
                const bool complete = (*reader)(
                    [&](const httplib::MultipartFormData& part) {
                        keepGoing = onPart({part.name, part.filename, part.content_type});
                        return keepGoing;
                    },
                    [&](const char* data, std::size_t length) {
                        keepGoing = sink(std::string_view(data, length));
                        return keepGoing;
                    });
                return bodyComplete = complete && keepGoing;
            };

        HttpResponse response = router.dispatch(request);
        // A body left unread (refused before reading: 401, 415, …) would be parsed as the next
        // request of the connection: drain a small one, else close the connection after this.
        const bool hasBody =
            in.get_header_value("Transfer-Encoding") == "chunked" ||
            (in.has_header("Content-Length") && in.get_header_value("Content-Length") != "0");
        if (reader && !bodyRead && !hasBody) bodyComplete = true;
        if (reader && !bodyRead && hasBody && !multipart) {
            std::uint64_t drained = 0;
            bodyRead = true;
            bodyComplete = (*reader)([&](const char*, std::size_t length) {
                drained += length;
                return drained <= kMaxDrainBytes;
            });
        }
        if (reader && !bodyComplete) response.headers.emplace_back("Connection", "close");
        out.status = response.status;
        for (const auto& [name, value] : response.headers)
            out.set_header(name, value);
        if (response.stream) {
            auto producer = std::move(response.stream);
            out.set_chunked_content_provider(
                response.contentType,
                [producer = std::move(producer)](std::size_t, httplib::DataSink& sink) {
                    try {
                        producer([&](std::string_view bytes) {
                            return sink.is_writable() && sink.write(bytes.data(), bytes.size());
                        });
                    } catch (const std::exception& e) {
                        // The status is sent already: breaking the connection off before the
                        // last chunk is how the client learns that the body is incomplete.
                        logger("api")->error("a streamed response broke off: {}", e.what());
                        return false;
                    }
                    sink.done();
                    return true;
                });
        } else {
            out.set_content(std::move(response.body), response.contentType);
        }
    }
};

HttpServer::HttpServer(Router& router, Options options)
    : m_impl(std::make_unique<Impl>(Impl{router, std::move(options), nullptr, 0, -1})) {
    auto& o = m_impl->options;
    if (!o.tlsCert.empty() || !o.tlsKey.empty()) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        m_impl->server = std::make_unique<httplib::SSLServer>(o.tlsCert.c_str(), o.tlsKey.c_str());
        if (!m_impl->server->is_valid())
            throw std::runtime_error("TLS certificate " + o.tlsCert + " or key " + o.tlsKey +
                                     " cannot be used");
#else
        throw std::runtime_error("this build has no TLS support");
#endif
    } else {
        m_impl->server = std::make_unique<httplib::Server>();
    }
    auto& server = *m_impl->server;
    const std::size_t threads = o.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(o.maxBodyBytes);
    server.set_keep_alive_max_count(1000);
    // httplib sends headers and body in separate writes: with Nagle's algorithm the body waits
    // for the client's delayed ACK (40 ms on Linux), capping 64 connections at ~1,400 req/s.
    // Accepted sockets inherit the option from the listening one.
    server.set_tcp_nodelay(true);
    server.set_socket_options([impl = m_impl.get()](socket_t sock) {
        httplib::default_socket_options(sock);
        impl->listenSocket = sock;
    });
    Impl* impl = m_impl.get();
    auto plain = [impl](const httplib::Request& in, httplib::Response& out) {
        impl->handle(in, out, nullptr);
    };
    auto withBody = [impl](const httplib::Request& in, httplib::Response& out,
                           const httplib::ContentReader& reader) {
        impl->handle(in, out, &reader);
    };
    server.Get(".*", plain);
    server.Delete(".*", plain);
    server.Options(".*", plain);
    server.Post(".*", withBody);
    server.Put(".*", withBody);
    server.Patch(".*", withBody);
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::bind() {
    auto& o = m_impl->options;
    if (o.port == 0)
        m_impl->port = m_impl->server->bind_to_any_port(o.host.c_str());
    else
        m_impl->port = m_impl->server->bind_to_port(o.host.c_str(), o.port) ? o.port : -1;
    // The library listens with a backlog of 5: 64 clients connecting at once would see SYNs
    // dropped and retried a second later. Listening again on the socket raises it.
    if (m_impl->port > 0 && m_impl->listenSocket >= 0) ::listen(m_impl->listenSocket, SOMAXCONN);
    if (m_impl->port <= 0)
        throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                 " (in use, or not an address of this machine)");
}

std::uint16_t HttpServer::port() const {
    return static_cast<std::uint16_t>(m_impl->port);
}

void HttpServer::run() {
    m_impl->server->listen_after_bind();
}

void HttpServer::stop() {
    if (m_impl && m_impl->server) m_impl->server->stop();
}

std::string HttpServer::url() const {
    const auto& o = m_impl->options;
    const bool tls = !o.tlsCert.empty();
    const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    return std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(port());
}

}  // namespace findata::agent
