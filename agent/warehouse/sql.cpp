#include "agent/warehouse/sql.h"

namespace findata::agent {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// Backslash escapes are read the same way inside '…' and `…` by every ClickHouse since 1.1;
// doubling the quote is not, so the quote is escaped with a backslash too.
std::string quoted(std::string_view value, char quote) {
    std::string out;
    out.reserve(value.size() + 2);
    out += quote;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\\' || c == quote) {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7F) {
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        } else {
            out += c;
        }
    }
    out += quote;
    return out;
}

}  // namespace

std::string sqlString(std::string_view value) {
    return quoted(value, '\'');
}

std::string sqlIdentifier(std::string_view name) {
    return quoted(name, '`');
}

std::string sqlTable(std::string_view database, std::string_view table) {
    return sqlIdentifier(database) + '.' + sqlIdentifier(table);
}

}  // namespace findata::agent
