// The streaming sketches of sketches.h.

#include "agent/profiling/sketches.h"

#include "agent/profiling/statecodec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace findata::agent::profiling {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace

std::uint64_t hashBytes(std::string_view bytes) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ bytes.size();
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = std::rotl((h ^ word) * 0xff51afd7ed558ccdULL, 31);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    return mix(h);
}

std::uint64_t hashInteger(std::int64_t value) {
    return mix(static_cast<std::uint64_t>(value) + 0x9E3779B97F4A7C15ULL);
}

// --- RelativeQuantiles ----------------------------------------------------------------------

int RelativeQuantiles::bucketOf(std::uint64_t m) {
    if (m < kExactBelow) return static_cast<int>(m);
    const int e = 63 - std::countl_zero(m);  // ≥ 8
    // Buckets 0..255 are the small magnitudes; then 128 per power of two from 2^8 on.
    return static_cast<int>(kExactBelow) + (e - 8) * 128 + static_cast<int>((m >> (e - 7)) & 127);
}

double RelativeQuantiles::lowOf(int bucket) {
    if (bucket < int(kExactBelow)) return bucket;
    const int e = (bucket - int(kExactBelow)) / 128 + 8;
    const int mantissa = 128 + (bucket - int(kExactBelow)) % 128;
    return std::ldexp(double(mantissa), e - 7);
}

double RelativeQuantiles::highOf(int bucket) {
    if (bucket < int(kExactBelow)) return bucket + 1;
    const int e = (bucket - int(kExactBelow)) / 128 + 8;
    const int mantissa = 128 + (bucket - int(kExactBelow)) % 128;
    return std::ldexp(double(mantissa + 1), e - 7);
}

double RelativeQuantiles::valueOf(int bucket) const {
    if (bucket < int(kExactBelow)) return bucket;
    // The middle of the integers [low, high − 1]: within (high − 1 − low)/2 ≤ low/256 of each.
    return (lowOf(bucket) + highOf(bucket) - 1) / 2;
}

void RelativeQuantiles::add(std::int64_t value, std::uint64_t count) {
    if (count == 0) return;
    m_count += count;
    if (value == 0) {
        m_zeros += count;
        return;
    }
    auto& side = value > 0 ? m_positive : m_negative;
    if (side.empty()) side.assign(kBuckets, 0);
    const std::uint64_t magnitude =
        value > 0 ? std::uint64_t(value) : std::uint64_t(0) - std::uint64_t(value);
    side[bucketOf(magnitude)] += count;
}

void RelativeQuantiles::merge(const RelativeQuantiles& other) {
    m_count += other.m_count;
    m_zeros += other.m_zeros;
    for (auto [mine, theirs] :
         {std::pair{&m_positive, &other.m_positive}, std::pair{&m_negative, &other.m_negative}}) {
        if (theirs->empty()) continue;
        if (mine->empty()) mine->assign(kBuckets, 0);
        for (int b = 0; b < kBuckets; ++b)
            (*mine)[b] += (*theirs)[b];
    }
}

// Sparse: the non-empty buckets of each side as (bucket, count).
void RelativeQuantiles::save(StateWriter& out) const {
    out.u64(m_count);
    out.u64(m_zeros);
    for (const auto* side : {&m_positive, &m_negative}) {
        std::uint64_t used = 0;
        for (const auto c : *side)
            used += c != 0;
        out.u64(used);
        for (std::size_t b = 0; b < side->size(); ++b)
            if ((*side)[b]) {
                out.u64(b);
                out.u64((*side)[b]);
            }
    }
}

void RelativeQuantiles::load(StateReader& in) {
    m_count = in.u64();
    m_zeros = in.u64();
    std::uint64_t total = m_zeros;
    for (auto* side : {&m_positive, &m_negative}) {
        side->clear();
        const auto used = in.count(16);
        if (used) side->assign(kBuckets, 0);
        for (std::uint64_t i = 0; i < used; ++i) {
            const auto b = in.u64();
            if (b >= std::uint64_t(kBuckets)) throw StateError("profile state: bad bucket");
            (*side)[b] = in.u64();
            total += (*side)[b];
        }
    }
    if (total != m_count) throw StateError("profile state: quantile counts do not add up");
}

