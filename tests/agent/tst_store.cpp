#include "agent/embedded/embeddedpostgres.h"
#include "agent/store/apikeys.h"
#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/rejectedrows.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/synclock.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/store/uploads.h"
#include "agent/store/validationerrors.h"
#include "agent/util/ids.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <thread>

using namespace findata::agent;
using findata::core::ErrorType;
using findata::core::FileType;
using findata::core::Finding;
using findata::core::LoanType;
using findata::core::Severity;
using namespace std::chrono_literals;

namespace {

std::string sha(char c) {
    return std::string(64, c);
}

NewUpload newUpload(LoanType loanType, FileType fileType, char shaDigit) {
    NewUpload u;
    u.loanType = loanType;
    u.fileType = fileType;
    u.originalName = "credit.csv";
    u.path = "/staging/" + newUuid() + ".csv.gz";
    u.sizeBytes = 1000;
    u.storedBytes = 300;
    u.sha256 = sha(shaDigit);
    u.uploadedBy = "test";
    return u;
}

NewSyncLog syncRequest(LoanType loanType, SyncTrigger trigger, std::string actor) {
    NewSyncLog request;
    request.loanType = loanType;
    request.trigger = trigger;
    request.actor = std::move(actor);
    return request;
}

// The finding number i of the bulk test: 5 fields × 4 error types, every 4th a warning.
Finding bulkFinding(std::uint64_t i) {
    static const char* const kFields[] = {"customer_id", "days_past_due", "loan_start_date",
                                          "original_loan_amount", "kkdf_rate"};
    static const ErrorType kTypes[] = {ErrorType::Required, ErrorType::Type, ErrorType::Range,
                                       ErrorType::Consistency};
    Finding f;
    f.line = i + 2;
    f.field = kFields[i % 5];
    f.type = kTypes[(i / 5) % 4];
    f.severity = f.type == ErrorType::Consistency ? Severity::Warning : Severity::Error;
    f.message = "value " + std::to_string(i) + " is wrong; tab\there, backslash \\ and 'quote'";
    f.value = "raw\n" + std::to_string(i);
    return f;
}

}  // namespace

class TestStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void migrateIsIdempotent();
    void apiKeyShape();
    void apiKeyHashing_data();
    void apiKeyHashing();
    void tenantLifecycle();
    void invalidTenantIdIsRefused_data();
    void invalidTenantIdIsRefused();
    void tenantsAreIsolated();
    void uploadSupersedesStagedOfSameKind();
    void syncLogLifecycle();
    void syncConfigsDefaultsAndUpdates();
    void validationErrorsAllKeptPagedAndGrouped();
    void validationErrorsBelongToAnExistingSync();
    void rejectedRowsKeepBytesAndPageByKeyset();
    void auditLogRecordsNewestFirst();
    void syncLockIsExclusivePerTenantAndLoanType();
    void survivesServerRestart();
    void lateServerIsAwaited();
    void unreachableServerIsExplained();

private:
    std::filesystem::path pgDir() const {
        return std::filesystem::path(m_tmp.path().toStdString()) / "pg";
    }

    QTemporaryDir m_tmp;
    std::unique_ptr<EmbeddedPostgres> m_pg;
    std::string m_url;
    std::unique_ptr<Database> m_db;
    Tenant m_bankA;
    Tenant m_bankB;
};

void TestStore::initTestCase() {
    QVERIFY(m_tmp.isValid());
    if (qEnvironmentVariableIsSet("FINDATA_KEEP_TEST_DIRS")) m_tmp.setAutoRemove(false);
    // As root PostgreSQL runs as another account, which must be able to walk into the temp dir.
    QVERIFY(QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                    QFile::ExeOwner | QFile::ExeGroup |
                                                    QFile::ExeOther));
    m_pg = std::make_unique<EmbeddedPostgres>();
    m_url = m_pg->start(pgDir());
    m_db = std::make_unique<Database>(m_url);
    const MigrationReport first = migrate(*m_db);
    QCOMPARE(first.publicApplied, static_cast<int>(publicMigrations().size()));

    TenantRepository tenants(*m_db);
    m_bankA = tenants.create("BANKA", "Bank A").tenant;
    m_bankB = tenants.create("BANKB", "Bank B").tenant;
}

void TestStore::cleanupTestCase() {
    m_db.reset();
    m_pg.reset();
}

