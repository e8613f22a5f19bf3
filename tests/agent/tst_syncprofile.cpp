// The profile a sync stores with its batch (agent/profiling/) against the same batch profiled
// by the warehouse (profileColumns) and exact ClickHouse quantiles, in process against real
// PostgreSQL and ClickHouse (BANK003 RETAIL): a full delivery stores both files' profiles at
// COMPLETED, equal to the warehouse's; a correction sync (live rows merged into the corrected
// file's batch) stores none for that file, so it is read from the warehouse; a credit-only sync
// that re-checks the live plan stores the re-checked plan's profile, equal to the warehouse's.
// Both loan types (COMMERCIAL synced too) are the stored states merged, equal to a scan of both,
// also for a fresh agent reading them back from PostgreSQL; a state of an unknown version (or
// none) is not read: that loan type's rows are scanned and its state stored again.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "agent/profiling/profilestore.h"
#include "agent/profiling/viewprofile.h"
#include "agent/profiling/warehouseprofile.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/correction.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/util/csv.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "support/inprocessagent.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using nlohmann::json;

namespace {

std::string sample(FileType fileType) {
    return std::string(FINDATA_SAMPLE_DIR) + "/BANK003/RETAIL/" +
           std::string(core::toText(fileType)) + ".csv";
}

std::vector<std::string> linesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

const json* columnOf(const json& profile, const std::string& name) {
    for (const auto& c : profile.at("columns"))
        if (c.at("name") == name) return &c;
    return nullptr;
}

bool close(const json& a, const json& b) {
    if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
    const double x = a.get<double>(), y = b.get<double>();
    return std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y)) + 1e-9;
}

}  // namespace

