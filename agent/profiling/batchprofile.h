#pragma once
// BatchProfile: the profile of one batch (a file of a loan type, as a sync loads it) computed
// from the Native blocks the sync sends to ClickHouse (agent/warehouse/nativeblock.h), column by
// column, in one pass — the same figures and JSON as the warehouse's profile
// (agent/warehouse/queries.h profileColumns), so /api/profiling/ can answer from it the moment
// the sync completes. BatchProfiler runs one on a thread of its own, fed by
// ProfilingInsertStream, so the sync's validating thread only copies each block once.
//
// Exact: rows, count, nulls, zeros, min, max, sum, mean (from the exact sum); dates' and flags'
// every figure; a numeric column's quantiles and histogram while it has at most
// Limits::exactNumbers distinct values; a text or code column's distinct count and top values
// while it has at most Limits::exactCategories distinct values. stddev: population standard
// deviation in binary floating point (blocks merged as Welford/Chan do: no cancellation).
// Estimated past those limits (the column's "estimates" lists which; sketches.h has the bounds):
//   quantiles  within 1/256 ≈ 0.39 % (relative) of the exact value (exact below 256 units);
//   histogram  a bucket's count is off only by values in the sketch bucket of one of its two
//              edges (values within 1/128 relative of the edge);
//   distinct   HyperLogLog, standard error 0.81 %;
//   top_values space-saving over Limits::topCapacity values: every value more frequent than
//              rows/topCapacity is found; a count overstates the true one by ≤ rows/topCapacity.
//
// state() saves every column's accumulators (statecodec.h, versioned by kStateVersion) and
// fromState() reads them back, so the profiles of several batches merge() into the profile of
// their rows together (both loan types) without reading them again. A merge is what one pass
// over all the rows computes for every exact figure (stddev to rounding: Chan's merge), for the
// quantiles, histograms and distinct counts (the sketches merge exactly: sketches.h) and for the
// choice of exact or estimated (a column is estimated when the union passes the limit); only
// top_values past the limit differ, within the same bounds (space-saving's merge, sketches.h).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/warehouse/clickhouseclient.h"
#include "core/catalog.h"

namespace findata::agent::profiling {

struct Limits {
    std::size_t exactNumbers = 4096;      // distinct values of a numeric column counted exactly
    std::size_t exactCategories = 16384;  // distinct values of a text/code column counted exactly
    std::size_t topCapacity = 1024;       // space-saving counters past exactCategories
};

class ColumnStats;
class Reader;

class BatchProfile final {
public:
    /// Without a loan type: the rows of both, every catalog column (no unique key).
    BatchProfile(core::FileType file, std::optional<core::LoanType> loanType, Limits limits = {},
                 const core::Catalog& catalog = core::Catalog::standard());
    ~BatchProfile();
    BatchProfile(BatchProfile&&) noexcept;
    BatchProfile& operator=(BatchProfile&&) noexcept;

    /// Adds the rows of one Native block as NativeBlockEncoder::finishBlock writes it (one or
    /// several blocks back to back). Throws std::runtime_error when the bytes are not such blocks.
    void addBlocks(std::string_view blocks);
    /// The length of the whole blocks at the start of `bytes` (a stream cut anywhere).
    std::size_t completeBlocks(std::string_view bytes);
    std::uint64_t rows() const { return m_rows; }

    /// The version of state()'s bytes: a state of another version is never read.
    static constexpr std::uint64_t kStateVersion = 1;
    /// Every column's accumulators, for fromState() and merge().
    std::string state() const;
    /// The profile a state() of the same file, loan type, limits and catalog saved; nullopt when
    /// the state is of another version or any of those, or damaged.
    static std::optional<BatchProfile> fromState(
        std::string_view state, core::FileType file, std::optional<core::LoanType> loanType,
        Limits limits = {}, const core::Catalog& catalog = core::Catalog::standard());
    /// Adds the rows `other` profiled to this profile: another loan type's batch to a profile
    /// of both loan types, or other rows of the same loan type (a scan split in parts). Throws
    /// std::runtime_error when a column cannot merge (a numeric unique key into both).
    void merge(const BatchProfile& other);
    /// {"rows", "columns": [...]}: profileColumns' shape (queries.h), plus per column
    /// "estimates": the names of its figures that are estimates (empty: all exact).
    nlohmann::json toJson() const;

private:
    void walkBlock(Reader& in, bool process);

    core::FileType m_file;
    std::optional<core::LoanType> m_loanType;
    Limits m_limits;
    std::span<const core::FieldSpec> m_fields;
    std::vector<std::unique_ptr<ColumnStats>> m_columns;  // per catalog field; null: not shown
    std::uint64_t m_rows = 0;
};

/// Runs a BatchProfile on a thread of its own: submit() copies a block into a bounded queue
/// (waiting while it is full, so memory stays bounded) and returns.
class BatchProfiler final {
public:
    BatchProfiler(core::FileType file, std::optional<core::LoanType> loanType, Limits limits = {});
    ~BatchProfiler();  // stops the thread; the profile is dropped
    BatchProfiler(const BatchProfiler&) = delete;
    BatchProfiler& operator=(const BatchProfiler&) = delete;

    void submit(std::string_view blocks);
    /// Waits for the queued blocks; the profile, or nullopt when it failed (logged).
    std::optional<nlohmann::json> finish();
    /// After finish() gave a profile: its BatchProfile::state().
    const std::string& state() const { return m_state; }

private:
    void run();

    core::FileType m_file;
    BatchProfile m_profile;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_queue;
    std::vector<std::string> m_spare;  // buffers to reuse
    bool m_closed = false, m_busy = false;
    std::string m_failure;
    std::string m_state;
    std::chrono::nanoseconds m_cpu{0};     // the thread's CPU time, once it ended
    std::chrono::nanoseconds m_waited{0};  // submit() waiting for room in the queue
    std::thread m_thread;
};

/// An InsertStream that also hands every write to a BatchProfiler. Each write must be whole
/// Native blocks (StagingSink writes one block per write).
class ProfilingInsertStream final : public InsertStream {
public:
    ProfilingInsertStream(std::unique_ptr<InsertStream> inner, BatchProfiler& profiler)
        : m_inner(std::move(inner)), m_profiler(profiler) {}
    void write(std::string_view bytes) override {
        m_inner->write(bytes);
        m_profiler.submit(bytes);
    }
    void finish() override { m_inner->finish(); }
    void abort() override { m_inner->abort(); }
    std::uint64_t bytesWritten() const override { return m_inner->bytesWritten(); }

private:
    std::unique_ptr<InsertStream> m_inner;
    BatchProfiler& m_profiler;
};

}  // namespace findata::agent::profiling
