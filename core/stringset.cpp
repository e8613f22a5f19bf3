#include "core/stringset.h"

#include <cstring>
#include <stdexcept>

namespace findata::core {

std::uint64_t hashBytes(std::string_view s) {
    // FNV-1a over 8-byte words, then a final avalanche (splitmix64): fast for short keys.
    std::uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < s.size(); ++i)
        h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ULL;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

StringSet::StringSet() {
    clear();
}

void StringSet::clear() {
    m_arena.clear();
    m_starts.assign(1, 0);
    m_slots.assign(64, 0);
    m_size = 0;
}

std::size_t StringSet::findSlot(std::string_view key, std::uint64_t hash) const {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t pos = hash & mask;
    for (;;) {
        const std::uint32_t slot = m_slots[pos];
        if (slot == 0) return pos;
        const std::uint32_t index = slot - 1;
        const std::uint32_t begin = m_starts[index];
        const std::uint32_t length = m_starts[index + 1] - begin;
        if (length == key.size() && std::memcmp(m_arena.data() + begin, key.data(), length) == 0)
            return pos;
        pos = (pos + 1) & mask;
    }
}

bool StringSet::contains(std::string_view key) const {
    return m_slots[findSlot(key, hashBytes(key))] != 0;
}

bool StringSet::insert(std::string_view key) {
    std::size_t pos = findSlot(key, hashBytes(key));
    if (m_slots[pos] != 0) return false;
    if (m_arena.size() + key.size() > 0xFFFFFFF0u)
        throw std::length_error("StringSet: more than 4 GB of keys");
    m_arena.append(key);
    m_starts.push_back(static_cast<std::uint32_t>(m_arena.size()));
    m_slots[pos] = static_cast<std::uint32_t>(m_size + 1);
    ++m_size;
    if (m_size * 4 >= m_slots.size() * 3) grow();  // keep the load factor under 0.75
    return true;
}

void StringSet::grow() {
    std::vector<std::uint32_t> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = 0; i < m_size; ++i) {
        const auto key =
            std::string_view(m_arena).substr(m_starts[i], m_starts[i + 1] - m_starts[i]);
        std::size_t pos = hashBytes(key) & mask;
        while (m_slots[pos] != 0)
            pos = (pos + 1) & mask;
        m_slots[pos] = static_cast<std::uint32_t>(i + 1);
    }
}

}  // namespace findata::core
