#pragma once
// How ClickHouse's binary formats (RowBinary and Native) write one value, shared by both
// encoders: little-endian fixed-width integers, strings as a LEB128 length and the bytes, and one
// encoding per catalog field type.

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent::wire {

// ClickHouse's binary formats are little-endian; so is every machine we build for, but say it
// rather than assume.
static_assert(std::endian::native == std::endian::little,
              "the ClickHouse binary encodings assume little-endian");

/// How one catalog field's values are written; chosen once per column.
enum class Encoding : std::uint8_t { String, Int32, UInt8, Date, Int64 };

/// The encoding of a field's warehouse type (core::warehouseType).
Encoding encodingOf(const core::FieldSpec& field);

template <typename T>
void appendLittleEndian(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

/// A LEB128 unsigned integer (VarUInt).
void appendVarUInt(std::string& out, std::uint64_t v);

/// A String: its length as VarUInt, then the bytes.
inline void appendString(std::string& out, std::string_view s) {
    appendVarUInt(out, s.size());
    out.append(s.data(), s.size());
}

/// One value in `encoding`; a null value writes the type's default (0, empty string).
void appendValue(std::string& out, Encoding encoding, const core::Value& value);

/// "(col1, col2, …, batch_id, loan_type, loaded_at)": the catalog fields then the load columns,
/// identifiers quoted; for the INSERT statement. `withSourceLine`: source_line last.
std::string insertColumnList(std::span<const core::FieldSpec> fields, bool withSourceLine = false);

}  // namespace findata::agent::wire
