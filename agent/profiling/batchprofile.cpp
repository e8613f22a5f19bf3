// A batch's profile from its Native blocks: see batchprofile.h.

#include "agent/profiling/batchprofile.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "agent/profiling/sketches.h"
#include "agent/profiling/statecodec.h"
#include "agent/util/logging.h"
#include "agent/warehouse/wirevalues.h"
#include "core/date.h"
#include "core/decimal.h"

namespace findata::agent::profiling {
namespace {

using core::FieldSpec;
using core::FieldType;
using nlohmann::json;

constexpr int kHistogramBuckets = 20;  // as profileColumns
constexpr std::size_t kTopValues = 10;
constexpr double kQuantiles[] = {0.25, 0.5, 0.75, 0.9, 0.99};
constexpr const char* kQuantileNames[] = {"p25", "p50", "p75", "p90", "p99"};

// Sums of a batch's units: 128 bits hold any (GCC's extension; __extension__ keeps -Wpedantic
// quiet).
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

double ratio(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

double powerOf10(int scale) {
    double p = 1;
    for (int i = 0; i < scale; ++i)
        p *= 10;
    return p;
}

// Exact decimal text of units at a scale, as ClickHouse's toString writes a Decimal (and an
// integer at scale 0); 128 bits hold any sum of a batch.
std::string decimalText(Int128 units, int scale) {
    const bool negative = units < 0;
    UInt128 m = negative ? -static_cast<UInt128>(units) : static_cast<UInt128>(units);
    std::string digits;
    do {
        digits.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
        m /= 10;
    } while (m != 0);
    while (static_cast<int>(digits.size()) <= scale)
        digits.push_back('0');
    std::string out = negative ? "-" : "";
    for (int i = static_cast<int>(digits.size()) - 1; i >= 0; --i) {
        out.push_back(digits[static_cast<std::size_t>(i)]);
        if (i == scale && scale > 0) out.push_back('.');
    }
    return out;
}

}  // namespace

// The bytes end inside a block.
struct Truncated : std::runtime_error {
    Truncated() : std::runtime_error("Native block: truncated") {}
};

// Reading a Native block.
class Reader final {
public:
    Reader(std::string_view bytes)
        : m_begin(bytes.data()), m_p(bytes.data()), m_end(bytes.data() + bytes.size()) {}
    bool done() const { return m_p == m_end; }
    std::size_t offset() const { return static_cast<std::size_t>(m_p - m_begin); }
    std::uint64_t varUInt() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            const auto byte = static_cast<unsigned char>(*m_p++);
            v |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return v;
        }
        throw std::runtime_error("Native block: bad VarUInt");
    }
    std::string_view string() {
        const auto n = varUInt();
        need(n);
        std::string_view s(m_p, n);
        m_p += n;
        return s;
    }
    const char* take(std::uint64_t n) {
        need(n);
        const char* at = m_p;
        m_p += n;
        return at;
    }

private:
    void need(std::uint64_t n) const {
        if (static_cast<std::uint64_t>(m_end - m_p) < n) throw Truncated();
    }
    const char* m_begin;
    const char* m_p;
    const char* m_end;
};