double RelativeQuantiles::quantile(double level) const {
    if (m_count == 0) return std::numeric_limits<double>::quiet_NaN();
    auto rank = static_cast<std::uint64_t>(std::floor(level * static_cast<double>(m_count)));
    rank = std::min(rank, m_count - 1);
    std::uint64_t seen = 0;
    // Ascending values: negatives by descending magnitude, zeros, positives.
    for (int b = int(m_negative.size()) - 1; b >= 0; --b) {
        seen += m_negative[b];
        if (rank < seen) return -valueOf(b);
    }
    seen += m_zeros;
    if (rank < seen) return 0;
    for (int b = 0; b < int(m_positive.size()); ++b) {
        seen += m_positive[b];
        if (rank < seen) return valueOf(b);
    }
    return 0;
}

// Values of `side` with a magnitude < `magnitude`; the bucket holding it is split linearly.
double RelativeQuantiles::countBelowMagnitude(const std::vector<std::uint64_t>& side,
                                              double magnitude) const {
    if (side.empty() || magnitude <= 0) return 0;
    const double clamped = std::min(magnitude, 1.8e19);
    const int at = bucketOf(static_cast<std::uint64_t>(std::ceil(clamped)) - 1);
    double below = 0;
    for (int b = 0; b < at; ++b)
        below += double(side[b]);
    // Integers of bucket `at` below the magnitude: [low, ceil(magnitude) − 1].
    const double low = lowOf(at), high = highOf(at);
    const double inside = std::clamp((std::ceil(clamped) - low) / (high - low), 0.0, 1.0);
    return below + double(side[at]) * inside;
}

double RelativeQuantiles::countBelow(double bound) const {
    const auto total = [](const std::vector<std::uint64_t>& side) {
        double n = 0;
        for (const auto c : side)
            n += double(c);
        return n;
    };
    if (bound <= 0) {
        // Negatives with a magnitude > −bound: all of them minus those of magnitude ≤ −bound.
        return total(m_negative) - countBelowMagnitude(m_negative, std::floor(-bound) + 1);
    }
    return total(m_negative) + double(m_zeros) + countBelowMagnitude(m_positive, bound);
}

// --- HyperLogLog ----------------------------------------------------------------------------

HyperLogLog::HyperLogLog() : m_registers(std::size_t(1) << kPrecision, 0) {}

void HyperLogLog::addHash(std::uint64_t hash) {
    const auto index = hash >> (64 - kPrecision);
    const auto rest = (hash << kPrecision) | (std::uint64_t(1) << (kPrecision - 1));
    const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
    if (rank > m_registers[index]) m_registers[index] = rank;
}

void HyperLogLog::merge(const HyperLogLog& other) {
    for (std::size_t i = 0; i < m_registers.size(); ++i)
        m_registers[i] = std::max(m_registers[i], other.m_registers[i]);
}

std::uint64_t HyperLogLog::estimate() const {
    const double m = static_cast<double>(m_registers.size());
    double sum = 0;
    std::size_t zeros = 0;
    for (const auto r : m_registers) {
        sum += std::ldexp(1.0, -r);
        zeros += r == 0;
    }
    const double alpha = 0.7213 / (1 + 1.079 / m);
    double e = alpha * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / static_cast<double>(zeros));
    return static_cast<std::uint64_t>(std::llround(e));
}

void HyperLogLog::save(StateWriter& out) const {
    out.bytes(
        std::string_view(reinterpret_cast<const char*>(m_registers.data()), m_registers.size()));
}

void HyperLogLog::load(StateReader& in) {
    const auto bytes = in.bytes();
    if (bytes.size() != m_registers.size()) throw StateError("profile state: bad HyperLogLog");
    std::memcpy(m_registers.data(), bytes.data(), bytes.size());
}

// --- StringIndex ----------------------------------------------------------------------------

