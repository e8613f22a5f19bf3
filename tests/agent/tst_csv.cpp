// The agent's CSV for people: field quoting, and ClickHouse TabSeparated output turned into CSV
// while it streams, however the chunks fall.

#include <QtTest>

#include "agent/util/csv.h"

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
