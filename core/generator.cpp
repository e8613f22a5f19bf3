#include "core/generator.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace findata::core {

namespace {

constexpr std::string_view kExternalRatings[] = {"AAA", "AA",  "A",   "BBB", "BB",
                                                 "B",   "CCC", "BBB", "BB",  "A"};
constexpr std::string_view kProductTypes[] = {"ROTATIVE", "INSTALLMENT", "SPOT", "EXPORT",
                                              "INVESTMENT"};
constexpr std::string_view kSegments[] = {"MICRO", "SME", "COMMERCIAL", "CORPORATE"};
constexpr std::string_view kSectors[] = {"A01", "C10", "C25", "F41", "G46", "G47",
                                         "H49", "I55", "J62", "L68", "M71", "Q86"};

// The tape's reporting date: installments due before it are paid or overdue, later ones open.
constexpr int kAsOfYear = 2025;
constexpr int kAsOfMonth = 6;
constexpr int kAsOfDay = 30;

constexpr std::size_t kFlushAt = 1u << 20;     // emit ~1 MB pieces
constexpr std::size_t kMaxLine = 2048;         // far above the longest generated row
constexpr std::uint64_t kMaxPerLoan = 36;      // installments per loan, normally
constexpr std::uint64_t kMaxPerLoanBig = 360;  // when more plan rows than loans × 36 are asked

// splitmix64: tiny, fast, and its output is fixed by its definition (unlike std:: distributions).
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        m_state += 0x9e3779b97f4a7c15ULL;
        return mix(m_state);
    }
    /// Uniform in [0, n); the modulo bias is irrelevant for synthetic data.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool percent(unsigned p) { return below(100) < p; }

private:
    std::uint64_t m_state;
};

// Independent streams per purpose and loan, so credit and plan agree on every shared value.
enum class Stream : std::uint64_t { Loan = 1, Count = 2, Order = 3, Plan = 4, Noise = 5 };

Rng streamFor(std::uint64_t seed, Stream s, std::uint64_t index) {
    return Rng(mix(mix(seed ^ (static_cast<std::uint64_t>(s) * 0xd6e8feb86659fd93ULL)) + index));
}

// Civil calendar <-> day numbers (H. Hinnant's algorithms), kept local so the generator
// depends on nothing but itself.
std::int32_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Ymd {
    int y, m, d;
};

