// The evidence pack of a sync (GET /api/sync/logs/{id}/evidence/) and file-level findings,
// against a real `findata-agent serve` on the run's databases: BANK003's retail package is
// uploaded through the API and synced; its pack must match what this test computes on its own
// (SHA-256 and size of the files, the sync log's counts, the finding groups and their first lines
// counted from the findings API's CSV, the canonical SHA-256), `findata-agent evidence verify`
// accepts the saved JSON and HTML and rejects a one-byte change, and the HTML page shows the
// figures with every text escaped. A payment plan whose CONSISTENCY rule fires on almost every
// row gets one file-level group that leads the warnings, after the errors, in the API and the
// pack; all of its findings stay stored.

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMap>
#include <QMultiMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/store/database.h"
#include "agent/store/synclogs.h"
#include "agent/store/validationerrors.h"
#include "support/agentprocess.h"
#include "support/csvtext.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::test::AgentProcess;
using findata::test::ApiClient;
using findata::test::ApiReply;
using findata::test::parseCsv;

namespace {

QString samplePath(const QString& loanType, const QString& fileType) {
    return QStringLiteral("%1/BANK003/%2/%3.csv")
        .arg(QStringLiteral(FINDATA_SAMPLE_DIR), loanType, fileType);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The group of findings (file type, field, error type, severity) with its count and first lines,
// counted here from the findings API's CSV export (write order).
struct CountedGroup {
    qint64 count = 0;
    QList<qint64> firstLines;
};

QMap<QString, CountedGroup> countGroups(const QByteArray& csv) {
    QMap<QString, CountedGroup> groups;
    const auto records = parseCsv(csv);
    for (qsizetype i = 1; i < records.size(); ++i) {  // 0: the header
        const auto& r = records[i];
        if (r.size() < 7) continue;
        auto& g = groups[r[0] + u'|' + r[2] + u'|' + r[3] + u'|' + r[4]];
        ++g.count;
        if (g.firstLines.size() < 5) g.firstLines << r[1].toLongLong();
    }
    return groups;
}

QString groupKey(const QJsonObject& g) {
    return g.value(QLatin1String("file_type")).toString() + u'|' +
           g.value(QLatin1String("field")).toString() + u'|' +
           g.value(QLatin1String("error_type")).toString() + u'|' +
           g.value(QLatin1String("severity")).toString();
}

// The share in percent with one decimal, as the agent must state it: rounded half up, never
// "100.0" unless every row.
QString shareText(qint64 fired, qint64 rows) {
    qint64 tenths = (fired * 2000 + rows) / (rows * 2);
    if (fired < rows && tenths >= 1000) tenths = 999;
    return QStringLiteral("%1.%2").arg(tenths / 10).arg(tenths % 10);
}

// `findata-agent evidence verify FILE`: exit code and stdout.
std::pair<int, QString> verify(const QString& file) {
    QProcess process;
    process.start(QStringLiteral(FINDATA_AGENT_BINARY),
                  {QStringLiteral("evidence"), QStringLiteral("verify"), file});
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {-1, QStringLiteral("timed out")};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput())};
}

// BANK003's retail payment plan with every installment amount one cent off, so the amount no
// longer equals the sum of its components on (almost) every row.
QByteArray skewedPaymentPlan() {
    const auto lines =
        readAll(samplePath(QStringLiteral("RETAIL"), QStringLiteral("payment_plan"))).split('\n');
    QByteArray out = lines.value(0) + '\n';
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty()) continue;
        auto fields = lines[i].split(';');
        bool ok = false;
        const double amount = fields.value(4).toDouble(&ok);
        if (ok && fields.size() > 4) fields[4] = QByteArray::number(amount + 0.01, 'f', 2);
        out += fields.join(';') + '\n';
    }
    return out;
}

// The per-file record of a sync log: its "files" object today ({"credit": {…}, …}), or the
// entry of that file type when the log carries a "files" array of per-file records.
QJsonObject logFile(const QJsonObject& log, const QString& fileType) {
    const auto files = log.value(QLatin1String("files"));
    if (files.isObject()) return files.toObject().value(fileType).toObject();
    for (const auto& item : files.toArray())
        if (item.toObject().value(QLatin1String("file_type")).toString() == fileType)
            return item.toObject();
    return {};
}

