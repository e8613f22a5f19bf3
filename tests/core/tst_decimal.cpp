#include "core/decimal.h"

#include <QtTest>

#include <limits>
#include <random>
#include <string>

using findata::core::Decimal;
using findata::core::NumberError;

Q_DECLARE_METATYPE(findata::core::NumberError)

// Decimals are compared field by field: core's own toString(Decimal) is what ADL would find for
// QCOMPARE's failure message, and it returns std::string rather than char*.
namespace findata::core {
// Found by QCOMPARE through ADL, so a failure names the error instead of printing a number.
char* toString(const NumberError& error) {
    switch (error) {
        case NumberError::None:
            return qstrdup("None");
        case NumberError::Empty:
            return qstrdup("Empty");
        case NumberError::NotANumber:
            return qstrdup("NotANumber");
        case NumberError::NotAnInteger:
            return qstrdup("NotAnInteger");
        case NumberError::TooManyDecimals:
            return qstrdup("TooManyDecimals");
        case NumberError::Overflow:
            return qstrdup("Overflow");
    }
    return qstrdup("?");
}
}  // namespace findata::core

namespace {
constexpr qint64 kInt64Max = std::numeric_limits<qint64>::max();
constexpr qint64 kInt64Min = std::numeric_limits<qint64>::min();
constexpr qint64 kDecimal18Max = 999'999'999'999'999'999;  // 9999999999999999.99 at scale 2
}  // namespace

class TestDecimal final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseDecimal_data();
    void parseDecimal();
    void parseDecimalRounding_data();
    void parseDecimalRounding();
    void parseInteger_data();
    void parseInteger();
    void parseRate_data();
    void parseRate();
    void fitsPrecision_data();
    void fitsPrecision();
    void toString_data();
    void toString();
    void textRoundTrip_data();
    void textRoundTrip();
    void fastPathAgreesWithGeneralPath();
};

