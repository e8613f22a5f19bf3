// The ClickHouse warehouse against a real server: DDL from the catalog, escaping round trips,
// streaming RowBinary loads of both loan types, the partition swap, aborts and errors.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "agent/embedded/embeddedclickhouse.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/date.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using namespace std::string_literals;

namespace {

constexpr std::string_view kDatabase = "bank001_dw";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string hex(std::string_view bytes) {
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()))
        .toHex()
        .toUpper()
        .toStdString();
}

std::string trimmedLine(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

// Feeds accepted rows through the encoder into an INSERT stream, in bounded pieces.
class InsertingSink final : public core::RowSink {
public:
    InsertingSink(const RowBinaryEncoder& encoder, InsertStream& stream, std::size_t flushBytes)
        : m_encoder(encoder), m_stream(stream), m_flushBytes(flushBytes) {}

    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        m_encoder.append(row, m_buffer);
        if (m_buffer.size() >= m_flushBytes) flush();
        if (m_amountField >= 0) amountSum += row.values[static_cast<std::size_t>(m_amountField)].i;
    }
    void flush() {
        if (!m_buffer.empty()) m_stream.write(m_buffer);
        m_buffer.clear();
    }
    void sumField(int index) { m_amountField = index; }

    std::int64_t amountSum = 0;

private:
    const RowBinaryEncoder& m_encoder;
    InsertStream& m_stream;
    std::size_t m_flushBytes;
    std::string m_buffer;
    int m_amountField = -1;
};

struct LoadResult {
    core::FileSummary summary;
    std::int64_t amountSum = 0;  // of the file's main amount field, in cents
};

}  // namespace

class TestWarehouse final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void pingAndReachability();
    void clickHouseErrorsCarryTheirText();
    void literalsRoundTrip_data();
    void literalsRoundTrip();
    void identifiersRoundTrip_data();
    void identifiersRoundTrip();
    void ddlFollowsTheCatalog_data();
    void ddlFollowsTheCatalog();
    void sampleFilesLoad_data();
    void sampleFilesLoad();
    void replacingRetailLeavesCommercialUntouched();
    void reloadLeavesOnlyTheNewRows();
    void abortedInsertCommitsNothing_data();
    void abortedInsertCommitsNothing();
    void rejectedDataFailsTheInsert();
    void insertToAServerThatHangsUpFails();
    void smallQueueStreamsOddWrites();
    void liveLoansAreTheLoadedOnes();
    void emptyStagingEmptiesTheLoanType();
    void stagingTablesAreListedAndDropped();
    void controlTotalsAreTheLoadedSums();

private:
    ClickHouseClient& client() { return *m_client; }
    Warehouse& warehouse() { return *m_warehouse; }
    std::string value(const std::string& sql) { return trimmedLine(client().query(sql)); }
    // Loads CSV text into staging `key` (created here) as batch "batch_<key>", then makes it
    // live as a sync does: the test's live map stands in for PostgreSQL's live_batches, and the
    // superseded batch is dropped.
    LoadResult load(core::FileType file, core::LoanType loanType, const std::string& text,
                    const std::string& key, const core::LoanSet* knownLoans = nullptr);
    void publish(core::FileType file, core::LoanType loanType, const std::string& batch);
    std::string liveBatch(core::FileType file, core::LoanType loanType) const {
        const auto* batch = m_live.find(file, loanType);
        return batch ? *batch : std::string("none");
    }
    std::uint64_t liveRows(core::FileType file, core::LoanType loanType) {
        return warehouse().rowCount(kDatabase, file, loanType, liveBatch(file, loanType));
    }
    void liveLoans(core::LoanType loanType, core::LoanSet& out) {
        warehouse().liveLoans(kDatabase, loanType, liveBatch(core::FileType::Credit, loanType),
                              out);
    }

    LiveBatches m_live;

    QTemporaryDir m_tmp;
    std::unique_ptr<EmbeddedClickHouse> m_server;
    std::unique_ptr<ClickHouseClient> m_client;
    std::unique_ptr<Warehouse> m_warehouse;
    std::string m_version;
};

