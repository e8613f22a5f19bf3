#include "agent/store/uploads.h"

#include "agent/util/ids.h"
#include "agent/util/period.h"

#include <array>
#include <regex>

namespace findata::agent {

namespace {

std::optional<std::string> optionalText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

constexpr std::array<std::string_view, 5> kStatusNames = {"STAGED", "SYNCED", "SUPERSEDED",
                                                          "DELETED", "UNCHANGED"};

const std::string kColumns =
    "id::text, loan_type, file_type, original_name, path, size_bytes, stored_bytes, sha256,"
    " status, " +
    epochMicrosSql("uploaded_at") + ", uploaded_by, sync_id::text, " + epochMicrosSql("synced_at") +
    ", same_as::text, period";

Upload toUpload(const pqxx::row& row) {
    Upload u;
    u.id = row[0].as<std::string>();
    const auto loanType = core::parseLoanType(row[1].as<std::string>());
    const auto fileType = core::parseFileType(row[2].as<std::string>());
    const auto status = parseUploadStatus(row[8].as<std::string>());
    if (!loanType || !fileType || !status) {
        throw StoreError(StoreError::Kind::Internal, "stored upload " + u.id + " is unreadable");
    }
    u.loanType = *loanType;
    u.fileType = *fileType;
    u.originalName = row[3].as<std::string>();
    u.path = row[4].as<std::string>();
    u.sizeBytes = row[5].as<std::uint64_t>();
    u.storedBytes = row[6].as<std::uint64_t>();
    u.sha256 = row[7].as<std::string>();
    u.status = *status;
    u.uploadedAt = fromMicros(row[9].as<std::int64_t>());
    u.uploadedBy = row[10].as<std::string>();
    u.syncId = optionalText(row[11]);
    if (!row[12].is_null()) u.syncedAt = fromMicros(row[12].as<std::int64_t>());
    u.sameAs = optionalText(row[13]);
    u.period = row[14].as<std::string>();
    return u;
}

std::string text(core::LoanType t) {
    return std::string(core::toText(t));
}
std::string text(core::FileType t) {
    return std::string(core::toText(t));
}

// The upload's period, checked; empty: the month before now.
std::string periodOf(const NewUpload& upload) {
    if (upload.period.empty()) return defaultPeriod(std::chrono::system_clock::now());
    if (!isPeriod(upload.period))
        throw StoreError(StoreError::Kind::Invalid,
                         "not a period: '" + upload.period + "' (expected YYYY-MM)");
    return upload.period;
}

}  // namespace

std::string_view toText(UploadStatus status) {
    return kStatusNames.at(static_cast<std::size_t>(status));
}

std::span<const std::string_view> uploadStatusNames() {
    return kStatusNames;
}

std::optional<UploadStatus> parseUploadStatus(std::string_view text) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) return static_cast<UploadStatus>(i);
    }
    return std::nullopt;
}

UploadRepository::UploadRepository(Database& db, std::string_view schema)
    : m_db(db), m_schema(schema), m_table(qualifiedTable(schema, "uploads")) {}

Upload UploadRepository::add(const NewUpload& upload) {
    static const std::regex kSha256("^[0-9a-f]{64}$");
    if (!std::regex_match(upload.sha256, kSha256)) {
        throw StoreError(StoreError::Kind::Invalid, "sha256 must be 64 lower-case hex digits");
    }
    if (!upload.id.empty() && !isUuid(upload.id)) {
        throw StoreError(StoreError::Kind::Invalid, "not an upload id: '" + upload.id + "'");
    }
    if (upload.path.empty()) throw StoreError(StoreError::Kind::Invalid, "upload path is empty");
    const std::string id = upload.id.empty() ? newUuid() : upload.id;
    const std::string period = periodOf(upload);
    return m_db.transact([&](pqxx::work& tx) {
        // Serializes concurrent uploads of one kind, so exactly one stays STAGED.
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                       "findata:upload:" + m_schema + ':' + text(upload.loanType) + ':' +
                           text(upload.fileType));
        tx.exec_params("UPDATE " + m_table +
                           " SET status = 'SUPERSEDED' WHERE status = 'STAGED'"
                           " AND loan_type = $1 AND file_type = $2 AND period = $3",
                       text(upload.loanType), text(upload.fileType), period);
        return toUpload(tx.exec_params1(
            "INSERT INTO " + m_table +
                " (id, loan_type, file_type, original_name, path, size_bytes, stored_bytes,"
                " sha256, uploaded_by, period) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                " RETURNING " +
                kColumns,
            id, text(upload.loanType), text(upload.fileType), toValidUtf8(upload.originalName),
            toValidUtf8(upload.path), upload.sizeBytes, upload.storedBytes, upload.sha256,
            toValidUtf8(upload.uploadedBy), period));
    });
}

