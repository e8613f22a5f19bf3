#include "agent/util/utf8.h"

namespace findata::agent {

namespace {

// The length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not one.
std::size_t sequenceAt(std::string_view text, std::size_t i) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    const unsigned char c = p[i];
    if (c < 0x80) return 1;
    std::size_t length = 0;
    unsigned min = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4, min = 0x10000;
    }
    if (length == 0 || i + length > n) return 0;
    unsigned code = c & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((p[i + k] & 0xc0) != 0x80) return 0;
        code = (code << 6) | (p[i + k] & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
    return length;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = sequenceAt(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string toValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = sequenceAt(text, i);
        if (length == 1 && text[i] == '\0') {
            ++i;
        } else if (length == 0) {
            out.append("\xef\xbf\xbd");  // U+FFFD
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string displayText(std::string_view text, std::size_t maxBytes) {
    std::string valid = toValidUtf8(text.substr(0, maxBytes + 4));
    if (valid.size() <= maxBytes && text.size() <= maxBytes) return valid;
    // Cut at a character boundary, then say that something was cut.
    std::size_t cut = std::min(maxBytes, valid.size());
    while (cut > 0 && (static_cast<unsigned char>(valid[cut]) & 0xc0) == 0x80)
        --cut;
    valid.resize(cut);
    valid += "\xe2\x80\xa6";  // …
    return valid;
}

}  // namespace findata::agent