namespace {

std::size_t widthOf(std::string_view type) {
    if (type == "UInt8") return 1;
    if (type == "UInt16" || type == "Date") return 2;
    if (type == "UInt32" || type == "Int32" || type == "DateTime") return 4;
    if (type == "Int64" || type == "UInt64") return 8;
    return 0;  // String
}

// Exact counts of a few distinct integers: open addressing, no allocation per value.
class IntegerCounts final {
public:
    explicit IntegerCounts(std::size_t limit) : m_limit(limit) {
        std::size_t capacity = 16;
        while (capacity < 2 * limit)
            capacity *= 2;
        m_keys.assign(capacity, 0);
        m_counts.assign(capacity, 0);
    }
    /// False once more than `limit` distinct values were seen (the counts are then incomplete).
    bool add(std::int64_t key, std::uint64_t count = 1) {
        std::size_t mask = m_keys.size() - 1;
        for (std::size_t i = hashInteger(key) & mask;; i = (i + 1) & mask) {
            if (m_counts[i] == 0) {
                if (m_size == m_limit) return false;
                m_keys[i] = key;
                m_counts[i] = count;
                ++m_size;
                return true;
            }
            if (m_keys[i] == key) {
                m_counts[i] += count;
                return true;
            }
        }
    }
    std::vector<std::pair<std::int64_t, std::uint64_t>> sorted() const {
        std::vector<std::pair<std::int64_t, std::uint64_t>> out;
        for (std::size_t i = 0; i < m_keys.size(); ++i)
            if (m_counts[i] != 0) out.emplace_back(m_keys[i], m_counts[i]);
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    std::size_t m_limit, m_size = 0;
    std::vector<std::int64_t> m_keys;
    std::vector<std::uint64_t> m_counts;  // 0: free slot
};

}  // namespace

// One column's accumulators: fed the values of each block, then written as profile JSON.
class ColumnStats {
public:
    explicit ColumnStats(const FieldSpec& field) : m_field(field) {}
    virtual ~ColumnStats() = default;
    /// `nulls`: the block's null map (1 = NULL) or null; `values`: the block's values.
    virtual void addFixed(const unsigned char* /*nulls*/, const char* /*values*/,
                          std::size_t /*rows*/) {}
    virtual void addString(std::string_view /*value*/) {}
    void countPresent(std::uint64_t n) { m_present += n; }
    /// Which kind of stats saved a state (0: none).
    virtual std::uint8_t kind() const = 0;
    virtual void save(StateWriter& out) const = 0;
    /// Into fresh stats: throws StateError when the bytes are not such a state.
    virtual void load(StateReader& in) = 0;
    /// Adds the values `other` counted; false when its kind cannot merge into this one.
    virtual bool merge(const ColumnStats& other) = 0;
    json toJson(std::uint64_t rows) const {
        const auto nulls = rows - std::min(rows, m_present);
        json profile = {{"name", m_field.name},
                        {"type", core::warehouseType(m_field)},
                        {"numeric", core::isNumeric(m_field.type)},
                        {"count", m_present},
                        {"nulls", nulls},
                        {"null_ratio", ratio(nulls, rows)}};
        json estimates = json::array();
        figures(profile, estimates, rows);
        profile["estimates"] = std::move(estimates);
        return profile;
    }
    const FieldSpec& field() const { return m_field; }

protected:
    virtual void figures(json& profile, json& estimates, std::uint64_t rows) const = 0;
    const FieldSpec& m_field;
    std::uint64_t m_present = 0;
};

namespace {

// Integers and decimals (as units): exact counts, extremes, the exact sum, spread and, past
// Limits::exactNumbers distinct values, the log-linear sketch.
class NumericStats final : public ColumnStats {
public:
    NumericStats(const FieldSpec& field, std::size_t exactLimit)
        : ColumnStats(field),
          m_scale(core::scaleOf(field.type)),
          m_int32(wire::encodingOf(field) == wire::Encoding::Int32),
          m_exact(std::make_unique<IntegerCounts>(exactLimit)) {}

    void addFixed(const unsigned char* nulls, const char* values, std::size_t rows) override {
        m_buffer.clear();
        for (std::size_t r = 0; r < rows; ++r) {
            if (nulls && nulls[r]) continue;
            std::int64_t v;
            if (m_int32) {
                std::int32_t i;
                std::memcpy(&i, values + 4 * r, 4);
                v = i;
            } else {
                std::memcpy(&v, values + 8 * r, 8);
            }
            m_buffer.push_back(v);
        }
        if (m_buffer.empty()) return;
        Int128 sum = 0;
        std::uint64_t zeros = 0;
        std::int64_t low = m_buffer.front(), high = m_buffer.front();
        for (const auto v : m_buffer) {
            sum += v;
            zeros += v == 0;
            low = std::min(low, v);
            high = std::max(high, v);
        }
        const double n = static_cast<double>(m_buffer.size());
        const double mean = static_cast<double>(sum) / n;
        double m2 = 0;
        for (const auto v : m_buffer) {
            const double d = static_cast<double>(v) - mean;
            m2 += d * d;
        }
        // Chan et al.: the block's (n, mean, M2) merged into the column's.
        const double before = static_cast<double>(m_present);
        const double delta = mean - m_mean;
        const double total = before + n;
        m_mean += delta * n / total;
        m_m2 += m2 + delta * delta * before * n / total;
        m_sum += sum;
        m_zeros += zeros;
        m_min = m_present == 0 ? low : std::min(m_min, low);
        m_max = m_present == 0 ? high : std::max(m_max, high);
        m_present += m_buffer.size();
        if (m_exact) {
            for (std::size_t i = 0; i < m_buffer.size(); ++i)
                if (!m_exact->add(m_buffer[i])) {
                    // Too many values to count exactly: the sketch takes over from here.
                    toSketch();
                    for (std::size_t j = i; j < m_buffer.size(); ++j)
                        m_sketch.add(m_buffer[j]);
                    break;
                }
        } else {
            for (const auto v : m_buffer)
                m_sketch.add(v);
        }
    }

