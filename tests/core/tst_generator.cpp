#include <QtTest>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/fileprocessor.h"
#include "core/generator.h"

using namespace findata::core;

Q_DECLARE_METATYPE(findata::core::LoanType)

namespace {

// The exact headers of real bank files (PRODUCT.md, "Input files").
constexpr std::string_view kRetailHeader =
    "customer_id;customer_type;loan_account_number;loan_status_code;days_past_due;"
    "final_maturity_date;total_installment_count;outstanding_installment_count;"
    "paid_installment_count;first_payment_date;original_loan_amount;"
    "outstanding_principal_balance;nominal_interest_rate;total_interest_amount;kkdf_rate;"
    "kkdf_amount;bsmv_rate;bsmv_amount;grace_period_months;installment_frequency;"
    "loan_start_date;loan_closing_date;insurance_included;customer_district_code;"
    "customer_province_code;internal_rating;external_rating";
constexpr std::string_view kCommercialHeader =
    "loan_account_number;customer_type;customer_id;loan_product_type;loan_status_code;"
    "loan_status_flag;days_past_due;final_maturity_date;total_installment_count;"
    "outstanding_installment_count;paid_installment_count;first_payment_date;"
    "original_loan_amount;outstanding_principal_balance;nominal_interest_rate;"
    "total_interest_amount;kkdf_rate;kkdf_amount;bsmv_rate;bsmv_amount;grace_period_months;"
    "installment_frequency;loan_start_date;loan_closing_date;customer_region_code;sector_code;"
    "internal_credit_rating;default_probability;risk_class;customer_segment;internal_rating;"
    "external_rating";
constexpr std::string_view kPlanHeader =
    "loan_account_number;installment_number;actual_payment_date;scheduled_payment_date;"
    "installment_amount;principal_component;interest_component;kkdf_component;bsmv_component;"
    "installment_status;remaining_principal;remaining_interest;remaining_kkdf;remaining_bsmv";

std::string credit(const GeneratorOptions& o) {
    std::string text;
    generateCredit(o, [&](std::string_view piece) { text.append(piece); });
    return text;
}

std::string plan(const GeneratorOptions& o, std::uint64_t* rows = nullptr) {
    std::string text;
    const auto n = generatePaymentPlan(o, [&](std::string_view piece) { text.append(piece); });
    if (rows) *rows = n;
    return text;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

/// A generated file as header + rows of fields, looked up by column name.
struct Table {
    std::string text;  // owns the bytes the views below point into
    std::vector<std::string_view> header;
    std::vector<std::vector<std::string_view>> rows;
    std::map<std::string_view, std::size_t> column;

    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;
    explicit Table(std::string content) : text(std::move(content)) {
        auto lines = split(text, '\n');
        if (!lines.empty() && lines.back().empty()) lines.pop_back();
        if (lines.empty()) return;
        header = split(lines.front(), ';');
        for (std::size_t i = 0; i < header.size(); ++i)
            column[header[i]] = i;
        for (std::size_t i = 1; i < lines.size(); ++i)
            rows.push_back(split(lines[i], ';'));
    }
    std::string_view at(std::size_t row, std::string_view name) const {
        return rows[row][column.at(name)];
    }
};

GeneratorOptions options(LoanType type, std::uint64_t creditRows, std::uint64_t paymentRows,
                         std::uint64_t seed = 7, std::uint64_t firstLoan = 1) {
    GeneratorOptions o;
    o.loanType = type;
    o.creditRows = creditRows;
    if (paymentRows > 0) o.paymentRows = paymentRows;  // 0: the default plan size
    o.seed = seed;
    o.firstLoan = firstLoan;
    return o;
}

// Each row: a loan type and whether the plan size is given or left to the default.
void addLoanTypeRows() {
    QTest::addColumn<LoanType>("type");
    QTest::addColumn<quint64>("paymentRows");
    QTest::addRow("retail, default plan size") << LoanType::Retail << quint64(0);
    QTest::addRow("retail, 2500 plan rows") << LoanType::Retail << quint64(2500);
    QTest::addRow("commercial, default plan size") << LoanType::Commercial << quint64(0);
    QTest::addRow("commercial, 2500 plan rows") << LoanType::Commercial << quint64(2500);
}

std::int32_t dayOf(std::string_view text) {
    const auto p = parseDate(text);
    return p.ok() ? daysSinceEpoch(p.value) : -1;
}

}  // namespace

class TestGenerator final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedGivesSameBytes_data() { addLoanTypeRows(); }
    void sameSeedGivesSameBytes() {
        QFETCH(LoanType, type);
        QFETCH(quint64, paymentRows);
        const auto o = options(type, 400, paymentRows, 42);
        QCOMPARE(credit(o), credit(o));
        QCOMPARE(plan(o), plan(o));

        auto other = o;
        other.seed = 43;
        QVERIFY(credit(other) != credit(o));
        QVERIFY(plan(other) != plan(o));
    }

