// Warehouse schema migrations against a real PostgreSQL and ClickHouse: a tenant loaded by an
// older catalog gains the new catalog's columns without losing a row or a cent, the change is
// recorded in its store, a second start changes nothing, the next sync by the new catalog loads
// the new field, and a column whose type was changed by hand is reported, never rewritten.

#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <string>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/tenants.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/schemamigration.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/generator.h"
#include "support/testdatabases.h"

using namespace findata;
using namespace findata::agent;
using core::Catalog;
using core::FieldSpec;
using core::FieldType;
using core::FileType;
using core::LoanType;

namespace {

// The fields a bank might ask for next: optional amounts, on both loan types' files.
const FieldSpec kCollateral{"collateral_value", core::kBoth,         false,
                            FieldType::Amount,  core::CodeSet::None, 0,
                            std::nullopt,       "collateral value",  core::FieldRole::Amount};
const FieldSpec kPenalty{"penalty_interest", core::kBoth,       false, FieldType::Amount, {}, 0,
                         std::nullopt,       "penalty interest"};

Catalog extendedCatalog() {
    return Catalog::standard()
        .withField(FileType::Credit, kCollateral)
        .withField(FileType::PaymentPlan, kPenalty);
}

std::string generated(FileType file, LoanType loanType, std::uint64_t credits,
                      const Catalog& catalog, std::uint64_t seed) {
    core::GeneratorOptions o;
    o.loanType = loanType;
    o.creditRows = credits;
    o.paymentRows = credits * 3;
    o.seed = seed;
    std::string text;
    const auto sink = [&](std::string_view piece) { text.append(piece); };
    if (file == FileType::Credit)
        core::generateCredit(o, sink, catalog);
    else
        core::generatePaymentPlan(o, sink, catalog);
    return text;
}

}  // namespace

class TestWarehouseMigration final : public QObject {
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

