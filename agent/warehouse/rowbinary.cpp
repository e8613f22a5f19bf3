#include "agent/warehouse/rowbinary.h"

#include <stdexcept>

namespace findata::agent {

RowBinaryEncoder::RowBinaryEncoder(core::FileType file, core::LoanType loanType,
                                   std::string batchId, std::uint32_t loadedAt,
                                   const core::Catalog& catalog)
    : m_file(file),
      m_fields(catalog.fields(file)),
      m_loanType(core::toText(loanType)),
      m_batchId(std::move(batchId)),
      m_loadedAt(loadedAt) {
    for (const auto& f : m_fields)
        m_columns.push_back({wire::encodingOf(f), core::isNullable(f)});
    wire::appendString(m_trailer, m_batchId);
    wire::appendString(m_trailer, m_loanType);
    wire::appendLittleEndian(m_trailer, m_loadedAt);
}

void RowBinaryEncoder::append(const core::TypedRow& row, std::string& out) const {
    if (row.values.size() != m_columns.size())
        throw std::invalid_argument(
            "RowBinaryEncoder: row has " + std::to_string(row.values.size()) + " values, the " +
            std::string(core::toText(m_file)) + " catalog " + std::to_string(m_columns.size()));
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const Column& column = m_columns[i];
        const core::Value& value = row.values[i];
        if (column.nullable) {
            out += static_cast<char>(value.null ? 1 : 0);
            if (value.null) continue;
        } else if (value.null) {
            // A zero here would load silently wrong data; the validator guarantees a value.
            throw std::logic_error("RowBinaryEncoder: required field " +
                                   std::string(m_fields[i].name) + " is null");
        }
        wire::appendValue(out, column.encoding, value);
    }
    out.append(m_trailer);
    wire::appendLittleEndian(out, static_cast<std::uint32_t>(row.line));
}

std::string RowBinaryEncoder::columnList() const {
    return wire::insertColumnList(m_fields, true);
}

}  // namespace findata::agent