void TestStore::migrateIsIdempotent() {
    const MigrationReport again = migrate(*m_db);
    QCOMPARE(again.publicApplied, 0);
    QCOMPARE(again.tenantApplied, 0);
    QVERIFY(again.tenants >= 2);

    // Every tenant schema records each tenant migration exactly once.
    const auto [versions, rows] = m_db->transact([](pqxx::work& tx) {
        const auto row =
            tx.exec1("SELECT count(DISTINCT version), count(*) FROM bankb.schema_migrations");
        return std::pair(row[0].as<int>(), row[1].as<int>());
    });
    QCOMPARE(versions, static_cast<int>(tenantMigrations().size()));
    QCOMPARE(rows, versions);

    // Two agents starting together: both migrate, neither fails.
    Database other(m_url);
    auto a = std::async(std::launch::async, [&] { return migrate(*m_db); });
    auto b = std::async(std::launch::async, [&] { return migrate(other); });
    QCOMPARE(a.get().publicApplied + b.get().publicApplied, 0);
}

void TestStore::apiKeyShape() {
    const std::string key = generateApiKey();
    QCOMPARE(key.size(), std::size_t(8 + 48));
    QVERIFY(key.starts_with("sk_live_"));
    QVERIFY(looksLikeApiKey(key));
    QCOMPARE(apiKeyPrefix(key), key.substr(0, 16));
    QVERIFY(generateApiKey() != key);
    QVERIFY(isUuid(newUuid()));
    QCOMPARE(newUuid()[14], '4');  // version 4
    QCOMPARE(randomHex(5).size(), std::size_t(10));
}

void TestStore::apiKeyHashing_data() {
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<bool>("matches");
    QTest::addRow("the key itself") << QStringLiteral("KEY") << true;
    QTest::addRow("another key") << QStringLiteral("OTHER") << false;
    QTest::addRow("the key with a changed last digit") << QStringLiteral("LASTDIGIT") << false;
    QTest::addRow("empty") << QString() << false;
}

void TestStore::apiKeyHashing() {
    QFETCH(QString, candidate);
    QFETCH(bool, matches);
    const std::string key = generateApiKey();
    QElapsedTimer timer;
    timer.start();
    const std::string hash = hashApiKey(key);
    const qint64 hashMs = timer.elapsed();
    QVERIFY(hash.starts_with("pbkdf2_sha256$" + std::to_string(kApiKeyHashIterations) + "$"));
    QVERIFY(hash.find(key) == std::string::npos);
    QVERIFY(hash.find(key.substr(8)) == std::string::npos);
    QVERIFY(hashApiKey(key) != hash);  // salted

    std::string probe;
    if (candidate == QLatin1String("KEY")) probe = key;
    if (candidate == QLatin1String("OTHER")) probe = generateApiKey();
    if (candidate == QLatin1String("LASTDIGIT")) {
        probe = key;
        probe.back() = probe.back() == '0' ? '1' : '0';
    }
    timer.restart();
    QCOMPARE(verifyApiKey(probe, hash), matches);
    const qint64 verifyMs = timer.elapsed();
    qInfo("PBKDF2-SHA256 × %d: hash %lld ms, verify %lld ms", kApiKeyHashIterations, hashMs,
          verifyMs);
    // An unoptimised, sanitized build (the asan preset) says nothing about the cost per request.
#if !defined(__SANITIZE_ADDRESS__)
    QVERIFY2(verifyMs < 50, "verifying a key must stay cheap enough for every request");
#endif

    // A damaged stored hash never matches.
    QVERIFY(!verifyApiKey(key, hash.substr(0, hash.size() - 2)));
    QVERIFY(!verifyApiKey(key, "pbkdf2_sha256$x$salt$hash"));
    QVERIFY(!verifyApiKey(key, ""));
}

