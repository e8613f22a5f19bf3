// The agent's CSV for people: field quoting, and ClickHouse TabSeparated output turned into CSV
// while it streams, however the chunks fall.

#include <QtTest>

#include "agent/util/csv.h"

using findata::agent::CsvCells;
using findata::agent::csvField;
using findata::agent::TsvToCsv;
using findata::agent::unescapeTsv;

class TestCsv final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldsAreQuotedOnlyWhenNeeded() {
        QCOMPARE(csvField("plain 12.50"), std::string("plain 12.50"));
        QCOMPARE(csvField("a;b"), std::string("\"a;b\""));
        QCOMPARE(csvField("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(csvField("two\nlines"), std::string("\"two\nlines\""));
        QCOMPARE(csvField("a,b", ','), std::string("\"a,b\""));
        QCOMPARE(csvField("a,b"), std::string("a,b"));
    }

    void formulaCellsAreNeutralised_data() {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("expected");
        QTest::addRow("equals") << "=cmd|' /C calc'!A0"
                                << "\"'=cmd|' /C calc'!A0\"";
        QTest::addRow("plus") << "+1+1"
                              << "\"'+1+1\"";
        QTest::addRow("minus") << "-2+3"
                               << "\"'-2+3\"";
        QTest::addRow("at") << "@SUM(A1)"
                            << "\"'@SUM(A1)\"";
        QTest::addRow("tab") << "\tx"
                             << "\"'\tx\"";
        QTest::addRow("carriage return") << "\rx"
                                         << "\"'\rx\"";
        QTest::addRow("formula with delimiter") << "=A1;B1"
                                                << "\"'=A1;B1\"";
        QTest::addRow("negative number") << "-12.50"
                                         << "-12.50";
        QTest::addRow("signed integer") << "+3"
                                        << "+3";
        QTest::addRow("lone minus") << "-"
                                    << "\"'-\"";
        QTest::addRow("equals inside") << "a=b"
                                       << "a=b";
    }

    void formulaCellsAreNeutralised() {
        QFETCH(QString, cell);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(csvField(cell.toStdString())), expected);
        // Machine consumers can ask for the bytes as they are (only quoted where CSV needs it).
        const std::string raw = csvField(cell.toStdString(), ';', CsvCells::Raw);
        QVERIFY(raw == cell.toStdString() || raw.front() == '"');
        QVERIFY(raw.find('\'') == std::string::npos || cell.contains(QLatin1Char('\'')));
    }

    void convertedExportsAreNeutralisedUnlessRaw() {
        TsvToCsv safe;
        std::string out;
        safe.feed("L1\t=HYPERLINK(\"x\")\t-5.00\n", out);
        QCOMPARE(out, std::string("L1;\"'=HYPERLINK(\"\"x\"\")\";-5.00\r\n"));
        TsvToCsv raw(CsvCells::Raw);
        out.clear();
        raw.feed("L1\t@x\n", out);
        QCOMPARE(out, std::string("L1;@x\r\n"));
    }

    void escapesAreUndone() {
        QCOMPARE(unescapeTsv("a\\tb\\nc\\\\d\\'e"), std::string("a\tb\nc\\d'e"));
        QCOMPARE(unescapeTsv("\\N"), std::string("\\N"));
        QCOMPARE(unescapeTsv("no escapes"), std::string("no escapes"));
    }

    // Every way of cutting the input into two chunks gives the same CSV.
    void chunksMaySplitAnywhere() {
        const std::string tsv =
            "LOAN_1\t\\N\t12.50\tsemi;colon\n"
            "LOAN_2\ttab\\there\t0.00\tline\\nbreak\n"
            "LOAN_3\tquote\"d\t\\N\t\\\\back\n";
        const std::string expected =
            "LOAN_1;;12.50;\"semi;colon\"\r\n"
            "LOAN_2;tab\there;0.00;\"line\nbreak\"\r\n"
            "LOAN_3;\"quote\"\"d\";;\\back\r\n";
        for (std::size_t cut = 0; cut <= tsv.size(); ++cut) {
            TsvToCsv converter;
            std::string csv;
            converter.feed(std::string_view(tsv).substr(0, cut), csv);
            converter.feed(std::string_view(tsv).substr(cut), csv);
            converter.finish(csv);
            QCOMPARE(csv, expected);
        }
    }

    void tsvAnswersSplitIntoUnescapedFields() {
        const auto rows = findata::agent::parseTsv("RETAIL\tLOAN\\t1\t3\nCOMMERCIAL\t\\N\t4");
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0], (std::vector<std::string>{"RETAIL", "LOAN\t1", "3"}));
        QCOMPARE(rows[1], (std::vector<std::string>{"COMMERCIAL", "\\N", "4"}));
        QVERIFY(findata::agent::parseTsv("").empty());
    }

    void aLastLineWithoutLineEndIsKept() {
        TsvToCsv converter;
        std::string csv;
        converter.feed("a\tb\nc\t\\N", csv);
        QCOMPARE(csv, std::string("a;b\r\n"));
        converter.finish(csv);
        QCOMPARE(csv, std::string("a;b\r\nc;\r\n"));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