Ymd civilFromDays(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

/// Months counted from year 0; day of month is kept ≤ 28 so every month has it.
std::int32_t dayOfMonthIndex(int monthIndex, int day) {
    return daysFromCivil(monthIndex / 12, monthIndex % 12 + 1, day);
}

/// Everything about one loan that both files show. A pure function of (seed, index, count).
struct Loan {
    std::uint64_t number = 0;
    int customer = 0;
    char customerType = 'I';
    bool active = true;
    int count = 1;
    int freq = 1;                 // months between installments
    int grace = 0;                // months before the first installment
    int startMonth = 0, day = 1;  // month index (year*12 + month-1) and day of month
    int firstMonth = 0;
    std::int32_t startDay = 0, firstDay = 0, maturityDay = 0, closingDay = 0;
    int paid = 0;     // installments paid
    int overdue = 0;  // due but unpaid installments
    std::int32_t daysPastDue = 0;
    std::int64_t principal = 0;                // cents
    std::int64_t interest = 0;                 // cents
    int rate = 0, kkdfRate = 0, bsmvRate = 0;  // basis points of a percent (5547 = 55.47)
    std::int64_t installmentPrincipal(int k) const {
        const std::int64_t base = principal / count;
        return k == count ? principal - base * (count - 1) : base;
    }
    std::int64_t installmentInterest(int k) const {
        const std::int64_t base = interest / count;
        return k == count ? interest - base * (count - 1) : base;
    }
    std::int32_t dueDay(int k) const { return dayOfMonthIndex(firstMonth + (k - 1) * freq, day); }
};

Loan makeLoan(const GeneratorOptions& o, std::uint64_t index, int count) {
    Rng r = streamFor(o.seed, Stream::Loan, index);
    const bool retail = o.loanType == LoanType::Retail;
    Loan l;
    l.number = o.firstLoan + index;
    l.count = count;
    l.customer = static_cast<int>(r.between(1, 99999));
    const auto typeRoll = r.below(100);
    l.customerType = retail ? (typeRoll < 75   ? 'I'
                               : typeRoll < 90 ? 'V'
                                               : 'T')
                            : (typeRoll < 80   ? 'T'
                               : typeRoll < 92 ? 'V'
                                               : 'I');
    l.active = r.percent(80);
    l.freq = (count <= 40 && r.percent(15)) ? 3 : 1;
    l.grace = r.percent(80) ? 0 : static_cast<int>(r.between(1, 6));
    l.day = static_cast<int>(r.between(1, 28));

    // Active loans are still running at the tape date; closed ones may be older.
    const int asOfMonth = kAsOfYear * 12 + kAsOfMonth - 1;
    const int span = (l.grace + 1) * l.freq + (std::max(count - 1, 1)) * l.freq;
    const int back = static_cast<int>(r.between(1, std::min(300, l.active ? span - 1 : span + 60)));
    l.startMonth = asOfMonth - back;
    l.firstMonth = l.startMonth + (l.grace + 1) * l.freq;
    l.startDay = dayOfMonthIndex(l.startMonth, l.day);
    l.firstDay = dayOfMonthIndex(l.firstMonth, l.day);
    l.maturityDay = dayOfMonthIndex(l.firstMonth + std::max(count - 1, 1) * l.freq, l.day);

    const std::int32_t asOf = daysFromCivil(kAsOfYear, kAsOfMonth, kAsOfDay);
    if (l.active) {
        // Days of month are <= 28 and the tape date is the 30th: due means due this month or
        // before.
        const int due =
            asOfMonth < l.firstMonth ? 0 : std::min(count, (asOfMonth - l.firstMonth) / l.freq + 1);
        l.overdue =
            (due > 0 && r.percent(15)) ? static_cast<int>(r.between(1, std::min(due, 4))) : 0;
        l.paid = due - l.overdue;
        l.daysPastDue = l.overdue > 0 ? asOf - l.dueDay(l.paid + 1) : 0;
    } else {
        l.paid = count;
        // Closed at maturity (a few days late, never after the tape date) or prepaid earlier.
        l.closingDay =
            l.maturityDay <= asOf
                ? l.maturityDay + static_cast<std::int32_t>(r.below(static_cast<std::uint64_t>(
                                      std::min(6, asOf - l.maturityDay + 1))))
                : std::max(l.startDay + 15, asOf - static_cast<std::int32_t>(r.below(91)));
    }

    // Retail: 5,000 .. 500,000 in whole hundreds; commercial: 100,000 .. 50,000,000.
    l.principal = retail ? r.between(50, 5000) * 100 * 100 : r.between(100, 50000) * 1000 * 100;
    l.rate = static_cast<int>(retail ? r.between(1500, 6500) : r.between(1200, 5500));
    l.kkdfRate = r.percent(60) ? 1500 : static_cast<int>(r.between(1000, 2000));
    l.bsmvRate = r.percent(50) ? 500 * static_cast<int>(r.between(1, 3))
                               : static_cast<int>(r.between(500, 1600));
    // Roughly an annuity's interest: half the principal at the nominal rate over the term.
    const std::int64_t months = static_cast<std::int64_t>(count) * l.freq;
    l.interest = l.principal * l.rate * months / (12 * 10000 * 2);
    return l;
}

/// The line buffer: rows are formatted in place and emitted in ~1 MB pieces.
class Writer {
public:
    explicit Writer(const TextSink& sink)
        : m_sink(sink), m_buf(std::make_unique<char[]>(kFlushAt + kMaxLine)) {}
    ~Writer() = default;
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void text(std::string_view s) {
        std::memcpy(m_buf.get() + m_pos, s.data(), s.size());
        m_pos += s.size();
    }
    void ch(char c) { m_buf[m_pos++] = c; }
    void sep() { m_buf[m_pos++] = ';'; }
    void uint(std::uint64_t v) {
        char* p = m_buf.get() + m_pos;
        m_pos += static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - p);
    }
    void padded(std::uint64_t v, int width) {
        char tmp[24];
        const auto n = static_cast<int>(std::to_chars(tmp, tmp + sizeof tmp, v).ptr - tmp);
        for (int i = n; i < width; ++i)
            ch('0');
        text({tmp, static_cast<std::size_t>(n)});
    }
    void twoDigits(int v) {
        ch(static_cast<char>('0' + v / 10));
        ch(static_cast<char>('0' + v % 10));
    }
    /// Hundredths as "55.47"; `whole` drops ".00" (real files mix both forms).
    void hundredths(std::int64_t v, bool whole = false) {
        uint(static_cast<std::uint64_t>(v / 100));
        if (whole && v % 100 == 0) return;
        ch('.');
        twoDigits(static_cast<int>(v % 100));
    }
    void compactDate(std::int32_t days) {
        const Ymd d = civilFromDays(days);
        uint(static_cast<std::uint64_t>(d.y));
        twoDigits(d.m);
        twoDigits(d.d);
    }
    void isoDate(std::int32_t days) {
        const Ymd d = civilFromDays(days);
        uint(static_cast<std::uint64_t>(d.y));
        ch('-');
        twoDigits(d.m);
        ch('-');
        twoDigits(d.d);
    }
    void loanNumber(std::uint64_t n) {
        text("LOAN_");
        padded(n, 6);
    }
    void endLine() {
        ch('\n');
        if (m_pos >= kFlushAt) flush();
    }
    void flush() {
        if (m_pos > 0) m_sink(std::string_view(m_buf.get(), m_pos));
        m_pos = 0;
    }

private:
    const TextSink& m_sink;
    std::unique_ptr<char[]> m_buf;
    std::size_t m_pos = 0;
};

