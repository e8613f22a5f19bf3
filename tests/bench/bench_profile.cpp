// CPU cost of a batch's profile (agent/profiling/batchprofile.h) on generated rows: the rows are
// validated and encoded as the sync's Native blocks first (not timed), then profiled (timed),
// whole and per column kind, so the sync's profiling thread can be sized against the sync; then
// its mergeable state: size, and the time to save it, read it back and merge two (what the view
// of both loan types costs without a scan).
//
// usage: bench_profile [rows] [credit|payment_plan]   (default 1,000,000 credit rows)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "agent/profiling/batchprofile.h"
#include "agent/warehouse/nativeblock.h"
#include "core/fileprocessor.h"
#include "core/generator.h"

using namespace findata;

namespace {

class Encode final : public core::RowSink {
public:
    explicit Encode(core::FileType file) : m_encoder(file, core::LoanType::Retail, "b", 0) {}
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row);
        if (m_encoder.bytes() >= (4 << 20)) flush();
    }
    void flush() {
        std::string block;
        m_encoder.finishBlock(block);
        if (!block.empty()) blocks.push_back(std::move(block));
    }
    std::vector<std::string> blocks;

private:
    agent::NativeBlockEncoder m_encoder;
};

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const auto file = argc > 2 && std::string(argv[2]) == "payment_plan"
                          ? core::FileType::PaymentPlan
                          : core::FileType::Credit;
    core::GeneratorOptions o;
    o.creditRows = file == core::FileType::Credit ? rows : rows / 12;
    o.paymentRows = rows;
    Encode encode(file);
    core::FileProcessor processor(file, core::LoanType::Retail, &encode);
    const auto feed = [&](std::string_view s) { processor.feed(s); };
    if (file == core::FileType::Credit)
        core::generateCredit(o, feed);
    else
        core::generatePaymentPlan(o, feed);
    processor.finish();
    encode.flush();
    std::size_t bytes = 0;
    for (const auto& b : encode.blocks)
        bytes += b.size();

    const auto cpu = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
    };
    const double cpuStarted = cpu();
    const auto started = std::chrono::steady_clock::now();
    agent::profiling::BatchProfile profile(file, core::LoanType::Retail);
    for (const auto& b : encode.blocks)
        profile.addBlocks(b);
    const auto json = profile.toJson();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpuSeconds = cpu() - cpuStarted;
    std::printf(
        "%s: %llu rows, %zu blocks (%.0f MB): profiled in %.3f s, %.3f s of CPU (%.0f ns/row)\n",
        std::string(core::toText(file)).c_str(), static_cast<unsigned long long>(profile.rows()),
        encode.blocks.size(), double(bytes) / 1e6, seconds, cpuSeconds,
        cpuSeconds * 1e9 / double(profile.rows()));
    {
        const auto t0 = std::chrono::steady_clock::now();
        const auto state = profile.state();
        const auto t1 = std::chrono::steady_clock::now();
        agent::profiling::BatchProfile merged(file, std::nullopt);
        for (int i = 0; i < 2; ++i)
            merged.merge(
                *agent::profiling::BatchProfile::fromState(state, file, core::LoanType::Retail));
        const auto both = merged.toJson();
        const auto t2 = std::chrono::steady_clock::now();
        const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
        std::printf(
            "state: %zu bytes, saved in %.1f ms; two read back, merged and written as "
            "JSON in %.1f ms (%llu rows)\n",
            state.size(), ms(t1 - t0), ms(t2 - t1),
            static_cast<unsigned long long>(both.at("rows").get<std::uint64_t>()));
    }
    for (const auto& c : json.at("columns"))
        if (!c.at("estimates").empty())
            std::printf("  estimated: %s %s\n", c.at("name").get<std::string>().c_str(),
                        c.at("estimates").dump().c_str());
    return 0;
}
