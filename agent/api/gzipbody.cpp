#include "agent/api/gzipbody.h"

#include <zlib.h>

#include <array>

namespace findata::agent {

struct GzipBody::Stream {
    z_stream z{};
    bool ready = false;
    Stream() { ready = inflateInit2(&z, 16 + MAX_WBITS) == Z_OK; }
    ~Stream() {
        if (ready) inflateEnd(&z);
    }
};

GzipBody::GzipBody(std::uint64_t maxBytes, double maxRatio, std::uint64_t freeBytes)
    : m_stream(std::make_unique<Stream>()),
      m_maxBytes(maxBytes),
      m_maxRatio(maxRatio),
      m_freeBytes(freeBytes) {}

GzipBody::~GzipBody() = default;

GzipBody::Result GzipBody::feed(std::string_view compressed, const ByteSink& sink) {
    if (!m_stream->ready) return Result::Corrupt;
    m_in += compressed.size();
    auto& z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    std::array<char, 64 * 1024> out;
    while (z.avail_in > 0 && !m_ended) {
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return Result::Corrupt;
        const std::size_t produced = out.size() - z.avail_out;
        m_out += produced;
        if (m_out > m_maxBytes) return Result::TooLarge;
        if (m_out > m_freeBytes &&
            static_cast<double>(m_out - m_freeBytes) > m_maxRatio * static_cast<double>(m_in))
            return Result::TooLarge;
        if (produced > 0 && !sink(std::string_view(out.data(), produced))) return Result::Stopped;
        if (rc == Z_STREAM_END) m_ended = true;
        if (rc == Z_BUF_ERROR && produced == 0) break;
    }
    // Bytes after the end of the gzip stream: refuse rather than guess (a second member).
    if (m_ended && z.avail_in > 0) return Result::Corrupt;
    return Result::Ok;
}

GzipBody::Result GzipBody::finish() const {
    return m_ended ? Result::Ok : Result::Corrupt;
}

}  // namespace findata::agent