    std::uint8_t kind() const override { return 1; }
    void save(StateWriter& out) const override {
        out.u64(m_present);
        out.u64(m_zeros);
        out.i64(m_min);
        out.i64(m_max);
        out.u64(static_cast<std::uint64_t>(static_cast<UInt128>(m_sum)));
        out.u64(static_cast<std::uint64_t>(static_cast<UInt128>(m_sum) >> 64));
        out.f64(m_mean);
        out.f64(m_m2);
        out.u8(m_exact ? 1 : 0);
        if (m_exact) {
            const auto exact = m_exact->sorted();
            out.u64(exact.size());
            for (const auto& [v, n] : exact) {
                out.i64(v);
                out.u64(n);
            }
        } else {
            m_sketch.save(out);
        }
    }
    void load(StateReader& in) override {
        m_present = in.u64();
        m_zeros = in.u64();
        m_min = in.i64();
        m_max = in.i64();
        const auto low = in.u64(), high = in.u64();
        m_sum = static_cast<Int128>((static_cast<UInt128>(high) << 64) | low);
        m_mean = in.f64();
        m_m2 = in.f64();
        std::uint64_t counted = 0;
        if (in.u8()) {
            const auto n = in.count(16);
            for (std::uint64_t i = 0; i < n; ++i) {
                const auto v = in.i64();
                const auto c = in.u64();
                if (c == 0 || !m_exact->add(v, c))
                    throw StateError("profile state: more exact values than the limit");
                counted += c;
            }
        } else {
            m_exact.reset();
            m_sketch.load(in);
            counted = m_sketch.count();
        }
        if (counted != m_present) throw StateError("profile state: counts do not add up");
    }
    bool merge(const ColumnStats& o) override {
        const auto* other = dynamic_cast<const NumericStats*>(&o);
        if (!other || other->m_scale != m_scale) return false;
        if (other->m_present == 0) return true;
        if (m_present == 0) {
            m_mean = other->m_mean;
            m_m2 = other->m_m2;
            m_min = other->m_min;
            m_max = other->m_max;
        } else {
            // Chan et al.'s parallel variance, as addFixed merges a block.
            const double a = static_cast<double>(m_present),
                         b = static_cast<double>(other->m_present);
            const double delta = other->m_mean - m_mean;
            m_mean += delta * b / (a + b);
            m_m2 += other->m_m2 + delta * delta * a * b / (a + b);
            m_min = std::min(m_min, other->m_min);
            m_max = std::max(m_max, other->m_max);
        }
        m_present += other->m_present;
        m_zeros += other->m_zeros;
        m_sum += other->m_sum;
        if (other->m_exact) {
            for (const auto& [v, n] : other->m_exact->sorted())
                if (!m_exact || !m_exact->add(v, n)) {
                    toSketch();
                    m_sketch.add(v, n);
                }
        } else {
            toSketch();
            m_sketch.merge(other->m_sketch);
        }
        return true;
    }

private:
    // Too many values to count exactly: the sketch takes over with what was counted.
    void toSketch() {
        if (!m_exact) return;
        for (const auto& [value, count] : m_exact->sorted())
            m_sketch.add(value, count);
        m_exact.reset();
    }

    void figures(json& profile, json& estimates, std::uint64_t rows) const override {
        const double unit = powerOf10(m_scale);
        const bool any = m_present > 0;
        const auto text = [&](std::int64_t v) {
            return any ? json(decimalText(v, m_scale)) : json(nullptr);
        };
        profile["zeros"] = m_zeros;
        profile["zero_ratio"] = ratio(m_zeros, rows);
        profile["min"] = text(m_min);
        profile["max"] = text(m_max);
        profile["sum"] = decimalText(m_sum, m_scale);
        profile["mean"] =
            any ? json(static_cast<double>(m_sum) / double(m_present) / unit) : json(nullptr);
        profile["stddev"] =
            any ? json(std::sqrt(std::max(0.0, m_m2 / double(m_present))) / unit) : json(nullptr);
        std::vector<std::pair<std::int64_t, std::uint64_t>> exact;
        if (m_exact) exact = m_exact->sorted();
        json quantiles = json::object();
        for (std::size_t q = 0; q < std::size(kQuantiles); ++q) {
            if (!any) {
                quantiles[kQuantileNames[q]] = nullptr;
                continue;
            }
            double value;
            if (m_exact) {
                auto rank = static_cast<std::uint64_t>(
                    std::floor(kQuantiles[q] * static_cast<double>(m_present)));
                rank = std::min(rank, m_present - 1);
                std::uint64_t seen = 0;
                value = static_cast<double>(exact.back().first);
                for (const auto& [v, n] : exact) {
                    seen += n;
                    if (rank < seen) {
                        value = static_cast<double>(v);
                        break;
                    }
                }
            } else {
                value = m_sketch.quantile(kQuantiles[q]);
            }
            quantiles[kQuantileNames[q]] = value / unit;
        }
        profile["quantiles"] = std::move(quantiles);
        json histogram = json::array();
        const double low = static_cast<double>(m_min) / unit;
        const double high = static_cast<double>(m_max) / unit;
        if (any && high > low) {
            // Equal-width buckets between min and max, the last one closed (profileColumns').
            const double width = (high - low) / kHistogramBuckets;
            std::vector<std::uint64_t> counts(kHistogramBuckets, 0);
            if (m_exact) {
                for (const auto& [v, n] : exact) {
                    const double x = static_cast<double>(v) / unit;
                    const auto k = std::min<int>(static_cast<int>(std::floor((x - low) / width)),
                                                 kHistogramBuckets - 1);
                    counts[static_cast<std::size_t>(std::max(0, k))] += n;
                }
            } else {
                // Cumulative counts below each inner edge, rounded, so the buckets add up.
                std::uint64_t previous = 0;
                for (int k = 1; k <= kHistogramBuckets; ++k) {
                    const std::uint64_t below =
                        k == kHistogramBuckets
                            ? m_present
                            : std::min<std::uint64_t>(
                                  m_present, static_cast<std::uint64_t>(std::llround(
                                                 m_sketch.countBelow((low + width * k) * unit))));
                    counts[static_cast<std::size_t>(k - 1)] = below - std::min(below, previous);
                    previous = std::max(previous, below);
                }
            }
            for (int k = 0; k < kHistogramBuckets; ++k)
                histogram.push_back({{"lower", low + width * k},
                                     {"upper", low + width * (k + 1)},
                                     {"count", counts[static_cast<std::size_t>(k)]}});
        } else if (any) {
            histogram.push_back({{"lower", low}, {"upper", high}, {"count", m_present}});
        }
        profile["histogram"] = std::move(histogram);
        if (!m_exact) {
            estimates.push_back("quantiles");
            estimates.push_back("histogram");
        }
    }