void TestStore::tenantLifecycle() {
    TenantRepository tenants(*m_db);
    const CreatedTenant created = tenants.create("BANK001", "First Bank");
    QCOMPARE(created.tenant.id, "BANK001");
    QCOMPARE(created.tenant.schema, "bank001");
    QCOMPARE(created.tenant.warehouseDatabase, "bank001_dw");
    QCOMPARE(created.tenant.keyPrefix, apiKeyPrefix(created.apiKey));
    QVERIFY(created.tenant.active);
    QVERIFY(looksLikeApiKey(created.apiKey));

    // Stored: prefix and hash only, never the key.
    const auto [prefix, hash] = m_db->transact([](pqxx::work& tx) {
        const auto row =
            tx.exec1("SELECT prefix, hash FROM public.api_keys WHERE tenant_id = 'BANK001'");
        return std::pair(row[0].as<std::string>(), row[1].as<std::string>());
    });
    QCOMPARE(prefix, created.apiKey.substr(0, 16));
    QVERIFY(hash.find(created.apiKey.substr(16)) == std::string::npos);
    QVERIFY(hash != created.apiKey);

    const auto found = tenants.find("BANK001");
    QVERIFY(found);
    QCOMPARE(found->name, "First Bank");
    QVERIFY(!tenants.find("NOSUCHBANK"));
    QVERIFY(!tenants.find("bank001'; DROP TABLE x; --"));

    std::set<std::string> ids;
    for (const Tenant& t : tenants.list())
        ids.insert(t.id);
    QVERIFY(ids.count("BANK001") && ids.count("BANKA") && ids.count("BANKB"));

    try {
        tenants.create("BANK001", "Again");
        QFAIL("a second BANK001 was created");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::Conflict);
    }

    // Authentication: the key works, a wrong key with the right prefix does not.
    const auto me = tenants.authenticate(created.apiKey);
    QVERIFY(me);
    QCOMPARE(me->id, "BANK001");
    std::string forged = created.apiKey;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    QVERIFY(!tenants.authenticate(forged));
    QVERIFY(!tenants.authenticate(generateApiKey()));
    QVERIFY(!tenants.authenticate("sk_live_short"));
    QVERIFY(!tenants.authenticate(""));

    // Rotation: the new key works, the old one is dead at once.
    const std::string rotated = tenants.rotateKey("BANK001");
    QVERIFY(rotated != created.apiKey);
    QVERIFY(!tenants.authenticate(created.apiKey));
    const auto afterRotation = tenants.authenticate(rotated);
    QVERIFY(afterRotation);
    QCOMPARE(afterRotation->keyPrefix, apiKeyPrefix(rotated));

    try {
        tenants.rotateKey("NOSUCHBANK");
        QFAIL("rotated the key of a tenant that does not exist");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::NotFound);
    }

    // A disabled tenant cannot authenticate.
    tenants.setActive("BANK001", false);
    QVERIFY(!tenants.authenticate(rotated));
    tenants.setActive("BANK001", true);
    QVERIFY(tenants.authenticate(rotated));
}

void TestStore::invalidTenantIdIsRefused_data() {
    QTest::addColumn<QString>("id");
    QTest::addRow("lower case") << QStringLiteral("bank002");
    QTest::addRow("starts with a digit") << QStringLiteral("1BANK");
    QTest::addRow("one character") << QStringLiteral("B");
    QTest::addRow("32 characters") << QString(32, QLatin1Char('B'));
    QTest::addRow("quote injection") << QStringLiteral("BANK\"; DROP SCHEMA public; --");
    QTest::addRow("dash") << QStringLiteral("BANK-2");
    QTest::addRow("empty") << QString();
}

void TestStore::invalidTenantIdIsRefused() {
    QFETCH(QString, id);
    TenantRepository tenants(*m_db);
    const std::size_t before = tenants.list().size();
    try {
        tenants.create(id.toStdString(), "Bad");
        QFAIL("an invalid tenant id was accepted");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::Invalid);
    }
    QCOMPARE(tenants.list().size(), before);
}

void TestStore::tenantsAreIsolated() {
    SyncLogRepository logsA(*m_db, m_bankA.schema);
    SyncLogRepository logsB(*m_db, m_bankB.schema);
    const SyncLog a = logsA.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));
    QVERIFY(logsA.find(a.id));
    QVERIFY(!logsB.find(a.id));
    for (const SyncLog& s : logsB.list())
        QVERIFY(s.id != a.id);

    UploadRepository uploadsA(*m_db, m_bankA.schema);
    UploadRepository uploadsB(*m_db, m_bankB.schema);
    const Upload u = uploadsA.add(newUpload(LoanType::Commercial, FileType::PaymentPlan, 'e'));
    QVERIFY(!uploadsB.find(u.id));
    QVERIFY(!uploadsB.latestStaged(LoanType::Commercial, FileType::PaymentPlan));
    QVERIFY(!uploadsB.markDeleted(u.id));
    QCOMPARE(uploadsA.find(u.id)->status, UploadStatus::Staged);

    // A schema name that is not a plain identifier never reaches SQL.
    try {
        SyncLogRepository evil(*m_db, "banka\".sync_logs; --");
        QFAIL("an unchecked schema name was accepted");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::Invalid);
    }
}