    void olderTenantGainsTheNewColumns() {
        const Tenant t = newTenant();
        // Loaded by today's catalog, through a real sync.
        QTemporaryDir files;
        for (const auto file : core::kFileTypes) {
            const auto path =
                files.filePath(QString::fromUtf8(core::toText(file).data())).toStdString();
            writeFile(path, generated(file, LoanType::Retail, 150, Catalog::standard(), 3));
            const auto staged =
                m_services->uploadIntake().stageFile(t, LoanType::Retail, file, path, "test");
            QVERIFY2(!staged.unchanged, staged.reason.c_str());
        }
        const auto sync = m_services->syncEngine().run(
            SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test"});
        QCOMPARE(sync.status, SyncStatus::Completed);
        auto& warehouse = m_services->warehouse();
        const auto creditBefore =
            liveTotals(m_services->database(), warehouse, t, FileType::Credit, LoanType::Retail);
        const auto paymentBefore = liveTotals(m_services->database(), warehouse, t,
                                              FileType::PaymentPlan, LoanType::Retail);
        QCOMPARE(creditBefore.rows, std::uint64_t(150));

        // The next agent's catalog has one more field per file: both tables gain it.
        const Catalog extended = extendedCatalog();
        const auto applied = migrateTenantWarehouse(m_services->database(), warehouse, t, extended);
        QCOMPARE(applied.size(), std::size_t(2));
        QCOMPARE(applied[0].table, std::string("fact_credit"));
        QCOMPARE(applied[0].column, std::string("collateral_value"));
        QCOMPARE(applied[0].type, std::string("Nullable(Decimal(18, 2))"));
        QCOMPARE(applied[1].table, std::string("fact_payment"));
        QCOMPARE(applied[1].column, std::string("penalty_interest"));
        // In catalog order: right after the last field before it, ahead of the load columns.
        QCOMPARE(columnAfter(t, "fact_credit", "collateral_value"), std::string("batch_id"));
        QCOMPARE(columnAfter(t, "fact_payment", "penalty_interest"), std::string("batch_id"));

        // Not a row nor a cent changed; the rows loaded before read NULL there.
        QCOMPARE(
            liveTotals(m_services->database(), warehouse, t, FileType::Credit, LoanType::Retail)
                .amountSums,
            creditBefore.amountSums);
        QCOMPARE(liveTotals(m_services->database(), warehouse, t, FileType::PaymentPlan,
                            LoanType::Retail)
                     .amountSums,
                 paymentBefore.amountSums);
        QCOMPARE(scalar("SELECT countIf(isNull(collateral_value)) FROM " +
                        sqlTable(t.warehouseDatabase, "fact_credit")),
                 std::string("150"));

        // Recorded in the tenant's store, once; a second start finds nothing to do.
        const std::string recorded = recordedChanges(t);
        QCOMPARE(recorded, std::string("fact_credit.collateral_value Nullable(Decimal(18, 2));"
                                       "fact_payment.penalty_interest Nullable(Decimal(18, 2));"));
        QVERIFY(migrateTenantWarehouse(m_services->database(), warehouse, t, extended).empty());
        QVERIFY(pendingSchemaChanges(warehouse.client(), t.warehouseDatabase, extended).empty());
        QCOMPARE(recordedChanges(t), recorded);

        // The next sync, by an engine of the new catalog, loads the new field's values (the same
        // loans as before, so the live payment plan still matches them).
        const std::string path = files.filePath(QStringLiteral("extended.csv")).toStdString();
        writeFile(path, generated(FileType::Credit, LoanType::Retail, 150, extended, 3));
        const auto staged = m_services->uploadIntake().stageFile(t, LoanType::Retail,
                                                                 FileType::Credit, path, "test");
        QVERIFY2(!staged.unchanged, staged.reason.c_str());
        SyncEngine engine(m_services->database(), warehouse, m_services->uploads(), {}, extended);
        const auto next =
            engine.run(SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test"});
        QVERIFY2(next.status == SyncStatus::Completed, next.errorSummary.c_str());
        QCOMPARE(next.credit.rowsLoaded, std::uint64_t(150));
        QCOMPARE(
            liveRowCount(m_services->database(), warehouse, t, FileType::Credit, LoanType::Retail),
            std::uint64_t(150));
        QCOMPARE(scalar("SELECT countIf(isNull(collateral_value)) FROM " +
                        sqlTable(t.warehouseDatabase, "fact_credit") + " FINAL"),
                 std::string("0"));
        QCOMPARE(recordedChanges(t), recorded);  // the sync found nothing more to add
    }

    // A column an operator retyped by hand is reported with both types and left alone, and the
    // tenant's syncs refuse to write into it; other tenants are unaffected.
    void retypedColumnIsReportedNotRewritten() {
        const Tenant broken = newTenant();
        const Tenant fine = newTenant();
        auto& client = m_services->clickhouse();
        client.execute("ALTER TABLE " + sqlTable(broken.warehouseDatabase, "fact_credit") +
                       " MODIFY COLUMN outstanding_principal_balance Nullable(Float64)");
        const auto expectRefusal = [&](const std::string& what) {
            QVERIFY2(what.find("fact_credit.outstanding_principal_balance is Nullable(Float64)") !=
                         std::string::npos,
                     what.c_str());
            const auto& field =
                Catalog::standard().fields(FileType::Credit)[Catalog::standard().require(
                    FileType::Credit, "outstanding_principal_balance")];
            QVERIFY2(what.find("the field catalog wants " + core::warehouseType(field)) !=
                         std::string::npos,
                     what.c_str());
        };
        try {
            (void)pendingSchemaChanges(client, broken.warehouseDatabase, Catalog::standard());
            QFAIL("a retyped column was accepted");
        } catch (const WarehouseError& e) {
            expectRefusal(e.what());
        }
        try {
            m_services->warehouse().ensureTenant(broken.warehouseDatabase);
            QFAIL("ensureTenant accepted a retyped column");
        } catch (const WarehouseError& e) {
            expectRefusal(e.what());
        }
        // The start-up pass lists that tenant and carries on with the others.
        const auto report =
            migrateWarehouses(m_services->database(), m_services->warehouse(), Catalog::standard());
        bool listed = false;
        for (const auto& failure : report.failures) {
            QVERIFY2(failure.find(fine.id) == std::string::npos, failure.c_str());
            listed = listed || failure.find("tenant " + broken.id + ": ") == 0;
        }
        QVERIFY(listed);
        QCOMPARE(report.columnsAdded, 0);
        // Left as the operator made it.
        QCOMPARE(scalar("SELECT type FROM system.columns WHERE database = " +
                        sqlString(broken.warehouseDatabase) +
                        " AND table = 'fact_credit' AND name = 'outstanding_principal_balance'"),
                 std::string("Nullable(Float64)"));
        QCOMPARE(recordedChanges(broken), std::string());
    }

private:
    Tenant newTenant() {
        auto created =
            TenantRepository(m_services->database()).create(test::uniqueTenantId("WHM"), "wh");
        m_services->warehouse().ensureTenant(created.tenant.warehouseDatabase);
        m_databases.push_back(created.tenant.warehouseDatabase);
        return created.tenant;
    }
    static void writeFile(const std::string& path, const std::string& text) {
        QFile out(QString::fromStdString(path));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.data(), static_cast<qint64>(text.size()));
    }
    std::string scalar(const std::string& sql) {
        auto text = m_services->clickhouse().query(sql + " FORMAT TabSeparated");
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        return text;
    }
    // The column that follows `column` in the table's definition.
    std::string columnAfter(const Tenant& t, const char* table, const char* column) {
        const auto described = scalar(
            "SELECT name FROM system.columns WHERE database = " + sqlString(t.warehouseDatabase) +
            " AND table = " + sqlString(table));
        const std::string needle = std::string(column) + '\n';
        const auto at = described.find(needle);
        if (at == std::string::npos) return {};
        const auto next = described.substr(at + needle.size());
        return next.substr(0, next.find('\n'));
    }
    // "table.column type;" per recorded change, in order.
    std::string recordedChanges(const Tenant& t) {
        return m_services->database().transact([&](pqxx::work& tx) {
            std::string out;
            for (const auto& row :
                 tx.exec("SELECT fact_table, column_name, column_type FROM " +
                         qualifiedTable(t.schema, "warehouse_schema_changes") + " ORDER BY id"))
                out += row[0].as<std::string>() + '.' + row[1].as<std::string>() + ' ' +
                       row[2].as<std::string>() + ';';
            return out;
        });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Services> m_services;
    std::vector<std::string> m_databases;
};

QTEST_GUILESS_MAIN(TestWarehouseMigration)
#include "tst_warehousemigration.moc"