    int m_scale;
    bool m_int32;
    std::uint64_t m_zeros = 0;
    std::int64_t m_min = 0, m_max = 0;
    Int128 m_sum = 0;
    double m_mean = 0, m_m2 = 0;             // in units
    std::unique_ptr<IntegerCounts> m_exact;  // null past the limit
    RelativeQuantiles m_sketch;
    std::vector<std::int64_t> m_buffer;  // one block's values
};

// The top values, distinct count and most frequent value of a category, from exact counts.
void categoryFigures(json& profile, std::vector<std::pair<std::string, std::uint64_t>> counts,
                     std::uint64_t distinct, std::uint64_t rows) {
    std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (counts.size() > kTopValues) counts.resize(kTopValues);
    json values = json::array();
    for (const auto& [value, n] : counts)
        values.push_back({{"value", value}, {"count", n}, {"ratio", ratio(n, rows)}});
    profile["distinct"] = distinct;
    profile["most_frequent"] = counts.empty() ? json(nullptr) : json(counts.front().first);
    profile["top_values"] = std::move(values);
}

// Dates (UInt16 days) and flags (UInt8): a counter per possible value, all exact.
class DenseStats final : public ColumnStats {
public:
    explicit DenseStats(const FieldSpec& field)
        : ColumnStats(field), m_date(field.type == FieldType::Date) {}

    void addFixed(const unsigned char* nulls, const char* values, std::size_t rows) override {
        if (m_counts.empty()) m_counts.assign(m_date ? 65536 : 256, 0);
        for (std::size_t r = 0; r < rows; ++r) {
            if (nulls && nulls[r]) continue;
            std::uint16_t v;
            if (m_date) {
                std::memcpy(&v, values + 2 * r, 2);
            } else {
                v = static_cast<unsigned char>(values[r]);
            }
            ++m_counts[v];
            ++m_present;
        }
    }

    std::uint8_t kind() const override { return m_date ? 2 : 3; }
    void save(StateWriter& out) const override {
        out.u64(m_present);
        std::uint64_t used = 0;
        for (const auto c : m_counts)
            used += c != 0;
        out.u64(used);
        for (std::size_t v = 0; v < m_counts.size(); ++v)
            if (m_counts[v]) {
                out.u64(v);
                out.u64(m_counts[v]);
            }
    }
    void load(StateReader& in) override {
        m_present = in.u64();
        m_counts.assign(m_date ? 65536 : 256, 0);
        const auto used = in.count(16);
        std::uint64_t counted = 0;
        for (std::uint64_t i = 0; i < used; ++i) {
            const auto v = in.u64();
            if (v >= m_counts.size()) throw StateError("profile state: bad value");
            counted += m_counts[v] = in.u64();
        }
        if (counted != m_present) throw StateError("profile state: counts do not add up");
    }
    bool merge(const ColumnStats& o) override {
        const auto* other = dynamic_cast<const DenseStats*>(&o);
        if (!other || other->m_date != m_date) return false;
        if (other->m_counts.empty()) return true;
        if (m_counts.empty()) m_counts.assign(m_date ? 65536 : 256, 0);
        for (std::size_t v = 0; v < m_counts.size(); ++v)
            m_counts[v] += other->m_counts[v];
        m_present += other->m_present;
        return true;
    }

private:
    std::string textOf(std::size_t v) const {
        return m_date ? core::toIsoString(core::dateFromDaysSinceEpoch(static_cast<int>(v)))
                      : std::to_string(v);
    }
    void figures(json& profile, json&, std::uint64_t rows) const override {
        std::vector<std::pair<std::string, std::uint64_t>> counts;
        std::optional<std::size_t> low, high;
        for (std::size_t v = 0; v < m_counts.size(); ++v)
            if (m_counts[v]) {
                counts.emplace_back(textOf(v), m_counts[v]);
                if (!low) low = v;
                high = v;
            }
        const auto distinct = counts.size();
        categoryFigures(profile, std::move(counts), distinct, rows);
        if (m_date) {
            profile["min"] = low ? json(textOf(*low)) : json(nullptr);
            profile["max"] = high ? json(textOf(*high)) : json(nullptr);
        }
    }

