#pragma once
// Small text helpers shared by the parsers: ASCII only, no locale, no allocation.

#include <string_view>

namespace findata::core {

inline bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
inline bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

/// The text without leading and trailing spaces, tabs and carriage returns.
inline std::string_view trimBlanks(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isBlank(text[begin]))
        ++begin;
    while (end > begin && isBlank(text[end - 1]))
        --end;
    return text.substr(begin, end - begin);
}

/// ASCII case-insensitive equality (other bytes must match exactly).
inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
        if (x != y) return false;
    }
    return true;
}

}  // namespace findata::core
