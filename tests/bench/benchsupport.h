#pragma once
// What the benchmarks share: memory and CPU figures of this process.

#include <malloc.h>
#include <sys/resource.h>

#include <cstring>
#include <fstream>
#include <string>

namespace findata::bench {

/// A field of /proc/self/status in kB (VmRSS:, VmHWM:), or -1.
inline long statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::strlen(key)));
    return -1;
}

/// Makes the next peak-RSS (VmHWM) reading cover only what follows.
inline void resetPeak() {
    malloc_trim(0);
    std::ofstream("/proc/self/clear_refs") << "5";
}

/// User + system CPU seconds this process has used so far.
inline double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace findata::bench
