// RowBinary encoding of validated rows: byte-exact against hand-built rows, and decodable
// column by column as the catalog declares them, for both loan types.

#include <QtTest>
#include <cstring>
#include <string>
#include <vector>

#include "agent/warehouse/rowbinary.h"
#include "core/catalog.h"

using namespace findata;
using namespace findata::agent;
using namespace std::string_literals;

namespace {

core::Value null() {
    return {};
}
core::Value integer(std::int64_t i) {
    return {false, i, {}};
}
core::Value text(std::string_view s) {
    return {false, 0, s};
}

template <typename T>
std::string le(T value) {
    std::string bytes(sizeof(T), '\0');
    std::memcpy(bytes.data(), &value, sizeof(T));
    return bytes;
}

// Reads back what the encoder wrote, per the catalog's warehouse types.
class Decoder final {
public:
    explicit Decoder(std::string_view bytes) : m_bytes(bytes) {}

    bool atEnd() const { return m_pos == m_bytes.size(); }

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(take(1)[0]);
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return value;
        }
    }
    std::string string() { return std::string(take(varint())); }
    template <typename T>
    T fixed() {
        T value;
        std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
        return value;
    }

    // One catalog field as a Value (strings copied into `storage`).
    core::Value field(const core::FieldSpec& f, std::string& storage) {
        if (core::isNullable(f) && fixed<std::uint8_t>() == 1) return null();
        switch (f.type) {
            case core::FieldType::Text:
            case core::FieldType::Code:
                storage = string();
                return text(storage);
            case core::FieldType::Integer:
                return integer(fixed<std::int32_t>());
            case core::FieldType::Amount:
            case core::FieldType::Rate:
            case core::FieldType::Fraction:
                return integer(fixed<std::int64_t>());
            case core::FieldType::Date:
                return integer(fixed<std::uint16_t>());
            case core::FieldType::Flag:
                return integer(fixed<std::uint8_t>());
        }
        return null();
    }

private:
    std::string_view take(std::size_t n) {
        if (m_pos + n > m_bytes.size()) throw std::out_of_range("decoder ran past the end");
        const auto piece = m_bytes.substr(m_pos, n);
        m_pos += n;
        return piece;
    }
    std::string_view m_bytes;
    std::size_t m_pos = 0;
};

// A credit row with a value in every field that applies to the loan type, null elsewhere.
core::TypedRow creditRow(core::LoanType loanType, std::uint64_t n,
                         std::vector<std::string>& texts) {
    const auto specs = core::fields(core::FileType::Credit);
    core::TypedRow row;
    texts.assign(specs.size(), {});
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto& f = specs[i];
        if (!core::appliesTo(f, loanType)) {
            row.values.push_back(null());
            continue;
        }
        switch (f.type) {
            case core::FieldType::Text:
            case core::FieldType::Code:
                texts[i] = std::string(f.name) + "_" + std::to_string(n);
                row.values.push_back(text(texts[i]));
                break;
            case core::FieldType::Integer:
                row.values.push_back(integer(static_cast<std::int64_t>(i * 1000 + n)));
                break;
            case core::FieldType::Amount:
                row.values.push_back(integer(123'456'789'012'345 + static_cast<std::int64_t>(n)));
                break;
            case core::FieldType::Rate:
            case core::FieldType::Fraction:
                row.values.push_back(integer(1'234'567));
                break;
            case core::FieldType::Date:
                row.values.push_back(integer(20'000 + static_cast<std::int64_t>(n)));
                break;
            case core::FieldType::Flag:
                row.values.push_back(integer(n % 2));
                break;
        }
    }
    return row;
}

}  // namespace

class TestRowBinary final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paymentRowIsByteExact();
    void stringLengthIsLeb128_data();
    void stringLengthIsLeb128();
    void creditRowsDecode_data();
    void creditRowsDecode();
    void rowsAppendWithoutSeparators();
    void columnListFollowsEncodingOrder();
    void malformedRowsAreRefused();
};