// Rows accepted of a per-file record (rows_accepted, or rows_loaded in the older shape).
qint64 acceptedRows(const QJsonObject& file) {
    return file
        .value(file.contains(QLatin1String("rows_accepted")) ? QLatin1String("rows_accepted")
                                                             : QLatin1String("rows_loaded"))
        .toInteger();
}

// An amount as cents ("1234.5", "1.234,56" is not one of BANK003's forms; "1234,56" is).
qint64 cents(QString text) {
    text = text.trimmed().replace(u',', u'.');
    if (text.isEmpty()) return 0;
    const bool negative = text.startsWith(u'-');
    if (negative || text.startsWith(u'+')) text.remove(0, 1);
    const auto point = text.indexOf(u'.');
    const auto whole = point < 0 ? text : text.left(point);
    auto fraction = point < 0 ? QString() : text.mid(point + 1);
    fraction = (fraction + QStringLiteral("00")).left(2);
    const qint64 value = whole.toLongLong() * 100 + fraction.toLongLong();
    return negative ? -value : value;
}

QString centsText(qint64 value) {
    const auto sign = value < 0 ? QStringLiteral("-") : QString();
    value = std::abs(value);
    return sign + QString::number(value / 100) + u'.' +
           QStringLiteral("%1").arg(value % 100, 2, 10, QLatin1Char('0'));
}

}  // namespace

