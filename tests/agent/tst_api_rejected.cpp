// Reviewing and correcting rejected rows against a real `findata-agent serve` and real
// databases: BANK003 RETAIL's rejected rows as JSON pages (keyset and offset), dismissing some
// (audited, counted), correcting the rest by fixing the fields their reasons name and
// resubmitting them; the next sync accepts and MERGES them into the live data by key — every
// other live row unchanged, counts and sums reconcile, both sync logs and evidence packs linked —
// a corrected key replaces its live row, a full delivery supersedes staged corrections, refusals
// name the problem, and a viewer key can neither dismiss nor resubmit.

#include <QJsonArray>
#include <QtTest>
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/syncconfigs.h"
#include "agent/store/tenants.h"
#include "agent/sync/uploadintake.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/sql.h"
#include "core/catalog.h"
#include "support/agentprocess.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using test::ApiClient;
using test::ApiReply;

namespace {

QString sample(const char* bank, LoanType loanType, FileType fileType) {
    return QString::fromStdString(test::samplePath(bank, loanType, fileType));
}

QStringList sampleLines(const char* bank, LoanType lt, FileType ft) {
    QFile file(sample(bank, lt, ft));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll()).split(u'\n');
}

// A valid value for each field a BANK003 defect breaks (the corrected value an operator types).
QString fixFor(FileType ft, const QString& field) {
    static const std::map<QString, QString> credit = {
        {QStringLiteral("loan_account_number"), QStringLiteral("LOAN_399901")},
        {QStringLiteral("customer_id"), QStringLiteral("CUST_99999")},
        {QStringLiteral("original_loan_amount"), QStringLiteral("500000")},
        {QStringLiteral("total_installment_count"), QStringLiteral("5")},
        {QStringLiteral("outstanding_principal_balance"), QStringLiteral("100.12")},
        {QStringLiteral("days_past_due"), QStringLiteral("0")},
        {QStringLiteral("total_interest_amount"), QStringLiteral("1000.00")},
        {QStringLiteral("loan_start_date"), QStringLiteral("20250115")},
        {QStringLiteral("final_maturity_date"), QStringLiteral("20260228")},
        {QStringLiteral("customer_type"), QStringLiteral("I")},
        {QStringLiteral("loan_status_code"), QStringLiteral("A")},
        {QStringLiteral("insurance_included"), QStringLiteral("E")},
    };
    static const std::map<QString, QString> payment = {
        {QStringLiteral("installment_amount"), QStringLiteral("1000.00")},
        {QStringLiteral("principal_component"), QStringLiteral("500.00")},
        {QStringLiteral("interest_component"), QStringLiteral("10.00")},
        {QStringLiteral("kkdf_component"), QStringLiteral("100.12")},
        {QStringLiteral("remaining_principal"), QStringLiteral("0")},
        {QStringLiteral("scheduled_payment_date"), QStringLiteral("2025-01-15")},
        {QStringLiteral("actual_payment_date"), QStringLiteral("20250228")},
        {QStringLiteral("installment_status"), QStringLiteral("K")},
    };
    const auto& map = ft == FileType::Credit ? credit : payment;
    const auto it = map.find(field);
    return it == map.end() ? QString() : it->second;
}

