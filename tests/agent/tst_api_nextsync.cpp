// "Unchanged" through a real `findata-agent serve`: an upload identical to the live (or the
// staged) file is recorded as UNCHANGED, linked to the upload it equals, and every upload answer
// (API and `load-csv`) says what the next sync of the loan type does with each file type. The
// sync log of that API sync carries its per-file records with matching control totals.

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>
#include <memory>

#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata::test;

namespace {

const QString kNew = QStringLiteral("new");
const QString kKept = QStringLiteral("unchanged: live data kept and re-checked");
const QString kNone = QStringLiteral("none staged");

QString sample(const QString& relative) {
    return QStringLiteral(FINDATA_SAMPLE_DIR "/") + relative;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QString nextOf(const ApiReply& reply, const char* fileType) {
    return reply.json()[QLatin1String("next_sync")].toObject()[QLatin1String(fileType)].toString();
}

}  // namespace

class TestApiNextSync final : public QObject {
    Q_OBJECT

    std::unique_ptr<AgentProcess> m_agent;
    TestTenant m_tenant;
    std::unique_ptr<ApiClient> m_api;

    ApiReply upload(const QString& fileType, const QString& bank) {
        return m_api->send("POST",
                           QStringLiteral("/api/uploads/?loan_type=COMMERCIAL&file_type=%1"
                                          "&filename=%1.csv")
                               .arg(fileType),
                           readFile(sample(bank + QStringLiteral("/COMMERCIAL/") + fileType +
                                           QStringLiteral(".csv"))),
                           "text/csv");
    }

    QJsonObject syncNow() {
        const auto started =
            m_api->post(QStringLiteral("/api/sync/"),
                        {{QStringLiteral("loan_type"), QStringLiteral("COMMERCIAL")}});
        if (started.status != 202) qWarning("%s", started.body.constData());
        const auto id = started.json()[QLatin1String("sync_id")].toString();
        for (int i = 0; i < 30; ++i) {
            const auto log =
                m_api->get(QStringLiteral("/api/sync/logs/%1/?wait=20").arg(id)).json();
            if (!log[QLatin1String("running")].toBool()) return log;
        }
        return {};
    }