class TestEvidence final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        m_tenant = findata::test::createTestTenant("EVID");
        m_client = std::make_unique<ApiClient>(m_agent->url(), m_tenant.key);
        for (const auto* fileType : {"credit", "payment_plan"}) {
            const auto path = samplePath(QStringLiteral("RETAIL"), QLatin1String(fileType));
            QVERIFY(upload(QStringLiteral("RETAIL"), QLatin1String(fileType),
                           QStringLiteral("bank003-%1.csv").arg(QLatin1String(fileType)),
                           readAll(path)));
        }
        m_log = syncAndWait(QStringLiteral("RETAIL"));
        QCOMPARE(m_log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        m_syncId = m_log.value(QLatin1String("id")).toString();
        const auto reply = m_client->get(evidencePath(m_syncId));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("application/json"));
        m_body = reply.body;
        m_evidence = reply.json();
        QVERIFY(!m_evidence.isEmpty());
    }

    // The sync part is the sync log's.
    void syncPartIsTheLogs() {
        const auto sync = m_evidence.value(QLatin1String("sync")).toObject();
        QCOMPARE(sync.value(QLatin1String("id")).toString(), m_syncId);
        QCOMPARE(sync.value(QLatin1String("tenant")).toObject().value(QLatin1String("id")),
                 QJsonValue(m_tenant.id));
        for (const auto* key : {"loan_type", "trigger", "actor", "started_at", "finished_at",
                                "status", "stage_timings_ms", "rows_read", "rows_rejected"})
            QVERIFY2(sync.value(QLatin1String(key)) == m_log.value(QLatin1String(key)), key);
        QCOMPARE(sync.value(QLatin1String("rows_accepted")),
                 m_log.value(QLatin1String("rows_loaded")));
        QVERIFY(sync.value(QLatin1String("actor")).toString().startsWith(QLatin1String("api:")));
        QVERIFY(!sync.value(QLatin1String("stage_timings_ms")).toObject().isEmpty());
        QCOMPARE(m_evidence.value(QLatin1String("format")).toString(),
                 QStringLiteral("findata-evidence/1"));
    }

    // Each file: the bytes uploaded (SHA-256 and size computed here), who uploaded it, and the
    // counts of the sync log.
    void filesMatchTheUploadedBytes() {
        const auto files = m_evidence.value(QLatin1String("files")).toArray();
        QCOMPARE(files.size(), 2);
        for (const auto& item : files) {
            const auto file = item.toObject();
            const auto fileType = file.value(QLatin1String("file_type")).toString();
            const auto bytes = readAll(samplePath(QStringLiteral("RETAIL"), fileType));
            QVERIFY(!bytes.isEmpty());
            QCOMPARE(file.value(QLatin1String("sha256")).toString(),
                     QString::fromLatin1(
                         QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
            QCOMPARE(file.value(QLatin1String("size_bytes")).toInteger(), bytes.size());
            QCOMPARE(file.value(QLatin1String("original_name")).toString(),
                     QStringLiteral("bank003-%1.csv").arg(fileType));
            QCOMPARE(file.value(QLatin1String("source")).toString(), QStringLiteral("upload"));
            QVERIFY(file.value(QLatin1String("uploaded_by"))
                        .toString()
                        .startsWith(QLatin1String("api:")));
            QVERIFY(!file.value(QLatin1String("uploaded_at")).toString().isEmpty());
            const auto counts = logFile(m_log, fileType);
            QCOMPARE(file.value(QLatin1String("upload_id")),
                     counts.value(QLatin1String("upload_id")));
            QCOMPARE(file.value(QLatin1String("rows_read")),
                     counts.value(QLatin1String("rows_read")));
            QCOMPARE(file.value(QLatin1String("rows_accepted")).toInteger(), acceptedRows(counts));
            QCOMPARE(file.value(QLatin1String("rows_rejected")),
                     counts.value(QLatin1String("rows_rejected")));
            // BANK003's files have one record per line after the header.
            QCOMPARE(file.value(QLatin1String("rows_read")).toInteger(),
                     bytes.count('\n') - (bytes.endsWith('\n') ? 1 : 0));
            QVERIFY(file.value(QLatin1String("control_totals")).isObject());
        }
    }

    // Control totals (once the sync log records them per file): the sums in the file are the
    // sums of the accepted rows — every row of the file but the rejected ones, which the API
    // hands back byte for byte — computed here in cents; the warehouse's equal them.
    void controlTotalsMatchAnIndependentSum() {
        for (const auto& item : m_evidence.value(QLatin1String("files")).toArray()) {
            const auto file = item.toObject();
            const auto totals = file.value(QLatin1String("control_totals")).toObject();
            if (totals.value(QLatin1String("file")).isNull())
                QSKIP("this agent records no per-file control totals in the sync log yet");
            const auto fileType = file.value(QLatin1String("file_type")).toString();
            const auto bytes = readAll(samplePath(QStringLiteral("RETAIL"), fileType));
            const auto rejected = m_client->get(
                QStringLiteral("/api/sync/logs/%1/rejected/?file_type=%2").arg(m_syncId, fileType));
            QCOMPARE(rejected.status, 200);
            auto lines = bytes.split('\n');
            const auto header = QString::fromUtf8(lines.takeFirst()).trimmed().split(u';');
            QMultiMap<QByteArray, int> rejectedLines;
            for (const auto& line : rejected.body.split('\n').mid(1))
                if (!line.isEmpty()) rejectedLines.insert(line, 0);
            const auto inFile = totals.value(QLatin1String("file")).toObject();
            const auto sums = inFile.value(QLatin1String("sums")).toObject();
            QVERIFY(!sums.isEmpty());
            QMap<QString, qint64> expected;
            qint64 accepted = 0;
            for (const auto& line : lines) {
                if (line.isEmpty()) continue;
                if (const auto it = rejectedLines.find(line); it != rejectedLines.end()) {
                    rejectedLines.erase(it);
                    continue;
                }
                ++accepted;
                const auto fields = QString::fromUtf8(line).split(u';');
                for (auto it = sums.begin(); it != sums.end(); ++it)
                    expected[it.key()] += cents(fields.value(header.indexOf(it.key())));
            }
            QCOMPARE(inFile.value(QLatin1String("rows")).toInteger(), accepted);
            for (auto it = sums.begin(); it != sums.end(); ++it)
                QCOMPARE(it.value().toString(), centsText(expected[it.key()]));
            QCOMPARE(totals.value(QLatin1String("warehouse")).toObject(), inFile);
            QVERIFY(totals.value(QLatin1String("matches")).toBool());
        }
    }

    // The groups are the findings API's, counted here one by one, with their first lines; errors
    // come before warnings.
    void findingGroupsMatchTheFindings() {
        const auto csv =
            m_client->get(QStringLiteral("/api/sync/logs/%1/errors/?format=csv").arg(m_syncId));
        QCOMPARE(csv.status, 200);
        const auto counted = countGroups(csv.body);
        QVERIFY(!counted.isEmpty());
        const auto findings = m_evidence.value(QLatin1String("findings")).toObject();
        const auto groups = findings.value(QLatin1String("groups")).toArray();
        QCOMPARE(groups.size(), counted.size());
        qint64 total = 0;
        bool warningSeen = false;
        for (const auto& item : groups) {
            const auto g = item.toObject();
            const auto key = groupKey(g);
            QVERIFY2(counted.contains(key), qPrintable(key));
            QCOMPARE(g.value(QLatin1String("count")).toInteger(), counted[key].count);
            QList<qint64> lines;
            for (const auto& line : g.value(QLatin1String("first_lines")).toArray())
                lines << line.toInteger();
            QCOMPARE(lines, counted[key].firstLines);
            total += counted[key].count;
            const bool warning = g.value(QLatin1String("severity")).toString() == u"warning";
            QVERIFY2(warning || !warningSeen, "an error group after a warning group");
            warningSeen = warningSeen || warning;
        }
        QCOMPARE(findings.value(QLatin1String("stored")).toInteger(), total);
        QCOMPARE(findings.value(QLatin1String("errors")), m_log.value(QLatin1String("errors")));
        QCOMPARE(findings.value(QLatin1String("warnings")), m_log.value(QLatin1String("warnings")));
        // BANK003's CONSISTENCY warnings fire on under half the payment rows: a group of rows.
        const auto consistency = std::find_if(groups.begin(), groups.end(), [](const auto& v) {
            return v.toObject().value(QLatin1String("error_type")).toString() == u"CONSISTENCY";
        });
        QVERIFY(consistency != groups.end());
        QCOMPARE((*consistency).toObject().value(QLatin1String("scope")).toString(),
                 QStringLiteral("rows"));
    }

    // The rules in force and the software that applied them.
    void rulesAndSoftware() {
        const auto rules = m_evidence.value(QLatin1String("rules")).toObject();
        const auto configs = m_client->get(QStringLiteral("/api/sync/configs/")).json();
        double threshold = -1;
        for (const auto& c : configs.value(QLatin1String("items")).toArray())
            if (c.toObject().value(QLatin1String("loan_type")).toString() == u"RETAIL")
                threshold = c.toObject().value(QLatin1String("reject_threshold")).toDouble();
        QCOMPARE(rules.value(QLatin1String("reject_threshold")).toDouble(), threshold);
        const auto caps = rules.value(QLatin1String("caps")).toObject();
        QCOMPARE(caps.value(QLatin1String("max_findings_per_sync")).toInteger(), 1'000'000);
        QCOMPARE(caps.value(QLatin1String("max_rejected_rows_per_sync")).toInteger(), 1'000'000);
        QCOMPARE(rules.value(QLatin1String("file_level_percent")).toInt(), 50);
        const auto credit = rules.value(QLatin1String("catalog"))
                                .toObject()
                                .value(QLatin1String("credit"))
                                .toArray();
        QVERIFY(std::any_of(credit.begin(), credit.end(), [](const auto& f) {
            const auto o = f.toObject();
            return o.value(QLatin1String("field")).toString() == u"loan_account_number" &&
                   o.value(QLatin1String("required")).toBool();
        }));
        QVERIFY(!rules.value(QLatin1String("checks")).toArray().isEmpty());

        const auto software = m_evidence.value(QLatin1String("software")).toObject();
        const auto health = m_client->get(QStringLiteral("/health")).json();
        QCOMPARE(software.value(QLatin1String("agent")),
                 health.value(QLatin1String("agent")).toObject().value(QLatin1String("version")));
        QVERIFY(software.value(QLatin1String("postgresql")).toString().contains(u'.'));
        QVERIFY(software.value(QLatin1String("clickhouse")).toString().contains(u'.'));
    }

    // The seal is the SHA-256 of the canonical form, recomputed here from its definition.
    void sealIsTheCanonicalDigest() {
        auto document = nlohmann::json::parse(m_body.toStdString());
        const auto recorded = document.at("sha256").get<std::string>();
        document.erase("sha256");
        const auto canonical = QByteArray::fromStdString(document.dump());
        QCOMPARE(QString::fromStdString(recorded),
                 QString::fromLatin1(
                     QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex()));
        // Keys sorted, no whitespace outside strings.
        QVERIFY(canonical.startsWith("{\"canonical_form\":"));
    }

    // `evidence verify` accepts the saved document (JSON and HTML) and rejects a one-byte change,
    // naming the section that changed.
    void verifyAcceptsTheCopyAndRejectsAChange() {
        QTemporaryDir dir;
        const auto json = dir.filePath(QStringLiteral("evidence.json"));
        QVERIFY(writeAll(json, m_body));
        auto [code, out] = verify(json);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QLatin1String("valid")), qPrintable(out));

        // One byte of a file's SHA-256.
        const auto sha = m_evidence.value(QLatin1String("files"))
                             .toArray()
                             .first()
                             .toObject()
                             .value(QLatin1String("sha256"))
                             .toString()
                             .toLatin1();
        auto changed = m_body;
        const auto at = changed.indexOf(sha);
        QVERIFY(at > 0);
        changed[at] = changed[at] == '0' ? '1' : '0';
        const auto tampered = dir.filePath(QStringLiteral("tampered.json"));
        QVERIFY(writeAll(tampered, changed));
        std::tie(code, out) = verify(tampered);
        QCOMPARE(code, 1);
        QVERIFY2(out.contains(QLatin1String("INVALID")) && out.contains(QLatin1String("files")),
                 qPrintable(out));

        // One digit of a count.
        changed = m_body;
        const auto rows = changed.indexOf("\"rows_read\":");
        QVERIFY(rows > 0);
        const auto digit = rows + qsizetype(qstrlen("\"rows_read\":"));
        changed[digit] = changed[digit] == '9' ? '8' : char(changed[digit] + 1);
        QVERIFY(writeAll(tampered, changed));
        std::tie(code, out) = verify(tampered);
        QCOMPARE(code, 1);

        // The page carries the same document.
        const auto html = m_client->get(evidencePath(m_syncId) + QStringLiteral("?format=html"));
        QCOMPARE(html.status, 200);
        const auto page = dir.filePath(QStringLiteral("evidence.html"));
        QVERIFY(writeAll(page, html.body));
        std::tie(code, out) = verify(page);
        QCOMPARE(code, 0);
        auto changedPage = html.body;
        const auto inPage = changedPage.lastIndexOf(sha);  // in the embedded document
        QVERIFY(inPage > 0);
        changedPage[inPage] = changedPage[inPage] == '0' ? '1' : '0';
        QVERIFY(writeAll(page, changedPage));
        std::tie(code, out) = verify(page);
        QCOMPARE(code, 1);

        // Not an evidence pack at all: a usage of the command that fails clearly.
        QVERIFY(writeAll(tampered, "{\"a\":1}"));
        std::tie(code, out) = verify(tampered);
        QCOMPARE(code, 1);
        QVERIFY2(out.contains(QLatin1String("sha256")), qPrintable(out));
    }

    // The page shows the figures and loads nothing from elsewhere.
    void htmlShowsTheFigures() {
        const auto reply = m_client->get(evidencePath(m_syncId) + QStringLiteral("?format=html"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.headers.value("content-type").startsWith("text/html"));
        const auto page = QString::fromUtf8(reply.body);
        QVERIFY(page.contains(m_syncId));
        for (const auto& item : m_evidence.value(QLatin1String("files")).toArray()) {
            const auto file = item.toObject();
            QVERIFY(page.contains(file.value(QLatin1String("sha256")).toString()));
            QVERIFY(page.contains(file.value(QLatin1String("original_name")).toString()));
            // Counts grouped by thousands ("1,137").
            QVERIFY(
                page.contains(QLocale(QLocale::English)
                                  .toString(file.value(QLatin1String("rows_read")).toInteger())));
        }
        // The page carries its document (built anew: its own generated_at and seal), whose
        // sections are the JSON's and whose seal it shows.
        const QString open =
            QStringLiteral("<script type=\"application/json\" id=\"findata-evidence\">");
        const auto start = page.indexOf(open) + open.size();
        QVERIFY(start > open.size());
        const auto embedded =
            QJsonDocument::fromJson(
                page.mid(start, page.indexOf(u"</script>", start) - start).toUtf8())
                .object();
        for (const auto* section : {"sync", "files", "findings", "rules", "software"})
            QVERIFY2(
                embedded.value(QLatin1String(section)) == m_evidence.value(QLatin1String(section)),
                section);
        QVERIFY(page.contains(embedded.value(QLatin1String("sha256")).toString()));
        QVERIFY(page.contains(QLatin1String("CONSISTENCY")));
        for (const auto* external : {"src=", "href=", "<link", "url(", "@import"})
            QVERIFY2(!page.contains(QLatin1String(external)), external);
    }

    // Text from the files (a name with markup) is escaped on the page.
    void htmlEscapesText() {
        const auto t = findata::test::createTestTenant("EVIDX");
        ApiClient client(m_agent->url(), t.key);
        const QString name = QStringLiteral("<b>bank&co's \"credit\".csv");
        QVERIFY(upload(client, QStringLiteral("RETAIL"), QStringLiteral("credit"), name,
                       readAll(samplePath(QStringLiteral("RETAIL"), QStringLiteral("credit")))));
        const auto log = syncAndWait(client, QStringLiteral("RETAIL"));
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        const auto id = log.value(QLatin1String("id")).toString();
        const auto evidence = client.get(evidencePath(id)).json();
        const auto files = evidence.value(QLatin1String("files")).toArray();
        QCOMPARE(files.size(), 1);  // a credit-only package: no payment plan in its pack
        QCOMPARE(files[0].toObject().value(QLatin1String("original_name")).toString(), name);
        const auto page =
            QString::fromUtf8(client.get(evidencePath(id) + QStringLiteral("?format=html")).body);
        QVERIFY(page.contains(QLatin1String("&lt;b&gt;bank&amp;co&#39;s &quot;credit&quot;.csv")));
        QVERIFY(!page.contains(QLatin1String("<b>bank")));
    }

    // A rule that fires on (almost) every row of a file: one file-level group, first among the
    // warnings and after every error, in the findings API and in the pack; every finding stored.
    void aRuleOnMostRowsIsOneFileLevelFinding() {
        const auto t = findata::test::createTestTenant("EVIDF");
        ApiClient client(m_agent->url(), t.key);
        QVERIFY(upload(client, QStringLiteral("RETAIL"), QStringLiteral("credit"),
                       QStringLiteral("credit.csv"),
                       readAll(samplePath(QStringLiteral("RETAIL"), QStringLiteral("credit")))));
        QVERIFY(upload(client, QStringLiteral("RETAIL"), QStringLiteral("payment_plan"),
                       QStringLiteral("payment_plan.csv"), skewedPaymentPlan()));
        const auto log = syncAndWait(client, QStringLiteral("RETAIL"));
        QCOMPARE(log.value(QLatin1String("status")).toString(), QStringLiteral("COMPLETED"));
        const auto id = log.value(QLatin1String("id")).toString();
        const auto paymentRows = logFile(log, QStringLiteral("payment_plan"))
                                     .value(QLatin1String("rows_read"))
                                     .toInteger();
        QVERIFY(paymentRows > 1000);

        const auto answer =
            client.get(QStringLiteral("/api/sync/logs/%1/errors/?page_size=1").arg(id)).json();
        const auto groups = answer.value(QLatin1String("groups")).toArray();
        QVERIFY(!groups.isEmpty());
        // Errors first, then the file-level warning.
        qsizetype firstWarning = -1;
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const auto severity = groups[i].toObject().value(QLatin1String("severity")).toString();
            if (severity == u"warning" && firstWarning < 0) firstWarning = i;
            if (firstWarning >= 0) QCOMPARE(severity, QStringLiteral("warning"));
        }
        QVERIFY(firstWarning > 0);  // BANK003 has errors: they lead
        const auto fileLevel = groups[firstWarning].toObject();
        QCOMPARE(fileLevel.value(QLatin1String("scope")).toString(), QStringLiteral("file"));
        QCOMPARE(fileLevel.value(QLatin1String("field")).toString(),
                 QStringLiteral("installment_amount"));
        QCOMPARE(fileLevel.value(QLatin1String("error_type")).toString(),
                 QStringLiteral("CONSISTENCY"));
        const auto fired = fileLevel.value(QLatin1String("count")).toInteger();
        QVERIFY2(fired * 2 >= paymentRows, qPrintable(QString::number(fired)));
        QCOMPARE(fileLevel.value(QLatin1String("file_rows")).toInteger(), paymentRows);
        const auto share = shareText(fired, paymentRows);
        QCOMPARE(fileLevel.value(QLatin1String("share_percent")).toString(), share);
        const auto summary = fileLevel.value(QLatin1String("summary")).toString();
        QVERIFY2(summary.contains(share + QStringLiteral(" % of the rows of the payment plan")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("differs from the sum of its components")),
                 qPrintable(summary));
        // Every finding of it is still stored and listed.
        const auto listed =
            client
                .get(QStringLiteral("/api/sync/logs/%1/errors/?file_type=payment_plan&field="
                                    "installment_amount&error_type=CONSISTENCY&page_size=1")
                         .arg(id))
                .json();
        QCOMPARE(listed.value(QLatin1String("total")).toInteger(), fired);
        // Only the groups of rows are not file-level.
        for (const auto& g : groups)
            if (g.toObject() != fileLevel)
                QCOMPARE(g.toObject().value(QLatin1String("scope")).toString(),
                         QStringLiteral("rows"));

        // The pack leads its warnings with the same summary.
        const auto evidence = client.get(evidencePath(id)).json();
        const auto packGroups = evidence.value(QLatin1String("findings"))
                                    .toObject()
                                    .value(QLatin1String("groups"))
                                    .toArray();
        QCOMPARE(packGroups.size(), groups.size());
        const auto packed = packGroups[firstWarning].toObject();
        QCOMPARE(packed.value(QLatin1String("scope")).toString(), QStringLiteral("file"));
        QCOMPARE(packed.value(QLatin1String("summary")).toString(), summary);
        QCOMPARE(packed.value(QLatin1String("count")).toInteger(), fired);
        const auto page =
            QString::fromUtf8(client.get(evidencePath(id) + QStringLiteral("?format=html")).body);
        QVERIFY(page.contains(QStringLiteral("class=\"file-level\"")));
    }

    void unknownSyncIsNotFound() {
        QCOMPARE(m_client->get(evidencePath(QStringLiteral("00000000-0000-0000-0000-000000000000")))
                     .status,
                 404);
        QCOMPARE(m_client->get(evidencePath(QStringLiteral("x';--"))).status, 404);
        QCOMPARE(m_client->get(evidencePath(m_syncId) + QStringLiteral("?format=pdf")).status, 400);
        // Another tenant's sync answers as a missing one.
        const auto other = findata::test::createTestTenant("EVIDO");
        ApiClient client(m_agent->url(), other.key);
        QCOMPARE(client.get(evidencePath(m_syncId)).status, 404);
    }

    // The store: the first findings of a group are found along the key for large groups and
    // through the group index for small ones, equal either way to a count made here; findings
    // past the cap count toward a group and its file-level share; errors lead.
    void storeGroupsAndFirstFindings() {
        using namespace findata::agent;
        using findata::core::ErrorType;
        using findata::core::FileType;
        using findata::core::Severity;
        Database db(findata::test::testDatabases().pg);
        const auto t = findata::test::createTestTenant("EVIDS");
        SyncLogRepository logs(db, t.schema);
        NewSyncLog request;
        request.actor = "test";
        auto log = logs.create(request);
        // 60,000 findings of a 40,000-row payment plan: A on every row, B on every third row
        // (dense: past kDenseGroup), C on every 2,500th row (small), one error D; 50,000 stored.
        struct Kind {
            const char* field;
            ErrorType type;
            Severity severity;
        };
        const Kind a{"installment_amount", ErrorType::Consistency, Severity::Warning};
        const Kind b{"remaining_principal", ErrorType::Consistency, Severity::Warning};
        const Kind c{"bsmv_component", ErrorType::Type, Severity::Warning};
        const Kind d{"loan_account_number", ErrorType::CrossReference, Severity::Error};
        constexpr std::uint64_t kRows = 40000, kCap = 50000;
        std::map<std::string, std::vector<std::uint64_t>> expected;  // field → stored lines
        std::map<std::string, std::uint64_t> fired;
        ValidationErrorWriter writer(db, t.schema, log.id, 5000);
        writer.limitTo(kCap);
        std::uint64_t written = 0;
        auto add = [&](const Kind& k, std::uint64_t line) {
            findata::core::Finding f{line, k.field, k.type, k.severity, "m", "v"};
            writer.add(FileType::PaymentPlan, f);
            if (written++ < kCap) expected[k.field].push_back(line);
            ++fired[k.field];
        };
        for (std::uint64_t row = 0; row < kRows; ++row) {
            const auto line = row + 2;
            add(a, line);
            if (row % 3 == 1) add(b, line);
            if (row % 2500 == 7) add(c, line);
            if (row == 39000) add(d, line);
        }
        writer.finish();
        QCOMPARE(writer.notStored(), written - kCap);
        SyncLogUpdate update;
        update.payment = FileCounts{kRows, kRows - 1, 1};
        update.findingsNotStored = writer.notStored();
        update.findingsOverflow = writer.overflow();
        logs.finish(log.id, SyncStatus::Completed, update);
        log = *logs.find(log.id);

        ValidationErrorRepository repository(db, t.schema);
        const auto groups = summarisedGroups(repository, log);
        QCOMPARE(groups.size(), std::size_t(4));
        // The error first (stored or not: it was past the cap), then A, the file-level one.
        QCOMPARE(groups[0].field, std::string("loan_account_number"));
        QCOMPARE(groups[0].count, std::uint64_t(0));
        QCOMPARE(groups[0].notStored, std::uint64_t(1));
        QCOMPARE(groups[1].field, std::string("installment_amount"));
        QVERIFY(groups[1].fileLevel);
        for (std::size_t i = 2; i < groups.size(); ++i)
            QVERIFY(!groups[i].fileLevel);
        for (const auto& g : groups) {
            QCOMPARE(g.fired(), fired[g.field]);
            QCOMPARE(g.count, std::uint64_t(expected[g.field].size()));
            QCOMPARE(g.fileRows, kRows);
            const auto first = repository.firstOfGroup(log.id, g, 5);
            std::vector<std::uint64_t> lines;
            for (const auto& f : first)
                lines.push_back(f.line);
            const auto& all = expected[g.field];
            QCOMPARE(lines, std::vector<std::uint64_t>(
                                all.begin(), all.begin() + std::min<std::size_t>(5, all.size())));
        }
        QVERIFY(groups[2].count >= ValidationErrorRepository::kDenseGroup);  // B: the key path
        QCOMPARE(sharePercentText(fired["installment_amount"], kRows), std::string("100.0"));
        QCOMPARE(sharePercentText(39999, 40000), std::string("99.9"));
        QCOMPARE(sharePercentText(1, 40000), std::string("0.1"));
        QCOMPARE(sharePercentText(25042, 25070), std::string("99.9"));
    }

    void cleanupTestCase() { m_agent.reset(); }