void TestWarehouse::initTestCase() {
    QVERIFY(m_tmp.isValid());
    // As root the server runs as another account, which must be able to walk into the temp dir.
    QVERIFY(QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                    QFile::ExeOwner | QFile::ExeGroup |
                                                    QFile::ExeOther));
    m_server = std::make_unique<EmbeddedClickHouse>();
    const std::string url = m_server->start(m_tmp.path().toStdString() + "/ch");
    m_client = std::make_unique<ClickHouseClient>(url + "/ignored/path");
    // The path is dropped, and so are the credentials: url() is what messages show.
    QCOMPARE(m_client->url(), "http://127.0.0.1:" + std::to_string(m_server->httpPort()));
    m_warehouse = std::make_unique<Warehouse>(*m_client);
    m_version = value("SELECT version()");
    qInfo("ClickHouse %s at %s", m_version.c_str(), url.c_str());
    warehouse().ensureTenant(kDatabase);
    warehouse().ensureTenant(kDatabase);  // idempotent
}

void TestWarehouse::cleanupTestCase() {
    m_warehouse.reset();
    m_client.reset();
    if (m_server) m_server->stop();
}

void TestWarehouse::pingAndReachability() {
    QVERIFY(client().ping());
    // A port nobody listens on (the server's TCP port speaks the native protocol, not HTTP;
    // stop-free alternative: port 1, reserved and closed on loopback).
    ClickHouseClient nowhere("http://127.0.0.1:1");
    QVERIFY(!nowhere.ping());
    try {
        nowhere.query("SELECT 1");
        QFAIL("a query to a closed port succeeded");
    } catch (const WarehouseError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find("ClickHouse at http://127.0.0.1:1 is unreachable") == 0, e.what());
    }
}

void TestWarehouse::clickHouseErrorsCarryTheirText() {
    const std::string sql = "SELECT no_such_column FROM " + sqlTable(kDatabase, "fact_credit");
    try {
        client().query(sql);
        QFAIL("an unknown column was accepted");
    } catch (const WarehouseError& e) {
        const std::string message = e.what();
        // ClickHouse's own words, and the statement that caused them.
        QVERIFY2(message.find("no_such_column") != std::string::npos, e.what());
        QVERIFY2(message.find("DB::Exception") != std::string::npos, e.what());
        QVERIFY2(message.find(sql) != std::string::npos, e.what());
        QVERIFY2(message.back() != '\n', e.what());
    }
    // Long statements are cut to their first 200 characters in the message.
    const std::string longSql = "SELECT " + std::string(500, '(') + "1";
    try {
        client().execute(longSql);
        QFAIL("a syntax error was accepted");
    } catch (const WarehouseError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find("Syntax error") != std::string::npos, e.what());
        QVERIFY2(message.find(longSql.substr(0, 200)) != std::string::npos, e.what());
        QVERIFY2(message.find(longSql.substr(0, 201)) == std::string::npos, e.what());
    }
}

void TestWarehouse::literalsRoundTrip_data() {
    QTest::addColumn<std::string>("text");
    QTest::addRow("plain") << "RETAIL"s;
    QTest::addRow("empty") << ""s;
    QTest::addRow("quotes") << "it's ''quoted'' \"twice\""s;
    QTest::addRow("backslashes") << R"(C:\new\table\)"s;
    QTest::addRow("backslash quote") << R"(\')"s;
    QTest::addRow("injection") << "'; DROP TABLE x; --"s;
    QTest::addRow("NUL byte") << "a\0b"s;
    QTest::addRow("newlines and tabs") << "line1\nline2\r\n\tend"s;
    QTest::addRow("backquote") << "a`b"s;
    QTest::addRow("UTF-8") << "Kapalı ĞÜŞİ €"s;
    QTest::addRow("every byte") << [] {
        std::string all;
        for (int c = 0; c < 256; ++c)
            all += static_cast<char>(c);
        return all;
    }();
}

void TestWarehouse::literalsRoundTrip() {
    QFETCH(std::string, text);
    // hex() compares the exact bytes ClickHouse parsed, whatever the output format escapes.
    QCOMPARE(value("SELECT hex(" + sqlString(text) + ") FORMAT TabSeparated"), hex(text));
    QCOMPARE(value("SELECT length(" + sqlString(text) + ") FORMAT TabSeparated"),
             std::to_string(text.size()));
}

void TestWarehouse::identifiersRoundTrip_data() {
    QTest::addColumn<std::string>("name");
    QTest::addRow("plain") << "plain_name"s;
    QTest::addRow("keyword") << "select"s;
    QTest::addRow("spaces and dots") << "a b.c"s;
    QTest::addRow("backquote") << "a`b"s;
    QTest::addRow("backslash") << R"(a\b)"s;
    QTest::addRow("quote") << "it's"s;
    QTest::addRow("injection") << "x`; DROP DATABASE bank001_dw; --"s;
}

