#include "core/catalog.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace findata::core {
namespace {

using FT = FieldType;
constexpr std::int64_t kMaxInt32 = 2'147'483'647;
constexpr std::int64_t kOne = 1'000'000;  // 1.0 at scale 6

// Credit columns of both loan types, in warehouse order. Type-specific columns are Nullable.
constexpr std::array kCreditFields{
    FieldSpec{"loan_account_number",
              kBoth,
              true,
              FT::Text,
              {},
              {},
              {},
              "loan account number",
              FieldRole::Key},
    FieldSpec{"customer_id", kBoth, true, FT::Text, {}, {}, {}, "customer id"},
    FieldSpec{
        "customer_type", kBoth, true, FT::Code, CodeSet::CustomerType, {}, {}, "customer type"},
    FieldSpec{"loan_product_type", kCommercial, false, FT::Text, {}, {}, {}, "loan product"},
    FieldSpec{"loan_status_code", kBoth, true, FT::Code, CodeSet::Status, {}, {}, "loan status"},
    FieldSpec{"loan_status_flag", kCommercial, false, FT::Text, {}, {}, {}, "loan status flag"},
    FieldSpec{"days_past_due", kBoth, false, FT::Integer, {}, 0, kMaxInt32, "days past due"},
    FieldSpec{"final_maturity_date", kBoth, false, FT::Date, {}, {}, {}, "final maturity"},
    FieldSpec{"total_installment_count",
              kBoth,
              false,
              FT::Integer,
              {},
              0,
              kMaxInt32,
              "installments in total"},
    FieldSpec{"outstanding_installment_count",
              kBoth,
              false,
              FT::Integer,
              {},
              0,
              kMaxInt32,
              "installments outstanding"},
    FieldSpec{
        "paid_installment_count", kBoth, false, FT::Integer, {}, 0, kMaxInt32, "installments paid"},
    FieldSpec{"first_payment_date", kBoth, false, FT::Date, {}, {}, {}, "first payment"},
    FieldSpec{"original_loan_amount",
              kBoth,
              true,
              FT::Amount,
              {},
              0,
              {},
              "original amount",
              FieldRole::Amount},
    FieldSpec{"outstanding_principal_balance",
              kBoth,
              true,
              FT::Amount,
              {},
              0,
              {},
              "outstanding principal",
              FieldRole::Amount},
    FieldSpec{"nominal_interest_rate", kBoth, false, FT::Rate, {}, 0, 10 * kOne, "interest rate"},
    FieldSpec{"total_interest_amount",
              kBoth,
              false,
              FT::Amount,
              {},
              0,
              {},
              "interest in total",
              FieldRole::Amount},
    FieldSpec{"kkdf_rate", kBoth, false, FT::Rate, {}, 0, 10 * kOne, "KKDF rate"},
    FieldSpec{"kkdf_amount", kBoth, false, FT::Amount, {}, 0, {}, "KKDF amount", FieldRole::Amount},
    FieldSpec{"bsmv_rate", kBoth, false, FT::Rate, {}, 0, 10 * kOne, "BSMV rate"},
    FieldSpec{"bsmv_amount", kBoth, false, FT::Amount, {}, 0, {}, "BSMV amount", FieldRole::Amount},
    FieldSpec{"grace_period_months", kBoth, false, FT::Integer, {}, 0, kMaxInt32, "grace period"},
    FieldSpec{"installment_frequency",
              kBoth,
              false,
              FT::Integer,
              {},
              0,
              kMaxInt32,
              "installment frequency"},
    FieldSpec{"loan_start_date", kBoth, false, FT::Date, {}, {}, {}, "loan start"},
    FieldSpec{"loan_closing_date", kBoth, false, FT::Date, {}, {}, {}, "loan closing"},
    FieldSpec{"insurance_included",
              kRetail,
              false,
              FT::Flag,
              CodeSet::YesNo,
              {},
              {},
              "insurance included"},
    FieldSpec{"customer_district_code", kRetail, false, FT::Text, {}, {}, {}, "district"},
    FieldSpec{"customer_province_code", kRetail, false, FT::Text, {}, {}, {}, "province"},
    FieldSpec{"customer_region_code", kCommercial, false, FT::Text, {}, {}, {}, "region"},
    FieldSpec{"sector_code", kCommercial, false, FT::Text, {}, {}, {}, "sector"},
    FieldSpec{"internal_credit_rating",
              kCommercial,
              false,
              FT::Text,
              {},
              {},
              {},
              "internal credit rating"},
    FieldSpec{"default_probability",
              kCommercial,
              false,
              FT::Fraction,
              {},
              0,
              kOne,
              "default probability"},
    FieldSpec{"risk_class", kCommercial, false, FT::Text, {}, {}, {}, "risk class"},
    FieldSpec{"customer_segment", kCommercial, false, FT::Text, {}, {}, {}, "customer segment"},
    FieldSpec{"internal_rating", kBoth, false, FT::Text, {}, {}, {}, "internal rating"},
    FieldSpec{"external_rating", kBoth, false, FT::Text, {}, {}, {}, "external rating"},
};

constexpr std::array kPaymentFields{
    FieldSpec{"loan_account_number",
              kBoth,
              true,
              FT::Text,
              {},
              {},
              {},
              "loan account number",
              FieldRole::Key},
    FieldSpec{"installment_number",
              kBoth,
              true,
              FT::Integer,
              {},
              1,
              kMaxInt32,
              "installment",
              FieldRole::Key},
    FieldSpec{"actual_payment_date", kBoth, false, FT::Date, {}, {}, {}, "paid on"},
    FieldSpec{"scheduled_payment_date", kBoth, false, FT::Date, {}, {}, {}, "due on"},
    FieldSpec{"installment_amount",
              kBoth,
              true,
              FT::Amount,
              {},
              0,
              {},
              "installment amount",
              FieldRole::Amount},
    FieldSpec{
        "principal_component", kBoth, true, FT::Amount, {}, 0, {}, "principal", FieldRole::Amount},
    FieldSpec{
        "interest_component", kBoth, false, FT::Amount, {}, 0, {}, "interest", FieldRole::Amount},
    FieldSpec{"kkdf_component", kBoth, false, FT::Amount, {}, 0, {}, "KKDF", FieldRole::Amount},
    FieldSpec{"bsmv_component", kBoth, false, FT::Amount, {}, 0, {}, "BSMV", FieldRole::Amount},
    FieldSpec{"installment_status",
              kBoth,
              false,
              FT::Code,
              CodeSet::Status,
              {},
              {},
              "installment status"},
    FieldSpec{"remaining_principal",
              kBoth,
              false,
              FT::Amount,
              {},
              0,
              {},
              "principal remaining",
              FieldRole::Amount},
    FieldSpec{"remaining_interest", kBoth, false, FT::Amount, {}, 0, {}, "interest remaining"},
    FieldSpec{"remaining_kkdf", kBoth, false, FT::Amount, {}, 0, {}, "KKDF remaining"},
    FieldSpec{"remaining_bsmv", kBoth, false, FT::Amount, {}, 0, {}, "BSMV remaining"},
};

// The banks' identifying columns come first, each loan type in its own order.
std::vector<LeadingColumns> bankFileOrder() {
    return {
        {FileType::Credit,
         LoanType::Retail,
         {"customer_id", "customer_type", "loan_account_number"}},
        {FileType::Credit,
         LoanType::Commercial,
         {"loan_account_number", "customer_type", "customer_id"}},
    };
}

struct CodeEntry {
    std::string_view code;
    std::string_view canonical;
};

// Input codes are compared case-insensitively (ASCII); Turkish words are listed in both cases
// of their non-ASCII letters.
constexpr std::array kCustomerTypes{
    CodeEntry{"I", "INDIVIDUAL"},          CodeEntry{"T", "TRADE"},     CodeEntry{"V", "VIP"},
    CodeEntry{"INDIVIDUAL", "INDIVIDUAL"}, CodeEntry{"TRADE", "TRADE"},
};
constexpr std::array kStatuses{
    CodeEntry{"A", "ACTIVE"},      CodeEntry{"K", "CLOSED"},      CodeEntry{"AKTIF", "ACTIVE"},
    CodeEntry{"AKTİF", "ACTIVE"},  CodeEntry{"KAPALI", "CLOSED"}, CodeEntry{"KAPALı", "CLOSED"},
    CodeEntry{"ACTIVE", "ACTIVE"}, CodeEntry{"CLOSED", "CLOSED"}, CodeEntry{"PAID", "CLOSED"},
};
constexpr std::array kYesNo{
    CodeEntry{"E", "1"},     CodeEntry{"H", "0"},     CodeEntry{"EVET", "1"},
    CodeEntry{"HAYIR", "0"}, CodeEntry{"HAYıR", "0"}, CodeEntry{"YES", "1"},
    CodeEntry{"NO", "0"},    CodeEntry{"1", "1"},     CodeEntry{"0", "0"},
};

template <std::size_t N>
std::string_view lookup(const std::array<CodeEntry, N>& table, std::string_view code) {
    for (const auto& e : table)
        if (equalsIgnoreCase(e.code, code)) return e.canonical;
    return {};
}

}  // namespace

