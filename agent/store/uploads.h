#pragma once
// Uploads: files staged for a (loan type, file type) of one tenant, and what became of them.

#include "agent/store/database.h"
#include "core/catalog.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// STAGED: waiting for a sync (at most one per kind); SUPERSEDED: a newer file of the same kind
/// was staged; SYNCED: loaded by a sync; DELETED: removed by an operator; UNCHANGED: identical
/// to the live (or the staged) file of its kind — recorded, linked to that upload (same_as), but
/// not stored again: its path names no file.
enum class UploadStatus : std::uint8_t { Staged, Synced, Superseded, Deleted, Unchanged };
std::string_view toText(UploadStatus status);  // "STAGED", …
std::optional<UploadStatus> parseUploadStatus(std::string_view text);
/// Every status's text, in the enum's order.
std::span<const std::string_view> uploadStatusNames();

struct Upload {
    std::string id;  // uuid
    core::LoanType loanType = core::LoanType::Retail;
    core::FileType fileType = core::FileType::Credit;
    std::string originalName;
    std::string path;               // the stored (compressed) file
    std::uint64_t sizeBytes = 0;    // as uploaded
    std::uint64_t storedBytes = 0;  // on disk
    std::string sha256;             // of the uploaded bytes, 64 lower-case hex digits
    UploadStatus status = UploadStatus::Staged;
    Timestamp uploadedAt;
    std::string uploadedBy;
    std::optional<std::string> syncId;  // the sync that loaded it
    std::optional<Timestamp> syncedAt;
    std::optional<std::string> sameAs;  // UNCHANGED: the upload whose bytes it repeats
    std::string period;                 // the reporting period, "YYYY-MM"
};

struct NewUpload {
    std::string id;  // empty: a new uuid (give one when the file is named after it)
    core::LoanType loanType = core::LoanType::Retail;
    core::FileType fileType = core::FileType::Credit;
    std::string originalName;
    std::string path;
    std::uint64_t sizeBytes = 0;
    std::uint64_t storedBytes = 0;
    std::string sha256;
    std::string uploadedBy;
    std::string period;  // "YYYY-MM"; empty: the month before the upload (defaultPeriod)
};

/// The uploads table of one tenant schema.
class UploadRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    UploadRepository(Database& db, std::string_view schema);

    /// Records a STAGED upload; the previous STAGED upload of the same kind and period becomes
    /// SUPERSEDED in the same transaction. Throws StoreError Invalid (bad sha256/id) or Conflict
    /// (id taken).
    Upload add(const NewUpload& upload);
    /// Records an UNCHANGED upload, identical to upload `sameAs`; nothing else changes.
    Upload addUnchanged(const NewUpload& upload, std::string_view sameAs);

    std::optional<Upload> find(std::string_view id);
    /// The upload waiting for the next sync of this kind and period; without a period, that of
    /// the oldest period staged.
    std::optional<Upload> latestStaged(core::LoanType loanType, core::FileType fileType,
                                       std::optional<std::string> period = std::nullopt);
    /// The periods with a STAGED upload of the loan type (either file), oldest first.
    std::vector<std::string> stagedPeriods(core::LoanType loanType);
    /// Newest first; filters apply when set.
    std::vector<Upload> list(std::optional<core::LoanType> loanType = std::nullopt,
                             std::optional<UploadStatus> status = std::nullopt,
                             std::size_t limit = 100, std::size_t offset = 0);

    /// Marks an upload DELETED; false when it does not exist or was deleted already.
    bool markDeleted(std::string_view id);
    /// How many uploads list() pages through.
    std::uint64_t count(std::optional<core::LoanType> loanType = std::nullopt,
                        std::optional<UploadStatus> status = std::nullopt);
    /// Marks an upload SYNCED by `syncId` (also when superseded meanwhile: it was loaded).
    /// Throws NotFound when it does not exist, Conflict when it was deleted.
    void markSynced(std::string_view id, std::string_view syncId);
    /// The same inside the caller's transaction (a sync's end: COMPLETED, live batches and its
    /// uploads SYNCED at once).
    void markSynced(pqxx::work& tx, std::string_view id, std::string_view syncId);

    /// SHA-256 of the most recently synced upload of this kind (of `period` when given): equal
    /// means "unchanged".
    std::optional<std::string> lastSyncedSha256(core::LoanType loanType, core::FileType fileType,
                                                std::optional<std::string> period = std::nullopt);
    /// The most recently synced upload of this kind (of `period` when given): the file live now.
    std::optional<Upload> lastSynced(core::LoanType loanType, core::FileType fileType,
                                     std::optional<std::string> period = std::nullopt);

    // --- retention (agent/maintenance/janitor.h) ---
    /// The live packages: per (loan type, file type, period) the upload most recently loaded by
    /// a completed sync — what the warehouse holds now (also when its file was deleted since).
    std::vector<Upload> live();
    /// Uploads of `loanType` uploaded before `uploadedBefore` that nothing needs any more: not
    /// STAGED, not live, not read by an unfinished sync. Oldest first.
    std::vector<Upload> superseded(core::LoanType loanType, Timestamp uploadedBefore);
    /// Deletes the record (not the file) of an upload superseded() lists, checking again in
    /// the same statement that it is still not STAGED, live or read by an unfinished sync;
    /// false when it is gone or needed again.
    bool eraseSuperseded(std::string_view id);
    /// The stored file of every upload recorded (any status).
    std::vector<std::string> paths();
    /// Uploads a sync has loaded (or that were superseded) whose file is still stored as sent
    /// (UploadStore::isUncompressed), oldest first, at most `limit`.
    std::vector<Upload> toCompress(std::size_t limit);
    /// Records the compressed file of an upload whose file is still `oldPath`; false when the
    /// record is gone, deleted or points elsewhere meanwhile (the new file is then unused).
    bool setStoredFile(std::string_view id, std::string_view oldPath, std::string_view newPath,
                       std::uint64_t storedBytes);

private:
    Database& m_db;
    std::string m_schema;
    std::string m_table;

    std::string unusedSql() const;
};

}  // namespace findata::agent
