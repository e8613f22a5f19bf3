#include "core/fileprocessor.h"

#include <cstring>

namespace findata::core {

FileProcessor::FileProcessor(FileType file, LoanType loanType, RowSink* sink,
                             ValidationOptions options, std::size_t keepFindings,
                             const Catalog& catalog)
    : m_validator(file, loanType, options, catalog),
      m_sink(sink),
      m_keepFindings(keepFindings),
      m_onRecord([this](const CsvRecord& r) { onRecord(r); }) {}

void FileProcessor::feed(std::string_view chunk) {
    if (m_summary.refused || chunk.empty()) return;
    if (const void* nul = std::memchr(chunk.data(), '\0', chunk.size())) {
        const auto offset =
            m_reader.bytesRead() +
            static_cast<std::uint64_t>(static_cast<const char*>(nul) - chunk.data());
        refuse("binary data (a NUL byte at byte " + std::to_string(offset) +
               "); expected delimited text");
        return;
    }
    m_sawContent = true;
    m_reader.feed(chunk, m_onRecord);
}

const FileSummary& FileProcessor::finish() {
    if (!m_summary.refused) {
        m_reader.finish(m_onRecord);
        if (!m_summary.refused) {
            if (!m_sawContent)
                refuse("the file is empty");
            else if (!m_headerSeen)
                refuse("the file has no header row");
            else if (m_summary.rowsRead == 0)
                refuse("the file has a header but no data rows");
        }
    }
    m_summary.bytesRead = m_reader.bytesRead();
    return m_summary;
}

void FileProcessor::onRecord(const CsvRecord& record) {
    if (m_summary.refused) return;
    m_findings.clear();
    if (!m_headerSeen) {
        m_headerSeen = true;
        m_summary.delimiter = m_reader.delimiter();
        m_validator.setDecimalComma(m_reader.delimiter() != ',');
        const bool complete = m_validator.bindHeader(record, m_findings);
        for (const auto& f : m_findings)
            this->record(f);
        if (!complete) {
            std::string missing, unknown;
            for (const auto& f : m_findings)
                if (f.type == ErrorType::MissingColumn && f.severity == Severity::Error)
                    missing += (missing.empty() ? "" : ", ") + f.field;
                else if (f.type == ErrorType::UnknownColumn && f.severity == Severity::Error)
                    unknown += (unknown.empty() ? "" : ", ") + f.field;
            std::string reason;
            if (!missing.empty()) reason = "required column(s) missing from the header: " + missing;
            if (!unknown.empty())
                reason += std::string(reason.empty() ? "" : "; ") +
                          "column(s) the catalog does not know, refused by the tenant's rules "
                          "(unknown columns: refuse): " +
                          unknown;
            refuse(reason);
        }
        return;
    }
    ++m_summary.rowsRead;
    const bool ok = m_validator.validate(record, m_row, m_findings);
    for (const auto& f : m_findings)
        this->record(f);
    if (ok) {
        ++m_summary.rowsAccepted;
        if (m_sink) m_sink->acceptedRow(m_row, record);
    } else {
        ++m_summary.rowsRejected;
        if (m_sink) m_sink->rejectedRow(record, m_findings);
    }
}

void FileProcessor::record(const Finding& f) {
    if (f.severity == Severity::Error)
        ++m_summary.errorCount;
    else
        ++m_summary.warningCount;
    // The few (field, type) groups are looked up by a short list first: building the map's
    // string key for every finding cost more than the rest of recording it.
    FindingGroup* found = nullptr;
    for (const auto& cached : m_groupCache)
        if (cached.type == f.type && cached.field == f.field) {
            found = cached.group;
            break;
        }
    if (found == nullptr) {
        auto [it, added] = m_summary.groups.try_emplace({f.field, f.type});
        (void)added;
        found = &it->second;
        m_groupCache.push_back({it->first.first, f.type, found});
    }
    auto& group = *found;
    ++group.count;
    group.severity = f.severity;
    // Keep the first errors and the first warnings: a flood of warnings must not hide errors.
    auto& kept = f.severity == Severity::Error ? m_errorsKept : m_warningsKept;
    if (kept < m_keepFindings) {
        ++kept;
        m_summary.firstFindings.push_back(f);
    }
    if (m_sink) m_sink->finding(f);
}

void FileProcessor::refuse(std::string reason) {
    m_summary.refused = true;
    m_summary.refusal = std::move(reason);
}

}  // namespace findata::core
