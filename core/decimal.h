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

// The common shape of a number, read in one pass and inlined into the per-row hot path: an
// optional sign, at most 18 digits with at most one separator, no blanks. The general parsers
// above handle everything else, every error included; they try these first, so both agree by
// construction on what the fast path accepts.
struct PlainNumber {
    std::uint64_t digits = 0;  // all digits as one integer (integer and fraction parts)
    int fractionDigits = 0;
    bool negative = false;
    bool separator = false;
};

inline constexpr std::uint64_t kPowersOf10[19] = {1ULL,
                                                  10ULL,
                                                  100ULL,
                                                  1000ULL,
                                                  10000ULL,
                                                  100000ULL,
                                                  1000000ULL,
                                                  10000000ULL,
                                                  100000000ULL,
                                                  1000000000ULL,
                                                  10000000000ULL,
                                                  100000000000ULL,
                                                  1000000000000ULL,
                                                  10000000000000ULL,
                                                  100000000000000ULL,
                                                  1000000000000000ULL,
                                                  10000000000000000ULL,
                                                  100000000000000000ULL,
                                                  1000000000000000000ULL};

/// Reads the plain shape; false for anything else (the general parser decides those).
inline bool scanPlainNumber(std::string_view text, bool allowDecimalComma, PlainNumber& out) {
    const char* p = text.data();
    const char* const end = p + text.size();
    // A sign, 18 digits and a separator at most: longer texts have more than 18 digits or are
    // not plain, so the loop needs no digit limit (an overflowing count is refused after it).
    if (p == end || text.size() > 20) return false;
    if (*p == '-' || *p == '+') {
        out.negative = *p == '-';
        ++p;
    }
    int count = 0;
    const char* separatorAt = nullptr;
    for (; p != end; ++p) {
        const unsigned digit = static_cast<unsigned char>(*p) - static_cast<unsigned>('0');
        if (digit < 10) {
            out.digits = out.digits * 10 + digit;
            ++count;
        } else if ((*p == '.' || (*p == ',' && allowDecimalComma)) && separatorAt == nullptr) {
            separatorAt = p;
        } else {
            return false;
        }
    }
    if (count == 0 || count > 18) return false;
    if (separatorAt != nullptr) {
        out.separator = true;
        out.fractionDigits = static_cast<int>(end - separatorAt - 1);
    }
    return true;
}

/// Units at `scale` of a plain number whose fraction fits the scale; false when the general
/// path must decide (more fractional digits, or a result that could pass 18 digits).
inline bool plainUnits(const PlainNumber& n, int scale, std::int64_t& units) {
    if (scale < 0 || n.fractionDigits > scale) return false;
    const int pad = scale - n.fractionDigits;
    if (pad > 18 || (n.digits != 0 && n.digits >= kPowersOf10[18 - pad])) return false;
    const auto magnitude = static_cast<std::int64_t>(n.digits * kPowersOf10[pad]);
    units = n.negative ? -magnitude : magnitude;
    return true;
}

/// parseDecimal's result for a plain number (round is irrelevant there); false: call it.
inline bool parsePlainDecimal(std::string_view text, int targetScale, bool allowDecimalComma,
                              std::int64_t& units) {
    PlainNumber n;
    return scanPlainNumber(text, allowDecimalComma, n) && plainUnits(n, targetScale, units);
}

/// parseInteger's result for a plain integer; false: call it.
inline bool parsePlainInteger(std::string_view text, std::int64_t& value) {
    PlainNumber n;
    if (!scanPlainNumber(text, false, n) || n.separator) return false;
    const auto magnitude = static_cast<std::int64_t>(n.digits);
    value = n.negative ? -magnitude : magnitude;
    return true;
}

/// parseRate's result (units at scale 6) for a plain number; false: call it.
inline bool parsePlainRate(std::string_view text, bool allowDecimalComma, std::int64_t& units) {
    constexpr int kRateScale = 6;
    PlainNumber n;
    if (!scanPlainNumber(text, allowDecimalComma, n)) return false;
    std::int64_t fraction = 0;
    if (!plainUnits(n, kRateScale, fraction)) return false;
    // A percent when it is greater than 1, else a fraction (see parseRate).
    if (n.negative || fraction <= 1'000'000) {
        units = fraction;
        return true;
    }
    return plainUnits(n, kRateScale - 2, units);
}

/// True when |units| < 10^precision, i.e. the value fits ClickHouse Decimal(precision, scale).
bool fitsPrecision(Decimal d, int precision);

/// Canonical text: "-123.45", "0.185000" (always exactly `scale` fractional digits).
std::string toText(Decimal d);

}  // namespace findata::core
