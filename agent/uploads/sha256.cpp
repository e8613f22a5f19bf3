#include "agent/uploads/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace findata::agent {

struct Sha256::Context {
    EVP_MD_CTX* ctx = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    m_context->ctx = EVP_MD_CTX_new();
    if (!m_context->ctx || EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    if (m_finished) throw std::logic_error("SHA-256: update after finishHex");
    if (!bytes.empty() && EVP_DigestUpdate(m_context->ctx, bytes.data(), bytes.size()) != 1)
        throw std::runtime_error("SHA-256: OpenSSL digest update failed");
}

std::string Sha256::finishHex() {
    if (m_finished) throw std::logic_error("SHA-256: finishHex called twice");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->ctx, digest, &length) != 1)
        throw std::runtime_error("SHA-256: OpenSSL digest final failed");
    m_finished = true;
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    text.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        text += kDigits[digest[i] >> 4];
        text += kDigits[digest[i] & 0x0f];
    }
    return text;
}

std::string Sha256::hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.finishHex();
}

}  // namespace findata::agent
