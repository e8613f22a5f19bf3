// A profile from the warehouse's Native stream: see warehouseprofile.h.

#include "agent/profiling/warehouseprofile.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <spdlog/spdlog.h>

#include "agent/profiling/batchprofile.h"
#include "agent/util/logging.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {

nlohmann::json profileFromWarehouse(ClickHouseClient& client, std::string_view database,
                                    core::FileType file, std::optional<core::LoanType> loanType,
                                    const LiveBatches& live, std::string* state) {
    std::string columns;
    for (const auto& f : core::Catalog::standard().fields(file))
        columns += (columns.empty() ? "" : ", ") + sqlIdentifier(f.name);
    const auto condition =
        loanType ? live.condition(file, *loanType) : live.condition(file, core::kLoanTypes);
    // This thread cuts the stream into whole blocks (walking them once); the profiler's own
    // thread computes the figures from them meanwhile.
    profiling::BatchProfile walker(file, loanType);
    profiling::BatchProfiler profiler(file, loanType);
    const auto started = std::chrono::steady_clock::now();
    const auto threadCpu = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
    };
    const auto cpuStarted = threadCpu();
    std::uint64_t streamed = 0;
    std::string pending;  // a block cut by the stream, until its rest arrives
    // Looking for whole blocks walks the pending bytes: only when they grew by half, so a block
    // that comes in many chunks is walked a few times, not once per chunk.
    std::size_t nextLook = 0;
    const auto take = [&] {
        const auto whole = walker.completeBlocks(pending);
        if (whole > 0) profiler.submit(std::string_view(pending).substr(0, whole));
        pending.erase(0, whole);
        nextLook = std::max<std::size_t>(pending.size() + pending.size() / 2, 1 << 20);
    };
    client.queryStream("SELECT " + columns + " FROM " + factSource(database, file) + " WHERE " +
                           condition + " FORMAT Native",
                       [&](std::string_view chunk) {
                           pending.append(chunk);
                           streamed += chunk.size();
                           if (pending.size() >= nextLook) take();
                           return true;
                       });
    take();
    if (!pending.empty())
        throw WarehouseError("the profile's stream of " + std::string(core::toText(file)) +
                             " rows ended inside a block (" + std::to_string(pending.size()) +
                             " bytes left)");
    const auto ms = [](auto d) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    logger("api")->info(
        "warehouse profile of {} ({}): {} MB streamed in {} ms; {} ms of CPU "
        "cutting blocks",
        core::toText(file), loanType ? core::toText(*loanType) : "both", streamed >> 20,
        ms(std::chrono::steady_clock::now() - started), ms(threadCpu() - cpuStarted));
    auto profile = profiler.finish();
    if (!profile)
        throw WarehouseError("the " + std::string(core::toText(file)) +
                             " rows ClickHouse streamed are not the catalog's Native blocks");
    if (state) *state = profiler.state();
    return std::move(*profile);
}

}  // namespace findata::agent
