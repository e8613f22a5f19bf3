#include "agent/warehouse/nativeblock.h"

#include <stdexcept>

#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/wirevalues.h"

namespace findata::agent {

NativeBlockEncoder::NativeBlockEncoder(core::FileType file, core::LoanType loanType,
                                       std::string batchId, std::uint32_t loadedAt,
                                       const core::Catalog& catalog)
    : m_file(file),
      m_fields(catalog.fields(file)),
      m_batchId(std::move(batchId)),
      m_loanType(core::toText(loanType)),
      m_loadedAt(loadedAt) {
    for (const auto& f : m_fields)
        m_columns.push_back(
            {f.name, core::warehouseType(f), wire::encodingOf(f), core::isNullable(f), {}, {}});
}

void NativeBlockEncoder::append(const core::TypedRow& row, std::uint64_t sourceLine) {
    if (row.values.size() != m_columns.size())
        throw std::invalid_argument(
            "NativeBlockEncoder: row has " + std::to_string(row.values.size()) + " values, the " +
            std::string(core::toText(m_file)) + " catalog " + std::to_string(m_columns.size()));
    std::size_t added = 0;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        Column& column = m_columns[i];
        const core::Value& value = row.values[i];
        const std::size_t before = column.values.size();
        if (column.nullable) {
            column.nulls += static_cast<char>(value.null ? 1 : 0);
            ++added;
        } else if (value.null) {
            // A zero here would load silently wrong data; the validator guarantees a value.
            throw std::logic_error("NativeBlockEncoder: required field " +
                                   std::string(column.name) + " is null");
        }
        // A NULL still takes its place in the values: the type's default (0, empty string).
        wire::appendValue(column.values, column.encoding, value);
        added += column.values.size() - before;
    }
    wire::appendLittleEndian(m_sourceLines, static_cast<std::uint32_t>(sourceLine));
    ++m_rows;
    m_bytes += added + m_batchId.size() + m_loanType.size() + 10;
}

void NativeBlockEncoder::finishBlock(std::string& out) {
    if (m_rows == 0) return;
    out.reserve(out.size() + m_bytes + 1024);
    wire::appendVarUInt(out, m_columns.size() + 4);
    wire::appendVarUInt(out, m_rows);
    for (Column& column : m_columns) {
        wire::appendString(out, column.name);
        wire::appendString(out, column.type);
        out += column.nulls;
        out += column.values;
        column.nulls.clear();
        column.values.clear();
    }
    // The load columns hold one value for the whole batch.
    const auto constantString = [&](std::string_view name, std::string_view value) {
        wire::appendString(out, name);
        wire::appendString(out, "String");
        for (std::size_t r = 0; r < m_rows; ++r)
            wire::appendString(out, value);
    };
    constantString(kBatchIdColumn, m_batchId);
    constantString(kLoanTypeColumn, m_loanType);
    wire::appendString(out, kLoadedAtColumn);
    wire::appendString(out, "DateTime");
    for (std::size_t r = 0; r < m_rows; ++r)
        wire::appendLittleEndian(out, m_loadedAt);
    wire::appendString(out, kSourceLineColumn);
    wire::appendString(out, "UInt32");
    out += m_sourceLines;
    m_sourceLines.clear();
    m_rows = 0;
    m_bytes = 0;
}

std::string NativeBlockEncoder::columnList() const {
    return wire::insertColumnList(m_fields, true);
}

}  // namespace findata::agent
