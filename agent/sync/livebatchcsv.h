#pragma once
// A live batch replayed as the CSV file it stands for: its rows read back from the warehouse and
// written in the layout of the delivered file's header (its columns, order and delimiter), so a
// sync can validate exactly the rows that are live — e.g. the live payment plan re-checked against
// new credits, which after a merged correction is no longer the delivered file (the corrected rows
// replace the rejected ones). Values are written in a form the validator reads back to the same
// stored value (rates as percents, codes as input codes); each CSV line is mapped back to the
// row's source_line, so findings, rejected rows and the new batch keep the lines they had.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/catalog.h"
#include "core/validationpolicy.h"

namespace findata::agent {

class ClickHouseClient;

/// Which line of the replayed CSV stands for which source line of the batch. Lines are added as
/// the CSV is produced and translated as the validator reports them (both in file order), so it
/// holds only the lines fed but not yet reported.
class SourceLines final {
public:
    void add(std::uint64_t csvLine, std::uint64_t sourceLine) {
        m_lines.emplace_back(csvLine, sourceLine);
    }
    /// The source line of a CSV line; a line never added (the header) is returned as it is.
    /// Calls must not go back in the file: lines before `csvLine` are forgotten.
    std::uint64_t translate(std::uint64_t csvLine) {
        while (!m_lines.empty() && m_lines.front().first < csvLine)
            m_lines.pop_front();
        return !m_lines.empty() && m_lines.front().first == csvLine ? m_lines.front().second
                                                                    : csvLine;
    }

private:
    std::deque<std::pair<std::uint64_t, std::uint64_t>> m_lines;
};

/// The bytes of a delivered file, handed to the callback in pieces.
using FileReader = std::function<void(const std::function<void(std::string_view)>&)>;

/// What replayBatchAsCsv wrote.
struct ReplayCounts {
    std::uint64_t batchRows = 0;      // rows of the batch
    std::uint64_t deliveredRows = 0;  // rows of the delivered file whose key the batch lacks
};

/// Streams the rows of batch `batchId` of the fact table of `file` (loan type `loanType`) to
/// `feed` as CSV: first the header line, then the rows in the warehouse's order (no sort: a plan
/// may hold millions of rows) in chunks of about a megabyte. `header`: the delivered file's header
/// line (nullopt: the catalog's columns of the file kind and loan type, ';'-separated); its columns
/// are matched to catalog fields as the validator matches them (trimmed, case-insensitive,
/// `aliases` first), and a column the catalog does not know is written empty. Each row's CSV line
/// is added to `lines` with its source_line before its chunk is fed (not for rows loaded before
/// source_line existed: they read 0 and keep their CSV line).
/// `delivered` (optional): the file the batch stands for, `header` being its first line. Its
/// data rows whose key (the catalog's key fields, normalized as the validator does) is not a key
/// of the batch follow the batch's rows, byte for byte as delivered and with their own lines:
/// the rows the batch lacks because they were rejected — e.g. payments of a credit that was
/// rejected then and may be live now, or rows still wrong; a row a merged correction replaced
/// has its key in the batch and is left out. Throws WarehouseError.
ReplayCounts replayBatchAsCsv(ClickHouseClient& client, std::string_view database,
                              core::FileType file, core::LoanType loanType,
                              std::string_view batchId, const std::optional<std::string>& header,
                              const std::vector<core::HeaderAlias>& aliases,
                              const core::Catalog& catalog, SourceLines& lines,
                              const std::function<void(std::string_view)>& feed,
                              const FileReader* delivered = nullptr);

}  // namespace findata::agent
