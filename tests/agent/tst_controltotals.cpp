// Control totals: the streaming accumulator's rows and amount sums against an independent
// computation (schoolbook addition of the values' decimal text), with negative values, values
// whose sum passes the 64-bit range, and nulls; the decimal text both ways; the comparison with
// a warehouse read-back.

#include <QtTest>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "agent/sync/controltotals.h"

using namespace findata;
using agent::ControlTotals;
using agent::ControlTotalsAccumulator;

namespace {

// A signed decimal integer as text, added digit by digit: the independent computation.
struct BigSum {
    bool negative = false;
    std::string digits = "0";  // magnitude, most significant first

    static int compareMagnitude(const std::string& a, const std::string& b) {
        if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
        return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    }
    static std::string addMagnitude(const std::string& a, const std::string& b) {
        std::string out;
        int carry = 0;
        for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
            const int x = i < a.size() ? a[a.size() - 1 - i] - '0' : 0;
            const int y = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
            out.push_back(static_cast<char>('0' + (x + y + carry) % 10));
            carry = (x + y + carry) / 10;
        }
        std::reverse(out.begin(), out.end());
        return out;
    }
    // a - b for |a| >= |b|.
    static std::string subtractMagnitude(const std::string& a, const std::string& b) {
        std::string out;
        int borrow = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            int x = a[a.size() - 1 - i] - '0' - borrow;
            const int y = i < b.size() ? b[b.size() - 1 - i] - '0' : 0;
            borrow = x < y ? 1 : 0;
            out.push_back(static_cast<char>('0' + x + 10 * borrow - y));
        }
        while (out.size() > 1 && out.back() == '0')
            out.pop_back();
        std::reverse(out.begin(), out.end());
        return out;
    }
    void add(std::string text) {
        const bool neg = !text.empty() && text[0] == '-';
        if (neg) text.erase(0, 1);
        if (neg == negative) {
            digits = addMagnitude(digits, text);
        } else if (compareMagnitude(digits, text) >= 0) {
            digits = subtractMagnitude(digits, text);
        } else {
            digits = subtractMagnitude(text, digits);
            negative = neg;
        }
        if (digits == "0") negative = false;
    }
    // As a decimal with two places.
    std::string atScale2() const {
        std::string d = digits;
        while (d.size() < 3)
            d.insert(d.begin(), '0');
        return (negative ? "-" : "") + d.substr(0, d.size() - 2) + "." + d.substr(d.size() - 2);
    }
};

std::string integerText(std::int64_t v) {
    char text[32];
    std::snprintf(text, sizeof text, "%" PRId64, v);
    return text;
}

core::TypedRow rowWith(core::FileType file, const std::vector<std::size_t>& amounts,
                       const std::vector<std::optional<std::int64_t>>& values) {
    core::TypedRow row;
    row.values.resize(core::Catalog::standard().fields(file).size());
    for (std::size_t i = 0; i < amounts.size() && i < values.size(); ++i) {
        if (!values[i]) continue;
        row.values[amounts[i]].null = false;
        row.values[amounts[i]].i = *values[i];
    }
    return row;
}

}  // namespace

