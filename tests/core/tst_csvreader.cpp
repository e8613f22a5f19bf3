#include "core/csvreader.h"

#include <QtTest>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using findata::core::CsvReader;
using findata::core::CsvRecord;

namespace {

// Makes control characters visible so a failing comparison shows where the bytes differ.
QString visible(std::string_view text) {
    QString out;
    for (const char c : text) {
        if (c == '\n') {
            out += QStringLiteral("\\n");
        } else if (c == '\r') {
            out += QStringLiteral("\\r");
        } else if (c == '\t') {
            out += QStringLiteral("\\t");
        } else {
            out += QString::fromUtf8(&c, 1);
        }
    }
    return out;
}

// One record as a single comparable line: line number, fields, raw text, error.
QString render(std::uint64_t line, const std::vector<std::string_view>& fields,
               std::string_view raw, std::string_view error = {}) {
    QString out = QStringLiteral("line %1 ").arg(line);
    for (const std::string_view field : fields)
        out += QLatin1Char('[') + visible(field) + QLatin1Char(']');
    out += QStringLiteral(" raw=<") + visible(raw) + QLatin1Char('>');
    if (!error.empty()) out += QStringLiteral(" error=") + visible(error);
    return out;
}

QString render(const CsvRecord& record) {
    const std::vector<std::string_view> fields(record.fields.begin(), record.fields.end());
    return render(record.line, fields, record.raw, record.error);
}

// Feeds `input` cut at the given positions, then finishes; returns every record rendered.
QStringList readSplit(std::string_view input, const std::vector<std::size_t>& cuts,
                      char delimiter = 0) {
    CsvReader reader(delimiter);
    QStringList records;
    const CsvReader::Sink sink = [&](const CsvRecord& record) { records << render(record); };
    std::size_t from = 0;
    for (const std::size_t cut : cuts) {
        reader.feed(input.substr(from, cut - from), sink);
        from = cut;
    }
    reader.feed(input.substr(from), sink);
    reader.finish(sink);
    return records;
}

QStringList readWhole(std::string_view input, char delimiter = 0) {
    return readSplit(input, {}, delimiter);
}

std::string toStd(const QByteArray& bytes) {
    return bytes.toStdString();
}

const QByteArray kAllDialects =
    "\xEF\xBB\xBF"
    "id;name;note\r\n"
    "1;\"Smith; John\";\"said \"\"hi\"\"\"\r\n"
    "\r\n"
    "2;\"two\r\nlines\";\r\n"
    "3;a\"b;\"\"\n"
    "\n"
    "4;\"x\"y;end";

}  // namespace

class TestCsvReader final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsRecords_data();
    void readsRecords();
    void detectsDelimiter_data();
    void detectsDelimiter();
    void reportsDetectedDelimiter_data();
    void reportsDetectedDelimiter();
    void chunkBoundariesDoNotChangeRecords_data();
    void chunkBoundariesDoNotChangeRecords();
    void longQuotedFieldSpansManyChunks();
    void streamsManyRecordsWithLineNumbers();
    void countsBytesRead();
    void randomRecordsSurviveRandomChunks();
};