void TestDecimal::parseDecimal_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("scale");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<NumberError>("error");
    QTest::addColumn<qint64>("units");

    const auto ok = NumberError::None;
    QTest::addRow("integer amount") << QByteArray("1500") << 2 << false << ok << qint64(150000);
    QTest::addRow("two decimals") << QByteArray("123.45") << 2 << false << ok << qint64(12345);
    QTest::addRow("one decimal padded") << QByteArray("123.4") << 2 << false << ok << qint64(12340);
    QTest::addRow("negative") << QByteArray("-12") << 2 << false << ok << qint64(-1200);
    QTest::addRow("negative fraction") << QByteArray("-0.5") << 2 << false << ok << qint64(-50);
    QTest::addRow("explicit plus") << QByteArray("+7.25") << 2 << false << ok << qint64(725);
    QTest::addRow("leading point") << QByteArray(".5") << 2 << false << ok << qint64(50);
    QTest::addRow("trailing point") << QByteArray("7.") << 2 << false << ok << qint64(700);
    QTest::addRow("leading zeros")
        << QByteArray("000000000000000000000042.10") << 2 << false << ok << qint64(4210);
    QTest::addRow("zero") << QByteArray("0") << 2 << false << ok << qint64(0);
    QTest::addRow("negative zero is zero") << QByteArray("-0.00") << 2 << false << ok << qint64(0);
    QTest::addRow("surrounding spaces")
        << QByteArray("  55.47 ") << 2 << false << ok << qint64(5547);
    QTest::addRow("surrounding tabs")
        << QByteArray("\t55.47\t") << 2 << false << ok << qint64(5547);
    QTest::addRow("scale zero") << QByteArray("42") << 0 << false << ok << qint64(42);
    QTest::addRow("scale six") << QByteArray("0.0217") << 6 << false << ok << qint64(21700);
    QTest::addRow("decimal comma allowed")
        << QByteArray("55,47") << 2 << true << ok << qint64(5547);
    QTest::addRow("point still fine with comma allowed")
        << QByteArray("55.47") << 2 << true << ok << qint64(5547);
    QTest::addRow("negative decimal comma") << QByteArray("-0,5") << 2 << true << ok << qint64(-50);

    // Exact at the int64 limits: no floating point in between to lose the last digit.
    QTest::addRow("int64 max at scale 0")
        << QByteArray("9223372036854775807") << 0 << false << ok << kInt64Max;
    QTest::addRow("int64 min at scale 0")
        << QByteArray("-9223372036854775808") << 0 << false << ok << kInt64Min;
    QTest::addRow("int64 max at scale 2")
        << QByteArray("92233720368547758.07") << 2 << false << ok << kInt64Max;
    QTest::addRow("17 significant digits stay exact")
        << QByteArray("12345678901234567.89") << 2 << false << ok
        << qint64(1'234'567'890'123'456'789);

    const auto nan = NumberError::NotANumber;
    QTest::addRow("empty") << QByteArray("") << 2 << false << NumberError::Empty << qint64(0);
    QTest::addRow("blank") << QByteArray("  \t ") << 2 << false << NumberError::Empty << qint64(0);
    QTest::addRow("letters") << QByteArray("abc") << 2 << false << nan << qint64(0);
    QTest::addRow("exponent") << QByteArray("1e5") << 2 << false << nan << qint64(0);
    QTest::addRow("two points") << QByteArray("1.2.3") << 2 << false << nan << qint64(0);
    QTest::addRow("double minus") << QByteArray("--1") << 2 << false << nan << qint64(0);
    QTest::addRow("plus minus") << QByteArray("+-1") << 2 << false << nan << qint64(0);
    QTest::addRow("space inside") << QByteArray("1 000") << 2 << false << nan << qint64(0);
    QTest::addRow("space after sign") << QByteArray("- 1") << 2 << false << nan << qint64(0);
    QTest::addRow("sign alone") << QByteArray("-") << 2 << false << nan << qint64(0);
    QTest::addRow("point alone") << QByteArray(".") << 2 << false << nan << qint64(0);
    QTest::addRow("trailing letter") << QByteArray("12.5x") << 2 << false << nan << qint64(0);
    QTest::addRow("trailing minus") << QByteArray("12-") << 2 << false << nan << qint64(0);
    QTest::addRow("decimal comma not allowed")
        << QByteArray("55,47") << 2 << false << nan << qint64(0);
    QTest::addRow("comma and point") << QByteArray("1,234.56") << 2 << true << nan << qint64(0);
    QTest::addRow("point and comma") << QByteArray("1.234,56") << 2 << true << nan << qint64(0);
    QTest::addRow("two commas") << QByteArray("1,2,3") << 2 << true << nan << qint64(0);
    QTest::addRow("garbage wins over overflow")
        << QByteArray("99999999999999999999x") << 2 << false << nan << qint64(0);

    QTest::addRow("three decimals at scale 2")
        << QByteArray("1.234") << 2 << false << NumberError::TooManyDecimals << qint64(0);
    QTest::addRow("any decimal at scale 0")
        << QByteArray("1.5") << 0 << false << NumberError::TooManyDecimals << qint64(0);
    QTest::addRow("excess zero decimals are exact")
        << QByteArray("1.500") << 2 << false << NumberError::None << qint64(150);
    QTest::addRow("excess zero decimals at scale 0")
        << QByteArray("7.00") << 0 << false << NumberError::None << qint64(7);

    const auto overflow = NumberError::Overflow;
    QTest::addRow("int64 max plus one")
        << QByteArray("9223372036854775808") << 0 << false << overflow << qint64(0);
    QTest::addRow("int64 min minus one")
        << QByteArray("-9223372036854775809") << 0 << false << overflow << qint64(0);
    QTest::addRow("fits as integer, not at scale 2")
        << QByteArray("92233720368547758.08") << 2 << false << overflow << qint64(0);
    QTest::addRow("padding to scale overflows")
        << QByteArray("922337203685477581") << 2 << false << overflow << qint64(0);
    QTest::addRow("very long number")
        << QByteArray("123456789012345678901234567890") << 2 << false << overflow << qint64(0);
}

void TestDecimal::parseDecimal() {
    QFETCH(QByteArray, text);
    QFETCH(int, scale);
    QFETCH(bool, decimalComma);
    QFETCH(NumberError, error);
    QFETCH(qint64, units);

    const auto parsed = findata::core::parseDecimal(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())), scale,
        decimalComma);
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.ok(), error == NumberError::None);
    if (parsed.ok()) {
        QCOMPARE(parsed.value.units, units);
        QCOMPARE(parsed.value.scale, scale);
    }
}