void TestStore::uploadSupersedesStagedOfSameKind() {
    UploadRepository uploads(*m_db, m_bankA.schema);
    const Upload first = uploads.add(newUpload(LoanType::Retail, FileType::Credit, 'a'));
    const Upload payment = uploads.add(newUpload(LoanType::Retail, FileType::PaymentPlan, 'b'));
    const Upload commercial = uploads.add(newUpload(LoanType::Commercial, FileType::Credit, 'c'));
    QCOMPARE(first.status, UploadStatus::Staged);
    QCOMPARE(uploads.latestStaged(LoanType::Retail, FileType::Credit)->id, first.id);

    const Upload second = uploads.add(newUpload(LoanType::Retail, FileType::Credit, 'd'));
    QCOMPARE(uploads.find(first.id)->status, UploadStatus::Superseded);
    QCOMPARE(uploads.latestStaged(LoanType::Retail, FileType::Credit)->id, second.id);
    // Other kinds are untouched.
    QCOMPARE(uploads.find(payment.id)->status, UploadStatus::Staged);
    QCOMPARE(uploads.find(commercial.id)->status, UploadStatus::Staged);

    // Concurrent uploads of one kind: exactly one stays STAGED.
    std::vector<std::future<Upload>> racing;
    for (int i = 0; i < 6; ++i) {
        racing.push_back(std::async(std::launch::async, [&] {
            return uploads.add(newUpload(LoanType::Retail, FileType::Credit, 'f'));
        }));
    }
    for (auto& f : racing)
        f.get();
    QCOMPARE(uploads.list(LoanType::Retail, UploadStatus::Staged).size(), std::size_t(2));

    // Unchanged detection: the sha256 of the last synced upload of the kind.
    QVERIFY(!uploads.lastSyncedSha256(LoanType::Retail, FileType::PaymentPlan));
    SyncLogRepository logs(*m_db, m_bankA.schema);
    const SyncLog sync =
        logs.create(syncRequest(LoanType::Retail, SyncTrigger::Scheduled, "scheduler"));
    uploads.markSynced(payment.id, sync.id);
    const auto synced = uploads.find(payment.id);
    QCOMPARE(synced->status, UploadStatus::Synced);
    QCOMPARE(synced->syncId, sync.id);
    QVERIFY(synced->syncedAt);
    QVERIFY(!uploads.latestStaged(LoanType::Retail, FileType::PaymentPlan));
    QCOMPARE(uploads.lastSyncedSha256(LoanType::Retail, FileType::PaymentPlan), sha('b'));

    // Deleting: once, and a deleted upload is neither staged nor syncable.
    QVERIFY(uploads.markDeleted(commercial.id));
    QVERIFY(!uploads.markDeleted(commercial.id));
    QVERIFY(!uploads.latestStaged(LoanType::Commercial, FileType::Credit));
    try {
        uploads.markSynced(commercial.id, sync.id);
        QFAIL("a deleted upload was marked synced");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::Conflict);
    }
    // A synced then deleted upload is still what is live.
    QVERIFY(uploads.markDeleted(payment.id));
    QCOMPARE(uploads.lastSyncedSha256(LoanType::Retail, FileType::PaymentPlan), sha('b'));

    auto bad = newUpload(LoanType::Retail, FileType::Credit, 'a');
    bad.sha256 = "XYZ";
    QVERIFY_THROWS_EXCEPTION(StoreError, uploads.add(bad));
}

