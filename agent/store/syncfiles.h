#pragma once
// Sync files: per file of a sync, where it came from (the upload, or the live data re-checked),
// its row counts and its control totals — in the file, and in the warehouse after the swap.

#include "agent/store/database.h"
#include "core/catalog.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Where a file of a sync came from: the upload of the package, or the live data re-checked.
enum class SyncFileSource : std::uint8_t { Upload, Live };
std::string_view toText(SyncFileSource source);  // "upload", "live"

struct SyncFileRecord {
    std::string syncId;
    core::FileType fileType = core::FileType::Credit;
    SyncFileSource source = SyncFileSource::Upload;
    std::optional<std::string> uploadId;
    std::string originalName;
    std::uint64_t sizeBytes = 0;
    std::string sha256;  // of the bytes as uploaded
    std::uint64_t rowsRead = 0;
    std::uint64_t rowsAccepted = 0;
    std::uint64_t rowsRejected = 0;
    /// {"rows": N, "sums": {"field": "123.45", …}} over the accepted rows of the file.
    nlohmann::json totalsFile = nlohmann::json::object();
    /// The same read back from the warehouse after the swap; null until then.
    std::optional<nlohmann::json> totalsWarehouse;
};

/// The sync_files table of one tenant schema.
class SyncFileRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    SyncFileRepository(Database& db, std::string_view schema);

    /// Inserts or replaces the record of (sync, file type).
    void record(const SyncFileRecord& file);
    /// Writes the warehouse's totals of a recorded file. Throws NotFound when it is not recorded.
    void recordWarehouseTotals(std::string_view syncId, core::FileType fileType,
                               const nlohmann::json& totals);
    /// The files of one sync, credit first.
    std::vector<SyncFileRecord> forSync(std::string_view syncId);
    /// The files of many syncs in one query, credit first per sync.
    std::vector<SyncFileRecord> forSyncs(const std::vector<std::string>& syncIds);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
