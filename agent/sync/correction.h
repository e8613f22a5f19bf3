#pragma once
// Corrections of rejected rows: an operator's corrected rows of one file of a sync become a
// correction upload (a CSV with the original file's header, staged next to the full files), and
// the next sync of the loan type validates it like any file and MERGES the accepted rows into the
// live data by key — credit by loan number, payment plan by loan number + installment number:
// the sync's new batch = the live batch's rows except the corrected keys + the accepted
// corrected rows. A full delivery staged for the loan type wins: its corrections are superseded
// (stated in the sync log's correction_notes). See SyncEngine (the hook) and rejectedreview.h
// (what is stored).

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "agent/store/rejectedreview.h"
#include "agent/store/synclogs.h"
#include "agent/store/uploads.h"
#include "core/catalog.h"
#include "core/stringset.h"

namespace findata::agent {

class Database;
class UploadStore;
class Warehouse;
struct Tenant;

/// A resubmission the agent refuses (HTTP 422): the message names the row and the problem.
class CorrectionRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One corrected row as submitted: the line of the rejected row it corrects (when given) and
/// its fields by header name. With a line, fields left out keep the rejected row's values.
struct CorrectedRow {
    std::optional<std::uint64_t> line;
    std::map<std::string, std::string> fields;
};

/// The fields of one CSV record (a header or a row), quotes removed; `delimiter` 0: detected.
std::vector<std::string> splitRecord(std::string_view record, char delimiter = 0);

/// A CSV body with the file's header (optionally plus a `line` column naming the rejected row
/// each row corrects) as corrected rows. Throws CorrectionRefused.
std::vector<CorrectedRow> parseCorrectionCsv(std::string_view body);

/// Stages corrected rows of `fileType` of sync `original`: each is matched to the rejected row
/// it corrects (by its line, else by its key among the sync's open rejected rows), completed
/// from it, written in the original header's column order (`originalHeader`, the file's first
/// line; without it the catalog's order) to the upload store, and recorded as a correction
/// upload. Throws CorrectionRefused (a row matches nothing, a line twice, a column unknown…)
/// or StoreError Conflict (corrections already staged).
CorrectionUpload stageCorrection(Database& db, UploadStore& store, const Tenant& tenant,
                                 const SyncLog& original, core::FileType fileType,
                                 const std::optional<std::string>& originalHeader,
                                 const std::vector<CorrectedRow>& rows, const std::string& actor,
                                 const core::Catalog& catalog = core::Catalog::standard());

/// A correction upload as the file a sync loads.
Upload asUpload(const CorrectionUpload& correction);

/// The staged corrections of a loan type as the files the next sync loads (set only where no
/// full file is staged at all: a full delivery supersedes them). For the scheduler, which
/// starts a sync when something is staged.
void addStagedCorrections(Database& db, std::string_view schema, core::LoanType loanType,
                          std::optional<Upload>& credit, std::optional<Upload>& payment);

/// The merge of a correction sync, in ClickHouse: copies into the sync's staging table of
/// `file` the rows of the live batch whose key is not among the staged (accepted, corrected)
/// rows, as rows of `newBatch` loaded at `loadedAt`:
///   INSERT INTO staging SELECT … FROM fact WHERE <live batch> AND key NOT IN (staging keys)
/// Returns how many rows it copied.
std::uint64_t mergeLiveRows(Warehouse& warehouse, std::string_view database, core::FileType file,
                            core::LoanType loanType, std::string_view liveBatch,
                            std::string_view newBatch, std::uint32_t loadedAt,
                            std::string_view syncKey,
                            const core::Catalog& catalog = core::Catalog::standard());

/// Adds the loan numbers of a sync's staged credit rows to `out` as live (a corrected credit
/// file merged: what the payment corrections are checked against).
void addStagedLoans(Warehouse& warehouse, std::string_view database, std::string_view syncKey,
                    core::LoanSet& out);

}  // namespace findata::agent
