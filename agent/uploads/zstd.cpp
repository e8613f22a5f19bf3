#include "agent/uploads/zstd.h"

#include <zstd.h>

#include <string>

namespace findata::agent {

namespace {

void check(std::size_t rc, const char* what) {
    if (ZSTD_isError(rc)) throw ZstdError(std::string(what) + ": " + ZSTD_getErrorName(rc));
}

}  // namespace

struct ZstdCompressor::Context {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ~Context() { ZSTD_freeCCtx(cctx); }
};

ZstdCompressor::ZstdCompressor(int level, std::size_t outputBufferSize)
    : m_context(std::make_unique<Context>()), m_buffer(outputBufferSize) {
    if (m_context->cctx == nullptr) throw ZstdError("zstd: cannot create a compression context");
    check(ZSTD_CCtx_setParameter(m_context->cctx, ZSTD_c_compressionLevel, level),
          "zstd compression level");
    check(ZSTD_CCtx_setParameter(m_context->cctx, ZSTD_c_checksumFlag, 1), "zstd checksum flag");
}

ZstdCompressor::~ZstdCompressor() = default;

void ZstdCompressor::write(std::string_view input, const ByteSink& out) {
    if (m_finished) throw std::logic_error("ZstdCompressor::write after finish");
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    while (in.pos < in.size) {
        ZSTD_outBuffer o{m_buffer.data(), m_buffer.size(), 0};
        check(ZSTD_compressStream2(m_context->cctx, &o, &in, ZSTD_e_continue), "zstd compress");
        if (o.pos > 0) out(std::string_view(m_buffer.data(), o.pos));
    }
}

void ZstdCompressor::finish(const ByteSink& out) {
    if (m_finished) throw std::logic_error("ZstdCompressor::finish called twice");
    m_finished = true;
    ZSTD_inBuffer in{nullptr, 0, 0};
    for (;;) {
        ZSTD_outBuffer o{m_buffer.data(), m_buffer.size(), 0};
        const std::size_t left = ZSTD_compressStream2(m_context->cctx, &o, &in, ZSTD_e_end);
        check(left, "zstd end of frame");
        if (o.pos > 0) out(std::string_view(m_buffer.data(), o.pos));
        if (left == 0) return;
    }
}

struct ZstdDecompressor::Context {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Context() { ZSTD_freeDCtx(dctx); }
};

ZstdDecompressor::ZstdDecompressor(std::size_t outputBufferSize)
    : m_context(std::make_unique<Context>()), m_buffer(outputBufferSize) {
    if (m_context->dctx == nullptr) throw ZstdError("zstd: cannot create a decompression context");
}

ZstdDecompressor::~ZstdDecompressor() = default;

void ZstdDecompressor::write(std::string_view input, const ByteSink& out) {
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    while (in.pos < in.size) {
        if (m_frameDone) throw ZstdError("data after the end of the zstd frame");
        ZSTD_outBuffer o{m_buffer.data(), m_buffer.size(), m_filled};
        const std::size_t rc = ZSTD_decompressStream(m_context->dctx, &o, &in);
        check(rc, "zstd");
        m_filled = o.pos;
        if (rc == 0) m_frameDone = true;  // frame complete, checksum verified
        if (m_filled == m_buffer.size()) {
            out(std::string_view(m_buffer.data(), m_filled));
            m_filled = 0;
        }
    }
    // The decoder may still hold output of the input it has consumed (a full buffer).
    while (!m_frameDone) {
        ZSTD_inBuffer none{nullptr, 0, 0};
        ZSTD_outBuffer o{m_buffer.data(), m_buffer.size(), m_filled};
        const std::size_t rc = ZSTD_decompressStream(m_context->dctx, &o, &none);
        check(rc, "zstd");
        const bool progressed = o.pos > m_filled;
        m_filled = o.pos;
        if (rc == 0) m_frameDone = true;
        if (m_filled == m_buffer.size()) {
            out(std::string_view(m_buffer.data(), m_filled));
            m_filled = 0;
        } else if (!progressed) {
            break;
        }
    }
}

void ZstdDecompressor::finish(const ByteSink& out) {
    if (m_filled > 0) out(std::string_view(m_buffer.data(), m_filled));
    m_filled = 0;
    if (!m_frameDone) throw ZstdError("the zstd frame is truncated");
}

bool isZstdFrame(std::string_view start) {
    return start.size() >= 4 && static_cast<unsigned char>(start[0]) == 0x28 &&
           static_cast<unsigned char>(start[1]) == 0xB5 &&
           static_cast<unsigned char>(start[2]) == 0x2F &&
           static_cast<unsigned char>(start[3]) == 0xFD;
}

}  // namespace findata::agent
