// Free space and the reserve of the data directory: see diskspace.h.

#include "agent/util/diskspace.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace findata::agent {
namespace {

constexpr std::uint64_t kDefaultCap = 2ull << 30;  // 2 GiB
constexpr double kDefaultPercent = 10;

std::string lower(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string escapeLabel(const std::string& value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace

DiskReserve DiskReserve::parse(const std::string& text) {
    const std::string value = lower(text);
    const auto bad = [&] {
        return std::invalid_argument(
            "expected auto, a size such as 512MB or 2GB, or a share such "
            "as 5% (got '" +
            text + "')");
    };
    if (value == "auto") return {};
    if (value.empty()) throw bad();
    std::size_t digits = 0;
    while (digits < value.size() &&
           (std::isdigit(static_cast<unsigned char>(value[digits])) || value[digits] == '.'))
        ++digits;
    if (digits == 0) throw bad();
    const std::string number = value.substr(0, digits);
    std::string unit = value.substr(digits);
    while (!unit.empty() && unit.front() == ' ')
        unit.erase(0, 1);
    DiskReserve reserve;
    if (unit == "%") {
        char* end = nullptr;
        const double percent = std::strtod(number.c_str(), &end);
        if (*end != '\0' || !(percent >= 0) || percent >= 100) throw bad();
        reserve.kind = Kind::Percent;
        reserve.percent = percent;
        return reserve;
    }
    if (number.find('.') != std::string::npos) throw bad();  // sizes are whole numbers
    std::uint64_t multiplier = 1;
    if (unit == "" || unit == "b")
        multiplier = 1;
    else if (unit == "kb" || unit == "k")
        multiplier = 1ull << 10;
    else if (unit == "mb" || unit == "m")
        multiplier = 1ull << 20;
    else if (unit == "gb" || unit == "g")
        multiplier = 1ull << 30;
    else if (unit == "tb" || unit == "t")
        multiplier = 1ull << 40;
    else
        throw bad();
    std::uint64_t n = 0;
    try {
        std::size_t used = 0;
        n = std::stoull(number, &used);
        if (used != number.size()) throw bad();
    } catch (const std::out_of_range&) {
        throw bad();
    }
    if (n > UINT64_MAX / multiplier) throw bad();
    reserve.kind = Kind::Bytes;
    reserve.bytes = n * multiplier;
    return reserve;
}

std::uint64_t DiskReserve::bytesOf(std::uint64_t totalBytes) const {
    const auto share = [&](double p) {
        return static_cast<std::uint64_t>(std::floor(static_cast<double>(totalBytes) * p / 100));
    };
    switch (kind) {
        case Kind::Automatic:
            return std::min(share(kDefaultPercent), kDefaultCap);
        case Kind::Bytes:
            return bytes;
        case Kind::Percent:
            return share(percent);
    }
    return 0;
}

DiskBudget::DiskBudget(std::filesystem::path directory, DiskReserve reserve)
    : m_directory(std::move(directory)), m_reserve(reserve) {}

DiskStatus DiskBudget::status() const {
    struct statvfs fs {};
    if (::statvfs(m_directory.c_str(), &fs) != 0)
        throw std::runtime_error("free space of " + m_directory.string() +
                                 " cannot be read: " + std::strerror(errno));
    DiskStatus s;
    s.path = m_directory;
    s.freeBytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    s.totalBytes = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
    s.reserveBytes = m_reserve.bytesOf(s.totalBytes);
    return s;
}

DiskStatus DiskBudget::require(std::uint64_t bytes, const std::string& what) const {
    DiskStatus s = status();
    if (bytes == 0 && s.low())
        throw InsufficientDisk(what + " needs free space, but only " + describeBytes(s.freeBytes) +
                                   " is free on " + s.path.string() + ", below the reserve of " +
                                   describeBytes(s.reserveBytes) +
                                   " kept for the databases; free space first",
                               s, bytes);
    if (bytes > 0 && bytes > s.headroom())
        throw InsufficientDisk(what + " would leave less than the reserve of " +
                                   describeBytes(s.reserveBytes) + " free on " + s.path.string() +
                                   " (free now: " + describeBytes(s.freeBytes) +
                                   "); free space first",
                               s, bytes);
    return s;
}

std::string describeBytes(std::uint64_t bytes) {
    static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) return std::to_string(bytes) + " bytes";
    double value = static_cast<double>(bytes) / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return std::string(text) + " (" + std::to_string(bytes) + " bytes)";
}

std::string diskMetrics(const DiskStatus& status) {
    const std::string label = "{path=\"" + escapeLabel(status.path.string()) + "\"} ";
    return "# HELP findata_disk_free_bytes Free space on the data directory's filesystem.\n"
           "# TYPE findata_disk_free_bytes gauge\n"
           "findata_disk_free_bytes" +
           label + std::to_string(status.freeBytes) +
           "\n"
           "# HELP findata_disk_total_bytes Size of the data directory's filesystem.\n"
           "# TYPE findata_disk_total_bytes gauge\n"
           "findata_disk_total_bytes" +
           label + std::to_string(status.totalBytes) +
           "\n"
           "# HELP findata_disk_reserve_bytes Free space kept for the databases: uploads that "
           "would go below it are refused, syncs do not start below it.\n"
           "# TYPE findata_disk_reserve_bytes gauge\n"
           "findata_disk_reserve_bytes" +
           label + std::to_string(status.reserveBytes) + "\n";
}

}  // namespace findata::agent
