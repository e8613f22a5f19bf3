#include "core/date.h"

#include <QtTest>

#include <cstdio>
#include <random>
#include <string>

using findata::core::Date;
using findata::core::DateError;

Q_DECLARE_METATYPE(findata::core::Date)
Q_DECLARE_METATYPE(findata::core::DateError)

namespace findata::core {
// Found by QCOMPARE through ADL, so failures print names and ISO dates instead of nothing.
char* toString(const DateError& error) {
    switch (error) {
        case DateError::None:
            return qstrdup("None");
        case DateError::Empty:
            return qstrdup("Empty");
        case DateError::BadFormat:
            return qstrdup("BadFormat");
        case DateError::NoSuchDay:
            return qstrdup("NoSuchDay");
    }
    return qstrdup("?");
}

char* toString(const Date& date) {
    return qstrdup(toIsoString(date).c_str());
}
}  // namespace findata::core

namespace {
std::string_view view(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

// The day after `d`, by plain calendar counting: an oracle independent of Hinnant's arithmetic.
Date nextDay(Date d) {
    if (d.day < findata::core::daysInMonth(d.year, d.month)) return {d.year, d.month, d.day + 1};
    if (d.month < 12) return {d.year, d.month + 1, 1};
    return {d.year + 1, 1, 1};
}
}  // namespace

class TestDate final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseDate_data();
    void parseDate();
    void isLeapYear_data();
    void isLeapYear();
    void daysInMonth_data();
    void daysInMonth();
    void daysSinceEpoch_data();
    void daysSinceEpoch();
    void everyDayRoundTrips();
    void warehouseRange();
    void compactDateDaysAgreesWithParseDate();
    void toIsoString_data();
    void toIsoString();
};

void TestDate::parseDate_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DateError>("error");
    QTest::addColumn<Date>("date");

    const auto ok = DateError::None;
    QTest::addRow("compact credit date") << QByteArray("20240115") << ok << Date{2024, 1, 15};
    QTest::addRow("iso scheduled date") << QByteArray("2024-01-15") << ok << Date{2024, 1, 15};
    QTest::addRow("dotted european date") << QByteArray("15.01.2024") << ok << Date{2024, 1, 15};
    QTest::addRow("surrounding spaces") << QByteArray("  20240115 ") << ok << Date{2024, 1, 15};
    QTest::addRow("surrounding tabs") << QByteArray("\t2024-01-15\t") << ok << Date{2024, 1, 15};
    QTest::addRow("leap day 2024") << QByteArray("20240229") << ok << Date{2024, 2, 29};
    QTest::addRow("leap day 2000") << QByteArray("2000-02-29") << ok << Date{2000, 2, 29};
    QTest::addRow("leap day dotted") << QByteArray("29.02.1996") << ok << Date{1996, 2, 29};
    QTest::addRow("31 January") << QByteArray("20250131") << ok << Date{2025, 1, 31};
    QTest::addRow("30 April") << QByteArray("2025-04-30") << ok << Date{2025, 4, 30};
    QTest::addRow("31 December") << QByteArray("31.12.2025") << ok << Date{2025, 12, 31};
    QTest::addRow("first year") << QByteArray("00010101") << ok << Date{1, 1, 1};
    QTest::addRow("last year") << QByteArray("9999-12-31") << ok << Date{9999, 12, 31};
    QTest::addRow("before the epoch") << QByteArray("19000301") << ok << Date{1900, 3, 1};

    QTest::addRow("empty") << QByteArray("") << DateError::Empty << Date{};
    QTest::addRow("blank") << QByteArray(" \t ") << DateError::Empty << Date{};

    const auto bad = DateError::BadFormat;
    QTest::addRow("slashes") << QByteArray("2025/01/15") << bad << Date{};
    QTest::addRow("single-digit month and day") << QByteArray("2025-1-5") << bad << Date{};
    QTest::addRow("slashed european") << QByteArray("15/01/2025") << bad << Date{};
    QTest::addRow("trailing letter") << QByteArray("20250115x") << bad << Date{};
    QTest::addRow("seven digits") << QByteArray("2025011") << bad << Date{};
    QTest::addRow("nine digits") << QByteArray("202501150") << bad << Date{};
    QTest::addRow("two-digit year dotted") << QByteArray("15.01.25") << bad << Date{};
    QTest::addRow("dashed european") << QByteArray("15-01-2025") << bad << Date{};
    QTest::addRow("dotted iso order") << QByteArray("2025.01.15") << bad << Date{};
    QTest::addRow("mixed separators") << QByteArray("2025-01.15") << bad << Date{};
    QTest::addRow("letter inside") << QByteArray("2025O115") << bad << Date{};
    QTest::addRow("signed compact") << QByteArray("+2025011") << bad << Date{};
    QTest::addRow("space inside") << QByteArray("2025 0115") << bad << Date{};
    QTest::addRow("iso with time") << QByteArray("2025-01-15T00:00") << bad << Date{};
    QTest::addRow("word") << QByteArray("yesterday") << bad << Date{};

    const auto noDay = DateError::NoSuchDay;
    QTest::addRow("31 February") << QByteArray("20250231") << noDay << Date{};
    QTest::addRow("29 February non-leap") << QByteArray("2025-02-29") << noDay << Date{};
    QTest::addRow("29 February 1900") << QByteArray("29.02.1900") << noDay << Date{};
    QTest::addRow("31 April") << QByteArray("20250431") << noDay << Date{};
    QTest::addRow("31 June") << QByteArray("2025-06-31") << noDay << Date{};
    QTest::addRow("31 September") << QByteArray("31.09.2025") << noDay << Date{};
    QTest::addRow("31 November") << QByteArray("20251131") << noDay << Date{};
    QTest::addRow("month 0") << QByteArray("20250015") << noDay << Date{};
    QTest::addRow("month 13") << QByteArray("2025-13-01") << noDay << Date{};
    QTest::addRow("day 0") << QByteArray("00.01.2025") << noDay << Date{};
    QTest::addRow("day 32") << QByteArray("20250132") << noDay << Date{};
    QTest::addRow("year 0") << QByteArray("00000101") << noDay << Date{};
    QTest::addRow("all zeros") << QByteArray("0000-00-00") << noDay << Date{};
    QTest::addRow("all nines") << QByteArray("99999999") << noDay << Date{};
}