Upload UploadRepository::addUnchanged(const NewUpload& upload, std::string_view sameAs) {
    if (!isUuid(sameAs))
        throw StoreError(StoreError::Kind::Invalid,
                         "not an upload id: '" + std::string(sameAs) + "'");
    if (!upload.id.empty() && !isUuid(upload.id))
        throw StoreError(StoreError::Kind::Invalid, "not an upload id: '" + upload.id + "'");
    if (upload.path.empty()) throw StoreError(StoreError::Kind::Invalid, "upload path is empty");
    const std::string id = upload.id.empty() ? newUuid() : upload.id;
    const std::string period = periodOf(upload);
    return m_db.transact([&](pqxx::work& tx) {
        return toUpload(tx.exec_params1(
            "INSERT INTO " + m_table +
                " (id, loan_type, file_type, original_name, path, size_bytes, stored_bytes,"
                " sha256, uploaded_by, status, same_as, period)"
                " VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, 'UNCHANGED', $9, $10) RETURNING " +
                kColumns,
            id, text(upload.loanType), text(upload.fileType), toValidUtf8(upload.originalName),
            toValidUtf8(upload.path), upload.sizeBytes, upload.sha256,
            toValidUtf8(upload.uploadedBy), std::string(sameAs), period));
    });
}

std::optional<Upload> UploadRepository::find(std::string_view id) {
    if (!isUuid(id)) return std::nullopt;
    return m_db.transact([&](pqxx::work& tx) -> std::optional<Upload> {
        const auto result = tx.exec_params(
            "SELECT " + kColumns + " FROM " + m_table + " WHERE id = $1", std::string(id));
        if (result.empty()) return std::nullopt;
        return toUpload(result[0]);
    });
}

std::optional<Upload> UploadRepository::latestStaged(core::LoanType loanType,
                                                     core::FileType fileType,
                                                     std::optional<std::string> period) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<Upload> {
        const auto result =
            tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                               " WHERE status = 'STAGED' AND loan_type = $1 AND file_type = $2"
                               " AND corrects IS NULL AND ($3::text IS NULL OR period = $3)"
                               " ORDER BY period, uploaded_at DESC LIMIT 1",
                           text(loanType), text(fileType), period);
        if (result.empty()) return std::nullopt;
        return toUpload(result[0]);
    });
}

std::vector<std::string> UploadRepository::stagedPeriods(core::LoanType loanType) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<std::string> periods;
        for (const auto& row :
             tx.exec_params("SELECT DISTINCT period FROM " + m_table +
                                " WHERE status = 'STAGED' AND loan_type = $1 ORDER BY period",
                            text(loanType)))
            periods.push_back(row[0].as<std::string>());
        return periods;
    });
}

std::vector<Upload> UploadRepository::list(std::optional<core::LoanType> loanType,
                                           std::optional<UploadStatus> status, std::size_t limit,
                                           std::size_t offset) {
    std::optional<std::string> loan;
    if (loanType) loan = text(*loanType);
    std::optional<std::string> state;
    if (status) state = std::string(toText(*status));
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<Upload> uploads;
        for (const auto& row :
             tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                " WHERE ($1::text IS NULL OR loan_type = $1)"
                                " AND ($2::text IS NULL OR status = $2)"
                                " ORDER BY uploaded_at DESC, id LIMIT $3 OFFSET $4",
                            loan, state, static_cast<std::int64_t>(limit),
                            static_cast<std::int64_t>(offset))) {
            uploads.push_back(toUpload(row));
        }
        return uploads;
    });
}

std::uint64_t UploadRepository::count(std::optional<core::LoanType> loanType,
                                      std::optional<UploadStatus> status) {
    std::optional<std::string> loan;
    if (loanType) loan = text(*loanType);
    std::optional<std::string> state;
    if (status) state = std::string(toText(*status));
    return m_db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1("SELECT count(*) FROM " + m_table +
                              " WHERE ($1::text IS NULL OR loan_type = $1)"
                              " AND ($2::text IS NULL OR status = $2)",
                          loan, state)[0]
            .as<std::uint64_t>();
    });
}

bool UploadRepository::markDeleted(std::string_view id) {
    if (!isUuid(id)) return false;
    return m_db.transact([&](pqxx::work& tx) {
        return tx.exec_params("UPDATE " + m_table +
                                  " SET status = 'DELETED' WHERE id = $1 AND status <> 'DELETED'",
                              std::string(id))
                   .affected_rows() == 1;
    });
}

void UploadRepository::markSynced(std::string_view id, std::string_view syncId) {
    if (!isUuid(id)) throw StoreError(StoreError::Kind::NotFound, "no upload " + std::string(id));
    if (!isUuid(syncId)) {
        throw StoreError(StoreError::Kind::Invalid, "not a sync id: '" + std::string(syncId) + "'");
    }
    m_db.transact([&](pqxx::work& tx) { markSynced(tx, id, syncId); });
}

void UploadRepository::markSynced(pqxx::work& tx, std::string_view id, std::string_view syncId) {
    const auto result = tx.exec_params("UPDATE " + m_table +
                                           " SET status = 'SYNCED', sync_id = $2,"
                                           " synced_at = now()"
                                           " WHERE id = $1 AND status <> 'DELETED'",
                                       std::string(id), std::string(syncId));
    if (result.affected_rows() == 1) return;
    if (tx.exec_params("SELECT 1 FROM " + m_table + " WHERE id = $1", std::string(id)).empty())
        throw StoreError(StoreError::Kind::NotFound, "no upload " + std::string(id));
    throw StoreError(StoreError::Kind::Conflict, "upload " + std::string(id) + " was deleted");
}

