#pragma once
// Uploads and the pre-check: files arrive as a raw body (loan type and file type as query
// parameters) or as a multipart form, and are streamed — to the staging store for an upload,
// through the core validation for a check — never held in memory.

#include <vector>

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::uploads {

RouteHandler postUpload, listUploads, getUpload, deleteUpload, postCheck;

inline constexpr Param kFilename = text(
    "filename", "the file's original name (default: the file part's name, else <file_type>.csv)");
extern const Param kStatus;
inline constexpr Param kLimit = integer("limit", 1, 1000, 100, "uploads per answer");
inline constexpr Param kMaxRejectRatio =
    number("max_reject_ratio", 0, 1, "the verdict's limit of rejected rows (default 0.5)");
inline constexpr Param kMaxFindings =
    integer("max_findings", 0, 100000, 20, "how many errors and warnings to list, each");

/// What names and describes a file: in the query string or the form's fields before the file.
inline constexpr Param kUploadPeriod =
    text("period",
         "the reporting period the file is as of, YYYY-MM (default: the calendar month before the "
         "upload date, UTC; the answer states it)");
inline const std::vector<Param> kFileParams = {kRequiredLoanType, kRequiredFileType, kFilename,
                                               kTenantId, kUploadPeriod};
inline const std::vector<Param> kCheckParams = {kRequiredLoanType, kRequiredFileType, kFilename,
                                                kTenantId,         kMaxRejectRatio,   kMaxFindings,
                                                kUploadPeriod};

}  // namespace findata::agent::uploads