void TestDate::parseDate() {
    QFETCH(QByteArray, text);
    QFETCH(DateError, error);
    QFETCH(Date, date);

    const auto parsed = findata::core::parseDate(view(text));
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.ok(), error == DateError::None);
    if (parsed.ok()) QCOMPARE(parsed.value, date);
}

void TestDate::isLeapYear_data() {
    QTest::addColumn<int>("year");
    QTest::addColumn<bool>("leap");

    QTest::addRow("divisible by 4") << 2024 << true;
    QTest::addRow("not divisible by 4") << 2025 << false;
    QTest::addRow("century") << 1900 << false;
    QTest::addRow("century 2100") << 2100 << false;
    QTest::addRow("divisible by 400") << 2000 << true;
    QTest::addRow("divisible by 400 again") << 2400 << true;
    QTest::addRow("year 4") << 4 << true;
    QTest::addRow("year 1") << 1 << false;
}

void TestDate::isLeapYear() {
    QFETCH(int, year);
    QFETCH(bool, leap);
    QCOMPARE(findata::core::isLeapYear(year), leap);
}

void TestDate::daysInMonth_data() {
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("days");

    QTest::addRow("January") << 2025 << 1 << 31;
    QTest::addRow("February") << 2025 << 2 << 28;
    QTest::addRow("February leap") << 2024 << 2 << 29;
    QTest::addRow("February 1900") << 1900 << 2 << 28;
    QTest::addRow("February 2000") << 2000 << 2 << 29;
    QTest::addRow("April") << 2025 << 4 << 30;
    QTest::addRow("July") << 2025 << 7 << 31;
    QTest::addRow("August") << 2025 << 8 << 31;
    QTest::addRow("September") << 2025 << 9 << 30;
    QTest::addRow("December") << 2025 << 12 << 31;
    QTest::addRow("month 0 has no days") << 2025 << 0 << 0;
    QTest::addRow("month 13 has no days") << 2025 << 13 << 0;
}

void TestDate::daysInMonth() {
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, days);
    QCOMPARE(findata::core::daysInMonth(year, month), days);
}

void TestDate::daysSinceEpoch_data() {
    QTest::addColumn<Date>("date");
    QTest::addColumn<int>("days");

    // Anchors are the values ClickHouse's Date and Unix time give for the same calendar days.
    QTest::addRow("epoch") << Date{1970, 1, 1} << 0;
    QTest::addRow("day before epoch") << Date{1969, 12, 31} << -1;
    QTest::addRow("day after epoch") << Date{1970, 1, 2} << 1;
    QTest::addRow("y2k") << Date{2000, 1, 1} << 10957;
    QTest::addRow("after leap day 2000") << Date{2000, 3, 1} << 11017;
    QTest::addRow("2024-01-15") << Date{2024, 1, 15} << 19737;
    QTest::addRow("warehouse last day") << Date{2149, 6, 6} << 65535;
    QTest::addRow("year 1") << Date{1, 1, 1} << -719162;
    QTest::addRow("year 9999") << Date{9999, 12, 31} << 2932896;
}

void TestDate::daysSinceEpoch() {
    QFETCH(Date, date);
    QFETCH(int, days);
    QCOMPARE(findata::core::daysSinceEpoch(date), days);
    QCOMPARE(findata::core::dateFromDaysSinceEpoch(days), date);
}

