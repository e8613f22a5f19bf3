// Housekeeping against a real PostgreSQL and ClickHouse: the janitor drops staging tables no
// running sync owns, removes partial and orphaned upload files, deletes old findings, rejected
// rows and superseded uploads while the live package and its findings stay; and a sync with a
// tiny cap stores exactly that many findings and rejected rows and says how many it only counted.
// Each case runs the janitor on its own tenant, so tests sharing the databases are not touched.

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <thread>

#include "agent/api/syncjson.h"
#include "agent/maintenance/janitor.h"
#include "agent/services.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/synclock.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/livedata.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/ids.h"
#include "agent/warehouse/warehouse.h"
#include "support/inprocessagent.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using namespace std::chrono_literals;
using core::FileType;
using core::LoanType;
namespace fs = std::filesystem;

namespace {

std::string sample(const char* bank, LoanType loanType, FileType fileType) {
    return std::string(FINDATA_SAMPLE_DIR) + "/" + bank + "/" +
           std::string(core::toText(loanType)) + "/" + std::string(core::toText(fileType)) + ".csv";
}

void writeFile(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

class TestJanitor final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_agent = std::make_unique<test::InProcessAgent>();
    }
    void cleanupTestCase() { m_agent.reset(); }

    // A sync that could not drop its staging tables (ClickHouse down as it ended) and tables
    // of a sync nobody knows go; those of a running sync stay until it ends.
    void stagingTablesOfNoRunningSyncAreDropped() {
        const auto t = newTenant();
        SyncLogRepository logs(db(), t.schema);
        const auto finished = logs.create(NewSyncLog{});
        logs.finish(finished.id, SyncStatus::Failed, {});
        const auto running = logs.create(NewSyncLog{});
        // A running sync holds its lock: without it, any agent starting meanwhile on these
        // databases would take the sync for an interrupted one and end it.
        auto lock = SyncLock::tryAcquire(db(), t.id, core::LoanType::Retail);
        QVERIFY(lock);
        const std::string unknown = stagingKey(newUuid());
        auto& warehouse = m_agent->services().warehouse();
        for (const auto& key : {stagingKey(finished.id), stagingKey(running.id), unknown})
            warehouse.createStaging(t.warehouseDatabase, key);
        QCOMPARE(warehouse.stagingTables(t.warehouseDatabase).size(), std::size_t(6));

        // Any agent starting meanwhile on these databases may drop the leftovers first (its
        // start-up pass covers every tenant): what counts is what is left.
        const auto report = janitor().runTenant(t);
        QVERIFY(report.stagingTables <= 4);
        const auto left = warehouse.stagingTables(t.warehouseDatabase);
        QCOMPARE(left.size(), std::size_t(2));
        for (const auto& table : left)
            QVERIFY2(table.ends_with(stagingKey(running.id)), table.c_str());

        // Once the sync has ended, its tables are leftovers too.
        logs.finish(running.id, SyncStatus::Failed, {});
        lock.reset();
        QVERIFY(janitor().runTenant(t).stagingTables <= 2);
        QVERIFY(warehouse.stagingTables(t.warehouseDatabase).empty());
    }

    // Partial files of crashed uploads and staged files without a record go; recorded files, a
    // partial file still being written and a fresh unrecorded file (an upload between its
    // commit and its record) stay.
    void strayUploadFilesAreRemoved() {
        const auto t = newTenant();
        stage(t, "BANK001", LoanType::Retail);
        const auto recorded = UploadRepository(db(), t.schema).list();
        QCOMPARE(recorded.size(), std::size_t(2));

        const fs::path dir = m_agent->services().uploads().directory() / t.id / "RETAIL" / "credit";
        const fs::path crashed = dir / ".dead.csv.gz.partial-AbC123";
        writeFile(crashed, "half an upload");
        const fs::path orphan = dir / (newUuid() + ".csv.gz");
        writeFile(orphan, std::string(4096, 'x'));
        fs::last_write_time(orphan, fs::file_time_type::clock::now() - 2h);
        const fs::path fresh = dir / (newUuid() + ".csv.gz");
        writeFile(fresh, "just committed");
        auto live = m_agent->services().uploads().begin(t.id, "RETAIL", "credit", newUuid());
        live->write("still arriving");

        JanitorOptions options;
        options.orphanFileGrace = 10min;
        Janitor janitor(db(), m_agent->services().warehouse(), m_agent->services().uploads(),
                        options);
        const auto report = janitor.runTenant(t);
        QCOMPARE(report.partialFiles, std::uint64_t(1));
        QCOMPARE(report.orphanFiles, std::uint64_t(1));
        QCOMPARE(report.bytesFreed, std::uint64_t(4096));
        QVERIFY(!fs::exists(crashed));
        QVERIFY(!fs::exists(orphan));
        QVERIFY(fs::exists(fresh));
        for (const auto& upload : recorded)
            QVERIFY2(fs::exists(upload.path), upload.path.c_str());
        // The upload in progress commits afterwards as if nothing happened.
        QVERIFY(fs::exists(live->commit().path));
        QVERIFY(janitor.metrics().find("findata_janitor_removed_total{what=\"orphan_files\"} 1") !=
                std::string::npos);
    }