void TestWarehouse::identifiersRoundTrip() {
    QFETCH(std::string, name);
    const std::string db = "identifier_test";
    client().execute("CREATE DATABASE IF NOT EXISTS " + sqlIdentifier(db));
    client().execute("CREATE TABLE " + sqlTable(db, name) + " (" + sqlIdentifier(name) +
                     " String) ENGINE = Memory");
    client().execute("INSERT INTO " + sqlTable(db, name) + " SELECT " + sqlString(name));
    QCOMPARE(value("SELECT hex(name) FROM system.tables WHERE database = " + sqlString(db) +
                   " FORMAT TabSeparated"),
             hex(name));
    QCOMPARE(value("SELECT hex(" + sqlIdentifier(name) + ") FROM " + sqlTable(db, name) +
                   " FORMAT TabSeparated"),
             hex(name));
    client().execute("DROP TABLE " + sqlTable(db, name));
    QCOMPARE(value("SELECT count() FROM system.tables WHERE database = " + sqlString(db) +
                   " FORMAT TabSeparated"),
             "0"s);
    // The injection did not run: the tenant database is still there.
    QCOMPARE(value("SELECT count() FROM system.databases WHERE name = " + sqlString(kDatabase) +
                   " FORMAT TabSeparated"),
             "1"s);
}

void TestWarehouse::ddlFollowsTheCatalog_data() {
    QTest::addColumn<core::FileType>("file");
    QTest::addRow("fact_credit") << core::FileType::Credit;
    QTest::addRow("fact_payment") << core::FileType::PaymentPlan;
}

void TestWarehouse::ddlFollowsTheCatalog() {
    QFETCH(core::FileType, file);
    const std::string describe = client().query(
        "DESCRIBE TABLE " + sqlTable(kDatabase, factTable(file)) + " FORMAT TabSeparated");
    std::vector<std::string> actual;
    std::istringstream lines(describe);
    for (std::string line; std::getline(lines, line);) {
        const auto nameEnd = line.find('\t');
        const auto typeEnd = line.find('\t', nameEnd + 1);
        actual.push_back(line.substr(0, nameEnd) + ' ' +
                         line.substr(nameEnd + 1, typeEnd - nameEnd - 1));
    }
    std::vector<std::string> expected;
    for (const auto& f : core::fields(file))
        expected.push_back(std::string(f.name) + ' ' + core::warehouseType(f));
    expected.push_back("batch_id String");
    expected.push_back("loan_type String");
    expected.push_back("loaded_at DateTime");
    expected.push_back("source_line UInt32");
    QCOMPARE(actual, expected);

    // Spot checks of what the catalog promises the warehouse holds.
    const auto has = [&](const std::string& column) {
        return std::find(actual.begin(), actual.end(), column) != actual.end();
    };
    QVERIFY(has("loan_account_number String"));
    if (file == core::FileType::Credit) {
        QVERIFY(has("original_loan_amount Decimal(18, 2)"));
        QVERIFY(has("nominal_interest_rate Nullable(Decimal(10, 6))"));
        QVERIFY(has("insurance_included Nullable(UInt8)"));            // retail only
        QVERIFY(has("default_probability Nullable(Decimal(10, 6))"));  // commercial only
        QVERIFY(has("final_maturity_date Nullable(Date)"));
    } else {
        QVERIFY(has("installment_number Int32"));
    }

    const std::string engine =
        value("SELECT engine FROM system.tables WHERE database = " + sqlString(kDatabase) +
              " AND name = " + sqlString(factTable(file)) + " FORMAT TabSeparated");
    QCOMPARE(engine, "ReplacingMergeTree"s);
    const std::string create = client().query(
        "SHOW CREATE TABLE " + sqlTable(kDatabase, factTable(file)) + " FORMAT TabSeparated");
    QVERIFY2(create.find("PARTITION BY (loan_type, batch_id)") != std::string::npos,
             create.c_str());
    const std::string order = file == core::FileType::Credit
                                  ? "ORDER BY (loan_type, loan_account_number)"
                                  : "ORDER BY (loan_type, loan_account_number, installment_number)";
    QVERIFY2(create.find(order) != std::string::npos, create.c_str());
    // Granules of 1024 rows: a sorted page's rows by key decode an eighth of ClickHouse's default.
    QVERIFY2(create.find("index_granularity = 1024") != std::string::npos, create.c_str());
    QVERIFY(!factTableOutdated(create));
    auto older = create;  // as an earlier version made it: rebuilt at the next start
    older.replace(older.find("index_granularity = 1024"), std::strlen("index_granularity = 1024"),
                  "index_granularity = 8192");
    QVERIFY(factTableOutdated(older));
}

