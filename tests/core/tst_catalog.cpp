// The field catalog's internal consistency: what every consumer (validation, DDL, encoders)
// relies on.

#include <QtTest>
#include <set>
#include <string>

#include "core/catalog.h"

using namespace findata::core;

namespace {

// The exact headers of real bank files (PRODUCT.md "Input files").
const char* const kRetailCreditHeader =
    "customer_id;customer_type;loan_account_number;loan_status_code;days_past_due;"
    "final_maturity_date;total_installment_count;outstanding_installment_count;"
    "paid_installment_count;first_payment_date;original_loan_amount;"
    "outstanding_principal_balance;nominal_interest_rate;total_interest_amount;kkdf_rate;"
    "kkdf_amount;bsmv_rate;bsmv_amount;grace_period_months;installment_frequency;loan_start_date;"
    "loan_closing_date;insurance_included;customer_district_code;customer_province_code;"
    "internal_rating;external_rating";
const char* const kCommercialCreditHeader =
    "loan_account_number;customer_type;customer_id;loan_product_type;loan_status_code;"
    "loan_status_flag;days_past_due;final_maturity_date;total_installment_count;"
    "outstanding_installment_count;paid_installment_count;first_payment_date;"
    "original_loan_amount;outstanding_principal_balance;nominal_interest_rate;"
    "total_interest_amount;kkdf_rate;kkdf_amount;bsmv_rate;bsmv_amount;grace_period_months;"
    "installment_frequency;loan_start_date;loan_closing_date;customer_region_code;sector_code;"
    "internal_credit_rating;default_probability;risk_class;customer_segment;internal_rating;"
    "external_rating";
const char* const kPaymentHeader =
    "loan_account_number;installment_number;actual_payment_date;scheduled_payment_date;"
    "installment_amount;principal_component;interest_component;kkdf_component;bsmv_component;"
    "installment_status;remaining_principal;remaining_interest;remaining_kkdf;remaining_bsmv";

std::set<std::string> split(const char* header) {
    std::set<std::string> names;
    std::string current;
    for (const char* p = header;; ++p) {
        if (*p == ';' || *p == '\0') {
            names.insert(current);
            current.clear();
            if (*p == '\0') break;
        } else {
            current += *p;
        }
    }
    return names;
}

std::set<std::string> catalogNames(FileType file, LoanType loanType) {
    std::set<std::string> names;
    for (const auto& f : fields(file))
        if (appliesTo(f, loanType)) names.insert(std::string(f.name));
    return names;
}

}  // namespace

