// Each validation rule of PRODUCT.md, valid and invalid, and the normalized values of good rows.

#include <QtTest>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/validator.h"

using namespace findata::core;

namespace {

const std::vector<std::string> kRetailHeader = {"customer_id",
                                                "customer_type",
                                                "loan_account_number",
                                                "loan_status_code",
                                                "days_past_due",
                                                "final_maturity_date",
                                                "total_installment_count",
                                                "outstanding_installment_count",
                                                "paid_installment_count",
                                                "first_payment_date",
                                                "original_loan_amount",
                                                "outstanding_principal_balance",
                                                "nominal_interest_rate",
                                                "total_interest_amount",
                                                "kkdf_rate",
                                                "kkdf_amount",
                                                "bsmv_rate",
                                                "bsmv_amount",
                                                "grace_period_months",
                                                "installment_frequency",
                                                "loan_start_date",
                                                "loan_closing_date",
                                                "insurance_included",
                                                "customer_district_code",
                                                "customer_province_code",
                                                "internal_rating",
                                                "external_rating"};

const std::map<std::string, std::string> kGoodCredit = {
    {"customer_id", "CUST_02237"},
    {"customer_type", "I"},
    {"loan_account_number", "LOAN_004441"},
    {"loan_status_code", "A"},
    {"days_past_due", "0"},
    {"final_maturity_date", "20270115"},
    {"total_installment_count", "36"},
    {"outstanding_installment_count", "24"},
    {"paid_installment_count", "12"},
    {"first_payment_date", "20240215"},
    {"original_loan_amount", "100000.00"},
    {"outstanding_principal_balance", "70000.50"},
    {"nominal_interest_rate", "55.47"},
    {"total_interest_amount", "25000"},
    {"kkdf_rate", "15"},
    {"kkdf_amount", "1000.10"},
    {"bsmv_rate", "5"},
    {"bsmv_amount", "500"},
    {"grace_period_months", "0"},
    {"installment_frequency", "1"},
    {"loan_start_date", "20240115"},
    {"loan_closing_date", ""},
    {"insurance_included", "E"},
    {"customer_district_code", "DISTRICT_5"},
    {"customer_province_code", "PROVINCE_34"},
    {"internal_rating", "A"},
    {"external_rating", "BBB"}};

const std::vector<std::string> kPaymentHeader = {
    "loan_account_number", "installment_number",  "actual_payment_date", "scheduled_payment_date",
    "installment_amount",  "principal_component", "interest_component",  "kkdf_component",
    "bsmv_component",      "installment_status",  "remaining_principal", "remaining_interest",
    "remaining_kkdf",      "remaining_bsmv"};

const std::map<std::string, std::string> kGoodPayment = {{"loan_account_number", "LOAN_004441"},
                                                         {"installment_number", "1"},
                                                         {"actual_payment_date", "20240215"},
                                                         {"scheduled_payment_date", "2024-02-15"},
                                                         {"installment_amount", "4000.00"},
                                                         {"principal_component", "3000.00"},
                                                         {"interest_component", "800.00"},
                                                         {"kkdf_component", "120.00"},
                                                         {"bsmv_component", "80.00"},
                                                         {"installment_status", "K"},
                                                         {"remaining_principal", "0"},
                                                         {"remaining_interest", "0"},
                                                         {"remaining_kkdf", "0"},
                                                         {"remaining_bsmv", "0"}};

// Owns the text of one record and hands out a CsvRecord viewing it.
struct Record {
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
    CsvRecord record;
    Record(const std::vector<std::string>& t, std::uint64_t line) : texts(t) {
        for (const auto& s : texts)
            views.emplace_back(s);
        record.fields = views;
        record.line = line;
    }
};

std::vector<std::string> rowOf(const std::vector<std::string>& header,
                               std::map<std::string, std::string> values,
                               const std::map<std::string, std::string>& overrides) {
    for (const auto& [k, v] : overrides)
        values[k] = v;
    std::vector<std::string> row;
    for (const auto& h : header)
        row.push_back(values.at(h));
    return row;
}

struct Outcome {
    bool accepted = false;
    TypedRow row;
    std::vector<Finding> findings;
};

class Harness {
public:
    Harness(FileType file, LoanType loanType, std::vector<std::string> header)
        : m_validator(file, loanType), m_header(std::move(header)) {
        Record h(m_header, 1);
        std::vector<Finding> findings;
        m_bound = m_validator.bindHeader(h.record, findings);
    }
    // Text values view the record, so the last one is kept alive until the next run.
    Outcome run(const std::vector<std::string>& fields) {
        m_last = std::make_unique<Record>(fields, ++m_line);
        Outcome o;
        o.accepted = m_validator.validate(m_last->record, o.row, o.findings);
        return o;
    }
    RowValidator& validator() { return m_validator; }
    bool bound() const { return m_bound; }

private:
    RowValidator m_validator;
    std::vector<std::string> m_header;
    std::uint64_t m_line = 1;
    bool m_bound = false;
    std::unique_ptr<Record> m_last;
};

const Value& valueOf(const Outcome& o, FileType file, const char* name) {
    return o.row.values.at(static_cast<std::size_t>(fieldIndex(file, name)));
}

int errorCount(const Outcome& o) {
    int n = 0;
    for (const auto& f : o.findings)
        n += f.severity == Severity::Error ? 1 : 0;
    return n;
}

}  // namespace

