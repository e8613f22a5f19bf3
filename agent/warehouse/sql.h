#pragma once
// The one place that turns values and names into ClickHouse SQL text. Every literal and
// identifier in a query goes through these; nothing user-supplied is concatenated raw.

#include <string>
#include <string_view>

namespace findata::agent {

/// A string literal: 'it\'s' (backslash and quote escaped, control bytes as \xHH).
std::string sqlString(std::string_view value);

/// An identifier: `name` (backquotes and backslashes escaped).
std::string sqlIdentifier(std::string_view name);

/// database.table, both quoted.
std::string sqlTable(std::string_view database, std::string_view table);

}  // namespace findata::agent
