// Reporting periods: see period.h.

#include "agent/util/period.h"

#include <cstdio>
#include <ctime>

namespace findata::agent {
namespace {

std::string format(int year, int month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", year, month);
    return text;
}

std::pair<int, int> split(std::string_view period) {
    const int year = (period[0] - '0') * 1000 + (period[1] - '0') * 100 + (period[2] - '0') * 10 +
                     (period[3] - '0');
    const int month = (period[5] - '0') * 10 + (period[6] - '0');
    return {year, month};
}

}  // namespace

bool isPeriod(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return false;
    for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (text[i] < '0' || text[i] > '9') return false;
    const auto [year, month] = split(text);
    return year >= 1900 && month >= 1 && month <= 12;
}

std::optional<std::string> parsePeriod(std::string_view text) {
    if (!isPeriod(text)) return std::nullopt;
    return std::string(text);
}

std::string periodOf(std::chrono::system_clock::time_point at) {
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&t, &utc);
    return format(utc.tm_year + 1900, utc.tm_mon + 1);
}

std::string defaultPeriod(std::chrono::system_clock::time_point at) {
    return previousMonth(periodOf(at));
}

std::string previousMonth(std::string_view period) {
    const auto [year, month] = split(period);
    return month == 1 ? format(year - 1, 12) : format(year, month - 1);
}

std::string nextMonth(std::string_view period) {
    const auto [year, month] = split(period);
    return month == 12 ? format(year + 1, 1) : format(year, month + 1);
}

}  // namespace findata::agent