void TestDecimal::parseDecimalRounding_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("scale");
    QTest::addColumn<NumberError>("error");
    QTest::addColumn<qint64>("units");

    const auto ok = NumberError::None;
    QTest::addRow("half rounds up") << QByteArray("1.005") << 2 << ok << qint64(101);
    QTest::addRow("negative half rounds away from zero")
        << QByteArray("-1.005") << 2 << ok << qint64(-101);
    QTest::addRow("below half rounds down") << QByteArray("1.0049999") << 2 << ok << qint64(100);
    QTest::addRow("negative below half rounds toward zero")
        << QByteArray("-1.0049999") << 2 << ok << qint64(-100);
    QTest::addRow("above half rounds up") << QByteArray("2.675") << 2 << ok << qint64(268);
    QTest::addRow("carry into integer part") << QByteArray("9.995") << 2 << ok << qint64(1000);
    QTest::addRow("negative carry into integer part")
        << QByteArray("-9.995") << 2 << ok << qint64(-1000);
    QTest::addRow("half of the smallest unit") << QByteArray("0.005") << 2 << ok << qint64(1);
    QTest::addRow("negative half of the smallest unit")
        << QByteArray("-0.005") << 2 << ok << qint64(-1);
    QTest::addRow("tiny negative rounds to zero") << QByteArray("-0.004") << 2 << ok << qint64(0);
    QTest::addRow("round to integer") << QByteArray("2.5") << 0 << ok << qint64(3);
    QTest::addRow("negative round to integer") << QByteArray("-2.5") << 0 << ok << qint64(-3);
    QTest::addRow("exact needs no rounding") << QByteArray("1.23") << 2 << ok << qint64(123);
    QTest::addRow("rounding up past int64 max")
        << QByteArray("9223372036854775807.5") << 0 << NumberError::Overflow << qint64(0);
    QTest::addRow("rounding down to int64 min")
        << QByteArray("-9223372036854775807.5") << 0 << ok << kInt64Min;
    QTest::addRow("rounding away past int64 min")
        << QByteArray("-9223372036854775808.5") << 0 << NumberError::Overflow << qint64(0);
}

void TestDecimal::parseDecimalRounding() {
    QFETCH(QByteArray, text);
    QFETCH(int, scale);
    QFETCH(NumberError, error);
    QFETCH(qint64, units);

    const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
    const auto rounded = findata::core::parseDecimal(view, scale, false, true);
    QCOMPARE(rounded.error, error);
    if (rounded.ok()) {
        QCOMPARE(rounded.value.units, units);
        QCOMPARE(rounded.value.scale, scale);
    }
}

void TestDecimal::parseInteger_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<NumberError>("error");
    QTest::addColumn<qint64>("value");

    const auto ok = NumberError::None;
    QTest::addRow("installment count") << QByteArray("36") << ok << qint64(36);
    QTest::addRow("zero") << QByteArray("0") << ok << qint64(0);
    QTest::addRow("negative days past due") << QByteArray("-3") << ok << qint64(-3);
    QTest::addRow("explicit plus") << QByteArray("+12") << ok << qint64(12);
    QTest::addRow("leading zeros") << QByteArray("007") << ok << qint64(7);
    QTest::addRow("surrounding blanks") << QByteArray(" \t120 ") << ok << qint64(120);
    QTest::addRow("int64 max") << QByteArray("9223372036854775807") << ok << kInt64Max;
    QTest::addRow("int64 min") << QByteArray("-9223372036854775808") << ok << kInt64Min;

    QTest::addRow("empty") << QByteArray("") << NumberError::Empty << qint64(0);
    QTest::addRow("blank") << QByteArray("   ") << NumberError::Empty << qint64(0);
    QTest::addRow("fraction") << QByteArray("1.5") << NumberError::NotAnInteger << qint64(0);
    QTest::addRow("integral value with point")
        << QByteArray("1.0") << NumberError::NotAnInteger << qint64(0);
    QTest::addRow("trailing point") << QByteArray("7.") << NumberError::NotAnInteger << qint64(0);
    QTest::addRow("letters") << QByteArray("abc") << NumberError::NotANumber << qint64(0);
    QTest::addRow("exponent") << QByteArray("1e5") << NumberError::NotANumber << qint64(0);
    QTest::addRow("thousands separator")
        << QByteArray("1 000") << NumberError::NotANumber << qint64(0);
    QTest::addRow("comma") << QByteArray("1,000") << NumberError::NotANumber << qint64(0);
    QTest::addRow("double minus") << QByteArray("--1") << NumberError::NotANumber << qint64(0);
    QTest::addRow("two points") << QByteArray("1.2.3") << NumberError::NotANumber << qint64(0);
    QTest::addRow("int64 max plus one")
        << QByteArray("9223372036854775808") << NumberError::Overflow << qint64(0);
    QTest::addRow("int64 min minus one")
        << QByteArray("-9223372036854775809") << NumberError::Overflow << qint64(0);
    QTest::addRow("twenty digits")
        << QByteArray("99999999999999999999") << NumberError::Overflow << qint64(0);
}