void TestStore::syncLogLifecycle() {
    SyncLogRepository logs(*m_db, m_bankB.schema);
    UploadRepository uploads(*m_db, m_bankB.schema);
    const Upload credit = uploads.add(newUpload(LoanType::Commercial, FileType::Credit, '1'));

    NewSyncLog request =
        syncRequest(LoanType::Commercial, SyncTrigger::Manual, "api:sk_live_12345678");
    request.creditUploadId = credit.id;
    const SyncLog created = logs.create(request);
    QVERIFY(isUuid(created.id));
    QCOMPARE(created.status, SyncStatus::Started);
    QCOMPARE(created.batchId, created.id);
    QCOMPARE(created.owner, thisProcessOwner());
    QCOMPARE(created.creditUploadId, credit.id);
    QVERIFY(!created.paymentUploadId);
    QVERIFY(!created.finishedAt);

    QCOMPARE(logs.unfinished().size(), std::size_t(1));

    SyncLogUpdate validating;
    validating.status = SyncStatus::Validating;
    validating.progressRows = 5000;
    validating.stageTimings = nlohmann::json{{"FETCHING", 12}};
    logs.update(created.id, validating);

    SyncLogUpdate counts;
    counts.credit = FileCounts{1000, 990, 10};
    counts.payment = FileCounts{12000, 11950, 50};
    counts.warnings = 7;
    counts.errors = 60;
    counts.stageTimings = nlohmann::json{{"VALIDATING", 345}};
    counts.swapStarted = true;
    logs.update(created.id, counts);

    auto running = logs.find(created.id);
    QVERIFY(running);
    QCOMPARE(running->status, SyncStatus::Validating);
    QCOMPARE(running->progressRows, std::uint64_t(5000));
    QCOMPARE(running->payment.rowsRejected, std::uint64_t(50));
    QCOMPARE(running->credit.rowsRead, std::uint64_t(1000));
    QVERIFY(running->swapStarted);
    // Stage timings are merged, not replaced.
    QCOMPARE(running->stageTimings.dump(),
             (nlohmann::json{{"FETCHING", 12}, {"VALIDATING", 345}}).dump());
    QVERIFY(running->heartbeatAt >= created.heartbeatAt);

    // A final status only through finish().
    SyncLogUpdate premature;
    premature.status = SyncStatus::Completed;
    QVERIFY_THROWS_EXCEPTION(StoreError, logs.update(created.id, premature));

    SyncLogUpdate last;
    last.errorSummary = "60 rows rejected (0.5 %)";
    logs.finish(created.id, SyncStatus::Completed, last);
    const auto done = logs.find(created.id);
    QCOMPARE(done->status, SyncStatus::Completed);
    QVERIFY(done->finishedAt);
    QVERIFY(*done->finishedAt >= done->startedAt);
    QCOMPARE(done->errorSummary, "60 rows rejected (0.5 %)");
    QCOMPARE(done->credit.rowsLoaded + done->credit.rowsRejected, done->credit.rowsRead);
    QVERIFY(logs.unfinished().empty());

    // A finished log is never rewritten.
    try {
        logs.update(created.id, validating);
        QFAIL("a finished sync was updated");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::Conflict);
    }
    try {
        logs.heartbeat(newUuid());
        QFAIL("an unknown sync was updated");
    } catch (const StoreError& e) {
        QCOMPARE(e.kind(), StoreError::Kind::NotFound);
    }

    // History: newest first, filtered by loan type, limited.
    const SyncLog retail =
        logs.create(syncRequest(LoanType::Retail, SyncTrigger::Scheduled, "scheduler"));
    const SyncLog newest =
        logs.create(syncRequest(LoanType::Commercial, SyncTrigger::Retry, "scheduler"));
    const auto history = logs.list();
    QCOMPARE(history.size(), std::size_t(3));
    QCOMPARE(history.front().id, newest.id);
    QCOMPARE(history.back().id, created.id);
    const auto commercial = logs.list(LoanType::Commercial);
    QCOMPARE(commercial.size(), std::size_t(2));
    for (const auto& s : commercial)
        QCOMPARE(s.loanType, LoanType::Commercial);
    QCOMPARE(logs.list(std::nullopt, 1).size(), std::size_t(1));
    QCOMPARE(logs.list(std::nullopt, 10, 2).front().id, created.id);
    QCOMPARE(newest.trigger, SyncTrigger::Retry);

    // Crash recovery sees both unfinished syncs, oldest first.
    const auto interrupted = logs.unfinished();
    QCOMPARE(interrupted.size(), std::size_t(2));
    QCOMPARE(interrupted.front().id, retail.id);
    for (const auto& s : interrupted) {
        SyncLogUpdate why;
        why.errorSummary = "interrupted by a restart";
        logs.finish(s.id, SyncStatus::Failed, why);
    }
    QVERIFY(logs.unfinished().empty());
    QVERIFY(!logs.find("not-a-uuid"));
}

void TestStore::syncConfigsDefaultsAndUpdates() {
    SyncConfigRepository configs(*m_db, m_bankA.schema);
    const auto all = configs.list();
    QCOMPARE(all.size(), std::size_t(2));
    for (const SyncConfig& c : all) {
        QVERIFY(c.enabled);
        QCOMPARE(c.interval, 60s);
        QCOMPARE(c.rejectThreshold, 0.5);
        QCOMPARE(c.maxRetries, 2);
        QCOMPARE(c.retryDelay, 60s);
        QVERIFY(!c.lastSyncStatus);
    }

    SyncConfigChange change;
    change.enabled = false;
    change.rejectThreshold = 0.25;
    change.interval = 300s;
    const SyncConfig updated = configs.update(LoanType::Commercial, change);
    QVERIFY(!updated.enabled);
    QCOMPARE(updated.rejectThreshold, 0.25);
    QCOMPARE(updated.interval, 300s);
    QCOMPARE(updated.maxRetries, 2);  // untouched
    QCOMPARE(configs.getById(updated.id)->loanType, LoanType::Commercial);
    QVERIFY(configs.get(LoanType::Retail)->enabled);  // the other loan type is untouched

    SyncConfigChange invalid;
    invalid.rejectThreshold = 1.5;
    QVERIFY_THROWS_EXCEPTION(StoreError, configs.update(LoanType::Retail, invalid));
    invalid = {};
    invalid.interval = 0s;
    QVERIFY_THROWS_EXCEPTION(StoreError, configs.update(LoanType::Retail, invalid));
    QCOMPARE(configs.get(LoanType::Retail)->interval, 60s);

    const Timestamp at =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    configs.recordResult(LoanType::Retail, SyncStatus::Failed, at);
    const auto recorded = configs.get(LoanType::Retail);
    QCOMPARE(recorded->lastSyncStatus, SyncStatus::Failed);
    QVERIFY(recorded->lastSyncAt == at);
}

