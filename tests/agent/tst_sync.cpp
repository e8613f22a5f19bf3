// The sync pipeline against a real PostgreSQL and ClickHouse: the original case study's four
// tests, row conservation and totals to the cent, normalization as stored, the rejection
// threshold, unchanged re-uploads, a payment plan alone, concurrent syncs, and the documented
// BANK003 findings stored in PostgreSQL. (Crash recovery runs the agent as a process:
// tst_syncrecovery.)

#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/tenants.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "core/text.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(const std::string& bank, LoanType loanType, FileType fileType) {
    return std::string(FINDATA_SAMPLE_DIR) + "/" + bank + "/" +
           std::string(core::toText(loanType)) + "/" + std::string(core::toText(fileType)) + ".csv";
}

// Sums what the core accepts from a file, independently of the sync: the reference totals.
struct Reference final : core::RowSink {
    std::uint64_t rows = 0;
    std::int64_t amountUnits = 0;
    int amountField;
    explicit Reference(FileType file)
        : amountField(core::fieldIndex(
              file, file == FileType::Credit ? "original_loan_amount" : "installment_amount")) {}
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        ++rows;
        amountUnits += row.values[static_cast<std::size_t>(amountField)].i;
    }
};

Reference reference(const std::string& path, FileType file, LoanType loanType,
                    const core::LoanSet* loans = nullptr) {
    Reference ref(file);
    core::FileProcessor p(file, loanType, &ref);
    if (loans) p.setKnownLoans(loans);
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    p.feed(text);
    p.finish();
    return ref;
}

void writeGenerated(const std::string& dir, LoanType loanType, std::uint64_t rows,
                    std::uint64_t seed) {
    core::GeneratorOptions o;
    o.loanType = loanType;
    o.creditRows = rows;
    o.paymentRows = rows * 2;
    o.seed = seed;
    std::ofstream credit(dir + "/credit.csv", std::ios::binary);
    core::generateCredit(o, [&](std::string_view s) { credit.write(s.data(), long(s.size())); });
    std::ofstream plan(dir + "/payment_plan.csv", std::ios::binary);
    core::generatePaymentPlan(o, [&](std::string_view s) { plan.write(s.data(), long(s.size())); });
}

}  // namespace

