#pragma once
// Incremental SHA-256 over OpenSSL's EVP interface, for hashing streams piece by piece.

#include <memory>
#include <string>
#include <string_view>

namespace findata::agent {

/// Hashes data fed in pieces; the digest equals that of the pieces concatenated.
class Sha256 final {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    /// The digest as 64 lower-case hex digits; the object cannot be updated afterwards.
    std::string finishHex();

    /// The digest of `bytes` in one go.
    static std::string hex(std::string_view bytes);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
    bool m_finished = false;
};

}  // namespace findata::agent
