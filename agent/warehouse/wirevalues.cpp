#include "agent/warehouse/wirevalues.h"

#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

namespace findata::agent::wire {

Encoding encodingOf(const core::FieldSpec& field) {
    switch (field.type) {
        case core::FieldType::Text:
        case core::FieldType::Code:
            return Encoding::String;
        case core::FieldType::Integer:
            return Encoding::Int32;
        case core::FieldType::Amount:
        case core::FieldType::Rate:
        case core::FieldType::Fraction:
            return Encoding::Int64;  // Decimal(18, s) and Decimal(10, 6) alike: Int64 units
        case core::FieldType::Date:
            return Encoding::Date;
        case core::FieldType::Flag:
            return Encoding::UInt8;
    }
    return Encoding::String;
}

void appendVarUInt(std::string& out, std::uint64_t v) {
    char bytes[10];
    std::size_t n = 0;
    do {
        auto byte = static_cast<unsigned char>(v & 0x7F);
        v >>= 7;
        if (v != 0) byte |= 0x80;
        bytes[n++] = static_cast<char>(byte);
    } while (v != 0);
    out.append(bytes, n);
}

void appendValue(std::string& out, Encoding encoding, const core::Value& value) {
    const std::int64_t i = value.null ? 0 : value.i;
    switch (encoding) {
        case Encoding::String:
            appendString(out, value.null ? std::string_view() : value.s);
            break;
        case Encoding::Int32:
            appendLittleEndian(out, static_cast<std::int32_t>(i));
            break;
        case Encoding::UInt8:
            out += static_cast<char>(static_cast<std::uint8_t>(i));
            break;
        case Encoding::Date:
            appendLittleEndian(out, static_cast<std::uint16_t>(i));
            break;
        case Encoding::Int64:
            appendLittleEndian(out, i);
            break;
    }
}

std::string insertColumnList(std::span<const core::FieldSpec> fields, bool withSourceLine) {
    std::string list = "(";
    for (const auto& f : fields) {
        list += sqlIdentifier(f.name);
        list += ", ";
    }
    list += sqlIdentifier(kBatchIdColumn) + ", " + sqlIdentifier(kLoanTypeColumn) + ", " +
            sqlIdentifier(kLoadedAtColumn);
    if (withSourceLine) list += ", " + sqlIdentifier(kSourceLineColumn);
    list += ')';
    return list;
}

}  // namespace findata::agent::wire
