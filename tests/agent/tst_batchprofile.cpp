// The profile a sync computes from its Native blocks (agent/profiling/batchprofile.h) against
// exact computations over the same validated rows: on every sample tenant file every figure is
// exact (the sketches' limits are never reached there); with limits small enough that the
// sketches take over (generated portfolios), every estimate stays within the bound the API
// documents — quantiles within 1/256 relative, histogram buckets off only by values next to
// their edges, distinct counts within 3 %, space-saving counts under by at most rows/capacity.

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "agent/profiling/batchprofile.h"
#include "agent/profiling/sketches.h"
#include "agent/warehouse/nativeblock.h"
#include "core/date.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using nlohmann::json;

namespace {

// The accepted rows of a file, kept as exact reference values per column and encoded as Native
// blocks into a BatchProfile, as a sync does.
class Collector final : public core::RowSink {
public:
    Collector(FileType file, LoanType loanType, profiling::Limits limits)
        : m_fields(core::Catalog::standard().fields(file)),
          m_encoder(file, loanType, "batch", 0),
          m_profile(file, loanType, limits),
          m_numbers(m_fields.size()),
          m_texts(m_fields.size()),
          m_nulls(m_fields.size(), 0) {}

    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row);
        ++m_rows;
        for (std::size_t i = 0; i < m_fields.size(); ++i) {
            const auto& v = row.values[i];
            if (v.null) {
                ++m_nulls[i];
                continue;
            }
            const auto& f = m_fields[i];
            if (core::isNumeric(f.type)) {
                m_numbers[i].push_back(v.i);
            } else if (f.type == core::FieldType::Date) {
                ++m_texts[i][core::toIsoString(core::dateFromDaysSinceEpoch(int(v.i)))];
            } else if (f.type == core::FieldType::Flag) {
                ++m_texts[i][std::to_string(v.i)];
            } else {
                ++m_texts[i][std::string(v.s)];
            }
        }
        if (m_encoder.rows() == 777) flush();  // blocks of odd sizes
    }
    void flush() {
        std::string block;
        m_encoder.finishBlock(block);
        if (!block.empty()) m_profile.addBlocks(block);
        if (!block.empty()) m_blocks.push_back(std::move(block));
    }

    std::span<const core::FieldSpec> m_fields;
    NativeBlockEncoder m_encoder;
    profiling::BatchProfile m_profile;
    std::vector<std::vector<std::int64_t>> m_numbers;
    std::vector<std::map<std::string, std::uint64_t>> m_texts;
    std::vector<std::uint64_t> m_nulls;
    std::uint64_t m_rows = 0;
    std::vector<std::string> m_blocks;
};

