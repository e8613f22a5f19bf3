#pragma once
// CSV as the agent writes it for people (exports): `;`-separated, CRLF line ends, a field quoted
// only when it holds the delimiter, a quote or a line break, and a cell a spreadsheet would run
// as a formula (=, +, -, @, tab, CR first; not a signed number) neutralised with a leading '. Plus
// the converter that turns ClickHouse's TabSeparated output into that CSV while it streams.

#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Whether cells that look like spreadsheet formulas are neutralised (the default, for people)
/// or kept byte for byte (for machine consumers that asked for it).
enum class CsvCells { Neutralised, Raw };

/// Whether a spreadsheet would evaluate `text` as a formula: it starts with =, +, -, @, tab or
/// CR and is not a (signed) number.
bool looksLikeFormula(std::string_view text);

/// One field, quoted (with quotes doubled) when it needs to be; a formula-like cell becomes
/// "'…" unless `cells` is Raw.
std::string csvField(std::string_view text, char delimiter = ';',
                     CsvCells cells = CsvCells::Neutralised);

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
    explicit TsvToCsv(CsvCells cells = CsvCells::Neutralised) : m_cells(cells) {}
    /// Appends the CSV of every line completed by `chunk` to `out`.
    void feed(std::string_view chunk, std::string& out);
    /// Appends what is left (a last line without a line end).
    void finish(std::string& out);

private:
    static void line(std::string_view text, CsvCells cells, std::string& out);
    CsvCells m_cells;
    LineSplitter m_lines;
};

}  // namespace findata::agent
