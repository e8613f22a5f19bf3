#pragma once
// What the benchmarks share: memory figures of this process.

#include <malloc.h>

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

}  // namespace findata::bench
