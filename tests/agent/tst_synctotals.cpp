// Control totals of a sync against real PostgreSQL and ClickHouse: per file the counts and the
// amount sums of the accepted rows, recorded in the sync log, equal an independent computation
// and what the fact tables hold after the swap; a sync whose fact rows differ from what it
// accepted (FINDATA_FAULT=totals:extra-row copies one row once more after the swap) ends FAILED
// with a reason naming the file, the figure, the expected and the found value.

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/tenants.h"
#include "agent/sync/controltotals.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using test::samplePath;

namespace {

// What the core accepts from a file, summed independently of the sync: plain int64 units per
// amount-role field, written by core::toText.
struct Reference final : core::RowSink {
    std::uint64_t rows = 0;
    std::vector<std::size_t> fields;
    std::vector<std::int64_t> units;
    explicit Reference(FileType file)
        : fields(core::Catalog::standard().withRole(file, core::FieldRole::Amount)),
          units(fields.size(), 0) {}
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        ++rows;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (!row.values[fields[i]].null) units[i] += row.values[fields[i]].i;
    }
    nlohmann::json json(FileType file) const {
        nlohmann::json sums = nlohmann::json::object();
        for (std::size_t i = 0; i < fields.size(); ++i)
            sums[std::string(core::Catalog::standard().fields(file)[fields[i]].name)] =
                core::toText(core::Decimal{units[i], 2});
        return {{"rows", rows}, {"sums", sums}};
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

// The package's credits, for checking its payment plan as the sync does.
core::LoanSet creditsOf(const std::string& path, LoanType loanType) {
    core::FileProcessor p(FileType::Credit, loanType, nullptr);
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    p.feed(text);
    p.finish();
    return p.takeAcceptedLoans();
}

class FaultScope final {
public:
    explicit FaultScope(const char* fault) { qputenv("FINDATA_FAULT", fault); }
    ~FaultScope() { qunsetenv("FINDATA_FAULT"); }
};

}  // namespace

class TestSyncTotals final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
    }
    void cleanupTestCase() { m_agent.reset(); }

    // BANK003 (rows rejected in both files): the recorded counts and totals equal an independent
    // computation and the warehouse's, in the store and in the sync log's JSON.
    void totalsAreRecordedPerFile() {
        const auto t = newTenant();
        const auto lt = LoanType::Commercial;
        const auto credit = samplePath("BANK003", lt, FileType::Credit);
        const auto plan = samplePath("BANK003", lt, FileType::PaymentPlan);
        const auto log =
            stageAndSync(t, lt, {{FileType::Credit, credit}, {FileType::PaymentPlan, plan}});
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(log.files.size(), std::size_t(2));

        const auto credits = creditsOf(credit, lt);
        const Reference refs[] = {reference(credit, FileType::Credit, lt),
                                  reference(plan, FileType::PaymentPlan, lt, &credits)};
        const FileCounts counts[] = {log.credit, log.payment};
        for (std::size_t i = 0; i < 2; ++i) {
            const auto& f = log.files[i];
            const auto file = core::kFileTypes[i];
            QCOMPARE(f.fileType, file);
            QCOMPARE(f.source, SyncFileSource::Upload);
            QVERIFY(f.uploadId);
            QCOMPARE(f.rowsRead, counts[i].rowsRead);
            QCOMPARE(f.rowsAccepted, counts[i].rowsLoaded);
            QCOMPARE(f.rowsRejected, counts[i].rowsRejected);
            QVERIFY(f.rowsRejected > 0);  // BANK003 has rejected rows in both files
            QCOMPARE(f.rowsAccepted, refs[i].rows);
            QCOMPARE(f.totalsFile, refs[i].json(file));
            QVERIFY(f.totalsWarehouse);
            QCOMPARE(*f.totalsWarehouse, f.totalsFile);
            QCOMPARE(f.originalName, std::string(core::toText(file)) + ".csv");
            QCOMPARE(f.sha256.size(), std::size_t(64));
        }
        // The same in the API's JSON, the rest of the log as it was.
        const auto json = toJson(log);
        QCOMPARE(json["file_records"].size(), std::size_t(2));
        const auto& first = json["file_records"][0];
        QCOMPARE(first["file_type"], nlohmann::json("credit"));
        QCOMPARE(first["source"], nlohmann::json("upload"));
        QCOMPARE(first["upload_id"], nlohmann::json(*log.creditUploadId));
        QCOMPARE(first["rows_accepted"], nlohmann::json(log.credit.rowsLoaded));
        QCOMPARE(first["control_totals"]["file"], refs[0].json(FileType::Credit));
        QCOMPARE(first["control_totals"]["matches"], nlohmann::json(true));
        QCOMPARE(json["files"]["credit"]["rows_loaded"], nlohmann::json(log.credit.rowsLoaded));
        // The log as the history lists it carries them too.
        QCOMPARE(SyncLogRepository(db(), t.schema).list().front().files.size(), std::size_t(2));
    }

    // After the swap the fact table holds one row more than the sync accepted: FAILED, the
    // reason naming the file and the figure, the record showing both sides.
    void aDifferenceAfterTheSwapFailsTheSync() {
        const auto t = newTenant();
        const auto lt = LoanType::Retail;
        QCOMPARE(stageAndSync(
                     t, lt,
                     {{FileType::Credit, samplePath("BANK001", lt, FileType::Credit)},
                      {FileType::PaymentPlan, samplePath("BANK001", lt, FileType::PaymentPlan)}})
                     .status,
                 SyncStatus::Completed);
        auto& warehouse = m_agent->services().warehouse();
        const auto liveCredit = liveTotals(db(), warehouse, t, FileType::Credit, lt);
        const auto livePlan = liveTotals(db(), warehouse, t, FileType::PaymentPlan, lt);

        const auto credit = samplePath("BANK002", lt, FileType::Credit);
        const auto expectedRows = reference(credit, FileType::Credit, lt).rows;
        SyncLog failed;
        {
            const FaultScope fault("totals:extra-row");
            failed = stageAndSync(
                t, lt,
                {{FileType::Credit, credit},
                 {FileType::PaymentPlan, samplePath("BANK002", lt, FileType::PaymentPlan)}});
        }
        QCOMPARE(failed.status, SyncStatus::Failed);
        const std::string expectedReason =
            "control totals of the credit file credit.csv differ in the "
            "warehouse after the swap: rows: expected " +
            std::to_string(expectedRows) + ", found " + std::to_string(expectedRows + 1);
        QVERIFY2(failed.errorSummary.find(expectedReason) != std::string::npos,
                 failed.errorSummary.c_str());
        QVERIFY(!failed.files.empty());
        const auto& record = failed.files.front();
        QCOMPARE(record.fileType, FileType::Credit);
        QVERIFY(record.totalsWarehouse);
        QCOMPARE((*record.totalsWarehouse)["rows"].get<std::uint64_t>(), expectedRows + 1);
        QCOMPARE(toJson(failed)["file_records"][0]["control_totals"]["matches"],
                 nlohmann::json(false));

        // Nothing of the failed sync is live: the previous tapes' counts and sums.
        const auto creditAfter = liveTotals(db(), warehouse, t, FileType::Credit, lt);
        const auto planAfter = liveTotals(db(), warehouse, t, FileType::PaymentPlan, lt);
        QVERIFY(creditAfter.rows == liveCredit.rows &&
                creditAfter.amountSums == liveCredit.amountSums &&
                planAfter.rows == livePlan.rows && planAfter.amountSums == livePlan.amountSums);

        // The package stays staged; without the fault it loads and its totals match.
        const auto retried =
            m_agent->services().syncEngine().run(SyncRequest{t.id, lt, SyncTrigger::Retry, "test"});
        QCOMPARE(retried.status, SyncStatus::Completed);
        QCOMPARE(retried.files.size(), std::size_t(2));
        for (const auto& f : retried.files)
            QCOMPARE(*f.totalsWarehouse, f.totalsFile);
        QCOMPARE(liveRowCount(db(), warehouse, t, FileType::Credit, lt), expectedRows);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;

    Database& db() { return m_agent->db(); }

    Tenant newTenant() { return m_agent->newTenant("TOTL", "totals test"); }
    SyncLog stageAndSync(const Tenant& t, LoanType lt,
                         std::vector<std::pair<FileType, std::string>> files) {
        for (const auto& [ft, path] : files)
            if (const auto outcome = m_agent->stage(t, lt, ft, path); outcome.unchanged)
                qWarning("unchanged: %s", outcome.reason.c_str());
        return m_agent->sync(t, lt);
    }
};

QTEST_GUILESS_MAIN(TestSyncTotals)
#include "tst_synctotals.moc"
