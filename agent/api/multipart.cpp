#include "agent/api/multipart.h"

#include <algorithm>
#include <cctype>

namespace findata::agent {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// The value of `name` among "; key=value" or "; key="value"" parameters after a header's value.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
    std::size_t pos = header.find(';');
    while (pos != std::string_view::npos && pos < header.size()) {
        ++pos;
        const auto eq = header.find('=', pos);
        if (eq == std::string_view::npos) return std::nullopt;
        const std::string key = lower(trim(header.substr(pos, eq - pos)));
        std::size_t valueStart = eq + 1;
        while (valueStart < header.size() && header[valueStart] == ' ')
            ++valueStart;
        std::string value;
        std::size_t next = valueStart;
        if (valueStart < header.size() && header[valueStart] == '"') {
            next = valueStart + 1;
            while (next < header.size() && header[next] != '"') {
                if (header[next] == '\\' && next + 1 < header.size()) ++next;
                value.push_back(header[next++]);
            }
            next = header.find(';', next);
        } else {
            next = header.find(';', valueStart);
            value = std::string(trim(header.substr(valueStart, next == std::string_view::npos
                                                                   ? std::string_view::npos
                                                                   : next - valueStart)));
        }
        if (key == name) return value;
        pos = next;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> MultipartReader::boundaryOf(std::string_view contentType) {
    const auto semicolon = contentType.find(';');
    if (lower(trim(contentType.substr(0, semicolon))) != "multipart/form-data") return std::nullopt;
    auto boundary = parameter(contentType, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
    return boundary;
}

MultipartReader::MultipartReader(std::string boundary)
    : m_delimiter("\r\n--" + boundary), m_pending("\r\n") {}

bool MultipartReader::fail() {
    m_state = State::Failed;
    m_pending.clear();
    return false;
}

bool MultipartReader::parseHeaders(std::string_view block, const PartSink& onPart) {
    BodyPart part;
    bool disposition = false;
    while (!block.empty()) {
        const auto end = block.find("\r\n");
        const auto line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return fail();
        const std::string name = lower(trim(line.substr(0, colon)));
        const auto value = trim(line.substr(colon + 1));
        if (name == "content-disposition") {
            if (lower(trim(value.substr(0, value.find(';')))) != "form-data") return fail();
            disposition = true;
            part.name = parameter(value, "name").value_or("");
            part.filename = parameter(value, "filename").value_or("");
        } else if (name == "content-type") {
            part.contentType = std::string(value);
        }
    }
    if (!disposition) return fail();
    return onPart(part);
}

bool MultipartReader::feed(std::string_view bytes, const PartSink& onPart, const ByteSink& sink) {
    if (m_state == State::Failed) return false;
    if (m_state == State::Done) return true;
    m_pending.append(bytes);
    for (;;) {
        switch (m_state) {
            case State::Preamble: {
                const auto at = m_pending.find(m_delimiter);
                if (at == std::string::npos) {
                    // Keep what may be the delimiter's start; the preamble itself is dropped.
                    if (m_pending.size() >= m_delimiter.size())
                        m_pending.erase(0, m_pending.size() - (m_delimiter.size() - 1));
                    return true;
                }
                m_pending.erase(0, at + m_delimiter.size());
                m_state = State::AfterBoundary;
                break;
            }
            case State::AfterBoundary: {
                // Optional transport padding (spaces, tabs), then CRLF or the closing "--".
                std::size_t i = 0;
                while (i < m_pending.size() && (m_pending[i] == ' ' || m_pending[i] == '\t'))
                    ++i;
                if (i > 256) return fail();
                if (m_pending.size() < i + 2) return true;
                if (m_pending.compare(i, 2, "--") == 0) {
                    m_state = State::Done;
                    m_pending.clear();
                    return true;
                }
                if (m_pending.compare(i, 2, "\r\n") != 0) return fail();
                m_pending.erase(0, i + 2);
                m_state = State::Headers;
                break;
            }
            case State::Headers: {
                std::size_t end = 0;
                std::size_t skip = 0;
                if (m_pending.size() >= 2 && m_pending.compare(0, 2, "\r\n") == 0) {
                    end = 0;  // no header lines at all
                    skip = 2;
                } else {
                    end = m_pending.find("\r\n\r\n");
                    if (end == std::string::npos) {
                        if (m_pending.size() > kMaxPartHeaderBytes) return fail();
                        return true;
                    }
                    skip = end + 4;
                }
                if (end > kMaxPartHeaderBytes) return fail();
                const std::string block = m_pending.substr(0, end);
                m_pending.erase(0, skip);
                m_state = State::Body;
                if (!parseHeaders(block, onPart)) return false;
                break;
            }
            case State::Body: {
                const auto at = m_pending.find(m_delimiter);
                if (at == std::string::npos) {
                    if (m_pending.size() >= m_delimiter.size()) {
                        const auto safe = m_pending.size() - (m_delimiter.size() - 1);
                        const bool go = sink(std::string_view(m_pending).substr(0, safe));
                        m_pending.erase(0, safe);
                        if (!go) return false;
                    }
                    return true;
                }
                const bool go = at == 0 || sink(std::string_view(m_pending).substr(0, at));
                m_pending.erase(0, at + m_delimiter.size());
                m_state = State::AfterBoundary;
                if (!go) return false;
                break;
            }
            case State::Done:
                m_pending.clear();
                return true;
            case State::Failed:
                return false;
        }
    }
}

}  // namespace findata::agent