std::string_view toText(LoanType t) {
    return t == LoanType::Retail ? "RETAIL" : "COMMERCIAL";
}

std::string_view toText(FileType t) {
    return t == FileType::Credit ? "credit" : "payment_plan";
}

std::optional<LoanType> parseLoanType(std::string_view text) {
    text = trimBlanks(text);
    if (equalsIgnoreCase(text, "RETAIL")) return LoanType::Retail;
    if (equalsIgnoreCase(text, "COMMERCIAL")) return LoanType::Commercial;
    return std::nullopt;
}

std::optional<FileType> parseFileType(std::string_view text) {
    text = trimBlanks(text);
    if (equalsIgnoreCase(text, "credit")) return FileType::Credit;
    if (equalsIgnoreCase(text, "payment_plan") || equalsIgnoreCase(text, "payment"))
        return FileType::PaymentPlan;
    return std::nullopt;
}

Catalog::Catalog(std::vector<FieldSpec> credit, std::vector<FieldSpec> payment,
                 std::vector<LeadingColumns> leading)
    : m_credit(std::move(credit)), m_payment(std::move(payment)), m_leading(std::move(leading)) {
    for (const auto file : kFileTypes) {
        const auto list = fields(file);
        for (std::size_t i = 0; i < list.size(); ++i)
            if (find(file, list[i].name) != i)
                throw CatalogError("the " + std::string(toText(file)) + " catalog has field '" +
                                   std::string(list[i].name) + "' twice");
        if (withRole(file, FieldRole::Key).empty())
            throw CatalogError("the " + std::string(toText(file)) + " catalog has no key field");
    }
    for (const auto& lead : m_leading)
        for (const auto name : lead.names)
            if (!appliesTo(fields(lead.file)[require(lead.file, name)], lead.loanType))
                throw CatalogError("leading column '" + std::string(name) + "' is not part of a " +
                                   std::string(toText(lead.loanType)) + " " +
                                   std::string(toText(lead.file)) + " file");
}