class TestCatalog final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coversRealHeaders_data() {
        QTest::addColumn<int>("file");
        QTest::addColumn<int>("loanType");
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("columns");
        QTest::addRow("retail credit, 27 columns")
            << int(FileType::Credit) << int(LoanType::Retail)
            << QString::fromLatin1(kRetailCreditHeader) << 27;
        QTest::addRow("commercial credit, 32 columns")
            << int(FileType::Credit) << int(LoanType::Commercial)
            << QString::fromLatin1(kCommercialCreditHeader) << 32;
        QTest::addRow("retail payment plan, 14 columns")
            << int(FileType::PaymentPlan) << int(LoanType::Retail)
            << QString::fromLatin1(kPaymentHeader) << 14;
        QTest::addRow("commercial payment plan, 14 columns")
            << int(FileType::PaymentPlan) << int(LoanType::Commercial)
            << QString::fromLatin1(kPaymentHeader) << 14;
    }
    void coversRealHeaders() {
        QFETCH(int, file);
        QFETCH(int, loanType);
        QFETCH(QString, header);
        QFETCH(int, columns);
        const auto expected = split(header.toLatin1().constData());
        QCOMPARE(int(expected.size()), columns);
        const auto actual = catalogNames(FileType(file), LoanType(loanType));
        QCOMPARE(actual, expected);
    }

    void namesAreUniqueAndLowerSnakeCase() {
        for (const auto file : kFileTypes) {
            std::set<std::string_view> seen;
            for (const auto& f : fields(file)) {
                QVERIFY2(seen.insert(f.name).second, f.name.data());
                for (const char c : f.name)
                    QVERIFY((c >= 'a' && c <= 'z') || c == '_');
                QVERIFY2(f.loanTypes != 0, f.name.data());
                QVERIFY2(!f.label.empty(), f.name.data());
            }
        }
    }

    // The validator relies on these positions for keys and duplicate detection.
    void keyFieldsComeFirst() {
        QCOMPARE(fields(FileType::Credit)[0].name, std::string_view("loan_account_number"));
        QCOMPARE(fields(FileType::PaymentPlan)[0].name, std::string_view("loan_account_number"));
        QCOMPARE(fields(FileType::PaymentPlan)[1].name, std::string_view("installment_number"));
    }

    void codeFieldsHaveCodeSets() {
        for (const auto file : kFileTypes)
            for (const auto& f : fields(file)) {
                const bool coded = f.type == FieldType::Code || f.type == FieldType::Flag;
                QCOMPARE(coded, f.codes != CodeSet::None);
            }
    }

    void requiredFieldsPerProduct_data() {
        QTest::addColumn<int>("file");
        QTest::addColumn<QString>("name");
        for (const char* n :
             {"loan_account_number", "customer_id", "customer_type", "loan_status_code",
              "original_loan_amount", "outstanding_principal_balance"})
            QTest::addRow("credit %s", n) << int(FileType::Credit) << QString::fromLatin1(n);
        for (const char* n : {"loan_account_number", "installment_number", "installment_amount",
                              "principal_component"})
            QTest::addRow("payment %s", n) << int(FileType::PaymentPlan) << QString::fromLatin1(n);
    }
    void requiredFieldsPerProduct() {
        QFETCH(int, file);
        QFETCH(QString, name);
        const int index = fieldIndex(FileType(file), name.toStdString());
        QVERIFY(index >= 0);
        QVERIFY(fields(FileType(file))[index].required);
    }

    void onlyProductRequiredFieldsAreRequired() {
        int required = 0;
        for (const auto file : kFileTypes)
            for (const auto& f : fields(file))
                required += f.required ? 1 : 0;
        QCOMPARE(required, 10);
    }

    void warehouseTypes_data() {
        QTest::addColumn<int>("file");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addRow("required amount") << int(FileType::Credit) << "original_loan_amount"
                                         << "Decimal(18, 2)";
        QTest::addRow("optional rate") << int(FileType::Credit) << "nominal_interest_rate"
                                       << "Nullable(Decimal(10, 6))";
        QTest::addRow("retail-only flag") << int(FileType::Credit) << "insurance_included"
                                          << "Nullable(UInt8)";
        QTest::addRow("date") << int(FileType::Credit) << "loan_start_date"
                              << "Nullable(Date)";
        QTest::addRow("required code") << int(FileType::Credit) << "customer_type"
                                       << "String";
        QTest::addRow("installment number") << int(FileType::PaymentPlan) << "installment_number"
                                            << "Int32";
        QTest::addRow("commercial-only fraction") << int(FileType::Credit) << "default_probability"
                                                  << "Nullable(Decimal(10, 6))";
    }
    void warehouseTypes() {
        QFETCH(int, file);
        QFETCH(QString, name);
        QFETCH(QString, type);
        const int index = fieldIndex(FileType(file), name.toStdString());
        QVERIFY(index >= 0);
        QCOMPARE(QString::fromStdString(warehouseType(fields(FileType(file))[index])), type);
    }

    void codes_data() {
        QTest::addColumn<int>("set");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("canonical");
        QTest::addRow("I") << int(CodeSet::CustomerType) << "I"
                           << "INDIVIDUAL";
        QTest::addRow("t lower") << int(CodeSet::CustomerType) << "t"
                                 << "TRADE";
        QTest::addRow("V") << int(CodeSet::CustomerType) << "V"
                           << "VIP";
        QTest::addRow("X unknown") << int(CodeSet::CustomerType) << "X"
                                   << "";
        QTest::addRow("A") << int(CodeSet::Status) << "A"
                           << "ACTIVE";
        QTest::addRow("K") << int(CodeSet::Status) << "K"
                           << "CLOSED";
        QTest::addRow("Aktif") << int(CodeSet::Status) << "Aktif"
                               << "ACTIVE";
        QTest::addRow("Kapalı") << int(CodeSet::Status) << QStringLiteral("Kapalı") << "CLOSED";
        QTest::addRow("KAPALI") << int(CodeSet::Status) << "KAPALI"
                                << "CLOSED";
        QTest::addRow("Active") << int(CodeSet::Status) << "Active"
                                << "ACTIVE";
        QTest::addRow("Closed") << int(CodeSet::Status) << "Closed"
                                << "CLOSED";
        QTest::addRow("Paid") << int(CodeSet::Status) << "Paid"
                              << "CLOSED";
        QTest::addRow("padded") << int(CodeSet::Status) << " A "
                                << "ACTIVE";
        QTest::addRow("Z unknown") << int(CodeSet::Status) << "Z"
                                   << "";
        QTest::addRow("E") << int(CodeSet::YesNo) << "E"
                           << "1";
        QTest::addRow("H") << int(CodeSet::YesNo) << "H"
                           << "0";
        QTest::addRow("Hayır") << int(CodeSet::YesNo) << QStringLiteral("Hayır") << "0";
        QTest::addRow("Q unknown") << int(CodeSet::YesNo) << "Q"
                                   << "";
    }
    void codes() {
        QFETCH(int, set);
        QFETCH(QString, code);
        QFETCH(QString, canonical);
        const std::string input = code.toStdString();
        QCOMPARE(QString::fromStdString(std::string(canonicalCode(CodeSet(set), input))),
                 canonical);
    }

    void namesOfTypes() {
        QCOMPARE(toText(LoanType::Retail), std::string_view("RETAIL"));
        QCOMPARE(toText(FileType::PaymentPlan), std::string_view("payment_plan"));
        QCOMPARE(parseLoanType("commercial"), std::optional(LoanType::Commercial));
        QCOMPARE(parseLoanType("MORTGAGE"), std::optional<LoanType>());
        QCOMPARE(parseFileType("payment_plan"), std::optional(FileType::PaymentPlan));
        QCOMPARE(parseFileType("ledger"), std::optional<FileType>());
    }
};

QTEST_APPLESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
