#include "agent/warehouse/nativeblock.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

namespace findata::agent {
namespace {

static_assert(std::endian::native == std::endian::little, "Native encoding assumes little-endian");

template <typename T>
void appendLittleEndian(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

void appendVarUInt(std::string& out, std::uint64_t v) {
    do {
        auto byte = static_cast<unsigned char>(v & 0x7F);
        v >>= 7;
        if (v != 0) byte |= 0x80;
        out += static_cast<char>(byte);
    } while (v != 0);
}

void appendString(std::string& out, std::string_view s) {
    appendVarUInt(out, s.size());
    out.append(s.data(), s.size());
}

}  // namespace

NativeBlockEncoder::NativeBlockEncoder(core::FileType file, core::LoanType loanType,
                                       std::string batchId, std::uint32_t loadedAt,
                                       const core::Catalog& catalog)
    : m_file(file),
      m_batchId(std::move(batchId)),
      m_loanType(core::toText(loanType)),
      m_loadedAt(loadedAt) {
    for (const auto& f : catalog.fields(file)) {
        Encoding encoding = Encoding::String;
        switch (f.type) {
            case core::FieldType::Text:
            case core::FieldType::Code:
                encoding = Encoding::String;
                break;
            case core::FieldType::Integer:
                encoding = Encoding::Int32;
                break;
            case core::FieldType::Amount:
            case core::FieldType::Rate:
            case core::FieldType::Fraction:
                encoding = Encoding::Int64;  // Decimal(18, s) and Decimal(10, 6): Int64 units
                break;
            case core::FieldType::Date:
                encoding = Encoding::Date;
                break;
            case core::FieldType::Flag:
                encoding = Encoding::UInt8;
                break;
        }
        m_columns.push_back(
            {f.name, core::warehouseType(f), encoding, core::isNullable(f), {}, {}});
    }
}

void NativeBlockEncoder::append(const core::TypedRow& row) {
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
        switch (column.encoding) {
            case Encoding::String:
                appendString(column.values, value.null ? std::string_view() : value.s);
                break;
            case Encoding::Int32:
                appendLittleEndian(column.values,
                                   static_cast<std::int32_t>(value.null ? 0 : value.i));
                break;
            case Encoding::UInt8:
                column.values +=
                    static_cast<char>(value.null ? 0 : static_cast<std::uint8_t>(value.i));
                break;
            case Encoding::Date:
                appendLittleEndian(column.values,
                                   static_cast<std::uint16_t>(value.null ? 0 : value.i));
                break;
            case Encoding::Int64:
                appendLittleEndian(column.values,
                                   static_cast<std::int64_t>(value.null ? 0 : value.i));
                break;
        }
        added += column.values.size() - before;
    }
    ++m_rows;
    m_bytes += added + m_batchId.size() + m_loanType.size() + 6;
}

void NativeBlockEncoder::finishBlock(std::string& out) {
    if (m_rows == 0) return;
    out.reserve(out.size() + m_bytes + 1024);
    appendVarUInt(out, m_columns.size() + 3);
    appendVarUInt(out, m_rows);
    for (Column& column : m_columns) {
        appendString(out, column.name);
        appendString(out, column.type);
        out += column.nulls;
        out += column.values;
        column.nulls.clear();
        column.values.clear();
    }
    // The load columns hold one value for the whole batch.
    const auto constantString = [&](std::string_view name, std::string_view value) {
        appendString(out, name);
        appendString(out, "String");
        for (std::size_t r = 0; r < m_rows; ++r)
            appendString(out, value);
    };
    constantString(kBatchIdColumn, m_batchId);
    constantString(kLoanTypeColumn, m_loanType);
    appendString(out, kLoadedAtColumn);
    appendString(out, "DateTime");
    for (std::size_t r = 0; r < m_rows; ++r)
        appendLittleEndian(out, m_loadedAt);
    m_rows = 0;
    m_bytes = 0;
}

std::string NativeBlockEncoder::columnList() const {
    std::string list = "(";
    for (const auto& column : m_columns) {
        list += sqlIdentifier(column.name);
        list += ", ";
    }
    list += sqlIdentifier(kBatchIdColumn) + ", " + sqlIdentifier(kLoanTypeColumn) + ", " +
            sqlIdentifier(kLoadedAtColumn) + ")";
    return list;
}

}  // namespace findata::agent