    bool m_date;
    std::vector<std::uint64_t> m_counts;
};

// A unique key (one key field, one loan type): every value appears once, as profileColumns says.
// For its state (a view of both loan types counts the key's values as any text's): the keys
// themselves while there are at most Limits::exactCategories, then their HyperLogLog.
class KeyStats final : public ColumnStats {
public:
    KeyStats(const FieldSpec& field, const Limits& limits)
        : ColumnStats(field), m_limit(limits.exactCategories) {}
    void addString(std::string_view value) override {
        ++m_present;
        if (!m_hll) {
            if (m_keys.size() < m_limit) {
                m_keys.emplace_back(value);
                return;
            }
            m_hll = std::make_unique<HyperLogLog>();
            for (const auto& k : m_keys)
                m_hll->addHash(hashBytes(k));
            std::vector<std::string>().swap(m_keys);
        }
        m_hll->addHash(hashBytes(value));
    }
    void addFixed(const unsigned char* nulls, const char*, std::size_t rows) override {
        m_numeric = true;  // a numeric key: its state cannot stand for its values
        for (std::size_t r = 0; r < rows; ++r)
            m_present += !(nulls && nulls[r]);
    }

    std::uint8_t kind() const override { return 5; }
    void save(StateWriter& out) const override {
        out.u64(m_present);
        out.u8(m_numeric ? 2 : m_hll ? 1 : 0);
        if (m_numeric) return;
        if (m_hll) {
            m_hll->save(out);
            return;
        }
        out.u64(m_keys.size());
        for (const auto& k : m_keys)
            out.bytes(k);
    }
    void load(StateReader& in) override {
        m_present = in.u64();
        const auto how = in.u8();
        m_numeric = how == 2;
        if (how == 1) {
            m_hll = std::make_unique<HyperLogLog>();
            m_hll->load(in);
        } else if (how == 0) {
            const auto n = in.count(8);
            if (n != m_present || n > m_limit) throw StateError("profile state: bad key list");
            for (std::uint64_t i = 0; i < n; ++i)
                m_keys.emplace_back(in.bytes());
        } else if (how != 2) {
            throw StateError("profile state: bad key state");
        }
    }
    // Parts of one loan type's rows (a scan split in streams): the keys of both, each once.
    bool merge(const ColumnStats& o) override {
        const auto* other = dynamic_cast<const KeyStats*>(&o);
        if (!other) return false;
        m_numeric = m_numeric || other->m_numeric;
        m_present += other->m_present;
        if (!m_hll && !other->m_hll && m_keys.size() + other->m_keys.size() <= m_limit) {
            m_keys.insert(m_keys.end(), other->m_keys.begin(), other->m_keys.end());
            return true;
        }
        if (!m_hll) {
            m_hll = std::make_unique<HyperLogLog>();
            for (const auto& k : m_keys)
                m_hll->addHash(hashBytes(k));
            std::vector<std::string>().swap(m_keys);
        }
        if (other->m_hll) m_hll->merge(*other->m_hll);
        for (const auto& k : other->m_keys)
            m_hll->addHash(hashBytes(k));
        return true;
    }

    bool numeric() const { return m_numeric; }
    const HyperLogLog* hll() const { return m_hll.get(); }
    const std::vector<std::string>& keys() const { return m_keys; }
    std::uint64_t present() const { return m_present; }

private:
    void figures(json& profile, json&, std::uint64_t) const override {
        profile["distinct"] = m_present;
        profile["most_frequent"] = nullptr;
        profile["top_values"] = json::array();
    }

    std::size_t m_limit;
    bool m_numeric = false;
    std::vector<std::string> m_keys;     // while at most m_limit
    std::unique_ptr<HyperLogLog> m_hll;  // past it
};

// Text and codes: exact counts up to Limits::exactCategories distinct values, then
// HyperLogLog and space-saving. Each value is hashed once for all of them.
class TextStats final : public ColumnStats {
public:
    TextStats(const FieldSpec& field, const Limits& limits)
        : ColumnStats(field), m_limit(limits.exactCategories), m_topCapacity(limits.topCapacity) {}

    void addString(std::string_view value) override {
        ++m_present;
        add(value, hashBytes(value), 1);
    }