    // Retention in seconds: the findings and rejected rows of an old sync and the uploads
    // nothing needs go; the live package of each loan type, its findings, a staged upload and
    // the warehouse data stay.
    void retentionKeepsTheLivePackage() {
        const auto t = newTenant();
        // RETAIL: BANK003 (with findings and rejected rows), then BANK001 replaces it.
        const auto replaced = syncSample(t, "BANK003", LoanType::Retail);
        const auto liveRetail = syncSample(t, "BANK001", LoanType::Retail);
        // COMMERCIAL: BANK003 stays live, with its findings.
        const auto liveCommercial = syncSample(t, "BANK003", LoanType::Commercial);
        ValidationErrorRepository findings(db(), t.schema);
        RejectedRowRepository rejected(db(), t.schema);
        QVERIFY(findings.count(replaced.id) > 0);
        QVERIFY(rejected.count(replaced.id, std::nullopt) > 0);
        const auto liveFindings = findings.count(liveCommercial.id);
        const auto liveRejected = rejected.count(liveCommercial.id, std::nullopt);
        QVERIFY(liveFindings > 0);
        QVERIFY(liveRejected > 0);
        // A RETAIL credit file staged, then replaced by another before any sync: one SUPERSEDED
        // upload and one STAGED.
        auto& intake = m_agent->services().uploadIntake();
        QVERIFY(!intake
                     .stageFile(t, LoanType::Retail, FileType::Credit,
                                sample("BANK002", LoanType::Retail, FileType::Credit), "test")
                     .unchanged);
        // The same loans as the live BANK001 credits (CRLF line ends: other bytes), so the live
        // plan, re-checked against them, stays whole.
        const auto crlf = m_dir.filePath(QStringLiteral("bank001_crlf.csv")).toStdString();
        {
            std::ifstream in(sample("BANK001", LoanType::Retail, FileType::Credit));
            std::ofstream out(crlf, std::ios::binary);
            for (std::string line; std::getline(in, line);)
                out << line << "\r\n";
        }
        const auto staged = intake.stageFile(t, LoanType::Retail, FileType::Credit, crlf, "test");
        QVERIFY(staged.upload);

        UploadRepository uploads(db(), t.schema);
        QCOMPARE(uploads.count(), std::uint64_t(8));

        // Nothing is old enough with the default retention (the files of the synced and the
        // superseded uploads are compressed: their records name the .zst files now).
        QCOMPARE(janitor().runTenant(t).syncsPurged, std::uint64_t(0));
        QCOMPARE(uploads.count(), std::uint64_t(8));
        std::vector<Upload> keep, drop;
        for (const auto& u : uploads.list()) {
            const bool live = u.syncId == liveRetail.id || u.syncId == liveCommercial.id;
            (live || u.status == UploadStatus::Staged ? keep : drop).push_back(u);
        }
        QCOMPARE(keep.size(), std::size_t(5));
        QCOMPARE(drop.size(), std::size_t(3));  // BANK003 RETAIL's two, BANK002's credit

        std::this_thread::sleep_for(1100ms);
        JanitorOptions seconds;
        seconds.findingsRetention = 1s;
        seconds.uploadRetention = 1s;
        Janitor janitor(db(), m_agent->services().warehouse(), m_agent->services().uploads(),
                        seconds);
        const auto report = janitor.runTenant(t);

        QCOMPARE(findings.count(replaced.id), std::uint64_t(0));
        QCOMPARE(rejected.count(replaced.id, std::nullopt), std::uint64_t(0));
        QVERIFY(SyncLogRepository(db(), t.schema).find(replaced.id)->findingsPurgedAt);
        QCOMPARE(findings.count(liveCommercial.id), liveFindings);
        QCOMPARE(rejected.count(liveCommercial.id, std::nullopt), liveRejected);
        QVERIFY(!SyncLogRepository(db(), t.schema).find(liveCommercial.id)->findingsPurgedAt);
        QCOMPARE(report.uploads, std::uint64_t(3));
        for (const auto& u : drop) {
            QVERIFY(!uploads.find(u.id));
            QVERIFY2(!fs::exists(u.path), u.path.c_str());
        }
        for (const auto& u : keep) {
            QVERIFY(uploads.find(u.id));
            QVERIFY2(fs::exists(u.path), u.path.c_str());
        }
        QCOMPARE(liveRowCount(m_agent->services().database(), m_agent->services().warehouse(), t,
                              FileType::Credit, LoanType::Retail),
                 std::uint64_t(300));
        // The staged credit file still syncs; it replaces BANK001's credit file, which the next
        // pass deletes, while BANK001's payment plan, re-checked against it, stays live.
        QCOMPARE(m_agent->services().syncEngine().run({t.id, LoanType::Retail}).status,
                 SyncStatus::Completed);
        std::this_thread::sleep_for(1100ms);
        QCOMPARE(janitor.runTenant(t).uploads, std::uint64_t(1));
        QCOMPARE(uploads.count(), std::uint64_t(4));
        QCOMPARE(uploads.live().size(), std::size_t(4));
    }

