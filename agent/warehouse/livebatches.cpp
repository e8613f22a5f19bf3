#include "agent/warehouse/livebatches.h"

#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

namespace findata::agent {

void LiveBatches::set(core::FileType file, core::LoanType loanType, std::string batchId) {
    m_batches[{file, loanType}] = std::move(batchId);
}

const std::string* LiveBatches::find(core::FileType file, core::LoanType loanType) const {
    const auto it = m_batches.find({file, loanType});
    return it == m_batches.end() ? nullptr : &it->second;
}

bool LiveBatches::isLive(core::FileType file, core::LoanType loanType,
                         std::string_view batchId) const {
    const auto* live = find(file, loanType);
    return live && *live == batchId;
}

std::string LiveBatches::condition(core::FileType file,
                                   std::span<const core::LoanType> loanTypes) const {
    std::string any;
    for (const auto loanType : loanTypes) {
        const auto* batch = find(file, loanType);
        if (!batch) continue;
        any += (any.empty() ? "" : " OR ") + sqlIdentifier(kLoanTypeColumn) + " = " +
               sqlString(core::toText(loanType)) + " AND " + sqlIdentifier(kBatchIdColumn) + " = " +
               sqlString(*batch);
    }
    return any.empty() ? std::string("0") : '(' + any + ')';
}

std::string LiveBatches::condition(core::FileType file, core::LoanType loanType) const {
    return condition(file, std::span(&loanType, 1));
}

std::string LiveBatches::version(std::span<const core::LoanType> loanTypes) const {
    std::string version;
    for (const auto loanType : loanTypes)
        for (const auto file : core::kFileTypes) {
            const auto* batch = find(file, loanType);
            version += '|';
            version += batch ? *batch : std::string("-");
        }
    return version;
}

std::string partitionLiteral(core::LoanType loanType, std::string_view batchId) {
    return '(' + sqlString(core::toText(loanType)) + ", " + sqlString(batchId) + ')';
}

std::optional<std::pair<core::LoanType, std::string>> parsePartition(std::string_view text) {
    // ClickHouse writes ('RETAIL','<batch>'); loan types are words and batch ids uuids, so
    // neither holds a quote that would be escaped.
    if (text.size() < 7 || text.front() != '(' || text.back() != ')') return std::nullopt;
    text = text.substr(1, text.size() - 2);
    const auto comma = text.find("','");
    if (comma == std::string_view::npos || text.front() != '\'' || text.back() != '\'')
        return std::nullopt;
    const auto loanType = core::parseLoanType(text.substr(1, comma - 1));
    const auto batch = text.substr(comma + 3, text.size() - comma - 4);
    if (!loanType || batch.empty() || batch.find('\'') != std::string_view::npos)
        return std::nullopt;
    return std::pair{*loanType, std::string(batch)};
}

}  // namespace findata::agent
