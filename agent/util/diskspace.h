#pragma once
// Free space on the agent's data directory and the reserve kept free there, so that the
// databases (embedded ones live there too) always have room to write: uploads that would eat
// into the reserve are refused, syncs do not start below it, and /health and the metrics report
// it. Figures come from statvfs: cheap enough to ask at every check.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace findata::agent {

/// How much of the data directory's filesystem is kept free: by default 10 % of it but at most
/// 2 GiB; or a fixed size; or another share.
struct DiskReserve {
    enum class Kind { Automatic, Bytes, Percent };
    Kind kind = Kind::Automatic;
    std::uint64_t bytes = 0;  // Kind::Bytes
    double percent = 0;       // Kind::Percent, 0 to 100

    /// "auto"; a size: "0" (no reserve), "1048576", "512MB", "2GB" (units kB, MB, GB, TB of
    /// 1024 as in PostgreSQL, B optional); or a share of the filesystem: "5%". Throws
    /// std::invalid_argument.
    static DiskReserve parse(const std::string& text);
    /// The reserve in bytes on a filesystem of `totalBytes`.
    std::uint64_t bytesOf(std::uint64_t totalBytes) const;
};

/// The data directory's filesystem as last looked at.
struct DiskStatus {
    std::filesystem::path path;
    std::uint64_t freeBytes = 0;  // available to unprivileged writers (f_bavail)
    std::uint64_t totalBytes = 0;
    std::uint64_t reserveBytes = 0;

    bool low() const { return freeBytes < reserveBytes; }
    /// What may still be written before the reserve is reached; 0 below it.
    std::uint64_t headroom() const { return low() ? 0 : freeBytes - reserveBytes; }
};

/// Writing something would cross the reserve (or has crossed it already); the message says
/// what, and the free space, the reserve and the size wanted.
class InsufficientDisk : public std::runtime_error {
public:
    InsufficientDisk(const std::string& message, DiskStatus status, std::uint64_t neededBytes)
        : std::runtime_error(message), m_status(std::move(status)), m_needed(neededBytes) {}
    const DiskStatus& status() const { return m_status; }
    std::uint64_t neededBytes() const { return m_needed; }

private:
    DiskStatus m_status;
    std::uint64_t m_needed;
};

/// The reserve on one directory's filesystem. Thread-safe (it holds no state).
class DiskBudget final {
public:
    DiskBudget(std::filesystem::path directory, DiskReserve reserve);

    const std::filesystem::path& directory() const { return m_directory; }

    /// Looks now; throws std::runtime_error naming the directory when statvfs fails.
    DiskStatus status() const;

    /// Throws InsufficientDisk when `bytes` more would leave less than the reserve free; `what`
    /// starts the message ("the upload of 62.0 MiB"). With 0 bytes: when free space is below the
    /// reserve already. Returns the status looked at.
    DiskStatus require(std::uint64_t bytes, const std::string& what) const;

private:
    std::filesystem::path m_directory;
    DiskReserve m_reserve;
};

/// "6.4 MiB (6710886 bytes)": sizes in messages.
std::string describeBytes(std::uint64_t bytes);

/// findata_disk_free_bytes, findata_disk_total_bytes and findata_disk_reserve_bytes (gauges,
/// label path) in the Prometheus text format, HELP and TYPE lines included.
std::string diskMetrics(const DiskStatus& status);

}  // namespace findata::agent
