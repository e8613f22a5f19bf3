#pragma once
// API keys: generation, the public prefix used for lookup, and salted PBKDF2 hashes. A key is
// shown once; only its prefix and hash are stored, and neither is ever logged with the key.

#include <string>
#include <string_view>

namespace findata::agent {

/// "sk_live_" followed by 48 lower-case hex digits (24 random bytes).
std::string generateApiKey();

/// The first 16 characters ("sk_live_" + 8 hex digits): stored in clear to find the tenant.
std::string apiKeyPrefix(std::string_view key);

/// True when `key` has the shape generateApiKey() produces.
bool looksLikeApiKey(std::string_view key);

/// PBKDF2-HMAC-SHA256 iterations for new hashes. The keys carry 192 random bits, so stretching
/// adds no real strength; it is kept Django-compatible in form and cheap enough per request.
inline constexpr int kApiKeyHashIterations = 20'000;

/// "pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte derived key>" (Django's format),
/// with a fresh random salt.
std::string hashApiKey(std::string_view key, int iterations = kApiKeyHashIterations);

/// Whether `key` matches a hash made by hashApiKey, compared in constant time. A malformed
/// stored hash never matches.
bool verifyApiKey(std::string_view key, std::string_view storedHash);

}  // namespace findata::agent