    // `findata-agent load-csv` of one file on the same databases; its output.
    QByteArray loadCsv(const QString& fileType, const QString& bank) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        const auto& urls = testDatabases();
        p.start(QStringLiteral(FINDATA_AGENT_BINARY),
                {QStringLiteral("load-csv"), QStringLiteral("--tenant"), m_tenant.id,
                 QStringLiteral("--loan-type"), QStringLiteral("COMMERCIAL"),
                 QStringLiteral("--file-type"), fileType, QStringLiteral("--file"),
                 sample(bank + QStringLiteral("/COMMERCIAL/") + fileType + QStringLiteral(".csv")),
                 QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                 QStringLiteral("--clickhouse-url"), QString::fromStdString(urls.clickhouse),
                 QStringLiteral("--data-dir"), m_agent->dataDir()});
        if (!p.waitForFinished(120000)) return "load-csv did not finish";
        return p.readAll();
    }

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = createTestTenant("NXT");
        m_api = std::make_unique<ApiClient>(m_agent->url(), m_tenant.key);
    }

    void newFilesBeforeTheFirstSync() {
        const auto credit = upload(QStringLiteral("credit"), QStringLiteral("BANK001"));
        QCOMPARE(credit.status, 201);
        QCOMPARE(nextOf(credit, "credit"), kNew);
        QCOMPARE(nextOf(credit, "payment_plan"), kNone);
        const auto plan = upload(QStringLiteral("payment_plan"), QStringLiteral("BANK001"));
        QCOMPARE(plan.status, 201);
        QCOMPARE(nextOf(plan, "credit"), kNew);
        QCOMPARE(nextOf(plan, "payment_plan"), kNew);

        const auto log = syncNow();
        QCOMPARE(log[QLatin1String("status")].toString(), QStringLiteral("COMPLETED"));
        // The sync log's per-file records, the existing "files" object as it was.
        const auto records = log[QLatin1String("file_records")].toArray();
        QCOMPARE(records.size(), 2);
        for (const auto& r : records) {
            const auto record = r.toObject();
            QCOMPARE(record[QLatin1String("source")].toString(), QStringLiteral("upload"));
            const auto totals = record[QLatin1String("control_totals")].toObject();
            QCOMPARE(totals[QLatin1String("matches")].toBool(), true);
            QCOMPARE(totals[QLatin1String("file")], totals[QLatin1String("warehouse")]);
            QCOMPARE(totals[QLatin1String("file")].toObject()[QLatin1String("rows")].toInteger(),
                     record[QLatin1String("rows_accepted")].toInteger());
        }
        QCOMPARE(records[0].toObject()[QLatin1String("upload_id")].toString(),
                 credit.json()[QLatin1String("id")].toString());
        QCOMPARE(records[0].toObject()[QLatin1String("sha256")].toString(),
                 credit.json()[QLatin1String("sha256")].toString());
        QCOMPARE(log[QLatin1String("files")]
                     .toObject()[QLatin1String("credit")]
                     .toObject()[QLatin1String("rows_loaded")]
                     .toInteger(),
                 200);
        m_livePlan = plan.json()[QLatin1String("id")].toString();
        // The engine marks the uploads SYNCED a moment after the log says COMPLETED.
        for (const auto& id : {credit.json()[QLatin1String("id")].toString(), m_livePlan})
            QTRY_COMPARE_WITH_TIMEOUT(m_api->get(QStringLiteral("/api/uploads/%1/").arg(id))
                                          .json()[QLatin1String("status")]
                                          .toString(),
                                      QStringLiteral("SYNCED"), 10000);
    }

    // The live plan again: recorded UNCHANGED, linked to the live upload, and the next sync
    // keeps and re-checks both live files.
    void theLiveFileAgainIsRecordedUnchanged() {
        const auto again = upload(QStringLiteral("payment_plan"), QStringLiteral("BANK001"));
        QCOMPARE(again.status, 200);
        const auto answer = again.json();
        QCOMPARE(answer[QLatin1String("status")].toString(), QStringLiteral("unchanged"));
        QVERIFY2(answer[QLatin1String("reason")].toString().contains(QLatin1String("last synced")),
                 again.body.constData());
        QCOMPARE(answer[QLatin1String("same_as")].toString(), m_livePlan);
        QCOMPARE(nextOf(again, "credit"), kKept);
        QCOMPARE(nextOf(again, "payment_plan"), kKept);
        const auto id = answer[QLatin1String("upload_id")].toString();
        const auto record = m_api->get(QStringLiteral("/api/uploads/%1/").arg(id)).json();
        QCOMPARE(record[QLatin1String("status")].toString(), QStringLiteral("UNCHANGED"));
        QCOMPARE(record[QLatin1String("same_as")].toString(), m_livePlan);
        QCOMPARE(record[QLatin1String("stored_bytes")].toInteger(), 0);
        const auto listed = m_api->get(QStringLiteral("/api/uploads/?status=UNCHANGED"))
                                .json()[QLatin1String("uploads")]
                                .toArray();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].toObject()[QLatin1String("id")].toString(), id);
        // Nothing is staged: an unchanged upload alone does not make a sync.
        QCOMPARE(m_api->get(QStringLiteral("/api/uploads/?status=STAGED"))
                     .json()[QLatin1String("uploads")]
                     .toArray()
                     .size(),
                 0);
    }

    // A new credit file with the plan unchanged: the answer says so for each file type, in the
    // API and in load-csv's output.
    void aNewCreditWithTheSamePlan() {
        const auto credit = upload(QStringLiteral("credit"), QStringLiteral("BANK002"));
        QCOMPARE(credit.status, 201);
        QCOMPARE(credit.json()[QLatin1String("status")].toString(), QStringLiteral("STAGED"));
        QCOMPARE(nextOf(credit, "credit"), kNew);
        QCOMPARE(nextOf(credit, "payment_plan"), kKept);
        // The staged file again: unchanged, linked to the staged upload, still "new".
        const auto twice = upload(QStringLiteral("credit"), QStringLiteral("BANK002"));
        QCOMPARE(twice.status, 200);
        QCOMPARE(twice.json()[QLatin1String("same_as")].toString(),
                 credit.json()[QLatin1String("id")].toString());
        QCOMPARE(nextOf(twice, "credit"), kNew);

        const auto output = loadCsv(QStringLiteral("payment_plan"), QStringLiteral("BANK001"));
        QVERIFY2(output.contains("unchanged, not staged"), output.constData());
        QVERIFY2(
            output.contains("next COMMERCIAL sync: credit new; payment_plan " + kKept.toUtf8()),
            output.constData());
    }

    void cleanupTestCase() { m_agent.reset(); }

private:
    QString m_livePlan;
};

QTEST_GUILESS_MAIN(TestApiNextSync)
#include "tst_api_nextsync.moc"
