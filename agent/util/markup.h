#pragma once
// Escaping text for HTML and XML: the evidence page, the period report and the embedded
// ClickHouse's configuration files all put untrusted or arbitrary text into markup.

#include <string>
#include <string_view>

namespace findata::agent {

/// `text` with &, <, >, " and ' replaced by character references (valid in HTML and XML text
/// and attribute values alike).
std::string htmlEscape(std::string_view text);

}  // namespace findata::agent
