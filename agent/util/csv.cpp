#include "agent/util/csv.h"

namespace findata::agent {

std::string csvField(std::string_view text, char delimiter) {
    if (text.find_first_of(std::string{delimiter, '"', '\r', '\n'}) == std::string_view::npos)
        return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string unescapeTsv(std::string_view field) {
    if (field == "\\N" || field.find('\\') == std::string_view::npos) return std::string(field);
    std::string text;
    text.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            text += field[i];
            continue;
        }
        switch (const char c = field[++i]) {
            case 't':
                text += '\t';
                break;
            case 'n':
                text += '\n';
                break;
            case 'r':
                text += '\r';
                break;
            case 'b':
                text += '\b';
                break;
            case 'f':
                text += '\f';
                break;
            case '0':
                text += '\0';
                break;
            default:
                text += c;  // \\ \' and anything else stand for themselves
        }
    }
    return text;
}

void TsvToCsv::feed(std::string_view chunk, std::string& out) {
    // Escaped, a line end inside a value is "\n" (two characters): every raw '\n' ends a row.
    std::size_t start = 0;
    for (auto end = chunk.find('\n'); end != std::string_view::npos;
         start = end + 1, end = chunk.find('\n', start)) {
        if (m_pending.empty()) {
            line(chunk.substr(start, end - start), out);
        } else {
            m_pending.append(chunk.substr(start, end - start));
            line(m_pending, out);
            m_pending.clear();
        }
    }
    m_pending.append(chunk.substr(start));
}

void TsvToCsv::finish(std::string& out) {
    if (!m_pending.empty()) line(m_pending, out);
    m_pending.clear();
}

void TsvToCsv::line(std::string_view text, std::string& out) {
    std::size_t start = 0;
    for (bool first = true;; first = false) {
        const auto end = text.find('\t', start);
        const auto field =
            text.substr(start, end == std::string_view::npos ? text.npos : end - start);
        if (!first) out += ';';
        if (field != "\\N") out += csvField(unescapeTsv(field));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    out += "\r\n";
}

}  // namespace findata::agent
