// Whole files through reading, validation and normalization: row conservation, refusals and
// what a sink receives.

#include <QtTest>
#include <string>
#include <vector>

#include "core/fileprocessor.h"

using namespace findata::core;

namespace {

const std::string kHeader =
    "loan_account_number;installment_number;actual_payment_date;scheduled_payment_date;"
    "installment_amount;principal_component;interest_component;kkdf_component;bsmv_component;"
    "installment_status;remaining_principal;remaining_interest;remaining_kkdf;remaining_bsmv\n";

std::string planRow(const std::string& loan, const std::string& number,
                    const std::string& amount = "100.00") {
    return loan + ";" + number + ";20240115;2024-01-15;" + amount + ";" + amount +
           ";0;0;0;A;0;0;0;0\n";
}

class Collector final : public RowSink {
public:
    std::vector<std::uint64_t> accepted, rejected;
    std::vector<std::string> rejectedRaw;
    std::vector<std::int64_t> amounts;
    std::size_t findings = 0;
    void acceptedRow(const TypedRow& row, const CsvRecord& record) override {
        accepted.push_back(record.line);
        amounts.push_back(row.values[4].i);
    }
    void rejectedRow(const CsvRecord& record, std::span<const Finding> f) override {
        rejected.push_back(record.line);
        rejectedRaw.emplace_back(record.raw);
        QVERIFY(!f.empty());
    }
    void finding(const Finding&) override { ++findings; }
};

FileSummary run(FileType type, const std::string& text, RowSink* sink = nullptr,
                const LoanSet* loans = nullptr, std::size_t chunk = 7) {
    FileProcessor p(type, LoanType::Retail, sink);
    if (loans) p.setKnownLoans(loans);
    for (std::size_t i = 0; i < text.size(); i += chunk)
        p.feed(std::string_view(text).substr(i, chunk));
    return p.finish();
}

}  // namespace

class TestFileProcessor final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsReconcile() {
        const std::string text = kHeader + planRow("L1", "1") + planRow("L1", "2", "abc") + "\n" +
                                 planRow("L1", "3") + planRow("L1", "1");
        Collector sink;
        const auto s = run(FileType::PaymentPlan, text, &sink);
        QVERIFY(!s.refused);
        QCOMPARE(s.rowsRead, std::uint64_t(4));
        QCOMPARE(s.rowsAccepted + s.rowsRejected, s.rowsRead);
        QCOMPARE(s.rowsRejected, std::uint64_t(2));
        QCOMPARE(sink.accepted, (std::vector<std::uint64_t>{2, 5}));  // blank line 4 skipped
        QCOMPARE(sink.rejected, (std::vector<std::uint64_t>{3, 6}));
        QCOMPARE(sink.rejectedRaw[0] + "\n", planRow("L1", "2", "abc"));
        QCOMPARE(sink.amounts, (std::vector<std::int64_t>{10000, 10000}));
        QCOMPARE(sink.findings, std::size_t(s.errorCount + s.warningCount));
        QCOMPARE(s.errorCount, std::uint64_t(3));  // abc twice (amount, principal) + duplicate
        QCOMPARE(s.groups.at({"installment_number", ErrorType::Duplicate}).count, std::uint64_t(1));
        QCOMPARE(s.groups.at({"installment_amount", ErrorType::Type}).count, std::uint64_t(1));
        QCOMPARE(s.bytesRead, std::uint64_t(text.size()));
    }

    void crossReferenceAgainstKnownLoans() {
        LoanSet loans;
        loans.addLive("L1");
        const auto s = run(FileType::PaymentPlan, kHeader + planRow("L1", "1") + planRow("L2", "1"),
                           nullptr, &loans);
        QCOMPARE(s.rowsAccepted, std::uint64_t(1));
        QCOMPARE(s.groups.at({"loan_account_number", ErrorType::CrossReference}).count,
                 std::uint64_t(1));
        QCOMPARE(s.firstFindings.at(0).line, std::uint64_t(3));
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("reason");
        QTest::addRow("empty file") << QByteArray() << "empty";
        QTest::addRow("only blank lines") << QByteArray("\n\n") << "no header";
        QTest::addRow("header only") << QByteArray::fromStdString(kHeader) << "no data rows";
        QTest::addRow("binary") << QByteArray::fromStdString(kHeader + std::string("\0\1\2", 3))
                                << "binary";
        QTest::addRow("missing required column")
            << QByteArray("loan_account_number;installment_amount\nL1;5\n")
            << "principal_component";
    }
    void refusals() {
        QFETCH(QByteArray, text);
        QFETCH(QString, reason);
        const auto s = run(FileType::PaymentPlan, text.toStdString());
        QVERIFY(s.refused);
        QVERIFY2(QString::fromStdString(s.refusal).contains(reason), s.refusal.c_str());
        QVERIFY(!s.acceptable(1.0));
    }

    void verdictFollowsRatio() {
        const auto s =
            run(FileType::PaymentPlan,
                kHeader + planRow("L1", "1") + planRow("L1", "2", "x") + planRow("L1", "3", "x"));
        QCOMPARE(s.rowsRejected, std::uint64_t(2));
        QVERIFY(!s.acceptable(0.5));
        QVERIFY(s.acceptable(0.7));
    }

    void keepsOnlyTheFirstFindings() {
        std::string text = kHeader;
        for (int i = 1; i <= 50; ++i)
            text += planRow("L1", std::to_string(i), "bad");
        FileProcessor p(FileType::PaymentPlan, LoanType::Retail, nullptr, {}, 5);
        p.feed(text);
        const auto& s = p.finish();
        QCOMPARE(s.firstFindings.size(), std::size_t(5));
        QCOMPARE(s.errorCount, std::uint64_t(100));
        QCOMPARE(s.firstFindings.front().line, std::uint64_t(2));
    }

    void commaDelimiterDisablesDecimalComma() {
        const std::string header =
            "loan_account_number,installment_number,installment_amount,principal_component\n";
        const auto s = run(FileType::PaymentPlan, header + "L1,1,\"100,50\",\"100,50\"\n");
        QCOMPARE(s.delimiter, ',');
        QCOMPARE(s.rowsRejected, std::uint64_t(1));
        const auto ok = run(FileType::PaymentPlan,
                            "loan_account_number;installment_number;installment_amount;"
                            "principal_component\nL1;1;100,50;100,50\n");
        QCOMPARE(ok.rowsAccepted, std::uint64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestFileProcessor)
#include "tst_fileprocessor.moc"
