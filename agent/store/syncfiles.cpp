#include "agent/store/syncfiles.h"

#include "agent/util/ids.h"

namespace findata::agent {
namespace {

const std::string kColumns =
    "sync_id::text, file_type, source, upload_id::text, original_name, size_bytes, sha256,"
    " rows_read, rows_accepted, rows_rejected, totals_file::text, totals_warehouse::text";

SyncFileRecord toRecord(const pqxx::row& row) {
    SyncFileRecord r;
    r.syncId = row[0].as<std::string>();
    const auto fileType = core::parseFileType(row[1].as<std::string>());
    if (!fileType)
        throw StoreError(StoreError::Kind::Internal,
                         "stored file type of sync " + r.syncId + " is unknown");
    r.fileType = *fileType;
    r.source = row[2].as<std::string>() == "live" ? SyncFileSource::Live : SyncFileSource::Upload;
    if (!row[3].is_null()) r.uploadId = row[3].as<std::string>();
    r.originalName = row[4].as<std::string>();
    r.sizeBytes = row[5].as<std::uint64_t>();
    r.sha256 = row[6].as<std::string>();
    r.rowsRead = row[7].as<std::uint64_t>();
    r.rowsAccepted = row[8].as<std::uint64_t>();
    r.rowsRejected = row[9].as<std::uint64_t>();
    r.totalsFile = nlohmann::json::parse(row[10].as<std::string>());
    if (!row[11].is_null()) r.totalsWarehouse = nlohmann::json::parse(row[11].as<std::string>());
    return r;
}

std::string text(core::FileType t) {
    return std::string(core::toText(t));
}

}  // namespace

std::string_view toText(SyncFileSource source) {
    return source == SyncFileSource::Live ? "live" : "upload";
}

SyncFileRepository::SyncFileRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "sync_files")) {}

void SyncFileRepository::record(const SyncFileRecord& f) {
    if (!isUuid(f.syncId))
        throw StoreError(StoreError::Kind::Invalid, "not a sync id: '" + f.syncId + "'");
    if (f.uploadId && !isUuid(*f.uploadId))
        throw StoreError(StoreError::Kind::Invalid, "not an upload id: '" + *f.uploadId + "'");
    if (!f.totalsFile.is_object() || (f.totalsWarehouse && !f.totalsWarehouse->is_object()))
        throw StoreError(StoreError::Kind::Invalid, "control totals must be JSON objects");
    std::optional<std::string> warehouse;
    if (f.totalsWarehouse) warehouse = f.totalsWarehouse->dump();
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params(
            "INSERT INTO " + m_table +
                " (sync_id, file_type, source, upload_id, original_name, size_bytes, sha256,"
                " rows_read, rows_accepted, rows_rejected, totals_file, totals_warehouse)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)"
                " ON CONFLICT (sync_id, file_type) DO UPDATE SET source = EXCLUDED.source,"
                " upload_id = EXCLUDED.upload_id, original_name = EXCLUDED.original_name,"
                " size_bytes = EXCLUDED.size_bytes, sha256 = EXCLUDED.sha256,"
                " rows_read = EXCLUDED.rows_read, rows_accepted = EXCLUDED.rows_accepted,"
                " rows_rejected = EXCLUDED.rows_rejected, totals_file = EXCLUDED.totals_file,"
                " totals_warehouse = EXCLUDED.totals_warehouse",
            f.syncId, text(f.fileType), std::string(toText(f.source)), f.uploadId,
            toValidUtf8(f.originalName), f.sizeBytes, f.sha256, f.rowsRead, f.rowsAccepted,
            f.rowsRejected, f.totalsFile.dump(), warehouse);
    });
}

void SyncFileRepository::recordWarehouseTotals(std::string_view syncId, core::FileType fileType,
                                               const nlohmann::json& totals) {
    if (!totals.is_object())
        throw StoreError(StoreError::Kind::Invalid, "control totals must be a JSON object");
    m_db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params("UPDATE " + m_table +
                                               " SET totals_warehouse = $3::jsonb"
                                               " WHERE sync_id::text = $1 AND file_type = $2",
                                           std::string(syncId), text(fileType), totals.dump());
        if (result.affected_rows() != 1)
            throw StoreError(
                StoreError::Kind::NotFound,
                "no " + text(fileType) + " file recorded for sync " + std::string(syncId));
    });
}

std::vector<SyncFileRecord> SyncFileRepository::forSync(std::string_view syncId) {
    return forSyncs({std::string(syncId)});
}

std::vector<SyncFileRecord> SyncFileRepository::forSyncs(const std::vector<std::string>& ids) {
    // An array literal of checked uuids: {id,id,…}.
    std::string valid;
    for (const auto& id : ids)
        if (isUuid(id)) valid += (valid.empty() ? "" : ",") + id;
    if (valid.empty()) return {};
    valid = '{' + valid + '}';
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<SyncFileRecord> files;
        // file_type: 'credit' sorts before 'payment_plan'.
        for (const auto& row : tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                                  " WHERE sync_id = ANY($1::uuid[])"
                                                  " ORDER BY sync_id, file_type",
                                              valid))
            files.push_back(toRecord(row));
        return files;
    });
}

}  // namespace findata::agent
