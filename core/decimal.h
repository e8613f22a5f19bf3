#pragma once
// Exact fixed-point numbers for amounts and rates: parsed from text digit by digit, never through
// binary floating point.

#include <cstdint>
#include <string>
#include <string_view>

namespace findata::core {

/// A decimal value: units × 10^-scale (e.g. {12345, 2} is 123.45).
struct Decimal {
    std::int64_t units = 0;
    int scale = 0;
    friend bool operator==(const Decimal&, const Decimal&) = default;
};

enum class NumberError {
    None,
    Empty,            // nothing but spaces
    NotANumber,       // "abc", "1.2.3", "1e5", "--1"
    NotAnInteger,     // "1.5" where an integer is expected
    TooManyDecimals,  // more fractional digits than the target scale allows (no rounding asked)
    Overflow,         // does not fit int64 at the target scale
};

struct DecimalParse {
    Decimal value;
    NumberError error = NumberError::None;
    bool ok() const { return error == NumberError::None; }
};

struct IntegerParse {
    std::int64_t value = 0;
    NumberError error = NumberError::None;
    bool ok() const { return error == NumberError::None; }
};

/// Parses an optionally signed decimal ("-12", "123.45", ".5", "7.") into units at targetScale.
/// Surrounding spaces are ignored. With allowDecimalComma, "55,47" is read as 55.47 (a text with
/// both '.' and ',' is NotANumber). More fractional digits than targetScale is TooManyDecimals,
/// unless round is set: then the value is rounded half away from zero.
DecimalParse parseDecimal(std::string_view text, int targetScale, bool allowDecimalComma,
                          bool round = false);

/// Parses an optionally signed integer; "1.5" is NotAnInteger, "1.0" too (integers carry no point).
IntegerParse parseInteger(std::string_view text);

/// Parses a rate into a fraction at scale 6: "18.5" (a percent, because it is > 1), "0.185",
/// "18.5%", "1850 bps", "55,47" (with allowDecimalComma). Excess digits are rounded.
DecimalParse parseRate(std::string_view text, bool allowDecimalComma);

/// True when |units| < 10^precision, i.e. the value fits ClickHouse Decimal(precision, scale).
bool fitsPrecision(Decimal d, int precision);

/// Canonical text: "-123.45", "0.185000" (always exactly `scale` fractional digits).
std::string toText(Decimal d);

}  // namespace findata::core