/// Loans in the order their plan blocks appear: a seeded shuffle, so blocks are unsorted.
std::vector<std::uint32_t> blockOrder(const GeneratorOptions& o) {
    std::vector<std::uint32_t> order(o.creditRows);
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    Rng r = streamFor(o.seed, Stream::Order, 0);
    for (std::size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[r.below(i)]);
    return order;
}

/// Installments per loan when options.paymentRows is given: spread over the loans in block
/// order, 1..36 each (360 when needed), stopping once the requested total is reached.
std::vector<std::uint16_t> plannedCounts(const GeneratorOptions& o,
                                         const std::vector<std::uint32_t>& order) {
    std::vector<std::uint16_t> counts(o.creditRows, 0);
    const std::uint64_t wanted = o.paymentRows.value_or(0);
    const std::uint64_t maxPer =
        wanted <= o.creditRows * kMaxPerLoan ? kMaxPerLoan : kMaxPerLoanBig;
    std::uint64_t remaining = std::min(wanted, o.creditRows * maxPer);
    Rng r = streamFor(o.seed, Stream::Count, ~0ULL);
    for (std::uint64_t i = 0; i < order.size() && remaining > 0; ++i) {
        const std::uint64_t loansLeft = order.size() - i;
        // Centre the draw on the average still needed; the lower bound keeps the total reachable.
        const std::uint64_t average = (remaining + loansLeft - 1) / loansLeft;
        std::uint64_t hi = std::clamp<std::uint64_t>(2 * average - 1, 1, maxPer);
        const std::uint64_t capacityAfter = (loansLeft - 1) * maxPer;
        const std::uint64_t lo = remaining > capacityAfter ? remaining - capacityAfter : 1;
        hi = std::min(std::max(hi, lo), remaining);
        counts[order[i]] = static_cast<std::uint16_t>(lo + r.below(hi - lo + 1));
        remaining -= counts[order[i]];
    }
    return counts;
}

/// A loan's installment count when the plan does not dictate it.
int freeCount(const GeneratorOptions& o, std::uint64_t index, std::uint64_t maxCount) {
    Rng r = streamFor(o.seed, Stream::Count, index);
    return static_cast<int>(1 + r.below(maxCount));
}

struct CountSource {
    const GeneratorOptions& o;
    std::vector<std::uint16_t> counts;  // empty when paymentRows is absent
    int operator()(std::uint64_t index) const {
        if (!o.paymentRows) return freeCount(o, index, 23);  // ~12 on average
        return counts[index] > 0 ? counts[index] : freeCount(o, index, kMaxPerLoan);
    }
};

CountSource makeCounts(const GeneratorOptions& o, const std::vector<std::uint32_t>* order) {
    CountSource c{o, {}};
    if (o.paymentRows) {
        if (order != nullptr) {
            c.counts = plannedCounts(o, *order);
        } else {
            c.counts = plannedCounts(o, blockOrder(o));
        }
    }
    return c;
}