// Walks every day of years 1..9999 with a plain calendar counter and checks both conversions
// against it; the loop avoids QCOMPARE per day to stay fast.
void TestDate::everyDayRoundTrips() {
    const std::int32_t first = findata::core::daysSinceEpoch(Date{1, 1, 1});
    const std::int32_t last = findata::core::daysSinceEpoch(Date{9999, 12, 31});
    Date expected{1, 1, 1};
    for (std::int32_t day = first; day <= last; ++day) {
        const Date date = findata::core::dateFromDaysSinceEpoch(day);
        if (date != expected) {
            QFAIL(
                qPrintable(QStringLiteral("day %1 gave %2, expected %3")
                               .arg(day)
                               .arg(QString::fromStdString(findata::core::toIsoString(date)),
                                    QString::fromStdString(findata::core::toIsoString(expected)))));
        }
        if (findata::core::daysSinceEpoch(date) != day) {
            QFAIL(qPrintable(QStringLiteral("%1 did not map back to day %2")
                                 .arg(QString::fromStdString(findata::core::toIsoString(date)))
                                 .arg(day)));
        }
        expected = nextDay(expected);
    }
    QCOMPARE(expected, (Date{10000, 1, 1}));
}

void TestDate::warehouseRange() {
    QCOMPARE(findata::core::daysSinceEpoch(Date{1970, 1, 1}), findata::core::kWarehouseMinDay);
    QCOMPARE(findata::core::daysSinceEpoch(Date{2149, 6, 6}), findata::core::kWarehouseMaxDay);
    QVERIFY(findata::core::daysSinceEpoch(Date{2149, 6, 7}) > findata::core::kWarehouseMaxDay);
    QVERIFY(findata::core::daysSinceEpoch(Date{1969, 12, 31}) < findata::core::kWarehouseMinDay);
}

// The hot path's YYYYMMDD reader must give exactly parseDate + daysSinceEpoch wherever it
// answers, and answer for every real day of 1970 .. 2149: every (year, month, day) text around
// that range, impossible ones included, and random 8-byte texts of digits and other bytes.
void TestDate::compactDateDaysAgreesWithParseDate() {
    // Empty when both agree, else what differs.
    const auto differs = [](const std::string& text) -> QString {
        std::int32_t days = -1;
        const bool fast = findata::core::compactDateDays(text, days);
        const auto parsed = findata::core::parseDate(text);
        const bool inRange = parsed.ok() && parsed.value.year >= 1970 && parsed.value.year <= 2149;
        if (fast == inRange && (!fast || days == findata::core::daysSinceEpoch(parsed.value)))
            return {};
        return QStringLiteral("compactDateDays(\"%1\") = %2 (%3), parseDate ok %4")
            .arg(QString::fromStdString(text))
            .arg(fast)
            .arg(days)
            .arg(parsed.ok());
    };
    char text[16];
    for (int year = 1960; year <= 2160; ++year)
        for (int month = 0; month <= 13; ++month)
            for (int day = 0; day <= 32; ++day) {
                std::snprintf(text, sizeof text, "%04d%02d%02d", year, month, day);
                if (const auto problem = differs(text); !problem.isEmpty())
                    QFAIL(qPrintable(problem));
            }
    std::mt19937_64 random(14);
    const std::string alphabet = "0123456789/:-. \xff";
    for (int i = 0; i < 200000; ++i) {
        std::string t(8, '0');
        for (char& c : t)
            c = random() % 4 != 0 ? char('0' + random() % 10)
                                  : alphabet[random() % alphabet.size()];
        if (const auto problem = differs(t); !problem.isEmpty()) QFAIL(qPrintable(problem));
    }
    std::int32_t days = 0;
    QVERIFY(!findata::core::compactDateDays("2024011", days));
    QVERIFY(!findata::core::compactDateDays("202401150", days));
    QVERIFY(!findata::core::compactDateDays("2024-01-15", days));
}

void TestDate::toIsoString_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("iso");

    QTest::addRow("compact") << QByteArray("20240115") << QByteArray("2024-01-15");
    QTest::addRow("iso") << QByteArray("2024-01-15") << QByteArray("2024-01-15");
    QTest::addRow("dotted") << QByteArray("05.03.2024") << QByteArray("2024-03-05");
    QTest::addRow("small year padded") << QByteArray("00990704") << QByteArray("0099-07-04");
    QTest::addRow("last day") << QByteArray("31.12.9999") << QByteArray("9999-12-31");
}

void TestDate::toIsoString() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, iso);
    const auto parsed = findata::core::parseDate(view(text));
    QVERIFY(parsed.ok());
    QCOMPARE(QByteArray::fromStdString(findata::core::toIsoString(parsed.value)), iso);
    // The canonical form is itself accepted and means the same day.
    const auto reparsed = findata::core::parseDate(view(iso));
    QVERIFY(reparsed.ok());
    QCOMPARE(reparsed.value, parsed.value);
}

QTEST_APPLESS_MAIN(TestDate)
#include "tst_date.moc"