void TestDecimal::parseInteger() {
    QFETCH(QByteArray, text);
    QFETCH(NumberError, error);
    QFETCH(qint64, value);

    const auto parsed = findata::core::parseInteger(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.ok(), error == NumberError::None);
    if (parsed.ok()) QCOMPARE(parsed.value, value);
}

void TestDecimal::parseRate_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<NumberError>("error");
    QTest::addColumn<qint64>("units");  // at scale 6

    const auto ok = NumberError::None;
    QTest::addRow("plain percent") << QByteArray("18.5") << false << ok << qint64(185000);
    QTest::addRow("plain fraction") << QByteArray("0.185") << false << ok << qint64(185000);
    QTest::addRow("percent sign") << QByteArray("18.5%") << false << ok << qint64(185000);
    QTest::addRow("percent sign after space")
        << QByteArray("18.5 %") << false << ok << qint64(185000);
    QTest::addRow("basis points") << QByteArray("1850 bps") << false << ok << qint64(185000);
    QTest::addRow("basis points no space")
        << QByteArray("1850bps") << false << ok << qint64(185000);
    QTest::addRow("basis points upper case")
        << QByteArray("1850 BPS") << false << ok << qint64(185000);
    QTest::addRow("basis points mixed case")
        << QByteArray("1850 Bps") << false << ok << qint64(185000);
    QTest::addRow("fractional basis points")
        << QByteArray("12.5 bps") << false << ok << qint64(1250);
    QTest::addRow("decimal comma percent") << QByteArray("55,47") << true << ok << qint64(554700);
    QTest::addRow("real file percent") << QByteArray("15.14") << false << ok << qint64(151400);
    QTest::addRow("one is a fraction") << QByteArray("1") << false << ok << qint64(1000000);
    QTest::addRow("one point zero is a fraction")
        << QByteArray("1.000") << false << ok << qint64(1000000);
    QTest::addRow("just above one is a percent")
        << QByteArray("1.01") << false << ok << qint64(10100);
    QTest::addRow("barely above one is a percent")
        << QByteArray("1.0000001") << false << ok << qint64(10000);
    QTest::addRow("single-digit percent") << QByteArray("5") << false << ok << qint64(50000);
    QTest::addRow("two is a percent") << QByteArray("2") << false << ok << qint64(20000);
    QTest::addRow("hundred percent") << QByteArray("100") << false << ok << qint64(1000000);
    QTest::addRow("one percent sign") << QByteArray("1%") << false << ok << qint64(10000);
    QTest::addRow("zero") << QByteArray("0") << false << ok << qint64(0);
    QTest::addRow("zero percent") << QByteArray("0%") << false << ok << qint64(0);
    QTest::addRow("leading zeros percent") << QByteArray("018.5") << false << ok << qint64(185000);
    QTest::addRow("surrounding blanks") << QByteArray("  18.5%\t") << false << ok << qint64(185000);
    QTest::addRow("negative fraction parses")
        << QByteArray("-0.05") << false << ok << qint64(-50000);
    // "> 1 is a percent" is literal: a plain negative stays as written; the validator rejects it.
    QTest::addRow("negative plain number is not a percent")
        << QByteArray("-5") << false << ok << qint64(-5000000);
    QTest::addRow("negative percent sign parses")
        << QByteArray("-5%") << false << ok << qint64(-50000);
    QTest::addRow("fraction rounds half up")
        << QByteArray("0.1234565") << false << ok << qint64(123457);
    QTest::addRow("fraction rounds down")
        << QByteArray("0.1234564") << false << ok << qint64(123456);
    QTest::addRow("percent rounds half up")
        << QByteArray("12.345675") << false << ok << qint64(123457);
    QTest::addRow("percent sign rounds down")
        << QByteArray("12.345649%") << false << ok << qint64(123456);
    QTest::addRow("negative rounds away from zero")
        << QByteArray("-0.0000005") << false << ok << qint64(-1);
    QTest::addRow("basis points round half up")
        << QByteArray("0.005 bps") << false << ok << qint64(1);

    const auto nan = NumberError::NotANumber;
    QTest::addRow("empty") << QByteArray("") << false << NumberError::Empty << qint64(0);
    QTest::addRow("blank") << QByteArray("  ") << false << NumberError::Empty << qint64(0);
    QTest::addRow("percent sign alone") << QByteArray("%") << false << nan << qint64(0);
    QTest::addRow("bps alone") << QByteArray("bps") << false << nan << qint64(0);
    QTest::addRow("two percent signs") << QByteArray("18.5%%") << false << nan << qint64(0);
    QTest::addRow("percent sign in front") << QByteArray("%18.5") << false << nan << qint64(0);
    QTest::addRow("letters") << QByteArray("abc") << false << nan << qint64(0);
    QTest::addRow("other unit") << QByteArray("18.5 pct") << false << nan << qint64(0);
    QTest::addRow("decimal comma not allowed") << QByteArray("55,47") << false << nan << qint64(0);
    QTest::addRow("comma and point") << QByteArray("1,234.5") << true << nan << qint64(0);
    QTest::addRow("exponent") << QByteArray("1e-2") << false << nan << qint64(0);
    QTest::addRow("absurdly large")
        << QByteArray("99999999999999999999") << false << NumberError::Overflow << qint64(0);
}

