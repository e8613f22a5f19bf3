// Adding a field is one line in the catalog: a copy of the catalog with one more field, and the
// generator, the validator and the warehouse DDL take it up with no other edit.

#include <QtTest>
#include <string>
#include <vector>

#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/catalog.h"
#include "core/fileprocessor.h"
#include "core/generator.h"

using namespace findata;
using core::Catalog;
using core::FieldSpec;
using core::FieldType;
using core::FileType;
using core::LoanType;

namespace {

// The field a bank might add next: optional, on both loan types' files.
const FieldSpec kExtraCredit{"collateral_value", core::kBoth,         false,
                             FieldType::Amount,  core::CodeSet::None, 0,
                             std::nullopt,       "collateral value",  core::FieldRole::Amount};
const FieldSpec kExtraPayment{
    "penalty_interest", core::kBoth,       false, FieldType::Amount, {}, 0,
    std::nullopt,       "penalty interest"};

const FieldSpec& extraFor(FileType file) {
    return file == FileType::Credit ? kExtraCredit : kExtraPayment;
}

struct Collector final : core::RowSink {
    std::vector<std::vector<core::Value>> rows;
    std::vector<core::Finding> findings;
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        rows.push_back(row.values);
    }
    void finding(const core::Finding& f) override { findings.push_back(f); }
};

std::string generate(FileType file, LoanType loanType, const Catalog& catalog) {
    core::GeneratorOptions o;
    o.loanType = loanType;
    o.creditRows = 200;
    o.paymentRows = 600;
    o.seed = 5;
    std::string text;
    const auto sink = [&](std::string_view piece) { text.append(piece); };
    if (file == FileType::Credit)
        core::generateCredit(o, sink, catalog);
    else
        core::generatePaymentPlan(o, sink, catalog);
    return text;
}

std::vector<std::string> splitLine(std::string_view line) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = line.find(';', start);
        parts.emplace_back(line.substr(start, end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// A catalog's findings about a column, by name.
std::size_t findingsAbout(const std::vector<core::Finding>& findings, std::string_view field) {
    std::size_t n = 0;
    for (const auto& f : findings)
        n += f.field == field ? 1 : 0;
    return n;
}

}  // namespace

class TestCatalogExtension final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addedFieldIsTakenUp_data() {
        QTest::addColumn<FileType>("file");
        QTest::addColumn<LoanType>("loanType");
        QTest::addRow("retail credit") << FileType::Credit << LoanType::Retail;
        QTest::addRow("commercial credit") << FileType::Credit << LoanType::Commercial;
        QTest::addRow("retail payment plan") << FileType::PaymentPlan << LoanType::Retail;
        QTest::addRow("commercial payment plan") << FileType::PaymentPlan << LoanType::Commercial;
    }
    void addedFieldIsTakenUp() {
        QFETCH(FileType, file);
        QFETCH(LoanType, loanType);
        const FieldSpec& extra = extraFor(file);
        const Catalog& standard = Catalog::standard();
        const Catalog extended = standard.withField(file, extra);
        const auto index = extended.require(file, extra.name);
        QCOMPARE(extended.fields(file).size(), standard.fields(file).size() + 1);
        QVERIFY(!standard.find(file, extra.name));

        // The generator writes the column, last, in every row.
        const std::string text = generate(file, loanType, extended);
        const auto header = splitLine(std::string_view(text).substr(0, text.find('\n')));
        QCOMPARE(header.back(), std::string(extra.name));
        QCOMPARE(header.size(), extended.fileColumns(file, loanType).size());
        // The standard catalog's file is the same but for that column.
        const std::string plain = generate(file, loanType, standard);
        QCOMPARE(plain.substr(0, plain.find('\n')) + ";" + std::string(extra.name),
                 text.substr(0, text.find('\n')));

        // The validator binds and parses it: every row loads with a value there.
        Collector rows;
        core::FileProcessor processor(file, loanType, &rows, {}, 20, extended);
        core::LoanSet loans;
        if (file == FileType::PaymentPlan) {
            core::FileProcessor credits(FileType::Credit, loanType, nullptr, {}, 20, extended);
            credits.feed(generate(FileType::Credit, loanType, extended));
            credits.finish();
            loans = credits.takeAcceptedLoans();
            processor.setKnownLoans(&loans);
        }
        processor.feed(text);
        const auto& summary = processor.finish();
        QVERIFY2(!summary.refused, summary.refusal.c_str());
        QCOMPARE(summary.rowsRejected, std::uint64_t(0));
        QCOMPARE(findingsAbout(rows.findings, extra.name), std::size_t(0));
        QVERIFY(!rows.rows.empty());
        for (const auto& values : rows.rows) {
            QCOMPARE(values.size(), extended.fields(file).size());
            QVERIFY(!values[index].null);
        }
        // With the standard catalog the same column is unknown, and ignored.
        Collector ignored;
        core::FileProcessor old(file, loanType, &ignored);
        if (file == FileType::PaymentPlan) old.setKnownLoans(&loans);
        old.feed(text);
        old.finish();
        QCOMPARE(findingsAbout(ignored.findings, extra.name), std::size_t(1));

        // The warehouse table gets the column.
        const std::string column = agent::sqlIdentifier(extra.name) + " Nullable(Decimal(18, 2))";
        const auto ddl = agent::factTableDdl("dw", file, extended);
        QVERIFY2(ddl.find(column) != std::string::npos, ddl.c_str());
        QVERIFY(agent::factTableDdl("dw", file).find(column) == std::string::npos);
    }

    // Code that names a field resolves it once and fails loudly when the catalog lacks it.
    void missingRuleFieldFailsAtConstruction() {
        std::vector<FieldSpec> credit(Catalog::standard().fields(FileType::Credit).begin(),
                                      Catalog::standard().fields(FileType::Credit).end());
        std::erase_if(credit, [](const FieldSpec& f) { return f.name == "final_maturity_date"; });
        const std::vector<FieldSpec> payment(
            Catalog::standard().fields(FileType::PaymentPlan).begin(),
            Catalog::standard().fields(FileType::PaymentPlan).end());
        const Catalog reduced(credit, payment);
        QVERIFY_THROWS_EXCEPTION(
            core::CatalogError,
            core::RowValidator(FileType::Credit, LoanType::Retail, {}, reduced));
        QVERIFY_THROWS_EXCEPTION(core::CatalogError,
                                 (void)reduced.require(FileType::Credit, "final_maturity_date"));
        // The payment plan's rules do not need it.
        core::RowValidator payments(FileType::PaymentPlan, LoanType::Retail, {}, reduced);
        QCOMPARE(payments.fileType(), FileType::PaymentPlan);
    }

    void catalogChecksItself() {
        const auto payment = Catalog::standard().fields(FileType::PaymentPlan);
        std::vector<FieldSpec> twice(payment.begin(), payment.end());
        twice.push_back(payment.back());
        const auto credit = Catalog::standard().fields(FileType::Credit);
        const std::vector<FieldSpec> credits(credit.begin(), credit.end());
        QVERIFY_THROWS_EXCEPTION(core::CatalogError, Catalog(credits, twice));
        QVERIFY_THROWS_EXCEPTION(
            core::CatalogError,
            Catalog(credits, std::vector<FieldSpec>(payment.begin(), payment.end()),
                    {{FileType::Credit, LoanType::Retail, {"sector_code"}}}));  // commercial only
    }
};

QTEST_GUILESS_MAIN(TestCatalogExtension)
#include "tst_catalogextension.moc"
