#pragma once
// Streaming zstd (RFC 8878) over libzstd, the format staged uploads are written in: data goes in
// in pieces of any size and comes out in pieces of at most the output buffer's size, so memory
// never depends on the stream's length. Shares ByteSink with gzip.h.

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "agent/uploads/gzip.h"

namespace findata::agent {

/// libzstd refused a stream: corrupt or truncated input, or an internal failure.
class ZstdError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Compresses one zstd frame with its content checksum.
class ZstdCompressor final {
public:
    /// level: negative = faster than 1 ("--fast"), 1 … 19 = smaller.
    explicit ZstdCompressor(int level = 1, std::size_t outputBufferSize = 1024 * 1024);
    ~ZstdCompressor();
    ZstdCompressor(const ZstdCompressor&) = delete;
    ZstdCompressor& operator=(const ZstdCompressor&) = delete;

    /// Compresses `input`; calls `out` whenever the output buffer fills up.
    void write(std::string_view input, const ByteSink& out);
    /// Ends the frame and hands over everything left; write() is not allowed afterwards.
    void finish(const ByteSink& out);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    std::vector<char> m_buffer;
    bool m_finished = false;
};

/// Decompresses one zstd frame and checks its content checksum.
class ZstdDecompressor final {
public:
    explicit ZstdDecompressor(std::size_t outputBufferSize = 1024 * 1024);
    ~ZstdDecompressor();
    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    /// Decompresses `input`; calls `out` each time the output buffer is full. Throws ZstdError
    /// for corrupt data or bytes after the end of the frame.
    void write(std::string_view input, const ByteSink& out);
    /// Hands over what is left; throws ZstdError when the frame never ended (a truncated file).
    void finish(const ByteSink& out);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    std::vector<char> m_buffer;
    std::size_t m_filled = 0;
    bool m_frameDone = false;
};

/// Whether `start` (the first bytes of a file) begins a zstd frame.
bool isZstdFrame(std::string_view start);

}  // namespace findata::agent
