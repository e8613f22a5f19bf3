#include "core/date.h"
#include "core/text.h"

#include <cstddef>

namespace findata::core {

namespace {

// Reads `count` digits at `pos`; -1 when any of them is not a digit.
int readDigits(std::string_view text, std::size_t pos, std::size_t count) {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (!isDigit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

void appendPadded(std::string& out, unsigned value, int width) {
    char digits[10];  // every unsigned int fits
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int i = count; i < width; ++i)
        out.push_back('0');
    for (int i = count - 1; i >= 0; --i)
        out.push_back(digits[i]);
}

}  // namespace

DateParse parseDate(std::string_view text) {
    DateParse result;
    text = trimBlanks(text);
    if (text.empty()) {
        result.error = DateError::Empty;
        return result;
    }
    int year = -1;
    int month = -1;
    int day = -1;
    if (text.size() == 8) {
        year = readDigits(text, 0, 4);
        month = readDigits(text, 4, 2);
        day = readDigits(text, 6, 2);
    } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        year = readDigits(text, 0, 4);
        month = readDigits(text, 5, 2);
        day = readDigits(text, 8, 2);
    } else if (text.size() == 10 && text[2] == '.' && text[5] == '.') {
        day = readDigits(text, 0, 2);
        month = readDigits(text, 3, 2);
        year = readDigits(text, 6, 4);
    }
    if (year < 0 || month < 0 || day < 0) {
        result.error = DateError::BadFormat;
        return result;
    }
    // Year 0 does not exist in the Gregorian calendar banks write.
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        result.error = DateError::NoSuchDay;
        return result;
    }
    result.value = Date{year, month, day};
    return result;
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && isLeapYear(year)) return 29;
    return kDays[month - 1];
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
std::int32_t daysSinceEpoch(Date d) {
    const int y = d.year - (d.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yearOfEra = y - era * 400;  // [0, 399]
    const int dayOfYear = (153 * (d.month > 2 ? d.month - 3 : d.month + 9) + 2) / 5 + d.day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

// Howard Hinnant's civil_from_days, the exact inverse of daysSinceEpoch.
Date dateFromDaysSinceEpoch(std::int32_t days) {
    const std::int32_t z = days + 719468;
    const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int dayOfEra = static_cast<int>(z - era * 146097);  // [0, 146096]
    const int yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;  // [0, 399]
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int mp = (5 * dayOfYear + 2) / 153;  // March-based month, [0, 11]
    const int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const int month = mp < 10 ? mp + 3 : mp - 9;
    const int year = yearOfEra + static_cast<int>(era) * 400 + (month <= 2 ? 1 : 0);
    return Date{year, month, day};
}

std::string toIsoString(Date d) {
    std::string out;
    out.reserve(10);
    auto year = static_cast<unsigned>(d.year);
    if (d.year < 0) {
        out.push_back('-');
        year = 0u - year;
    }
    appendPadded(out, year, 4);
    out.push_back('-');
    appendPadded(out, static_cast<unsigned>(d.month), 2);
    out.push_back('-');
    appendPadded(out, static_cast<unsigned>(d.day), 2);
    return out;
}

}  // namespace findata::core