void TestStore::validationErrorsAllKeptPagedAndGrouped() {
    constexpr std::uint64_t kFindings = 100'000;
    SyncLogRepository logs(*m_db, m_bankA.schema);
    const SyncLog sync = logs.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));

    QElapsedTimer timer;
    timer.start();
    ValidationErrorWriter writer(*m_db, m_bankA.schema, sync.id);
    for (std::uint64_t i = 0; i < kFindings; ++i) {
        writer.add(i < 60'000 ? FileType::Credit : FileType::PaymentPlan, bulkFinding(i));
    }
    QCOMPARE(writer.finish(), kFindings);
    const qint64 ms = std::max<qint64>(timer.elapsed(), 1);
    qInfo("wrote %llu validation errors in %lld ms: %.0f rows/s",
          static_cast<unsigned long long>(kFindings), ms, kFindings * 1000.0 / ms);

    ValidationErrorRepository errors(*m_db, m_bankA.schema);
    QCOMPARE(errors.count(sync.id), kFindings);  // all kept, no 50,000 cap

    // Paging: the last page, in write order, with values intact.
    timer.restart();
    const auto tail = errors.page(sync.id, {}, kFindings - 30, 50);
    qInfo("last page (offset %llu) read in %lld ms",
          static_cast<unsigned long long>(kFindings - 30), timer.elapsed());
    QCOMPARE(tail.size(), std::size_t(30));
    for (std::size_t k = 1; k < tail.size(); ++k)
        QVERIFY(tail[k].id > tail[k - 1].id);
    const Finding expected = bulkFinding(kFindings - 1);
    QCOMPARE(tail.back().line, expected.line);
    QCOMPARE(tail.back().field, expected.field);
    QCOMPARE(tail.back().type, expected.type);
    QCOMPARE(tail.back().severity, expected.severity);
    QCOMPARE(tail.back().message, expected.message);
    QCOMPARE(tail.back().rawValue, expected.value);
    QCOMPARE(tail.back().fileType, FileType::PaymentPlan);

    // Pages do not overlap and cover everything in order.
    const auto page1 = errors.page(sync.id, {}, 0, 1000);
    const auto page2 = errors.page(sync.id, {}, 1000, 1000);
    QCOMPARE(page1.size(), std::size_t(1000));
    QVERIFY(page2.front().id > page1.back().id);
    QCOMPARE(page2.front().line, bulkFinding(1000).line);

    // Filters.
    ValidationErrorFilter byField;
    byField.field = "kkdf_rate";
    QCOMPARE(errors.count(sync.id, byField), kFindings / 5);
    ValidationErrorFilter warnings;
    warnings.severity = Severity::Warning;
    warnings.fileType = FileType::Credit;
    QCOMPARE(errors.count(sync.id, warnings), std::uint64_t(60'000 / 4));
    for (const auto& r : errors.page(sync.id, warnings, 0, 100)) {
        QCOMPARE(r.type, ErrorType::Consistency);
        QCOMPARE(r.fileType, FileType::Credit);
    }

    // Groups: the expected counts, summing to the whole.
    std::map<std::tuple<FileType, std::string, ErrorType>, std::uint64_t> expectedGroups;
    for (std::uint64_t i = 0; i < kFindings; ++i) {
        const Finding f = bulkFinding(i);
        ++expectedGroups[{i < 60'000 ? FileType::Credit : FileType::PaymentPlan, f.field, f.type}];
    }
    timer.restart();
    const auto groups = errors.groups(sync.id);
    qInfo("grouped %llu errors in %lld ms", static_cast<unsigned long long>(kFindings),
          timer.elapsed());
    QCOMPARE(groups.size(), expectedGroups.size());
    std::uint64_t total = 0;
    for (const auto& g : groups) {
        QCOMPARE(g.count, (expectedGroups[{g.fileType, g.field, g.type}]));
        QCOMPARE(g.severity,
                 g.type == ErrorType::Consistency ? Severity::Warning : Severity::Error);
        total += g.count;
    }
    QCOMPARE(total, kFindings);
    QCOMPARE(errors.groups(sync.id, FileType::PaymentPlan).size(), std::size_t(20));

    // Another sync's errors are not mixed in.
    const SyncLog other = logs.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));
    QCOMPARE(errors.count(other.id), std::uint64_t(0));

    // Bytes that are not UTF-8 (a Latin-1 file) are stored, not refused.
    ValidationErrorWriter latin1(*m_db, m_bankA.schema, other.id);
    Finding f = bulkFinding(0);
    f.value = "Kapal\xfd";  // "Kapalı" in ISO-8859-9
    latin1.add(FileType::Credit, f);
    QCOMPARE(latin1.finish(), std::uint64_t(1));
    QCOMPARE(errors.page(other.id, {}, 0, 1).front().rawValue, "Kapal\xef\xbf\xbd");
}

// Findings are written without a foreign-key check per row (tenant migration 12); what the key
// guaranteed still holds: no finding of a sync that does not exist, and deleting a sync log
// deletes its findings.
void TestStore::validationErrorsBelongToAnExistingSync() {
    ValidationErrorRepository errors(*m_db, m_bankA.schema);
    const std::string ghost = newUuid();
    {
        ValidationErrorWriter writer(*m_db, m_bankA.schema, ghost, 2);
        for (std::uint64_t i = 0; i < 3; ++i)
            try {
                writer.add(FileType::Credit, bulkFinding(i));
            } catch (const StoreError&) {  // the first batch's failure, met by a later add
            }
        try {
            writer.finish();
            QFAIL("findings of a sync that does not exist were stored");
        } catch (const StoreError& e) {
            QCOMPARE(e.kind(), StoreError::Kind::Invalid);
            QVERIFY2(std::string(e.what()).find(ghost) != std::string::npos, e.what());
        }
    }
    QCOMPARE(errors.count(ghost), std::uint64_t(0));

    SyncLogRepository logs(*m_db, m_bankA.schema);
    const SyncLog kept = logs.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));
    const SyncLog deleted = logs.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));
    for (const auto& sync : {kept, deleted}) {
        ValidationErrorWriter writer(*m_db, m_bankA.schema, sync.id, 10);
        for (std::uint64_t i = 0; i < 25; ++i)
            writer.add(FileType::Credit, bulkFinding(i));
        QCOMPARE(writer.finish(), std::uint64_t(25));
    }
    m_db->transact([&](pqxx::work& tx) {
        tx.exec_params0("DELETE FROM " + m_bankA.schema + ".sync_logs WHERE id = $1", deleted.id);
    });
    QCOMPARE(errors.count(deleted.id), std::uint64_t(0));
    QCOMPARE(errors.count(kept.id), std::uint64_t(25));
}

