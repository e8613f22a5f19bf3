#pragma once
// Streaming sketches of one column's values, each fed one value at a time in a single pass and
// mergeable, for the profiles a sync computes as a by-product (batchprofile.h). Their error
// bounds are what /api/profiling/ documents:
//
//   RelativeQuantiles  a log-linear histogram of integer values (a decimal's units): magnitudes
//                      below 256 one bucket each, above by their leading 8 bits (bucket width
//                      ≤ 1/128 of its values). A quantile read from it is within α = 1/256
//                      ≈ 0.39 % (relative) of the exact one — exact below 256 units — and a
//                      count below a bound miscounts only values of the bound's bucket.
//   HyperLogLog        2^14 registers: distinct counts with a standard error of 1.04/√2^14
//                      ≈ 0.81 % (within ±2.5 % in 99.7 % of cases); small counts use linear
//                      counting and are (near) exact.
//   SpaceSaving        m counters of the most frequent values (Metwally et al.): every value
//                      seen more than n/m times is kept, and the true count of a kept one lies in
//                      [count − error, count] with error ≤ n/m.
//
// Merging (the states stored with each batch, merged for a view of several batches):
//   RelativeQuantiles  bucket counts add: the merge is the very sketch one pass over all the
//                      values builds (same quantiles, same bounds).
//   HyperLogLog        registers take the maximum: the very sketch of all the hashes (same
//                      estimate).
//   SpaceSaving        the union of the kept values, nothing dropped (k summaries of m counters
//                      keep up to k·m): a value's upper count is the sum of each summary's upper
//                      count for it, where a summary that does not keep it counts its bound for
//                      absent values (its smallest counter when full, else 0); its lower count
//                      (count − error) the sum of the lower counts. So with n = n₁ + … + n_k the
//                      single summary's bounds hold for the merge: every value seen more than n/m
//                      times is kept, and count − error ≤ true count ≤ count, error ≤ n/m. The
//                      merge differs from the summary of one pass over all values (which values
//                      are kept, their errors) but not in these bounds.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent::profiling {

class StateReader;
class StateWriter;

/// 64-bit hash of bytes (the same on every machine and run).
std::uint64_t hashBytes(std::string_view bytes);
std::uint64_t hashInteger(std::int64_t value);

/// An open-addressing index from strings to the ids their owner keeps them under: a lookup
/// allocates nothing and compares a stored 64-bit hash before the bytes.
class StringIndex final {
public:
    static constexpr std::uint32_t kNone = 0xFFFFFFFF;
    /// The id of `key` (`keyOf(id)` gives an id's string), or kNone.
    template <typename KeyOf>
    std::uint32_t find(std::uint64_t hash, std::string_view key, const KeyOf& keyOf) const {
        if (m_slots.empty()) return kNone;
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& s = m_slots[i];
            if (s.id == kNone) return kNone;
            if (s.hash == hash && keyOf(s.id) == key) return s.id;
        }
    }
    void insert(std::uint64_t hash, std::uint32_t id);
    void erase(std::uint64_t hash, std::uint32_t id);
    void clear();
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t id = kNone;
    };
    void grow();
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0, m_size = 0;
};

class RelativeQuantiles final {
public:
    /// Magnitudes below this are counted exactly, one bucket each.
    static constexpr std::uint64_t kExactBelow = 256;
    /// The relative accuracy of the quantiles: 1/256 ≈ 0.39 %.
    static constexpr double kAlpha = 1.0 / 256;

    void add(std::int64_t value, std::uint64_t count = 1);
    void merge(const RelativeQuantiles& other);
    std::uint64_t count() const { return m_count; }
    void save(StateWriter& out) const;
    void load(StateReader& in);  // into an empty sketch

    /// The value of rank floor(level × n) (0-based) among the n values, as ClickHouse's
    /// quantileExact picks it, within kAlpha relative; NaN when empty.
    double quantile(double level) const;
    /// About how many values are < bound: exact but for the values of the bound's bucket (within
    /// a factor 1 + 1/128 of it; none below kExactBelow).
    double countBelow(double bound) const;

private:
    static constexpr int kBuckets = 64 * 128;
    static int bucketOf(std::uint64_t magnitude);
    static double lowOf(int bucket);   // the smallest magnitude of a bucket
    static double highOf(int bucket);  // one past its largest
    double valueOf(int bucket) const;  // within kAlpha of every value in the bucket
    double countBelowMagnitude(const std::vector<std::uint64_t>& side, double magnitude) const;

    std::vector<std::uint64_t> m_positive, m_negative;  // bucket → count (allocated on first use)
    std::uint64_t m_zeros = 0, m_count = 0;
};

class HyperLogLog final {
public:
    static constexpr int kPrecision = 14;
    HyperLogLog();
    void addHash(std::uint64_t hash);
    void merge(const HyperLogLog& other);
    std::uint64_t estimate() const;
    void save(StateWriter& out) const;
    void load(StateReader& in);

private:
    std::vector<std::uint8_t> m_registers;
};

class SpaceSaving final {
public:
    struct Entry {
        std::string value;
        std::uint64_t count = 0;  // ≥ the true count
        std::uint64_t error = 0;  // count − error ≤ the true count
        std::uint64_t hash = 0;
    };
    explicit SpaceSaving(std::size_t capacity = kDefaultCapacity);
    static constexpr std::size_t kDefaultCapacity = 1024;

    void add(std::string_view value, std::uint64_t count = 1) {
        add(value, hashBytes(value), count);
    }
    /// `hash`: hashBytes(value).
    void add(std::string_view value, std::uint64_t hash, std::uint64_t count);
    /// The kept values by count − error (a lower bound of their true count), largest first
    /// (ties by value).
    std::vector<Entry> top(std::size_t n) const;
    std::size_t capacity() const { return m_capacity; }
    /// How often, at most, a value that is not kept was seen.
    std::uint64_t absentBound() const;
    /// Unions `other` in (see the header comment): the capacity grows to hold every value kept
    /// by either.
    void merge(const SpaceSaving& other);
    /// A summary that keeps no value, each seen at most `n` times (a unique key: n = 1).
    static SpaceSaving nothingAbove(std::uint64_t n, std::size_t capacity);
    void save(StateWriter& out) const;
    void load(StateReader& in);

private:
    void rebuild(std::vector<Entry> entries);
    std::size_t m_capacity;
    std::uint64_t m_floor = 0;  // a bound for absent values set by merges (absentBound())
    std::vector<Entry> m_entries;
    StringIndex m_index;  // value → entry
    // Counts only grow and a new value replaces the smallest: a min-heap over m_entries.
    std::vector<std::uint32_t> m_heap;     // entry indexes, heap-ordered by count
    std::vector<std::uint32_t> m_heapPos;  // entry index → position in m_heap
    void siftDown(std::size_t at);
};

}  // namespace findata::agent::profiling
