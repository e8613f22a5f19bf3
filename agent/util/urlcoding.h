#pragma once
// Percent-decoding of URL components, shared by the API server (paths and query strings) and the
// ClickHouse client (credentials in a URL).

#include <string>
#include <string_view>

namespace findata::agent {

/// %XX decoded (an invalid escape stays as it is); with plusIsSpace, '+' becomes a space (query
/// components).
std::string percentDecode(std::string_view text, bool plusIsSpace = false);

}  // namespace findata::agent
