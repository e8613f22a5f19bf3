#pragma once
// Streams one file through reading, validation and normalization, reconciling every row:
// rows read = rows accepted + rows rejected. Used by `check`, the desktop pre-check and syncs.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csvreader.h"
#include "core/validator.h"

namespace findata::core {

/// Receives the outcome of every row; the default implementations ignore it.
class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void acceptedRow(const TypedRow& row, const CsvRecord& record) {
        (void)row;
        (void)record;
    }
    virtual void rejectedRow(const CsvRecord& record, std::span<const Finding> findings) {
        (void)record;
        (void)findings;
    }
    /// Every finding, file-level ones included, in file order.
    virtual void finding(const Finding& f) { (void)f; }
};

/// How often one (field, error type) pair was found.
struct FindingGroup {
    std::uint64_t count = 0;
    Severity severity = Severity::Error;
};

struct FileSummary {
    std::uint64_t rowsRead = 0;      // data rows (header and blank lines excluded)
    std::uint64_t rowsAccepted = 0;  // loadable rows (warnings allowed)
    std::uint64_t rowsRejected = 0;  // rows with at least one error
    std::uint64_t errorCount = 0;    // findings of severity error
    std::uint64_t warningCount = 0;  // findings of severity warning
    std::uint64_t bytesRead = 0;
    bool refused = false;  // the whole file cannot be used (see refusal)
    std::string refusal;   // why: empty file, binary data, no header, missing columns
    char delimiter = ';';
    /// (field, error type) → number of findings.
    std::map<std::pair<std::string, ErrorType>, FindingGroup> groups;
    /// The first `keepFindings` errors and the first `keepFindings` warnings, in file order.
    std::vector<Finding> firstFindings;

    double rejectedRatio() const {
        return rowsRead == 0 ? 0.0 : static_cast<double>(rowsRejected) / rowsRead;
    }
    /// The verdict of a dry run: not refused, and rejected ratio within the limit.
    bool acceptable(double maxRejectRatio) const {
        return !refused && rejectedRatio() <= maxRejectRatio;
    }
};

class FileProcessor final {
public:
    /// `catalog` must outlive the processor.
    FileProcessor(FileType file, LoanType loanType, RowSink* sink = nullptr,
                  ValidationOptions options = {}, std::size_t keepFindings = 20,
                  const Catalog& catalog = Catalog::standard());

    /// Payment plans: the loans the cross-reference check accepts.
    void setKnownLoans(const LoanSet* loans) { m_validator.setKnownLoans(loans); }

    /// Feeds the next bytes of the file. After a refusal further input is ignored.
    void feed(std::string_view chunk);
    /// Ends the stream and completes the summary.
    const FileSummary& finish();

    const FileSummary& summary() const { return m_summary; }
    const RowValidator& validator() const { return m_validator; }
    /// Moves the credit loans seen (live when accepted) out, after finish().
    LoanSet takeAcceptedLoans() { return m_validator.takeAcceptedLoans(); }

private:
    RowValidator m_validator;
    CsvReader m_reader;
    RowSink* m_sink;
    std::size_t m_keepFindings;
    FileSummary m_summary;
    std::size_t m_errorsKept = 0;
    std::size_t m_warningsKept = 0;
    bool m_headerSeen = false;
    bool m_sawContent = false;
    TypedRow m_row;
    std::vector<Finding> m_findings;
    CsvReader::Sink m_onRecord;
    // Every (field, type) group of m_summary.groups found so far (map nodes do not move).
    struct CachedGroup {
        std::string_view field;
        ErrorType type;
        FindingGroup* group;
    };
    std::vector<CachedGroup> m_groupCache;

    void onRecord(const CsvRecord& record);
    void record(const Finding& f);
    void refuse(std::string reason);
};

}  // namespace findata::core
