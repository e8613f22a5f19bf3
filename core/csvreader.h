#pragma once
// Streaming reader for delimited text: bytes go in as chunks of any size, records come out.
// Memory is bounded by the longest record, never by the file.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace findata::core {

/// One record as the reader saw it. Views are valid only during the sink call.
struct CsvRecord {
    std::span<const std::string_view> fields;  // unquoted field texts (quotes removed, "" → ")
    std::uint64_t line = 0;  // 1-based physical line where the record starts (header is line 1)
    std::string_view raw;    // the record's exact text, without its line terminator
    std::string_view error;  // empty, or why the record is malformed ("unterminated quoted field")
};

class CsvReader final {
public:
    using Sink = std::function<void(const CsvRecord&)>;

    /// delimiter 0 means: detect it from the header line (';' unless ',' or '\t' dominate there).
    explicit CsvReader(char delimiter = 0);

    /// Parses as many complete records as `chunk` completes; keeps the unfinished tail.
    /// A UTF-8 BOM at the start of the stream is skipped. Lines are LF or CRLF terminated;
    /// quoted fields (RFC 4180) may contain delimiters, "" and line breaks. Blank lines are skipped
    /// (they still count for line numbers). The header is delivered as the first record.
    void feed(std::string_view chunk, const Sink& sink);

    /// Delivers the last record when the stream did not end with a line break. An open quote at
    /// the end of the stream yields a record with `error` set.
    void finish(const Sink& sink);

    /// The delimiter in use (detected after the header line has been seen).
    char delimiter() const { return m_delimiter; }

    /// Total bytes fed so far.
    std::uint64_t bytesRead() const { return m_bytesRead; }

private:
    // Parser position inside the current field; survives between feed() calls.
    enum class State : std::uint8_t { FieldStart, Unquoted, Quoted, QuoteSeen, AfterQuote };
    // A field as offsets into the record text; `decode` when quotes must be removed first.
    struct FieldSpan {
        std::size_t begin;
        std::size_t end;
        bool decode;
    };

    bool releasePrefix(bool atEnd);
    void parse(std::string_view data, const Sink& sink);
    void resetRecord();
    std::size_t advance(const char* data, std::size_t size, std::size_t base);
    void completeRecord(std::string_view text, const Sink& sink);

    char m_delimiter;
    bool m_bomChecked = false;
    std::uint64_t m_bytesRead = 0;
    std::uint64_t m_line = 1;  // physical line number where the next record starts
    std::string m_prefix;      // stream start, held back until the BOM and delimiter are known
    std::string m_buffer;      // bytes of the one record that spans chunks
    State m_state = State::FieldStart;
    std::size_t m_fieldStart = 0;  // record-relative offset of the current field
    bool m_fieldDecode = false;
    std::vector<FieldSpan> m_spans;  // fields of the record being assembled by advance()
    std::string m_scratch;           // decoded texts of quoted fields with "" or trailing text
    std::vector<std::string_view> m_fields;
};

/// Picks the delimiter of a header line: the most frequent of ';', ',', '\t' outside quotes,
/// ';' on ties or when none occurs.
char detectDelimiter(std::string_view headerLine);

}  // namespace findata::core