private:
    static QString evidencePath(const QString& id) {
        return QStringLiteral("/api/sync/logs/%1/evidence/").arg(id);
    }

    bool upload(const QString& loanType, const QString& fileType, const QString& name,
                const QByteArray& bytes) {
        return upload(*m_client, loanType, fileType, name, bytes);
    }
    static bool upload(ApiClient& client, const QString& loanType, const QString& fileType,
                       const QString& name, const QByteArray& bytes) {
        const auto reply = client.send(
            "POST",
            QStringLiteral("/api/uploads/?loan_type=%1&file_type=%2&filename=%3")
                .arg(loanType, fileType, QString::fromLatin1(QUrl::toPercentEncoding(name))),
            bytes, "text/csv");
        if (reply.status != 201) qWarning("upload: %d %s", reply.status, reply.body.constData());
        return reply.status == 201;
    }

    QJsonObject syncAndWait(const QString& loanType) { return syncAndWait(*m_client, loanType); }
    static QJsonObject syncAndWait(ApiClient& client, const QString& loanType) {
        const auto started =
            client.post(QStringLiteral("/api/sync/"), {{QStringLiteral("loan_type"), loanType}});
        if (started.status != 202) {
            qWarning("POST /api/sync/: %d %s", started.status, started.body.constData());
            return {};
        }
        const auto id = started.json().value(QLatin1String("sync_id")).toString();
        QJsonObject log;
        for (int i = 0; i < 60; ++i) {
            log = client.get(QStringLiteral("/api/sync/logs/%1/?wait=30").arg(id)).json();
            if (!log.value(QLatin1String("running")).toBool()) break;
        }
        return log;
    }

    std::unique_ptr<AgentProcess> m_agent;
    findata::test::TestTenant m_tenant;
    std::unique_ptr<ApiClient> m_client;
    QJsonObject m_log;
    QString m_syncId;
    QByteArray m_body;
    QJsonObject m_evidence;
};

QTEST_GUILESS_MAIN(TestEvidence)
#include "tst_evidence.moc"
