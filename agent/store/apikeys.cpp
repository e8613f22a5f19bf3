#include "agent/store/apikeys.h"

#include "agent/util/ids.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace findata::agent {

namespace {

constexpr std::string_view kKeyPrefix = "sk_live_";
constexpr std::string_view kAlgorithm = "pbkdf2_sha256";
constexpr std::size_t kKeyRandomBytes = 24;
constexpr std::size_t kDerivedBytes = 32;
constexpr int kMaxIterations = 10'000'000;  // refuse absurd stored values (a DoS vector)

std::array<unsigned char, kDerivedBytes> derive(std::string_view key, std::string_view salt,
                                                int iterations) {
    std::array<unsigned char, kDerivedBytes> out{};
    if (PKCS5_PBKDF2_HMAC(key.data(), static_cast<int>(key.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(out.size()), out.data()) != 1) {
        throw std::runtime_error("OpenSSL PKCS5_PBKDF2_HMAC failed");
    }
    return out;
}

std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

}  // namespace

std::string generateApiKey() {
    return std::string(kKeyPrefix) + randomHex(kKeyRandomBytes);
}

std::string apiKeyPrefix(std::string_view key) {
    return std::string(key.substr(0, 16));
}

bool looksLikeApiKey(std::string_view key) {
    if (key.size() != kKeyPrefix.size() + 2 * kKeyRandomBytes) return false;
    if (key.substr(0, kKeyPrefix.size()) != kKeyPrefix) return false;
    for (char c : key.substr(kKeyPrefix.size())) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string hashApiKey(std::string_view key, int iterations) {
    if (iterations < 1 || iterations > kMaxIterations) {
        throw std::invalid_argument("PBKDF2 iterations out of range");
    }
    const std::string salt = randomHex(16);
    const auto derived = derive(key, salt, iterations);
    return std::string(kAlgorithm) + '$' + std::to_string(iterations) + '$' + salt + '$' +
           base64(derived.data(), derived.size());
}

bool verifyApiKey(std::string_view key, std::string_view storedHash) {
    // algorithm$iterations$salt$hash
    std::array<std::string_view, 4> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t end =
            i + 1 < parts.size() ? storedHash.find('$', start) : storedHash.size();
        if (end == std::string_view::npos) return false;
        parts[i] = storedHash.substr(start, end - start);
        start = end + 1;
    }
    if (parts[0] != kAlgorithm || parts[2].empty() ||
        parts[3].find('$') != std::string_view::npos) {
        return false;
    }
    int iterations = 0;
    const auto [ptr, ec] =
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (ec != std::errc() || ptr != parts[1].data() + parts[1].size() || iterations < 1 ||
        iterations > kMaxIterations) {
        return false;
    }
    const auto derived = derive(key, parts[2], iterations);
    const std::string expected = base64(derived.data(), derived.size());
    return expected.size() == parts[3].size() &&
           CRYPTO_memcmp(expected.data(), parts[3].data(), expected.size()) == 0;
}

}  // namespace findata::agent
