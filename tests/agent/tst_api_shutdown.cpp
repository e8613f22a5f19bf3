// SIGTERM while a sync runs: the agent starts no new sync, lets the running one finish, exits 0,
// and a restart finds a consistent store (the sync COMPLETED, nothing left staged or running).

#include <QtTest>
#include <fstream>

#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/agentprocess.h"
#include "support/testdatabases.h"

using namespace findata;
using namespace findata::agent;

class TestApiShutdown final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sigtermDuringASyncLetsItFinish() {
        const auto t = test::createTestTenant("STOP");
        auto agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(agent->ok(), agent->output().constData());

        // A 200,000-row package staged where the agent reads its uploads.
        Database db(test::testDatabases().pg);
        UploadStore store(agent->dataDir().toStdString() + "/uploads");
        UploadIntake intake(db, store, UploadStore::kUnlimited);
        const auto tenant = *TenantRepository(db).find(t.id.toStdString());
        const std::string path = agent->dataDir().toStdString() + "/credit.csv";
        {
            core::GeneratorOptions o;
            o.creditRows = 200000;
            o.seed = 17;
            std::ofstream out(path, std::ios::binary);
            core::generateCredit(o,
                                 [&](std::string_view s) { out.write(s.data(), long(s.size())); });
        }
        QVERIFY(
            !intake.stageFile(tenant, core::LoanType::Retail, core::FileType::Credit, path, "test")
                 .unchanged);

        test::ApiClient client(agent->url(), t.key);
        const auto started = client.post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(started.status, 202);
        const auto id = started.json().value(QLatin1String("sync_id")).toString().toStdString();
        SyncLogRepository logs(db, tenant.schema);
        QTRY_VERIFY_WITH_TIMEOUT(logs.find(id)->status == SyncStatus::Validating, 30000);

        QCOMPARE(agent->stop(120000), 0);
        const auto finished = logs.find(id);
        QCOMPARE(finished->status, SyncStatus::Completed);
        QCOMPARE(finished->credit.rowsLoaded, std::uint64_t(200000));
        ClickHouseClient ch(test::testDatabases().clickhouse);
        QCOMPARE(Warehouse(ch).rowCount(tenant.warehouseDatabase, core::FileType::Credit,
                                        core::LoanType::Retail),
                 std::uint64_t(200000));

        // A restart serves again; nothing is left running or staged for this loan type.
        test::AgentProcess again;
        QVERIFY2(again.ok(), again.output().constData());
        test::ApiClient second(again.url(), t.key);
        QCOMPARE(second
                     .post(QStringLiteral("/api/sync/"),
                           {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}})
                     .status,
                 422);
        QVERIFY(logs.unfinished().empty());
        Warehouse(ch).dropTenant(tenant.warehouseDatabase);
    }
};

QTEST_GUILESS_MAIN(TestApiShutdown)
#include "tst_api_shutdown.moc"
