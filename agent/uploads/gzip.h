#pragma once
// Streaming gzip (RFC 1952) over zlib: data goes in in pieces of any size and comes out in pieces
// of at most the output buffer's size, so memory never depends on the stream's length.

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace findata::agent {

/// zlib refused a stream: corrupt or truncated input, or an internal zlib failure.
class GzipError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Receives consecutive pieces of output; each view is valid only during the call.
using ByteSink = std::function<void(std::string_view)>;

/// Compresses one gzip member.
class GzipDeflater final {
public:
    /// level: 1 (fastest, what uploads use) … 9 (smallest).
    explicit GzipDeflater(int level = 1, std::size_t outputBufferSize = 256 * 1024);
    ~GzipDeflater();
    GzipDeflater(const GzipDeflater&) = delete;
    GzipDeflater& operator=(const GzipDeflater&) = delete;

    /// Compresses `input`; calls `out` whenever the output buffer fills up.
    void write(std::string_view input, const ByteSink& out);
    /// Flushes everything left and writes the gzip trailer; write() is not allowed afterwards.
    void finish(const ByteSink& out);

private:
    void run(std::string_view input, int flush, const ByteSink& out);

    struct Stream;
    std::unique_ptr<Stream> m_stream;
    std::vector<char> m_buffer;
    bool m_finished = false;
};

/// Decompresses one gzip member and checks its CRC-32 and length trailer.
class GzipInflater final {
public:
    explicit GzipInflater(std::size_t outputBufferSize = 1024 * 1024);
    ~GzipInflater();
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    /// Decompresses `input`; calls `out` each time the output buffer is full, so the pieces are
    /// of even size whatever the input's. Throws GzipError for corrupt data or bytes after the end.
    void write(std::string_view input, const ByteSink& out);
    /// Hands over what is left in the buffer; throws GzipError when the trailer was never reached
    /// (a truncated stream).
    void finish(const ByteSink& out);
    /// Whether the whole member, trailer included, has been read.
    bool finished() const { return m_finished; }

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    std::vector<char> m_buffer;
    std::size_t m_filled = 0;
    bool m_finished = false;
};

}  // namespace findata::agent
