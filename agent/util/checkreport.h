#pragma once
// The JSON summary of a dry-run validation, as `check --json` prints it and POST /api/check/
// answers it: one builder, so the command and the API never drift apart.

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/catalog.h"
#include "core/fileprocessor.h"

namespace findata::agent {

/// The summary of `file` (a path, or an uploaded file's name) checked as `loanType`/`fileType`;
/// "accepted" is the verdict against `maxRejectRatio`.
nlohmann::json checkReport(std::string_view file, core::LoanType loanType, core::FileType fileType,
                           const core::FileSummary& summary, double maxRejectRatio);

}  // namespace findata::agent
