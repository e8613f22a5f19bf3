#pragma once
// UTF-8 at the agent's edges: what PostgreSQL stores, what JSON can carry, and how much of a
// client's or a file's text is echoed back in a message.

#include <cstddef>
#include <string>
#include <string_view>

namespace findata::agent {

/// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view text);

/// Text PostgreSQL and JSON accept: invalid UTF-8 sequences become U+FFFD, NUL bytes are dropped.
std::string toValidUtf8(std::string_view text);

/// `text` as a message may echo it: valid UTF-8, at most `maxBytes` bytes of it (cut at a
/// character boundary) followed by "…" when it was longer.
std::string displayText(std::string_view text, std::size_t maxBytes = 200);

}  // namespace findata::agent
