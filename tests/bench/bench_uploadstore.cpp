// Upload staging throughput on a generated retail credit file: first the candidate encodings
// against cp + fsync (issue 14's target), then staging as the store does it (read source + zstd
// level 1 + SHA-256 + fsync) and reading back (decompress + SHA-256), plus the parts on their own
// so a slow figure can be traced. Prints its figures; it is not a timed test.
//
// usage: bench_uploadstore [--rows N] [--repeat N]

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
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

void report(const char* what, std::uint64_t bytes, double s) {
    std::printf("  %-42s %7.3f s  %7.1f MB/s\n", what, s, bytes / s / 1e6);
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
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) {
            rows = std::stoull(argv[++i]);
        } else if (arg == "--repeat" && i + 1 < argc) {
            repeat = std::stoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: bench_uploadstore [--rows N] [--repeat N]\n");
            return 2;
        }
    }
    const fs::path dir =
        fs::temp_directory_path() / ("findata-bench-upload-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const fs::path source = dir / "credit.csv";
    {
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
    std::printf("upload staging: retail credit, %llu rows, %.1f MB\n",
                static_cast<unsigned long long>(rows), size / 1e6);

    agent::UploadStore store(dir / "uploads");
    // The candidates, against the target "staging <= 1.5 x cp + fsync" (issue 14).
    for (int run = 0; run < repeat; ++run) {
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
    for (int run = 0; run < repeat; ++run) {
        agent::StagedFile staged;
        const double write = seconds(
            [&] { staged = store.stageFile(source, "BANK001", "RETAIL", "credit", "bench"); });
        const double read =
            seconds([&] { store.read(staged.path, staged.sha256, [](std::string_view) {}); });
        double decompressOnly = 0, hashOnly = 0, compressOnly = 0;
        decompressOnly = seconds([&] {
            agent::ZstdDecompressor decompressor;
            agent::readFileInChunks(staged.path, [&](std::string_view c) {
                decompressor.write(c, [](std::string_view) {});
            });
            decompressor.finish([](std::string_view) {});
        });
        hashOnly = seconds([&] {
            agent::Sha256 hash;
            agent::readFileInChunks(source, [&](std::string_view c) { hash.update(c); });
            hash.finishHex();
        });
        compressOnly = seconds([&] {
            agent::ZstdCompressor compressor(1);
            agent::readFileInChunks(
                source, [&](std::string_view c) { compressor.write(c, [](std::string_view) {}); });
            compressor.finish([](std::string_view) {});
        });
        std::printf("run %d: stored %.1f MB (%.1f%% of the original)\n", run + 1,
                    staged.storedBytes / 1e6, 100.0 * staged.storedBytes / size);
        report("write: stageFile (zstd+hash+fsync)", size, write);
        report("read: decompress + hash + verify", size, read);
        report("  zstd level 1 alone", size, compressOnly);
        report("  decompress alone", size, decompressOnly);
        report("  SHA-256 alone", size, hashOnly);
        std::fflush(stdout);
    }
    fs::remove_all(dir);
    return 0;
}