LoadResult TestWarehouse::load(core::FileType file, core::LoanType loanType,
                               const std::string& text, const std::string& key,
                               const core::LoanSet* knownLoans) {
    LoadResult result;
    warehouse().createStaging(kDatabase, key);
    RowBinaryEncoder encoder(file, loanType, "batch_" + key, 1'750'000'000);
    auto stream =
        warehouse().insertStaging(kDatabase, file, key, encoder.columnList(), "RowBinary");
    InsertingSink sink(encoder, *stream, 64 * 1024);
    sink.sumField(core::fieldIndex(
        file, file == core::FileType::Credit ? "original_loan_amount" : "installment_amount"));
    core::FileProcessor processor(file, loanType, &sink);
    if (knownLoans) processor.setKnownLoans(knownLoans);
    constexpr std::size_t kChunk = 100'000;
    for (std::size_t i = 0; i < text.size(); i += kChunk)
        processor.feed(std::string_view(text).substr(i, kChunk));
    result.summary = processor.finish();
    sink.flush();
    stream->finish();
    result.amountSum = sink.amountSum;
    warehouse().replacePartition(kDatabase, file, loanType, "batch_" + key, key);
    publish(file, loanType, "batch_" + key);
    return result;
}

void TestWarehouse::publish(core::FileType file, core::LoanType loanType,
                            const std::string& batch) {
    const auto previous = liveBatch(file, loanType);
    m_live.set(file, loanType, batch);
    if (previous != batch) warehouse().dropBatch(kDatabase, file, loanType, previous);
}

void TestWarehouse::sampleFilesLoad_data() {
    QTest::addColumn<core::LoanType>("loanType");
    QTest::addRow("retail") << core::LoanType::Retail;
    QTest::addRow("commercial") << core::LoanType::Commercial;
}

void TestWarehouse::sampleFilesLoad() {
    QFETCH(core::LoanType, loanType);
    const std::string dir = FINDATA_SAMPLE_DIR "/BANK001/"s + std::string(core::toText(loanType));
    const std::string key = "sample_"s + (loanType == core::LoanType::Retail ? "r" : "c");
    const std::string type = sqlString(core::toText(loanType));
    const std::string credit = sqlTable(kDatabase, "fact_credit");
    const std::string payment = sqlTable(kDatabase, "fact_payment");

    // Credits first: the payment plan is cross-checked against the loans they make live.
    core::LoanSet live;
    const auto credits = load(core::FileType::Credit, loanType, readFile(dir + "/credit.csv"), key);
    QVERIFY(!credits.summary.refused);
    QVERIFY(credits.summary.rowsAccepted > 0);
    liveLoans(loanType, live);
    const auto plan = load(core::FileType::PaymentPlan, loanType,
                           readFile(dir + "/payment_plan.csv"), key, &live);
    QVERIFY(!plan.summary.refused);
    QCOMPARE(plan.summary.rowsRejected, std::uint64_t(0));
    warehouse().dropStaging(kDatabase, key);

    QCOMPARE(liveRows(core::FileType::Credit, loanType), credits.summary.rowsAccepted);
    QCOMPARE(liveRows(core::FileType::PaymentPlan, loanType), plan.summary.rowsAccepted);
    // Exact money: the warehouse's sum equals the sum of the validated units.
    QCOMPARE(value("SELECT toString(sum(toInt64(original_loan_amount * 100))) FROM " + credit +
                   " FINAL WHERE loan_type = " + type + " FORMAT TabSeparated"),
             std::to_string(credits.amountSum));
    QCOMPARE(value("SELECT toString(sum(toInt64(installment_amount * 100))) FROM " + payment +
                   " FINAL WHERE loan_type = " + type + " FORMAT TabSeparated"),
             std::to_string(plan.amountSum));
    QCOMPARE(value("SELECT toString(countDistinct(batch_id)) FROM " + credit +
                   " WHERE loan_type = " + type + " FORMAT TabSeparated"),
             "1"s);

    // The first loan of each sample file, as a user would look it up.
    if (loanType == core::LoanType::Retail) {
        // CUST_56121;I;LOAN_100001;A;0;20250704;…;25.86;…;H;DISTRICT_0829;…
        QCOMPARE(
            value("SELECT concat(customer_id, '|', customer_type, '|', loan_status_code, '|',"
                  " toString(final_maturity_date), '|',"
                  " toString(toInt64(nominal_interest_rate * 1000000)), '|',"
                  " toString(insurance_included), '|', toString(original_loan_amount * 1),"
                  " '|', ifNull(customer_region_code, 'NULL')) FROM " +
                  credit + " FINAL WHERE loan_account_number = 'LOAN_100001' FORMAT TabSeparated"),
            "CUST_56121|INDIVIDUAL|ACTIVE|2025-07-04|258600|0|40200.00|NULL"s);
    } else {
        // LOAN_150001;T;CUST_20118;…;20251110;…;32471000;…;18.36;…;0.1292;…
        QCOMPARE(
            value("SELECT concat(customer_type, '|', toString(final_maturity_date), '|',"
                  " toString(toInt64(nominal_interest_rate * 1000000)), '|',"
                  " toString(toInt64(default_probability * 1000000)), '|',"
                  " toString(toInt64(original_loan_amount * 100)), '|',"
                  " ifNull(toString(insurance_included), 'NULL')) FROM " +
                  credit + " FINAL WHERE loan_account_number = 'LOAN_150001' FORMAT TabSeparated"),
            "TRADE|2025-11-10|183600|129200|3247100000|NULL"s);
    }
    // Fields of the other loan type are NULL in every row.
    const std::string otherOnly =
        loanType == core::LoanType::Retail ? "sector_code" : "customer_province_code";
    QCOMPARE(value("SELECT toString(count(" + otherOnly + ")) FROM " + credit +
                   " WHERE loan_type = " + type + " FORMAT TabSeparated"),
             "0"s);
}

void TestWarehouse::replacingRetailLeavesCommercialUntouched() {
    const auto commercialBefore = liveRows(core::FileType::Credit, core::LoanType::Commercial);
    const auto commercialSum = value("SELECT toString(sum(original_loan_amount)) FROM " +
                                     sqlTable(kDatabase, "fact_credit") +
                                     " WHERE loan_type = 'COMMERCIAL' FORMAT TabSeparated");
    QVERIFY(commercialBefore > 0);

    std::string text;
    core::GeneratorOptions options;
    options.loanType = core::LoanType::Retail;
    options.creditRows = 123;
    options.seed = 5;
    options.firstLoan = 900'001;
    core::generateCredit(options, [&](std::string_view s) { text.append(s); });
    const auto loaded = load(core::FileType::Credit, core::LoanType::Retail, text, "swap");
    // Replacing twice with the same staging data changes nothing (a retried sync).
    warehouse().replacePartition(kDatabase, core::FileType::Credit, core::LoanType::Retail,
                                 "batch_swap", "swap");
    warehouse().dropStaging(kDatabase, "swap");

    QCOMPARE(loaded.summary.rowsAccepted, std::uint64_t(123));
    QCOMPARE(liveRows(core::FileType::Credit, core::LoanType::Retail), std::uint64_t(123));
    QCOMPARE(liveRows(core::FileType::Credit, core::LoanType::Commercial), commercialBefore);
    QCOMPARE(value("SELECT toString(sum(original_loan_amount)) FROM " +
                   sqlTable(kDatabase, "fact_credit") +
                   " WHERE loan_type = 'COMMERCIAL' FORMAT TabSeparated"),
             commercialSum);
    // The retail payment plan was not part of this swap and is still there.
    QVERIFY(liveRows(core::FileType::PaymentPlan, core::LoanType::Retail) > 0);
}

void TestWarehouse::reloadLeavesOnlyTheNewRows() {
    for (const std::uint64_t rows : {1000u, 2000u}) {
        std::string text;
        core::GeneratorOptions options;
        options.loanType = core::LoanType::Retail;
        options.creditRows = rows;
        options.seed = rows;  // different values for the same loan numbers
        core::generateCredit(options, [&](std::string_view s) { text.append(s); });
        const std::string key = "reload_" + std::to_string(rows);
        const auto loaded = load(core::FileType::Credit, core::LoanType::Retail, text, key);
        warehouse().dropStaging(kDatabase, key);
        QCOMPARE(loaded.summary.rowsAccepted, rows);
        QCOMPARE(liveRows(core::FileType::Credit, core::LoanType::Retail), rows);
        // Also without FINAL: the swap leaves no older duplicate behind.
        QCOMPARE(value("SELECT toString(count()) FROM " + sqlTable(kDatabase, "fact_credit") +
                       " WHERE loan_type = 'RETAIL' FORMAT TabSeparated"),
                 std::to_string(rows));
        QCOMPARE(value("SELECT toString(sum(toInt64(original_loan_amount * 100))) FROM " +
                       sqlTable(kDatabase, "fact_credit") +
                       " WHERE loan_type = 'RETAIL' FORMAT TabSeparated"),
                 std::to_string(loaded.amountSum));
    }
}

void TestWarehouse::abortedInsertCommitsNothing_data() {
    QTest::addColumn<bool>("explicitAbort");
    QTest::addColumn<int>("rows");
    QTest::addRow("abort() after 5,000 rows") << true << 5000;
    QTest::addRow("destroyed unfinished after 5,000 rows") << false << 5000;
    QTest::addRow("abort() after 200,000 rows") << true << 200'000;
    QTest::addRow("abort() before any row") << true << 0;
}

void TestWarehouse::abortedInsertCommitsNothing() {
    QFETCH(bool, explicitAbort);
    QFETCH(int, rows);
    const std::string key = "abort";
    warehouse().createStaging(kDatabase, key);
    RowBinaryEncoder encoder(core::FileType::Credit, core::LoanType::Retail, "aborted", 1);
    auto stream = warehouse().insertStaging(kDatabase, core::FileType::Credit, key,
                                            encoder.columnList(), "RowBinary");
    {
        InsertingSink sink(encoder, *stream, 64 * 1024);
        core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail, &sink);
        core::GeneratorOptions options;
        options.creditRows = static_cast<std::uint64_t>(rows);
        if (rows > 0) core::generateCredit(options, [&](std::string_view s) { processor.feed(s); });
        processor.finish();
        sink.flush();
    }
    QCOMPARE(stream->bytesWritten() > 0, rows > 0);
    if (explicitAbort) {
        stream->abort();
        stream->abort();  // harmless twice
        QVERIFY_THROWS_EXCEPTION(WarehouseError, stream->write("more"));
    }
    stream.reset();
    QCOMPARE(warehouse().stagingRowCount(kDatabase, core::FileType::Credit, key), std::uint64_t(0));
    warehouse().dropStaging(kDatabase, key);
}

