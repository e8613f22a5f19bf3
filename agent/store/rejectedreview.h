#pragma once
// The review of a sync's rejected rows (tenant migration 7): each row is open, dismissed
// (reviewed and not to be corrected: who, why, when) or resubmitted (a correction sync accepted
// its corrected row); pages of rows with their state and their findings; and the correction
// uploads that carry corrected rows to the next sync (uploads.corrects + correction_lines).

#include "agent/store/database.h"
#include "agent/store/rejectedrows.h"
#include "core/catalog.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

enum class RejectedState : std::uint8_t { Open, Dismissed, Resubmitted };
std::string_view toText(RejectedState state);  // "open", "dismissed", "resubmitted"
std::optional<RejectedState> parseRejectedState(std::string_view text);

struct RejectedCounts {
    std::uint64_t open = 0;
    std::uint64_t dismissed = 0;
    std::uint64_t resubmitted = 0;
};

/// A rejected row with what became of it.
struct ReviewedRow {
    RejectedRow row;
    RejectedState state = RejectedState::Open;
    std::string stateActor, stateReason;       // dismissed: who and why; resubmitted: who asked
    std::optional<Timestamp> stateAt;          // when it was dismissed / accepted
    std::optional<std::string> correctedBy;    // resubmitted: the correction sync
    std::optional<std::string> pendingUpload;  // open, corrected rows staged: the correction upload
};

/// One error finding of a rejected row (what to put next to its cell).
struct RowFinding {
    std::string field;  // empty: the whole row
    std::string errorType;
    std::string message;
    std::string value;
};

struct RejectedPageQuery {
    std::optional<core::FileType> fileType;
    std::optional<RejectedState> state;
    std::optional<RejectedRowCursor> after;  // keyset: rows after this one (offset ignored)
    std::size_t offset = 0;
    std::size_t limit = 100;
};

/// A correction upload staged (or done) for a loan type.
struct CorrectionUpload {
    std::string id;
    core::LoanType loanType = core::LoanType::Retail;
    core::FileType fileType = core::FileType::Credit;
    std::string corrects;  // the sync whose rejected rows it corrects
    std::string originalName, path, sha256, uploadedBy, status;
    std::uint64_t sizeBytes = 0, storedBytes = 0;
    std::uint64_t rows = 0;  // lines (rows) it holds
    std::string period;      // the reporting period of the sync it corrects
};

/// How a sync is linked to corrections: the sync it corrects, the correction syncs that merged
/// its rows (oldest first), and notes (corrections superseded by a full delivery).
struct CorrectionLinks {
    std::optional<std::string> corrects;
    std::vector<std::string> correctedBy;
    std::string notes;
};

class RejectedReview final {
public:
    RejectedReview(Database& db, std::string_view schema);

    /// A page of a sync's rejected rows (file type, line, id order) with their state.
    std::vector<ReviewedRow> page(std::string_view syncId, const RejectedPageQuery& query);
    /// Rows page() would page through (cursor and offset aside).
    std::uint64_t count(std::string_view syncId, std::optional<core::FileType> fileType,
                        std::optional<RejectedState> state);
    RejectedCounts counts(std::string_view syncId);
    /// counts() of several syncs in one query (absent ids: all zero).
    std::map<std::string, RejectedCounts> counts(const std::vector<std::string>& syncIds);
    /// Open rejected rows of the live data: of the syncs whose batches are live and of the
    /// syncs they correct, up the chain (the Dashboard's figure).
    std::uint64_t openTotal();
    /// The error findings of these lines of one file of a sync, by line.
    std::map<std::uint64_t, std::vector<RowFinding>> findings(
        std::string_view syncId, core::FileType fileType, const std::vector<std::uint64_t>& lines);
    /// The rows at these lines of one file (any state), by line.
    std::map<std::uint64_t, ReviewedRow> rowsAt(std::string_view syncId, core::FileType fileType,
                                                const std::vector<std::uint64_t>& lines);

    /// Marks open rows dismissed: those of `lines` of `fileType` (nullopt lines: every open row
    /// of the file type, or of the sync when fileType is nullopt too). Returns how many.
    std::uint64_t dismiss(std::string_view syncId, std::optional<core::FileType> fileType,
                          const std::optional<std::vector<std::uint64_t>>& lines,
                          std::string_view actor, std::string_view reason);

    // --- correction uploads ---
    /// Records a staged correction upload and which original line each of its lines corrects
    /// (pairs: line in the correction file, line in the original file), in one transaction.
    /// Throws Conflict when a correction of the same kind is already staged, or one correcting
    /// another sync of the loan type (one original per correction sync).
    void stageCorrection(const CorrectionUpload& upload,
                         const std::vector<std::pair<std::uint64_t, std::uint64_t>>& lines);
    /// Which original line each line of a correction upload corrects (line, original line), in
    /// line order.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> correctionLines(std::string_view uploadId);
    /// Staged corrections of a loan type (at most one per file type).
    std::vector<CorrectionUpload> stagedCorrections(core::LoanType loanType);
    /// Corrections of a loan type superseded by a full upload of their kind and not yet noted
    /// by a sync.
    std::vector<CorrectionUpload> supersededUnnoted(core::LoanType loanType);
    /// Marks a correction SUPERSEDED by the full delivery loaded by `syncId`.
    void supersede(std::string_view uploadId, std::string_view bySyncId);
    /// Writes a sync's link to the sync it corrects and its notes.
    void setLinks(std::string_view syncId, const std::optional<std::string>& corrects,
                  std::string_view notes);
    /// At a correction sync's end (its COMPLETED transaction): the correction upload is SYNCED
    /// (synced_at stays NULL: never the delivered file of its kind) and the original rows whose
    /// corrected line the sync accepted (`acceptedLines`, lines of the correction file: counted
    /// as the rows were loaded, not inferred from the rejected rows stored) become resubmitted.
    /// Returns how many rows.
    std::uint64_t completeCorrection(pqxx::work& tx, const CorrectionUpload& upload,
                                     std::string_view syncId, std::string_view actor,
                                     const std::vector<std::uint64_t>& acceptedLines);
    CorrectionLinks links(std::string_view syncId);
    std::map<std::string, CorrectionLinks> links(const std::vector<std::string>& syncIds);

private:
    Database& m_db;
    std::string m_schema;
    std::string m_rows, m_errors, m_uploads, m_lines, m_logs;
};

}  // namespace findata::agent
