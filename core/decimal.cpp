#include "core/decimal.h"
#include "core/text.h"

#include <array>
#include <cstddef>

namespace findata::core {

namespace {

// The largest magnitude any parse may produce: |INT64_MIN|. Positive results are checked
// against INT64_MAX once the sign is known.
constexpr std::uint64_t kMaxMagnitude = std::uint64_t{1} << 63;
constexpr std::uint64_t kMaxPositive = kMaxMagnitude - 1;

// The shape of a number, found in one pass without allocating: sign, integer digits and
// fractional digits (both as views into the caller's text).
struct NumberParts {
    bool negative = false;
    bool hasSeparator = false;
    std::string_view integerDigits;
    std::string_view fractionDigits;
    NumberError error = NumberError::None;
};

NumberParts splitNumber(std::string_view text, bool allowDecimalComma) {
    NumberParts parts;
    text = trimBlanks(text);
    if (text.empty()) {
        parts.error = NumberError::Empty;
        return parts;
    }
    std::size_t i = 0;
    if (text[0] == '-' || text[0] == '+') {
        parts.negative = text[0] == '-';
        i = 1;
    }
    const std::size_t integerBegin = i;
    while (i < text.size() && isDigit(text[i]))
        ++i;
    parts.integerDigits = text.substr(integerBegin, i - integerBegin);
    if (i < text.size()) {
        const char separator = text[i];
        if (separator != '.' && !(separator == ',' && allowDecimalComma)) {
            parts.error = NumberError::NotANumber;
            return parts;
        }
        parts.hasSeparator = true;
        const std::size_t fractionBegin = ++i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        parts.fractionDigits = text.substr(fractionBegin, i - fractionBegin);
        // A second separator of either kind ("1.2.3", "1,2.3") lands here too.
        if (i < text.size()) {
            parts.error = NumberError::NotANumber;
            return parts;
        }
    }
    if (parts.integerDigits.empty() && parts.fractionDigits.empty()) {
        parts.error = NumberError::NotANumber;  // "-", ".", "+,"
    }
    return parts;
}

// Appends one digit to a magnitude; false when the result would pass kMaxMagnitude.
bool appendDigit(std::uint64_t& magnitude, unsigned digit) {
    if (magnitude > (kMaxMagnitude - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
    return true;
}

// Turns well-formed parts into units at targetScale, rounding half away from zero on request.
DecimalParse toDecimal(const NumberParts& parts, int targetScale, bool round) {
    DecimalParse result;
    result.value.scale = targetScale;
    if (targetScale < 0) {
        // No caller asks for a negative scale; it cannot hold digits exactly, so refuse it loudly.
        result.error = NumberError::Overflow;
        return result;
    }
    std::uint64_t magnitude = 0;
    for (char c : parts.integerDigits) {
        if (!appendDigit(magnitude, static_cast<unsigned>(c - '0'))) {
            result.error = NumberError::Overflow;
            return result;
        }
    }
    const std::size_t scale = static_cast<std::size_t>(targetScale);
    const std::string_view kept = parts.fractionDigits.substr(0, scale);
    for (char c : kept) {
        if (!appendDigit(magnitude, static_cast<unsigned>(c - '0'))) {
            result.error = NumberError::Overflow;
            return result;
        }
    }
    for (std::size_t pad = kept.size(); pad < scale; ++pad) {
        if (!appendDigit(magnitude, 0)) {
            result.error = NumberError::Overflow;
            return result;
        }
    }
    // Excess digits that are all zeros ("1.500" at scale 2) lose nothing: the value is exact.
    const bool excessIsZero =
        parts.fractionDigits.size() <= scale ||
        parts.fractionDigits.find_first_not_of('0', scale) == std::string_view::npos;
    if (parts.fractionDigits.size() > scale && !excessIsZero) {
        if (!round) {
            result.error = NumberError::TooManyDecimals;
            return result;
        }
        // Half away from zero: only the first dropped digit decides, the magnitude is unsigned.
        if (parts.fractionDigits[scale] >= '5') {
            if (magnitude == kMaxMagnitude) {
                result.error = NumberError::Overflow;
                return result;
            }
            ++magnitude;
        }
    }
    if (parts.negative) {
        // Written as -(m - 1) - 1 so that |INT64_MIN| converts without overflow.
        result.value.units = magnitude == 0 ? 0 : -static_cast<std::int64_t>(magnitude - 1) - 1;
    } else {
        if (magnitude > kMaxPositive) {
            result.error = NumberError::Overflow;
            return result;
        }
        result.value.units = static_cast<std::int64_t>(magnitude);
    }
    return result;
}

// True when the exact value of the parts is greater than 1 (before any rounding).
bool greaterThanOne(const NumberParts& parts) {
    if (parts.negative) return false;
    std::size_t i = 0;
    while (i < parts.integerDigits.size() && parts.integerDigits[i] == '0')
        ++i;
    const std::string_view significant = parts.integerDigits.substr(i);
    if (significant.size() > 1) return true;
    if (significant.empty()) return false;  // integer part 0
    if (significant[0] > '1') return true;
    for (char c : parts.fractionDigits) {
        if (c != '0') return true;
    }
    return false;
}

bool endsWithBps(std::string_view text) {
    if (text.size() < 3) return false;
    const std::string_view tail = text.substr(text.size() - 3);
    // ASCII case folding by hand: std::tolower depends on the locale.
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    return lower(tail[0]) == 'b' && lower(tail[1]) == 'p' && lower(tail[2]) == 's';
}

}  // namespace

DecimalParse parseDecimal(std::string_view text, int targetScale, bool allowDecimalComma,
                          bool round) {
    std::int64_t units = 0;
    if (parsePlainDecimal(text, targetScale, allowDecimalComma, units))
        return DecimalParse{Decimal{units, targetScale}, NumberError::None};
    const NumberParts parts = splitNumber(text, allowDecimalComma);
    if (parts.error != NumberError::None) {
        DecimalParse result;
        result.value.scale = targetScale;
        result.error = parts.error;
        return result;
    }
    return toDecimal(parts, targetScale, round);
}

IntegerParse parseInteger(std::string_view text) {
    IntegerParse result;
    if (parsePlainInteger(text, result.value)) return result;
    const NumberParts parts = splitNumber(text, false);
    if (parts.error != NumberError::None) {
        result.error = parts.error;
        return result;
    }
    if (parts.hasSeparator) {
        result.error = NumberError::NotAnInteger;
        return result;
    }
    const DecimalParse decimal = toDecimal(parts, 0, false);
    result.value = decimal.value.units;
    result.error = decimal.error;
    return result;
}

DecimalParse parseRate(std::string_view text, bool allowDecimalComma) {
    constexpr int kRateScale = 6;
    // A plain number: a percent when it is greater than 1, else a fraction (see below).
    std::int64_t plain = 0;
    if (parsePlainRate(text, allowDecimalComma, plain))
        return DecimalParse{Decimal{plain, kRateScale}, NumberError::None};
    std::string_view number = trimBlanks(text);
    // Dividing by 10^k at scale 6 is parsing the number at scale 6 - k: one exact rounding.
    int parseScale = -1;
    if (!number.empty() && number.back() == '%') {
        number.remove_suffix(1);
        parseScale = kRateScale - 2;
    } else if (endsWithBps(number)) {
        number.remove_suffix(3);
        parseScale = kRateScale - 4;
    }
    const bool hadSuffix = parseScale >= 0;
    NumberParts parts = splitNumber(number, allowDecimalComma);
    if (parts.error == NumberError::Empty && hadSuffix) {
        parts.error = NumberError::NotANumber;  // "%" or "bps" with no number
    }
    if (parts.error != NumberError::None) {
        DecimalParse result;
        result.value.scale = kRateScale;
        result.error = parts.error;
        return result;
    }
    if (!hadSuffix) parseScale = greaterThanOne(parts) ? kRateScale - 2 : kRateScale;
    DecimalParse result = toDecimal(parts, parseScale, true);
    result.value.scale = kRateScale;
    return result;
}

bool fitsPrecision(Decimal d, int precision) {
    if (precision <= 0) return d.units == 0;
    if (precision >= 19) return true;  // 10^19 exceeds every int64
    static constexpr auto kPowers = [] {
        std::array<std::uint64_t, 19> p{};
        p[0] = 1;
        for (std::size_t i = 1; i < p.size(); ++i)
            p[i] = p[i - 1] * 10;
        return p;
    }();
    const std::uint64_t limit = kPowers[static_cast<std::size_t>(precision)];
    const std::uint64_t magnitude = d.units < 0
                                        ? std::uint64_t{0} - static_cast<std::uint64_t>(d.units)
                                        : static_cast<std::uint64_t>(d.units);
    return magnitude < limit;
}

std::string toText(Decimal d) {
    const bool negative = d.units < 0;
    std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(d.units)
                                       : static_cast<std::uint64_t>(d.units);
    // Digits are produced right to left; 20 holds every uint64.
    char digits[20];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);

    std::string out;
    if (negative) out.push_back('-');
    if (d.scale <= 0) {
        for (int i = count - 1; i >= 0; --i)
            out.push_back(digits[i]);
        if (d.units != 0) out.append(static_cast<std::size_t>(-d.scale), '0');
        return out;
    }
    const int integerCount = count > d.scale ? count - d.scale : 0;
    if (integerCount == 0) out.push_back('0');
    for (int i = count - 1; i >= count - integerCount; --i)
        out.push_back(digits[i]);
    out.push_back('.');
    for (int position = d.scale - 1; position >= 0; --position) {
        out.push_back(position < count ? digits[position] : '0');
    }
    return out;
}

}  // namespace findata::core
