// What a merged correction leaves in the live data, across the syncs that follow it, in process
// against real PostgreSQL and ClickHouse (BANK003 RETAIL):
// - a payment-plan correction merges by key, and the merged batch's control totals are checked
//   against the live batch's minus the replaced keys plus the corrected rows (recorded per file);
// - a later credit-only delivery of the period re-checks the plan that is LIVE — the merged rows,
//   read back from the warehouse — so the corrected rows stay byte-identical (values and source
//   lines), the plan rows of a credit that disappeared are rejected at their own lines, and counts
//   and sums reconcile;
// - a credit correction followed by a plan-only delivery: the plan is checked against the live
//   credits, the corrected one included;
// - a correction sync stores every rejected row whatever max_rejected_rows_per_sync says, so each
//   corrected row is loaded or rejected with its reasons and only loaded ones count resubmitted;
// - a merged batch whose read-back totals differ fails its sync and changes nothing.

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/rejectedreview.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/syncfiles.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/controltotals.h"
#include "agent/sync/correction.h"
#include "agent/sync/livebatchcsv.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/util/csv.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(FileType fileType) {
    return test::samplePath("BANK003", LoanType::Retail, fileType);
}

std::vector<std::string> linesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string headerOf(FileType fileType) {
    return linesOf(sample(fileType)).front() + "\n";
}

// The physical lines (1-based) of the sample file whose row starts with `prefix`.
std::vector<std::uint64_t> linesStarting(FileType fileType, const std::string& prefix) {
    std::vector<std::uint64_t> out;
    const auto lines = linesOf(sample(fileType));
    for (std::size_t i = 1; i < lines.size(); ++i)
        if (lines[i].rfind(prefix, 0) == 0) out.push_back(i + 1);
    return out;
}

CorrectedRow fix(std::uint64_t line, std::map<std::string, std::string> fields = {}) {
    return CorrectedRow{line, std::move(fields)};
}

// Every row of one batch by key ("loan|installment"): all catalog columns and source_line, as
// ClickHouse writes them — what "byte-identical" is judged on.
std::map<std::string, std::string> batchRows(ClickHouseClient& ch, const std::string& database,
                                             FileType ft, const std::string& batch,
                                             LoanType lt = LoanType::Retail,
                                             bool withSourceLine = true) {
    std::string columns, key;
    const auto& catalog = core::Catalog::standard();
    for (const auto& f : catalog.fields(ft))
        columns += sqlIdentifier(f.name) + ", ";
    for (const auto index : catalog.withRole(ft, core::FieldRole::Key))
        key += std::string(key.empty() ? "" : ", '|', ") + "toString(" +
               sqlIdentifier(catalog.fields(ft)[index].name) + ")";
    const auto text = ch.query("SELECT concat(" + key + ", ''), " + columns +
                               (withSourceLine ? "source_line" : "1") + " FROM " +
                               sqlTable(database, factTable(ft)) +
                               " WHERE loan_type = " + sqlString(core::toText(lt)) +
                               " AND batch_id = " + sqlString(batch) + " FORMAT TabSeparated");
    std::map<std::string, std::string> rows;
    for (const auto& row : parseTsv(text)) {
        std::string rest;
        for (std::size_t i = 1; i < row.size(); ++i)
            rest += row[i] + '\t';
        rows[row[0]] = rest;
    }
    return rows;
}

// The value of one column of a batch row, by key.
std::string valueOf(ClickHouseClient& ch, const std::string& database, FileType ft,
                    const std::string& batch, const std::string& where, const std::string& column) {
    const auto rows = parseTsv(ch.query(
        "SELECT toString(" + sqlIdentifier(column) + ") FROM " + sqlTable(database, factTable(ft)) +
        " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(batch) + " AND " + where +
        " FORMAT TabSeparated"));
    return rows.size() == 1 && !rows[0].empty() ? rows[0][0]
                                                : "<" + std::to_string(rows.size()) + " rows>";
}