void TestDecimal::parseRate() {
    QFETCH(QByteArray, text);
    QFETCH(bool, decimalComma);
    QFETCH(NumberError, error);
    QFETCH(qint64, units);

    const auto parsed = findata::core::parseRate(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())), decimalComma);
    QCOMPARE(parsed.error, error);
    if (parsed.ok()) {
        QCOMPARE(parsed.value.units, units);
        QCOMPARE(parsed.value.scale, 6);
    }
}

void TestDecimal::fitsPrecision_data() {
    QTest::addColumn<qint64>("units");
    QTest::addColumn<int>("precision");
    QTest::addColumn<bool>("fits");

    QTest::addRow("Decimal(18,2) largest") << kDecimal18Max << 18 << true;
    QTest::addRow("Decimal(18,2) one unit over") << kDecimal18Max + 1 << 18 << false;
    QTest::addRow("Decimal(18,2) most negative") << -kDecimal18Max << 18 << true;
    QTest::addRow("Decimal(18,2) one unit under") << -kDecimal18Max - 1 << 18 << false;
    QTest::addRow("zero") << qint64(0) << 18 << true;
    QTest::addRow("int64 max in 18 digits") << kInt64Max << 18 << false;
    QTest::addRow("int64 min in 18 digits") << kInt64Min << 18 << false;
    QTest::addRow("int64 max in 19 digits") << kInt64Max << 19 << true;
    QTest::addRow("int64 min in 19 digits") << kInt64Min << 19 << true;
    QTest::addRow("Decimal(9,6) largest rate") << qint64(999'999'999) << 9 << true;
    QTest::addRow("Decimal(9,6) over") << qint64(1'000'000'000) << 9 << false;
    QTest::addRow("int64 max in 20 digits") << kInt64Max << 20 << true;
    QTest::addRow("zero in zero digits") << qint64(0) << 0 << true;
    QTest::addRow("one in zero digits") << qint64(1) << 0 << false;
    QTest::addRow("one digit") << qint64(9) << 1 << true;
    QTest::addRow("two digits in one") << qint64(10) << 1 << false;
}

void TestDecimal::fitsPrecision() {
    QFETCH(qint64, units);
    QFETCH(int, precision);
    QFETCH(bool, fits);
    QCOMPARE(findata::core::fitsPrecision(Decimal{units, 2}, precision), fits);
}

void TestDecimal::toString_data() {
    QTest::addColumn<qint64>("units");
    QTest::addColumn<int>("scale");
    QTest::addColumn<QByteArray>("text");

    QTest::addRow("amount") << qint64(12345) << 2 << QByteArray("123.45");
    QTest::addRow("negative amount") << qint64(-12345) << 2 << QByteArray("-123.45");
    QTest::addRow("negative half") << qint64(-50) << 2 << QByteArray("-0.50");
    QTest::addRow("small fraction") << qint64(5) << 2 << QByteArray("0.05");
    QTest::addRow("zero at scale 2") << qint64(0) << 2 << QByteArray("0.00");
    QTest::addRow("rate") << qint64(185000) << 6 << QByteArray("0.185000");
    QTest::addRow("whole rate") << qint64(1000000) << 6 << QByteArray("1.000000");
    QTest::addRow("integer") << qint64(42) << 0 << QByteArray("42");
    QTest::addRow("negative integer") << qint64(-42) << 0 << QByteArray("-42");
    QTest::addRow("zero at scale 0") << qint64(0) << 0 << QByteArray("0");
    QTest::addRow("int64 max") << kInt64Max << 2 << QByteArray("92233720368547758.07");
    QTest::addRow("int64 min") << kInt64Min << 2 << QByteArray("-92233720368547758.08");
    QTest::addRow("int64 min at scale 0") << kInt64Min << 0 << QByteArray("-9223372036854775808");
    QTest::addRow("scale wider than digits")
        << qint64(7) << 19 << QByteArray("0.0000000000000000007");
}

void TestDecimal::toString() {
    QFETCH(qint64, units);
    QFETCH(int, scale);
    QFETCH(QByteArray, text);
    QCOMPARE(QByteArray::fromStdString(findata::core::toText(Decimal{units, scale})), text);
}

void TestDecimal::textRoundTrip_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("scale");

    QTest::addRow("amount") << QByteArray("1234567.89") << 2;
    QTest::addRow("negative amount") << QByteArray("-0.01") << 2;
    QTest::addRow("Decimal(18,2) largest") << QByteArray("9999999999999999.99") << 2;
    QTest::addRow("Decimal(18,2) smallest") << QByteArray("-9999999999999999.99") << 2;
    QTest::addRow("rate") << QByteArray("0.021700") << 6;
    QTest::addRow("integer") << QByteArray("-9223372036854775808") << 0;
}

