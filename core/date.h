#pragma once
// Calendar dates as banks write them, with real calendar checks (no 31 February).

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

namespace detail {
// Days since the epoch of 1 January of each year 1970 .. 2150 (the last closes 2149).
inline constexpr auto kYearStartDays = [] {
    std::array<std::int32_t, 181> starts{};
    for (int y = 1970; y < 2150; ++y) {
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        starts[static_cast<std::size_t>(y - 1970 + 1)] =
            starts[static_cast<std::size_t>(y - 1970)] + (leap ? 366 : 365);
    }
    return starts;
}();
// Days before the first of each month, in a common and in a leap year; [12] is the year's length.
inline constexpr std::int32_t kMonthStartDays[2][13] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
}  // namespace detail

/// The banks' usual form, YYYYMMDD, read without branching per digit: its days since the epoch
/// when it is a real day of the years 1970 .. 2149. False for anything else, which parseDate and
/// daysSinceEpoch decide (same result, slower); used on the per-row hot path.
inline bool compactDateDays(std::string_view text, std::int32_t& days) {
    if (text.size() != 8) return false;
    std::uint64_t bytes = 0;  // byte k (from the least significant) = text[k]
    std::memcpy(&bytes, text.data(), sizeof bytes);
    if constexpr (std::endian::native == std::endian::big) bytes = __builtin_bswap64(bytes);
    // Every byte '0'..'9': its high nibble is 3, and adding 6 does not carry into the next.
    constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
    if (((bytes & kHigh) | (((bytes + 0x0606060606060606ULL) & kHigh) >> 4)) !=
        0x3333333333333333ULL)
        return false;
    const std::uint64_t digits = bytes - 0x3030303030303030ULL;
    // Even bytes become the two-digit numbers YY, YY, MM, DD (each at most 99: no carry).
    const std::uint64_t pairs = digits * 10 + (digits >> 8);
    const int year = static_cast<int>((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
    const int month = static_cast<int>((pairs >> 32) & 0xFF);
    const int day = static_cast<int>((pairs >> 48) & 0xFF);
    if (year < 1970 || year > 2149 || month < 1 || month > 12 || day < 1) return false;
    const auto y = static_cast<std::size_t>(year - 1970);
    const int leap = detail::kYearStartDays[y + 1] - detail::kYearStartDays[y] == 366 ? 1 : 0;
    const auto m = static_cast<std::size_t>(month);
    if (day > detail::kMonthStartDays[leap][m] - detail::kMonthStartDays[leap][m - 1]) return false;
    days = detail::kYearStartDays[y] + detail::kMonthStartDays[leap][m - 1] + day - 1;
    return true;
}

/// "2024-01-15".
std::string toIsoString(Date d);

/// The range of ClickHouse's Date type: 1970-01-01 .. 2149-06-06.
inline constexpr std::int32_t kWarehouseMinDay = 0;
inline constexpr std::int32_t kWarehouseMaxDay = 65535;

}  // namespace findata::core