    void exactHeaders_data() {
        QTest::addColumn<LoanType>("type");
        QTest::addColumn<bool>("isCredit");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("retail credit, 27 columns")
            << LoanType::Retail << true << QByteArray(kRetailHeader.data(), kRetailHeader.size());
        QTest::addRow("commercial credit, 32 columns")
            << LoanType::Commercial << true
            << QByteArray(kCommercialHeader.data(), kCommercialHeader.size());
        QTest::addRow("retail payment plan, 14 columns")
            << LoanType::Retail << false << QByteArray(kPlanHeader.data(), kPlanHeader.size());
        QTest::addRow("commercial payment plan, 14 columns")
            << LoanType::Commercial << false << QByteArray(kPlanHeader.data(), kPlanHeader.size());
    }
    void exactHeaders() {
        QFETCH(LoanType, type);
        QFETCH(bool, isCredit);
        QFETCH(QByteArray, expected);
        const auto o = options(type, 5, 0);
        const std::string text = isCredit ? credit(o) : plan(o);
        const auto firstLine = std::string_view(text).substr(0, text.find('\n'));
        QCOMPARE(QByteArray(firstLine.data(), firstLine.size()), expected);
    }

    void creditRowCount_data() {
        QTest::addColumn<LoanType>("type");
        QTest::addColumn<quint64>("rows");
        QTest::addRow("retail, no rows") << LoanType::Retail << quint64(0);
        QTest::addRow("retail, one row") << LoanType::Retail << quint64(1);
        QTest::addRow("retail, 3000 rows") << LoanType::Retail << quint64(3000);
        QTest::addRow("commercial, one row") << LoanType::Commercial << quint64(1);
        QTest::addRow("commercial, 3000 rows") << LoanType::Commercial << quint64(3000);
    }
    void creditRowCount() {
        QFETCH(LoanType, type);
        QFETCH(quint64, rows);
        const std::string text = credit(options(type, rows, 0));
        QVERIFY(!text.empty() && text.back() == '\n');
        QCOMPARE(text.find('\r'), std::string::npos);
        const Table t(text);
        QCOMPARE(t.rows.size(), std::size_t(rows));
        for (const auto& row : t.rows)
            QCOMPARE(row.size(), t.header.size());
    }

    void planRowCount_data() {
        QTest::addColumn<quint64>("loans");
        QTest::addColumn<quint64>("paymentRows");
        QTest::addColumn<quint64>("expected");
        QTest::addRow("one row") << quint64(100) << quint64(1) << quint64(1);
        QTest::addRow("fewer rows than loans") << quint64(100) << quint64(60) << quint64(60);
        QTest::addRow("about 4 per loan") << quint64(300) << quint64(1200) << quint64(1200);
        QTest::addRow("36 per loan, the normal maximum")
            << quint64(100) << quint64(3600) << quint64(3600);
        QTest::addRow("over 36 per loan") << quint64(100) << quint64(20000) << quint64(20000);
        QTest::addRow("more than 360 per loan is capped")
            << quint64(10) << quint64(5000) << quint64(3600);
        QTest::addRow("no loans, no plan") << quint64(0) << quint64(50) << quint64(0);
    }
    void planRowCount() {
        QFETCH(quint64, loans);
        QFETCH(quint64, paymentRows);
        QFETCH(quint64, expected);
        std::uint64_t returned = 0;
        const std::string text = plan(options(LoanType::Retail, loans, paymentRows), &returned);
        const Table t(text);
        QCOMPARE(quint64(returned), expected);
        QCOMPARE(t.rows.size(), std::size_t(expected));

        std::map<std::string_view, std::size_t> perLoan;
        for (std::size_t r = 0; r < t.rows.size(); ++r)
            ++perLoan[t.at(r, "loan_account_number")];
        const std::size_t limit = paymentRows <= loans * 36 ? 36 : 360;
        for (const auto& [loan, n] : perLoan)
            QVERIFY2(n >= 1 && n <= limit, loan.data());
    }