// What the value writers of one row share: the loan, the row's random stream, and values one
// column draws and the next one uses.
struct RowContext {
    RowContext(Writer& writer, Rng& rng, const Loan& loan) : w(writer), r(rng), l(loan) {}
    Writer& w;
    Rng& r;
    const Loan& l;
    // Credit rows: the masked counts and amounts as the file shows them.
    std::int64_t paidCount = 0, openCount = 0, outstanding = 0, kkdf = 0, bsmv = 0;
    bool wholeAmounts = false;
    int province = 0;  // drawn by the district column, shown by the province column
    int rating = 0;    // drawn by internal_credit_rating, used by the two after it
    // Payment plan rows: one installment.
    int k = 0;
    std::int32_t asOf = 0, due = 0;
    bool paid = false;
    std::int64_t amount = 0, principal = 0, interest = 0, kkdfPart = 0, bsmvPart = 0;
};

using ValueWriter = void (*)(RowContext&);

/// The generator of one field's values, declared by the field's catalog name.
struct FieldWriter {
    std::string_view name;
    ValueWriter write;
};

void ratingValue(RowContext& c) {
    c.w.uint(static_cast<std::uint64_t>(c.r.between(1, 10)));
}
void externalRating(RowContext& c) {
    if (!c.r.percent(20)) c.w.text(kExternalRatings[c.r.below(std::size(kExternalRatings))]);
}

// Credit fields. A column's draws from the row stream happen when the column is written, so the
// bytes depend on the file's column order (which the catalog gives).
constexpr FieldWriter kCreditWriters[] = {
    {"loan_account_number", [](RowContext& c) { c.w.loanNumber(c.l.number); }},
    {"customer_id",
     [](RowContext& c) {
         c.w.text("CUST_");
         c.w.padded(static_cast<std::uint64_t>(c.l.customer), 5);
     }},
    {"customer_type", [](RowContext& c) { c.w.ch(c.l.customerType); }},
    {"loan_product_type",
     [](RowContext& c) { c.w.text(kProductTypes[c.r.below(std::size(kProductTypes))]); }},
    {"loan_status_code", [](RowContext& c) { c.w.ch(c.l.active ? 'A' : 'K'); }},
    {"loan_status_flag",  // non-performing
     [](RowContext& c) { c.w.uint(c.l.daysPastDue > 90 ? 1 : 0); }},
    {"days_past_due", [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.l.daysPastDue)); }},
    {"final_maturity_date", [](RowContext& c) { c.w.compactDate(c.l.maturityDay); }},
    {"total_installment_count",
     [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.l.count)); }},
    {"outstanding_installment_count",
     [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.openCount)); }},
    {"paid_installment_count",
     [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.paidCount)); }},
    {"first_payment_date", [](RowContext& c) { c.w.compactDate(c.l.firstDay); }},
    {"original_loan_amount", [](RowContext& c) { c.w.hundredths(c.l.principal, true); }},
    {"outstanding_principal_balance",
     [](RowContext& c) { c.w.hundredths(c.outstanding, c.wholeAmounts); }},
    {"nominal_interest_rate", [](RowContext& c) { c.w.hundredths(c.l.rate); }},
    {"total_interest_amount", [](RowContext& c) { c.w.hundredths(c.l.interest, c.wholeAmounts); }},
    {"kkdf_rate", [](RowContext& c) { c.w.hundredths(c.l.kkdfRate); }},
    {"kkdf_amount", [](RowContext& c) { c.w.hundredths(c.kkdf, c.wholeAmounts); }},
    {"bsmv_rate", [](RowContext& c) { c.w.hundredths(c.l.bsmvRate); }},
    {"bsmv_amount", [](RowContext& c) { c.w.hundredths(c.bsmv, c.wholeAmounts); }},
    {"grace_period_months", [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.l.grace)); }},
    {"installment_frequency",
     [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.l.freq)); }},
    {"loan_start_date", [](RowContext& c) { c.w.compactDate(c.l.startDay); }},
    {"loan_closing_date",
     [](RowContext& c) {
         if (!c.l.active) c.w.compactDate(c.l.closingDay);
     }},
    {"insurance_included", [](RowContext& c) { c.w.ch(c.r.percent(55) ? 'E' : 'H'); }},
    {"customer_district_code",
     [](RowContext& c) {
         c.province = static_cast<int>(c.r.between(1, 81));
         c.w.text("DISTRICT_");
         c.w.padded(static_cast<std::uint64_t>(c.province * 100 + c.r.between(1, 40)), 4);
     }},
    {"customer_province_code",
     [](RowContext& c) {
         c.w.text("PROVINCE_");
         c.w.padded(static_cast<std::uint64_t>(c.province), 2);
     }},
    {"customer_region_code",
     [](RowContext& c) {
         c.w.text("REGION_");
         c.w.padded(static_cast<std::uint64_t>(c.r.between(1, 20)), 2);
     }},
    {"sector_code", [](RowContext& c) { c.w.text(kSectors[c.r.below(std::size(kSectors))]); }},
    {"internal_credit_rating",
     [](RowContext& c) {
         c.rating = static_cast<int>(c.r.between(1, 10));
         c.w.uint(static_cast<std::uint64_t>(c.rating));
     }},
    {"default_probability",
     [](RowContext& c) {
         // Fraction with four decimals, worse ratings more likely to default: 0.0005 .. 0.2500.
         const std::int64_t pd =
             std::min<std::int64_t>(2500, c.rating * c.rating * 20 + c.r.between(5, 99));
         c.w.text("0.");
         c.w.padded(static_cast<std::uint64_t>(pd), 4);
     }},
    {"risk_class", [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>((c.rating + 1) / 2)); }},
    {"customer_segment",
     [](RowContext& c) { c.w.text(kSegments[c.r.below(std::size(kSegments))]); }},
    {"internal_rating", ratingValue},
    {"external_rating", externalRating},
};

