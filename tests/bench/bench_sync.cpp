// A full sync on the embedded databases: generated 1,000,000-row retail credit file and
// 1,000,000-row payment plan, from staged upload to COMPLETED — wall time, rows/s and the agent's
// peak RSS — compared with clickhouse-client inserting the same raw credit file (CSVWithNames into
// String columns, no validation at all). Also the cost of the control totals' read-back after the
// swap (Warehouse::batchTotals of each file, part of every sync) against the whole sync. Prints
// its figures; not a timed test.
//
// usage: bench_sync [--rows N] [--keep]

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "agent/embedded/embeddedservers.h"
#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "core/catalog.h"
#include "core/generator.h"
#include "tests/bench/benchsupport.h"

using namespace findata;
using namespace findata::agent;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using bench::resetPeak;
using bench::statusKb;

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

void write(const fs::path& path, const std::function<void(const core::TextSink&)>& generate) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    generate([&](std::string_view s) { std::fwrite(s.data(), 1, s.size(), f); });
    std::fclose(f);
}

// clickhouse-client inserting the raw credit file into a table of String columns.
double rawInsertSeconds(EmbeddedServers& servers, ClickHouseClient& ch, const fs::path& file) {
    std::string columns;
    std::ifstream in(file);
    std::string header;
    std::getline(in, header);
    for (std::size_t pos = 0; pos <= header.size();) {
        const auto end = std::min(header.find(';', pos), header.size());
        columns += (columns.empty() ? "" : ", ") + header.substr(pos, end - pos) + " String";
        pos = end + 1;
    }
    ch.execute("CREATE DATABASE IF NOT EXISTS bench_raw");
    ch.execute("DROP TABLE IF EXISTS bench_raw.credit");
    ch.execute("CREATE TABLE bench_raw.credit (" + columns +
               ") ENGINE = MergeTree ORDER BY tuple()");
    const std::string command = "clickhouse-client --host 127.0.0.1 --port " +
                                std::to_string(servers.clickhouseTcpPort()) +
                                " --format_csv_delimiter ';' --query 'INSERT INTO bench_raw.credit "
                                "FORMAT CSVWithNames' < " +
                                file.string();
    const auto start = Clock::now();
    const int status = std::system(command.c_str());
    const double elapsed = seconds(start);
    if (status != 0) std::fprintf(stderr, "clickhouse-client failed (%d)\n", status);
    ch.execute("DROP DATABASE bench_raw");
    return elapsed;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t rows = 1'000'000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
            rows = std::stoull(argv[++i]);
        else if (std::strcmp(argv[i], "--keep") == 0)
            keep = true;
        else {
            std::fprintf(stderr, "usage: bench_sync [--rows N] [--keep]\n");
            return 2;
        }
    }
    const fs::path dir =
        fs::temp_directory_path() / ("findata-bench-sync-" + std::to_string(getpid()));
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);

    core::GeneratorOptions options;
    options.loanType = core::LoanType::Retail;
    options.creditRows = rows;
    options.paymentRows = rows;
    options.seed = 42;
    const fs::path credit = dir / "credit.csv", payment = dir / "payment_plan.csv";
    write(credit, [&](const core::TextSink& out) { core::generateCredit(options, out); });
    write(payment, [&](const core::TextSink& out) { core::generatePaymentPlan(options, out); });
    std::printf(
        "findata sync benchmark: %llu credit rows (%.0f MB) + %llu payment rows (%.0f MB)\n",
        static_cast<unsigned long long>(rows), fs::file_size(credit) / 1e6,
        static_cast<unsigned long long>(rows), fs::file_size(payment) / 1e6);

    EmbeddedServers servers(dir / "data", "", "");
    Settings settings;
    settings.dataDir = dir / "data";
    settings.pgUrl = servers.pgUrl();
    settings.clickhouseUrl = servers.clickhouseUrl();
    Services services(settings, nullptr);
    const auto tenant = TenantRepository(services.database()).create("BENCH", "benchmark").tenant;
    services.warehouse().ensureTenant(tenant.warehouseDatabase);

    auto timedSync = [&](const char* what, std::uint64_t inputRows) {
        resetPeak();
        const auto start = Clock::now();
        const auto log = services.syncEngine().run({tenant.id, core::LoanType::Retail});
        const double elapsed = seconds(start);
        std::printf("%-34s %s in %6.2f s  %9.0f rows/s  peak RSS %6.1f MB  stages %s\n", what,
                    std::string(toText(log.status)).c_str(), elapsed, inputRows / elapsed,
                    statusKb("VmHWM:") / 1024.0, log.stageTimings.dump().c_str());
        // The read-back the sync did after its swap, once more: the same query, timed alone.
        double readBack = 0;
        for (const auto& file : log.files) {
            const auto at = Clock::now();
            const auto totals = services.warehouse().batchTotals(
                tenant.warehouseDatabase, file.fileType, core::LoanType::Retail, log.batchId);
            readBack += seconds(at);
            std::printf("  control totals read-back, %-12s %llu rows\n",
                        std::string(core::toText(file.fileType)).c_str(),
                        static_cast<unsigned long long>(totals.rows));
        }
        std::printf("  read-back of the control totals    %6.3f s = %.2f %% of the sync\n",
                    readBack, 100.0 * readBack / elapsed);
        return elapsed;
    };

    const double raw = rawInsertSeconds(servers, services.clickhouse(), credit);
    std::printf("%-34s %6.2f s  %9.0f rows/s\n", "clickhouse-client raw CSV insert", raw,
                rows / raw);

    auto start = Clock::now();
    services.uploadIntake().stageFile(tenant, core::LoanType::Retail, core::FileType::Credit,
                                      credit, "bench");
    std::printf("%-34s %6.2f s\n", "staging the credit file", seconds(start));
    const double creditSync = timedSync("sync of the credit file", rows);
    std::printf("ratio (findata credit sync / raw insert) = %.2f\n", creditSync / raw);

    // A fresh package of both files (the credit file gets a trailing blank line so it is not
    // "unchanged").
    { std::ofstream(credit, std::ios::app) << '\n'; }
    start = Clock::now();
    services.uploadIntake().stageFile(tenant, core::LoanType::Retail, core::FileType::Credit,
                                      credit, "bench");
    services.uploadIntake().stageFile(tenant, core::LoanType::Retail, core::FileType::PaymentPlan,
                                      payment, "bench");
    std::printf("%-34s %6.2f s\n", "staging credit + payment plan", seconds(start));
    timedSync("sync of credit + payment plan", 2 * rows);
    if (!keep) fs::remove_all(dir);
    return 0;
}