    void defaultPlanSizeIsAboutTwelvePerLoan() {
        std::uint64_t rows = 0;
        plan(options(LoanType::Commercial, 3000, 0), &rows);
        QVERIFY2(rows >= 3000 * 10 && rows <= 3000 * 14, std::to_string(rows).c_str());
    }

    void planMatchesCredit_data() { addLoanTypeRows(); }
    void planMatchesCredit() {
        QFETCH(LoanType, type);
        QFETCH(quint64, paymentRows);
        const auto o = options(type, 600, paymentRows, 11, 4441);
        const Table c(credit(o));
        const Table p(plan(o));

        std::map<std::string_view, std::int64_t> totals;  // loan → total_installment_count
        const std::regex loanNumber("LOAN_[0-9]{6,}");
        for (std::size_t r = 0; r < c.rows.size(); ++r) {
            const auto loan = c.at(r, "loan_account_number");
            QVERIFY(std::regex_match(loan.begin(), loan.end(), loanNumber));
            QVERIFY2(
                totals.emplace(loan, std::stoll(std::string(c.at(r, "total_installment_count"))))
                    .second,
                "duplicate loan number in the credit file");
        }
        QCOMPARE(c.at(0, "loan_account_number"), std::string_view("LOAN_004441"));
        QCOMPARE(c.at(599, "loan_account_number"), std::string_view("LOAN_005040"));

        std::set<std::string_view> finishedBlocks;
        std::vector<std::string_view> blockOrder;
        std::vector<std::string_view> block;  // installment numbers of the current block
        const auto closeBlock = [&] {
            if (blockOrder.empty()) return;
            // Installments 1..n, listed in string order, with n the loan's installment count.
            QVERIFY(std::is_sorted(block.begin(), block.end()));
            QCOMPARE(std::int64_t(block.size()), totals.at(blockOrder.back()));
            std::set<int> numbers;
            for (const auto n : block)
                numbers.insert(std::stoi(std::string(n)));
            QCOMPARE(numbers.size(), block.size());
            QCOMPARE(*numbers.begin(), 1);
            QCOMPARE(*numbers.rbegin(), int(block.size()));
        };
        for (std::size_t r = 0; r < p.rows.size(); ++r) {
            const auto loan = p.at(r, "loan_account_number");
            QVERIFY2(totals.count(loan) == 1, "plan row of a loan not in the credit file");
            if (blockOrder.empty() || blockOrder.back() != loan) {
                closeBlock();
                QVERIFY2(finishedBlocks.insert(loan).second, "a loan's block is split");
                blockOrder.push_back(loan);
                block.clear();
            }
            block.push_back(p.at(r, "installment_number"));
        }
        closeBlock();
        QVERIFY2(!std::is_sorted(blockOrder.begin(), blockOrder.end()), "blocks are sorted");
        if (paymentRows == 0) QCOMPARE(blockOrder.size(), c.rows.size());
    }