// Payment plan fields; an installment paid is shown with nothing remaining.
constexpr FieldWriter kPaymentWriters[] = {
    {"loan_account_number", [](RowContext& c) { c.w.loanNumber(c.l.number); }},
    {"installment_number", [](RowContext& c) { c.w.uint(static_cast<std::uint64_t>(c.k)); }},
    {"actual_payment_date",
     [](RowContext& c) {
         if (!c.paid) return;
         std::int32_t actual = c.due + static_cast<std::int32_t>(c.r.between(-3, 7));
         actual = c.l.active ? std::min(actual, c.asOf) : std::min(actual, c.l.closingDay);
         c.w.compactDate(actual);
     }},
    {"scheduled_payment_date", [](RowContext& c) { c.w.isoDate(c.due); }},
    {"installment_amount", [](RowContext& c) { c.w.hundredths(c.amount); }},
    {"principal_component", [](RowContext& c) { c.w.hundredths(c.principal); }},
    {"interest_component", [](RowContext& c) { c.w.hundredths(c.interest); }},
    {"kkdf_component", [](RowContext& c) { c.w.hundredths(c.kkdfPart); }},
    {"bsmv_component", [](RowContext& c) { c.w.hundredths(c.bsmvPart); }},
    {"installment_status", [](RowContext& c) { c.w.ch(c.paid ? 'K' : 'A'); }},
    {"remaining_principal",
     [](RowContext& c) { c.paid ? c.w.ch('0') : c.w.hundredths(c.principal); }},
    {"remaining_interest",
     [](RowContext& c) { c.paid ? c.w.ch('0') : c.w.hundredths(c.interest); }},
    {"remaining_kkdf", [](RowContext& c) { c.paid ? c.w.ch('0') : c.w.hundredths(c.kkdfPart); }},
    {"remaining_bsmv", [](RowContext& c) { c.paid ? c.w.ch('0') : c.w.hundredths(c.bsmvPart); }},
};

// A field the generator has no writer for (a catalog extension) gets a plain value of its type.
void typedValue(RowContext& c, const FieldSpec& f) {
    switch (f.type) {
        case FieldType::Text:
            c.w.text("X");
            break;
        case FieldType::Integer:
            c.w.uint(static_cast<std::uint64_t>(std::max<std::int64_t>(0, f.min.value_or(0))));
            break;
        case FieldType::Amount:
        case FieldType::Rate:
        case FieldType::Fraction:
            c.w.ch('0');
            break;
        case FieldType::Date:
            c.w.compactDate(c.l.startDay);
            break;
        case FieldType::Code:
        case FieldType::Flag: {
            const auto codes = acceptedCodes(f.codes);
            c.w.text(codes.substr(0, codes.find(',')));
            break;
        }
    }
}

/// The columns of one generated file: the catalog's file order, each with its writer looked up
/// by name once.
class Layout final {
public:
    Layout(const Catalog& catalog, FileType file, LoanType loanType) {
        const auto fields = catalog.fields(file);
        const std::span<const FieldWriter> writers =
            file == FileType::Credit ? std::span<const FieldWriter>(kCreditWriters)
                                     : std::span<const FieldWriter>(kPaymentWriters);
        for (const auto index : catalog.fileColumns(file, loanType)) {
            const FieldSpec& f = fields[index];
            const auto it = std::find_if(writers.begin(), writers.end(),
                                         [&](const FieldWriter& w) { return w.name == f.name; });
            m_columns.push_back({&f, it == writers.end() ? nullptr : it->write});
            m_header += (m_header.empty() ? "" : ";") + std::string(f.name);
        }
        m_header += '\n';
    }

