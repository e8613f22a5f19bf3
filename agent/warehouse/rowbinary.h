#pragma once
// Encodes validated rows into ClickHouse's RowBinary format, column by column as the field
// catalog declares them, followed by the load columns batch_id, loan_type, loaded_at and
// source_line (the row's line).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/warehouse/wirevalues.h"
#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

/// The columns every fact table carries after the catalog's fields.
inline constexpr std::string_view kBatchIdColumn = "batch_id";    // String
inline constexpr std::string_view kLoanTypeColumn = "loan_type";  // String
inline constexpr std::string_view kLoadedAtColumn = "loaded_at";  // DateTime
/// The row's physical line in its file (1 = header), so checks over the warehouse (roll-forward)
/// can name the line; 0 for rows loaded before the column existed or written without it.
inline constexpr std::string_view kSourceLineColumn = "source_line";  // UInt32 DEFAULT 0

class RowBinaryEncoder final {
public:
    /// loadedAt: seconds since the epoch (UTC), the ReplacingMergeTree version of the rows.
    RowBinaryEncoder(core::FileType file, core::LoanType loanType, std::string batchId,
                     std::uint32_t loadedAt,
                     const core::Catalog& catalog = core::Catalog::standard());

    /// Appends one row to `out`.
    void append(const core::TypedRow& row, std::string& out) const;

    /// "(col1, col2, …)" in encoding order, identifiers quoted; for the INSERT statement.
    std::string columnList() const;

private:
    struct Column {
        wire::Encoding encoding;  // chosen once so append() only switches on a byte
        bool nullable;
    };

    core::FileType m_file;
    std::span<const core::FieldSpec> m_fields;  // the catalog's, which outlives the encoder
    std::string m_loanType;
    std::string m_batchId;
    std::uint32_t m_loadedAt;
    std::vector<Column> m_columns;
    std::string m_trailer;  // the encoded batch_id, loan_type and loaded_at, equal for every row
};

}  // namespace findata::agent