void TestCsvReader::readsRecords_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("delimiter");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("semicolon, LF")
        << QByteArray("a;b;c\n1;2;3\n") << 0
        << QStringList{render(1, {"a", "b", "c"}, "a;b;c"), render(2, {"1", "2", "3"}, "1;2;3")};
    QTest::addRow("CRLF line endings are not part of fields or raw")
        << QByteArray("a;b\r\n1;2\r\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", "2"}, "1;2")};
    QTest::addRow("final line without newline")
        << QByteArray("a;b\n1;2") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", "2"}, "1;2")};
    QTest::addRow("final line ending in a lone CR")
        << QByteArray("a;b\r\n1;2\r") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", "2"}, "1;2")};
    QTest::addRow("blank lines are skipped but counted")
        << QByteArray("a;b\n\n1;2\r\n\r\n\r\n3;4\n\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(3, {"1", "2"}, "1;2"),
                       render(6, {"3", "4"}, "3;4")};
    QTest::addRow("blank lines before the header")
        << QByteArray("\n\r\na,b\n1,2\n") << 0
        << QStringList{render(3, {"a", "b"}, "a,b"), render(4, {"1", "2"}, "1,2")};
    QTest::addRow("UTF-8 BOM is skipped")
        << QByteArray("\xEF\xBB\xBFid;ad\n1;Çarşı\n") << 0
        << QStringList{render(1, {"id", "ad"}, "id;ad"), render(2, {"1", "Çarşı"}, "1;Çarşı")};
    QTest::addRow("BOM-like bytes later in the file are data")
        << QByteArray("a\n\xEF\xBB\xBFx\n") << 0
        << QStringList{render(1, {"a"}, "a"), render(2, {"\xEF\xBB\xBFx"}, "\xEF\xBB\xBFx")};
    QTest::addRow("empty fields") << QByteArray("a;b;c\n;;\nx;;\n;y;\n") << 0
                                  << QStringList{render(1, {"a", "b", "c"}, "a;b;c"),
                                                 render(2, {"", "", ""}, ";;"),
                                                 render(3, {"x", "", ""}, "x;;"),
                                                 render(4, {"", "y", ""}, ";y;")};
    QTest::addRow("trailing delimiter at end of stream")
        << QByteArray("a;b\n1;") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", ""}, "1;")};
    QTest::addRow("spaces are kept")
        << QByteArray("a;b\n 1 ; 2\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {" 1 ", " 2"}, " 1 ; 2")};
    QTest::addRow("quoted field containing the delimiter")
        << QByteArray("a;b\n\"x;y\";z\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"x;y", "z"}, "\"x;y\";z")};
    QTest::addRow("doubled quote inside quotes")
        << QByteArray("a;b\n\"say \"\"hi\"\"\";\"\"\"\"\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"),
                       render(2, {"say \"hi\"", "\""}, "\"say \"\"hi\"\"\";\"\"\"\"")};
    QTest::addRow("empty quoted fields") << QByteArray("a;b;c\n\"\";\"\";\"\"\r\n") << 0
                                         << QStringList{render(1, {"a", "b", "c"}, "a;b;c"),
                                                        render(2, {"", "", ""}, "\"\";\"\";\"\"")};
    QTest::addRow("LF inside quotes, line numbers follow physical lines")
        << QByteArray("a;b\n1;\"two\nthree\nfour\"\n2;x\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"),
                       render(2, {"1", "two\nthree\nfour"}, "1;\"two\nthree\nfour\""),
                       render(5, {"2", "x"}, "2;x")};
    QTest::addRow("CRLF inside quotes is kept verbatim")
        << QByteArray("a;b\r\n\"x\r\ny\";z\r\n3;4\r\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"x\r\ny", "z"}, "\"x\r\ny\";z"),
                       render(4, {"3", "4"}, "3;4")};
    QTest::addRow("quoted last field followed by CRLF")
        << QByteArray("a;b\r\n1;\"x\"\r\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", "x"}, "1;\"x\"")};
    QTest::addRow("quote in the middle of an unquoted field is literal")
        << QByteArray("a;b\n5\" disk;ab\"c\"d\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"),
                       render(2, {"5\" disk", "ab\"c\"d"}, "5\" disk;ab\"c\"d")};
    QTest::addRow("text after a closing quote is kept")
        << QByteArray("a;b\n\"ab\"c;\"x\" \r\n") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"abc", "x "}, "\"ab\"c;\"x\" ")};
    QTest::addRow("unterminated quote at end of stream")
        << QByteArray("a;b\n1;\"open\n2;3\n") << 0
        << QStringList{
               render(1, {"a", "b"}, "a;b"),
               render(2, {"1", "open\n2;3\n"}, "1;\"open\n2;3\n", "unterminated quoted field")};
    QTest::addRow("closed quote at end of stream is not an error")
        << QByteArray("a;b\n1;\"x\"\"\"") << 0
        << QStringList{render(1, {"a", "b"}, "a;b"), render(2, {"1", "x\""}, "1;\"x\"\"\"")};
    QTest::addRow("ragged rows keep their own field count")
        << QByteArray("a;b;c\n1;2\n1;2;3;4\nonly\n") << 0
        << QStringList{render(1, {"a", "b", "c"}, "a;b;c"), render(2, {"1", "2"}, "1;2"),
                       render(3, {"1", "2", "3", "4"}, "1;2;3;4"), render(4, {"only"}, "only")};
    QTest::addRow("comma detected from the header")
        << QByteArray("a,b,c\n1;5,\"x,y\",2\n") << 0
        << QStringList{render(1, {"a", "b", "c"}, "a,b,c"),
                       render(2, {"1;5", "x,y", "2"}, "1;5,\"x,y\",2")};
    QTest::addRow("tab detected from the header")
        << QByteArray("a\tb\n1,5\t2;3\n") << 0
        << QStringList{render(1, {"a", "b"}, "a\tb"), render(2, {"1,5", "2;3"}, "1,5\t2;3")};
    QTest::addRow("comma detected after a BOM and CRLF")
        << QByteArray("\xEF\xBB\xBF\x61,b\r\n1,2\r\n") << 0
        << QStringList{render(1, {"a", "b"}, "a,b"), render(2, {"1", "2"}, "1,2")};
    QTest::addRow("explicit delimiter is not overridden by detection")
        << QByteArray("a;b,c,d\n1;2,3\n") << int(';')
        << QStringList{render(1, {"a", "b,c,d"}, "a;b,c,d"), render(2, {"1", "2,3"}, "1;2,3")};
    QTest::addRow("empty input") << QByteArray() << 0 << QStringList{};
    QTest::addRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << 0 << QStringList{};
    QTest::addRow("only blank lines") << QByteArray("\n\r\n\n") << 0 << QStringList{};
    QTest::addRow("all dialects together")
        << kAllDialects << 0
        << QStringList{render(1, {"id", "name", "note"}, "id;name;note"),
                       render(2, {"1", "Smith; John", "said \"hi\""},
                              "1;\"Smith; John\";\"said \"\"hi\"\"\""),
                       render(4, {"2", "two\r\nlines", ""}, "2;\"two\r\nlines\";"),
                       render(6, {"3", "a\"b", ""}, "3;a\"b;\"\""),
                       render(8, {"4", "xy", "end"}, "4;\"x\"y;end")};
}