void TestStore::rejectedRowsKeepBytesAndPageByKeyset() {
    SyncLogRepository logs(*m_db, m_bankB.schema);
    const SyncLog sync = logs.create(syncRequest(LoanType::Retail, SyncTrigger::Manual, "test"));
    const Timestamp now = std::chrono::system_clock::now();

    const std::string latin1Row = "LOAN_1;I;Kapal\xfd;\t\\N;1\\2";
    {
        RejectedRowWriter first(*m_db, m_bankB.schema, sync.id, now + 1h, 2);
        first.add(FileType::Credit, 5, latin1Row, "customer_type: not in I/T/V");
        first.add(FileType::Credit, 9, "LOAN_2;;", "customer_id: required");
        first.add(FileType::PaymentPlan, 3, "LOAN_2;1", "loan_account_number: unknown loan");
        QCOMPARE(first.finish(), std::uint64_t(3));
    }
    {
        // A cap of 1: the second row is only counted.
        RejectedRowWriter capped(*m_db, m_bankB.schema, sync.id, now + 1h);
        capped.limitTo(1);
        capped.add(FileType::Credit, 12, "LOAN_3;;", "customer_id: required");
        capped.add(FileType::Credit, 13, "LOAN_4;;", "customer_id: required");
        QCOMPARE(capped.finish(), std::uint64_t(1));
        QCOMPARE(capped.notStored(), std::uint64_t(1));
    }

    RejectedRowRepository rejected(*m_db, m_bankB.schema);
    QCOMPARE(rejected.count(sync.id, std::nullopt), std::uint64_t(4));
    const auto credit = rejected.page(sync.id, FileType::Credit, std::nullopt, 10);
    QCOMPARE(credit.size(), std::size_t(3));
    QCOMPARE(credit.front().line, std::uint64_t(5));
    QCOMPARE(credit.front().raw, latin1Row);  // byte for byte, for fix and resubmit
    QCOMPARE(credit.front().reasons, "customer_type: not in I/T/V");

    // Keyset pages: after the cursor of the last row seen, in (file type, line, id) order.
    const auto first = rejected.page(sync.id, std::nullopt, std::nullopt, 2);
    QCOMPARE(first.size(), std::size_t(2));
    const auto& last = first.back();
    const auto rest = rejected.page(sync.id, std::nullopt,
                                    RejectedRowCursor{last.fileType, last.line, last.id}, 10);
    QCOMPARE(rest.size(), std::size_t(2));
    QCOMPARE(rest.front().line, std::uint64_t(12));
    QCOMPARE(rest.back().fileType, FileType::PaymentPlan);
}

