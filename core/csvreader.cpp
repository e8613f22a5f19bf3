#include "core/csvreader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace findata::core {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kUnterminatedQuote = "unterminated quoted field";
constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// Removes the quoting of one raw field: "" inside quotes is one quote; text after the closing
// quote is kept literally (lenient, like most spreadsheet exports expect).
void appendDecoded(std::string_view raw, std::string& out) {
    std::size_t i = 0;
    bool inQuotes = false;
    if (!raw.empty() && raw.front() == '"') {
        inQuotes = true;
        i = 1;
    }
    while (i < raw.size()) {
        const char c = raw[i];
        if (inQuotes && c == '"') {
            if (i + 1 < raw.size() && raw[i + 1] == '"') {
                out.push_back('"');
                i += 2;
            } else {
                inQuotes = false;
                ++i;
            }
            continue;
        }
        out.push_back(c);
        ++i;
    }
}

// Splits one quote-free line at the delimiter. 16 bytes are compared at a time and the
// delimiters taken from the match mask, so the work per field has no data-dependent branch.
void splitLine(const char* p, const char* const end, char delimiter,
               std::vector<std::string_view>& fields) {
    const char* fieldStart = p;
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8(delimiter);
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)));
        while (mask != 0) {
            const char* at = p + __builtin_ctz(mask);
            fields.emplace_back(fieldStart, static_cast<std::size_t>(at - fieldStart));
            fieldStart = at + 1;
            mask &= mask - 1;
        }
    }
#endif
    for (; p != end; ++p) {
        if (*p == delimiter) {
            fields.emplace_back(fieldStart, static_cast<std::size_t>(p - fieldStart));
            fieldStart = p + 1;
        }
    }
    fields.emplace_back(fieldStart, static_cast<std::size_t>(end - fieldStart));
}

// Finds the end of the line starting at `p` and splits it at the delimiter in the same pass:
// 16 bytes are compared with the line feed, the quote and the delimiter at a time. Returns the
// line feed, with the fields of the line (a '\r' before the line feed excluded) appended; or
// nullptr when a quote comes before the line feed or the data ends first (the caller then takes
// the quote-aware path). The delimiter must not be '\n', '\r' or '"'.
const char* scanLine(const char* p, const char* const end, char delimiter,
                     std::vector<std::string_view>& fields) {
    const char* fieldStart = p;
#if defined(__SSE2__)
    const __m128i lineFeeds = _mm_set1_epi8('\n');
    const __m128i quotes = _mm_set1_epi8('"');
    const __m128i delimiters = _mm_set1_epi8(delimiter);
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const auto newline =
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, lineFeeds)));
        const auto quote = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quotes)));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delimiters)));
        unsigned limit = 16;  // bytes of this block that belong to the line
        if ((newline | quote) != 0) {
            limit = newline != 0 ? static_cast<unsigned>(__builtin_ctz(newline)) : 16;
            if (quote != 0 && static_cast<unsigned>(__builtin_ctz(quote)) < limit) return nullptr;
            mask &= (1u << limit) - 1;
        }
        while (mask != 0) {
            const char* at = p + __builtin_ctz(mask);
            fields.emplace_back(fieldStart, static_cast<std::size_t>(at - fieldStart));
            fieldStart = at + 1;
            mask &= mask - 1;
        }
        if (limit < 16) {
            p += limit;
            const char* lineEnd = (p > fieldStart && p[-1] == '\r') ? p - 1 : p;
            fields.emplace_back(fieldStart, static_cast<std::size_t>(lineEnd - fieldStart));
            return p;
        }
    }
#endif
    for (; p != end; ++p) {
        const char c = *p;
        if (c == '\n') {
            const char* lineEnd = (p > fieldStart && p[-1] == '\r') ? p - 1 : p;
            fields.emplace_back(fieldStart, static_cast<std::size_t>(lineEnd - fieldStart));
            return p;
        }
        if (c == '"') return nullptr;
        if (c == delimiter) {
            fields.emplace_back(fieldStart, static_cast<std::size_t>(p - fieldStart));
            fieldStart = p + 1;
        }
    }
    return nullptr;
}

}  // namespace

CsvReader::CsvReader(char delimiter) : m_delimiter(delimiter) {}

