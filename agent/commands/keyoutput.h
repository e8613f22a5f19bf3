#pragma once
// Where a newly made API key goes: to the person at the terminal, never into a log. When
// standard output is not a terminal (systemd's journal, a pipe, a log file) the key is written
// to a file only this account can read, and only its path is printed and logged.

#include <string>
#include <string_view>

namespace findata::agent {

struct Settings;

/// Hands over `key` of `tenantId`; `what` says which key it is ("the API key of new tenant
/// BANK009"). Prints one line either way: the key itself on a terminal, else
/// "<what>: written to <path> (readable only by this account)".
void announceKey(const Settings& settings, const std::string& tenantId, const std::string& key,
                 std::string_view what);

}  // namespace findata::agent