class TestValidator final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodCreditRowIsNormalized() {
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        QVERIFY(h.bound());
        const auto o = h.run(rowOf(kRetailHeader, kGoodCredit, {}));
        QVERIFY(o.accepted);
        QVERIFY(o.findings.empty());
        const auto F = FileType::Credit;
        QCOMPARE(valueOf(o, F, "loan_account_number").s, std::string_view("LOAN_004441"));
        QCOMPARE(valueOf(o, F, "customer_type").s, std::string_view("INDIVIDUAL"));
        QCOMPARE(valueOf(o, F, "loan_status_code").s, std::string_view("ACTIVE"));
        QCOMPARE(valueOf(o, F, "original_loan_amount").i, std::int64_t(10000000));
        QCOMPARE(valueOf(o, F, "outstanding_principal_balance").i, std::int64_t(7000050));
        QCOMPARE(valueOf(o, F, "nominal_interest_rate").i, std::int64_t(554700));  // 0.5547
        QCOMPARE(valueOf(o, F, "kkdf_rate").i, std::int64_t(150000));              // 0.15
        QCOMPARE(valueOf(o, F, "insurance_included").i, std::int64_t(1));
        QCOMPARE(valueOf(o, F, "loan_start_date").i,
                 std::int64_t(daysSinceEpoch(Date{2024, 1, 15})));
        QVERIFY(valueOf(o, F, "loan_closing_date").null);
        QVERIFY(!valueOf(o, F, "days_past_due").null);
        QVERIFY(valueOf(o, F, "sector_code").null);  // commercial-only column
    }

    void creditRules_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("type");  // expected finding type, "" = none
        QTest::addColumn<bool>("accepted");
        auto row = [](const char* name, const char* field, const char* value, const char* type,
                      bool accepted) {
            QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(value)
                                << QString::fromLatin1(type) << accepted;
        };
        row("REQUIRED loan number empty", "loan_account_number", "", "REQUIRED", false);
        row("REQUIRED customer id blank", "customer_id", "   ", "REQUIRED", false);
        row("REQUIRED customer type", "customer_type", "", "REQUIRED", false);
        row("REQUIRED status", "loan_status_code", "", "REQUIRED", false);
        row("REQUIRED original amount", "original_loan_amount", "", "REQUIRED", false);
        row("REQUIRED outstanding", "outstanding_principal_balance", "", "REQUIRED", false);
        row("optional empty is fine", "days_past_due", "", "", true);
        row("TYPE letters in amount", "original_loan_amount", "abc", "TYPE", false);
        row("TYPE decimal in integer", "total_installment_count", "1.5", "TYPE", false);
        row("TYPE three decimals in amount", "original_loan_amount", "100.123", "TYPE", false);
        row("TYPE letters in rate", "nominal_interest_rate", "high", "TYPE", false);
        row("RANGE negative amount", "original_loan_amount", "-500.00", "RANGE", false);
        row("RANGE negative days past due", "days_past_due", "-5", "RANGE", false);
        row("RANGE beyond Decimal(18,2)", "original_loan_amount", "12345678901234567.00", "RANGE",
            false);
        row("RANGE beyond int64", "outstanding_principal_balance", "99999999999999999999", "RANGE",
            false);
        row("RANGE integer beyond Int32", "days_past_due", "3000000000", "RANGE", false);
        row("RANGE negative rate", "kkdf_rate", "-1", "RANGE", false);
        row("RANGE date before 1970", "loan_start_date", "19690101", "RANGE", false);
        row("FORMAT slashes in date", "final_maturity_date", "2025/01/15", "FORMAT", false);
        row("FORMAT no 31 February", "final_maturity_date", "20250231", "FORMAT", false);
        row("VALUE customer type X", "customer_type", "X", "VALUE", false);
        row("VALUE status Z", "loan_status_code", "Z", "VALUE", false);
        row("VALUE insurance Q", "insurance_included", "Q", "VALUE", false);
        row("ok ISO date", "final_maturity_date", "2027-01-15", "", true);
        row("ok dotted date", "final_maturity_date", "15.01.2027", "", true);
        row("ok percent sign rate", "nominal_interest_rate", "18.5%", "", true);
        row("ok bps rate", "nominal_interest_rate", "1850 bps", "", true);
        row("ok decimal comma", "original_loan_amount", "100000,00", "", true);
        row("ok trailing spaces", "customer_type", "T  ", "", true);
        row("ok status word", "loan_status_code", "Aktif", "", true);
        row("CONSISTENCY outstanding over original", "outstanding_principal_balance", "100000.01",
            "CONSISTENCY", true);
        row("CONSISTENCY installment counts", "paid_installment_count", "13", "CONSISTENCY", true);
        row("CONSISTENCY first payment before start", "first_payment_date", "20240101",
            "CONSISTENCY", true);
        row("CONSISTENCY suspicious amount", "original_loan_amount", "20000000000.00",
            "CONSISTENCY", true);
    }
    void creditRules() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, type);
        QFETCH(bool, accepted);
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        const auto o =
            h.run(rowOf(kRetailHeader, kGoodCredit, {{field.toStdString(), value.toStdString()}}));
        QCOMPARE(o.accepted, accepted);
        if (type.isEmpty()) {
            QVERIFY2(o.findings.empty(), o.findings.empty() ? "" : o.findings[0].message.c_str());
            return;
        }
        QVERIFY(!o.findings.empty());
        bool found = false;
        for (const auto& f : o.findings) {
            QCOMPARE(f.line, std::uint64_t(2));
            QVERIFY(!f.message.empty());
            if (QString::fromStdString(std::string(toText(f.type))) == type) {
                found = true;
                QCOMPARE(f.severity, accepted ? Severity::Warning : Severity::Error);
            }
        }
        QVERIFY2(found, qPrintable(QStringLiteral("no %1 finding; first: %2")
                                       .arg(type, QString::fromStdString(o.findings[0].message))));
        if (!accepted) {
            QCOMPARE(errorCount(o), 1);
            const auto& f = o.findings.front();
            QCOMPARE(QString::fromStdString(f.field), field);
            QCOMPARE(QString::fromStdString(f.value), value);
        }
    }

    void duplicateLoanIsTheLaterRow() {
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        QVERIFY(h.run(rowOf(kRetailHeader, kGoodCredit, {})).accepted);
        const auto second = h.run(rowOf(kRetailHeader, kGoodCredit, {}));
        QVERIFY(!second.accepted);
        QCOMPARE(second.findings.size(), std::size_t(1));
        QCOMPARE(second.findings[0].type, ErrorType::Duplicate);
        QCOMPARE(second.findings[0].line, std::uint64_t(3));
        QCOMPARE(h.validator().acceptedLoans().size(), std::size_t(1));
    }

    void rejectedCreditIsNotLive() {
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        QVERIFY(
            !h.run(rowOf(kRetailHeader, kGoodCredit, {{"original_loan_amount", "x"}})).accepted);
        QVERIFY(!h.validator().acceptedLoans().contains("LOAN_004441"));
        QVERIFY(
            h.run(rowOf(kRetailHeader, kGoodCredit, {{"loan_account_number", "LOAN_2"}})).accepted);
        QVERIFY(h.validator().acceptedLoans().contains("LOAN_2"));
    }

    void raggedRowIsFormatError() {
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        auto fields = rowOf(kRetailHeader, kGoodCredit, {});
        fields.pop_back();
        const auto o = h.run(fields);
        QVERIFY(!o.accepted);
        QCOMPARE(o.findings.size(), std::size_t(1));
        QCOMPARE(o.findings[0].type, ErrorType::Format);
        QVERIFY(o.findings[0].message.find("26 fields") != std::string::npos);
    }

    void headerMatchedByNameNotPosition() {
        // The commercial column order, with a trailing space and upper case in one name.
        std::vector<std::string> header = kRetailHeader;
        std::swap(header[0], header[2]);
        header[1] = " CUSTOMER_TYPE ";
        Harness h(FileType::Credit, LoanType::Retail, header);
        QVERIFY(h.bound());
        std::vector<std::string> fields = rowOf(kRetailHeader, kGoodCredit, {});
        std::swap(fields[0], fields[2]);
        const auto o = h.run(fields);
        QVERIFY(o.accepted);
        QCOMPARE(valueOf(o, FileType::Credit, "loan_account_number").s,
                 std::string_view("LOAN_004441"));
        QCOMPARE(valueOf(o, FileType::Credit, "customer_id").s, std::string_view("CUST_02237"));
    }

    void headerFindings() {
        RowValidator v(FileType::Credit, LoanType::Retail);
        std::vector<std::string> header = kRetailHeader;
        header.erase(header.begin());  // customer_id: required
        header.erase(std::find(header.begin(), header.end(), "external_rating"));  // optional
        header.push_back("branch_code");                                           // unknown
        header.push_back("sector_code");  // a commercial column
        Record h(header, 1);
        std::vector<Finding> findings;
        QVERIFY(!v.bindHeader(h.record, findings));
        std::map<std::string, std::pair<ErrorType, Severity>> byField;
        for (const auto& f : findings)
            byField[f.field] = {f.type, f.severity};
        QCOMPARE(byField.size(), std::size_t(4));
        QCOMPARE(byField["customer_id"], std::pair(ErrorType::MissingColumn, Severity::Error));
        QCOMPARE(byField["external_rating"],
                 std::pair(ErrorType::MissingColumn, Severity::Warning));
        QCOMPARE(byField["branch_code"], std::pair(ErrorType::UnknownColumn, Severity::Warning));
        QCOMPARE(byField["sector_code"], std::pair(ErrorType::UnknownColumn, Severity::Warning));
    }

    void paymentRules_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("accepted");
        auto row = [](const char* name, const char* field, const char* value, const char* type,
                      bool accepted) {
            QTest::newRow(name) << QString::fromUtf8(field) << QString::fromUtf8(value)
                                << QString::fromLatin1(type) << accepted;
        };
        row("valid", "installment_status", "K", "", true);
        row("REQUIRED installment amount", "installment_amount", "", "REQUIRED", false);
        row("REQUIRED principal", "principal_component", "", "REQUIRED", false);
        row("REQUIRED installment number", "installment_number", "", "REQUIRED", false);
        row("RANGE installment 0", "installment_number", "0", "RANGE", false);
        row("TYPE installment 1.5", "installment_number", "1.5", "TYPE", false);
        row("VALUE status", "installment_status", "Q", "VALUE", false);
        row("FORMAT scheduled date", "scheduled_payment_date", "2024-02-30", "FORMAT", false);
        row("CROSS_REFERENCE unknown loan", "loan_account_number", "LOAN_999999", "CROSS_REFERENCE",
            false);
        row("CONSISTENCY components", "installment_amount", "4000.01", "CONSISTENCY", true);
        row("CONSISTENCY closed with remaining principal", "remaining_principal", "10",
            "CONSISTENCY", true);
        row("ok status word Paid", "installment_status", "Paid", "", true);
    }
    void paymentRules() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, type);
        QFETCH(bool, accepted);
        LoanSet loans;
        loans.addLive("LOAN_004441");
        Harness h(FileType::PaymentPlan, LoanType::Retail, kPaymentHeader);
        h.validator().setKnownLoans(&loans);
        const auto o = h.run(
            rowOf(kPaymentHeader, kGoodPayment, {{field.toStdString(), value.toStdString()}}));
        QCOMPARE(o.accepted, accepted);
        if (type.isEmpty()) {
            QVERIFY(o.findings.empty());
            return;
        }
        QCOMPARE(o.findings.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(std::string(toText(o.findings[0].type))), type);
        QCOMPARE(QString::fromStdString(o.findings[0].field), field);
    }

    void duplicateInstallmentComparesNumbers() {
        Harness h(FileType::PaymentPlan, LoanType::Retail, kPaymentHeader);
        QVERIFY(h.run(rowOf(kPaymentHeader, kGoodPayment, {})).accepted);
        QVERIFY(h.run(rowOf(kPaymentHeader, kGoodPayment, {{"installment_number", "2"}})).accepted);
        const auto o = h.run(rowOf(kPaymentHeader, kGoodPayment, {{"installment_number", "01"}}));
        QVERIFY(!o.accepted);
        QCOMPARE(o.findings.size(), std::size_t(1));
        QCOMPARE(o.findings[0].type, ErrorType::Duplicate);
        QCOMPARE(o.findings[0].field, std::string("installment_number"));
        // The same installment number of another loan is no duplicate.
        QVERIFY(h.run(rowOf(kPaymentHeader, kGoodPayment, {{"loan_account_number", "LOAN_X"}}))
                    .accepted);
    }

    void paymentNormalization() {
        Harness h(FileType::PaymentPlan, LoanType::Commercial, kPaymentHeader);
        const auto o = h.run(rowOf(kPaymentHeader, kGoodPayment, {}));
        QVERIFY(o.accepted);
        const auto F = FileType::PaymentPlan;
        QCOMPARE(valueOf(o, F, "installment_status").s, std::string_view("CLOSED"));
        QCOMPARE(valueOf(o, F, "scheduled_payment_date").i,
                 std::int64_t(daysSinceEpoch(Date{2024, 2, 15})));
        QCOMPARE(valueOf(o, F, "actual_payment_date").i, valueOf(o, F, "scheduled_payment_date").i);
        QCOMPARE(valueOf(o, F, "installment_amount").i, std::int64_t(400000));
    }

    void realMaskingNoisePassesWithWarnings() {
        Harness h(FileType::Credit, LoanType::Retail, kRetailHeader);
        const auto o = h.run(
            rowOf(kRetailHeader, kGoodCredit,
                  {{"paid_installment_count", "20"}, {"outstanding_principal_balance", "120000"}}));
        QVERIFY(o.accepted);
        QCOMPARE(o.findings.size(), std::size_t(2));
        for (const auto& f : o.findings) {
            QCOMPARE(f.type, ErrorType::Consistency);
            QCOMPARE(f.severity, Severity::Warning);
        }
    }
};

QTEST_APPLESS_MAIN(TestValidator)
#include "tst_validator.moc"
