#pragma once
// Identifiers and random tokens from the operating system's CSPRNG (OpenSSL RAND_bytes).

#include <cstddef>
#include <string>
#include <string_view>

namespace findata::agent {

/// A random (version 4) UUID in canonical lower-case form: 8-4-4-4-12 hex digits.
std::string newUuid();

/// `bytes` random bytes as 2 × bytes lower-case hex digits.
std::string randomHex(std::size_t bytes);

/// True for a canonical UUID text (36 characters, hex digits and dashes in 8-4-4-4-12 form,
/// either case); used to refuse malformed ids before they reach the database.
bool isUuid(std::string_view text);

}  // namespace findata::agent