void TestWarehouse::rejectedDataFailsTheInsert() {
    const std::string key = "garbage";
    warehouse().createStaging(kDatabase, key);
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Retail, "g", 1);
    auto stream = warehouse().insertStaging(kDatabase, core::FileType::PaymentPlan, key,
                                            encoder.columnList(), "RowBinary");
    // A string length announcing more bytes than follow: ClickHouse cannot read the row.
    stream->write("\x7Fshort");
    try {
        stream->finish();
        QFAIL("a truncated row was accepted");
    } catch (const WarehouseError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find("DB::Exception") != std::string::npos, e.what());
        QVERIFY2(message.find("Cannot read all data") != std::string::npos, e.what());
        QVERIFY2(message.find("INSERT INTO") != std::string::npos, e.what());
        QVERIFY2(message.find('\n') == std::string::npos, e.what());
    }
    QCOMPARE(warehouse().stagingRowCount(kDatabase, core::FileType::PaymentPlan, key),
             std::uint64_t(0));

    // A missing table fails at the start, and write() or finish() reports it.
    auto missing = client().startInsert("INSERT INTO " + sqlTable(kDatabase, "no_such_table") +
                                        " FORMAT RowBinary");
    try {
        for (int i = 0; i < 1000; ++i)
            missing->write(std::string(64 * 1024, '\0'));
        missing->finish();
        QFAIL("an insert into a missing table succeeded");
    } catch (const WarehouseError& e) {
        // ClickHouse's answer, not just our statement echoed back.
        const std::string message = e.what();
        QVERIFY2(message.find("DB::Exception") != std::string::npos, e.what());
        QVERIFY2(message.find("no_such_table") < message.find(" — in: "), e.what());
        QVERIFY2(message.find("exist") != std::string::npos, e.what());
    }

    // A body cut in the middle of a row after 100,000 good ones (~25 MB), as when the producer
    // dies: the insert fails and none of the good rows before the cut are committed.
    RowBinaryEncoder credit(core::FileType::Credit, core::LoanType::Retail, "g", 1);
    auto broken = warehouse().insertStaging(kDatabase, core::FileType::Credit, key,
                                            credit.columnList(), "RowBinary");
    InsertingSink sink(credit, *broken, 64 * 1024);
    core::FileProcessor processor(core::FileType::Credit, core::LoanType::Retail, &sink);
    core::GeneratorOptions options;
    options.creditRows = 100'000;
    core::generateCredit(options, [&](std::string_view s) { processor.feed(s); });
    QCOMPARE(processor.finish().rowsAccepted, std::uint64_t(100'000));
    sink.flush();
    try {
        broken->write("\x0BLOAN_99");  // a string announcing 11 bytes, and the body ends
        broken->finish();
        QFAIL("a row cut short was accepted");
    } catch (const WarehouseError& e) {
        const std::string message = e.what();
        QVERIFY2(message.find("Cannot read all data") != std::string::npos, e.what());
    }
    QCOMPARE(warehouse().stagingRowCount(kDatabase, core::FileType::Credit, key), std::uint64_t(0));
    warehouse().dropStaging(kDatabase, key);
}

// A server that closes the connection while the body is still being sent (ClickHouse refusing or
// killed mid-insert): the insert fails with a WarehouseError and the process lives on — before,
// the write raised SIGPIPE and ended it.
void TestWarehouse::insertToAServerThatHangsUpFails() {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    QVERIFY(::listen(listener, 4) == 0);
    QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    // Reads the start of each request, then hangs up on it (the client also asks once more, with
    // an empty body, for the server's reason); gives up after 3 s without a connection.
    const timeval wait{3, 0};
    QVERIFY(::setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) == 0);
    std::thread server([listener] {
        for (int i = 0; i < 8; ++i) {
            const int peer = ::accept(listener, nullptr, nullptr);
            if (peer < 0) return;
            char buffer[4096];
            [[maybe_unused]] const auto n = ::recv(peer, buffer, sizeof buffer, 0);
            ::close(peer);
        }
    });
    ClickHouseClient hangsUp("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)));
    bool failed = false;
    try {
        auto stream = hangsUp.startInsert("INSERT INTO t FORMAT RowBinary");
        const std::string block(1 << 20, 'x');
        for (int i = 0; i < 256; ++i)  // far more than the socket buffers take
            stream->write(block);
        stream->finish();
    } catch (const WarehouseError& e) {
        failed = true;
        QVERIFY2(std::strlen(e.what()) > 0, "the error says what happened");
    }
    server.join();
    ::close(listener);
    QVERIFY2(failed, "an insert the server hung up on must fail");
}

void TestWarehouse::smallQueueStreamsOddWrites() {
    // A 16 KiB queue and writes of odd sizes that split rows anywhere: the stream re-chunks, and
    // write() waits for the sender instead of buffering the whole body.
    ClickHouseClient::Options options;
    options.maxQueuedBytes = 16 * 1024;
    ClickHouseClient small(m_server->url(), options);  // url() of a client hides credentials
    Warehouse smallWarehouse(small);
    const std::string key = "odd";
    smallWarehouse.createStaging(kDatabase, key);
    RowBinaryEncoder encoder(core::FileType::Credit, core::LoanType::Commercial, "odd", 1);
    std::string body;
    struct Collect final : core::RowSink {
        const RowBinaryEncoder* encoder;
        std::string* body;
        void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
            encoder->append(row, *body);
        }
    } collect;
    collect.encoder = &encoder;
    collect.body = &body;
    core::FileProcessor collecting(core::FileType::Credit, core::LoanType::Commercial, &collect);
    core::GeneratorOptions generator;
    generator.loanType = core::LoanType::Commercial;
    generator.creditRows = 20'000;
    core::generateCredit(generator, [&](std::string_view s) { collecting.feed(s); });
    const auto accepted = collecting.finish().rowsAccepted;

    auto stream = smallWarehouse.insertStaging(kDatabase, core::FileType::Credit, key,
                                               encoder.columnList(), "RowBinary");
    std::size_t offset = 0;
    for (std::size_t step = 1; offset < body.size(); step = step * 7 % 10'007 + 1) {
        const auto piece = std::string_view(body).substr(offset, step);
        stream->write(piece);
        offset += piece.size();
    }
    stream->finish();
    QCOMPARE(stream->bytesWritten(), std::uint64_t(body.size()));
    QCOMPARE(smallWarehouse.stagingRowCount(kDatabase, core::FileType::Credit, key), accepted);
    smallWarehouse.dropStaging(kDatabase, key);
}

