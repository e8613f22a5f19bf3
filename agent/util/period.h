#pragma once
// Reporting periods: a month "YYYY-MM" (the cut-off of a bank's monthly delivery). An upload
// names its period; without one it is the calendar month before the upload date (UTC).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace findata::agent {

/// True for "YYYY-MM" with a month 01..12 and a year 1900..9999.
bool isPeriod(std::string_view text);
/// The month (UTC) of a point in time, as "YYYY-MM".
std::string periodOf(std::chrono::system_clock::time_point at);
/// The default period of an upload made at `at`: the calendar month before.
std::string defaultPeriod(std::chrono::system_clock::time_point at);
/// The month before / after a period ("2026-01" → "2025-12").
std::string previousMonth(std::string_view period);
std::string nextMonth(std::string_view period);
/// `text` when it is a period, else nullopt (for parameters: see params.h).
std::optional<std::string> parsePeriod(std::string_view text);

}  // namespace findata::agent