const Catalog& Catalog::standard() {
    static const Catalog catalog({kCreditFields.begin(), kCreditFields.end()},
                                 {kPaymentFields.begin(), kPaymentFields.end()}, bankFileOrder());
    return catalog;
}

std::span<const FieldSpec> Catalog::fields(FileType file) const {
    return file == FileType::Credit ? m_credit : m_payment;
}

std::optional<std::size_t> Catalog::find(FileType file, std::string_view name) const {
    const auto list = fields(file);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].name == name) return i;
    return std::nullopt;
}

std::size_t Catalog::require(FileType file, std::string_view name) const {
    if (const auto index = find(file, name)) return *index;
    throw CatalogError("the " + std::string(toText(file)) + " catalog has no field '" +
                       std::string(name) + "'");
}

std::vector<std::size_t> Catalog::withRole(FileType file, FieldRole role) const {
    std::vector<std::size_t> indices;
    const auto list = fields(file);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].role == role) indices.push_back(i);
    return indices;
}

std::vector<std::size_t> Catalog::fileColumns(FileType file, LoanType loanType) const {
    std::vector<std::size_t> columns;
    for (const auto& lead : m_leading)
        if (lead.file == file && lead.loanType == loanType)
            for (const auto name : lead.names)
                columns.push_back(require(file, name));
    const auto list = fields(file);
    for (std::size_t i = 0; i < list.size(); ++i)
        if (appliesTo(list[i], loanType) &&
            std::find(columns.begin(), columns.end(), i) == columns.end())
            columns.push_back(i);
    return columns;
}