    // Uploads are stored as sent and compressed once a sync loaded them (not while a sync of the
    // tenant runs): the record then names the zstd file (a third of the bytes, the same
    // SHA-256), the file as sent is an orphan the sweep removes after its grace, a staged upload
    // stays as sent, and a later sync re-checks the live plan from its compressed file.
    void syncedUploadsAreCompressed() {
        const auto t = newTenant();
        const auto first = syncSample(t, "BANK001", LoanType::Retail);
        QCOMPARE(first.status, SyncStatus::Completed);
        const auto syncedPlanRows = first.payment.rowsRead;
        UploadRepository uploads(db(), t.schema);
        const auto synced = uploads.list();
        QCOMPARE(synced.size(), std::size_t(2));
        for (const auto& u : synced)
            QVERIFY2(UploadStore::isUncompressed(u.path), u.path.c_str());
        // The next delivery: BANK001's credits without the last loan.
        std::string credits;
        {
            std::ifstream in(sample("BANK001", LoanType::Retail, FileType::Credit));
            credits.assign(std::istreambuf_iterator<char>(in), {});
        }
        credits.resize(credits.rfind('\n', credits.size() - 2) + 1);
        const auto nextCredits = m_dir.filePath(QStringLiteral("next-credit.csv")).toStdString();
        std::ofstream(nextCredits, std::ios::binary) << credits;
        QVERIFY(!m_agent->services()
                     .uploadIntake()
                     .stageFile(t, LoanType::Retail, FileType::Credit, nextCredits, "test")
                     .unchanged);
        const auto staged = uploads.latestStaged(LoanType::Retail, FileType::Credit);
        QVERIFY(staged);

        JanitorOptions options;
        options.orphanFileGrace = 1s;
        Janitor janitor(db(), m_agent->services().warehouse(), m_agent->services().uploads(),
                        options);
        {
            // Not while a sync runs: it needs both cores. Its lock keeps agents starting
            // meanwhile from ending it as interrupted.
            SyncLogRepository logs(db(), t.schema);
            const auto running = logs.create(NewSyncLog{});
            auto lock = SyncLock::tryAcquire(db(), t.id, LoanType::Commercial);
            QVERIFY(lock);
            const auto deferred = janitor.runTenant(t);
            QCOMPARE(deferred.compressedUploads, std::uint64_t(0));
            QCOMPARE(deferred.compressionsDeferred, std::uint64_t(1));
            for (const auto& u : synced)
                QCOMPARE(uploads.find(u.id)->path, u.path);
            logs.finish(running.id, SyncStatus::Failed, {});
        }
        QCOMPARE(janitor.runTenant(t).compressedUploads, std::uint64_t(2));
        for (const auto& before : synced) {
            const auto now = uploads.find(before.id);
            QVERIFY(now);
            QCOMPARE(now->path, before.path + ".zst");
            QVERIFY(now->storedBytes < before.sizeBytes / 2);
            QCOMPARE(now->sha256, before.sha256);
            QVERIFY(fs::exists(before.path));  // until the grace has passed
            std::string back;
            m_agent->services().uploads().read(now->path, now->sha256,
                                               [&](std::string_view c) { back.append(c); });
            QCOMPARE(back.size(), std::size_t(before.sizeBytes));
        }
        QCOMPARE(uploads.find(staged->id)->path, staged->path);  // staged: as sent
        QVERIFY(janitor.metrics().find("findata_janitor_compressed_uploads_total 2") !=
                std::string::npos);

        std::this_thread::sleep_for(1100ms);
        const auto sweep = janitor.runTenant(t);
        QCOMPARE(sweep.orphanFiles, std::uint64_t(2));
        QCOMPARE(sweep.compressedUploads, std::uint64_t(0));
        for (const auto& before : synced)
            QVERIFY2(!fs::exists(before.path), before.path.c_str());

        // The new credits alone: BANK001's live plan is read again, from its zstd file, whole.
        const auto next = m_agent->services().syncEngine().run({t.id, LoanType::Retail});
        QCOMPARE(next.status, SyncStatus::Completed);
        QCOMPARE(next.credit.rowsRead, std::uint64_t(299));
        QCOMPARE(next.payment.rowsRead, syncedPlanRows);
        QVERIFY(next.payment.rowsRejected > 0);  // the dropped loan's installments
    }