// Amount sums of a batch's rows matching `where`, by the same query the agent does not use.
ControlTotals sumsWhere(ClickHouseClient& ch, const std::string& database, FileType ft,
                        const std::string& batch, const std::string& where) {
    const auto& catalog = core::Catalog::standard();
    const auto fields = catalog.fields(ft);
    std::string sql = "SELECT count()";
    const auto amounts = catalog.withRole(ft, core::FieldRole::Amount);
    for (const auto index : amounts)
        sql += ", toString(sum(" + sqlIdentifier(fields[index].name) + "))";
    const auto rows =
        parseTsv(ch.query(sql + " FROM " + sqlTable(database, factTable(ft)) +
                          " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(batch) +
                          " AND " + where + " FORMAT TabSeparated"));
    ControlTotals totals;
    totals.rows = std::stoull(rows.at(0).at(0));
    for (std::size_t i = 0; i < amounts.size(); ++i)
        totals.amountSums.emplace_back(std::string(fields[amounts[i]].name), rows[0][i + 1]);
    return totals;
}

// a + b: rows and each sum (scale 2, the amounts').
ControlTotals added(const ControlTotals& a, const ControlTotals& b) {
    ControlTotals out;
    out.rows = a.rows + b.rows;
    for (const auto& [name, sum] : a.amountSums) {
        TotalUnits total = parseTotal(sum, 2).value_or(-1);
        for (const auto& [other, value] : b.amountSums)
            if (other == name) total += parseTotal(value, 2).value_or(-1);
        out.amountSums.emplace_back(name, totalText(total, 2));
    }
    return out;
}

std::string describe(const std::optional<std::string>& difference) {
    return difference.value_or("equal");
}

}  // namespace