void TestStore::auditLogRecordsNewestFirst() {
    AuditLog audit(*m_db, m_bankA.schema);
    audit.record("cli", "tenant.create", {{"tenant", "BANKA"}});
    audit.record("api:sk_live_abcdef01", "key.rotate", {{"old_prefix", "sk_live_00000000"}});
    const auto entries = audit.list(10);
    QCOMPARE(entries.size(), std::size_t(2));
    QCOMPARE(entries.front().action, "key.rotate");
    QCOMPARE(entries.front().details.at("old_prefix").get<std::string>(), "sk_live_00000000");
    QCOMPARE(entries.back().actor, "cli");
    QVERIFY(AuditLog(*m_db, m_bankB.schema).list().empty());
    QVERIFY_THROWS_EXCEPTION(StoreError, audit.record("cli", ""));
}

void TestStore::syncLockIsExclusivePerTenantAndLoanType() {
    // A second Database stands for a second agent sharing the PostgreSQL.
    Database otherAgent(m_url);
    auto held = SyncLock::tryAcquire(*m_db, "BANKA", LoanType::Retail);
    QVERIFY(held);
    QVERIFY(held->isHeld());

    QVERIFY(!SyncLock::tryAcquire(otherAgent, "BANKA", LoanType::Retail));
    QVERIFY(!SyncLock::tryAcquire(*m_db, "BANKA", LoanType::Retail));  // also in-process
    auto commercial = SyncLock::tryAcquire(otherAgent, "BANKA", LoanType::Commercial);
    QVERIFY(commercial);
    auto otherTenant = SyncLock::tryAcquire(otherAgent, "BANKB", LoanType::Retail);
    QVERIFY(otherTenant);

    // Moving the lock keeps it held.
    std::optional<SyncLock> moved = std::move(held);
    QVERIFY(!SyncLock::tryAcquire(otherAgent, "BANKA", LoanType::Retail));

    moved.reset();
    held.reset();
    auto afterRelease = SyncLock::tryAcquire(otherAgent, "BANKA", LoanType::Retail);
    QVERIFY(afterRelease);
    afterRelease->release();
    QVERIFY(!afterRelease->isHeld());
    QVERIFY(SyncLock::tryAcquire(*m_db, "BANKA", LoanType::Retail));
}

void TestStore::survivesServerRestart() {
    TenantRepository tenants(*m_db);
    QVERIFY(tenants.find("BANKA"));
    auto lock = SyncLock::tryAcquire(*m_db, "BANKA", LoanType::Commercial);
    QVERIFY(lock);

    m_pg->stop();
    QCOMPARE(m_pg->start(pgDir()), m_url);  // same port: the URL stays valid

    // Every pooled connection is dead now; the next calls reconnect and retry.
    QVERIFY(tenants.find("BANKA"));
    QCOMPARE(SyncLogRepository(*m_db, m_bankA.schema).list(LoanType::Retail, 1).size(),
             std::size_t(1));
    QVERIFY(tenants.list().size() >= 3);

    // The lock died with its connection and says so; it can be taken again.
    QVERIFY(!lock->isHeld());
    QVERIFY(SyncLock::tryAcquire(*m_db, "BANKA", LoanType::Commercial));
}

void TestStore::lateServerIsAwaited() {
    m_pg->stop();
    // An agent starting before its database waits for it.
    Database::Options options;
    options.startTimeout = 60s;
    auto pending = std::async(std::launch::async, [&] {
        Database late(m_url, options);
        return TenantRepository(late).find("BANKB").has_value();
    });
    QCOMPARE(pending.wait_for(1500ms), std::future_status::timeout);
    // The server must be started from this thread (its parent-death signal is bound to it).
    m_pg->start(pgDir());
    QVERIFY(pending.get());
}

void TestStore::unreachableServerIsExplained() {
    m_pg->stop();
    Database::Options options;
    options.startTimeout = 1s;
    QElapsedTimer timer;
    timer.start();
    try {
        Database db(
            "postgresql://findata:secret@127.0.0.1:" + std::to_string(m_pg->port()) + "/findata",
            options);
        QFAIL("connected to a stopped server");
    } catch (const StoreError& e) {
        const QString message = QString::fromUtf8(e.what());
        QCOMPARE(e.kind(), StoreError::Kind::Unavailable);
        QVERIFY2(message.contains(QString::number(m_pg->port())), e.what());
        QVERIFY2(message.contains(QLatin1String("did not accept a connection")), e.what());
        QVERIFY2(!message.contains(QLatin1String("secret")), "the password leaked into an error");
    }
    QVERIFY(timer.elapsed() < 10'000);
    m_pg->start(pgDir());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