void TestRowBinary::paymentRowIsByteExact() {
    // Catalog order: loan_account_number, installment_number, actual_payment_date,
    // scheduled_payment_date, installment_amount, principal_component, interest_component,
    // kkdf_component, bsmv_component, installment_status, remaining_principal,
    // remaining_interest, remaining_kkdf, remaining_bsmv.
    QCOMPARE(core::fields(core::FileType::PaymentPlan).size(), std::size_t(14));
    core::TypedRow row;
    row.values = {text("LOAN_1"),   integer(3),  null(), integer(20'089), integer(150'050),
                  integer(100'000), integer(-5), null(), integer(0),      text("ACTIVE"),
                  integer(1),       null(),      null(), integer(7)};
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Commercial, "b1",
                             1'700'000'000);
    std::string out;
    encoder.append(row, out);

    std::string expected;
    expected += "\x06LOAN_1"s;                        // String
    expected += le<std::int32_t>(3);                  // Int32
    expected += "\x01"s;                              // Nullable(Date) null
    expected += "\x00"s + le<std::uint16_t>(20'089);  // Nullable(Date) 2025-01-01
    expected += le<std::int64_t>(150'050);            // Decimal(18, 2) 1500.50
    expected += le<std::int64_t>(100'000);            // Decimal(18, 2)
    expected += "\x00"s + le<std::int64_t>(-5);       // Nullable(Decimal) -0.05
    expected += "\x01"s;                              // null
    expected += "\x00"s + le<std::int64_t>(0);        // a zero is not a null
    expected += "\x00\x06"s + "ACTIVE";               // Nullable(String)
    expected += "\x00"s + le<std::int64_t>(1);
    expected += "\x01\x01"s;
    expected += "\x00"s + le<std::int64_t>(7);
    expected +=
        "\x02"
        "b1"s;  // batch_id
    expected +=
        "\x0A"
        "COMMERCIAL"s;                             // loan_type
    expected += le<std::uint32_t>(1'700'000'000);  // loaded_at DateTime
    expected += le<std::uint32_t>(0);              // source_line: the row's line
    QCOMPARE(out.size(), expected.size());
    QCOMPARE(QByteArray::fromStdString(out).toHex(' '),
             QByteArray::fromStdString(expected).toHex(' '));
}

void TestRowBinary::stringLengthIsLeb128_data() {
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addRow("empty") << 0 << QByteArray::fromHex("00");
    QTest::addRow("127 bytes, one length byte") << 127 << QByteArray::fromHex("7f");
    QTest::addRow("128 bytes, two length bytes") << 128 << QByteArray::fromHex("8001");
    QTest::addRow("300 bytes") << 300 << QByteArray::fromHex("ac02");
    QTest::addRow("16384 bytes, three length bytes") << 16384 << QByteArray::fromHex("808001");
}

void TestRowBinary::stringLengthIsLeb128() {
    QFETCH(int, length);
    QFETCH(QByteArray, prefix);
    const std::string loan(static_cast<std::size_t>(length), 'x');
    core::TypedRow row;
    row.values.assign(core::fields(core::FileType::PaymentPlan).size(), integer(0));
    row.values[0] = text(loan);
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Retail, "", 0);
    std::string out;
    encoder.append(row, out);
    QCOMPARE(QByteArray::fromStdString(out.substr(0, prefix.size())).toHex(), prefix.toHex());
    QCOMPARE(out.substr(prefix.size(), loan.size()), loan);
}

void TestRowBinary::creditRowsDecode_data() {
    QTest::addColumn<core::LoanType>("loanType");
    QTest::addRow("retail") << core::LoanType::Retail;
    QTest::addRow("commercial") << core::LoanType::Commercial;
}

void TestRowBinary::creditRowsDecode() {
    QFETCH(core::LoanType, loanType);
    const auto specs = core::fields(core::FileType::Credit);
    std::vector<std::string> texts;
    const core::TypedRow row = creditRow(loanType, 42, texts);
    RowBinaryEncoder encoder(core::FileType::Credit, loanType, "sync-7", 1'234'567'890);
    std::string out;
    encoder.append(row, out);

    Decoder decoder(out);
    int nulls = 0;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        std::string storage;
        const core::Value decoded = decoder.field(specs[i], storage);
        const core::Value& original = row.values[i];
        const QByteArray name(specs[i].name.data(), static_cast<int>(specs[i].name.size()));
        QVERIFY2(decoded.null == original.null, name.constData());
        if (decoded.null) {
            ++nulls;
            // Only fields of the other loan type are null here, and they must be Nullable.
            QVERIFY2(!core::appliesTo(specs[i], loanType), name.constData());
            continue;
        }
        QVERIFY2(decoded.i == original.i, name.constData());
        QVERIFY2(decoded.s == original.s, name.constData());
    }
    QVERIFY(nulls > 0);
    QCOMPARE(decoder.string(), "sync-7"s);
    QCOMPARE(decoder.string(), std::string(core::toText(loanType)));
    QCOMPARE(decoder.fixed<std::uint32_t>(), 1'234'567'890u);
    (void)decoder.fixed<std::uint32_t>();  // source_line: the row's line
    QVERIFY(decoder.atEnd());
}

void TestRowBinary::rowsAppendWithoutSeparators() {
    RowBinaryEncoder encoder(core::FileType::Credit, core::LoanType::Retail, "b", 1);
    std::vector<std::string> texts1, texts2;
    const auto first = creditRow(core::LoanType::Retail, 1, texts1);
    const auto second = creditRow(core::LoanType::Retail, 2, texts2);
    std::string one, two, both = "already here";
    encoder.append(first, one);
    encoder.append(second, two);
    encoder.append(first, both);
    encoder.append(second, both);
    // Appends to what the caller has; rows are simply concatenated.
    QCOMPARE(both, "already here" + one + two);
}

void TestRowBinary::columnListFollowsEncodingOrder() {
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Retail, "b", 1);
    QCOMPARE(encoder.columnList(),
             "(`loan_account_number`, `installment_number`, `actual_payment_date`, "
             "`scheduled_payment_date`, `installment_amount`, `principal_component`, "
             "`interest_component`, `kkdf_component`, `bsmv_component`, `installment_status`, "
             "`remaining_principal`, `remaining_interest`, `remaining_kkdf`, `remaining_bsmv`, "
             "`batch_id`, `loan_type`, `loaded_at`, `source_line`)"s);
    RowBinaryEncoder credit(core::FileType::Credit, core::LoanType::Retail, "b", 1);
    const auto list = credit.columnList();
    for (const auto& f : core::fields(core::FileType::Credit))
        QVERIFY(list.find("`" + std::string(f.name) + "`") != std::string::npos);
}

void TestRowBinary::malformedRowsAreRefused() {
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Retail, "b", 1);
    std::string out;
    core::TypedRow tooShort;
    tooShort.values.assign(3, integer(1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, encoder.append(tooShort, out));

    // A required column has no Nullable marker: writing a default would load a wrong value.
    core::TypedRow missingLoan;
    missingLoan.values.assign(core::fields(core::FileType::PaymentPlan).size(), integer(1));
    missingLoan.values[0] = null();
    QVERIFY_THROWS_EXCEPTION(std::logic_error, encoder.append(missingLoan, out));
}

QTEST_APPLESS_MAIN(TestRowBinary)
#include "tst_rowbinary.moc"
