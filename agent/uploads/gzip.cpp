#include "agent/uploads/gzip.h"

#include <zlib.h>

#include <limits>
#include <string>

namespace findata::agent {

namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KB window, gzip header and trailer
constexpr int kMemLevel = 9;              // more memory, faster deflate

// zlib counts in uInt; feed it at most this much per call so huge views are safe too.
constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max() / 2;

std::string zlibMessage(const char* what, int code, const z_stream& z) {
    std::string text = std::string(what) + " failed (zlib code " + std::to_string(code);
    if (z.msg) text += std::string(": ") + z.msg;
    return text + ")";
}

}  // namespace

struct GzipDeflater::Stream {
    z_stream z{};
};

GzipDeflater::GzipDeflater(int level, std::size_t outputBufferSize)
    : m_stream(std::make_unique<Stream>()), m_buffer(outputBufferSize) {
    const int rc = deflateInit2(&m_stream->z, level, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                                Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) throw GzipError(zlibMessage("deflateInit2", rc, m_stream->z));
}

GzipDeflater::~GzipDeflater() {
    deflateEnd(&m_stream->z);
}

void GzipDeflater::write(std::string_view input, const ByteSink& out) {
    if (m_finished) throw GzipError("gzip stream already finished");
    while (!input.empty()) {
        const std::string_view piece = input.substr(0, kMaxChunk);
        run(piece, Z_NO_FLUSH, out);
        input.remove_prefix(piece.size());
    }
}

void GzipDeflater::finish(const ByteSink& out) {
    if (m_finished) return;
    run({}, Z_FINISH, out);
    m_finished = true;
}

void GzipDeflater::run(std::string_view input, int flush, const ByteSink& out) {
    z_stream& z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(m_buffer.data());
        z.avail_out = static_cast<uInt>(m_buffer.size());
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) throw GzipError(zlibMessage("deflate", rc, z));
        const std::size_t produced = m_buffer.size() - z.avail_out;
        if (produced > 0) out(std::string_view(m_buffer.data(), produced));
        if (flush == Z_FINISH ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out > 0)) break;
    }
}

struct GzipInflater::Stream {
    z_stream z{};
};

GzipInflater::GzipInflater(std::size_t outputBufferSize)
    : m_stream(std::make_unique<Stream>()), m_buffer(outputBufferSize) {
    const int rc = inflateInit2(&m_stream->z, kGzipWindowBits);
    if (rc != Z_OK) throw GzipError(zlibMessage("inflateInit2", rc, m_stream->z));
}

GzipInflater::~GzipInflater() {
    inflateEnd(&m_stream->z);
}

void GzipInflater::write(std::string_view input, const ByteSink& out) {
    z_stream& z = m_stream->z;
    while (!input.empty()) {
        if (m_finished) throw GzipError("unexpected data after the end of the gzip stream");
        const std::string_view piece = input.substr(0, kMaxChunk);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
        z.avail_in = static_cast<uInt>(piece.size());
        while (z.avail_in > 0 && !m_finished) {
            z.next_out = reinterpret_cast<Bytef*>(m_buffer.data() + m_filled);
            z.avail_out = static_cast<uInt>(m_buffer.size() - m_filled);
            const uInt inBefore = z.avail_in;
            const int rc = inflate(&z, Z_NO_FLUSH);
            const bool progressed =
                z.avail_in != inBefore || m_filled != m_buffer.size() - z.avail_out;
            m_filled = m_buffer.size() - z.avail_out;
            if (rc == Z_STREAM_END) {
                m_finished = true;
            } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && progressed)) {
                throw GzipError(zlibMessage("inflate", rc, z));
            }
            if (m_filled == m_buffer.size()) {
                out(std::string_view(m_buffer.data(), m_filled));
                m_filled = 0;
            }
        }
        if (z.avail_in > 0) throw GzipError("unexpected data after the end of the gzip stream");
        input.remove_prefix(piece.size());
    }
}

void GzipInflater::finish(const ByteSink& out) {
    if (m_filled > 0) {
        out(std::string_view(m_buffer.data(), m_filled));
        m_filled = 0;
    }
    if (!m_finished) throw GzipError("gzip stream is truncated (no end marker)");
}

}  // namespace findata::agent