void TestWarehouse::liveLoansAreTheLoadedOnes() {
    // Retail now holds the 2,000 generated loans, commercial the sample file's.
    core::LoanSet retail;
    liveLoans(core::LoanType::Retail, retail);
    QCOMPARE(retail.liveCount(), std::size_t(2000));
    QVERIFY(retail.contains("LOAN_000001"));
    QVERIFY(retail.contains("LOAN_002000"));
    QVERIFY(!retail.contains("LOAN_002001"));
    core::LoanSet commercial;
    liveLoans(core::LoanType::Commercial, commercial);
    QCOMPARE(std::uint64_t(commercial.liveCount()),
             liveRows(core::FileType::Credit, core::LoanType::Commercial));
    QVERIFY(commercial.contains("LOAN_150001"));
    QVERIFY(!retail.contains("LOAN_150001"));
    // The same names ClickHouse holds, byte for byte.
    const std::string first =
        value("SELECT loan_account_number FROM " + sqlTable(kDatabase, "fact_credit") +
              " WHERE loan_type = 'RETAIL' ORDER BY loan_account_number "
              "LIMIT 1 FORMAT TabSeparated");
    QVERIFY(retail.contains(first));
}

void TestWarehouse::emptyStagingEmptiesTheLoanType() {
    // A batch from a staging table without rows is an empty batch: made live, the loan type
    // reads as empty (the sync's rejection threshold is what keeps a file of only bad rows from
    // doing this).
    const auto commercialBefore = liveRows(core::FileType::Credit, core::LoanType::Commercial);
    QVERIFY(liveRows(core::FileType::Credit, core::LoanType::Retail) > 0);
    warehouse().createStaging(kDatabase, "empty");
    warehouse().replacePartition(kDatabase, core::FileType::Credit, core::LoanType::Retail,
                                 "batch_empty", "empty");
    publish(core::FileType::Credit, core::LoanType::Retail, "batch_empty");
    warehouse().dropStaging(kDatabase, "empty");
    QCOMPARE(liveRows(core::FileType::Credit, core::LoanType::Retail), std::uint64_t(0));
    QCOMPARE(liveRows(core::FileType::Credit, core::LoanType::Commercial), commercialBefore);
    core::LoanSet none;
    liveLoans(core::LoanType::Retail, none);
    QCOMPARE(none.size(), std::size_t(0));
}