class TestSyncProfile final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
        m_tenant = m_agent->newTenant("PROF", "PROF");
        SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(db(), m_tenant.schema).update(lt, off);
    }
    void cleanupTestCase() { m_agent.reset(); }

    void aFullDeliveryStoresItsProfiles() {
        for (const auto ft : core::kFileTypes)
            m_agent->services().uploadIntake().stageFile(m_tenant, LoanType::Retail, ft, sample(ft),
                                                         "test");
        m_original = run();
        for (const auto ft : core::kFileTypes) {
            const auto stored = store().find(m_original.batchId, ft);
            QVERIFY(stored);
            QCOMPARE(stored->source, std::string("sync"));
            verifyAgainstWarehouse(stored->profile, ft, m_original.batchId);
        }
    }

    // Four plan rows corrected: the batch is the live rows merged with the corrected ones.
    void aCorrectionSyncLeavesItToTheWarehouse() {
        QVERIFY(!m_original.id.empty());
        const auto lines = linesOf(sample(FileType::PaymentPlan));
        stageCorrection(db(), m_agent->services().uploads(), m_tenant, m_original,
                        FileType::PaymentPlan, lines.front() + "\n",
                        {CorrectedRow{22, {{"installment_amount", "30657.62"}}},
                         CorrectedRow{92, {{"principal_component", "36585.74"}}}},
                        "test");
        m_merge = run();
        QCOMPARE(m_merge.payment.rowsLoaded, std::uint64_t(2));
        QCOMPARE(livePlanBatch(), m_merge.batchId);
        QVERIFY(!store().find(m_merge.batchId, FileType::PaymentPlan));
        // What the route then serves: the warehouse's profile of the merged batch, all its rows.
        const auto merged = profileOf(FileType::PaymentPlan, m_merge.batchId);
        QCOMPARE(merged.at("rows").get<std::uint64_t>(), m_original.payment.rowsLoaded + 2);
    }

    // The credits again: the live (merged) plan is replayed and re-checked into a new batch.
    void aRecheckedPlanStoresTheReplayedRowsProfile() {
        QVERIFY(!m_merge.id.empty());
        const auto lines = linesOf(sample(FileType::Credit));
        const auto credit = m_dir.filePath(QStringLiteral("credit-2.csv")).toStdString();
        {
            std::ofstream out(credit, std::ios::binary);
            for (std::size_t i = 0; i < lines.size(); ++i)
                if (i + 1 != 288) out << lines[i] << '\n';  // LOAN_300286 is gone
        }
        m_agent->services().uploadIntake().stageFile(m_tenant, LoanType::Retail, FileType::Credit,
                                                     credit, "test", m_original.period);
        const auto recheck = run();
        QCOMPARE(livePlanBatch(), recheck.batchId);
        const auto stored = store().find(recheck.batchId, FileType::PaymentPlan);
        QVERIFY(stored);
        QCOMPARE(stored->profile.at("rows").get<std::uint64_t>(), recheck.payment.rowsLoaded);
        verifyAgainstWarehouse(stored->profile, FileType::PaymentPlan, recheck.batchId);
        verifyAgainstWarehouse(store().find(recheck.batchId, FileType::Credit)->profile,
                               FileType::Credit, recheck.batchId);
    }

    void bothLoanTypesMergeTheStoredStates() {
        for (const auto ft : core::kFileTypes)
            m_agent->services().uploadIntake().stageFile(
                m_tenant, LoanType::Commercial, ft, sampleOf(LoanType::Commercial, ft), "test");
        run(LoanType::Commercial);
        for (const auto ft : core::kFileTypes) {
            const auto view = bothLoanTypes(*m_agent, ft);
            QCOMPARE(view.at("source"), json("merged"));
            QVERIFY(view.at("rows").get<std::uint64_t>() > 0);
            verifyAgainstScanOfBoth(view, ft);
        }
    }

    // A fresh agent (its own Services and connections) reads the states back from PostgreSQL.
    void theStatesAreReadBackByAFreshAgent() {
        test::InProcessAgent fresh;
        for (const auto ft : core::kFileTypes) {
            const auto view = bothLoanTypes(fresh, ft);
            QCOMPARE(view.at("source"), json("merged"));
            verifyAgainstScanOfBoth(view, ft);
        }
    }

    // A state of a version this agent does not know (or none, as before states were stored) is
    // not read: the loan type is scanned, its state stored again, its stored profile kept.
    void aStateOfAnUnknownVersionIsScannedAgain() {
        const auto& schema = m_tenant.schema;
        for (const char* change :
             {"set_byte(state, 4, get_byte(state, 4) + 1)", "NULL"}) {  // version's low byte
            db().transact([&](pqxx::work& tx) {
                tx.exec0("UPDATE " + schema + ".batch_profiles SET state = " + change +
                         " WHERE loan_type = 'COMMERCIAL' AND file_type = 'credit'");
            });
            const auto view = bothLoanTypes(*m_agent, FileType::Credit);
            QCOMPARE(view.at("source"), json("warehouse"));
            verifyAgainstScanOfBoth(view, FileType::Credit);
            const auto again = bothLoanTypes(*m_agent, FileType::Credit);
            QCOMPARE(again.at("source"), json("merged"));
            verifyAgainstScanOfBoth(again, FileType::Credit);
            const auto batch = *live().find(FileType::Credit, LoanType::Commercial);
            QCOMPARE(store().find(batch, FileType::Credit)->source, std::string("sync"));
        }
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;
    Tenant m_tenant;
    SyncLog m_original, m_merge;

    Database& db() { return m_agent->db(); }
    ProfileStore store() { return ProfileStore(db(), m_tenant.schema); }

    static std::string sampleOf(LoanType lt, FileType ft) {
        return std::string(FINDATA_SAMPLE_DIR) + "/BANK003/" + std::string(core::toText(lt)) + "/" +
               std::string(core::toText(ft)) + ".csv";
    }
    // The live batches of the latest period of either loan type, as the API's scope picks them.
    LiveBatches live() {
        const auto all = LiveBatchRepository(db(), m_tenant.schema).load();
        const auto period =
            all.latestPeriod(std::vector(std::begin(core::kLoanTypes), std::end(core::kLoanTypes)));
        return period ? all.ofPeriod(*period) : LiveBatches();
    }
    json bothLoanTypes(test::InProcessAgent& agent, FileType ft) {
        const auto batches = live();
        QTest::qVerify(batches.find(ft, LoanType::Retail) && batches.find(ft, LoanType::Commercial),
                       "both live", "", __FILE__, __LINE__);
        return viewProfile({agent.db(), m_tenant.schema, agent.services().clickhouse(),
                            m_tenant.warehouseDatabase, ft, std::nullopt, batches});
    }
    // The same figures as one scan of both loan types' live rows (stddev to rounding: the
    // samples are below every sketch limit, so nothing else may differ).
    void verifyAgainstScanOfBoth(json view, FileType ft) {
        auto scan = profileFromWarehouse(m_agent->services().clickhouse(),
                                         m_tenant.warehouseDatabase, ft, std::nullopt, live());
        view.erase("source");
        for (auto* p : {&view, &scan})
            for (auto& c : p->at("columns"))
                if (c.contains("stddev") && c.at("stddev").is_number())
                    c["stddev"] = std::round(c.at("stddev").get<double>() * 1e6) / 1e6;
        QVERIFY2(view == scan, json::diff(scan, view).dump().c_str());
    }

    SyncLog run(LoanType loanType = LoanType::Retail) {
        SyncRequest r{m_tenant.id, loanType};
        r.force = true;
        auto log = m_agent->services().syncEngine().run(r);
        if (log.status != SyncStatus::Completed)
            qFatal("sync failed: %s", log.errorSummary.c_str());
        return log;
    }
    std::string livePlanBatch() {
        return LiveBatchRepository(db(), m_tenant.schema)
            .find(LoanType::Retail, FileType::PaymentPlan)
            ->batchId;
    }
    json profileOf(FileType ft, const std::string& batch) {
        LiveBatches live;
        live.set(ft, LoanType::Retail, batch);
        return profileColumns(m_agent->services().clickhouse(), m_tenant.warehouseDatabase, ft,
                              LoanType::Retail, live);
    }

    // Every figure equal to the warehouse's profile of the batch (mean and stddev to 1e-9); the
    // quantiles equal to ClickHouse's quantilesExact (the sample is below every sketch limit).
    void verifyAgainstWarehouse(const json& stored, FileType ft, const std::string& batch) {
        // Recomputed from the warehouse's rows by the same code: the very same figures.
        LiveBatches live;
        live.set(ft, LoanType::Retail, batch);
        auto recomputed =
            profileFromWarehouse(m_agent->services().clickhouse(), m_tenant.warehouseDatabase, ft,
                                 LoanType::Retail, live);
        auto storedFigures = stored;
        storedFigures.erase("source");
        // Only stddev may differ in its last bits (blocks of other sizes merge in another order).
        for (auto* p : {&recomputed, &storedFigures})
            for (auto& c : p->at("columns"))
                if (c.contains("stddev") && c.at("stddev").is_number())
                    c["stddev"] = std::round(c.at("stddev").get<double>() * 1e6) / 1e6;
        QVERIFY2(recomputed == storedFigures, json::diff(storedFigures, recomputed).dump().c_str());
        // And against the SQL profile (an independent computation).
        const auto warehouse = profileOf(ft, batch);
        QCOMPARE(stored.at("rows"), warehouse.at("rows"));
        QCOMPARE(stored.at("columns").size(), warehouse.at("columns").size());
        for (const auto& w : warehouse.at("columns")) {
            const auto name = w.at("name").get<std::string>();
            const auto* s = columnOf(stored, name);
            QVERIFY2(s, name.c_str());
            const auto what = [&](const char* figure) {
                return (name + "." + figure + ": " +
                        (s->contains(figure) ? s->at(figure).dump() : "-") + " vs warehouse " +
                        (w.contains(figure) ? w.at(figure).dump() : "-"));
            };
            QVERIFY2(s->at("estimates").empty(), what("estimates").c_str());
            for (const char* figure : {"type", "numeric", "count", "nulls", "null_ratio", "zeros",
                                       "zero_ratio", "min", "max", "sum", "distinct"})
                if (w.contains(figure))
                    QVERIFY2(s->at(figure) == w.at(figure), what(figure).c_str());
            for (const char* figure : {"mean", "stddev"})
                if (w.contains(figure))
                    QVERIFY2(close(s->at(figure), w.at(figure)), what(figure).c_str());
            if (w.contains("histogram")) {
                QCOMPARE(s->at("histogram").size(), w.at("histogram").size());
                for (std::size_t k = 0; k < w.at("histogram").size(); ++k) {
                    const auto &a = s->at("histogram")[k], &b = w.at("histogram")[k];
                    QVERIFY2(a.at("count") == b.at("count") && close(a.at("lower"), b.at("lower")),
                             what("histogram").c_str());
                }
            }
            const auto from = " FROM " + sqlTable(m_tenant.warehouseDatabase, factTable(ft)) +
                              " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(batch);
            // The top values as an exact GROUP BY counts them (the warehouse's topK may miss one).
            if (!w.at("numeric").get<bool>() && !s->at("top_values").empty()) {
                const auto c = sqlIdentifier(name);
                const auto exact = parseTsv(m_agent->services().clickhouse().query(
                    "SELECT toString(" + c + ") AS v, count() AS n" + from + " AND isNotNull(" + c +
                    ") GROUP BY v ORDER BY n DESC, v LIMIT 10 FORMAT TabSeparated"));
                const auto& top = s->at("top_values");
                QCOMPARE(top.size(), exact.size());
                for (std::size_t k = 0; k < exact.size(); ++k)
                    QVERIFY2(top[k].at("value") == exact[k].at(0) &&
                                 top[k].at("count") == std::stoull(exact[k].at(1)),
                             what("top_values").c_str());
                QVERIFY2(s->at("most_frequent") == exact.at(0).at(0),
                         what("most_frequent").c_str());
            }
            if (w.at("numeric").get<bool>() && w.at("count").get<std::uint64_t>() > 0) {
                const auto exact = parseTsv(m_agent->services().clickhouse().query(
                    "SELECT arrayJoin(quantilesExact(0.25, 0.5, 0.75, 0.9, 0.99)(toFloat64(" +
                    sqlIdentifier(name) + ")))" + from + " FORMAT TabSeparated"));
                const char* names[] = {"p25", "p50", "p75", "p90", "p99"};
                for (std::size_t q = 0; q < 5; ++q)
                    QVERIFY2(
                        close(s->at("quantiles").at(names[q]), json(std::stod(exact.at(q).at(0)))),
                        what("quantiles").c_str());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSyncProfile)
#include "tst_syncprofile.moc"
