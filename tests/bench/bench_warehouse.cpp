// Warehouse load throughput: a generated retail credit file through FileProcessor → encoder
// (RowBinary, then Native blocks) → streaming INSERT into a staging table of a private
// ClickHouse. Prints its figures.
//
// Three runs per format, each into a fresh staging table:
//   encode only   read + validate + normalize + encode, nothing sent (our side's floor)
//   insert only   the already-encoded body streamed to ClickHouse (ClickHouse's floor)
//   pipeline      everything at once, validation overlapping ClickHouse's parsing
//
// usage: bench_warehouse [--rows N] [--keep]

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "agent/embedded/embeddedclickhouse.h"
#include "agent/util/filechunks.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/nativeblock.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/warehouse.h"
#include "core/fileprocessor.h"
#include "core/generator.h"

using namespace findata;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDatabase = "bench_dw";
constexpr std::size_t kFlushBytes = 256 * 1024;

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Encodes accepted rows; hands each full buffer to `flush`.
class EncodingSink final : public core::RowSink {
public:
    EncodingSink(const agent::RowBinaryEncoder& encoder,
                 std::function<void(std::string_view)> flush)
        : m_encoder(encoder), m_flush(std::move(flush)) {
        m_buffer.reserve(kFlushBytes + 4096);
    }
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row, m_buffer);
        if (m_buffer.size() >= kFlushBytes) finish();
    }
    void finish() {
        if (!m_buffer.empty()) m_flush(m_buffer);
        m_buffer.clear();
    }

private:
    const agent::RowBinaryEncoder& m_encoder;
    std::function<void(std::string_view)> m_flush;
    std::string m_buffer;
};

// Encodes accepted rows into Native blocks of kBlockRows; hands each block to `flush`.
class NativeSink final : public core::RowSink {
public:
    static constexpr std::size_t kBlockRows = 65536;
    NativeSink(agent::NativeBlockEncoder& encoder, std::function<void(std::string_view)> flush)
        : m_encoder(encoder), m_flush(std::move(flush)) {}
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row);
        if (m_encoder.rows() >= kBlockRows) finish();
    }
    void finish() {
        m_encoder.finishBlock(m_buffer);
        if (!m_buffer.empty()) m_flush(m_buffer);
        m_buffer.clear();
    }

private:
    agent::NativeBlockEncoder& m_encoder;
    std::function<void(std::string_view)> m_flush;
    std::string m_buffer;
};