std::unique_ptr<Collector> collect(FileType file, LoanType loanType, const std::string& text,
                                   profiling::Limits limits = {}) {
    auto c = std::make_unique<Collector>(file, loanType, limits);
    core::FileProcessor processor(file, loanType, c.get());
    processor.feed(text);
    processor.finish();
    c->flush();
    return c;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const json& columnOf(const json& profile, std::string_view name) {
    for (const auto& c : profile.at("columns"))
        if (c.at("name") == name) return c;
    throw std::runtime_error("no column " + std::string(name));
}

double unitOf(const core::FieldSpec& f) {
    return std::pow(10.0, core::scaleOf(f.type));
}

std::int64_t exactQuantile(const std::vector<std::int64_t>& sorted, double level) {
    auto rank = static_cast<std::size_t>(std::floor(level * double(sorted.size())));
    return sorted[std::min(rank, sorted.size() - 1)];
}

constexpr double kLevels[] = {0.25, 0.5, 0.75, 0.9, 0.99};
constexpr const char* kLevelNames[] = {"p25", "p50", "p75", "p90", "p99"};

bool estimated(const json& column, const char* figure) {
    const auto& e = column.at("estimates");
    return std::find(e.begin(), e.end(), json(figure)) != e.end();
}

bool isKey(FileType file, const core::FieldSpec& f) {
    const auto& catalog = core::Catalog::standard();
    const auto keys = catalog.withRole(file, core::FieldRole::Key);
    return keys.size() == 1 && &catalog.fields(file)[keys.front()] == &f;
}

// Every figure the profile promises exact, compared with the reference; `exactSketches`: the
// quantiles, histograms, distinct counts and top values too.
void verifyProfile(const Collector& c, FileType file, LoanType loanType, bool exactSketches) {
    const auto profile = c.m_profile.toJson();
    QCOMPARE(profile.at("rows").get<std::uint64_t>(), c.m_rows);
    for (std::size_t i = 0; i < c.m_fields.size(); ++i) {
        const auto& f = c.m_fields[i];
        if (!core::appliesTo(f, loanType)) continue;
        const auto& p = columnOf(profile, f.name);
        const std::string where = std::string(f.name) + ": ";
        QVERIFY2(p.at("nulls") == c.m_nulls[i], (where + p.dump()).c_str());
        QCOMPARE(p.at("count").get<std::uint64_t>() + c.m_nulls[i], c.m_rows);
        if (exactSketches) QVERIFY2(p.at("estimates").empty(), (where + p.dump()).c_str());
        if (core::isNumeric(f.type)) {
            auto values = c.m_numbers[i];
            std::sort(values.begin(), values.end());
            if (values.empty()) {
                QVERIFY(p.at("min").is_null() && p.at("mean").is_null());
                continue;
            }
            const double unit = unitOf(f);
            const int scale = core::scaleOf(f.type);
            QCOMPARE(p.at("min").get<std::string>(),
                     core::toText(core::Decimal{values.front(), scale}));
            QCOMPARE(p.at("max").get<std::string>(),
                     core::toText(core::Decimal{values.back(), scale}));
            std::int64_t sum = 0;
            std::uint64_t zeros = 0;
            for (const auto v : values) {
                sum += v;
                zeros += v == 0;
            }
            QCOMPARE(p.at("sum").get<std::string>(), core::toText(core::Decimal{sum, scale}));
            QCOMPARE(p.at("zeros").get<std::uint64_t>(), zeros);
            const double mean = double(sum) / double(values.size()) / unit;
            QVERIFY2(std::abs(p.at("mean").get<double>() - mean) <= 1e-9 * std::abs(mean) + 1e-12,
                     where.c_str());
            double m2 = 0;
            for (const auto v : values)
                m2 += std::pow(double(v) / unit - mean, 2);
            const double stddev = std::sqrt(m2 / double(values.size()));
            QVERIFY2(std::abs(p.at("stddev").get<double>() - stddev) <= 1e-7 * stddev + 1e-9,
                     (where + std::to_string(stddev) + " vs " + p.at("stddev").dump()).c_str());
            for (std::size_t q = 0; q < std::size(kLevels); ++q) {
                const double exact = double(exactQuantile(values, kLevels[q])) / unit;
                const double got = p.at("quantiles").at(kLevelNames[q]).get<double>();
                const double bound =
                    exactSketches ? 1e-12 : std::abs(exact) / 256 + 0.5 / unit + 1e-12;
                QVERIFY2(std::abs(got - exact) <= bound,
                         (where + kLevelNames[q] + " " + std::to_string(got) + " vs exact " +
                          std::to_string(exact))
                             .c_str());
            }
            // The histogram: today's equal-width buckets between min and max.
            const auto& histogram = p.at("histogram");
            if (values.front() == values.back()) {
                QCOMPARE(histogram.size(), std::size_t(1));
                continue;
            }
            QCOMPARE(histogram.size(), std::size_t(20));
            const double low = double(values.front()) / unit, high = double(values.back()) / unit;
            const double width = (high - low) / 20;
            std::vector<std::uint64_t> exact(20, 0);
            for (const auto v : values)
                ++exact[std::size_t(
                    std::clamp(int(std::floor((double(v) / unit - low) / width)), 0, 19))];
            std::uint64_t total = 0;
            for (int k = 0; k < 20; ++k) {
                const auto got = histogram[std::size_t(k)].at("count").get<std::uint64_t>();
                total += got;
                std::uint64_t slack = 0;
                if (!exactSketches) {
                    // Values in the sketch bucket of either edge (within 1/128 of it) may land
                    // on the other side, and each edge's share is rounded.
                    for (const double edge : {low + width * k, low + width * (k + 1)}) {
                        const double e = edge * unit;
                        for (const auto v : values)
                            slack += std::abs(double(v) - e) <= std::abs(e) / 128 + 1;
                        slack += 1;
                    }
                }
                const auto diff = got > exact[std::size_t(k)] ? got - exact[std::size_t(k)]
                                                              : exact[std::size_t(k)] - got;
                QVERIFY2(diff <= slack,
                         (where + "bucket " + std::to_string(k) + ": " + std::to_string(got) +
                          " vs exact " + std::to_string(exact[std::size_t(k)]))
                             .c_str());
            }
            QCOMPARE(total, std::uint64_t(values.size()));
            continue;
        }
        // Categories.
        const auto& counts = c.m_texts[i];
        const auto present = c.m_rows - c.m_nulls[i];
        if (isKey(file, f)) {
            QCOMPARE(p.at("distinct").get<std::uint64_t>(), present);
            QVERIFY(p.at("top_values").empty());
            continue;
        }
        const auto distinct = p.at("distinct").get<std::uint64_t>();
        if (exactSketches || !estimated(p, "distinct")) {
            QCOMPARE(distinct, std::uint64_t(counts.size()));
        } else {
            QVERIFY2(
                std::abs(double(distinct) - double(counts.size())) <= 0.03 * double(counts.size()),
                (where + std::to_string(distinct) + " vs " + std::to_string(counts.size()))
                    .c_str());
        }
        std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        const auto& top = p.at("top_values");
        if (exactSketches || !estimated(p, "top_values")) {
            QCOMPARE(top.size(), std::min<std::size_t>(10, sorted.size()));
            for (std::size_t k = 0; k < top.size(); ++k) {
                QCOMPARE(top[k].at("value").get<std::string>(), sorted[k].first);
                QCOMPARE(top[k].at("count").get<std::uint64_t>(), sorted[k].second);
            }
            if (!sorted.empty())
                QCOMPARE(p.at("most_frequent").get<std::string>(), sorted[0].first);
        } else {
            const double bound = double(present) / 64;  // the test's topCapacity
            for (const auto& entry : top) {
                const auto value = entry.at("value").get<std::string>();
                const auto truth = counts.count(value) ? counts.at(value) : 0;
                const auto got = entry.at("count").get<std::uint64_t>();
                QVERIFY2(
                    got <= truth && double(truth - got) <= bound,
                    (where + value + ": " + std::to_string(got) + " vs " + std::to_string(truth))
                        .c_str());
            }
            // Every value more frequent than rows/capacity is among the kept ones.
            if (!sorted.empty() && double(sorted[0].second) > 2 * bound)
                QVERIFY2(
                    std::any_of(top.begin(), top.end(),
                                [&](const json& e) { return e.at("value") == sorted[0].first; }),
                    (where + sorted[0].first).c_str());
        }
        if (f.type == core::FieldType::Date && !counts.empty()) {
            QCOMPARE(p.at("min").get<std::string>(), counts.begin()->first);
            QCOMPARE(p.at("max").get<std::string>(), counts.rbegin()->first);
        }
    }
}

// The profile merged from both loan types' states against one pass over both loan types' blocks:
// every figure equal (stddev to rounding), but past the limit the top values, which must then
// stay within space-saving's bounds against the true counts of both.
// Returns how many columns' top values were estimated.
int verifyMerged(const Collector& retail, const Collector& commercial, FileType file,
                 profiling::Limits limits) {
    int estimatedTops = 0;
    profiling::BatchProfile merged(file, std::nullopt, limits);
    for (const auto* c : {&retail, &commercial}) {
        const auto lt = c == &retail ? LoanType::Retail : LoanType::Commercial;
        auto part = profiling::BatchProfile::fromState(c->m_profile.state(), file, lt, limits);
        if (!part) qFatal("the state of %s not read back", core::toText(lt).data());
        if (part->toJson() != c->m_profile.toJson()) qFatal("read back other than it was");
        merged.merge(*part);
    }
    profiling::BatchProfile direct(file, std::nullopt, limits);
    for (const auto* c : {&retail, &commercial})
        for (const auto& b : c->m_blocks)
            direct.addBlocks(b);
    const auto m = merged.toJson(), d = direct.toJson();
    if (m.at("rows") != d.at("rows") || m.at("columns").size() != d.at("columns").size())
        qFatal("rows or columns differ");
    const auto fields = core::Catalog::standard().fields(file);
    for (std::size_t i = 0; i < m.at("columns").size(); ++i) {
        auto a = m.at("columns")[i], b = d.at("columns")[i];
        const auto name = a.at("name").get<std::string>();
        const auto where = name + ": " + a.dump() + "\nvs one pass " + b.dump();
        if (b.contains("stddev") && b.at("stddev").is_number()) {
            const double x = a.at("stddev").get<double>(), y = b.at("stddev").get<double>();
            if (std::abs(x - y) > 1e-9 * y + 1e-12) qFatal("stddev: %s", where.c_str());
            a.erase("stddev");
            b.erase("stddev");
        }
        if (estimated(b, "top_values")) {
            ++estimatedTops;
            if (!estimated(a, "top_values")) qFatal("%s", where.c_str());
            // True counts over both loan types.
            const auto f = std::find_if(fields.begin(), fields.end(),
                                        [&](const auto& x) { return x.name == name; }) -
                           fields.begin();
            std::map<std::string, std::uint64_t> truth;
            for (const auto* c : {&retail, &commercial})
                for (const auto& [v, n] : c->m_texts[std::size_t(f)])
                    truth[v] += n;
            const double bound =
                double(a.at("count").get<std::uint64_t>()) / double(limits.topCapacity);
            for (const auto& entry : a.at("top_values")) {
                const auto value = entry.at("value").get<std::string>();
                const auto t = truth.count(value) ? truth.at(value) : 0;
                const auto got = entry.at("count").get<std::uint64_t>();
                if (got > t || double(t - got) > bound)
                    qFatal("%s\n%s: %llu vs true %llu", where.c_str(), value.c_str(),
                           static_cast<unsigned long long>(got),
                           static_cast<unsigned long long>(t));
            }
            // Every value more frequent than count/capacity is kept; the most frequent shown.
            std::uint64_t most = 0;
            for (const auto& [v, n] : truth)
                most = std::max(most, n);
            for (const auto& [v, n] : truth)
                if (double(n) > 2 * bound && n == most &&
                    std::none_of(a.at("top_values").begin(), a.at("top_values").end(),
                                 [&](const json& e) { return e.at("value") == v; }))
                    qFatal("%s\nmissing %s", where.c_str(), v.c_str());
            for (auto* x : {&a, &b}) {
                x->erase("top_values");
                x->erase("most_frequent");
            }
        }
        if (a != b) qFatal("%s\ndiff %s", where.c_str(), json::diff(b, a).dump().c_str());
    }
    return estimatedTops;
}

std::string generated(FileType ft, LoanType lt, std::uint64_t seed) {
    core::GeneratorOptions o;
    o.loanType = lt;
    o.creditRows = 4000;
    o.seed = seed;
    std::string text;
    const auto sink = [&](std::string_view s) { text.append(s); };
    if (ft == FileType::Credit)
        core::generateCredit(o, sink);
    else
        core::generatePaymentPlan(o, sink);
    return text;
}

}  // namespace

