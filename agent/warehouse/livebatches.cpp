#include "agent/warehouse/livebatches.h"

#include <algorithm>

#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

namespace findata::agent {

namespace {

std::string batchCondition(core::LoanType loanType, const std::string& batch) {
    return sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) + " AND " +
           sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batch);
}

}  // namespace

void LiveBatches::set(core::FileType file, core::LoanType loanType, std::string period,
                      std::string batchId) {
    m_batches[{file, loanType, std::move(period)}] = std::move(batchId);
}

const std::string* LiveBatches::find(core::FileType file, core::LoanType loanType) const {
    const auto latest = latestPeriod(loanType);
    return latest ? find(file, loanType, *latest) : nullptr;
}

const std::string* LiveBatches::find(core::FileType file, core::LoanType loanType,
                                     std::string_view period) const {
    const auto it = m_batches.find({file, loanType, std::string(period)});
    return it == m_batches.end() ? nullptr : &it->second;
}

bool LiveBatches::isLive(core::FileType file, core::LoanType loanType,
                         std::string_view batchId) const {
    for (const auto& [key, batch] : m_batches)
        if (std::get<0>(key) == file && std::get<1>(key) == loanType && batch == batchId)
            return true;
    return false;
}

std::optional<std::string> LiveBatches::latestPeriod(core::LoanType loanType) const {
    std::optional<std::string> latest;
    for (const auto& [key, batch] : m_batches)
        if (std::get<1>(key) == loanType && (!latest || std::get<2>(key) > *latest))
            latest = std::get<2>(key);
    return latest;
}

std::optional<std::string> LiveBatches::latestPeriod(
    std::span<const core::LoanType> loanTypes) const {
    std::optional<std::string> latest;
    for (const auto loanType : loanTypes)
        if (const auto p = latestPeriod(loanType); p && (!latest || *p > *latest)) latest = p;
    return latest;
}

std::vector<std::string> LiveBatches::periods(core::LoanType loanType) const {
    std::vector<std::string> out;
    for (const auto& [key, batch] : m_batches)
        if (std::get<1>(key) == loanType &&
            std::find(out.begin(), out.end(), std::get<2>(key)) == out.end())
            out.push_back(std::get<2>(key));
    std::sort(out.begin(), out.end());
    return out;
}

LiveBatches LiveBatches::ofPeriod(std::string_view period) const {
    LiveBatches only;
    for (const auto& [key, batch] : m_batches)
        if (std::get<2>(key) == period) only.m_batches.emplace(key, batch);
    return only;
}

std::string LiveBatches::condition(core::FileType file,
                                   std::span<const core::LoanType> loanTypes) const {
    std::string any;
    for (const auto loanType : loanTypes) {
        const auto* batch = find(file, loanType);
        if (!batch) continue;
        any += (any.empty() ? "" : " OR ") + batchCondition(loanType, *batch);
    }
    return any.empty() ? std::string("0") : '(' + any + ')';
}

std::string LiveBatches::condition(core::FileType file, core::LoanType loanType) const {
    return condition(file, std::span(&loanType, 1));
}

std::string LiveBatches::condition(core::FileType file, core::LoanType loanType,
                                   std::string_view period) const {
    const auto* batch = find(file, loanType, period);
    return batch ? '(' + batchCondition(loanType, *batch) + ')' : std::string("0");
}

std::string LiveBatches::version(std::span<const core::LoanType> loanTypes) const {
    std::string version;
    for (const auto loanType : loanTypes)
        for (const auto& [key, batch] : m_batches)
            if (std::get<1>(key) == loanType) {
                version += '|';
                version += std::get<2>(key);
                version += ':';
                version += batch;
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