Catalog Catalog::withField(FileType file, FieldSpec field) const {
    Catalog copy = *this;
    (file == FileType::Credit ? copy.m_credit : copy.m_payment).push_back(field);
    return Catalog(std::move(copy.m_credit), std::move(copy.m_payment), std::move(copy.m_leading));
}

std::span<const FieldSpec> fields(FileType file) {
    return Catalog::standard().fields(file);
}

int fieldIndex(FileType file, std::string_view name) {
    const auto index = Catalog::standard().find(file, name);
    return index ? static_cast<int>(*index) : -1;
}

int scaleOf(FieldType t) {
    switch (t) {
        case FieldType::Amount:
            return 2;
        case FieldType::Rate:
        case FieldType::Fraction:
            return 6;
        default:
            return 0;
    }
}

int precisionOf(FieldType t) {
    switch (t) {
        case FieldType::Amount:
            return 18;
        case FieldType::Rate:
        case FieldType::Fraction:
            return 10;
        default:
            return 0;
    }
}

bool isNullable(const FieldSpec& f) {
    return !(f.required && f.loanTypes == kBoth);
}

std::string warehouseType(const FieldSpec& f) {
    std::string base;
    switch (f.type) {
        case FieldType::Text:
        case FieldType::Code:
            base = "String";
            break;
        case FieldType::Integer:
            base = "Int32";
            break;
        case FieldType::Amount:
            base = "Decimal(18, 2)";
            break;
        case FieldType::Rate:
        case FieldType::Fraction:
            base = "Decimal(10, 6)";
            break;
        case FieldType::Date:
            base = "Date";
            break;
        case FieldType::Flag:
            base = "UInt8";
            break;
    }
    return isNullable(f) ? "Nullable(" + base + ")" : base;
}

std::string_view canonicalCode(CodeSet set, std::string_view code) {
    code = trimBlanks(code);
    switch (set) {
        case CodeSet::CustomerType:
            return lookup(kCustomerTypes, code);
        case CodeSet::Status:
            return lookup(kStatuses, code);
        case CodeSet::YesNo:
            return lookup(kYesNo, code);
        case CodeSet::None:
            break;
    }
    return {};
}

std::string_view acceptedCodes(CodeSet set) {
    switch (set) {
        case CodeSet::CustomerType:
            return "I, T, V";
        case CodeSet::Status:
            return "A, K (or Aktif, Kapalı, Active, Closed, Paid)";
        case CodeSet::YesNo:
            return "E, H (or Evet, Hayır)";
        case CodeSet::None:
            break;
    }
    return {};
}

bool isNumeric(FieldType t) {
    return t == FieldType::Integer || t == FieldType::Amount || t == FieldType::Rate ||
           t == FieldType::Fraction;
}

}  // namespace findata::core