class TestBatchProfile final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleProfilesAreExact_data() {
        QTest::addColumn<QString>("bank");
        QTest::addColumn<int>("loanType");
        QTest::addColumn<int>("file");
        for (const char* bank : {"BANK001", "BANK002", "BANK003"})
            for (const auto lt : core::kLoanTypes)
                for (const auto ft : core::kFileTypes)
                    QTest::addRow("%s %s %s", bank, core::toText(lt).data(),
                                  core::toText(ft).data())
                        << QString::fromLatin1(bank) << int(lt) << int(ft);
    }
    void sampleProfilesAreExact() {
        QFETCH(QString, bank);
        QFETCH(int, loanType);
        QFETCH(int, file);
        const auto lt = LoanType(loanType);
        const auto ft = FileType(file);
        const auto path = std::string(FINDATA_SAMPLE_DIR) + "/" + bank.toStdString() + "/" +
                          std::string(core::toText(lt)) + "/" + std::string(core::toText(ft)) +
                          ".csv";
        const auto c = collect(ft, lt, readFile(path));
        QVERIFY(c->m_rows > 100);
        verifyProfile(*c, ft, lt, true);
    }

    // Limits far below the data: every column past them is estimated, within its bound.
    void estimatesStayWithinTheirBounds_data() {
        QTest::addColumn<int>("loanType");
        QTest::addColumn<int>("file");
        for (const auto lt : core::kLoanTypes)
            for (const auto ft : core::kFileTypes)
                QTest::addRow("%s %s", core::toText(lt).data(), core::toText(ft).data())
                    << int(lt) << int(ft);
    }
    void estimatesStayWithinTheirBounds() {
        QFETCH(int, loanType);
        QFETCH(int, file);
        const auto lt = LoanType(loanType);
        const auto ft = FileType(file);
        core::GeneratorOptions o;
        o.loanType = lt;
        o.creditRows = 4000;
        o.seed = 11;
        std::string text;
        const auto sink = [&](std::string_view s) { text.append(s); };
        if (ft == FileType::Credit)
            core::generateCredit(o, sink);
        else
            core::generatePaymentPlan(o, sink);
        const auto c = collect(ft, lt, text, profiling::Limits{8, 8, 64});
        QVERIFY(c->m_rows >= 3000);
        // The sketches did take over somewhere.
        const auto profile = c->m_profile.toJson();
        std::size_t estimated = 0;
        for (const auto& column : profile.at("columns"))
            estimated += !column.at("estimates").empty();
        QVERIFY(estimated >= 5);
        verifyProfile(*c, ft, lt, false);
    }

    // Both loan types' states merged: the samples (every figure exact) and generated portfolios
    // under limits that the union (or each part) passes.
    void mergedStatesEqualOnePassOverBoth_data() {
        QTest::addColumn<int>("file");
        QTest::addColumn<int>("limit");  // 0: the sample files, default limits
        for (const auto ft : core::kFileTypes)
            for (const int limit : {0, 8, 300, 3000})
                QTest::addRow("%s limit %d", core::toText(ft).data(), limit) << int(ft) << limit;
    }
    void mergedStatesEqualOnePassOverBoth() {
        QFETCH(int, file);
        QFETCH(int, limit);
        const auto ft = FileType(file);
        const profiling::Limits limits =
            limit == 0 ? profiling::Limits{}
                       : profiling::Limits{std::size_t(limit), std::size_t(limit), 64};
        std::unique_ptr<Collector> parts[2];
        for (const auto lt : core::kLoanTypes) {
            const auto text = limit == 0 ? readFile(std::string(FINDATA_SAMPLE_DIR) + "/BANK003/" +
                                                    std::string(core::toText(lt)) + "/" +
                                                    std::string(core::toText(ft)) + ".csv")
                                         : generated(ft, lt, lt == LoanType::Retail ? 11 : 12);
            parts[lt == LoanType::Retail ? 0 : 1] = collect(ft, lt, text, limits);
        }
        const int tops = verifyMerged(*parts[0], *parts[1], ft, limits);
        // The small limits do put the space-saving merge to the test.
        if (limit == 8) QVERIFY(tops >= 1);
        if (limit == 0) QCOMPARE(tops, 0);
        qInfo("%d columns with estimated top values", tops);
    }

    // A state is read only by the version, limits and loan type that wrote it, and never when
    // damaged: such a state reads as none (the caller scans the rows again).
    void aStateOfAnotherVersionIsNotRead() {
        const auto c =
            collect(FileType::Credit, LoanType::Retail,
                    readFile(std::string(FINDATA_SAMPLE_DIR) + "/BANK003/RETAIL/credit.csv"));
        const auto state = c->m_profile.state();
        QVERIFY(profiling::BatchProfile::fromState(state, FileType::Credit, LoanType::Retail));
        auto other = state;
        other[4] = char(profiling::BatchProfile::kStateVersion + 1);  // the version's low byte
        QVERIFY(!profiling::BatchProfile::fromState(other, FileType::Credit, LoanType::Retail));
        QVERIFY(!profiling::BatchProfile::fromState(state, FileType::Credit, LoanType::Commercial));
        QVERIFY(
            !profiling::BatchProfile::fromState(state, FileType::PaymentPlan, LoanType::Retail));
        QVERIFY(!profiling::BatchProfile::fromState(state, FileType::Credit, LoanType::Retail,
                                                    profiling::Limits{8, 8, 64}));
        for (const std::size_t cut :
             {std::size_t(3), std::size_t(40), state.size() / 2, state.size() - 1})
            QVERIFY(!profiling::BatchProfile::fromState(state.substr(0, cut), FileType::Credit,
                                                        LoanType::Retail));
        QVERIFY(
            !profiling::BatchProfile::fromState(state + "x", FileType::Credit, LoanType::Retail));
    }

    // Space-saving summaries merged: the union, with bounds that hold against the true counts.
    void spaceSavingMergeKeepsItsBounds() {
        std::map<std::string, std::uint64_t> truth;
        profiling::SpaceSaving a(16), b(16);
        std::uint64_t x = 7, n = 0;
        for (int i = 0; i < 20000; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            // Skewed: a few frequent values, many rare ones; a's and b's favourites differ.
            const auto r = (x >> 33) % 1000;
            const auto v = "v" + std::to_string(r < 500 ? r % 5 + (i % 2) * 3 : r);
            ++truth[v];
            ++n;
            (i % 2 ? a : b).add(v);
        }
        a.merge(b);
        const double bound = double(n) / 16;
        QVERIFY(a.absentBound() <= bound);
        for (const auto& e : a.top(1000)) {
            const auto t = truth.at(e.value);
            QVERIFY2(e.count - e.error <= t && t <= e.count && double(e.error) <= bound,
                     (e.value + " " + std::to_string(t)).c_str());
        }
        for (const auto& [v, t] : truth) {
            const auto kept = a.top(1000);
            if (double(t) > bound)
                QVERIFY2(std::any_of(kept.begin(), kept.end(),
                                     [&](const auto& e) { return e.value == v; }),
                         v.c_str());
        }
    }

    void relativeQuantilesAreWithinAlpha() {
        profiling::RelativeQuantiles q;
        std::vector<std::int64_t> values;
        std::uint64_t x = 12345;
        for (int i = 0; i < 100000; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const auto v = static_cast<std::int64_t>((x >> 20) % 100000000) - 20000000;
            values.push_back(v);
            q.add(v);
        }
        std::sort(values.begin(), values.end());
        for (const double level : {0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0}) {
            const double exact = double(exactQuantile(values, level));
            QVERIFY(std::abs(q.quantile(level) - exact) <= std::abs(exact) / 256 + 0.5);
        }
        // Counts below a bound: off only by the values of the bound's bucket.
        for (const double bound : {-15000000.5, -3.0, 0.0, 7.0, 255.5, 1000000.0, 79999999.0}) {
            const auto exact = std::lower_bound(values.begin(), values.end(),
                                                static_cast<std::int64_t>(std::ceil(bound))) -
                               values.begin();
            std::uint64_t near = 0;
            for (const auto v : values)
                near += std::abs(double(v) - bound) <= std::abs(bound) / 128 + 1;
            QVERIFY2(std::abs(q.countBelow(bound) - double(exact)) <= double(near),
                     std::to_string(bound).c_str());
        }
    }

    void hyperLogLogIsWithinItsError() {
        for (const std::uint64_t n : {10ULL, 1000ULL, 50000ULL, 300000ULL}) {
            profiling::HyperLogLog h;
            for (std::uint64_t i = 0; i < n; ++i)
                for (int repeat = 0; repeat < 2; ++repeat)
                    h.addHash(profiling::hashBytes("CUST_" + std::to_string(i)));
            QVERIFY2(std::abs(double(h.estimate()) - double(n)) <= 0.025 * double(n) + 1,
                     (std::to_string(n) + ": " + std::to_string(h.estimate())).c_str());
        }
    }

    void aMalformedBlockIsRefused() {
        profiling::BatchProfile p(FileType::Credit, LoanType::Retail);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, p.addBlocks(std::string("\x05\x02xx", 4)));
    }
};

QTEST_GUILESS_MAIN(TestBatchProfile)
#include "tst_batchprofile.moc"
