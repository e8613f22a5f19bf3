// Core throughput: read + validate + normalize of a generated retail credit file on one thread,
// and the peak memory of doing it. Prints its figures; it is not a timed test.
//
// usage: bench_core [--rows N[,N…]] [--file PATH] [--keep]

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "agent/util/mappedchunks.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "tests/bench/benchsupport.h"

using namespace findata;
namespace fs = std::filesystem;

namespace {

using bench::resetPeak;
using bench::statusKb;

void generate(const fs::path& path, std::uint64_t rows) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path.string());
    core::GeneratorOptions options;
    options.loanType = core::LoanType::Retail;
    options.creditRows = rows;
    options.seed = 7;
    core::generateCredit(options,
                         [&](std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); });
    std::fclose(f);
}

void measure(const fs::path& path) {
    resetPeak();
    const long baseKb = statusKb("VmRSS:");
    const double cpuStart = bench::cpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail);
    // As `check` reads it: through a sliding memory map.
    agent::mapFileInChunks(path, [&](std::string_view chunk) { processor.feed(chunk); });
    const auto& s = processor.finish();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = bench::cpuSeconds() - cpuStart;
    const long peakKb = statusKb("VmHWM:");
    // CPU time is the figure of "rows/s on one core" on a shared machine; wall time is shown too.
    std::printf(
        "%-28s rows %9llu  rejected %llu  warnings %llu  wall %.3f s  %10.0f rows/s  cpu %.3f s  "
        "%10.0f rows/cpu-s  %6.1f MB/cpu-s  peak RSS %.1f MB (%.1f MB over the process "
        "baseline)\n",
        path.filename().c_str(), static_cast<unsigned long long>(s.rowsRead),
        static_cast<unsigned long long>(s.rowsRejected),
        static_cast<unsigned long long>(s.warningCount), seconds, s.rowsRead / seconds, cpu,
        s.rowsRead / cpu, s.bytesRead / cpu / 1e6, peakKb / 1024.0, (peakKb - baseKb) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::uint64_t> sizes{100'000, 1'000'000};
    std::string file;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) {
            sizes.clear();
            std::string list = argv[++i];
            for (std::size_t pos = 0; pos <= list.size();) {
                const auto comma = list.find(',', pos);
                sizes.push_back(std::stoull(list.substr(pos, comma - pos)));
                if (comma == std::string::npos) break;
                pos = comma + 1;
            }
        } else if (arg == "--file" && i + 1 < argc) {
            file = argv[++i];
        } else if (arg == "--keep") {
            keep = true;
        } else {
            std::fprintf(stderr, "usage: bench_core [--rows N[,N...]] [--file PATH] [--keep]\n");
            return 2;
        }
    }
    std::printf("findata core benchmark: read + validate + normalize, one thread\n");
    if (!file.empty()) {
        measure(file);
        return 0;
    }
    const fs::path dir = fs::temp_directory_path() / ("findata-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    for (const auto rows : sizes) {
        const auto path = dir / ("retail_credit_" + std::to_string(rows) + ".csv");
        generate(path, rows);
        measure(path);
    }
    if (!keep) fs::remove_all(dir);
    return 0;
}
