#pragma once
// A compact set of strings for millions of keys (loan numbers, loan/installment pairs):
// one character arena plus an open-addressing table of offsets, ~30 bytes per key.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace findata::core {

class StringSet final {
public:
    StringSet();

    /// Adds the key; returns false when it was already present.
    bool insert(std::string_view key);
    bool contains(std::string_view key) const;
    std::size_t size() const { return m_size; }
    void clear();

    /// Calls f(std::string_view) for every key, in insertion order.
    template <typename F>
    void forEach(F&& f) const {
        for (std::size_t i = 0; i + 1 < m_starts.size(); ++i)
            f(std::string_view(m_arena).substr(m_starts[i], m_starts[i + 1] - m_starts[i]));
    }

private:
    std::string m_arena;
    std::vector<std::uint32_t> m_starts;  // key i is arena[starts[i], starts[i+1])
    std::vector<std::uint32_t> m_slots;   // 0 = empty, else key index + 1
    std::size_t m_size = 0;
    std::size_t findSlot(std::string_view key, std::uint64_t hash) const;
    void grow();
};

std::uint64_t hashBytes(std::string_view s);

}  // namespace findata::core
