// SQL text building: every literal and identifier that reaches ClickHouse goes through these.
// The integration suite (tst_warehouse) round-trips the same inputs through a real server.

#include <QtTest>
#include <string>

#include "agent/warehouse/sql.h"

using namespace findata::agent;
using namespace std::string_literals;

class TestSql final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stringLiteral_data();
    void stringLiteral();
    void identifier_data();
    void identifier();
    void qualifiedTable();
    void literalNeverEndsEarly_data();
    void literalNeverEndsEarly();
};

void TestSql::stringLiteral_data() {
    QTest::addColumn<std::string>("value");
    QTest::addColumn<std::string>("expected");
    QTest::addRow("plain") << "RETAIL"s
                           << "'RETAIL'"s;
    QTest::addRow("empty") << ""s
                           << "''"s;
    QTest::addRow("single quote") << "it's"s
                                  << R"('it\'s')"s;
    QTest::addRow("backslash") << R"(a\b)"s
                               << R"('a\\b')"s;
    QTest::addRow("backslash before quote") << R"(\')"s
                                            << R"('\\\'')"s;
    QTest::addRow("injection") << "'; DROP TABLE x; --"s
                               << R"('\'; DROP TABLE x; --')"s;
    QTest::addRow("NUL byte") << "a\0b"s
                              << R"('a\x00b')"s;
    QTest::addRow("newline and tab") << "a\nb\tc\r"s
                                     << R"('a\x0Ab\x09c\x0D')"s;
    QTest::addRow("DEL") << "\x7f"s
                         << R"('\x7F')"s;
    QTest::addRow("backquote kept") << "a`b"s
                                    << "'a`b'"s;
    QTest::addRow("UTF-8 kept") << "Kapalı ĞÜŞ"s
                                << "'Kapalı ĞÜŞ'"s;
}

void TestSql::stringLiteral() {
    QFETCH(std::string, value);
    QFETCH(std::string, expected);
    QCOMPARE(sqlString(value), expected);
}

void TestSql::identifier_data() {
    QTest::addColumn<std::string>("name");
    QTest::addColumn<std::string>("expected");
    QTest::addRow("plain") << "fact_credit"s
                           << "`fact_credit`"s;
    QTest::addRow("keyword") << "select"s
                             << "`select`"s;
    QTest::addRow("dash and dot") << "bank-1.dw"s
                                  << "`bank-1.dw`"s;
    QTest::addRow("backquote") << "a`b"s
                               << R"(`a\`b`)"s;
    QTest::addRow("backslash") << R"(a\b)"s
                               << R"(`a\\b`)"s;
    QTest::addRow("quote kept") << "a'b"s
                                << "`a'b`"s;
    QTest::addRow("injection") << "x`; DROP DATABASE y; --"s
                               << R"(`x\`; DROP DATABASE y; --`)"s;
    QTest::addRow("newline") << "a\nb"s
                             << R"(`a\x0Ab`)"s;
}

void TestSql::identifier() {
    QFETCH(std::string, name);
    QFETCH(std::string, expected);
    QCOMPARE(sqlIdentifier(name), expected);
}

void TestSql::qualifiedTable() {
    QCOMPARE(sqlTable("bank001_dw", "fact_credit"), "`bank001_dw`.`fact_credit`"s);
    // The dot between the parts is syntax; one inside a name must stay inside its quotes.
    QCOMPARE(sqlTable("a.b", "c"), "`a.b`.`c`"s);
}

void TestSql::literalNeverEndsEarly_data() {
    QTest::addColumn<std::string>("value");
    QTest::addRow("quotes") << "''''"s;
    QTest::addRow("backslashes") << R"(\\\)"s;
    QTest::addRow("mixed") << R"(\'\'')"s;
    QTest::addRow("every byte") << [] {
        std::string all;
        for (int c = 0; c < 256; ++c)
            all += static_cast<char>(c);
        return all;
    }();
}

// Scans the literal the way ClickHouse's lexer does: the only unescaped quote is the last byte,
// and no raw control byte survives (they would break logs and the TSV of query_log).
void TestSql::literalNeverEndsEarly() {
    QFETCH(std::string, value);
    const std::string literal = sqlString(value);
    QVERIFY(literal.size() >= 2);
    QCOMPARE(literal.front(), '\'');
    std::size_t i = 1;
    for (; i < literal.size(); ++i) {
        const auto c = static_cast<unsigned char>(literal[i]);
        QVERIFY2(c >= 0x20 && c != 0x7F, "raw control byte in the literal");
        if (literal[i] == '\\') {
            ++i;  // the escaped byte
            continue;
        }
        if (literal[i] == '\'') break;
    }
    QCOMPARE(i, literal.size() - 1);
}

QTEST_APPLESS_MAIN(TestSql)
#include "tst_sql.moc"