void StringIndex::grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    m_mask = m_slots.size() - 1;
    for (const auto& s : old)
        if (s.id != kNone)
            for (std::size_t i = s.hash & m_mask;; i = (i + 1) & m_mask)
                if (m_slots[i].id == kNone) {
                    m_slots[i] = s;
                    break;
                }
}

void StringIndex::insert(std::uint64_t hash, std::uint32_t id) {
    if (2 * (m_size + 1) > m_slots.size()) grow();
    for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask)
        if (m_slots[i].id == kNone) {
            m_slots[i] = {hash, id};
            ++m_size;
            return;
        }
}

void StringIndex::erase(std::uint64_t hash, std::uint32_t id) {
    if (m_slots.empty()) return;
    std::size_t i = hash & m_mask;
    while (m_slots[i].id != id) {
        if (m_slots[i].id == kNone) return;
        i = (i + 1) & m_mask;
    }
    // Backward-shift deletion: later slots of the run move up where their home allows.
    for (std::size_t j = i;;) {
        j = (j + 1) & m_mask;
        if (m_slots[j].id == kNone) break;
        const std::size_t home = m_slots[j].hash & m_mask;
        const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        m_slots[i] = m_slots[j];
        i = j;
    }
    m_slots[i] = Slot{};
    --m_size;
}

void StringIndex::clear() {
    m_slots.clear();
    m_mask = 0;
    m_size = 0;
}

// --- SpaceSaving ----------------------------------------------------------------------------

SpaceSaving::SpaceSaving(std::size_t capacity) : m_capacity(std::max<std::size_t>(1, capacity)) {
    m_entries.reserve(m_capacity);
}

void SpaceSaving::siftDown(std::size_t at) {
    const auto less = [&](std::size_t a, std::size_t b) {
        return m_entries[m_heap[a]].count < m_entries[m_heap[b]].count;
    };
    const auto swapAt = [&](std::size_t a, std::size_t b) {
        std::swap(m_heap[a], m_heap[b]);
        m_heapPos[m_heap[a]] = static_cast<std::uint32_t>(a);
        m_heapPos[m_heap[b]] = static_cast<std::uint32_t>(b);
    };
    for (;;) {
        const std::size_t l = 2 * at + 1, r = l + 1;
        std::size_t smallest = at;
        if (l < m_heap.size() && less(l, smallest)) smallest = l;
        if (r < m_heap.size() && less(r, smallest)) smallest = r;
        if (smallest == at) return;
        swapAt(at, smallest);
        at = smallest;
    }
}

void SpaceSaving::add(std::string_view value, std::uint64_t hash, std::uint64_t count) {
    const auto keyOf = [&](std::uint32_t e) { return std::string_view(m_entries[e].value); };
    if (const auto e = m_index.find(hash, value, keyOf); e != StringIndex::kNone) {
        m_entries[e].count += count;
        siftDown(m_heapPos[e]);
        return;
    }
    if (m_entries.size() < m_capacity) {
        const auto e = static_cast<std::uint32_t>(m_entries.size());
        m_entries.push_back({std::string(value), count, 0, hash});
        m_index.insert(hash, e);
        m_heap.push_back(e);
        m_heapPos.push_back(static_cast<std::uint32_t>(m_heap.size() - 1));
        // Sift up: the new count may be the smallest.
        std::size_t at = m_heap.size() - 1;
        while (at > 0) {
            const std::size_t parent = (at - 1) / 2;
            if (m_entries[m_heap[parent]].count <= m_entries[m_heap[at]].count) break;
            std::swap(m_heap[parent], m_heap[at]);
            m_heapPos[m_heap[parent]] = static_cast<std::uint32_t>(parent);
            m_heapPos[m_heap[at]] = static_cast<std::uint32_t>(at);
            at = parent;
        }
        return;
    }
    // The least counted value gives its place up: the newcomer inherits its count as error.
    const std::uint32_t e = m_heap.front();
    Entry& victim = m_entries[e];
    m_index.erase(victim.hash, e);
    victim.error = victim.count;
    victim.count += count;
    victim.value.assign(value);
    victim.hash = hash;
    m_index.insert(hash, e);
    siftDown(0);
}

