#include "agent/util/csv.h"

#include <cctype>

namespace findata::agent {

namespace {

// "-12.50", "+3": numbers start with a sign legitimately and are no formula.
bool isNumber(std::string_view text) {
    std::size_t i = text.empty() || (text[0] != '-' && text[0] != '+') ? 0 : 1;
    bool digits = false;
    bool point = false;
    for (; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
            digits = true;
        } else if (text[i] == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    return digits;
}

}  // namespace

bool looksLikeFormula(std::string_view text) {
    if (text.empty()) return false;
    const char first = text[0];
    if (first != '=' && first != '+' && first != '-' && first != '@' && first != '\t' &&
        first != '\r')
        return false;
    return !isNumber(text);
}

std::string csvField(std::string_view text, char delimiter, CsvCells cells) {
    const bool formula = cells == CsvCells::Neutralised && looksLikeFormula(text);
    if (!formula &&
        text.find_first_of(std::string{delimiter, '"', '\r', '\n'}) == std::string_view::npos)
        return std::string(text);
    // A spreadsheet runs a cell starting with = + - @ as a formula; a leading apostrophe makes
    // it text (OWASP's advice for CSV injection).
    std::string quoted = formula ? "\"'" : "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string unescapeTsv(std::string_view field) {
    if (field == "\\N") return std::string(field);
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        const char c = field[i];
        if (c != '\\' || i + 1 == field.size()) {
            out += c;
            continue;
        }
        switch (const char e = field[++i]) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case '0':
                out += '\0';
                break;
            case 'a':
                out += '\a';
                break;
            case 'v':
                out += '\v';
                break;
            default:
                out += e;  // \\, \' and anything else stand for themselves
        }
    }
    return out;
}

std::vector<std::vector<std::string>> parseTsv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    const auto onLine = [&rows](std::string_view line) {
        auto& row = rows.emplace_back();
        for (std::size_t from = 0;;) {
            const auto tab = line.find('\t', from);
            row.push_back(
                unescapeTsv(line.substr(from, tab == line.npos ? line.npos : tab - from)));
            if (tab == line.npos) break;
            from = tab + 1;
        }
    };
    LineSplitter lines;
    lines.feed(text, onLine);
    lines.finish(onLine);
    return rows;
}

void TsvToCsv::feed(std::string_view chunk, std::string& out) {
    m_lines.feed(chunk, [this, &out](std::string_view text) { line(text, m_cells, out); });
}

void TsvToCsv::finish(std::string& out) {
    m_lines.finish([this, &out](std::string_view text) { line(text, m_cells, out); });
}

void TsvToCsv::line(std::string_view text, CsvCells cells, std::string& out) {
    std::size_t start = 0;
    for (bool first = true;; first = false) {
        const auto end = text.find('\t', start);
        const auto field =
            text.substr(start, end == std::string_view::npos ? text.npos : end - start);
        if (!first) out += ';';
        if (field != "\\N") out += csvField(unescapeTsv(field), ';', cells);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    out += "\r\n";
}

}  // namespace findata::agent