void CsvReader::feed(std::string_view chunk, const Sink& sink) {
    m_bytesRead += chunk.size();
    if (m_bomChecked && m_delimiter != 0) {
        parse(chunk, sink);
        return;
    }
    m_prefix.append(chunk);
    if (!releasePrefix(false)) return;
    const std::string held = std::move(m_prefix);
    m_prefix.clear();
    parse(held, sink);
}

void CsvReader::finish(const Sink& sink) {
    if (!m_bomChecked || m_delimiter == 0) {
        releasePrefix(true);
        const std::string held = std::move(m_prefix);
        m_prefix.clear();
        parse(held, sink);
    }
    if (!m_buffer.empty()) {
        completeRecord(m_buffer, sink);
        m_buffer.clear();
    }
}

// The start of the stream is held back until the BOM question is settled and, when detecting,
// the first non-blank line (the header) is complete. Returns true once both are known.
bool CsvReader::releasePrefix(bool atEnd) {
    if (!m_bomChecked) {
        if (!atEnd && m_prefix.size() < kBom.size() && kBom.starts_with(m_prefix)) return false;
        if (std::string_view(m_prefix).starts_with(kBom)) m_prefix.erase(0, kBom.size());
        m_bomChecked = true;
    }
    if (m_delimiter != 0) return true;
    const std::string_view text = m_prefix;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t newline = text.find('\n', pos);
        if (newline == std::string_view::npos && !atEnd) return false;
        std::string_view line = text.substr(
            pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() || newline == std::string_view::npos) {
            m_delimiter = detectDelimiter(line);
            return true;
        }
        pos = newline + 1;
    }
}

void CsvReader::parse(std::string_view data, const Sink& sink) {
    const char* p = data.data();
    const char* const end = p + data.size();

    // Finish the record left over from the previous chunk without rescanning its bytes.
    if (!m_buffer.empty()) {
        const std::size_t newline = advance(p, data.size(), m_buffer.size());
        if (newline == kNotFound) {
            m_buffer.append(data);
            return;
        }
        m_buffer.append(p, newline);
        completeRecord(m_buffer, sink);
        m_buffer.clear();
        p += newline + 1;
    }

    const char delimiter = m_delimiter;
    const bool fused = delimiter != '\n' && delimiter != '\r' && delimiter != '"';
    while (p < end) {
        if (fused) {
            // Fast path: a complete line without quotes is found and split in one pass.
            m_fields.clear();
            if (const char* newline = scanLine(p, end, delimiter, m_fields)) {
                const char* lineEnd = (newline > p && newline[-1] == '\r') ? newline - 1 : newline;
                if (lineEnd != p) {  // else a blank line
                    CsvRecord record;
                    record.fields = m_fields;
                    record.line = m_line;
                    record.raw = std::string_view(p, lineEnd - p);
                    sink(record);
                }
                ++m_line;
                p = newline + 1;
                continue;
            }
            // A quote before the line feed, or the data ends first: the general path below.
        }
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
        if (newline != nullptr) {
            const char* lineEnd = (newline > p && newline[-1] == '\r') ? newline - 1 : newline;
            if (lineEnd == p) {  // blank line
                ++m_line;
                p = newline + 1;
                continue;
            }
            // Fast path: a complete line without quotes is split in place, no state machine.
            if (std::memchr(p, '"', lineEnd - p) == nullptr) {
                m_fields.clear();
                splitLine(p, lineEnd, delimiter, m_fields);
                CsvRecord record;
                record.fields = m_fields;
                record.line = m_line;
                record.raw = std::string_view(p, lineEnd - p);
                sink(record);
                ++m_line;
                p = newline + 1;
                continue;
            }
        }
        resetRecord();
        const std::size_t length = advance(p, end - p, 0);
        if (length == kNotFound) {
            m_buffer.assign(p, end - p);  // the only copy: the tail of one record
            return;
        }
        completeRecord(std::string_view(p, length), sink);
        p += length + 1;
    }
}

void CsvReader::resetRecord() {
    m_state = State::FieldStart;
    m_fieldDecode = false;
    m_spans.clear();
}

