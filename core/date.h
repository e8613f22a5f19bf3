#pragma once
// Calendar dates as banks write them, with real calendar checks (no 31 February).

#include <cstdint>
#include <string>
#include <string_view>

namespace findata::core {

struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    friend bool operator==(const Date&, const Date&) = default;
    friend auto operator<=>(const Date&, const Date&) = default;
};

enum class DateError {
    None,
    Empty,      // nothing but spaces
    BadFormat,  // not YYYYMMDD, YYYY-MM-DD or DD.MM.YYYY ("2025/01/15")
    NoSuchDay,  // right shape, impossible date ("20250231", month 13)
};

struct DateParse {
    Date value;
    DateError error = DateError::None;
    bool ok() const { return error == DateError::None; }
};

/// Accepts YYYYMMDD, YYYY-MM-DD and DD.MM.YYYY; surrounding spaces are ignored.
DateParse parseDate(std::string_view text);

bool isLeapYear(int year);
int daysInMonth(int year, int month);

/// Days since 1970-01-01 (negative before it); ClickHouse Date stores this as UInt16.
std::int32_t daysSinceEpoch(Date d);
Date dateFromDaysSinceEpoch(std::int32_t days);

/// "2024-01-15".
std::string toIsoString(Date d);

/// The range of ClickHouse's Date type: 1970-01-01 .. 2149-06-06.
inline constexpr std::int32_t kWarehouseMinDay = 0;
inline constexpr std::int32_t kWarehouseMaxDay = 65535;

}  // namespace findata::core