void report(const char* format, const char* what, std::uint64_t rows, std::uint64_t bytes,
            double seconds) {
    std::printf("%-9s %-12s rows %9llu  %7.1f MB  %6.3f s  %10.0f rows/s\n", format, what,
                static_cast<unsigned long long>(rows), bytes / 1e6, seconds, rows / seconds);
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t rows = 1'000'000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc) {
            rows = std::stoull(argv[++i]);
        } else if (arg == "--keep") {
            keep = true;
        } else {
            std::fprintf(stderr, "usage: bench_warehouse [--rows N] [--keep]\n");
            return 2;
        }
    }
    const fs::path dir =
        fs::temp_directory_path() / ("findata-bench-warehouse-" + std::to_string(getpid()));
    fs::create_directories(dir);
    ::chmod(dir.c_str(), 0711);  // as root, the server's account must be able to walk in
    int status = 0;
    try {
        const fs::path csv = dir / "retail_credit.csv";
        {
            std::FILE* f = std::fopen(csv.c_str(), "wb");
            if (!f) throw std::runtime_error("cannot write " + csv.string());
            core::GeneratorOptions options;
            options.loanType = core::LoanType::Retail;
            options.creditRows = rows;
            options.seed = 7;
            core::generateCredit(
                options, [&](std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); });
            std::fclose(f);
        }
        agent::EmbeddedClickHouse server;
        agent::ClickHouseClient client(server.start(dir / "ch"));
        agent::Warehouse warehouse(client);
        warehouse.ensureTenant(kDatabase);
        std::string version = client.query("SELECT version()");
        while (!version.empty() && version.back() == '\n')
            version.pop_back();
        std::printf(
            "findata warehouse benchmark: %llu generated retail credit rows (%.1f MB CSV), "
            "ClickHouse %s, insert queue %zu MiB\n",
            static_cast<unsigned long long>(rows), fs::file_size(csv) / 1e6, version.c_str(),
            agent::ClickHouseClient::Options{}.maxQueuedBytes >> 20);
        const agent::RowBinaryEncoder rowBinary(core::FileType::Credit, core::LoanType::Retail,
                                                "bench", 1'750'000'000);
        agent::NativeBlockEncoder native(core::FileType::Credit, core::LoanType::Retail, "bench",
                                         1'750'000'000);
        const auto runs = [&](const char* format, const std::string& insertFormat,
                              const auto& makeSink) {
            const std::string columns = rowBinary.columnList();
            const auto insert = [&](const std::string& key) {
                warehouse.createStaging(kDatabase, key);
                return client.startInsert("INSERT INTO " + std::string(kDatabase) + '.' +
                                          agent::stagingTable(core::FileType::Credit, key) + ' ' +
                                          columns + " FORMAT " + insertFormat);
            };
            // 1. encode only, keeping the body for run 2.
            std::string body;
            auto start = std::chrono::steady_clock::now();
            {
                auto sink = makeSink([&](std::string_view b) { body.append(b); });
                core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail,
                                              sink.get());
                agent::readFileInChunks(csv, [&](std::string_view c) { processor.feed(c); });
                const auto& summary = processor.finish();
                sink->finish();
                report(format, "encode only", summary.rowsAccepted, body.size(),
                       secondsSince(start));
            }
            // 2. insert only.
            {
                auto stream = insert("insert_only");
                start = std::chrono::steady_clock::now();
                for (std::size_t i = 0; i < body.size(); i += kFlushBytes)
                    stream->write(std::string_view(body).substr(i, kFlushBytes));
                stream->finish();
            }
            report(format, "insert only",
                   warehouse.stagingRowCount(kDatabase, core::FileType::Credit, "insert_only"),
                   body.size(), secondsSince(start));
            const auto bodyBytes = body.size();
            body = std::string();
            // Its background merges would compete with the next run.
            warehouse.dropStaging(kDatabase, "insert_only");

            // 3. the pipeline a sync runs.
            std::uint64_t accepted = 0;
            {
                auto stream = insert("pipeline");
                start = std::chrono::steady_clock::now();
                auto sink = makeSink([&](std::string_view b) { stream->write(b); });
                core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail,
                                              sink.get());
                agent::readFileInChunks(csv, [&](std::string_view c) { processor.feed(c); });
                accepted = processor.finish().rowsAccepted;
                sink->finish();
                stream->finish();
            }
            const double pipelineSeconds = secondsSince(start);
            const auto loaded =
                warehouse.stagingRowCount(kDatabase, core::FileType::Credit, "pipeline");
            report(format, "pipeline", loaded, bodyBytes, pipelineSeconds);
            warehouse.dropStaging(kDatabase, "pipeline");
            if (loaded != accepted) {
                std::fprintf(stderr, "%s: loaded %llu rows of %llu accepted\n", format,
                             static_cast<unsigned long long>(loaded),
                             static_cast<unsigned long long>(accepted));
                status = 1;
            }
        };
        runs("RowBinary", "RowBinary", [&](std::function<void(std::string_view)> flush) {
            return std::make_unique<EncodingSink>(rowBinary, std::move(flush));
        });
        runs("Native", "Native", [&](std::function<void(std::string_view)> flush) {
            return std::make_unique<NativeSink>(native, std::move(flush));
        });
        warehouse.dropTenant(kDatabase);
        server.stop();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_warehouse: %s\n", e.what());
        status = 1;
    }
    if (!keep) fs::remove_all(dir);
    return status;
}