void TestWarehouse::stagingTablesAreListedAndDropped() {
    warehouse().createStaging(kDatabase, "s42");
    warehouse().createStaging(kDatabase, "s43");
    QCOMPARE(warehouse().stagingTables(kDatabase),
             (std::vector<std::string>{"staging_credit_s42", "staging_credit_s43",
                                       "staging_payment_s42", "staging_payment_s43"}));
    // Creating again replaces leftovers (a crashed sync's staging) with empty tables.
    RowBinaryEncoder encoder(core::FileType::PaymentPlan, core::LoanType::Retail, "x", 1);
    client().execute("INSERT INTO " + sqlTable(kDatabase, "staging_payment_s42") +
                     " (loan_account_number, installment_number, installment_amount,"
                     " principal_component, loan_type) VALUES ('L', 1, 1, 1, 'RETAIL')");
    QCOMPARE(warehouse().stagingRowCount(kDatabase, core::FileType::PaymentPlan, "s42"),
             std::uint64_t(1));
    warehouse().createStaging(kDatabase, "s42");
    QCOMPARE(warehouse().stagingRowCount(kDatabase, core::FileType::PaymentPlan, "s42"),
             std::uint64_t(0));
    warehouse().dropStaging(kDatabase, "s42");
    warehouse().dropStaging(kDatabase, "s42");  // already gone: fine
    QCOMPARE(warehouse().stagingTables(kDatabase),
             (std::vector<std::string>{"staging_credit_s43", "staging_payment_s43"}));
    warehouse().dropStaging(kDatabase, "s43");
    QVERIFY(warehouse().stagingTables(kDatabase).empty());
    QVERIFY(warehouse().stagingTables("no_such_database").empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stagingTable(core::FileType::Credit, "a;b"));
}