std::uint64_t SpaceSaving::absentBound() const {
    const bool full = !m_heap.empty() && m_entries.size() >= m_capacity;
    return std::max(m_floor, full ? m_entries[m_heap.front()].count : 0);
}

SpaceSaving SpaceSaving::nothingAbove(std::uint64_t n, std::size_t capacity) {
    SpaceSaving s(capacity);
    s.m_floor = n;
    return s;
}

void SpaceSaving::merge(const SpaceSaving& other) {
    const auto mine = absentBound(), theirs = other.absentBound();
    std::vector<Entry> merged;
    merged.reserve(m_entries.size() + other.m_entries.size());
    // Upper counts add (an absent value counts its summary's bound), lower counts add (absent: 0).
    const auto otherKeyOf = [&](std::uint32_t e) {
        return std::string_view(other.m_entries[e].value);
    };
    std::vector<bool> matched(other.m_entries.size(), false);
    for (const auto& e : m_entries) {
        Entry m = e;
        const auto o = other.m_index.find(e.hash, e.value, otherKeyOf);
        if (o != StringIndex::kNone) {
            const auto& t = other.m_entries[o];
            matched[o] = true;
            m.count = e.count + t.count;
            m.error = e.error + t.error;
        } else {
            m.count = e.count + theirs;
            m.error = e.error + theirs;
        }
        merged.push_back(std::move(m));
    }
    for (std::size_t i = 0; i < other.m_entries.size(); ++i)
        if (!matched[i]) {
            Entry m = other.m_entries[i];
            m.count += mine;
            m.error += mine;
            merged.push_back(std::move(m));
        }
    m_floor = mine + theirs;
    m_capacity = std::max({m_capacity, other.m_capacity, merged.size()});
    rebuild(std::move(merged));
}

void SpaceSaving::rebuild(std::vector<Entry> entries) {
    m_entries = std::move(entries);
    m_index.clear();
    m_heap.clear();
    m_heapPos.assign(m_entries.size(), 0);
    for (std::uint32_t e = 0; e < m_entries.size(); ++e) {
        m_index.insert(m_entries[e].hash, e);
        m_heap.push_back(e);
    }
    std::sort(m_heap.begin(), m_heap.end(), [&](std::uint32_t a, std::uint32_t b) {
        return m_entries[a].count < m_entries[b].count;
    });  // sorted ascending: a valid min-heap
    for (std::size_t i = 0; i < m_heap.size(); ++i)
        m_heapPos[m_heap[i]] = static_cast<std::uint32_t>(i);
}

void SpaceSaving::save(StateWriter& out) const {
    out.u64(m_capacity);
    out.u64(m_floor);
    out.u64(m_entries.size());
    for (const auto& e : m_entries) {
        out.bytes(e.value);
        out.u64(e.count);
        out.u64(e.error);
    }
}

void SpaceSaving::load(StateReader& in) {
    m_capacity = std::max<std::uint64_t>(1, in.u64());
    m_floor = in.u64();
    const auto n = in.count(24);
    if (n > m_capacity) throw StateError("profile state: more counters than capacity");
    std::vector<Entry> entries;
    entries.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        Entry e;
        e.value = std::string(in.bytes());
        e.count = in.u64();
        e.error = in.u64();
        if (e.error > e.count) throw StateError("profile state: a counter's error exceeds it");
        e.hash = hashBytes(e.value);
        entries.push_back(std::move(e));
    }
    rebuild(std::move(entries));
}

std::vector<SpaceSaving::Entry> SpaceSaving::top(std::size_t n) const {
    std::vector<Entry> sorted = m_entries;
    // By the guaranteed part of the count (count − error): values seen often since they were
    // kept come first, not those that inherited a large error.
    std::sort(sorted.begin(), sorted.end(), [](const Entry& a, const Entry& b) {
        const auto x = a.count - a.error, y = b.count - b.error;
        return x != y ? x > y : a.value < b.value;
    });
    if (sorted.size() > n) sorted.resize(n);
    return sorted;
}

}  // namespace findata::agent::profiling