    void stringOrderCrossesTen() {
        // Every loan with 12 or more installments lists 1, 10, 11, 12, 2, … as real files do.
        const Table p(plan(options(LoanType::Retail, 50, 0)));
        std::map<std::string_view, std::string> sequences;
        for (std::size_t r = 0; r < p.rows.size(); ++r)
            sequences[p.at(r, "loan_account_number")]
                .append(p.at(r, "installment_number"))
                .push_back(',');
        int longBlocks = 0;
        for (const auto& [loan, sequence] : sequences) {
            if (sequence.find(",12,") == std::string::npos) continue;
            ++longBlocks;
            QVERIFY2(sequence.starts_with("1,10,11,12,"), sequence.c_str());
        }
        QVERIFY(longBlocks > 0);
    }

    void datesAreRealAndOrdered_data() { addLoanTypeRows(); }
    void datesAreRealAndOrdered() {
        QFETCH(LoanType, type);
        QFETCH(quint64, paymentRows);
        const auto o = options(type, 800, paymentRows, 3);
        const std::regex compact("[0-9]{8}");
        const std::regex iso("[0-9]{4}-[0-9]{2}-[0-9]{2}");
        const std::int32_t lowest = daysSinceEpoch({1990, 1, 1});
        const std::int32_t highest = daysSinceEpoch({2060, 12, 31});
        const auto check = [&](std::string_view text, const std::regex& shape) {
            QVERIFY2(std::regex_match(text.begin(), text.end(), shape), std::string(text).c_str());
            const std::int32_t day = dayOf(text);
            QVERIFY2(day >= lowest && day <= highest, std::string(text).c_str());
        };

        const Table c(credit(o));
        for (std::size_t r = 0; r < c.rows.size(); ++r) {
            for (const auto* name :
                 {"loan_start_date", "first_payment_date", "final_maturity_date"})
                check(c.at(r, name), compact);
            QVERIFY(dayOf(c.at(r, "loan_start_date")) < dayOf(c.at(r, "first_payment_date")));
            QVERIFY(dayOf(c.at(r, "first_payment_date")) < dayOf(c.at(r, "final_maturity_date")));
            const auto closing = c.at(r, "loan_closing_date");
            QCOMPARE(closing.empty(), c.at(r, "loan_status_code") == "A");
            if (!closing.empty()) {
                check(closing, compact);
                QVERIFY(dayOf(closing) > dayOf(c.at(r, "loan_start_date")));
            }
        }
        const Table p(plan(o));
        for (std::size_t r = 0; r < p.rows.size(); ++r) {
            check(p.at(r, "scheduled_payment_date"), iso);
            const auto actual = p.at(r, "actual_payment_date");
            QCOMPARE(actual.empty(), p.at(r, "installment_status") == "A");
            if (!actual.empty()) check(actual, compact);
        }
    }

    void valuesHaveRealFormats_data() { addLoanTypeRows(); }
    void valuesHaveRealFormats() {
        QFETCH(LoanType, type);
        QFETCH(quint64, paymentRows);
        const auto o = options(type, 800, paymentRows, 5);
        const std::regex amount("[0-9]{1,12}(\\.[0-9]{2})?");  // >= 0 and < 10^12
        const std::regex integer("[0-9]+");
        const std::regex percent("[0-9]{1,2}\\.[0-9]{2}");
        const auto matches = [](std::string_view text, const std::regex& re) {
            return std::regex_match(text.begin(), text.end(), re);
        };
        const auto expect = [&](const Table& t, std::size_t r, std::string_view name,
                                const std::regex& re) {
            const auto v = t.at(r, name);
            QVERIFY2(matches(v, re), (std::string(name) + " = '" + std::string(v) + "'").c_str());
        };

        const Table c(credit(o));
        const bool retail = type == LoanType::Retail;
        for (std::size_t r = 0; r < c.rows.size(); ++r) {
            for (const auto* name : {"original_loan_amount", "outstanding_principal_balance",
                                     "total_interest_amount", "kkdf_amount", "bsmv_amount"})
                expect(c, r, name, amount);
            for (const auto* name :
                 {"days_past_due", "total_installment_count", "outstanding_installment_count",
                  "paid_installment_count", "grace_period_months", "installment_frequency"})
                expect(c, r, name, integer);
            // Rates are percentages (> 1), so they cannot be mistaken for fractions.
            for (const auto* name : {"nominal_interest_rate", "kkdf_rate", "bsmv_rate"}) {
                expect(c, r, name, percent);
                QVERIFY(std::stod(std::string(c.at(r, name))) > 1.0);
            }
            expect(c, r, "customer_id", std::regex("CUST_[0-9]{5}"));
            expect(c, r, "customer_type", std::regex("[ITV]"));
            expect(c, r, "loan_status_code", std::regex("[AK]"));
            if (retail) {
                expect(c, r, "insurance_included", std::regex("[EH]"));
                expect(c, r, "customer_province_code", std::regex("PROVINCE_[0-9]{2}"));
                expect(c, r, "customer_district_code", std::regex("DISTRICT_[0-9]{4}"));
            } else {
                expect(c, r, "customer_region_code", std::regex("REGION_[0-9]{2}"));
                expect(c, r, "default_probability", std::regex("0\\.[0-9]{4}"));
            }
        }

        const Table p(plan(o));
        for (std::size_t r = 0; r < p.rows.size(); ++r) {
            for (const auto* name :
                 {"installment_amount", "principal_component", "interest_component",
                  "kkdf_component", "bsmv_component", "remaining_principal", "remaining_interest",
                  "remaining_kkdf", "remaining_bsmv"})
                expect(p, r, name, amount);
            expect(p, r, "installment_number", std::regex("[1-9][0-9]*"));
            expect(p, r, "installment_status", std::regex("[AK]"));
        }
    }