class TestSync final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_services =
            std::make_unique<Services>(test::testSettings(m_dir.path().toStdString()), nullptr);
    }
    void cleanupTestCase() {
        for (const auto& db : m_databases)
            m_services->warehouse().dropTenant(db);
        m_services.reset();
    }

    // Case study 1: no data of one tenant is visible to another.
    void tenantsAreIsolated() {
        const auto a = newTenant();
        const auto b = newTenant();
        QCOMPARE(syncSample(a, "BANK001", LoanType::Retail).status, SyncStatus::Completed);
        QCOMPARE(syncSample(b, "BANK002", LoanType::Retail).status, SyncStatus::Completed);
        QVERIFY(a.warehouseDatabase != b.warehouseDatabase);
        // BANK001's loans are LOAN_1xxxxx, BANK002's LOAN_2xxxxx: each database holds only its own.
        QCOMPARE(scalar("SELECT count() FROM " + fact(b, "fact_credit") +
                        " WHERE loan_account_number LIKE 'LOAN_1%'"),
                 std::string("0"));
        QCOMPARE(scalar("SELECT count() FROM " + fact(a, "fact_credit") +
                        " WHERE loan_account_number LIKE 'LOAN_2%'"),
                 std::string("0"));
        QCOMPARE(scalar("SELECT count() FROM " + fact(a, "fact_credit")), std::string("300"));
        QCOMPARE(scalar("SELECT count() FROM " + fact(b, "fact_credit")), std::string("400"));
        // Their operational records are apart too.
        QCOMPARE(SyncLogRepository(db(), a.schema).list().size(), std::size_t(1));
        const auto bLog = SyncLogRepository(db(), b.schema).list().front();
        QVERIFY(!SyncLogRepository(db(), a.schema).find(bLog.id));
    }

    // Case study 2: RETAIL and COMMERCIAL of a tenant load and read back independently.
    void loanTypesAreIndependent() {
        const auto t = newTenant();
        QCOMPARE(syncSample(t, "BANK001", LoanType::Retail).status, SyncStatus::Completed);
        QCOMPARE(syncSample(t, "BANK001", LoanType::Commercial).status, SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(300));
        QCOMPARE(count(t, FileType::Credit, LoanType::Commercial), std::uint64_t(200));
        QCOMPARE(count(t, FileType::PaymentPlan, LoanType::Retail), std::uint64_t(1200));
        QCOMPARE(count(t, FileType::PaymentPlan, LoanType::Commercial), std::uint64_t(800));
        const auto commercialSum =
            scalar("SELECT toString(sum(original_loan_amount)) FROM " + fact(t, "fact_credit") +
                   " WHERE loan_type = 'COMMERCIAL'");
        // Reloading RETAIL with other data leaves COMMERCIAL exactly as it was.
        QTemporaryDir gen;
        writeGenerated(gen.path().toStdString(), LoanType::Retail, 50, 99);
        QCOMPARE(syncFiles(t, LoanType::Retail, gen.path().toStdString()).status,
                 SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(50));
        QCOMPARE(count(t, FileType::Credit, LoanType::Commercial), std::uint64_t(200));
        QCOMPARE(scalar("SELECT toString(sum(original_loan_amount)) FROM " +
                        fact(t, "fact_credit") + " WHERE loan_type = 'COMMERCIAL'"),
                 commercialSum);
    }

    // Case study 3: loading 1,000 rows and then 2,000 rows leaves exactly 2,000.
    void aLoadReplacesThePrevious() {
        const auto t = newTenant();
        QTemporaryDir first, second;
        writeGenerated(first.path().toStdString(), LoanType::Retail, 1000, 1);
        writeGenerated(second.path().toStdString(), LoanType::Retail, 2000, 2);
        QCOMPARE(syncFiles(t, LoanType::Retail, first.path().toStdString()).status,
                 SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(1000));
        const auto log = syncFiles(t, LoanType::Retail, second.path().toStdString());
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(2000));
        QCOMPARE(count(t, FileType::PaymentPlan, LoanType::Retail), std::uint64_t(4000));
        // Every live row carries the second sync's batch id.
        QCOMPARE(scalar("SELECT uniqExact(batch_id) FROM " + fact(t, "fact_credit")),
                 std::string("1"));
        QCOMPARE(scalar("SELECT any(batch_id) FROM " + fact(t, "fact_credit")), log.batchId);
        // Re-running the same load is idempotent.
        QCOMPARE(syncFiles(t, LoanType::Retail, second.path().toStdString(), true).status,
                 SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(2000));
    }

    // Case study 4: an invalid load after a valid one keeps the old data.
    void anInvalidLoadKeepsTheOldData() {
        const auto t = newTenant();
        QCOMPARE(syncSample(t, "BANK001", LoanType::Retail).status, SyncStatus::Completed);
        const auto before =
            scalar("SELECT toString(sum(original_loan_amount)) FROM " + fact(t, "fact_credit"));
        QTemporaryDir bad;
        {  // Most rows have a negative amount: far over the 50 % limit.
            std::ifstream in(sample("BANK002", LoanType::Retail, FileType::Credit));
            std::ofstream out(bad.filePath(QStringLiteral("credit.csv")).toStdString());
            std::string line;
            for (int n = 0; std::getline(in, line); ++n) {
                if (n > 0 && n % 4 != 0) {
                    const auto field = 10;  // original_loan_amount in the retail header
                    std::size_t pos = 0;
                    for (int i = 0; i < field; ++i)
                        pos = line.find(';', pos) + 1;
                    line.insert(pos, "-");
                }
                out << line << '\n';
            }
        }
        const auto log = stageAndSync(
            t, LoanType::Retail,
            {{FileType::Credit, bad.filePath(QStringLiteral("credit.csv")).toStdString()}});
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("over the limit") != std::string::npos,
                 log.errorSummary.c_str());
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(300));
        QCOMPARE(
            scalar("SELECT toString(sum(original_loan_amount)) FROM " + fact(t, "fact_credit")),
            before);
        QCOMPARE(count(t, FileType::PaymentPlan, LoanType::Retail), std::uint64_t(1200));
        QVERIFY(m_services->warehouse().stagingTables(t.warehouseDatabase).empty());
        QCOMPARE(SyncConfigRepository(db(), t.schema).get(LoanType::Retail)->lastSyncStatus,
                 std::optional(SyncStatus::Failed));
    }

    // Every input row is loaded or rejected, and the amounts reconcile to the cent.
    void rowsAndTotalsReconcile_data() {
        QTest::addColumn<QString>("bank");
        QTest::addColumn<int>("loanType");
        for (const char* bank : {"BANK002", "BANK003"})
            for (const auto lt : core::kLoanTypes)
                QTest::addRow("%s %s", bank, core::toText(lt).data())
                    << QString::fromLatin1(bank) << int(lt);
    }
    void rowsAndTotalsReconcile() {
        QFETCH(QString, bank);
        QFETCH(int, loanType);
        const auto lt = LoanType(loanType);
        const auto t = newTenant();
        const auto log = syncSample(t, bank.toStdString(), lt);
        QCOMPARE(log.status, SyncStatus::Completed);
        for (const auto& c : {log.credit, log.payment}) {
            QVERIFY(c.rowsRead > 0);
            QCOMPARE(c.rowsLoaded + c.rowsRejected, c.rowsRead);
        }
        const auto creditPath = sample(bank.toStdString(), lt, FileType::Credit);
        core::FileProcessor credits(FileType::Credit, lt);
        {
            std::ifstream in(creditPath, std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            credits.feed(text);
            credits.finish();
        }
        const auto creditRef = reference(creditPath, FileType::Credit, lt);
        const auto paymentRef =
            reference(sample(bank.toStdString(), lt, FileType::PaymentPlan), FileType::PaymentPlan,
                      lt, &credits.validator().acceptedLoans());
        QCOMPARE(log.credit.rowsLoaded, creditRef.rows);
        QCOMPARE(log.payment.rowsLoaded, paymentRef.rows);
        QCOMPARE(count(t, FileType::Credit, lt), creditRef.rows);
        QCOMPARE(count(t, FileType::PaymentPlan, lt), paymentRef.rows);
        const std::string where = " WHERE loan_type = " + sqlString(core::toText(lt));
        QCOMPARE(scalar("SELECT toString(sum(original_loan_amount)) FROM " +
                        fact(t, "fact_credit") + where),
                 core::toText(core::Decimal{creditRef.amountUnits, 2}));
        QCOMPARE(scalar("SELECT toString(sum(installment_amount)) FROM " + fact(t, "fact_payment") +
                        where),
                 core::toText(core::Decimal{paymentRef.amountUnits, 2}));
    }

    // Normalized values as ClickHouse stores them.
    void normalizationIsStored() {
        const auto t = newTenant();
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("credit.csv")).toStdString();
        std::ofstream(path)
            << "customer_id;customer_type;loan_account_number;loan_status_code;original_loan_"
               "amount;"
               "outstanding_principal_balance;nominal_interest_rate;kkdf_rate;bsmv_rate;"
               "loan_start_date;final_maturity_date;first_payment_date;insurance_included\n"
               "CUST_1;I;LOAN_N1;A;1000.10;900;18.5;15%;1850 bps;20240115;2024-12-31;15.02.2024;E\n"
               "CUST_2;V;LOAN_N2;Kapalı;2000;0;0.185;0,15;5;20230101;20231231;20230201;H\n";
        QCOMPARE(stageAndSync(t, LoanType::Retail, {{FileType::Credit, path}}).status,
                 SyncStatus::Completed);
        QCOMPARE(scalar("SELECT concat(customer_type, '|', loan_status_code, '|', "
                        "toString(nominal_interest_rate), '|', toString(kkdf_rate), '|', "
                        "toString(bsmv_rate), '|', toString(loan_start_date), '|', "
                        "toString(final_maturity_date), '|', toString(first_payment_date), '|', "
                        "toString(insurance_included), '|', toString(original_loan_amount)) FROM " +
                        fact(t, "fact_credit") + " WHERE loan_account_number = 'LOAN_N1'"),
                 std::string("INDIVIDUAL|ACTIVE|0.185000|0.150000|0.185000|2024-01-15|2024-12-31|"
                             "2024-02-15|1|1000.10"));
        QCOMPARE(scalar("SELECT concat(customer_type, '|', loan_status_code, '|', "
                        "toString(nominal_interest_rate), '|', toString(kkdf_rate), '|', "
                        "toString(bsmv_rate), '|', toString(insurance_included)) FROM " +
                        fact(t, "fact_credit") + " WHERE loan_account_number = 'LOAN_N2'"),
                 std::string("VIP|CLOSED|0.185000|0.150000|0.050000|0"));
        // Columns of the other loan type are NULL, not empty strings.
        QCOMPARE(scalar("SELECT countIf(isNull(sector_code)) FROM " + fact(t, "fact_credit")),
                 std::string("2"));
    }

    void rejectionThresholdIsPerTenantAndLoanType() {
        const auto t = newTenant();
        SyncConfigChange strict;
        strict.rejectThreshold = 0.01;  // BANK003 rejects ~5 % of its rows
        SyncConfigRepository(db(), t.schema).update(LoanType::Retail, strict);
        const auto failed = syncSample(t, "BANK003", LoanType::Retail);
        QCOMPARE(failed.status, SyncStatus::Failed);
        QVERIFY(failed.errorSummary.find("limit of 1.0 %") != std::string::npos);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(0));
        // COMMERCIAL keeps the default 50 %.
        QCOMPARE(syncSample(t, "BANK003", LoanType::Commercial).status, SyncStatus::Completed);
        SyncConfigChange lenient;
        lenient.rejectThreshold = 0.5;
        SyncConfigRepository(db(), t.schema).update(LoanType::Retail, lenient);
        // The failed package is still staged and loads once the limit allows it.
        QCOMPARE(run(t, LoanType::Retail).status, SyncStatus::Completed);
        QVERIFY(count(t, FileType::Credit, LoanType::Retail) > 0);
    }

    void anUnchangedFileIsNotLoadedTwice() {
        const auto t = newTenant();
        QCOMPARE(syncSample(t, "BANK001", LoanType::Retail).status, SyncStatus::Completed);
        const auto again = m_services->uploadIntake().stageFile(
            t, LoanType::Retail, FileType::Credit,
            sample("BANK001", LoanType::Retail, FileType::Credit), "test");
        QVERIFY(again.unchanged);
        QVERIFY(!again.upload);
        QVERIFY(again.reason.find("last synced") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(NothingStaged, run(t, LoanType::Retail));
        // Staging the same file twice before a sync stages it once.
        QTemporaryDir gen;
        writeGenerated(gen.path().toStdString(), LoanType::Retail, 10, 5);
        const auto path = gen.filePath(QStringLiteral("credit.csv")).toStdString();
        QVERIFY(!m_services->uploadIntake()
                     .stageFile(t, LoanType::Retail, FileType::Credit, path, "test")
                     .unchanged);
        QVERIFY(m_services->uploadIntake()
                    .stageFile(t, LoanType::Retail, FileType::Credit, path, "test")
                    .unchanged);
    }

    // A payment plan alone is checked against the credits already in the warehouse.
    void aPaymentPlanAloneUsesTheLiveCredits() {
        const auto t = newTenant();
        QCOMPARE(syncSample(t, "BANK001", LoanType::Retail).status, SyncStatus::Completed);
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("payment_plan.csv")).toStdString();
        {
            std::ifstream in(sample("BANK001", LoanType::Retail, FileType::PaymentPlan));
            std::ofstream out(path);
            std::string line;
            for (int n = 0; n < 101 && std::getline(in, line); ++n)
                out << line << '\n';
            out << "LOAN_777777;1;;2025-01-01;100;100;0;0;0;A;0;0;0;0\n";
        }
        const auto log = stageAndSync(t, LoanType::Retail, {{FileType::PaymentPlan, path}});
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(log.payment.rowsRead, std::uint64_t(101));
        QCOMPARE(log.payment.rowsLoaded, std::uint64_t(100));
        QCOMPARE(log.payment.rowsRejected, std::uint64_t(1));
        QCOMPARE(count(t, FileType::PaymentPlan, LoanType::Retail), std::uint64_t(100));
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(300));  // untouched
        ValidationErrorFilter crossRef;
        crossRef.type = core::ErrorType::CrossReference;
        const auto found = ValidationErrorRepository(db(), t.schema).page(log.id, crossRef, 0, 10);
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].line, std::uint64_t(102));
        QCOMPARE(found[0].rawValue, std::string("LOAN_777777"));
    }

    // Never two syncs of one tenant and loan type at once; the other loan type is free.
    void concurrentSyncsAreRefused() {
        const auto t = newTenant();
        QTemporaryDir gen;
        writeGenerated(gen.path().toStdString(), LoanType::Retail, 100000, 3);
        stage(t, LoanType::Retail, FileType::Credit,
              gen.filePath(QStringLiteral("credit.csv")).toStdString());
        stage(t, LoanType::Commercial, FileType::Credit,
              sample("BANK001", LoanType::Commercial, FileType::Credit));
        std::atomic<bool> validating{false};
        SyncLog first;
        std::thread runner([&] {
            SyncRequest r{t.id, LoanType::Retail, SyncTrigger::Manual, "test"};
            first = m_services->syncEngine().run(r, [&](const SyncProgress& p) {
                if (p.stage == SyncStatus::Validating) validating = true;
            });
        });
        QTRY_VERIFY_WITH_TIMEOUT(validating.load(), 60000);
        bool busy = false;
        try {
            run(t, LoanType::Retail);
        } catch (const SyncBusy& e) {
            busy = true;
            QVERIFY(!e.runningSyncId().empty());
        }
        // The other loan type runs side by side.
        const auto commercial = run(t, LoanType::Commercial);
        runner.join();
        QVERIFY(busy);
        QCOMPARE(commercial.status, SyncStatus::Completed);
        QCOMPARE(first.status, SyncStatus::Completed);
        QCOMPARE(count(t, FileType::Credit, LoanType::Retail), std::uint64_t(100000));
        QCOMPARE(SyncLogRepository(db(), t.schema).list(LoanType::Retail).size(), std::size_t(1));
    }

    // Two syncs asked for at the same instant: one runs, the other is refused with the running
    // one's id — never with none, although the winner writes its log a moment after its lock.
    void simultaneousStartsNameTheRunningSync() {
        const auto t = newTenant();
        for (int round = 0; round < 10; ++round) {
            stage(t, LoanType::Retail, FileType::Credit,
                  sample(round % 2 ? "BANK001" : "BANK002", LoanType::Retail, FileType::Credit));
            std::string ids[2];
            std::string busyWith[2];
            bool busy[2] = {false, false};
            std::atomic<int> ready{0};
            std::vector<std::thread> threads;
            for (int i = 0; i < 2; ++i)
                threads.emplace_back([&, i] {
                    ++ready;
                    while (ready.load() < 2) {
                    }
                    try {
                        SyncRequest r{t.id, LoanType::Retail, SyncTrigger::Manual, "test"};
                        ids[i] = m_services->syncEngine().run(r, [](const SyncProgress&) {}).id;
                    } catch (const SyncBusy& e) {
                        busy[i] = true;
                        busyWith[i] = e.runningSyncId();
                    } catch (const NothingStaged&) {
                        // the other one finished first and took the package: not a refusal
                    }
                });
            for (auto& thread : threads)
                thread.join();
            for (int i = 0; i < 2; ++i)
                if (busy[i])
                    QVERIFY2(!busyWith[i].empty() && busyWith[i] == ids[1 - i],
                             qPrintable(QStringLiteral("round %1: refused naming '%2', ran %3")
                                            .arg(round)
                                            .arg(QString::fromStdString(busyWith[i]),
                                                 QString::fromStdString(ids[1 - i]))));
        }
    }

    // BANK003's documented defects become exactly these validation errors in PostgreSQL.
    void bank003FindingsAreStored() {
        const auto t = newTenant();
        QSet<QString> expected, stored;
        {
            std::ifstream in(std::string(FINDATA_SAMPLE_DIR) + "/BANK003/expected_errors.csv");
            std::string line;
            std::getline(in, line);
            while (std::getline(in, line))
                if (!line.empty()) expected.insert(QString::fromStdString(line));
        }
        for (const auto lt : core::kLoanTypes) {
            const auto log = syncSample(t, "BANK003", lt);
            QCOMPARE(log.status, SyncStatus::Completed);
            ValidationErrorFilter errorsOnly;
            errorsOnly.severity = core::Severity::Error;
            ValidationErrorRepository repo(db(), t.schema);
            const auto found = repo.page(log.id, errorsOnly, 0, 100000);
            QCOMPARE(std::uint64_t(found.size()), log.errors);
            for (const auto& e : found)
                stored.insert(QStringLiteral("%1/%2.csv;%3;%4;%5")
                                  .arg(QString::fromLatin1(core::toText(lt).data()),
                                       QString::fromLatin1(core::toText(e.fileType).data()))
                                  .arg(e.line)
                                  .arg(QString::fromStdString(e.field),
                                       QString::fromLatin1(core::toText(e.type).data())));
            QVERIFY(repo.count(log.id) > log.errors);  // warnings are stored too
        }
        QCOMPARE(stored, expected);
    }

    // Flat memory (issue 14): a credit file whose duplicates are screened in a pre-pass (here
    // forced for a small file) stores exactly what a sync keeping every loan number stores — the
    // same findings (line, field, rule, message, value), the same rejected rows, the same loaded
    // rows — and its duplicates are those of an exact model: a later row of a loan number seen on
    // an earlier row, even one rejected for another reason.
    void aScreenedCreditSyncStoresExactlyWhatAFullOneStores() {
        QTemporaryDir gen;
        writeGenerated(gen.path().toStdString(), LoanType::Retail, 400, 14);
        std::vector<std::string> lines;
        {
            std::ifstream in(gen.path().toStdString() + "/credit.csv", std::ios::binary);
            for (std::string line; std::getline(in, line);)
                lines.push_back(line);
        }
        const auto loanColumn = [](const std::string& line) {
            std::vector<std::string> fields;
            std::size_t start = 0;
            for (std::size_t end; (end = line.find(';', start)) != std::string::npos;
                 start = end + 1)
                fields.push_back(line.substr(start, end - start));
            fields.push_back(line.substr(start));
            return fields;
        };
        const auto header = loanColumn(lines[0]);
        const auto loan = std::size_t(
            std::find(header.begin(), header.end(), "loan_account_number") - header.begin());
        const auto amount = std::size_t(
            std::find(header.begin(), header.end(), "original_loan_amount") - header.begin());
        std::mt19937_64 random(14);
        std::string text = lines[0] + "\n";
        std::vector<std::string> loans;
        std::set<std::string> seen;
        std::set<std::uint64_t> duplicates;  // the exact model
        for (std::size_t n = 1; n < lines.size(); ++n) {
            auto fields = loanColumn(lines[n]);
            if (!loans.empty() && random() % 6 == 0)
                fields[loan] = (random() % 3 == 0 ? " " : "") + loans[random() % loans.size()];
            if (random() % 8 == 0) fields[amount] = "12,34,56";  // rejected, its loan still seen
            std::string line;
            for (std::size_t i = 0; i < fields.size(); ++i)
                line += (i ? ";" : "") + fields[i];
            const std::string key(core::trimBlanks(fields[loan]));
            loans.push_back(key);
            if (!seen.insert(key).second) duplicates.insert(n + 1);
            text += line + "\n";
        }
        const std::string path = gen.path().toStdString() + "/damaged.csv";
        std::ofstream(path, std::ios::binary) << text;

        const auto full = newTenant();
        stage(full, LoanType::Retail, FileType::Credit, path);
        const SyncLog fullLog = run(full, LoanType::Retail);
        QVERIFY2(fullLog.status == SyncStatus::Completed, fullLog.errorSummary.c_str());

        SyncEngine::Limits screening;
        screening.screenDuplicatesAboveBytes = 0;
        SyncEngine screeningEngine(db(), m_services->warehouse(), m_services->uploads(), screening);
        const auto screened = newTenant();
        stage(screened, LoanType::Retail, FileType::Credit, path);
        const SyncLog screenedLog = screeningEngine.run(
            SyncRequest{screened.id, LoanType::Retail, SyncTrigger::Manual, "test"});
        QVERIFY2(screenedLog.status == SyncStatus::Completed, screenedLog.errorSummary.c_str());

        QCOMPARE(screenedLog.credit.rowsRead, fullLog.credit.rowsRead);
        QCOMPARE(screenedLog.credit.rowsLoaded, fullLog.credit.rowsLoaded);
        QCOMPARE(screenedLog.credit.rowsRejected, fullLog.credit.rowsRejected);
        QCOMPARE(screenedLog.errors, fullLog.errors);
        QCOMPARE(screenedLog.warnings, fullLog.warnings);
        const auto findings = [&](const Tenant& t, const SyncLog& log) {
            std::vector<std::string> out;
            for (const auto& e :
                 ValidationErrorRepository(db(), t.schema).page(log.id, {}, 0, 100000))
                out.push_back(std::to_string(e.line) + "|" + e.field + "|" +
                              std::string(core::toText(e.type)) + "|" +
                              std::string(core::toText(e.severity)) + "|" + e.message + "|" +
                              e.rawValue);
            std::sort(out.begin(), out.end());
            return out;
        };
        const auto fullFindings = findings(full, fullLog);
        QCOMPARE(findings(screened, screenedLog), fullFindings);
        std::set<std::uint64_t> found;
        for (const auto& e :
             ValidationErrorRepository(db(), full.schema).page(fullLog.id, {}, 0, 100000))
            if (e.type == core::ErrorType::Duplicate) found.insert(e.line);
        QVERIFY(duplicates.size() > 30);
        QCOMPARE(found, duplicates);
        const auto rejected = [&](const Tenant& t, const SyncLog& log) {
            RejectedPageQuery query;
            query.limit = 100000;
            std::vector<std::string> out;
            for (const auto& r : RejectedReview(db(), t.schema).page(log.id, query))
                out.push_back(std::to_string(r.row.line) + "|" + r.row.raw + "|" + r.row.reasons);
            return out;
        };
        QCOMPARE(rejected(screened, screenedLog), rejected(full, fullLog));
        QCOMPARE(count(screened, FileType::Credit, LoanType::Retail), fullLog.credit.rowsLoaded);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    std::vector<std::string> m_databases;

    Database& db() { return m_services->database(); }

    Tenant newTenant() {
        auto created = TenantRepository(db()).create(test::uniqueTenantId("SYNC"), "sync test");
        m_services->warehouse().ensureTenant(created.tenant.warehouseDatabase);
        m_databases.push_back(created.tenant.warehouseDatabase);
        return created.tenant;
    }
    void stage(const Tenant& t, LoanType lt, FileType ft, const std::string& path) {
        const auto outcome = m_services->uploadIntake().stageFile(t, lt, ft, path, "test");
        QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
    }
    SyncLog run(const Tenant& t, LoanType lt) {
        return m_services->syncEngine().run(SyncRequest{t.id, lt, SyncTrigger::Manual, "test"});
    }
    SyncLog stageAndSync(const Tenant& t, LoanType lt,
                         std::vector<std::pair<FileType, std::string>> files) {
        for (const auto& [ft, path] : files)
            stage(t, lt, ft, path);
        return run(t, lt);
    }
    SyncLog syncSample(const Tenant& t, const std::string& bank, LoanType lt) {
        return stageAndSync(t, lt,
                            {{FileType::Credit, sample(bank, lt, FileType::Credit)},
                             {FileType::PaymentPlan, sample(bank, lt, FileType::PaymentPlan)}});
    }
    // asCopy re-runs a load whose files were already synced: the copies end in one more (blank)
    // line, so their bytes differ from the synced ones but their rows do not.
    SyncLog syncFiles(const Tenant& t, LoanType lt, const std::string& dir, bool asCopy = false) {
        std::vector<std::pair<FileType, std::string>> files;
        for (const auto ft : core::kFileTypes) {
            std::string path = dir + "/" + std::string(core::toText(ft)) + ".csv";
            if (asCopy) {
                std::ifstream in(path, std::ios::binary);
                const std::string copy = path + ".again";
                std::ofstream out(copy, std::ios::binary);
                out << in.rdbuf() << '\n';
                path = copy;
            }
            files.emplace_back(ft, path);
        }
        return stageAndSync(t, lt, files);
    }
    std::string fact(const Tenant& t, const char* table) {
        return sqlTable(t.warehouseDatabase, table) + " FINAL";
    }
    std::string scalar(const std::string& sql) {
        auto text = m_services->clickhouse().query(sql + " FORMAT TabSeparated");
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        return text;
    }
    std::uint64_t count(const Tenant& t, FileType ft, LoanType lt) {
        return liveRowCount(m_services->database(), m_services->warehouse(), t, ft, lt);
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