void TestCsvReader::readsRecords() {
    QFETCH(QByteArray, input);
    QFETCH(int, delimiter);
    QFETCH(QStringList, expected);

    QCOMPARE(readWhole(toStd(input), static_cast<char>(delimiter)), expected);
}

void TestCsvReader::detectsDelimiter_data() {
    QTest::addColumn<QByteArray>("headerLine");
    QTest::addColumn<int>("expected");

    QTest::addRow("semicolons") << QByteArray("a;b;c") << int(';');
    QTest::addRow("commas") << QByteArray("a,b,c") << int(',');
    QTest::addRow("tabs") << QByteArray("a\tb\tc") << int('\t');
    QTest::addRow("commas outnumber semicolons") << QByteArray("a,b,c;d") << int(',');
    QTest::addRow("semicolons outnumber commas") << QByteArray("a;b;c,d") << int(';');
    QTest::addRow("tie prefers semicolon") << QByteArray("a;b,c") << int(';');
    QTest::addRow("comma and tab tie prefers semicolon") << QByteArray("a,b\tc") << int(';');
    QTest::addRow("none prefers semicolon") << QByteArray("single_column") << int(';');
    QTest::addRow("empty line") << QByteArray() << int(';');
    QTest::addRow("delimiters inside quotes do not count")
        << QByteArray("\"a;b;c;d\",e,f") << int(',');
    QTest::addRow("real retail credit header")
        << QByteArray("customer_id;customer_type;loan_account_number;loan_status_code") << int(';');
}

void TestCsvReader::detectsDelimiter() {
    QFETCH(QByteArray, headerLine);
    QFETCH(int, expected);

    QCOMPARE(int(findata::core::detectDelimiter(toStd(headerLine))), expected);
}

void TestCsvReader::reportsDetectedDelimiter_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("expected");

    QTest::addRow("semicolon") << QByteArray("a;b\n1;2\n") << int(';');
    QTest::addRow("comma") << QByteArray("a,b\n1,2\n") << int(',');
    QTest::addRow("tab after BOM") << QByteArray("\xEF\xBB\xBF\x61\tb\n") << int('\t');
    QTest::addRow("header without newline") << QByteArray("a,b") << int(',');
    QTest::addRow("empty stream") << QByteArray() << int(';');
}

void TestCsvReader::reportsDetectedDelimiter() {
    QFETCH(QByteArray, input);
    QFETCH(int, expected);

    CsvReader reader;
    QCOMPARE(int(reader.delimiter()), 0);
    const CsvReader::Sink sink = [](const CsvRecord&) {};
    reader.feed(toStd(input), sink);
    reader.finish(sink);
    QCOMPARE(int(reader.delimiter()), expected);
}

