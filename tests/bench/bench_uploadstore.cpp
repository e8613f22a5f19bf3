// Upload staging throughput on a generated retail credit file (or --file F): first the candidate
// encodings against cp + fsync (issue 14's target), then staging as the store does it (stored as
// sent: SHA-256 on a second thread, early writeback, fsync) next to cp + fsync in the same run,
// the compression after the sync, reading back either form, and zstd at intake. Wall and CPU
// seconds (of this process). Prints its figures; it is not a timed test. --cold drops the page
// cache before each measurement (root; the source is then read from the disk, as a fresh upload
// would not be).
//
// usage: bench_uploadstore [--rows N | --file F] [--repeat N] [--no-candidates] [--cold]

#include <fcntl.h>
#include <unistd.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "agent/uploads/gzip.h"
#include "agent/uploads/sha256.h"
#include "agent/uploads/uploadstore.h"
#include "agent/uploads/zstd.h"
#include "agent/util/filechunks.h"
#include "core/generator.h"
#include "tests/bench/benchsupport.h"

using namespace findata;
namespace fs = std::filesystem;

namespace {

template <typename F>
double seconds(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds of the children waited for (cp and sync).
double childCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

// What staging could do with the bytes: written as they are, gzip, or zstd at a level.
enum class Codec { None, Gzip1, Zstd };

// Copies `source` to `target` through SHA-256 (unless hash is false) and the codec, then fsyncs:
// the candidates for staging, and with Codec::None and no hash the `cp` + fsync baseline.
std::uint64_t stageVariant(const fs::path& source, const fs::path& target, Codec codec,
                           int zstdLevel, bool hash) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + target.string());
    std::uint64_t stored = 0;
    const auto out = [&](std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd, bytes.data(), bytes.size());
            if (n < 0) throw std::runtime_error("write failed");
            bytes.remove_prefix(static_cast<std::size_t>(n));
            stored += static_cast<std::uint64_t>(n);
        }
    };
    agent::Sha256 sha;
    agent::GzipDeflater gzip(1, 1 << 20);
    agent::ZstdCompressor zstd(zstdLevel);
    agent::readFileInChunks(
        source,
        [&](std::string_view chunk) {
            if (hash) sha.update(chunk);
            if (codec == Codec::Gzip1)
                gzip.write(chunk, out);
            else if (codec == Codec::Zstd)
                zstd.write(chunk, out);
            else
                out(chunk);
        },
        1 << 20);
    if (codec == Codec::Gzip1) gzip.finish(out);
    if (codec == Codec::Zstd) zstd.finish(out);
    if (hash) sha.finishHex();
    ::fsync(fd);
    ::close(fd);
    return stored;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t rows = 1'000'000;
    int repeat = 3;
    fs::path given;
    bool candidates = true;
    bool cold = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) {
            rows = std::stoull(argv[++i]);
        } else if (arg == "--file" && i + 1 < argc) {
            given = argv[++i];
        } else if (arg == "--repeat" && i + 1 < argc) {
            repeat = std::stoi(argv[++i]);
        } else if (arg == "--no-candidates") {
            candidates = false;
        } else if (arg == "--cold") {
            cold = true;
        } else {
            std::fprintf(stderr,
                         "usage: bench_uploadstore [--rows N | --file F] [--repeat N] "
                         "[--no-candidates] [--cold]\n");
            return 2;
        }
    }
    // Beside the given file (the same disk), else in the temporary directory.
    const fs::path dir = (given.empty() ? fs::temp_directory_path() : given.parent_path()) /
                         ("findata-bench-upload-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::path source = given;
    if (given.empty()) {
        source = dir / "credit.csv";
        std::FILE* f = std::fopen(source.c_str(), "wb");
        if (!f) return 1;
        core::GeneratorOptions options;
        options.creditRows = rows;
        options.seed = 7;
        core::generateCredit(options,
                             [&](std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); });
        std::fclose(f);
    }
    const std::uint64_t size = fs::file_size(source);
    std::printf("upload staging: %s, %.1f MB, page cache %s\n", source.c_str(), size / 1e6,
                cold ? "dropped before each step (cold)" : "warm (the source cached)");
    const auto settle = [&] {
        if (!cold) return;
        ::sync();
        std::FILE* drop = std::fopen("/proc/sys/vm/drop_caches", "w");
        if (!drop || std::fputs("3", drop) < 0) std::fprintf(stderr, "cannot drop the caches\n");
        if (drop) std::fclose(drop);
    };

    agent::UploadStore store(dir / "uploads");
    // The candidates, against the target "staging <= 1.5 x cp + fsync" (issue 14).
    for (int run = 0; candidates && run < repeat; ++run) {
        const fs::path target = dir / "variant";
        std::uint64_t stored = 0;
        const double cpCpuStart = bench::cpuSeconds();
        const double cp = seconds([&] { stageVariant(source, target, Codec::None, 0, false); });
        const double cpCpu = bench::cpuSeconds() - cpCpuStart;
        fs::remove(target);
        std::printf("run %d: candidates (each: read source, hash, encode, write, fsync)\n",
                    run + 1);
        std::printf("  %-42s %7.3f s  %7.1f MB/s  cpu %.3f s\n", "cp + fsync (the baseline)", cp,
                    size / cp / 1e6, cpCpu);
        struct Candidate {
            const char* name;
            Codec codec;
            int level;
        };
        for (const Candidate& c : {Candidate{"SHA-256, no compression", Codec::None, 0},
                                   Candidate{"SHA-256 + gzip level 1 (before)", Codec::Gzip1, 1},
                                   Candidate{"SHA-256 + zstd level 1", Codec::Zstd, 1},
                                   Candidate{"SHA-256 + zstd level -1 (fast)", Codec::Zstd, -1},
                                   Candidate{"SHA-256 + zstd level -3 (fast)", Codec::Zstd, -3}}) {
            const double cpuStart = bench::cpuSeconds();
            const double s =
                seconds([&] { stored = stageVariant(source, target, c.codec, c.level, true); });
            const double cpu = bench::cpuSeconds() - cpuStart;
            fs::remove(target);
            std::printf("  %-42s %7.3f s  %7.1f MB/s  %5.2f x cp  cpu %.3f s  stored %5.1f%%\n",
                        c.name, s, size / s / 1e6, s / cp, cpu, 100.0 * stored / size);
        }
    }
    // Staging as the agent does it, alternated with cp + fsync: stored as sent (SHA-256 on a
    // second thread, early writeback, fsync), then the janitor's compression after the sync;
    // and, for small disks, zstd level 1 at intake.
    agent::UploadStore raw(dir / "uploads", agent::UploadCompression::AfterSync);
    for (int run = 0; run < repeat; ++run) {
        const fs::path target = dir / "variant";
        // The baseline is coreutils' cp (in-kernel copy_file_range) and `sync FILE` (fsync).
        settle();
        const double cpCpuStart = childCpuSeconds();
        const std::string command = "cp '" + source.string() + "' '" + target.string() +
                                    "' && sync '" + target.string() + "'";
        const double cp = seconds([&] {
            if (std::system(command.c_str()) != 0) throw std::runtime_error("cp failed");
        });
        const double cpCpu = childCpuSeconds() - cpCpuStart;
        fs::remove(target);
        // As sent the way the store did before: the hash on the writing thread, one fsync.
        settle();
        double cpu = bench::cpuSeconds();
        const double serial = seconds([&] { stageVariant(source, target, Codec::None, 0, true); });
        const double serialCpu = bench::cpuSeconds() - cpu;
        fs::remove(target);
        agent::StagedFile staged;
        settle();
        cpu = bench::cpuSeconds();
        const double write = seconds(
            [&] { staged = raw.stageFile(source, "BANK001", "RETAIL", "credit", "bench"); });
        const double writeCpu = bench::cpuSeconds() - cpu;
        cpu = bench::cpuSeconds();
        settle();
        const double readRaw =
            seconds([&] { raw.read(staged.path, staged.sha256, [](std::string_view) {}); });
        const double readRawCpu = bench::cpuSeconds() - cpu;
        agent::StagedFile packed;
        settle();
        cpu = bench::cpuSeconds();
        const double compress = seconds([&] { packed = raw.compress(staged.path, staged.sha256); });
        const double compressCpu = bench::cpuSeconds() - cpu;
        raw.remove(staged.path);
        cpu = bench::cpuSeconds();
        const double read =
            seconds([&] { raw.read(packed.path, packed.sha256, [](std::string_view) {}); });
        const double readCpu = bench::cpuSeconds() - cpu;
        raw.remove(packed.path);
        agent::StagedFile atIntake;
        settle();
        cpu = bench::cpuSeconds();
        const double intake = seconds(
            [&] { atIntake = store.stageFile(source, "BANK001", "RETAIL", "credit", "bench"); });
        const double intakeCpu = bench::cpuSeconds() - cpu;
        store.remove(atIntake.path);
        std::printf("run %d: as the agent stages (target: stage <= 1.5 x cp + fsync)\n", run + 1);
        std::printf("  %-42s %7.3f s  cpu %.3f s\n", "cp + sync FILE (coreutils)", cp, cpCpu);
        std::printf("  %-42s %7.3f s  cpu %.3f s  %5.2f x cp\n",
                    "as sent, hash then write (before)", serial, serialCpu, serial / cp);
        std::printf("  %-42s %7.3f s  cpu %.3f s  %5.2f x cp  (target 1.50 x: %s)\n",
                    "stage as sent (SHA-256 || write, fsync)", write, writeCpu, write / cp,
                    write <= 1.5 * cp ? "met" : "NOT met");
        std::printf("  %-42s %7.3f s  cpu %.3f s\n", "read as sent + verify", readRaw, readRawCpu);
        std::printf("  %-42s %7.3f s  cpu %.3f s  stored %.1f%%\n",
                    "compress after the sync (+ read back)", compress, compressCpu,
                    100.0 * packed.storedBytes / size);
        std::printf("  %-42s %7.3f s  cpu %.3f s\n", "read zstd + verify", read, readCpu);
        std::printf("  %-42s %7.3f s  cpu %.3f s  %5.2f x cp\n", "stage at intake (zstd 1)", intake,
                    intakeCpu, intake / cp);
        std::fflush(stdout);
    }
    fs::remove_all(dir);
    return 0;
}
