// Warehouse load throughput: a generated retail credit file through FileProcessor → RowBinary
// encoder → streaming INSERT into a staging table of a private ClickHouse. Prints its figures.
//
// Three runs per size, each into a fresh staging table:
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
#include <string>

#include "agent/embedded/embeddedclickhouse.h"
#include "agent/util/filechunks.h"
#include "agent/warehouse/clickhouseclient.h"
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

void report(const char* what, std::uint64_t rows, std::uint64_t bytes, double seconds) {
    std::printf("%-14s rows %9llu  %7.1f MB RowBinary  %6.3f s  %10.0f rows/s\n", what,
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
        const agent::RowBinaryEncoder encoder(core::FileType::Credit, core::LoanType::Retail,
                                              "bench", 1'750'000'000);

        // 1. encode only, keeping the body for run 2.
        std::string body;
        auto start = std::chrono::steady_clock::now();
        {
            EncodingSink sink(encoder, [&](std::string_view b) { body.append(b); });
            core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail, &sink);
            agent::readFileInChunks(csv, [&](std::string_view c) { processor.feed(c); });
            const auto& summary = processor.finish();
            sink.finish();
            report("encode only", summary.rowsAccepted, body.size(), secondsSince(start));
        }

        // 2. insert only.
        warehouse.createStaging(kDatabase, "insert_only");
        start = std::chrono::steady_clock::now();
        {
            auto stream = warehouse.insertStaging(kDatabase, core::FileType::Credit, "insert_only",
                                                  encoder.columnList());
            for (std::size_t i = 0; i < body.size(); i += kFlushBytes)
                stream->write(std::string_view(body).substr(i, kFlushBytes));
            stream->finish();
        }
        const double insertSeconds = secondsSince(start);
        report("insert only",
               warehouse.stagingRowCount(kDatabase, core::FileType::Credit, "insert_only"),
               body.size(), insertSeconds);
        const auto bodyBytes = body.size();
        body = std::string();
        // Its background merges would compete with the next run.
        warehouse.dropStaging(kDatabase, "insert_only");

        // 3. the pipeline a sync runs.
        warehouse.createStaging(kDatabase, "pipeline");
        start = std::chrono::steady_clock::now();
        std::uint64_t accepted = 0;
        {
            auto stream = warehouse.insertStaging(kDatabase, core::FileType::Credit, "pipeline",
                                                  encoder.columnList());
            EncodingSink sink(encoder, [&](std::string_view b) { stream->write(b); });
            core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail, &sink);
            agent::readFileInChunks(csv, [&](std::string_view c) { processor.feed(c); });
            accepted = processor.finish().rowsAccepted;
            sink.finish();
            stream->finish();
        }
        const double pipelineSeconds = secondsSince(start);
        const auto loaded =
            warehouse.stagingRowCount(kDatabase, core::FileType::Credit, "pipeline");
        report("pipeline", loaded, bodyBytes, pipelineSeconds);
        if (loaded != accepted) {
            std::fprintf(stderr, "loaded %llu rows of %llu accepted\n",
                         static_cast<unsigned long long>(loaded),
                         static_cast<unsigned long long>(accepted));
            status = 1;
        }
        warehouse.dropTenant(kDatabase);
        server.stop();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_warehouse: %s\n", e.what());
        status = 1;
    }
    if (!keep) fs::remove_all(dir);
    return status;
}
