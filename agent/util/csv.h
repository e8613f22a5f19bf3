#pragma once
// CSV as the agent writes it for people (exports): `;`-separated, CRLF line ends, a field quoted
// only when it holds the delimiter, a quote or a line break. Plus the converter that turns
// ClickHouse's TabSeparated output into that CSV while it streams.

#include <string>
#include <string_view>

namespace findata::agent {

/// One field, quoted (with quotes doubled) when it needs to be.
std::string csvField(std::string_view text, char delimiter = ';');

/// A TabSeparated field without its escapes (\t, \n, \\, …); "\N" stays "\N".
std::string unescapeTsv(std::string_view field);

/// Turns TabSeparated text (ClickHouse's escapes, \N for NULL) into CSV, in chunks split
/// anywhere. NULL becomes an empty field.
class TsvToCsv final {
public:
    /// Appends the CSV of every line completed by `chunk` to `out`.
    void feed(std::string_view chunk, std::string& out);
    /// Appends what is left (a last line without a line end).
    void finish(std::string& out);

private:
    void line(std::string_view text, std::string& out);
    std::string m_pending;
};

}  // namespace findata::agent