    std::uint8_t kind() const override { return 4; }
    void save(StateWriter& out) const override {
        out.u64(m_present);
        out.u8(m_sketched ? 1 : 0);
        if (m_sketched) {
            m_hll->save(out);
            m_top->save(out);
            return;
        }
        out.u64(m_keys.size());
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            out.bytes(m_keys[i]);
            out.u64(m_counts[i]);
        }
    }
    void load(StateReader& in) override {
        m_present = in.u64();
        if (in.u8()) {
            m_sketched = true;
            m_hll = std::make_unique<HyperLogLog>();
            m_top = std::make_unique<SpaceSaving>(m_topCapacity);
            m_hll->load(in);
            m_top->load(in);
            return;
        }
        const auto n = in.count(16);
        if (n > m_limit) throw StateError("profile state: more exact values than the limit");
        std::uint64_t counted = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto value = in.bytes();
            const auto count = in.u64();
            if (count == 0) throw StateError("profile state: a value counted 0 times");
            add(value, hashBytes(value), count);
            counted += count;
        }
        if (counted != m_present || m_keys.size() != n)
            throw StateError("profile state: counts do not add up");
    }
    bool merge(const ColumnStats& o) override {
        if (const auto* key = dynamic_cast<const KeyStats*>(&o)) {
            if (key->numeric()) return false;
            m_present += key->present();
            if (const auto* hll = key->hll()) {
                // Each key once: its values are summarised as "none seen more than once".
                toSketch();
                m_hll->merge(*hll);
                m_top->merge(SpaceSaving::nothingAbove(1, m_topCapacity));
            } else {
                for (const auto& k : key->keys())
                    add(k, hashBytes(k), 1);
            }
            return true;
        }
        const auto* other = dynamic_cast<const TextStats*>(&o);
        if (!other) return false;
        m_present += other->m_present;
        if (other->m_sketched) {
            toSketch();
            m_hll->merge(*other->m_hll);
            m_top->merge(*other->m_top);
        } else {
            for (std::size_t i = 0; i < other->m_keys.size(); ++i)
                add(other->m_keys[i], hashBytes(other->m_keys[i]), other->m_counts[i]);
        }
        return true;
    }

private:
    // `count` more of `value` (its hashBytes: `hash`); m_present is the caller's.
    void add(std::string_view value, std::uint64_t hash, std::uint64_t count) {
        if (!m_sketched) {
            const auto keyOf = [&](std::uint32_t id) { return std::string_view(m_keys[id]); };
            if (const auto id = m_index.find(hash, value, keyOf); id != StringIndex::kNone) {
                m_counts[id] += count;
                return;
            }
            if (m_keys.size() < m_limit) {
                m_index.insert(hash, static_cast<std::uint32_t>(m_keys.size()));
                m_keys.emplace_back(value);
                m_counts.push_back(count);
                return;
            }
            toSketch();
        }
        m_hll->addHash(hash);
        m_top->add(value, hash, count);
    }
    // Too many values to count exactly: the sketches take over with what was counted.
    void toSketch() {
        if (m_sketched) return;
        m_sketched = true;
        m_hll = std::make_unique<HyperLogLog>();
        m_top = std::make_unique<SpaceSaving>(m_topCapacity);
        for (std::size_t i = 0; i < m_keys.size(); ++i) {
            const auto h = hashBytes(m_keys[i]);
            m_hll->addHash(h);
            m_top->add(m_keys[i], h, m_counts[i]);
        }
        m_index.clear();
        std::vector<std::string>().swap(m_keys);
        std::vector<std::uint64_t>().swap(m_counts);
    }

    void figures(json& profile, json& estimates, std::uint64_t rows) const override {
        std::vector<std::pair<std::string, std::uint64_t>> counts;
        if (!m_sketched) {
            for (std::size_t i = 0; i < m_keys.size(); ++i)
                counts.emplace_back(m_keys[i], m_counts[i]);
            const auto distinct = counts.size();
            categoryFigures(profile, std::move(counts), distinct, rows);
            return;
        }
        // The guaranteed count: never more than the value's true count, at most rows/capacity less.
        for (auto& entry : m_top->top(kTopValues))
            counts.emplace_back(std::move(entry.value), entry.count - entry.error);
        // Never more distinct values than values, nor fewer than were counted exactly.
        const auto distinct = std::clamp<std::uint64_t>(m_hll->estimate(), m_limit + 1, m_present);
        categoryFigures(profile, std::move(counts), distinct, rows);
        estimates.push_back("distinct");
        estimates.push_back("top_values");
        estimates.push_back("most_frequent");
    }

    std::size_t m_limit, m_topCapacity;
    bool m_sketched = false;
    StringIndex m_index;
    std::vector<std::string> m_keys;
    std::vector<std::uint64_t> m_counts;
    std::unique_ptr<HyperLogLog> m_hll;
    std::unique_ptr<SpaceSaving> m_top;
};

}  // namespace

