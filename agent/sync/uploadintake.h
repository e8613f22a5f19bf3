#pragma once
// The upload intake (not to be confused with the ClickHouse staging tables of a sync): the bytes
// of a file go to the upload store (gzip, SHA-256, fsync) and the file is recorded in the tenant's
// `uploads` table as STAGED — unless it is byte-identical to the file of the same kind that was
// last synced or is already waiting: then it is recorded as UNCHANGED (linked to that upload, its
// bytes not kept), and reported as such. Either way the answer says what the next sync of the
// loan type will do with each file type (nextSync()).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "agent/store/uploads.h"
#include "core/catalog.h"

namespace findata::agent {

class Database;
class UploadStore;
struct Tenant;

/// What the next sync of a loan type will do with one file type.
enum class NextSyncAction : std::uint8_t {
    New,        // a new file is staged: it is loaded
    Unchanged,  // nothing new staged (or the upload equals the live file), but live data exists:
                // it is kept and re-checked
    None,       // nothing staged and nothing live
};
/// "new", "unchanged: live data kept and re-checked", "none staged".
std::string_view toText(NextSyncAction action);

/// Per file type (core::kFileTypes order: credit, payment plan).
struct NextSync {
    NextSyncAction credit = NextSyncAction::None;
    NextSyncAction paymentPlan = NextSyncAction::None;
};

/// What the next sync of `loanType` and `period` will do with each file type, from the uploads
/// staged and synced in `schema` (and the live batches of that period).
NextSync nextSync(Database& db, std::string_view schema, core::LoanType loanType,
                  const std::string& period);

struct IntakeOutcome {
    bool unchanged = false;        // identical to the last synced (or staged) file: not staged
    std::string reason;            // why it is unchanged
    std::optional<Upload> upload;  // the staged upload, when staged
    std::optional<Upload> unchangedUpload;  // the UNCHANGED record, when unchanged
    std::string sha256;
    std::uint64_t sizeBytes = 0;
    NextSync nextSync;             // after this upload, for its period
    std::string period;            // the upload's reporting period
    bool periodDefaulted = false;  // none was given: the month before the upload
};

class UploadIntake final {
public:
    UploadIntake(Database& db, UploadStore& store, std::uint64_t maxUploadBytes);

    /// An upload in progress: write() the bytes, then finish() records it (or reports it
    /// unchanged). Destroying it unfinished leaves nothing behind.
    class Upload final {
    public:
        ~Upload();
        void write(std::string_view bytes);
        /// A whole local file (UploadStore::Writer::writeFile); `onStart` sees its first bytes.
        void writeFile(const std::filesystem::path& source,
                       const std::function<void(std::string_view)>& onStart);
        IntakeOutcome finish();

    private:
        friend class UploadIntake;
        struct State;
        explicit Upload(std::unique_ptr<State> state);
        std::unique_ptr<State> m_state;
    };

    /// `period`: the reporting period "YYYY-MM" (checked by the caller, see isPeriod); empty:
    /// the month before today (UTC).
    std::unique_ptr<Upload> begin(const Tenant& tenant, core::LoanType loanType,
                                  core::FileType fileType, std::string originalName,
                                  std::string actor, std::string period = {});

    /// Stages a local file (the CLI's load-csv).
    IntakeOutcome stageFile(const Tenant& tenant, core::LoanType loanType, core::FileType fileType,
                            const std::filesystem::path& file, std::string actor,
                            std::string period = {});

private:
    Database& m_db;
    UploadStore& m_store;
    std::uint64_t m_maxUploadBytes;
};

}  // namespace findata::agent
