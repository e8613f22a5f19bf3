#include "agent/util/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace findata::agent {

namespace {

void fillRandom(unsigned char* data, std::size_t size) {
    if (size == 0) return;
    // RAND_bytes only fails when the CSPRNG cannot be seeded; never fall back to a weak source.
    if (RAND_bytes(data, static_cast<int>(size)) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed: no secure random source");
    }
}

std::string toHex(const unsigned char* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kDigits[data[i] >> 4]);
        out.push_back(kDigits[data[i] & 0x0f]);
    }
    return out;
}

}  // namespace

std::string newUuid() {
    std::array<unsigned char, 16> bytes{};
    fillRandom(bytes.data(), bytes.size());
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    const std::string hex = toHex(bytes.data(), bytes.size());
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' +
           hex.substr(16, 4) + '-' + hex.substr(20, 12);
}

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    fillRandom(buffer.data(), buffer.size());
    return toHex(buffer.data(), buffer.size());
}

bool isUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    return true;
}

}  // namespace findata::agent