void TestCsvReader::chunkBoundariesDoNotChangeRecords_data() {
    QTest::addColumn<QByteArray>("input");

    QTest::addRow("all dialects together") << kAllDialects;
    QTest::addRow("plain LF") << QByteArray("a;b;c\n1;22;333\n4;55;666\n");
    QTest::addRow("CRLF with blank lines") << QByteArray("a;b\r\n\r\n1;2\r\n\r\n3;4\r\n");
    QTest::addRow("comma detection and quotes")
        << QByteArray("\xEF\xBB\xBF\"h,1\",h2\r\n\"a\"\"b\",\"c\nd\"\r\nx,\"\"\r\n");
    QTest::addRow("BOM only partly followed by data") << QByteArray("\xEF\xBB;x\n1;2");
    QTest::addRow("unterminated quote") << QByteArray("a;b\n1;\"open\r\n2;\"\"3\r\n");
    QTest::addRow("lenient quotes") << QByteArray("a;b\nx\"y;\"q\"r\"s\";\"\"\"\"\r\n\"e\"\r");
    QTest::addRow("empty fields everywhere") << QByteArray(";;\n;\n\"\";\n;\"\"\n;");
}

void TestCsvReader::chunkBoundariesDoNotChangeRecords() {
    QFETCH(QByteArray, input);
    const std::string text = toStd(input);
    const QStringList whole = readWhole(text);
    QVERIFY(!whole.isEmpty());

    // Every single cut position, and every pair of cuts (records resumed twice in a row).
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const QStringList split = readSplit(text, {i});
        if (split != whole) QFAIL(qPrintable(QStringLiteral("differs when cut at byte %1").arg(i)));
        for (std::size_t j = i; j <= text.size(); ++j) {
            if (readSplit(text, {i, j}) != whole) {
                QFAIL(qPrintable(
                    QStringLiteral("differs when cut at bytes %1 and %2").arg(i).arg(j)));
            }
        }
    }

    // Byte by byte, with an empty chunk after every byte.
    CsvReader reader;
    QStringList records;
    const CsvReader::Sink sink = [&](const CsvRecord& record) { records << render(record); };
    for (const char c : text) {
        reader.feed(std::string_view(&c, 1), sink);
        reader.feed({}, sink);
    }
    reader.finish(sink);
    QCOMPARE(records, whole);
}

void TestCsvReader::longQuotedFieldSpansManyChunks() {
    std::string longText;
    for (int i = 0; i < 20000; ++i)
        longText += (i % 100 == 99) ? "\"\"\n" : "abc;";
    std::string expected;
    for (int i = 0; i < 20000; ++i)
        expected += (i % 100 == 99) ? "\"\n" : "abc;";
    const std::string input = "a;b\n1;\"" + longText + "\";tail\nnext;row\n";

    CsvReader reader;
    std::vector<std::string> fields;
    std::vector<std::uint64_t> lines;
    std::size_t errors = 0;
    const CsvReader::Sink sink = [&](const CsvRecord& record) {
        lines.push_back(record.line);
        if (record.line == 2) fields.assign(record.fields.begin(), record.fields.end());
        errors += record.error.empty() ? 0 : 1;
    };
    for (std::size_t at = 0; at < input.size(); at += 1000)
        reader.feed(input.substr(at, 1000), sink);
    reader.finish(sink);

    QCOMPARE(errors, std::size_t(0));
    QCOMPARE(lines, (std::vector<std::uint64_t>{1, 2, 2 + 200 + 1}));
    QCOMPARE(fields.size(), std::size_t(3));
    QCOMPARE(fields[0], std::string("1"));
    QVERIFY(fields[1] == expected);
    QCOMPARE(fields[2], std::string("tail"));
}