// Canonical text parses back to the same value and prints identically, so nothing drifts through
// a load.
void TestDecimal::textRoundTrip() {
    QFETCH(QByteArray, text);
    QFETCH(int, scale);
    const auto parsed = findata::core::parseDecimal(
        std::string_view(text.constData(), static_cast<std::size_t>(text.size())), scale, false);
    QVERIFY(parsed.ok());
    QCOMPARE(QByteArray::fromStdString(findata::core::toText(parsed.value)), text);
}

// The one-pass reading of plain numbers must give exactly what the general path gives. A text
// with a blank around it always takes the general path (the fast path refuses blanks and the
// general one trims them), so every random text is parsed both ways and compared: value, scale
// and error, for amounts, fractions (rounding), integers and rates, near 18-19 digits too.
void TestDecimal::fastPathAgreesWithGeneralPath() {
    std::mt19937_64 random(14);
    const std::string alphabet = "0123456789000.,-+";
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        const std::size_t length = random() % 24;
        for (std::size_t k = 0; k < length; ++k) {
            // Mostly digits, so that many texts are numbers of every length.
            const bool digit = random() % 5 != 0;
            text += digit ? char('0' + random() % 10) : alphabet[random() % alphabet.size()];
        }
        const std::string padded = " " + text;
        const bool comma = random() % 2 == 0;
        const int scale = int(random() % 8);
        const bool round = random() % 2 == 0;
        const auto fast = findata::core::parseDecimal(text, scale, comma, round);
        const auto slow = findata::core::parseDecimal(padded, scale, comma, round);
        if (fast.error != slow.error || (fast.ok() && fast.value != slow.value))
            QFAIL(qPrintable(QStringLiteral("parseDecimal(\"%1\", %2, %3, %4) differs")
                                 .arg(QString::fromStdString(text))
                                 .arg(scale)
                                 .arg(comma)
                                 .arg(round)));
        const auto fastInteger = findata::core::parseInteger(text);
        const auto slowInteger = findata::core::parseInteger(padded);
        if (fastInteger.error != slowInteger.error ||
            (fastInteger.ok() && fastInteger.value != slowInteger.value))
            QFAIL(qPrintable(
                QStringLiteral("parseInteger(\"%1\") differs").arg(QString::fromStdString(text))));
        const auto fastRate = findata::core::parseRate(text, comma);
        const auto slowRate = findata::core::parseRate(padded, comma);
        if (fastRate.error != slowRate.error || (fastRate.ok() && fastRate.value != slowRate.value))
            QFAIL(qPrintable(QStringLiteral("parseRate(\"%1\", %2) differs")
                                 .arg(QString::fromStdString(text))
                                 .arg(comma)));
    }
}

QTEST_APPLESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
