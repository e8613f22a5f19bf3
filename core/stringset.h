#pragma once
// A compact set of strings for millions of keys (loan numbers, loan/installment pairs):
// one character arena plus an open-addressing table of offsets, ~35 bytes per key.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace findata::core {

/// Memory for HugePageAllocator: at least `bytes`, aligned to `alignment` (a power of two),
/// released with std::free.
void* allocateHuge(std::size_t bytes, std::size_t alignment);

/// Allocates large arrays on 2 MB-aligned memory marked for transparent huge pages: a lookup
/// in a table of many megabytes then costs one cache miss instead of a cache and a TLB miss.
template <typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocateHuge(n * sizeof(T), alignof(T))); }
    void deallocate(T* p, std::size_t) { std::free(p); }
    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const {
        return true;
    }
};

/// The hash the sets use: fast for short keys, well mixed in all 64 bits.
std::uint64_t hashBytes(std::string_view s);

class StringSet final {
public:
    StringSet();

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Adds the key; returns false when it was already present.
    bool insert(std::string_view key) { return emplace(key).second; }
    /// Adds the key if new; returns its index (insertion order) and whether it was added.
    std::pair<std::size_t, bool> emplace(std::string_view key) {
        return emplace(key, hashBytes(key));
    }
    /// emplace() with the key's hashBytes() already computed.
    std::pair<std::size_t, bool> emplace(std::string_view key, std::uint64_t hash);
    /// Starts loading the table slot of a key's hash into the cache, ahead of an emplace().
    void prefetch(std::uint64_t hash) const {
        __builtin_prefetch(m_slots.data() + ((hash >> 32) & (m_slots.size() - 1)));
    }
    /// The key's index, or npos.
    std::size_t find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != npos; }
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
    // 0 = empty, else (upper 32 bits of the key's hash) << 32 | (key index + 1). The stored hash
    // bits choose the position and spare a visit to the arena for nearly every other key.
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> m_slots;
    std::size_t m_size = 0;
    std::size_t findSlot(std::string_view key, std::uint64_t hash) const;
    void grow();
};

/// An exact set of 64-bit hashes (open addressing, 8 bytes a slot): e.g. the hashes of the keys
/// that may occur more than once in a file (keyscreen.h).
class HashSet final {
public:
    HashSet();
    /// Adds the hash; returns false when it was already present.
    bool insert(std::uint64_t hash);
    bool contains(std::uint64_t hash) const {
        if (hash == 0) return m_hasZero;
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t pos = mix(hash) & mask;; pos = (pos + 1) & mask) {
            if (m_slots[pos] == hash) return true;
            if (m_slots[pos] == 0) return false;
        }
    }
    void prefetch(std::uint64_t hash) const {
        __builtin_prefetch(m_slots.data() + (mix(hash) & (m_slots.size() - 1)));
    }
    std::size_t size() const { return m_size; }
    std::size_t bytes() const { return m_slots.size() * sizeof(std::uint64_t); }

private:
    // The hashes are already mixed; the slot comes from their upper half.
    static std::uint64_t mix(std::uint64_t hash) { return hash >> 32 ^ hash; }
    std::vector<std::uint64_t> m_slots;  // 0 = empty; the hash 0 is m_hasZero
    std::size_t m_size = 0;
    bool m_hasZero = false;
    void grow();
};

/// Loan numbers seen in a credit file, each flagged live when its row is loaded: duplicates and
/// cross references are answered from one set (a bit per key instead of a second set).
///
/// Screened (screen()): only the loans whose hash is in the screen — the hashes of the keys that
/// may occur more than once in the file (keyscreen.h) — are kept; any other loan occurs once in
/// the file, so it is new without being stored. Duplicates are then still answered exactly, with
/// memory for the few screened keys only, but the set no longer answers which loans are live.
class LoanSet final {
public:
    /// Records a loan number; returns its index and whether it was new (false: a duplicate).
    /// Screened, a loan outside the screen is new and gets index StringSet::npos.
    std::pair<std::size_t, bool> add(std::string_view loan) { return add(loan, hashBytes(loan)); }
    /// add() with the loan's hashBytes() already computed.
    std::pair<std::size_t, bool> add(std::string_view loan, std::uint64_t hash) {
        if (m_screen != nullptr && !m_screen->contains(hash)) {
            ++m_unscreened;
            return {StringSet::npos, true};
        }
        auto result = m_keys.emplace(loan, hash);
        if (result.second) m_live.push_back(false);
        return result;
    }
    void prefetch(std::uint64_t hash) const {
        if (m_screen != nullptr)
            m_screen->prefetch(hash);
        else
            m_keys.prefetch(hash);
    }
    /// Keeps only the loans whose hash is in `screen` (which must outlive the set), from now on.
    void screen(const HashSet* screen) { m_screen = screen; }
    bool screened() const { return m_screen != nullptr; }
    /// Screened: the loans added that were not kept (each occurs once in the file).
    std::size_t unscreened() const { return m_unscreened; }
    void setLive(std::size_t index) { m_live[index] = true; }
    /// Adds a loan that is live (e.g. one already in the warehouse).
    void addLive(std::string_view loan) { setLive(add(loan).first); }
    /// The loan's index, or StringSet::npos when it was never seen.
    std::size_t find(std::string_view loan) const { return m_keys.find(loan); }
    bool isLive(std::size_t index) const { return m_live[index]; }
    /// Whether the loan is live: seen and loaded.
    bool contains(std::string_view loan) const {
        const auto index = m_keys.find(loan);
        return index != StringSet::npos && m_live[index];
    }
    std::size_t liveCount() const;
    std::size_t size() const { return m_keys.size(); }

private:
    StringSet m_keys;
    std::vector<bool> m_live;
    const HashSet* m_screen = nullptr;
    std::size_t m_unscreened = 0;
};

/// The (loan, installment number) pairs of a payment plan, exactly: the loan as a dense index
/// (e.g. its LoanSet index) and the installments as bits of 64-bit words — one word per loan for
/// installments below 64 (8 bytes per loan), hashed words for the blocks above — instead of a
/// string per row.
class InstallmentSet final {
public:
    InstallmentSet();
    /// Adds the pair; returns false when it was already present.
    bool insert(std::uint64_t loan, std::int64_t installment);
    bool contains(std::uint64_t loan, std::int64_t installment) const;
    std::size_t size() const { return m_size; }

private:
    // Installments 0-63 of every loan: one word per loan index (loan indices are dense).
    std::vector<std::uint64_t> m_first;
    // The other blocks, open addressing: key (loan << 26 | installment / 64) + 1, 0 = empty;
    // value = the bits.
    std::vector<std::pair<std::uint64_t, std::uint64_t>,
                HugePageAllocator<std::pair<std::uint64_t, std::uint64_t>>>
        m_words;
    std::size_t m_used = 0;
    std::size_t m_size = 0;
    // Pairs outside what a word key holds (negative or ≥ 2^32 numbers, huge loan indices).
    std::set<std::pair<std::uint64_t, std::int64_t>> m_odd;
    void grow();
};

}  // namespace findata::core
