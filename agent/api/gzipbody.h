#pragma once
// A gzip-encoded request body, inflated while it streams in: capped by its decompressed size and
// by its ratio to the compressed bytes (beyond a first allowance), so a small bomb cannot become
// a huge upload.

#include <cstdint>
#include <memory>
#include <string_view>

#include "agent/api/http.h"

namespace findata::agent {

class GzipBody final {
public:
    enum class Result { Ok, Stopped, TooLarge, Corrupt };

    /// maxBytes: the largest decompressed size; maxRatio applies beyond `freeBytes` of output.
    GzipBody(std::uint64_t maxBytes, double maxRatio, std::uint64_t freeBytes = 1u << 20);
    ~GzipBody();
    GzipBody(const GzipBody&) = delete;
    GzipBody& operator=(const GzipBody&) = delete;

    /// Inflates the next compressed bytes into `sink` (Stopped when it returned false).
    Result feed(std::string_view compressed, const ByteSink& sink);
    /// After the last byte: Corrupt unless the gzip stream ended.
    Result finish() const;

    std::uint64_t bytesIn() const { return m_in; }
    std::uint64_t bytesOut() const { return m_out; }

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    std::uint64_t m_maxBytes;
    double m_maxRatio;
    std::uint64_t m_freeBytes;
    std::uint64_t m_in = 0;
    std::uint64_t m_out = 0;
    bool m_ended = false;
};

}  // namespace findata::agent