// Runs the quote-aware state machine over `data`, whose first byte is at record offset `base`.
// Returns the index in `data` of the line feed that ends the record, or kNotFound.
std::size_t CsvReader::advance(const char* data, std::size_t size, std::size_t base) {
    const char delimiter = m_delimiter;
    State state = m_state;
    std::size_t i = 0;
    std::size_t found = kNotFound;
    while (i < size && found == kNotFound) {
        switch (state) {
            case State::FieldStart:
                m_fieldStart = base + i;
                m_fieldDecode = false;
                if (data[i] == '"') {
                    state = State::Quoted;
                    ++i;
                } else {
                    state = State::Unquoted;  // re-examine this byte as field text
                }
                break;
            case State::Unquoted:
            case State::AfterQuote:
                while (i < size && data[i] != delimiter && data[i] != '\n')
                    ++i;
                if (i == size) break;
                if (data[i] == '\n') {
                    found = i;
                    break;
                }
                m_spans.push_back({m_fieldStart, base + i, state == State::AfterQuote});
                state = State::FieldStart;
                ++i;
                break;
            case State::Quoted: {
                const auto* quote = static_cast<const char*>(std::memchr(data + i, '"', size - i));
                if (quote == nullptr) {
                    i = size;
                    break;
                }
                i = static_cast<std::size_t>(quote - data) + 1;
                state = State::QuoteSeen;
                break;
            }
            case State::QuoteSeen: {
                const char c = data[i];
                if (c == '"') {  // "" inside quotes
                    m_fieldDecode = true;
                    state = State::Quoted;
                } else if (c == delimiter) {
                    if (m_fieldDecode) {
                        m_spans.push_back({m_fieldStart, base + i, true});
                    } else {
                        m_spans.push_back({m_fieldStart + 1, base + i - 1, false});
                    }
                    state = State::FieldStart;
                } else if (c == '\n') {
                    found = i;
                    break;
                } else {  // text after the closing quote: kept literally
                    m_fieldDecode = true;
                    state = State::AfterQuote;
                }
                ++i;
                break;
            }
        }
    }
    m_state = state;
    return found;
}

// Closes the last field of `text` (a whole record, terminator excluded) and delivers it.
void CsvReader::completeRecord(std::string_view text, const Sink& sink) {
    std::size_t rawEnd = text.size();
    std::string_view error;
    switch (m_state) {
        case State::FieldStart:  // end of stream right after a delimiter
            m_spans.push_back({rawEnd, rawEnd, false});
            break;
        case State::Unquoted:
        case State::AfterQuote:
            if (rawEnd > m_fieldStart && text[rawEnd - 1] == '\r') --rawEnd;
            m_spans.push_back({m_fieldStart, rawEnd, m_state == State::AfterQuote});
            break;
        case State::Quoted:  // only reachable at the end of the stream
            error = kUnterminatedQuote;
            m_spans.push_back({m_fieldStart, rawEnd, true});
            break;
        case State::QuoteSeen:
            if (m_fieldDecode) {
                m_spans.push_back({m_fieldStart, rawEnd, true});
            } else {
                m_spans.push_back({m_fieldStart + 1, rawEnd - 1, false});
            }
            break;
    }
    const auto embeddedLines =
        static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
    if (rawEnd == 0) {  // blank line (possibly "\r" only)
        m_line += 1;
        resetRecord();
        return;
    }

    // Decode first, then take views: the scratch buffer must not grow while views point into it.
    m_scratch.clear();
    for (FieldSpan& span : m_spans) {
        if (!span.decode) continue;
        const std::size_t at = m_scratch.size();
        appendDecoded(text.substr(span.begin, span.end - span.begin), m_scratch);
        span.begin = at;
        span.end = m_scratch.size();
    }
    const std::string_view scratch = m_scratch;
    m_fields.clear();
    for (const FieldSpan& span : m_spans) {
        const std::string_view source = span.decode ? scratch : text;
        m_fields.push_back(source.substr(span.begin, span.end - span.begin));
    }

    CsvRecord record;
    record.fields = m_fields;
    record.line = m_line;
    record.raw = text.substr(0, rawEnd);
    record.error = error;
    sink(record);
    m_line += 1 + embeddedLines;
    resetRecord();
}

char detectDelimiter(std::string_view headerLine) {
    std::size_t semicolons = 0;
    std::size_t commas = 0;
    std::size_t tabs = 0;
    bool inQuotes = false;
    for (const char c : headerLine) {
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes) {
            semicolons += c == ';';
            commas += c == ',';
            tabs += c == '\t';
        }
    }
    if (commas > semicolons && commas > tabs) return ',';
    if (tabs > semicolons && tabs > commas) return '\t';
    return ';';
}

}  // namespace findata::core