void TestCsvReader::streamsManyRecordsWithLineNumbers() {
    std::string input = "loan_account_number;installment_number;amount\r\n";
    constexpr int kRows = 50000;
    for (int i = 0; i < kRows; ++i) {
        input += "LOAN_" + std::to_string(i) + ';' + std::to_string(i % 36 + 1) + ";\"" +
                 std::to_string(i) + ".50\"\r\n";
        if (i % 1000 == 0) input += "\r\n";  // blank lines still count for line numbers
    }

    CsvReader reader;
    std::uint64_t records = 0;
    std::uint64_t expectedLine = 1;
    bool allRight = true;
    const CsvReader::Sink sink = [&](const CsvRecord& record) {
        const int row = int(records) - 1;
        allRight = allRight && record.line == expectedLine && record.fields.size() == 3;
        if (row >= 0) {
            allRight = allRight && record.fields[0] == "LOAN_" + std::to_string(row) &&
                       record.fields[2] == std::to_string(row) + ".50";
        }
        ++records;
        expectedLine += (row >= 0 && row % 1000 == 0) ? 2 : 1;
    };
    // An odd chunk size, so records straddle chunks at every possible offset over time.
    for (std::size_t at = 0; at < input.size(); at += 4093)
        reader.feed(input.substr(at, 4093), sink);
    reader.finish(sink);

    QCOMPARE(records, std::uint64_t(kRows + 1));
    QVERIFY(allRight);
}

void TestCsvReader::countsBytesRead() {
    CsvReader reader;
    const CsvReader::Sink sink = [](const CsvRecord&) {};
    reader.feed("\xEF\xBB\xBF", sink);
    reader.feed("a;b\n1;", sink);
    QCOMPARE(reader.bytesRead(), std::uint64_t(9));
    reader.feed("2", sink);
    reader.finish(sink);
    QCOMPARE(reader.bytesRead(), std::uint64_t(10));
}

// Property: records of random fields (long enough for the 16-byte scanning of the fast path,
// with delimiters, quotes, CR and LF inside quoted fields, empty fields, LF or CRLF endings, a
// last record with or without its terminator) come back exactly — fields, raw text and line
// numbers — however the bytes are cut into chunks.
void TestCsvReader::randomRecordsSurviveRandomChunks() {
    std::mt19937 random(20261206);
    const auto pick = [&](std::size_t n) { return std::size_t(random() % n); };
    const std::string plain = "abcxyz0189-., _/";
    const std::string special = ";\"\n\r";
    for (int round = 0; round < 300; ++round) {
        const std::size_t columns = 2 + pick(30);
        const std::size_t recordCount = 1 + pick(40);
        std::string text;
        QStringList expected;
        std::uint64_t line = 1;
        for (std::size_t r = 0; r < recordCount; ++r) {
            std::vector<std::string> values;
            std::string raw;
            std::uint64_t newlines = 0;
            for (std::size_t c = 0; c < columns; ++c) {
                std::string value;
                const std::size_t length = pick(5) == 0 ? 0 : pick(41);
                const bool tricky = pick(6) == 0;
                for (std::size_t k = 0; k < length; ++k)
                    value += tricky && pick(4) == 0 ? special[pick(special.size())]
                                                    : plain[pick(plain.size())];
                const bool quote =
                    value.find_first_of(special) != std::string::npos || pick(8) == 0;
                if (c > 0) raw += ';';
                if (quote) {
                    raw += '"';
                    for (const char ch : value) {
                        if (ch == '"') raw += '"';
                        raw += ch;
                    }
                    raw += '"';
                } else {
                    raw += value;
                }
                newlines += std::uint64_t(std::count(value.begin(), value.end(), '\n'));
                values.push_back(std::move(value));
            }
            const std::vector<std::string_view> views(values.begin(), values.end());
            expected << render(line, views, raw);
            line += 1 + newlines;
            text += raw;
            const bool last = r + 1 == recordCount;
            if (!last || pick(2) == 0) text += pick(2) == 0 ? "\r\n" : "\n";
        }
        // Whole, then cut at a few random places (chunk ends inside fields, quotes, CRLF).
        if (readWhole(text, ';') != expected)
            QFAIL(qPrintable(QStringLiteral("round %1 differs read whole").arg(round)));
        for (int attempt = 0; attempt < 5; ++attempt) {
            std::vector<std::size_t> cuts;
            for (std::size_t k = 0, n = 1 + pick(6); k < n; ++k)
                cuts.push_back(pick(text.size() + 1));
            std::sort(cuts.begin(), cuts.end());
            if (readSplit(text, cuts, ';') != expected)
                QFAIL(qPrintable(QStringLiteral("round %1 differs when cut").arg(round)));
        }
    }
}

QTEST_APPLESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