BatchProfile::BatchProfile(core::FileType file, std::optional<core::LoanType> loanType,
                           Limits limits, const core::Catalog& catalog)
    : m_file(file), m_loanType(loanType), m_limits(limits), m_fields(catalog.fields(file)) {
    std::vector<const FieldSpec*> keys;
    for (const auto index : catalog.withRole(file, core::FieldRole::Key))
        keys.push_back(&m_fields[index]);
    for (const auto& f : m_fields) {
        std::unique_ptr<ColumnStats> stats;
        if (loanType && !core::appliesTo(f, *loanType)) {
            // Not shown for this loan type; its (null) values are skipped.
        } else if (loanType && keys.size() == 1 && keys.front() == &f) {
            stats = std::make_unique<KeyStats>(f, limits);
        } else if (core::isNumeric(f.type)) {
            stats = std::make_unique<NumericStats>(f, limits.exactNumbers);
        } else if (f.type == FieldType::Date || f.type == FieldType::Flag) {
            stats = std::make_unique<DenseStats>(f);
        } else {
            stats = std::make_unique<TextStats>(f, limits);
        }
        m_columns.push_back(std::move(stats));
    }
}

BatchProfile::~BatchProfile() = default;
BatchProfile::BatchProfile(BatchProfile&&) noexcept = default;
BatchProfile& BatchProfile::operator=(BatchProfile&&) noexcept = default;

// One block from `in`: its values go to the columns' stats when `process`, else are only
// walked over.
void BatchProfile::walkBlock(Reader& in, bool process) {
    const auto columns = in.varUInt();
    const auto rows = in.varUInt();
    if (columns < m_fields.size())
        throw std::runtime_error("Native block: " + std::to_string(columns) +
                                 " columns, the catalog has " + std::to_string(m_fields.size()));
    for (std::uint64_t c = 0; c < columns; ++c) {
        const auto name = in.string();
        const auto type = in.string();
        if (c >= m_fields.size()) {  // the load columns
            if (const auto width = widthOf(type)) {
                in.take(width * rows);
            } else {
                for (std::uint64_t r = 0; r < rows; ++r)
                    in.string();
            }
            continue;
        }
        const auto& field = m_fields[c];
        if (name != field.name)
            throw std::runtime_error("Native block: column " + std::to_string(c) + " is " +
                                     std::string(name) + ", the catalog's " +
                                     std::string(field.name));
        const unsigned char* nulls = nullptr;
        if (core::isNullable(field)) nulls = reinterpret_cast<const unsigned char*>(in.take(rows));
        ColumnStats* stats = process ? m_columns[c].get() : nullptr;
        const auto encoding = wire::encodingOf(field);
        if (encoding == wire::Encoding::String) {
            for (std::uint64_t r = 0; r < rows; ++r) {
                const auto value = in.string();
                if (stats && !(nulls && nulls[r])) stats->addString(value);
            }
            continue;
        }
        const std::size_t width = encoding == wire::Encoding::Int64   ? 8
                                  : encoding == wire::Encoding::Int32 ? 4
                                  : encoding == wire::Encoding::Date  ? 2
                                                                      : 1;
        const char* values = in.take(width * rows);
        if (stats) stats->addFixed(nulls, values, rows);
    }
    if (process) m_rows += rows;
}

void BatchProfile::addBlocks(std::string_view blocks) {
    Reader in(blocks);
    while (!in.done())
        walkBlock(in, true);
}

std::size_t BatchProfile::completeBlocks(std::string_view bytes) {
    Reader in(bytes);
    std::size_t complete = 0;
    try {
        while (!in.done()) {
            walkBlock(in, false);
            complete = in.offset();
        }
    } catch (const Truncated&) {
    }
    return complete;
}

namespace {

constexpr char kStateMagic[] = "FDPS";

std::uint8_t loanTypeCode(std::optional<core::LoanType> t) {
    return t ? static_cast<std::uint8_t>(*t) : 0;
}

// What decides the columns' stats and their order: a state saved under another catalog is not
// read.
std::uint64_t catalogFingerprint(std::span<const FieldSpec> fields) {
    std::string all;
    for (const auto& f : fields) {
        all += f.name;
        all += '\0';
        all += core::warehouseType(f);
        all += '\0';
        all += static_cast<char>(f.loanTypes);
        all += static_cast<char>(f.role);
        all += static_cast<char>(f.type);
    }
    return hashBytes(all);
}

}  // namespace

std::string BatchProfile::state() const {
    std::string out;
    StateWriter w(out);
    out.append(kStateMagic, 4);
    w.u64(kStateVersion);
    w.u8(static_cast<std::uint8_t>(m_file));
    w.u8(loanTypeCode(m_loanType));
    w.u64(m_limits.exactNumbers);
    w.u64(m_limits.exactCategories);
    w.u64(m_limits.topCapacity);
    w.u64(catalogFingerprint(m_fields));
    w.u64(m_rows);
    w.u64(m_columns.size());
    for (const auto& c : m_columns) {
        w.u8(c ? c->kind() : 0);
        if (c) c->save(w);
    }
    return out;
}

