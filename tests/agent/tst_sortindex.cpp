// Sort indexes (agent/warehouse/sortindex.h) in process against real PostgreSQL and ClickHouse:
// BANK003's two loan types (ties and NULLs in many columns), the threshold lowered to one row so
// every view gets its index. For every catalog column, both directions, one loan type and both,
// and pages across chunk boundaries, the last page and beyond the end, the indexed page equals
// the page the SQL sort answers (ORDER BY … LIMIT … OFFSET) row for row. A new sync makes a new
// view: its pages are never answered from the old index, which the next build drops. A build cut
// short (chunks without their completion marker) is never read, and the next build replaces it.

#include <QtTest>
#include <atomic>
#include <fstream>
#include <map>
#include <random>

#include "agent/api/dataroutes.h"
#include "agent/api/sortindexer.h"
#include "agent/store/livebatches.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclogs.h"
#include "agent/sync/syncengine.h"
#include "agent/util/csv.h"
#include "agent/util/diskspace.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/sortindex.h"
#include "agent/warehouse/sql.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using nlohmann::json;

namespace {

std::string sample(LoanType loanType, FileType fileType) {
    return test::samplePath("BANK003", loanType, fileType);
}

}  // namespace

class TestSortIndex final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
        m_tenant = m_agent->newTenant("SORT", "SORT");
        SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : core::kLoanTypes) {
            SyncConfigRepository(m_agent->db(), m_tenant.schema).update(lt, off);
            for (const auto ft : core::kFileTypes)
                m_agent->services().uploadIntake().stageFile(m_tenant, lt, ft, sample(lt, ft),
                                                             "test");
            run(lt);
        }
    }
    void cleanupTestCase() { m_agent.reset(); }

    void indexedPagesEqualSqlPages() {
        QVERIFY(build() > 0);
        std::size_t compared = 0;
        for (const auto& q : views())
            compared += compareAll(q, 1);
        QVERIFY2(compared > 500, std::to_string(compared).c_str());
        // Filtered pages keep the SQL sort.
        auto filtered = views().front();
        filtered.filters.push_back(
            *makeFilter(*column(filtered, "days_past_due"), FilterOp::Equal, "0"));
        QVERIFY(!readIndexedPage(client(), filtered));
    }

    // A new RETAIL credit file (one row fewer, one amount changed): the RETAIL and both-loan-type
    // views change, so their pages come from the SQL sort — the new batch — until rebuilt.
    void aNewSyncNeverReadsTheOldIndex() {
        std::ifstream in(sample(LoanType::Retail, FileType::Credit), std::ios::binary);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        const auto path = m_dir.filePath(QStringLiteral("credit.csv")).toStdString();
        {
            std::ofstream out(path, std::ios::binary);
            for (std::size_t i = 0; i + 1 < lines.size(); ++i)  // the last loan is gone
                out << lines[i] << '\n';
        }
        const auto before = views();
        std::map<std::string, std::uint64_t> totals;  // of each view before
        for (const auto& q : before)
            totals[sortViewId(q)] = readDataPage(client(), q).at("total").get<std::uint64_t>();
        m_agent->services().uploadIntake().stageFile(m_tenant, LoanType::Retail, FileType::Credit,
                                                     path, "test", m_period);
        run(LoanType::Retail);
        const auto after = views();
        std::vector<DataQuery> changed;
        for (std::size_t i = 0; i < after.size(); ++i) {
            const auto& q = after[i];
            if (sortViewId(before[i]) == sortViewId(q)) continue;
            changed.push_back(q);
            auto page = q;
            page.sortBy = column(q, "loan_account_number");
            page.descending = true;
            QVERIFY(!readIndexedPage(client(), page));
            // The new batch's rows: one credit fewer.
            if (q.file == FileType::Credit)
                QCOMPARE(readDataPage(client(), page).at("total").get<std::uint64_t>(),
                         totals.at(sortViewId(before[i])) - 1);
        }
        QVERIFY(changed.size() >= 2);  // RETAIL credits and both loan types' credits at least
        QVERIFY(build() > 0);
        // Only the live views keep an index.
        std::set<std::string> live;
        for (const auto& q : after)
            live.insert(sortViewId(q));
        QCOMPARE(indexedViews(), live);
        for (const auto& q : changed)
            compareAll(q, 1);
    }

    // A build cut short leaves chunks without their marker: never read; the next build starts the
    // view over instead of adding to them.
    void anInterruptedBuildIsNeverUsed() {
        const auto q = views().front();
        const auto view = sortViewId(q);
        QVERIFY(dropSortIndexesExcept(client(), m_tenant.warehouseDatabase, {}) > 0);
        QVERIFY(indexedViews().empty());
        // Stopped before its first column: nothing marked complete.
        std::atomic<bool> stop{true};
        const auto stopped = buildSortIndex(client(), q, 1, stop);
        QVERIFY(stopped.stopped);
        QCOMPARE(stopped.columns, std::size_t(0));
        // What a kill -9 mid-column leaves: the key order complete, a sorted column's first
        // chunk written (here with wrong keys) but not its marker.
        auto sorted = q;
        sorted.sortBy = column(q, "original_loan_amount");
        ensureSortIndexTables(client(), m_tenant.warehouseDatabase);
        client().execute("INSERT INTO " + sqlTable(m_tenant.warehouseDatabase, "sort_index") +
                         " (view, sort_column, chunk, keys) VALUES (" + sqlString(view) +
                         ", 'original_loan_amount', 0, ['x'])");
        client().execute("INSERT INTO " + sqlTable(m_tenant.warehouseDatabase, "sort_index_ready") +
                         " (view, sort_column, rows, nulls) VALUES (" + sqlString(view) +
                         ", '', 1, 0)");
        QVERIFY(!readIndexedPage(client(), sorted));
        QVERIFY(build() > 0);
        sorted.offset = 3;
        const auto indexed = readIndexedPage(client(), sorted);
        QVERIFY(indexed);
        QCOMPARE(*indexed, readDataPage(client(), sorted));
    }

    // A tenant with RETAIL rows only: the both-loan-type page reads the RETAIL view (the same
    // batches), COMMERCIAL's columns (NULL in every row) in the key order.
    void oneLoanTypeSharesItsViewWithBoth() {
        const auto tenant = retailTenant("SORT1");
        const std::atomic<bool> stop{false};
        QVERIFY(buildTenantSortIndexes(m_agent->services(), tenant.id, 1, stop) > 0);
        auto both = creditsOf(tenant);
        both.loanType.reset();
        const auto viewOfBoth = sortViewId(both);
        both.loanType = LoanType::Retail;
        QCOMPARE(viewOfBoth, sortViewId(both));
        both.loanType.reset();
        QVERIFY(compareAll(both, 1) > 100);
    }

    // The row store: every row of the view once, marked complete; a view indexed before it
    // existed (orders marked, no row store) pages from the fact table, and the next build adds
    // the row store alone; pages from either equal the SQL sort's.
    void aViewGainsItsRowStore() {
        const auto tenant = retailTenant("SORT2");
        const auto q = creditsOf(tenant);
        const auto view = sortViewId(q);
        const auto total = readDataPage(client(), q).at("total").get<std::uint64_t>();
        const std::atomic<bool> stop{false};
        const auto first = buildSortIndex(client(), q, 1, stop);
        const auto orders = visibleColumns(q.file, q.loanType).size() + 1;
        QCOMPARE(first.columns, orders + 1);
        const auto ready = sqlTable(tenant.warehouseDatabase, "sort_index_ready");
        const auto rows = sqlTable(tenant.warehouseDatabase, "sort_rows");
        const auto count = [&](const std::string& sql) {
            return std::stoull(client().query(sql + " FORMAT TabSeparated"));
        };
        QCOMPARE(count("SELECT count() FROM " + rows + " WHERE view = " + sqlString(view)), total);
        QCOMPARE(count("SELECT uniqExact(key) FROM " + rows), total);
        QCOMPARE(count("SELECT rows FROM " + ready + " WHERE view = " + sqlString(view) +
                       " AND sort_column = '*rows'"),
                 total);

        // An earlier version's index: its orders marked, no row store.
        const auto markers = client().query("SELECT view, sort_column, rows, nulls FROM " + ready +
                                            " WHERE sort_column != '*rows' FORMAT TabSeparated");
        for (const auto& t : {ready, rows})
            client().execute("ALTER TABLE " + t + " DROP PARTITION " + sqlString(view));
        auto insert = client().startInsert("INSERT INTO " + ready +
                                           " (view, sort_column, rows, nulls) FORMAT TabSeparated");
        insert->write(markers);
        insert->finish();
        auto sorted = q;
        sorted.sortBy = column(q, "customer_id");
        sorted.offset = total / 3;
        const auto fromFacts = readIndexedPage(client(), sorted);
        QVERIFY(fromFacts);
        QCOMPARE(*fromFacts, readDataPage(client(), sorted));
        const auto second = buildSortIndex(client(), q, 1, stop);
        QCOMPARE(second.columns, std::size_t(1));
        QCOMPARE(count("SELECT count() FROM " + rows + " WHERE view = " + sqlString(view)), total);
        const auto fromRows = readIndexedPage(client(), sorted);
        QVERIFY(fromRows);
        QCOMPARE(*fromRows, *fromFacts);
        QVERIFY(compareAll(q, 2) > 100);
        auto every = q;
        every.loanType.reset();  // every loan type's columns, COMMERCIAL's NULL
        QVERIFY(compareAll(every, 1) > 100);
    }

    // An index that would eat into the disk reserve is not built: its pages sort in SQL, and
    // nothing of it is written; with room, the same call builds it.
    void noIndexWithoutRoomForIt() {
        const auto tenant = retailTenant("SORT3");
        const std::atomic<bool> stop{false};
        const DiskBudget full(m_dir.path().toStdString(), DiskReserve::parse("99.99%"));
        QCOMPARE(buildTenantSortIndexes(m_agent->services(), tenant.id, 1, stop, &full),
                 std::size_t(0));
        const auto written = [&] {
            return std::stoull(client().query(
                "SELECT (SELECT count() FROM " +
                sqlTable(tenant.warehouseDatabase, "sort_index_ready") +
                ") + (SELECT count() FROM " + sqlTable(tenant.warehouseDatabase, "sort_index") +
                ") + (SELECT count() FROM " + sqlTable(tenant.warehouseDatabase, "sort_rows") +
                ") FORMAT TabSeparated"));
        };
        QCOMPARE(written(), 0ULL);
        auto q = creditsOf(tenant);
        q.sortBy = column(q, "original_loan_amount");
        QVERIFY(!readIndexedPage(client(), q));
        const DiskBudget roomy(m_dir.path().toStdString(), DiskReserve::parse("0"));
        QVERIFY(buildTenantSortIndexes(m_agent->services(), tenant.id, 1, stop, &roomy) > 0);
        QVERIFY(written() > 0);
        const auto indexed = readIndexedPage(client(), q);
        QVERIFY(indexed);
        QCOMPARE(*indexed, readDataPage(client(), q));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;
    Tenant m_tenant;
    std::mt19937 m_random{14};
    std::size_t m_turn = 0;
    std::string m_period;

    ClickHouseClient& client() { return m_agent->services().clickhouse(); }

    void run(LoanType loanType) {
        SyncRequest r{m_tenant.id, loanType};
        r.force = true;
        const auto log = m_agent->services().syncEngine().run(r);
        if (log.status != SyncStatus::Completed)
            qFatal("sync failed: %s", log.errorSummary.c_str());
        m_period = log.period;
    }

    // A new tenant with the RETAIL credit sample synced (its sync config off: only forced syncs).
    Tenant retailTenant(const char* id) {
        const auto tenant = m_agent->newTenant(id, id);
        SyncConfigChange off;
        off.enabled = false;
        SyncConfigRepository(m_agent->db(), tenant.schema).update(LoanType::Retail, off);
        m_agent->services().uploadIntake().stageFile(tenant, LoanType::Retail, FileType::Credit,
                                                     sample(LoanType::Retail, FileType::Credit),
                                                     "test");
        SyncRequest r{tenant.id, LoanType::Retail};
        r.force = true;
        if (m_agent->services().syncEngine().run(r).status != SyncStatus::Completed)
            qFatal("the sync of %s failed", id);
        return tenant;
    }

    // The tenant's RETAIL credit page (unsorted, first page).
    DataQuery creditsOf(const Tenant& tenant) {
        DataQuery q;
        q.database = tenant.warehouseDatabase;
        q.live = LiveBatchRepository(m_agent->db(), tenant.schema).load();
        q.loanType = LoanType::Retail;
        return q;
    }

    std::size_t build() {
        const std::atomic<bool> stop{false};
        return buildTenantSortIndexes(m_agent->services(), m_tenant.id, 1, stop);
    }

    // Every file kind's view of each loan type and of both, as the data routes read them.
    std::vector<DataQuery> views() {
        return defaultDataViews(m_tenant.warehouseDatabase,
                                LiveBatchRepository(m_agent->db(), m_tenant.schema).load());
    }

    static const core::FieldSpec* column(const DataQuery& q, std::string_view name) {
        for (const auto* f : visibleColumns(q.file, q.loanType))
            if (f->name == name) return f;
        return nullptr;
    }

    std::set<std::string> indexedViews() {
        std::set<std::string> views;
        for (const auto& row :
             parseTsv(client().query("SELECT DISTINCT view FROM " +
                                     sqlTable(m_tenant.warehouseDatabase, "sort_index_ready") +
                                     " FORMAT TabSeparated")))
            views.insert(row.at(0));
        return views;
    }

    // For the key order and every column, both directions: `pages` random pages plus the first,
    // the last and one beyond the end, each equal to the SQL sort's. Returns the pages compared.
    std::size_t compareAll(const DataQuery& view, int pages) {
        std::size_t compared = 0;
        std::vector<const core::FieldSpec*> columns = {nullptr};
        for (const auto* f : visibleColumns(view.file, view.loanType))
            columns.push_back(f);
        const auto total = readDataPage(client(), view).at("total").get<std::uint64_t>();
        for (const auto* f : columns)
            for (const bool descending : {false, true}) {
                auto q = view;
                q.sortBy = f;
                q.descending = descending;
                // A random page, then in turn the first, the last or one beyond the end.
                std::vector<std::pair<std::uint64_t, std::uint64_t>> asked;
                const std::pair<std::uint64_t, std::uint64_t> edges[] = {
                    {0, 50}, {total - std::min<std::uint64_t>(total, 37), 50}, {total + 5, 20}};
                asked.push_back(edges[m_turn++ % std::size(edges)]);
                for (int i = 0; i < pages; ++i)
                    asked.emplace_back(m_random() % (total + 1), 1 + m_random() % 200);
                for (const auto& [offset, limit] : asked) {
                    q.offset = offset;
                    q.limit = limit;
                    const auto indexed = readIndexedPage(client(), q);
                    const auto what = sortViewId(q) + " by " + std::string(f ? f->name : "key") +
                                      (descending ? " desc" : " asc") + " offset " +
                                      std::to_string(offset) + " limit " + std::to_string(limit);
                    QTest::qVerify(indexed.has_value(), "indexed", what.c_str(), __FILE__,
                                   __LINE__);
                    if (!indexed) return compared;
                    const auto sql = readDataPage(client(), q);
                    if (*indexed != sql) {
                        QTest::qFail(
                            (what + ": " + json::diff(sql, *indexed).dump().substr(0, 600)).c_str(),
                            __FILE__, __LINE__);
                        return compared;
                    }
                    ++compared;
                }
            }
        return compared;
    }
};

QTEST_GUILESS_MAIN(TestSortIndex)
#include "tst_sortindex.moc"
