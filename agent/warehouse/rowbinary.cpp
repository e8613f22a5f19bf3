#include "agent/warehouse/rowbinary.h"

#include <bit>
#include <cstring>
#include <stdexcept>

#include "agent/warehouse/sql.h"

namespace findata::agent {
namespace {

// RowBinary is little-endian; so is every machine we build for, but say it rather than assume.
static_assert(std::endian::native == std::endian::little,
              "RowBinary encoding assumes little-endian");

template <typename T>
void appendLittleEndian(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

void appendString(std::string& out, std::string_view s) {
    // LEB128 length, then the bytes.
    char length[10];
    std::size_t n = 0;
    std::uint64_t v = s.size();
    do {
        auto byte = static_cast<unsigned char>(v & 0x7F);
        v >>= 7;
        if (v != 0) byte |= 0x80;
        length[n++] = static_cast<char>(byte);
    } while (v != 0);
    out.append(length, n);
    out.append(s.data(), s.size());
}

}  // namespace

RowBinaryEncoder::RowBinaryEncoder(core::FileType file, core::LoanType loanType,
                                   std::string batchId, std::uint32_t loadedAt,
                                   const core::Catalog& catalog)
    : m_file(file),
      m_fields(catalog.fields(file)),
      m_loanType(core::toText(loanType)),
      m_batchId(std::move(batchId)),
      m_loadedAt(loadedAt) {
    for (const auto& f : m_fields) {
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
                encoding = Encoding::Int64;  // Decimal(18, s) and Decimal(10, 6) alike: Int64 units
                break;
            case core::FieldType::Date:
                encoding = Encoding::Date;
                break;
            case core::FieldType::Flag:
                encoding = Encoding::UInt8;
                break;
        }
        m_columns.push_back({encoding, core::isNullable(f)});
    }
    appendString(m_trailer, m_batchId);
    appendString(m_trailer, m_loanType);
    appendLittleEndian(m_trailer, m_loadedAt);
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
        switch (column.encoding) {
            case Encoding::String:
                appendString(out, value.s);
                break;
            case Encoding::Int32:
                appendLittleEndian(out, static_cast<std::int32_t>(value.i));
                break;
            case Encoding::UInt8:
                out += static_cast<char>(static_cast<std::uint8_t>(value.i));
                break;
            case Encoding::Date:
                appendLittleEndian(out, static_cast<std::uint16_t>(value.i));
                break;
            case Encoding::Int64:
                appendLittleEndian(out, static_cast<std::int64_t>(value.i));
                break;
        }
    }
    out.append(m_trailer);
}

std::string RowBinaryEncoder::columnList() const {
    std::string list = "(";
    for (const auto& f : m_fields) {
        list += sqlIdentifier(f.name);
        list += ", ";
    }
    list += sqlIdentifier(kBatchIdColumn) + ", " + sqlIdentifier(kLoanTypeColumn) + ", " +
            sqlIdentifier(kLoadedAtColumn) + ")";
    return list;
}

}  // namespace findata::agent