std::optional<BatchProfile> BatchProfile::fromState(std::string_view state, core::FileType file,
                                                    std::optional<core::LoanType> loanType,
                                                    Limits limits, const core::Catalog& catalog) {
    if (state.substr(0, 4) != std::string_view(kStateMagic, 4)) return std::nullopt;
    StateReader in(state.substr(4));
    BatchProfile profile(file, loanType, limits, catalog);
    try {
        if (in.u64() != kStateVersion) return std::nullopt;  // before anything else is read
        if (in.u8() != static_cast<std::uint8_t>(file) || in.u8() != loanTypeCode(loanType) ||
            in.u64() != limits.exactNumbers || in.u64() != limits.exactCategories ||
            in.u64() != limits.topCapacity || in.u64() != catalogFingerprint(profile.m_fields))
            return std::nullopt;
        profile.m_rows = in.u64();
        if (in.u64() != profile.m_columns.size()) return std::nullopt;
        for (auto& c : profile.m_columns) {
            const auto kind = in.u8();
            if (kind != (c ? c->kind() : 0)) return std::nullopt;
            if (c) c->load(in);
        }
        if (!in.done()) return std::nullopt;
    } catch (const StateError&) {
        return std::nullopt;
    }
    return profile;
}

void BatchProfile::merge(const BatchProfile& other) {
    if (other.m_file != m_file || other.m_fields.size() != m_fields.size() ||
        other.m_limits.exactNumbers != m_limits.exactNumbers ||
        other.m_limits.exactCategories != m_limits.exactCategories ||
        other.m_limits.topCapacity != m_limits.topCapacity)
        throw std::runtime_error("profiles of different files or limits do not merge");
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (!other.m_columns[c]) continue;  // the other's rows: all null here
        if (!m_columns[c] || !m_columns[c]->merge(*other.m_columns[c]))
            throw std::runtime_error("the profile of column " + std::string(m_fields[c].name) +
                                     " does not merge");
    }
    m_rows += other.m_rows;
}

json BatchProfile::toJson() const {
    json columns = json::array();
    for (const auto& c : m_columns)
        if (c) columns.push_back(c->toJson(m_rows));
    return {{"rows", m_rows}, {"columns", std::move(columns)}};
}

// --- BatchProfiler ---------------------------------------------------------------------------

namespace {
constexpr std::size_t kQueuedBlocks = 4;  // × 4 MB blocks: the memory a slow profiler may hold
}

BatchProfiler::BatchProfiler(core::FileType file, std::optional<core::LoanType> loanType,
                             Limits limits)
    : m_file(file), m_profile(file, loanType, limits), m_thread([this] { run(); }) {}

BatchProfiler::~BatchProfiler() {
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_queue.clear();
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void BatchProfiler::submit(std::string_view blocks) {
    std::unique_lock lock(m_mutex);
    if (m_queue.size() >= kQueuedBlocks && m_failure.empty()) {
        const auto started = std::chrono::steady_clock::now();
        m_changed.wait(lock, [&] { return m_queue.size() < kQueuedBlocks || !m_failure.empty(); });
        m_waited += std::chrono::steady_clock::now() - started;
    }
    if (!m_failure.empty() || m_closed) return;  // failed: nothing more to do
    std::string buffer;
    if (!m_spare.empty()) {
        buffer = std::move(m_spare.back());
        m_spare.pop_back();
    }
    buffer.assign(blocks);
    m_queue.push_back(std::move(buffer));
    lock.unlock();
    m_changed.notify_all();
}

void BatchProfiler::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_closed || !m_queue.empty(); });
        if (m_queue.empty()) {  // closed and drained
            timespec cpu{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
            m_cpu = std::chrono::seconds(cpu.tv_sec) + std::chrono::nanoseconds(cpu.tv_nsec);
            return;
        }
        std::string blocks = std::move(m_queue.front());
        m_queue.pop_front();
        m_busy = true;
        lock.unlock();
        m_changed.notify_all();
        std::string failure;
        try {
            if (m_failure.empty()) m_profile.addBlocks(blocks);
        } catch (const std::exception& e) {
            failure = e.what();
        }
        lock.lock();
        m_busy = false;
        if (!failure.empty() && m_failure.empty()) m_failure = failure;
        if (m_spare.size() < kQueuedBlocks) m_spare.push_back(std::move(blocks));
        m_changed.notify_all();
    }
}

std::optional<json> BatchProfiler::finish() {
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) m_thread.join();
    if (!m_failure.empty()) {
        logger("sync")->warn("the {} profile was not computed: {}", core::toText(m_file),
                             m_failure);
        return std::nullopt;
    }
    const auto ms = [](auto d) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    m_state = m_profile.state();
    logger("sync")->info(
        "profile of {} {} rows: {} ms of CPU on its thread; {} ms waited for room in its queue",
        m_profile.rows(), core::toText(m_file), ms(m_cpu), ms(m_waited));
    return m_profile.toJson();
}

}  // namespace findata::agent::profiling