class TestCorrectionMerge final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
        m_tenant = newTenant("MERGE");
        m_original = originalSync(m_tenant);
        QCOMPARE(m_original.payment.rowsLoaded, std::uint64_t(1121));
    }
    void cleanupTestCase() { m_agent.reset(); }

    // Four plan rows corrected (one keeps a live key and replaces its row) merge by key; the
    // merged batch's totals are verified and recorded: live before − replaced + corrected.
    void planCorrectionMergesWithVerifiedTotals() {
        const auto& db = m_tenant.warehouseDatabase;
        const auto before = batchRows(ch(), db, FileType::PaymentPlan, m_original.batchId);
        QCOMPARE(before.size(), std::size_t(1121));
        const auto liveBefore = m_agent->services().warehouse().batchTotals(
            db, FileType::PaymentPlan, LoanType::Retail, m_original.batchId);
        // The live rows the correction leaves alone (read now: the merge drops this batch).
        const auto untouched =
            sumsWhere(ch(), db, FileType::PaymentPlan, m_original.batchId,
                      "(loan_account_number, installment_number) NOT IN (('LOAN_300238', 2))");
        QCOMPARE(untouched.rows, std::uint64_t(1120));
        stage(m_tenant, m_original, FileType::PaymentPlan,
              {fix(22, {{"installment_amount", "30657.62"}}),
               fix(92, {{"principal_component", "36585.74"}}),
               fix(232, {{"interest_component", "7084.58"}}),
               // The duplicate of line 862 keeps its key: it replaces that live row.
               fix(864, {{"installment_amount", "74785.17"}, {"bsmv_component", "489.71"}})});
        m_merge = m_agent->services().syncEngine().run(manualSync(m_tenant));
        QVERIFY2(m_merge.status == SyncStatus::Completed, m_merge.errorSummary.c_str());
        QCOMPARE(m_merge.payment.rowsRead, std::uint64_t(4));
        QCOMPARE(m_merge.payment.rowsLoaded, std::uint64_t(4));
        QCOMPARE(livePlan(m_tenant)->syncId, m_merge.id);

        m_mergedPlan = batchRows(ch(), db, FileType::PaymentPlan, m_merge.batchId);
        QCOMPARE(m_mergedPlan.size(), std::size_t(1124));
        for (const auto& [key, row] : before)
            if (key != "LOAN_300238|2") QCOMPARE(m_mergedPlan.at(key), row);
        QCOMPARE(valueOf(ch(), db, FileType::PaymentPlan, m_merge.batchId,
                         "loan_account_number = 'LOAN_300150' AND installment_number = 4",
                         "installment_amount"),
                 std::string("30657.62"));
        QCOMPARE(valueOf(ch(), db, FileType::PaymentPlan, m_merge.batchId,
                         "loan_account_number = 'LOAN_300238' AND installment_number = 2",
                         "bsmv_component"),
                 std::string("489.71"));
        // Each corrected row stands for the line of the delivered file it corrects.
        for (const auto& [where, line] :
             {std::pair{"loan_account_number = 'LOAN_300150' AND installment_number = 4", "22"},
              std::pair{"loan_account_number = 'LOAN_300009' AND installment_number = 7", "92"},
              std::pair{"loan_account_number = 'LOAN_300238' AND installment_number = 2", "864"}})
            QCOMPARE(
                valueOf(ch(), db, FileType::PaymentPlan, m_merge.batchId, where, "source_line"),
                std::string(line));
        QCOMPARE(RejectedReview(m_agent->services().database(), m_tenant.schema)
                     .counts(m_original.id)
                     .resubmitted,
                 std::uint64_t(4));

        // The record of the corrected file: its 4 rows, and the warehouse's share of them in the
        // merged batch (found − live before + replaced) next to the whole figures.
        const auto record = fileRecord(m_tenant, m_merge.id, FileType::PaymentPlan);
        QVERIFY(record.totalsWarehouse.has_value());
        const auto& warehouse = *record.totalsWarehouse;
        QCOMPARE(controlTotalsFromJson(record.totalsFile).rows, std::uint64_t(4));
        QCOMPARE(controlTotalsFromJson(warehouse).rows, std::uint64_t(4));
        QCOMPARE(describe(totalsDifference(controlTotalsFromJson(record.totalsFile),
                                           controlTotalsFromJson(warehouse))),
                 std::string("equal"));
        QCOMPARE(warehouse.at("live_sync").get<std::string>(), m_original.id);
        QCOMPARE(describe(totalsDifference(controlTotalsFromJson(warehouse.at("live_before")),
                                           liveBefore)),
                 std::string("equal"));
        QCOMPARE(controlTotalsFromJson(warehouse.at("replaced")).rows, std::uint64_t(1));
        // The merged batch as recorded is the batch as it is, and equals, computed here from
        // the warehouse independently: the untouched live rows + the corrected rows.
        const auto merged = sumsWhere(ch(), db, FileType::PaymentPlan, m_merge.batchId, "1");
        QCOMPARE(
            describe(totalsDifference(merged, controlTotalsFromJson(warehouse.at("merged_batch")))),
            std::string("equal"));
        const auto corrected = sumsWhere(
            ch(), db, FileType::PaymentPlan, m_merge.batchId,
            "(loan_account_number, installment_number) IN (('LOAN_300150', 4), ('LOAN_300009', "
            "7), ('LOAN_300100', 4), ('LOAN_300238', 2))");
        QCOMPARE(corrected.rows, std::uint64_t(4));
        QCOMPARE(describe(totalsDifference(added(untouched, corrected), merged)),
                 std::string("equal"));
    }

    // THE defect of issue 16: a credit-only delivery re-checks the LIVE plan (merged), not its
    // delivered file: the corrected rows stay as they are; the plan rows of the credit that is
    // gone are rejected at their own lines; counts and sums reconcile.
    void creditOnlySyncRechecksTheMergedPlan() {
        QVERIFY(!m_mergedPlan.empty());
        const auto& db = m_tenant.warehouseDatabase;
        // The credits again without LOAN_300286 (line 288) and without rejected line 5.
        const auto lines = linesOf(sample(FileType::Credit));
        const std::string credit = m_dir.filePath(QStringLiteral("credit-2.csv")).toStdString();
        {
            std::ofstream out(credit, std::ios::binary);
            for (std::size_t i = 0; i < lines.size(); ++i)
                if (i + 1 != 5 && i + 1 != 288) out << lines[i] << '\n';
        }
        const auto goneLines = linesStarting(FileType::PaymentPlan, "LOAN_300286;");
        QCOMPARE(goneLines.size(), std::size_t(7));
        const auto expectedSums = sumsWhere(ch(), db, FileType::PaymentPlan, m_merge.batchId,
                                            "loan_account_number != 'LOAN_300286'");
        m_agent->services().uploadIntake().stageFile(m_tenant, LoanType::Retail, FileType::Credit,
                                                     credit, "test", m_original.period);

        m_recheck = m_agent->services().syncEngine().run(manualSync(m_tenant));
        QVERIFY2(m_recheck.status == SyncStatus::Completed, m_recheck.errorSummary.c_str());
        // The 1124 live rows, and the 12 rows of the delivered plan whose key is not live (still
        // wrong; the 4 corrected keys are live): 7 + 12 rejected.
        QCOMPARE(m_recheck.payment.rowsRead, std::uint64_t(1124 + 12));
        QCOMPARE(m_recheck.payment.rowsRejected, std::uint64_t(7 + 12));
        QCOMPARE(m_recheck.payment.rowsLoaded, std::uint64_t(1117));
        QCOMPARE(m_recheck.payment.rowsRead,
                 m_recheck.payment.rowsLoaded + m_recheck.payment.rowsRejected);
        QCOMPARE(livePlan(m_tenant)->syncId, m_recheck.id);
        // Still the delivered plan's upload: the merged batch stood for it.
        QCOMPARE(livePlan(m_tenant)->uploadId, m_original.paymentUploadId);

        // Every live row but the gone credit's, byte for byte: values and source lines.
        auto expected = m_mergedPlan;
        std::erase_if(expected,
                      [](const auto& row) { return row.first.starts_with("LOAN_300286|"); });
        QCOMPARE(expected.size(), std::size_t(1117));
        const auto now = batchRows(ch(), db, FileType::PaymentPlan, m_recheck.batchId);
        QCOMPARE(now.size(), expected.size());
        for (const auto& [key, row] : expected) {
            const auto it = now.find(key);
            QVERIFY2(it != now.end(), key.c_str());
            QVERIFY2(it->second == row, (key + ": " + it->second + " != " + row).c_str());
        }
        QCOMPARE(valueOf(ch(), db, FileType::PaymentPlan, m_recheck.batchId,
                         "loan_account_number = 'LOAN_300150' AND installment_number = 4",
                         "installment_amount"),
                 std::string("30657.62"));
        QCOMPARE(
            describe(totalsDifference(
                expectedSums, m_agent->services().warehouse().batchTotals(
                                  db, FileType::PaymentPlan, LoanType::Retail, m_recheck.batchId))),
            std::string("equal"));

        // The rejected plan rows are the gone credit's, at their lines of the delivered file,
        // as rows of its header.
        RejectedReview review(m_agent->services().database(), m_tenant.schema);
        RejectedPageQuery query;
        query.fileType = FileType::PaymentPlan;
        query.limit = 100;
        const auto rejected = review.page(m_recheck.id, query);
        QCOMPARE(rejected.size(), std::size_t(7 + 12));
        std::vector<std::uint64_t> rejectedLines;
        std::set<std::uint64_t> allLines;
        for (const auto& r : rejected) {
            allLines.insert(r.row.line);
            // The delivered file's rows it still rejects: as delivered, at their lines.
            if (r.row.raw.rfind("LOAN_300286;", 0) != 0) {
                QCOMPARE(r.row.raw, linesOf(sample(FileType::PaymentPlan)).at(r.row.line - 1));
                continue;
            }
            rejectedLines.push_back(r.row.line);
            QCOMPARE(splitRecord(r.row.raw).at(0), std::string("LOAN_300286"));
            QVERIFY2(r.row.reasons.find("LOAN_300286 is not a RETAIL credit") != std::string::npos,
                     r.row.reasons.c_str());
        }
        QCOMPARE(rejectedLines, goneLines);
        // Each line once; none of the corrected ones (their keys are live).
        QCOMPARE(allLines.size(), rejected.size());
        for (const auto line : {22, 92, 232, 864})
            QVERIFY(!allLines.count(std::uint64_t(line)));
        // Nothing of the correction reverted.
        QCOMPARE(review.counts(m_original.id).resubmitted, std::uint64_t(4));
        const auto record = fileRecord(m_tenant, m_recheck.id, FileType::PaymentPlan);
        QCOMPARE(record.source, SyncFileSource::Live);
        QVERIFY(record.totalsWarehouse.has_value());
        QCOMPARE(describe(totalsDifference(controlTotalsFromJson(record.totalsFile),
                                           controlTotalsFromJson(*record.totalsWarehouse))),
                 std::string("equal"));
    }

    // The symmetrical case: a credit correction merged, then a plan-only delivery — its rows are
    // checked against the live credits, the corrected one included.
    void planOnlySyncSeesCorrectedCredits() {
        QVERIFY(!m_recheck.id.empty());
        const auto& db = m_tenant.warehouseDatabase;
        RejectedReview review(m_agent->services().database(), m_tenant.schema);
        RejectedPageQuery query;
        query.fileType = FileType::Credit;
        query.limit = 100;
        std::uint64_t line = 0;
        for (const auto& r : review.page(m_recheck.id, query))
            if (r.row.raw.find(";LOAN_300022;") != std::string::npos) line = r.row.line;
        QVERIFY(line > 0);
        stage(m_tenant, m_recheck, FileType::Credit, {fix(line, {{"customer_id", "CUST_99999"}})});
        const auto creditFix = m_agent->services().syncEngine().run(manualSync(m_tenant));
        QVERIFY2(creditFix.status == SyncStatus::Completed, creditFix.errorSummary.c_str());
        QCOMPARE(creditFix.credit.rowsLoaded, std::uint64_t(1));
        QCOMPARE(valueOf(ch(), db, FileType::Credit, creditFix.batchId,
                         "loan_account_number = 'LOAN_300022'", "customer_id"),
                 std::string("CUST_99999"));

        // The delivered plan plus one installment of LOAN_300022, which only the corrected
        // credit makes known.
        const std::string plan = m_dir.filePath(QStringLiteral("plan-2.csv")).toStdString();
        {
            std::ofstream out(plan, std::ios::binary);
            for (const auto& l : linesOf(sample(FileType::PaymentPlan)))
                out << l << '\n';
            out << "LOAN_300022;1;;2025-05-05;16400.00;16400.00;0;0;0;A;0;0;0;0\n";
        }
        m_agent->services().uploadIntake().stageFile(
            m_tenant, LoanType::Retail, FileType::PaymentPlan, plan, "test", m_original.period);
        const auto planOnly = m_agent->services().syncEngine().run(manualSync(m_tenant));
        QVERIFY2(planOnly.status == SyncStatus::Completed, planOnly.errorSummary.c_str());
        QVERIFY(planOnly.creditUploadId == std::nullopt);
        QCOMPARE(livePlan(m_tenant)->syncId, planOnly.id);
        QCOMPARE(valueOf(ch(), db, FileType::PaymentPlan, planOnly.batchId,
                         "loan_account_number = 'LOAN_300022'", "installment_amount"),
                 std::string("16400.00"));
        // Rejected: BANK003's 16 plan rows and the 7 of the credit no longer delivered.
        QCOMPARE(planOnly.payment.rowsRejected, std::uint64_t(16 + 7));
    }

    // A correction sync with max_rejected_rows_per_sync = 1: its three still-wrong rows are all
    // stored with their reasons, and only the four loaded rows count as resubmitted.
    void everyCorrectedRowIsLoadedOrRejectedWhateverTheCap() {
        m_capTenant = newTenant("CAP");
        m_capOriginal = originalSync(m_capTenant);
        stage(m_capTenant, m_capOriginal, FileType::PaymentPlan,
              {fix(22, {{"installment_amount", "30657.62"}}),
               fix(92, {{"principal_component", "36585.74"}}),
               fix(232, {{"interest_component", "7084.58"}}),
               fix(372, {{"kkdf_component", "100.12"}}),
               // Still loans nobody delivered.
               fix(933), fix(934), fix(935)});
        SyncEngine::Limits limits;
        limits.maxRejectedRows = 1;
        SyncEngine capped(m_agent->services().database(), m_agent->services().warehouse(),
                          m_agent->services().uploads(), limits);
        const auto log = capped.run(manualSync(m_capTenant));
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        QCOMPARE(log.payment.rowsRead, std::uint64_t(7));
        QCOMPARE(log.payment.rowsLoaded, std::uint64_t(4));
        QCOMPARE(log.payment.rowsRejected, std::uint64_t(3));
        QCOMPARE(log.rejectedRowsNotStored, std::uint64_t(0));
        RejectedReview review(m_agent->services().database(), m_capTenant.schema);
        RejectedPageQuery query;
        const auto stored = review.page(log.id, query);
        QCOMPARE(stored.size(), std::size_t(3));
        for (const auto& r : stored) {
            QCOMPARE(splitRecord(r.row.raw).at(0), std::string("LOAN_999999"));
            QVERIFY(!r.row.reasons.empty());
        }
        const auto counts = review.counts(m_capOriginal.id);
        QCOMPARE(counts.resubmitted, std::uint64_t(4));
        QCOMPARE(counts.open, std::uint64_t(31 - 4));
        for (const auto& [line, row] :
             review.rowsAt(m_capOriginal.id, FileType::PaymentPlan, {933, 934, 935}))
            QCOMPARE(int(row.state), int(RejectedState::Open));
        QCOMPARE(m_agent->services().warehouse().rowCount(m_capTenant.warehouseDatabase,
                                                          FileType::PaymentPlan, LoanType::Retail,
                                                          log.batchId),
                 std::uint64_t(1121 + 4));
    }

    // A merged batch whose read-back differs from live − replaced + corrected fails its sync:
    // the live data and the open rows stay as they were.
    void aMergedBatchWithWrongTotalsFails() {
        QVERIFY(!m_capOriginal.id.empty());
        const auto liveBefore =
            LiveBatchRepository(m_agent->services().database(), m_capTenant.schema)
                .find(LoanType::Retail, FileType::Credit);
        QVERIFY(liveBefore.has_value());
        stage(m_capTenant, m_capOriginal, FileType::Credit,
              {fix(23, {{"customer_id", "CUST_99999"}})});
        ::setenv("FINDATA_FAULT", "totals:extra-row", 1);
        const auto log = m_agent->services().syncEngine().run(manualSync(m_capTenant));
        ::unsetenv("FINDATA_FAULT");
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("control totals of the merged credit batch") !=
                         std::string::npos &&
                     log.errorSummary.find("rows: expected 287, found 288") != std::string::npos,
                 log.errorSummary.c_str());
        const auto live = LiveBatchRepository(m_agent->services().database(), m_capTenant.schema)
                              .find(LoanType::Retail, FileType::Credit);
        QCOMPARE(live->batchId, liveBefore->batchId);
        QCOMPARE(int(RejectedReview(m_agent->services().database(), m_capTenant.schema)
                         .rowsAt(m_capOriginal.id, FileType::Credit, {23})
                         .at(23)
                         .state),
                 int(RejectedState::Open));
    }

    // The live batch a correction merges with is first compared with what its sync read back
    // after its swap: a batch changed since (here one row more) fails the correction sync, which
    // carries nothing of it on.
    void aLiveBatchChangedSinceItsSyncIsNotMergedInto() {
        QVERIFY(!m_capOriginal.id.empty());
        const auto live =
            LiveBatchRepository(db(), m_capTenant.schema).find(LoanType::Retail, FileType::Credit);
        QVERIFY(live.has_value());
        // One row more in the live batch, under a key of its own.
        const auto& catalog = core::Catalog::standard();
        std::string columns, values;
        for (const auto& f : catalog.fields(FileType::Credit)) {
            columns += sqlIdentifier(f.name) + ", ";
            values += (f.name == "loan_account_number" ? "concat(loan_account_number, '~x')"
                                                       : sqlIdentifier(f.name)) +
                      ", ";
        }
        const auto table = sqlTable(m_capTenant.warehouseDatabase, factTable(FileType::Credit));
        ch().execute(
            "INSERT INTO " + table + " (" + columns + "batch_id, loan_type, loaded_at) SELECT " +
            values + "batch_id, loan_type, loaded_at FROM " + table +
            " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(live->batchId) + " LIMIT 1");
        // The credit correction of line 23 the previous sync failed is still staged.
        const auto log = m_agent->services().syncEngine().run(manualSync(m_capTenant));
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("the live credit batch of sync " + live->syncId +
                                       " no longer holds what that sync read back after its "
                                       "swap (rows: expected 286, found 287)") != std::string::npos,
                 log.errorSummary.c_str());
        QCOMPARE(LiveBatchRepository(db(), m_capTenant.schema)
                     .find(LoanType::Retail, FileType::Credit)
                     ->batchId,
                 live->batchId);
    }

    // The replay a re-check validates is faithful: BANK001's live batches (rates, fractions,
    // codes such as customer type V, flags, dates, empty optional values), replayed as CSV in
    // the delivered header's layout and loaded by another tenant, give the same rows.
    void aReplayedLiveBatchLoadsBackIdentically_data() {
        QTest::addColumn<int>("loanType");
        QTest::newRow("RETAIL") << int(LoanType::Retail);
        QTest::newRow("COMMERCIAL") << int(LoanType::Commercial);
    }
    void aReplayedLiveBatchLoadsBackIdentically() {
        QFETCH(int, loanType);
        const auto lt = static_cast<LoanType>(loanType);
        const auto from = newTenant("REPA"), to = newTenant("REPB");
        const auto file = [&](FileType ft) {
            return std::string(FINDATA_SAMPLE_DIR) + "/BANK001/" + std::string(core::toText(lt)) +
                   "/" + std::string(core::toText(ft)) + ".csv";
        };
        for (const auto ft : core::kFileTypes)
            m_agent->services().uploadIntake().stageFile(from, lt, ft, file(ft), "test");
        SyncRequest first{from.id, lt};
        first.force = true;
        const auto loaded = m_agent->services().syncEngine().run(first);
        QVERIFY2(loaded.status == SyncStatus::Completed, loaded.errorSummary.c_str());
        for (const auto ft : core::kFileTypes) {
            std::string csv;
            SourceLines lines;
            const auto rows = replayBatchAsCsv(
                ch(), from.warehouseDatabase, ft, lt, loaded.batchId, linesOf(file(ft)).front(), {},
                core::Catalog::standard(), lines, [&](std::string_view c) { csv += c; });
            QVERIFY(rows.batchRows > 100);
            const auto path =
                m_dir.filePath(QStringLiteral("replay-%1-%2.csv").arg(loanType).arg(int(ft)))
                    .toStdString();
            std::ofstream(path, std::ios::binary) << csv;
            m_agent->services().uploadIntake().stageFile(to, lt, ft, path, "test", loaded.period);
        }
        SyncRequest second{to.id, lt};
        second.force = true;
        const auto reloaded = m_agent->services().syncEngine().run(second);
        QVERIFY2(reloaded.status == SyncStatus::Completed, reloaded.errorSummary.c_str());
        QCOMPARE(reloaded.credit.rowsRejected + reloaded.payment.rowsRejected, std::uint64_t(0));
        for (const auto ft : core::kFileTypes) {
            const auto a = batchRows(ch(), from.warehouseDatabase, ft, loaded.batchId, lt, false);
            const auto b = batchRows(ch(), to.warehouseDatabase, ft, reloaded.batchId, lt, false);
            QVERIFY(!a.empty());
            QCOMPARE(b.size(), a.size());
            for (const auto& [key, row] : a)
                QVERIFY2(b.count(key) && b.at(key) == row,
                         (key + ": " + row + " != " + (b.count(key) ? b.at(key) : "")).c_str());
        }
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;
    Tenant m_tenant, m_capTenant;
    SyncLog m_original, m_merge, m_recheck, m_capOriginal;
    std::map<std::string, std::string> m_mergedPlan;

    ClickHouseClient& ch() { return m_agent->services().clickhouse(); }
    Database& db() { return m_agent->db(); }

    Tenant newTenant(const char* prefix) {
        const auto tenant = m_agent->newTenant(prefix, prefix);
        SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(db(), tenant.schema).update(lt, off);
        return tenant;
    }
    SyncLog originalSync(const Tenant& tenant) {
        for (const auto ft : core::kFileTypes)
            m_agent->stage(tenant, LoanType::Retail, ft, sample(ft));
        auto log = m_agent->services().syncEngine().run(manualSync(tenant));
        if (log.status != SyncStatus::Completed)
            qFatal("the original sync failed: %s", log.errorSummary.c_str());
        return log;
    }
    static SyncRequest manualSync(const Tenant& tenant) {
        SyncRequest r{tenant.id, LoanType::Retail};
        r.force = true;
        return r;
    }
    void stage(const Tenant& tenant, const SyncLog& original, FileType ft,
               const std::vector<CorrectedRow>& rows) {
        stageCorrection(db(), m_agent->services().uploads(), tenant, original, ft, headerOf(ft),
                        rows, "test");
    }
    std::optional<LiveBatch> livePlan(const Tenant& tenant) {
        return LiveBatchRepository(db(), tenant.schema)
            .find(LoanType::Retail, FileType::PaymentPlan);
    }
    SyncFileRecord fileRecord(const Tenant& tenant, const std::string& syncId, FileType ft) {
        for (auto& r : SyncFileRepository(db(), tenant.schema).forSync(syncId))
            if (r.fileType == ft) return r;
        qFatal("no %s record of sync %s", core::toText(ft).data(), syncId.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCorrectionMerge)
#include "tst_correctionmerge.moc"
