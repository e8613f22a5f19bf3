#include "agent/util/checkreport.h"

#include <string>

namespace findata::agent {

nlohmann::json checkReport(std::string_view file, core::LoanType loanType, core::FileType fileType,
                           const core::FileSummary& s, double maxRejectRatio) {
    using nlohmann::json;
    json groups = json::array();
    for (const auto& [key, group] : s.groups)
        groups.push_back({{"field", key.first},
                          {"error_type", core::toText(key.second)},
                          {"severity", core::toText(group.severity)},
                          {"count", group.count}});
    json findings = json::array();
    for (const auto& f : s.firstFindings)
        findings.push_back({{"line", f.line},
                            {"field", f.field},
                            {"error_type", core::toText(f.type)},
                            {"severity", core::toText(f.severity)},
                            {"message", f.message},
                            {"value", f.value}});
    return {{"file", std::string(file)},
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
            {"refusal", s.refusal},
            {"max_reject_ratio", maxRejectRatio},
            {"accepted", s.acceptable(maxRejectRatio)},
            {"groups", groups},
            {"findings", findings}};
}

}  // namespace findata::agent