// The live rows of one fact table of a batch, by key, as tab-separated catalog columns.
std::map<std::string, std::string> liveRows(ClickHouseClient& ch, const std::string& database,
                                            FileType ft, const std::string& batch) {
    std::string columns, key;
    const auto& catalog = core::Catalog::standard();
    for (const auto& f : catalog.fields(ft))
        columns += (columns.empty() ? "" : ", ") + sqlIdentifier(f.name);
    for (const auto index : catalog.withRole(ft, core::FieldRole::Key))
        key += std::string(key.empty() ? "" : ", '|', ") + "toString(" +
               sqlIdentifier(catalog.fields(ft)[index].name) + ")";
    const auto text = ch.query(
        "SELECT concat(" + key + ", ''), " + columns + " FROM " +
        sqlTable(database, ft == FileType::Credit ? "fact_credit" : "fact_payment") +
        " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(batch) + " FORMAT TabSeparated");
    std::map<std::string, std::string> rows;
    for (const auto& row : parseTsv(text)) {
        std::string rest;
        for (std::size_t i = 1; i < row.size(); ++i)
            rest += row[i] + '\t';
        rows[row[0]] = rest;
    }
    return rows;
}

std::string scalar(ClickHouseClient& ch, const std::string& sql) {
    const auto rows = parseTsv(ch.query(sql + " FORMAT TabSeparated"));
    return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

}  // namespace

class TestApiRejected final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY(m_agent->ok());
        m_db = std::make_unique<Database>(test::testDatabases().pg);
        m_ch = std::make_unique<ClickHouseClient>(test::testDatabases().clickhouse);
        m_uploads = std::make_unique<UploadStore>(
            std::filesystem::path(m_agent->dataDir().toStdString()) / "uploads");
        m_intake = std::make_unique<UploadIntake>(*m_db, *m_uploads, UploadStore::kUnlimited);
        m_t = newTenant("REJ");
        m_client = std::make_unique<ApiClient>(m_agent->url(), m_t.key);
        stageSample(m_t, "BANK003", LoanType::Retail);
        m_sync = startSync(*m_client);
        QVERIFY(!m_sync.isEmpty());
        QCOMPARE(waitUntilFinished(*m_client, m_sync)[QLatin1String("status")].toString(),
                 QStringLiteral("COMPLETED"));
    }

    // JSON pages: records with fields by header name and reasons per field; keyset pages equal
    // offset pages; the sync log counts them open.
    void rejectedRowsPageAsJson() {
        const QString base = QStringLiteral("/api/sync/logs/%1/rejected/?format=json").arg(m_sync);
        const auto all = m_client->get(base + QStringLiteral("&limit=1000")).json();
        QCOMPARE(all[QLatin1String("total")].toInt(), 31);  // 15 credit + 16 payment rows
        QCOMPARE(all[QLatin1String("items")].toArray().size(), 31);
        QCOMPARE(all[QLatin1String("counts")].toObject()[QLatin1String("open")].toInt(), 31);
        QCOMPARE(all[QLatin1String("headers")].toObject()[QLatin1String("credit")].toArray().size(),
                 27);
        // Each row's reason names the field of BANK003's documented error at that line.
        QFile expected(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK003/expected_errors.csv"));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        std::set<QString> documented;
        for (const auto& line : QString::fromUtf8(expected.readAll()).split(u'\n')) {
            const auto parts = line.split(u';');
            if (parts.size() == 4 && parts[0].startsWith(QLatin1String("RETAIL/")))
                documented.insert(parts[0].mid(7).chopped(4) + u':' + parts[1] + u':' + parts[2]);
        }
        std::set<QString> found;
        for (const auto item : all[QLatin1String("items")].toArray()) {
            const auto row = item.toObject();
            QCOMPARE(row[QLatin1String("state")].toString(), QStringLiteral("open"));
            const auto reasons = row[QLatin1String("reasons")].toArray();
            QVERIFY(!reasons.isEmpty());
            const auto fields = row[QLatin1String("fields")].toObject();
            QVERIFY(fields.contains(QLatin1String("loan_account_number")));
            for (const auto reason : reasons)
                found.insert(row[QLatin1String("file_type")].toString() + u':' +
                             QString::number(row[QLatin1String("line")].toInt()) + u':' +
                             reason.toObject()[QLatin1String("field")].toString());
        }
        QCOMPARE(found, documented);

        // Keyset pages of 7 and offset pages of 7 give the same rows in the same order.
        QStringList keyset, offset;
        QString after;
        for (int page = 0; page < 10; ++page) {
            const auto reply =
                m_client
                    ->get(base + QStringLiteral("&limit=7") +
                          (after.isEmpty() ? QString() : QStringLiteral("&after=") + after))
                    .json();
            for (const auto item : reply[QLatin1String("items")].toArray())
                keyset << QString::number(item.toObject()[QLatin1String("id")].toInteger());
            after = reply[QLatin1String("next_after")].toString();
            if (after.isEmpty()) break;
        }
        for (int o = 0; o < 35; o += 7)
            for (const auto item : m_client->get(base + QStringLiteral("&limit=7&offset=%1").arg(o))
                                       .json()[QLatin1String("items")]
                                       .toArray())
                offset << QString::number(item.toObject()[QLatin1String("id")].toInteger());
        QCOMPARE(keyset.size(), 31);
        QCOMPARE(keyset, offset);
        QCOMPARE(m_client->get(base + QStringLiteral("&file_type=credit"))
                     .json()[QLatin1String("total")]
                     .toInt(),
                 15);
        QCOMPARE(m_client->get(base + QStringLiteral("&after=nonsense")).status, 400);
        const auto log = m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(m_sync)).json();
        QCOMPARE(log[QLatin1String("rejected_open")].toInt(), 31);
        QCOMPARE(log[QLatin1String("rejected_dismissed")].toInt(), 0);
        QVERIFY(log[QLatin1String("corrects")].isNull());
    }

    // A viewer may read the rows but neither dismiss nor resubmit them.
    void viewerCannotDismissOrResubmit() {
        const auto created = m_client->post(QStringLiteral("/api/keys/"),
                                            {{QStringLiteral("name"), QStringLiteral("reader")},
                                             {QStringLiteral("role"), QStringLiteral("viewer")}});
        QCOMPARE(created.status, 201);
        ApiClient viewer(m_agent->url(), created.json()[QLatin1String("api_key")].toString());
        QCOMPARE(viewer.get(QStringLiteral("/api/sync/logs/%1/rejected/?format=json").arg(m_sync))
                     .status,
                 200);
        QCOMPARE(viewer
                     .post(QStringLiteral("/api/sync/logs/%1/rejected/dismiss/").arg(m_sync),
                           {{QStringLiteral("all"), true}})
                     .status,
                 403);
        QCOMPARE(viewer
                     .post(QStringLiteral("/api/sync/logs/%1/rejected/resubmit/").arg(m_sync),
                           {{QStringLiteral("file_type"), QStringLiteral("credit")},
                            {QStringLiteral("rows"), QJsonArray()}})
                     .status,
                 403);
        QCOMPARE(m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(m_sync))
                     .json()[QLatin1String("rejected_open")]
                     .toInt(),
                 31);
    }

    // Resubmissions the agent refuses say why.
    void badResubmissionsAreRefused() {
        const QString path = QStringLiteral("/api/sync/logs/%1/rejected/resubmit/").arg(m_sync);
        auto reply = m_client->post(
            path, {{QStringLiteral("file_type"), QStringLiteral("credit")},
                   {QStringLiteral("rows"), QJsonArray{QJsonObject{{QStringLiteral("line"), 6}}}}});
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.body.contains("line 6"), reply.body.constData());
        reply = m_client->post(
            path, {{QStringLiteral("file_type"), QStringLiteral("credit")},
                   {QStringLiteral("rows"),
                    QJsonArray{QJsonObject{
                        {QStringLiteral("line"), 5},
                        {QStringLiteral("fields"),
                         QJsonObject{{QStringLiteral("no_such_column"), QStringLiteral("1")}}}}}}});
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.body.contains("no_such_column"), reply.body.constData());
        // By key without a line: no open rejected row has it.
        reply = m_client->send("POST", path + QStringLiteral("?file_type=credit"),
                               sampleLines("BANK003", LoanType::Retail, FileType::Credit)
                                   .mid(0, 3)
                                   .join(u'\n')
                                   .toUtf8(),
                               "text/csv");
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.body.contains("LOAN_300001"), reply.body.constData());
        // Nothing was staged by the refusals.
        QCOMPARE(
            m_client->get(QStringLiteral("/api/sync/logs/%1/rejected/?format=json").arg(m_sync))
                .json()[QLatin1String("items")]
                .toArray()[0]
                .toObject()[QLatin1String("pending_correction")]
                .isNull(),
            true);
    }

    // The whole review of BANK003: the rows that cannot be fixed are dismissed, the others are
    // corrected (the fields their reasons name) and resubmitted; the next sync merges them.
    void correctedRowsAreMergedIntoTheLiveData() {
        const std::string database = m_t.warehouseDatabase;
        const auto beforeCredit = liveRows(*m_ch, database, FileType::Credit, m_sync.toStdString());
        const auto beforePlan =
            liveRows(*m_ch, database, FileType::PaymentPlan, m_sync.toStdString());
        QCOMPARE(beforeCredit.size(), std::size_t(286));
        QCOMPARE(beforePlan.size(), std::size_t(1121));
        const auto amountBefore = scalar(
            *m_ch,
            "SELECT sum(original_loan_amount) FROM " + sqlTable(database, "fact_credit") +
                " WHERE loan_type = 'RETAIL' AND batch_id = " + sqlString(m_sync.toStdString()));

        const auto rows =
            m_client
                ->get(QStringLiteral("/api/sync/logs/%1/rejected/?format=json&limit=1000")
                          .arg(m_sync))
                .json()[QLatin1String("items")]
                .toArray();
        const auto planLines = sampleLines("BANK003", LoanType::Retail, FileType::PaymentPlan);
        std::map<FileType, QJsonArray> corrected;
        std::map<FileType, QJsonArray> unfixable;
        double addedAmount = 0;
        std::set<std::string> correctedKeys[2];
        for (const auto item : rows) {
            const auto row = item.toObject();
            const auto ft =
                *core::parseFileType(row[QLatin1String("file_type")].toString().toStdString());
            const int line = row[QLatin1String("line")].toInt();
            const auto reason = row[QLatin1String("reasons")].toArray()[0].toObject();
            const auto type = reason[QLatin1String("error_type")].toString();
            const auto field = reason[QLatin1String("field")].toString();
            if (type == QLatin1String("DUPLICATE") || type == QLatin1String("CROSS_REFERENCE")) {
                unfixable[ft].append(line);
                continue;
            }
            QString value = fixFor(ft, field);
            if (ft == FileType::PaymentPlan && field == QLatin1String("loan_account_number"))
                value = planLines.value(line - 2).section(u';', 0, 0);  // its block's loan
            if (ft == FileType::PaymentPlan && field == QLatin1String("installment_number"))
                value = QString::number(90 + line % 7);
            QVERIFY2(!value.isEmpty(), qPrintable(field));
            auto fields = row[QLatin1String("fields")].toObject();
            fields[field] = value;
            corrected[ft].append(
                QJsonObject{{QStringLiteral("line"), line},
                            {QStringLiteral("fields"), QJsonObject{{field, value}}}});
            if (ft == FileType::Credit) {
                addedAmount += fields[QLatin1String("original_loan_amount")].toString().toDouble();
                correctedKeys[0].insert(
                    fields[QLatin1String("loan_account_number")].toString().toStdString());
            } else {
                correctedKeys[1].insert((fields[QLatin1String("loan_account_number")].toString() +
                                         u'|' +
                                         fields[QLatin1String("installment_number")].toString())
                                            .toStdString());
            }
        }
        QCOMPARE(corrected[FileType::Credit].size(), 14);
        QCOMPARE(corrected[FileType::PaymentPlan].size(), 12);

        // Dismissed: the duplicates and the payments of unknown loans, audited with the reason.
        const QString dismiss = QStringLiteral("/api/sync/logs/%1/rejected/dismiss/").arg(m_sync);
        for (const auto ft : core::kFileTypes) {
            const auto reply = m_client->post(
                dismiss, {{QStringLiteral("file_type"), QLatin1String(core::toText(ft).data())},
                          {QStringLiteral("lines"), unfixable[ft]},
                          {QStringLiteral("reason"), QStringLiteral("not ours to fix")}});
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json()[QLatin1String("dismissed")].toInt(), unfixable[ft].size());
        }
        const auto audit = AuditLog(*m_db, m_t.schema).list();
        QVERIFY(std::any_of(audit.begin(), audit.end(), [&](const AuditEntry& e) {
            return e.action == "POST /api/sync/logs/{id}/rejected/dismiss/" &&
                   e.details.value("reason", "") == "not ours to fix" &&
                   e.details.value("sync_id", "") == m_sync.toStdString();
        }));
        auto log = m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(m_sync)).json();
        QCOMPARE(log[QLatin1String("rejected_open")].toInt(), 26);
        QCOMPARE(log[QLatin1String("rejected_dismissed")].toInt(), 5);

        // Resubmitted: both files' corrections, staged for the next sync.
        const QString resubmit = QStringLiteral("/api/sync/logs/%1/rejected/resubmit/").arg(m_sync);
        for (const auto ft : core::kFileTypes) {
            const auto reply = m_client->post(
                resubmit, {{QStringLiteral("file_type"), QLatin1String(core::toText(ft).data())},
                           {QStringLiteral("rows"), corrected[ft]}});
            QCOMPARE(reply.status, 202);
            QCOMPARE(reply.json()[QLatin1String("rows")].toInt(), corrected[ft].size());
        }
        // A second correction of the same kind waits for the sync.
        QCOMPARE(m_client
                     ->post(resubmit, {{QStringLiteral("file_type"), QStringLiteral("credit")},
                                       {QStringLiteral("rows"), corrected[FileType::Credit]}})
                     .status,
                 409);

        const auto correction = startSync(*m_client);
        const auto done = waitUntilFinished(*m_client, correction);
        QVERIFY2(done[QLatin1String("status")].toString() == QLatin1String("COMPLETED"),
                 QJsonDocument(done).toJson().constData());
        QCOMPARE(done[QLatin1String("corrects")].toString(), m_sync);
        // Counts reconcile: every corrected row accepted, none rejected.
        const auto files = done[QLatin1String("files")].toObject();
        for (const auto& [name, n] : {std::pair{"credit", 14}, std::pair{"payment_plan", 12}}) {
            const auto f = files[QLatin1String(name)].toObject();
            QCOMPARE(f[QLatin1String("rows_read")].toInt(), n);
            QCOMPARE(f[QLatin1String("rows_loaded")].toInt(), n);
            QCOMPARE(f[QLatin1String("rows_rejected")].toInt(), 0);
        }
        log = m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(m_sync)).json();
        QCOMPARE(log[QLatin1String("corrected_by")].toArray(), QJsonArray{correction});
        QCOMPARE(log[QLatin1String("rejected_open")].toInt(), 0);
        QCOMPARE(log[QLatin1String("rejected_resubmitted")].toInt(), 26);
        const auto first = m_client
                               ->get(QStringLiteral("/api/sync/logs/%1/rejected/?format=json&"
                                                    "state=resubmitted&limit=1")
                                         .arg(m_sync))
                               .json()[QLatin1String("items")]
                               .toArray()[0]
                               .toObject();
        QCOMPARE(first[QLatin1String("resubmitted")]
                     .toObject()[QLatin1String("correction_sync_id")]
                     .toString(),
                 correction);

        // The live data: the old rows unchanged, plus the corrected ones.
        const auto afterCredit =
            liveRows(*m_ch, database, FileType::Credit, correction.toStdString());
        const auto afterPlan =
            liveRows(*m_ch, database, FileType::PaymentPlan, correction.toStdString());
        QCOMPARE(afterCredit.size(), beforeCredit.size() + 14);
        QCOMPARE(afterPlan.size(), beforePlan.size() + 12);
        for (const auto& [key, row] : beforeCredit) {
            QVERIFY(!correctedKeys[0].count(key));
            QCOMPARE(afterCredit.at(key), row);
        }
        for (const auto& [key, row] : beforePlan)
            QCOMPARE(afterPlan.at(key), row);
        for (const auto& key : correctedKeys[0])
            QVERIFY2(afterCredit.count(key), key.c_str());
        for (const auto& key : correctedKeys[1])
            QVERIFY2(afterPlan.count(key), key.c_str());
        const auto amountAfter = scalar(*m_ch, "SELECT sum(original_loan_amount) FROM " +
                                                   sqlTable(database, "fact_credit") +
                                                   " WHERE loan_type = 'RETAIL' AND batch_id = " +
                                                   sqlString(correction.toStdString()));
        QCOMPARE(std::stod(amountAfter), std::stod(amountBefore) + addedAmount);

        // Both evidence packs name the link.
        const auto evidence =
            m_client->get(QStringLiteral("/api/sync/logs/%1/evidence/").arg(correction)).json();
        QCOMPARE(
            evidence[QLatin1String("correction")].toObject()[QLatin1String("corrects")].toString(),
            m_sync);
        const auto original =
            m_client->get(QStringLiteral("/api/sync/logs/%1/evidence/").arg(m_sync)).json();
        QCOMPARE(original[QLatin1String("correction")].toObject()[QLatin1String("corrected_by")],
                 QJsonValue(QJsonArray{correction}));
        m_correction = correction;
    }

    // A corrected key that is live already replaces that row (and only that row).
    void aCorrectedKeyReplacesItsLiveRow() {
        QVERIFY(!m_correction.isEmpty());
        const std::string database = m_t.warehouseDatabase;
        const auto before = liveRows(*m_ch, database, FileType::Credit, m_correction.toStdString());
        // Line 253 repeats LOAN_300011 (dismissed above): resubmitted with a new balance.
        const auto reply = m_client->post(
            QStringLiteral("/api/sync/logs/%1/rejected/resubmit/").arg(m_sync),
            {{QStringLiteral("file_type"), QStringLiteral("credit")},
             {QStringLiteral("rows"),
              QJsonArray{QJsonObject{{QStringLiteral("line"), 253},
                                     {QStringLiteral("fields"),
                                      QJsonObject{{QStringLiteral("outstanding_principal_balance"),
                                                   QStringLiteral("12345.67")}}}}}}});
        QCOMPARE(reply.status, 202);
        const auto sync = startSync(*m_client);
        const auto done = waitUntilFinished(*m_client, sync);
        QCOMPARE(done[QLatin1String("status")].toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(done[QLatin1String("corrects")].toString(), m_sync);
        const auto after = liveRows(*m_ch, database, FileType::Credit, sync.toStdString());
        QCOMPARE(after.size(), before.size());
        for (const auto& [key, row] : before) {
            if (key == "LOAN_300011") {
                QVERIFY(after.at(key) != row);
                QVERIFY(after.at(key).find("12345.67") != std::string::npos);
            } else {
                QCOMPARE(after.at(key), row);
            }
        }
        // The payment plan was not part of this correction: still the first correction's.
        QCOMPARE(
            liveRows(*m_ch, database, FileType::PaymentPlan, m_correction.toStdString()).size(),
            std::size_t(1133));
        const auto log = m_client->get(QStringLiteral("/api/sync/logs/%1/").arg(m_sync)).json();
        QCOMPARE(log[QLatin1String("corrected_by")].toArray().size(), 2);
        QCOMPARE(log[QLatin1String("rejected_resubmitted")].toInt(), 27);
        QCOMPARE(log[QLatin1String("rejected_dismissed")].toInt(), 4);
    }

    // A correction sent as CSV is matched by key; a full delivery staged next to it wins, and
    // the log says so.
    void aFullDeliverySupersedesCorrections() {
        const auto t = newTenant("REJFULL");
        ApiClient client(m_agent->url(), t.key);
        stageSample(t, "BANK003", LoanType::Retail);
        const auto first = startSync(client);
        QCOMPARE(waitUntilFinished(client, first)[QLatin1String("status")].toString(),
                 QStringLiteral("COMPLETED"));
        // The correction as CSV with the file's header, matched to its rejected row by key
        // (line 23 is LOAN_300022 without its customer id).
        const auto lines = sampleLines("BANK003", LoanType::Retail, FileType::Credit);
        QVERIFY(lines.value(22).startsWith(QLatin1String(";I;LOAN_300022;")));
        const auto staged = client.send(
            "POST",
            QStringLiteral("/api/sync/logs/%1/rejected/resubmit/?file_type=credit").arg(first),
            (lines[0] + QStringLiteral("\nCUST_1") + lines[22] + u'\n').toUtf8(), "text/csv");
        QCOMPARE(staged.status, 202);
        QCOMPARE(staged.json()[QLatin1String("rows")].toInt(), 1);
        const auto pending =
            client
                .get(QStringLiteral("/api/sync/logs/%1/rejected/?format=json&file_type=credit&"
                                    "limit=2")
                         .arg(first))
                .json()[QLatin1String("items")]
                .toArray()[1]
                .toObject();
        QCOMPARE(pending[QLatin1String("line")].toInt(), 23);
        QCOMPARE(pending[QLatin1String("pending_correction")].toString(),
                 staged.json()[QLatin1String("upload_id")].toString());
        // The bank delivers again (BANK001's retail files).
        stageSample(t, "BANK001", LoanType::Retail);
        const auto full = startSync(client);
        const auto done = waitUntilFinished(client, full);
        QCOMPARE(done[QLatin1String("status")].toString(), QStringLiteral("COMPLETED"));
        QVERIFY(done[QLatin1String("corrects")].isNull());
        QVERIFY2(done[QLatin1String("correction_notes")].toString().contains(
                     QLatin1String("superseded by the full delivery")),
                 qPrintable(done[QLatin1String("correction_notes")].toString()));
        QCOMPARE(done[QLatin1String("rows_loaded")].toInt(), 1500);
        // The old sync's rows can no longer be resubmitted: its data is not live.
        QCOMPARE(client
                     .post(QStringLiteral("/api/sync/logs/%1/rejected/resubmit/").arg(first),
                           {{QStringLiteral("file_type"), QStringLiteral("credit")},
                            {QStringLiteral("rows"),
                             QJsonArray{QJsonObject{{QStringLiteral("line"), 23}}}}})
                     .status,
                 409);
    }

    void cleanupTestCase() {
        for (const auto& t : {m_t.warehouseDatabase})
            m_ch->execute("DROP DATABASE IF EXISTS " + sqlIdentifier(t));
    }

private:
    std::unique_ptr<test::AgentProcess> m_agent;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ClickHouseClient> m_ch;
    std::unique_ptr<UploadStore> m_uploads;
    std::unique_ptr<UploadIntake> m_intake;
    std::unique_ptr<ApiClient> m_client;
    test::TestTenant m_t;
    QString m_sync, m_correction;

    test::TestTenant newTenant(const char* prefix) {
        auto t = test::createTestTenant(prefix);
        SyncConfigChange off;
        off.enabled = false;
        for (const auto lt : core::kLoanTypes)
            SyncConfigRepository(*m_db, t.schema).update(lt, off);
        return t;
    }
    void stageSample(const test::TestTenant& t, const char* bank, LoanType lt) {
        const auto tenant = *TenantRepository(*m_db).find(t.id.toStdString());
        for (const auto ft : core::kFileTypes) {
            const auto outcome =
                m_intake->stageFile(tenant, lt, ft, sample(bank, lt, ft).toStdString(), "test");
            QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
        }
    }
    // The tenants' configs are disabled (newTenant), so a start confirms with force=true.
    static QString startSync(ApiClient& client) {
        const auto reply = client.post(QStringLiteral("/api/sync/"),
                                       {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")},
                                        {QStringLiteral("force"), true}});
        if (reply.status != 202)
            qWarning("POST /api/sync/: %d %s", reply.status, reply.body.constData());
        return reply.json().value(QLatin1String("sync_id")).toString();
    }
    static QJsonObject waitUntilFinished(ApiClient& client, const QString& id) {
        QJsonObject log = client.get(QStringLiteral("/api/sync/logs/%1/").arg(id)).json();
        for (int i = 0; i < 60 && log.value(QLatin1String("running")).toBool(); ++i)
            log = client
                      .get(QStringLiteral(
                               "/api/sync/logs/%1/?wait=30&since_status=%2&since_progress=%3")
                               .arg(id, log.value(QLatin1String("status")).toString())
                               .arg(log.value(QLatin1String("progress_rows")).toInteger()))
                      .json();
        return log;
    }
};

QTEST_GUILESS_MAIN(TestApiRejected)
#include "tst_api_rejected.moc"