// The control totals: the live rows and the sum of each amount-role field, equal to what the
// validator accepted.
void TestWarehouse::controlTotalsAreTheLoadedSums() {
    const std::string dir = FINDATA_SAMPLE_DIR "/BANK002/COMMERCIAL"s;
    const auto loaded = load(core::FileType::Credit, core::LoanType::Commercial,
                             readFile(dir + "/credit.csv"), "totals");
    warehouse().dropStaging(kDatabase, "totals");
    const auto totals = warehouse().batchTotals(kDatabase, core::FileType::Credit,
                                                core::LoanType::Commercial, "batch_totals");
    QCOMPARE(totals.rows, loaded.summary.rowsAccepted);
    std::vector<std::string> names;
    for (const auto& [name, sum] : totals.amountSums)
        names.push_back(name);
    QCOMPARE(names,
             (std::vector<std::string>{"original_loan_amount", "outstanding_principal_balance",
                                       "total_interest_amount", "kkdf_amount", "bsmv_amount"}));
    const auto sum = core::parseDecimal(totals.amountSums.front().second, 2, false);
    QVERIFY2(sum.ok(), totals.amountSums.front().second.c_str());
    QCOMPARE(sum.value.units, loaded.amountSum);
}

QTEST_GUILESS_MAIN(TestWarehouse)
#include "tst_warehouse.moc"
