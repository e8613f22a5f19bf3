#include "core/stringset.h"

#include <sys/mman.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace findata::core {

namespace {
constexpr std::uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
constexpr std::size_t kHugePage = std::size_t{2} << 20;
}  // namespace

void* allocateHuge(std::size_t bytes, std::size_t alignment) {
    void* p = nullptr;
    if (bytes >= kHugePage) {
        const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
        p = std::aligned_alloc(kHugePage, rounded);
        if (p != nullptr) madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure is harmless
    } else if (alignment > alignof(std::max_align_t)) {
        // Over-aligned elements (the Bloom filter's 64-byte blocks): malloc promises only 16.
        p = std::aligned_alloc(alignment, (bytes + alignment - 1) / alignment * alignment);
    } else {
        p = std::malloc(bytes);
    }
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

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
    const std::uint64_t tag = hash & kTagMask;
    std::size_t pos = (hash >> 32) & mask;
    for (;;) {
        const std::uint64_t slot = m_slots[pos];
        if (slot == 0) return pos;
        if ((slot & kTagMask) == tag) {
            const std::uint32_t index = static_cast<std::uint32_t>(slot) - 1;
            const std::uint32_t begin = m_starts[index];
            const std::uint32_t length = m_starts[index + 1] - begin;
            if (length == key.size() &&
                std::memcmp(m_arena.data() + begin, key.data(), length) == 0)
                return pos;
        }
        pos = (pos + 1) & mask;
    }
}

std::size_t StringSet::find(std::string_view key) const {
    const std::uint64_t slot = m_slots[findSlot(key, hashBytes(key))];
    return slot == 0 ? npos : static_cast<std::uint32_t>(slot) - 1;
}

std::pair<std::size_t, bool> StringSet::emplace(std::string_view key, std::uint64_t hash) {
    std::size_t pos = findSlot(key, hash);
    if (m_slots[pos] != 0) return {static_cast<std::uint32_t>(m_slots[pos]) - 1, false};
    if (m_arena.size() + key.size() > 0xFFFFFFF0u)
        throw std::length_error("StringSet: more than 4 GB of keys");
    m_arena.append(key);
    m_starts.push_back(static_cast<std::uint32_t>(m_arena.size()));
    const std::size_t index = m_size;
    m_slots[pos] = (hash & kTagMask) | static_cast<std::uint32_t>(index + 1);
    ++m_size;
    if (m_size * 4 >= m_slots.size() * 3) grow();  // keep the load factor under 0.75
    return {index, true};
}

std::size_t LoanSet::liveCount() const {
    std::size_t n = 0;
    for (const bool live : m_live)
        n += live ? 1 : 0;
    return n;
}

void StringSet::grow() {
    // A slot's position derives from the hash bits it stores, so growing never rereads keys.
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const std::uint64_t slot : old) {
        if (slot == 0) continue;
        std::size_t pos = (slot >> 32) & mask;
        while (m_slots[pos] != 0)
            pos = (pos + 1) & mask;
        m_slots[pos] = slot;
    }
}

HashSet::HashSet() : m_slots(64, 0) {}

bool HashSet::insert(std::uint64_t hash) {
    if (hash == 0) {
        const bool added = !m_hasZero;
        m_hasZero = true;
        m_size += added ? 1 : 0;
        return added;
    }
    const std::size_t mask = m_slots.size() - 1;
    std::size_t pos = mix(hash) & mask;
    while (m_slots[pos] != 0) {
        if (m_slots[pos] == hash) return false;
        pos = (pos + 1) & mask;
    }
    m_slots[pos] = hash;
    ++m_size;
    if (m_size * 2 >= m_slots.size()) grow();  // load factor under 0.5: short probes
    return true;
}

void HashSet::grow() {
    std::vector<std::uint64_t> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const std::uint64_t hash : old) {
        if (hash == 0) continue;
        std::size_t pos = mix(hash) & mask;
        while (m_slots[pos] != 0)
            pos = (pos + 1) & mask;
        m_slots[pos] = hash;
    }
}

namespace {
constexpr int kBlockBits = 26;  // installment / 64 below 2^26: numbers up to 2^32
std::uint64_t mixKey(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}
}  // namespace

InstallmentSet::InstallmentSet() : m_words(1024) {}

bool InstallmentSet::insert(std::uint64_t loan, std::int64_t installment) {
    if (installment >= 0 && installment < 64 && loan < (std::uint64_t{1} << 32)) {
        if (loan >= m_first.size()) m_first.resize(loan + 1, 0);
        std::uint64_t& word = m_first[loan];
        const std::uint64_t bit = std::uint64_t{1} << installment;
        if ((word & bit) != 0) return false;
        word |= bit;
        ++m_size;
        return true;
    }
    if (installment < 0 || installment >= (std::int64_t{1} << 32) ||
        loan >= (std::uint64_t{1} << 37)) {
        if (!m_odd.emplace(loan, installment).second) return false;
        ++m_size;
        return true;
    }
    const auto number = static_cast<std::uint64_t>(installment);
    const std::uint64_t key = ((loan << kBlockBits) | (number >> 6)) + 1;
    const std::uint64_t bit = std::uint64_t{1} << (number & 63);
    const std::size_t mask = m_words.size() - 1;
    std::size_t pos = mixKey(key) & mask;
    while (m_words[pos].first != 0 && m_words[pos].first != key)
        pos = (pos + 1) & mask;
    auto& slot = m_words[pos];
    if (slot.first == key) {
        if ((slot.second & bit) != 0) return false;
        slot.second |= bit;
        ++m_size;
        return true;
    }
    slot = {key, bit};
    ++m_size;
    if (++m_used * 4 >= m_words.size() * 3) grow();
    return true;
}

bool InstallmentSet::contains(std::uint64_t loan, std::int64_t installment) const {
    if (installment >= 0 && installment < 64 && loan < (std::uint64_t{1} << 32))
        return loan < m_first.size() && (m_first[loan] >> installment & 1) != 0;
    if (installment < 0 || installment >= (std::int64_t{1} << 32) ||
        loan >= (std::uint64_t{1} << 37))
        return m_odd.count({loan, installment}) != 0;
    const auto number = static_cast<std::uint64_t>(installment);
    const std::uint64_t key = ((loan << kBlockBits) | (number >> 6)) + 1;
    const std::size_t mask = m_words.size() - 1;
    std::size_t pos = mixKey(key) & mask;
    while (m_words[pos].first != 0 && m_words[pos].first != key)
        pos = (pos + 1) & mask;
    return m_words[pos].first == key && (m_words[pos].second >> (number & 63) & 1) != 0;
}

void InstallmentSet::grow() {
    decltype(m_words) old(m_words.size() * 2);
    old.swap(m_words);
    const std::size_t mask = m_words.size() - 1;
    for (const auto& slot : old) {
        if (slot.first == 0) continue;
        std::size_t pos = mixKey(slot.first) & mask;
        while (m_words[pos].first != 0)
            pos = (pos + 1) & mask;
        m_words[pos] = slot;
    }
}

}  // namespace findata::core
