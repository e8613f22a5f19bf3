#include "agent/util/checkreport.h"

#include <string>

#include "agent/util/utf8.h"

namespace findata::agent {

nlohmann::json checkReport(std::string_view file, core::LoanType loanType, core::FileType fileType,
                           const core::FileSummary& s, double maxRejectRatio) {
    using nlohmann::json;
    // Names and values come from the file: JSON must stay valid whatever bytes they hold, and
    // a 50 MB column name is not echoed back whole.
    bool replaced = false;
    const auto shown = [&replaced](std::string_view text) {
        if (!isValidUtf8(text)) replaced = true;
        return displayText(text);
    };
    json groups = json::array();
    for (const auto& [key, group] : s.groups)
        groups.push_back({{"field", shown(key.first)},
                          {"error_type", core::toText(key.second)},
                          {"severity", core::toText(group.severity)},
                          {"count", group.count}});
    json findings = json::array();
    for (const auto& f : s.firstFindings)
        findings.push_back({{"line", f.line},
                            {"field", shown(f.field)},
                            {"error_type", core::toText(f.type)},
                            {"severity", core::toText(f.severity)},
                            {"message", shown(f.message)},
                            {"value", shown(f.value)}});
    json report = {{"file", shown(file)},
                   {"loan_type", core::toText(loanType)},
                   {"file_type", core::toText(fileType)},
                   {"delimiter", std::string(1, s.delimiter)},
                   {"bytes_read", s.bytesRead},
                   {"rows_read", s.rowsRead},
                   {"rows_accepted", s.rowsAccepted},
                   {"rows_rejected", s.rowsRejected},
                   {"rejected_ratio", s.rejectedRatio()},
                   {"errors", s.errorCount},
                   {"warnings", s.warningCount},
                   {"refused", s.refused},
                   {"refusal", shown(s.refusal)},
                   {"max_reject_ratio", maxRejectRatio},
                   {"accepted", s.acceptable(maxRejectRatio)},
                   {"groups", groups},
                   {"findings", findings}};
    // Said, so nobody mistakes U+FFFD for what the file holds.
    report["invalid_utf8_replaced"] = replaced;
    return report;
}

}  // namespace findata::agent