class TestControlTotals final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textBothWays() {
        QCOMPARE(agent::totalText(0, 2), std::string("0.00"));
        QCOMPARE(agent::totalText(5, 2), std::string("0.05"));
        QCOMPARE(agent::totalText(-5, 2), std::string("-0.05"));
        QCOMPARE(agent::totalText(-12345, 2), std::string("-123.45"));
        QCOMPARE(agent::totalText(7, 0), std::string("7"));
        const auto smallest = std::numeric_limits<std::int64_t>::min();
        QCOMPARE(agent::totalText(agent::TotalUnits(smallest) * 4, 2),
                 std::string("-368934881474191032.32"));
        QCOMPARE(*agent::parseTotal("-368934881474191032.32", 2), agent::TotalUnits(smallest) * 4);
        QVERIFY(*agent::parseTotal("1.5", 2) == 150);
        QVERIFY(*agent::parseTotal("\\N", 2) == 0);
        QVERIFY(*agent::parseTotal("", 2) == 0);
        QVERIFY(*agent::parseTotal("12", 2) == 1200);
        QVERIFY(!agent::parseTotal("1.234", 2));
        QVERIFY(!agent::parseTotal("1,5", 2));
        QVERIFY(!agent::parseTotal("-", 2));
        QVERIFY(!agent::parseTotal("1e5", 2));
    }

    // Random rows (negative and near the int64 limits among them) against schoolbook addition.
    void sumsEqualAnIndependentComputation() {
        for (const auto file : core::kFileTypes) {
            const auto& catalog = core::Catalog::standard();
            const auto amounts = catalog.withRole(file, core::FieldRole::Amount);
            QVERIFY(!amounts.empty());
            ControlTotalsAccumulator totals(file, catalog);
            std::vector<BigSum> expected(amounts.size());
            std::mt19937_64 random(20261206 + static_cast<int>(file));
            const auto big = std::numeric_limits<std::int64_t>::max();
            for (int r = 0; r < 5000; ++r) {
                std::vector<std::optional<std::int64_t>> values;
                for (std::size_t a = 0; a < amounts.size(); ++a) {
                    std::int64_t v = 0;
                    switch (random() % 5) {
                        case 0:
                            v = big - static_cast<std::int64_t>(random() % 1000);
                            break;
                        case 1:
                            v = -big + static_cast<std::int64_t>(random() % 1000);
                            break;
                        case 2:
                            v = -static_cast<std::int64_t>(random() % 100'000'000);
                            break;
                        default:
                            v = static_cast<std::int64_t>(random() % 100'000'000'000);
                    }
                    const bool null = random() % 17 == 0;
                    values.push_back(null ? std::nullopt : std::optional(v));
                    if (!null) expected[a].add(integerText(v));
                }
                totals.add(rowWith(file, amounts, values));
            }
            const ControlTotals got = totals.totals();
            QCOMPARE(got.rows, std::uint64_t(5000));
            QCOMPARE(got.amountSums.size(), amounts.size());
            for (std::size_t a = 0; a < amounts.size(); ++a) {
                QCOMPARE(got.amountSums[a].first,
                         std::string(catalog.fields(file)[amounts[a]].name));
                QCOMPARE(got.amountSums[a].second, expected[a].atScale2());
            }
        }
    }

    // Sums past the int64 range stay exact: four times the largest value.
    void largeSumsDoNotOverflow() {
        const auto& catalog = core::Catalog::standard();
        const auto file = core::FileType::Credit;
        const auto amounts = catalog.withRole(file, core::FieldRole::Amount);
        ControlTotalsAccumulator totals(file, catalog);
        const auto big = std::numeric_limits<std::int64_t>::max();
        for (int i = 0; i < 4; ++i)
            totals.add(rowWith(file, amounts, {big, -big}));
        QCOMPARE(totals.totals().amountSums[0].second, std::string("368934881474191032.28"));
        QCOMPARE(totals.totals().amountSums[1].second, std::string("-368934881474191032.28"));
        // Nothing accepted: zero rows, zero sums.
        ControlTotalsAccumulator none(file, catalog);
        QCOMPARE(none.totals().rows, std::uint64_t(0));
        QCOMPARE(none.totals().amountSums[0].second, std::string("0.00"));
    }

    void differencesNameTheFigure() {
        const ControlTotals file{300, {{"original_loan_amount", "1500.00"}, {"b", "-2.50"}}};
        QVERIFY(!agent::totalsDifference(file, file));
        // ClickHouse's rendering of the same values agrees.
        QVERIFY(!agent::totalsDifference(
            file, ControlTotals{300, {{"original_loan_amount", "1500"}, {"b", "-2.5"}}}));
        QCOMPARE(*agent::totalsDifference(file, ControlTotals{301, file.amountSums}),
                 std::string("rows: expected 300, found 301"));
        QCOMPARE(
            *agent::totalsDifference(
                file, ControlTotals{300, {{"original_loan_amount", "1500.01"}, {"b", "-2.50"}}}),
            std::string("sum of original_loan_amount: expected 1500.00, found 1500.01"));
        QCOMPARE(*agent::totalsDifference(
                     file, ControlTotals{300, {{"original_loan_amount", "1500.00"}}}),
                 std::string("sum of b: expected -2.50, found nothing"));
        // A field without any value sums to NULL in ClickHouse: zero.
        QVERIFY(!agent::totalsDifference(ControlTotals{2, {{"x", "0.00"}}},
                                         ControlTotals{2, {{"x", "\\N"}}}));
        const auto json = agent::toJson(file);
        QCOMPARE(
            json.dump(),
            std::string(R"({"rows":300,"sums":{"b":"-2.50","original_loan_amount":"1500.00"}})"));
    }
};

QTEST_GUILESS_MAIN(TestControlTotals)
#include "tst_controltotals.moc"