    // Past the caps findings and rejected rows are only counted, per field and rule, and the
    // sync log says so.
    void capsStoreExactlyTheCap() {
        const auto t = newTenant();
        stage(t, "BANK003", LoanType::Retail);
        SyncEngine capped(db(), m_agent->services().warehouse(), m_agent->services().uploads(),
                          SyncEngine::Limits{5, 3, 24h, 0});
        const auto log = capped.run({t.id, LoanType::Retail});
        QCOMPARE(log.status, SyncStatus::Completed);
        const auto all = log.errors + log.warnings;
        QVERIFY(all > 5);
        QCOMPARE(ValidationErrorRepository(db(), t.schema).count(log.id), std::uint64_t(5));
        QCOMPARE(log.findingsNotStored, all - 5);
        std::uint64_t grouped = 0;
        for (const auto& group : log.findingsOverflow)
            grouped += group.at("count").get<std::uint64_t>();
        QCOMPARE(grouped, all - 5);
        const auto rowsRejected = log.credit.rowsRejected + log.payment.rowsRejected;
        QVERIFY(rowsRejected > 3);
        QCOMPARE(RejectedRowRepository(db(), t.schema).count(log.id, std::nullopt),
                 std::uint64_t(3));
        QCOMPARE(log.rejectedRowsNotStored, rowsRejected - 3);
        const auto json = toJson(log);
        QCOMPARE(json.at("findings_truncated").get<bool>(), true);
        QCOMPARE(json.at("findings_not_stored").get<std::uint64_t>(), all - 5);
        QCOMPARE(json.at("rejected_rows_not_stored").get<std::uint64_t>(), rowsRejected - 3);
        QVERIFY(json.at("findings_overflow").is_array());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_agent;

    Database& db() { return m_agent->db(); }
    Janitor& janitor() { return m_agent->services().janitor(); }

    Tenant newTenant() { return m_agent->newTenant("JAN", "janitor"); }

    void stage(const Tenant& t, const char* bank, LoanType loanType) {
        for (const auto ft : core::kFileTypes)
            QVERIFY(!m_agent->services()
                         .uploadIntake()
                         .stageFile(t, loanType, ft, sample(bank, loanType, ft), "test")
                         .unchanged);
    }

    SyncLog syncSample(const Tenant& t, const char* bank, LoanType loanType) {
        stage(t, bank, loanType);
        auto log = m_agent->services().syncEngine().run({t.id, loanType});
        if (log.status != SyncStatus::Completed)
            qWarning("sync of %s failed: %s", bank, log.errorSummary.c_str());
        return log;
    }
};

QTEST_GUILESS_MAIN(TestJanitor)
#include "tst_janitor.moc"
