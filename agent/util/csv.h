#pragma once
// CSV as the agent writes it for people (exports): `;`-separated, CRLF line ends, a field quoted
// only when it holds the delimiter, a quote or a line break. Plus the converter that turns
// ClickHouse's TabSeparated output into that CSV while it streams.

#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// One field, quoted (with quotes doubled) when it needs to be.
std::string csvField(std::string_view text, char delimiter = ';');

/// One value of ClickHouse's TabSeparated output back to its bytes (\t, \n, \\, …); "\N"
/// (NULL) stays "\N".
std::string unescapeTsv(std::string_view field);

/// Splits a streamed TabSeparated body into lines, also across chunk boundaries. Escaped, a
/// line end inside a value is "\n" (two characters): every raw '\n' ends a row.
class LineSplitter final {
public:
    template <typename F>
    void feed(std::string_view chunk, F&& onLine) {
        while (!chunk.empty()) {
            const auto newline = chunk.find('\n');
            if (newline == std::string_view::npos) {
                m_partial.append(chunk);
                return;
            }
            if (m_partial.empty()) {
                onLine(chunk.substr(0, newline));
            } else {
                m_partial.append(chunk.substr(0, newline));
                onLine(std::string_view(m_partial));
                m_partial.clear();
            }
            chunk.remove_prefix(newline + 1);
        }
    }
    template <typename F>
    void finish(F&& onLine) {
        if (!m_partial.empty()) onLine(std::string_view(m_partial));
        m_partial.clear();
    }

private:
    std::string m_partial;
};

/// A whole TabSeparated answer as rows of unescaped fields (a last line without line end counts).
std::vector<std::vector<std::string>> parseTsv(std::string_view text);

/// Turns TabSeparated text (ClickHouse's escapes, \N for NULL) into CSV, in chunks split
/// anywhere. NULL becomes an empty field.
class TsvToCsv final {
public:
    /// Appends the CSV of every line completed by `chunk` to `out`.
    void feed(std::string_view chunk, std::string& out);
    /// Appends what is left (a last line without a line end).
    void finish(std::string& out);

private:
    static void line(std::string_view text, std::string& out);
    LineSplitter m_lines;
};

}  // namespace findata::agent