std::optional<std::string> UploadRepository::lastSyncedSha256(core::LoanType loanType,
                                                              core::FileType fileType,
                                                              std::optional<std::string> period) {
    // synced_at survives a later DELETED, so deleting the file does not forget what is live.
    return m_db.transact([&](pqxx::work& tx) -> std::optional<std::string> {
        const auto result = tx.exec_params("SELECT sha256 FROM " + m_table +
                                               " WHERE synced_at IS NOT NULL AND loan_type = $1"
                                               " AND file_type = $2"
                                               " AND ($3::text IS NULL OR period = $3)"
                                               " ORDER BY synced_at DESC LIMIT 1",
                                           text(loanType), text(fileType), period);
        if (result.empty()) return std::nullopt;
        return result[0][0].as<std::string>();
    });
}

std::optional<Upload> UploadRepository::lastSynced(core::LoanType loanType, core::FileType fileType,
                                                   std::optional<std::string> period) {
    return m_db.transact([&](pqxx::work& tx) -> std::optional<Upload> {
        const auto result = tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                               " WHERE synced_at IS NOT NULL AND loan_type = $1"
                                               " AND file_type = $2"
                                               " AND ($3::text IS NULL OR period = $3)"
                                               " ORDER BY synced_at DESC, id LIMIT 1",
                                           text(loanType), text(fileType), period);
        if (result.empty()) return std::nullopt;
        return toUpload(result[0]);
    });
}

namespace {

// The live packages' upload ids: what live_batches names, per (loan type, file type, period).
std::string liveIds(const std::string& schema) {
    return "SELECT upload_id FROM " + qualifiedTable(schema, "live_batches") +
           " WHERE upload_id IS NOT NULL";
}

}  // namespace

std::vector<Upload> UploadRepository::live() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<Upload> uploads;
        for (const auto& row :
             tx.exec("SELECT " + kColumns + " FROM " + m_table + " WHERE id IN (" +
                     liveIds(m_schema) + ") ORDER BY loan_type, file_type, period"))
            uploads.push_back(toUpload(row));
        return uploads;
    });
}

// Uploads nothing needs: not STAGED, not live, not read by an unfinished sync ($1 = its id or
// the table's id column).
std::string UploadRepository::unusedSql() const {
    const std::string syncLogs = qualifiedTable(m_schema, "sync_logs");
    return "status <> 'STAGED' AND id NOT IN (" + liveIds(m_schema) +
           ") AND NOT EXISTS (SELECT 1 FROM " + syncLogs +
           " s WHERE s.finished_at IS NULL AND (s.credit_upload_id = " + m_table +
           ".id OR s.payment_upload_id = " + m_table + ".id))";
}

std::vector<Upload> UploadRepository::superseded(core::LoanType loanType,
                                                 Timestamp uploadedBefore) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<Upload> uploads;
        for (const auto& row :
             tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                " WHERE loan_type = $1 AND uploaded_at < " + timestampParamSql(2) +
                                " AND " + unusedSql() + " ORDER BY uploaded_at, id",
                            text(loanType), toMicros(uploadedBefore)))
            uploads.push_back(toUpload(row));
        return uploads;
    });
}

bool UploadRepository::eraseSuperseded(std::string_view id) {
    if (!isUuid(id)) return false;
    return m_db.transact([&](pqxx::work& tx) {
        return tx.exec_params("DELETE FROM " + m_table + " WHERE id = $1 AND " + unusedSql(),
                              std::string(id))
                   .affected_rows() == 1;
    });
}

std::vector<std::string> UploadRepository::paths() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<std::string> out;
        for (const auto& row : tx.exec("SELECT path FROM " + m_table))
            out.push_back(row[0].as<std::string>());
        return out;
    });
}

std::vector<Upload> UploadRepository::toCompress(std::size_t limit) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<Upload> uploads;
        for (const auto& row :
             tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                " WHERE status IN ('SYNCED', 'SUPERSEDED') AND path LIKE '%.csv'"
                                " ORDER BY uploaded_at LIMIT $1",
                            static_cast<std::int64_t>(limit)))
            uploads.push_back(toUpload(row));
        return uploads;
    });
}

bool UploadRepository::setStoredFile(std::string_view id, std::string_view oldPath,
                                     std::string_view newPath, std::uint64_t storedBytes) {
    return m_db.transact([&](pqxx::work& tx) {
        return tx.exec_params("UPDATE " + m_table +
                                  " SET path = $3, stored_bytes = $4 WHERE id = $1 AND path = $2"
                                  " AND status <> 'DELETED'",
                              std::string(id), std::string(oldPath), std::string(newPath),
                              static_cast<std::int64_t>(storedBytes))
                   .affected_rows() == 1;
    });
}

}  // namespace findata::agent
