#pragma once
// A streaming multipart/form-data reader: bytes go in as they arrive from the socket, in chunks
// of any size; each part's header is announced before its bytes, which go out as soon as they
// cannot be the start of the next boundary. Memory stays bounded by the chunk size plus one
// part header.

#include <optional>
#include <string>
#include <string_view>

#include "agent/api/http.h"

namespace findata::agent {

class MultipartReader final {
public:
    static constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;

    /// The boundary parameter of a multipart/form-data Content-Type; nullopt for another type or
    /// a missing or invalid boundary.
    static std::optional<std::string> boundaryOf(std::string_view contentType);

    explicit MultipartReader(std::string boundary);

    /// Feeds the next bytes of the body. Returns false when a callback asked to stop or the body
    /// is malformed (failed() tells which); bytes after the closing boundary are ignored.
    bool feed(std::string_view bytes, const PartSink& onPart, const ByteSink& sink);
    /// The closing boundary was seen.
    bool done() const { return m_state == State::Done; }
    bool failed() const { return m_state == State::Failed; }

private:
    enum class State { Preamble, AfterBoundary, Headers, Body, Done, Failed };

    std::string m_delimiter;  // "\r\n--" + boundary
    std::string m_pending;
    State m_state = State::Preamble;

    bool fail();
    bool parseHeaders(std::string_view block, const PartSink& onPart);
};

}  // namespace findata::agent