    const std::string& header() const { return m_header; }

    void writeRow(RowContext& c) const {
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            if (i > 0) c.w.sep();
            if (m_columns[i].write)
                m_columns[i].write(c);
            else
                typedValue(c, *m_columns[i].field);
        }
        c.w.endLine();
    }

private:
    struct Column {
        const FieldSpec* field;
        ValueWriter write;  // null: a plain value of the field's type
    };
    std::vector<Column> m_columns;
    std::string m_header;
};

void writeCreditRow(const Layout& layout, Writer& w, const GeneratorOptions& o, const Loan& l,
                    std::uint64_t index) {
    Rng r = streamFor(o.seed, Stream::Noise, index);
    RowContext c(w, r, l);
    // Masking noise: counts that do not add up, balances above the original amount.
    c.paidCount = l.paid;
    c.openCount = l.count - l.paid;
    if (r.percent(15)) {
        if (r.percent(50)) {
            c.paidCount += r.between(1, 3);
        } else {
            c.openCount = c.openCount > 0 ? c.openCount - 1 : c.openCount + 2;
        }
    }
    if (l.active) {
        for (int k = l.paid + 1; k <= l.count; ++k)
            c.outstanding += l.installmentPrincipal(k);
        if (r.percent(3)) c.outstanding = l.principal + l.principal / 50 + r.between(1, 99999);
    }
    c.kkdf = l.interest * l.kkdfRate / 10000;
    c.bsmv = l.interest * l.bsmvRate / 10000;
    c.wholeAmounts = r.percent(40);
    layout.writeRow(c);
}

void writeInstallment(const Layout& layout, Writer& w, Rng& r, const Loan& l, int k,
                      std::int32_t asOf) {
    RowContext c(w, r, l);
    c.k = k;
    c.asOf = asOf;
    c.principal = l.installmentPrincipal(k);
    c.interest = l.installmentInterest(k);
    c.kkdfPart = c.interest * l.kkdfRate / 10000;
    c.bsmvPart = c.interest * l.bsmvRate / 10000;
    c.amount = c.principal + c.interest + c.kkdfPart + c.bsmvPart;
    // Masking noise: the installment rarely equals the sum of its parts.
    if (r.percent(45)) c.amount = std::max<std::int64_t>(0, c.amount + r.between(-500, 500));
    c.paid = k <= l.paid;
    c.due = l.dueDay(k);
    layout.writeRow(c);
}

}  // namespace

void generateCredit(const GeneratorOptions& options, const TextSink& out, const Catalog& catalog) {
    const Layout layout(catalog, FileType::Credit, options.loanType);
    Writer w(out);
    w.text(layout.header());
    const CountSource count = makeCounts(options, nullptr);
    for (std::uint64_t i = 0; i < options.creditRows; ++i) {
        writeCreditRow(layout, w, options, makeLoan(options, i, count(i)), i);
    }
    w.flush();
}

std::uint64_t generatePaymentPlan(const GeneratorOptions& options, const TextSink& out,
                                  const Catalog& catalog) {
    const Layout layout(catalog, FileType::PaymentPlan, options.loanType);
    Writer w(out);
    w.text(layout.header());
    const std::vector<std::uint32_t> order = blockOrder(options);
    const CountSource count = makeCounts(options, &order);
    const std::int32_t asOf = daysFromCivil(kAsOfYear, kAsOfMonth, kAsOfDay);
    std::uint64_t rows = 0;
    for (const std::uint32_t index : order) {
        const int n = count(index);
        if (options.paymentRows && count.counts[index] == 0) continue;
        const Loan loan = makeLoan(options, index, n);
        Rng r = streamFor(options.seed, Stream::Plan, index);
        // Installment numbers in string order (1, 10, 11, 2, …): a preorder walk of the digits.
        int k = 1;
        for (int emitted = 0; emitted < n; ++emitted) {
            writeInstallment(layout, w, r, loan, k, asOf);
            if (k * 10 <= n) {
                k *= 10;
            } else {
                while (k % 10 == 9 || k + 1 > n)
                    k /= 10;
                ++k;
            }
        }
        rows += static_cast<std::uint64_t>(n);
    }
    w.flush();
    return rows;
}

}  // namespace findata::core