    void generatedFilesLoadWithWarningsOnly_data() { addLoanTypeRows(); }
    void generatedFilesLoadWithWarningsOnly() {
        // Masking noise must be present, but only ever as CONSISTENCY warnings, never rejections.
        QFETCH(LoanType, type);
        QFETCH(quint64, paymentRows);
        const auto o = options(type, 1000, paymentRows, 9);

        FileProcessor creditFile(FileType::Credit, type);
        creditFile.feed(credit(o));
        const FileSummary c = creditFile.finish();
        QVERIFY(!c.refused);
        QCOMPARE(quint64(c.rowsRead), quint64(1000));
        QCOMPARE(quint64(c.rowsRejected), quint64(0));
        const auto warnings = [](const FileSummary& s, const char* field) {
            const auto it = s.groups.find({field, ErrorType::Consistency});
            return it == s.groups.end() ? quint64(0) : quint64(it->second.count);
        };
        QVERIFY(warnings(c, "total_installment_count") > 50);         // paid + open != total
        QVERIFY(warnings(c, "outstanding_principal_balance") > 0);    // above the original
        QVERIFY(warnings(c, "outstanding_principal_balance") < 100);  // but only a few

        FileProcessor planFile(FileType::PaymentPlan, type);
        planFile.setKnownLoans(&creditFile.validator().acceptedLoans());
        std::uint64_t rows = 0;
        planFile.feed(plan(o, &rows));
        const FileSummary p = planFile.finish();
        QVERIFY(!p.refused);
        QCOMPARE(quint64(p.rowsRead), quint64(rows));
        QCOMPARE(quint64(p.rowsRejected), quint64(0));
        QVERIFY(warnings(p, "installment_amount") > rows / 5);  // many, as in real files
        QCOMPARE(warnings(p, "remaining_principal"), quint64(0));
    }

    void piecesEndAtLineBreaks() {
        std::vector<std::size_t> sizes;
        bool allEndAtLineBreak = true;
        const auto sink = [&](std::string_view piece) {
            sizes.push_back(piece.size());
            allEndAtLineBreak = allEndAtLineBreak && !piece.empty() && piece.back() == '\n';
        };
        const auto o = options(LoanType::Commercial, 20000, 0);
        generateCredit(o, sink);
        generatePaymentPlan(o, sink);
        QVERIFY(allEndAtLineBreak);
        QVERIFY(sizes.size() > 4);
        for (const auto size : sizes)
            QVERIFY(size <= (1u << 20) + 4096);
    }
};

QTEST_APPLESS_MAIN(TestGenerator)
#include "tst_generator.moc"
