#pragma once
// The byte encoding of a profile's mergeable state (batchprofile.h's BatchProfile::state): fixed
// little-endian integers and doubles, length-prefixed strings. StateReader throws StateError
// when the bytes end early or a length is impossible, so a damaged state is refused, not misread.

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace findata::agent::profiling {

struct StateError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class StateWriter final {
public:
    explicit StateWriter(std::string& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(static_cast<char>(v)); }
    void u64(std::uint64_t v) {
        static_assert(std::endian::native == std::endian::little);
        m_out.append(reinterpret_cast<const char*>(&v), 8);
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void bytes(std::string_view s) {
        u64(s.size());
        m_out.append(s);
    }

private:
    std::string& m_out;
};

class StateReader final {
public:
    explicit StateReader(std::string_view in) : m_in(in) {}
    bool done() const { return m_in.empty(); }
    std::uint8_t u8() { return static_cast<std::uint8_t>(*take(1)); }
    std::uint64_t u64() {
        std::uint64_t v;
        std::memcpy(&v, take(8), 8);
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string_view bytes() {
        const auto n = u64();
        return {take(n), n};
    }
    /// A count of items each at least `itemBytes` long: refused when the bytes left cannot hold
    /// them (a damaged length must not allocate gigabytes).
    std::uint64_t count(std::uint64_t itemBytes) {
        const auto n = u64();
        if (itemBytes > 0 && n > m_in.size() / itemBytes)
            throw StateError("profile state: a count of " + std::to_string(n) + " is impossible");
        return n;
    }

private:
    const char* take(std::uint64_t n) {
        if (m_in.size() < n) throw StateError("profile state: truncated");
        const char* at = m_in.data();
        m_in.remove_prefix(n);
        return at;
    }
    std::string_view m_in;
};

}  // namespace findata::agent::profiling
