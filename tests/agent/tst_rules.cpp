// Validation rules per tenant and loan type against real PostgreSQL and ClickHouse and a real
// `findata-agent serve`: GET/PUT /api/rules/ (versions, audit, 400s naming field and rule, the
// viewer refused); a BANK002 copy with renamed headers loads identically to the original under
// aliases; severity overrides change what a BANK003 sync rejects; refusing unknown columns fails
// the sync and /api/check/ naming the column; the policy version is in the sync log and the
// evidence; `findata-agent check --rules` applies an exported policy.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/auditlog.h"
#include "agent/store/database.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/tenants.h"
#include "agent/sync/evidence.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/warehouse.h"
#include "support/agentprocess.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;
using test::ApiClient;
using test::ApiReply;
using test::samplePath;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A copy of `path` in `dir` with header columns renamed.
std::string renamedCopy(const std::string& path, const QString& dir, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& names) {
    std::string text = readAll(path);
    const auto end = text.find('\n');
    std::string header = ";" + text.substr(0, end) + ";";
    for (const auto& [from, to] : names) {
        const auto at = header.find(";" + from + ";");
        if (at == std::string::npos) throw std::runtime_error("no column " + from);
        header.replace(at + 1, from.size(), to);
    }
    const std::string out = dir.toStdString() + "/" + name;
    std::ofstream(out, std::ios::binary) << header.substr(1, header.size() - 2) << text.substr(end);
    return out;
}

QString message(const ApiReply& reply) {
    return reply.json()[QLatin1String("error")].toObject()[QLatin1String("message")].toString();
}

ApiReply put(ApiClient& client, const QString& loanType, const QJsonObject& body) {
    return client.send("PUT", QStringLiteral("/api/rules/?loan_type=") + loanType,
                       QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

QJsonObject severity(const char* field, const char* type, const char* level) {
    return {{QStringLiteral("field"), QLatin1String(field)},
            {QStringLiteral("error_type"), QLatin1String(type)},
            {QStringLiteral("severity"), QLatin1String(level)}};
}

// `findata-agent ARGS` on the run's databases: its exit code and output.
std::pair<int, QByteArray> runCli(const QStringList& args) {
    const auto& urls = test::testDatabases();
    QTemporaryDir dataDir;
    QProcess agent;
    agent.setProcessChannelMode(QProcess::MergedChannels);
    agent.start(QStringLiteral(FINDATA_AGENT_BINARY),
                args + QStringList{QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                                   QStringLiteral("--clickhouse-url"),
                                   QString::fromStdString(urls.clickhouse),
                                   QStringLiteral("--data-dir"), dataDir.path()});
    if (!agent.waitForFinished(60000)) return {-1, "timed out"};
    return {agent.exitCode(), agent.readAll()};
}

RulesPolicy policyOf(const nlohmann::json& json, LoanType lt) {
    return policyFromJson(json, lt);
}

}  // namespace

class TestRules final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_local = std::make_unique<test::InProcessAgent>();
        m_agent = std::make_unique<test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
    }
    void cleanupTestCase() {
        m_agent.reset();
        m_local.reset();
    }

    void apiReadsAndVersionsRules() {
        const auto tenant = test::createTestTenant("RULE");
        ApiClient admin(m_agent->url(), tenant.key);
        const auto builtIn = admin.get(QStringLiteral("/api/rules/?loan_type=RETAIL"));
        QCOMPARE(builtIn.status, 200);
        auto rules = builtIn.json();
        QCOMPARE(rules[QLatin1String("version")].toInt(), 0);
        QCOMPARE(rules[QLatin1String("loan_type")].toString(), QStringLiteral("RETAIL"));
        QCOMPARE(rules[QLatin1String("unknown_columns")].toString(), QStringLiteral("warn"));
        QVERIFY(rules[QLatin1String("severities")].toArray().isEmpty());
        QVERIFY(rules[QLatin1String("thresholds")][QLatin1String("reject_ratio")].isNull());
        QCOMPARE(rules[QLatin1String("roll_forward")][QLatin1String("psi_threshold")].toDouble(),
                 0.25);
        QCOMPARE(admin.get(QStringLiteral("/api/rules/")).status, 400);

        // PUT bumps the version; the answer and the next GET show it with who set it.
        rules[QLatin1String("severities")] =
            QJsonArray{severity("days_past_due", "RANGE", "warning")};
        const auto first = put(admin, QStringLiteral("RETAIL"), rules);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json()[QLatin1String("version")].toInt(), 1);
        auto changed = first.json();
        changed[QLatin1String("aliases")] = QJsonArray{
            QJsonObject{{QStringLiteral("column"), QStringLiteral("KREDI_NO")},
                        {QStringLiteral("field"), QStringLiteral("loan_account_number")}}};
        const auto second = put(admin, QStringLiteral("RETAIL"), changed);
        QCOMPARE(second.status, 200);
        const auto now = admin.get(QStringLiteral("/api/rules/?loan_type=RETAIL")).json();
        QCOMPARE(now[QLatin1String("version")].toInt(), 2);
        QCOMPARE(now[QLatin1String("set_by")].toString(),
                 QStringLiteral("api:") + tenant.key.left(16));
        QCOMPARE(now[QLatin1String("aliases")].toArray().size(), 1);
        QCOMPARE(now[QLatin1String("severities")].toArray().size(), 1);
        // The other loan type keeps the built-in rules.
        QCOMPARE(admin.get(QStringLiteral("/api/rules/?loan_type=COMMERCIAL"))
                     .json()[QLatin1String("version")]
                     .toInt(),
                 0);

        // Audited: who, which version after which, what changed.
        agent::Database db(test::testDatabases().pg);
        bool audited = false;
        for (const auto& entry : agent::AuditLog(db, tenant.schema).list())
            if (entry.action == "PUT /api/rules/" && entry.details.value("version", 0) == 2) {
                audited = entry.actor == "api:" + tenant.key.left(16).toStdString() &&
                          entry.details.value("previous_version", -1) == 1 &&
                          entry.details["changed"] == nlohmann::json::array({"aliases"}) &&
                          entry.details["policy"]["aliases"][0]["column"] == "KREDI_NO";
            }
        QVERIFY(audited);

        // What cannot work: 400 naming the field and the rule; nothing stored.
        auto keyOff = now;
        keyOff[QLatin1String("severities")] =
            QJsonArray{severity("loan_account_number", "REQUIRED", "off")};
        const auto refused = put(admin, QStringLiteral("RETAIL"), keyOff);
        QCOMPARE(refused.status, 400);
        QVERIFY2(message(refused).contains(
                     QLatin1String("REQUIRED of loan_account_number cannot be switched off")),
                 qPrintable(message(refused)));
        auto twice = now;
        twice[QLatin1String("aliases")] = QJsonArray{
            QJsonObject{{QStringLiteral("column"), QStringLiteral("KREDI_NO")},
                        {QStringLiteral("field"), QStringLiteral("loan_account_number")}},
            QJsonObject{{QStringLiteral("column"), QStringLiteral("HESAP_NO")},
                        {QStringLiteral("field"), QStringLiteral("loan_account_number")}}};
        const auto notOneToOne = put(admin, QStringLiteral("RETAIL"), twice);
        QCOMPARE(notOneToOne.status, 400);
        QVERIFY2(message(notOneToOne).contains(QLatin1String("one-to-one")),
                 qPrintable(message(notOneToOne)));
        auto badLevel = now;
        badLevel[QLatin1String("unknown_columns")] = QStringLiteral("drop");
        QCOMPARE(put(admin, QStringLiteral("RETAIL"), badLevel).status, 400);
        auto wrongType = now;
        wrongType[QLatin1String("loan_type")] = QStringLiteral("COMMERCIAL");
        QCOMPARE(put(admin, QStringLiteral("RETAIL"), wrongType).status, 400);
        // The roll_forward section: unknown rules, bad severities, a negative tolerance or PSI
        // threshold are refused naming the field.
        const auto rollForward = [&](const QJsonObject& section) {
            auto body = now;
            auto merged = now[QLatin1String("roll_forward")].toObject();
            for (auto it = section.begin(); it != section.end(); ++it)
                merged[it.key()] = it.value();
            body[QLatin1String("roll_forward")] = merged;
            return put(admin, QStringLiteral("RETAIL"), body);
        };
        const QJsonObject rulesOf =
            now[QLatin1String("roll_forward")][QLatin1String("rules")].toObject();
        QCOMPARE(rulesOf.size(), 7);  // the six roll-forward rules and psi_drift
        QCOMPARE(rulesOf[QLatin1String("psi_drift")].toString(), QStringLiteral("warning"));
        for (const auto& [section, expected] : std::vector<std::pair<QJsonObject, QString>>{
                 {{{QStringLiteral("rules"),
                    QJsonObject{{QStringLiteral("loan_vanished"), QStringLiteral("error")}}}},
                  QStringLiteral("roll_forward.rules.loan_vanished: unknown roll-forward rule")},
                 {{{QStringLiteral("rules"),
                    QJsonObject{{QStringLiteral("missing_loan"), QStringLiteral("fatal")}}}},
                  QStringLiteral("roll_forward.rules.missing_loan: must be error, warning or off")},
                 {{{QStringLiteral("rules"),
                    QJsonObject{{QStringLiteral("dpd_jump"), QJsonValue(1)}}}},
                  QStringLiteral("roll_forward.rules.dpd_jump: must be error, warning or off")},
                 {{{QStringLiteral("tolerance"), QJsonValue(-0.01)}},
                  QStringLiteral("roll_forward.tolerance: must be between 0 and 1 (a share")},
                 {{{QStringLiteral("tolerance"), QJsonValue(5)}},
                  QStringLiteral("roll_forward.tolerance: must be between 0 and")},
                 {{{QStringLiteral("tolerance"), QStringLiteral("1%")}},
                  QStringLiteral("roll_forward.tolerance: must be a number")},
                 {{{QStringLiteral("psi_threshold"), QJsonValue(-1)}},
                  QStringLiteral("roll_forward.psi_threshold: must be between 0 and")},
                 {{{QStringLiteral("window"), QJsonValue(3)}},
                  QStringLiteral("roll_forward.window: unknown setting")}}) {
            const auto reply = rollForward(section);
            QCOMPARE(reply.status, 400);
            QVERIFY2(message(reply).startsWith(expected), qPrintable(message(reply)));
        }
        // A valid section is stored as sent, then restored (the version count below goes on).
        const auto stored =
            rollForward({{QStringLiteral("rules"),
                          QJsonObject{{QStringLiteral("missing_loan"), QStringLiteral("off")},
                                      {QStringLiteral("principal_grew"), QStringLiteral("error")}}},
                         {QStringLiteral("tolerance"), 0.05},
                         {QStringLiteral("psi_threshold"), 0.1}});
        QCOMPARE(stored.status, 200);
        const auto section = stored.json()[QLatin1String("roll_forward")].toObject();
        QCOMPARE(section[QLatin1String("rules")][QLatin1String("missing_loan")].toString(),
                 QStringLiteral("off"));
        QCOMPARE(section[QLatin1String("rules")][QLatin1String("principal_grew")].toString(),
                 QStringLiteral("error"));
        QCOMPARE(section[QLatin1String("rules")][QLatin1String("dpd_jump")].toString(),
                 QStringLiteral("warning"));
        QCOMPARE(section[QLatin1String("tolerance")].toDouble(), 0.05);
        QCOMPARE(section[QLatin1String("psi_threshold")].toDouble(), 0.1);
        QCOMPARE(put(admin, QStringLiteral("RETAIL"), now).status, 200);
        QCOMPARE(admin.get(QStringLiteral("/api/rules/?loan_type=RETAIL"))
                     .json()[QLatin1String("version")]
                     .toInt(),
                 4);

        // A viewer reads the rules but cannot change them.
        const auto created = admin.post(QStringLiteral("/api/keys/"),
                                        {{QStringLiteral("name"), QStringLiteral("auditor")},
                                         {QStringLiteral("role"), QStringLiteral("viewer")}});
        QCOMPARE(created.status, 201);
        ApiClient viewer(m_agent->url(), created.json()[QLatin1String("api_key")].toString());
        QCOMPARE(viewer.get(QStringLiteral("/api/rules/?loan_type=RETAIL")).status, 200);
        const auto forbidden = put(viewer, QStringLiteral("RETAIL"), now);
        QCOMPARE(forbidden.status, 403);
        QVERIFY2(message(forbidden).contains(QLatin1String("admin")),
                 qPrintable(message(forbidden)));
    }

    // BANK002 with the bank's own column names loads exactly as the original under aliases.
    void aliasesLoadIdentically() {
        const auto lt = LoanType::Retail;
        const auto original = newTenant();
        const auto renamed = newTenant();
        const std::vector<std::pair<std::string, std::string>> creditNames = {
            {"loan_account_number", "KREDI_NO"},
            {"customer_id", "MUSTERI_NO"},
            {"original_loan_amount", "KREDI_TUTARI"}};
        const std::vector<std::pair<std::string, std::string>> planNames = {
            {"loan_account_number", "KREDI_NO"},
            {"installment_number", "TAKSIT_NO"},
            {"installment_amount", "TAKSIT_TUTARI"}};
        const auto credit = renamedCopy(samplePath("BANK002", lt, FileType::Credit), m_dir.path(),
                                        "kredi.csv", creditNames);
        const auto plan = renamedCopy(samplePath("BANK002", lt, FileType::PaymentPlan),
                                      m_dir.path(), "odeme_plani.csv", planNames);
        RulesPolicy policy;
        policy.aliases = {{"KREDI_NO", "loan_account_number"},
                          {"MUSTERI_NO", "customer_id"},
                          {"KREDI_TUTARI", "original_loan_amount"},
                          {"TAKSIT_NO", "installment_number"},
                          {"TAKSIT_TUTARI", "installment_amount"}};
        RulesRepository(db(), renamed.schema).put(lt, policy, "test");

        const auto a = stageAndSync(
            original, lt,
            {{FileType::Credit, samplePath("BANK002", lt, FileType::Credit)},
             {FileType::PaymentPlan, samplePath("BANK002", lt, FileType::PaymentPlan)}});
        const auto b =
            stageAndSync(renamed, lt, {{FileType::Credit, credit}, {FileType::PaymentPlan, plan}});
        QCOMPARE(a.status, SyncStatus::Completed);
        QVERIFY2(b.status == SyncStatus::Completed, b.errorSummary.c_str());
        QCOMPARE(a.policyVersion, 0);
        QCOMPARE(b.policyVersion, 1);
        QCOMPARE(b.credit.rowsRead, std::uint64_t(400));
        QCOMPARE(b.credit.rowsLoaded, a.credit.rowsLoaded);
        QCOMPARE(b.payment.rowsLoaded, a.payment.rowsLoaded);
        QCOMPARE(b.credit.rowsRejected, std::uint64_t(0));
        QCOMPARE(b.warnings, a.warnings);
        QCOMPARE(a.files.size(), b.files.size());
        for (std::size_t i = 0; i < a.files.size(); ++i) {
            QCOMPARE(b.files[i].totalsFile, a.files[i].totalsFile);
            QCOMPARE(b.files[i].totalsWarehouse, a.files[i].totalsWarehouse);
        }
    }

    // BANK003: days_past_due RANGE lowered to a warning and final_maturity_date FORMAT switched
    // off — those rows load; the sync log and the evidence name the policy version.
    void overridesChangeASync() {
        const auto lt = LoanType::Retail;
        const auto t = newTenant();
        auto json = nlohmann::json::parse(R"({"severities": [
            {"field": "days_past_due", "error_type": "RANGE", "severity": "warning"},
            {"field": "final_maturity_date", "error_type": "FORMAT", "severity": "off"}]})");
        RulesRepository(db(), t.schema).put(lt, policyOf(json, lt), "test");
        const auto log = stageAndSync(
            t, lt,
            {{FileType::Credit, samplePath("BANK003", lt, FileType::Credit)},
             {FileType::PaymentPlan, samplePath("BANK003", lt, FileType::PaymentPlan)}});
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        QCOMPARE(log.policyVersion, 1);
        QCOMPARE(log.credit.rowsRead, std::uint64_t(301));
        QCOMPARE(log.credit.rowsRejected, std::uint64_t(13));  // 15 without the policy
        QCOMPARE(log.credit.rowsLoaded, std::uint64_t(288));
        QCOMPARE(toJson(log)["policy_version"], 1);

        // Through the API: the lowered finding is a warning on line 125, the other is gone.
        ApiClient api(m_agent->url(), QString::fromStdString(m_keys[t.id]));
        const auto findings =
            api.get(QStringLiteral("/api/sync/logs/%1/errors/?file_type=credit&field=days_past_due")
                        .arg(QString::fromStdString(log.id)));
        QCOMPARE(findings.status, 200);
        bool lowered = false;
        for (const auto& item : findings.json()[QLatin1String("items")].toArray()) {
            const auto f = item.toObject();
            if (f[QLatin1String("error_type")].toString() == QLatin1String("RANGE"))
                lowered = f[QLatin1String("line")].toInt() == 125 &&
                          f[QLatin1String("severity")].toString() == QLatin1String("warning");
        }
        QVERIFY2(lowered, findings.body.constData());
        const auto off =
            api.get(QStringLiteral("/api/sync/logs/%1/errors/"
                                   "?file_type=credit&field=final_maturity_date&error_type=FORMAT")
                        .arg(QString::fromStdString(log.id)));
        QCOMPARE(off.json()[QLatin1String("total")].toInt(), 0);
        const auto synced =
            api.get(QStringLiteral("/api/sync/logs/%1/").arg(QString::fromStdString(log.id)));
        QCOMPARE(synced.json()[QLatin1String("policy_version")].toInt(), 1);

        // The evidence shows the version and the policy it stood for.
        const auto evidence = buildEvidence(m_local->services(), t, log);
        QCOMPARE(evidence["rules"]["policy_version"], 1);
        QCOMPARE(evidence["rules"]["policy"]["severities"][1]["severity"], "off");
        QCOMPARE(evidence["rules"]["policy"]["set_by"], "test");
        const auto html = api.get(QStringLiteral("/api/sync/logs/%1/evidence/?format=html")
                                      .arg(QString::fromStdString(log.id)));
        QCOMPARE(html.status, 200);
        QVERIFY(html.body.contains("Validation policy version"));
        QVERIFY(html.body.contains("final_maturity_date"));
    }

    // The policy's reject ratio wins over the sync configuration's threshold (0.5 by default):
    // BANK003's 15 of 301 rejected credit rows (5 %) are over a policy limit of 1 %.
    void policyRejectRatioWins() {
        const auto lt = LoanType::Retail;
        const auto t = newTenant();
        RulesPolicy policy;
        policy.rejectRatio = 0.01;
        RulesRepository(db(), t.schema).put(lt, policy, "test");
        const auto log =
            stageAndSync(t, lt, {{FileType::Credit, samplePath("BANK003", lt, FileType::Credit)}});
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("over the limit of 1.0 %") != std::string::npos,
                 log.errorSummary.c_str());
        // Back to null: the configuration's 50 % applies again and the same file loads.
        RulesRepository(db(), t.schema).put(lt, RulesPolicy{}, "test");
        const auto again =
            stageAndSync(t, lt, {{FileType::Credit, samplePath("BANK003", lt, FileType::Credit)}});
        QVERIFY2(again.status == SyncStatus::Completed, again.errorSummary.c_str());
        QCOMPARE(again.policyVersion, 2);
    }

    // unknown_columns: refuse fails the sync and /api/check/ naming the column.
    void refusedUnknownColumns() {
        const auto lt = LoanType::Retail;
        const auto t = newTenant();
        RulesPolicy policy;
        policy.refuseUnknownColumns = true;
        RulesRepository(db(), t.schema).put(lt, policy, "test");
        const auto credit = renamedCopy(samplePath("BANK002", lt, FileType::Credit), m_dir.path(),
                                        "extra.csv", {{"external_rating", "DIS_DERECE"}});
        const auto log = stageAndSync(t, lt, {{FileType::Credit, credit}});
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("DIS_DERECE") != std::string::npos &&
                     log.errorSummary.find("refused by the tenant's rules") != std::string::npos,
                 log.errorSummary.c_str());
        QCOMPARE(log.policyVersion, 1);

        ApiClient api(m_agent->url(), QString::fromStdString(m_keys[t.id]));
        QFile file(QString::fromStdString(credit));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto checked =
            api.send("POST", QStringLiteral("/api/check/?loan_type=RETAIL&file_type=credit"),
                     file.readAll(), "text/csv");
        QCOMPARE(checked.status, 200);
        QCOMPARE(checked.json()[QLatin1String("refused")].toBool(), true);
        QVERIFY(checked.json()[QLatin1String("refusal")].toString().contains(
            QLatin1String("DIS_DERECE")));
        QCOMPARE(checked.json()[QLatin1String("policy_version")].toInt(), 1);
    }

    // `check --rules FILE` applies an exported policy (the GET's JSON).
    void checkCommandUsesExportedRules() {
        const auto tenant = test::createTestTenant("RULC");
        ApiClient admin(m_agent->url(), tenant.key);
        auto rules = admin.get(QStringLiteral("/api/rules/?loan_type=RETAIL")).json();
        rules[QLatin1String("severities")] =
            QJsonArray{severity("days_past_due", "RANGE", "warning"),
                       severity("final_maturity_date", "FORMAT", "off")};
        QCOMPARE(put(admin, QStringLiteral("RETAIL"), rules).status, 200);
        const auto exported = admin.get(QStringLiteral("/api/rules/?loan_type=RETAIL"));
        const QString path = m_dir.filePath(QStringLiteral("rules.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(exported.body);
        out.close();

        const auto check = [&](const QStringList& extra) {
            QProcess p;
            p.start(QStringLiteral(FINDATA_AGENT_BINARY),
                    QStringList{QStringLiteral("check"), QStringLiteral("--loan-type"),
                                QStringLiteral("RETAIL"), QStringLiteral("--file-type"),
                                QStringLiteral("credit"), QStringLiteral("--json")} +
                        extra +
                        QStringList{QString::fromStdString(
                            samplePath("BANK003", LoanType::Retail, FileType::Credit))});
            p.waitForFinished(60000);
            return std::pair{p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError()};
        };
        const auto [plainCode, plain] = check({});
        QCOMPARE(QJsonDocument::fromJson(plain)[QLatin1String("rows_rejected")].toInt(), 15);
        const auto [ruledCode, ruled] = check({QStringLiteral("--rules"), path});
        QCOMPARE(ruledCode, 0);
        QCOMPARE(QJsonDocument::fromJson(ruled)[QLatin1String("rows_rejected")].toInt(), 13);
        QCOMPARE(QJsonDocument::fromJson(ruled)[QLatin1String("policy_version")].toInt(), 1);
        QCOMPARE(QJsonDocument::fromJson(plain)[QLatin1String("policy_version")].toInt(), 0);
        // The exported rules are for RETAIL: a COMMERCIAL check refuses them, saying why.
        QProcess wrong;
        wrong.start(QStringLiteral(FINDATA_AGENT_BINARY),
                    {QStringLiteral("check"), QStringLiteral("--loan-type"),
                     QStringLiteral("COMMERCIAL"), QStringLiteral("--file-type"),
                     QStringLiteral("credit"), QStringLiteral("--rules"), path,
                     QString::fromStdString(
                         samplePath("BANK003", LoanType::Commercial, FileType::Credit))});
        wrong.waitForFinished(60000);
        QVERIFY(wrong.exitCode() != 0);
        QVERIFY2(wrong.readAllStandardError().contains("loan_type"), "the refusal names loan_type");
        Q_UNUSED(plainCode);
    }

    // rules export writes what GET answers; rules import stores it as the next version of
    // another tenant, audited; a policy that cannot work is refused naming the rule.
    void cliExportsAndImports() {
        const auto from = test::createTestTenant("RULX");
        ApiClient admin(m_agent->url(), from.key);
        auto rules = admin.get(QStringLiteral("/api/rules/?loan_type=COMMERCIAL")).json();
        rules[QLatin1String("unknown_columns")] = QStringLiteral("refuse");
        rules[QLatin1String("severities")] = QJsonArray{severity("sector_code", "REQUIRED", "off")};
        QCOMPARE(put(admin, QStringLiteral("COMMERCIAL"), rules).status, 200);

        const QString file = m_dir.filePath(QStringLiteral("exported.json"));
        const auto exported =
            runCli({QStringLiteral("rules"), QStringLiteral("export"), QStringLiteral("--tenant"),
                    from.id, QStringLiteral("--loan-type"), QStringLiteral("COMMERCIAL"),
                    QStringLiteral("--output"), file});
        QVERIFY2(exported.first == 0, exported.second.constData());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const auto json = QJsonDocument::fromJson(written.readAll()).object();
        QCOMPARE(json[QLatin1String("version")].toInt(), 1);
        QCOMPARE(json[QLatin1String("unknown_columns")].toString(), QStringLiteral("refuse"));

        const auto to = test::createTestTenant("RULY");
        const auto imported =
            runCli({QStringLiteral("rules"), QStringLiteral("import"), QStringLiteral("--tenant"),
                    to.id, QStringLiteral("--loan-type"), QStringLiteral("COMMERCIAL"), file});
        QVERIFY2(imported.first == 0, imported.second.constData());
        ApiClient other(m_agent->url(), to.key);
        const auto now = other.get(QStringLiteral("/api/rules/?loan_type=COMMERCIAL")).json();
        QCOMPARE(now[QLatin1String("version")].toInt(), 1);
        QCOMPARE(now[QLatin1String("set_by")].toString(), QStringLiteral("cli"));
        QCOMPARE(now[QLatin1String("severities")], rules[QLatin1String("severities")]);
        QCOMPARE(now[QLatin1String("unknown_columns")].toString(), QStringLiteral("refuse"));
        bool audited = false;
        for (const auto& entry : AuditLog(db(), to.schema).list())
            audited = audited || (entry.action == "rules.import" && entry.actor == "cli" &&
                                  entry.details.value("version", 0) == 1);
        QVERIFY(audited);

        QFile bad(m_dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"severities": [{"field": "loan_account_number", "error_type": "DUPLICATE",
                      "severity": "warning"}]})");
        bad.close();
        const auto refused = runCli(
            {QStringLiteral("rules"), QStringLiteral("import"), QStringLiteral("--tenant"), to.id,
             QStringLiteral("--loan-type"), QStringLiteral("COMMERCIAL"), bad.fileName()});
        QCOMPARE(refused.first, 2);
        QVERIFY2(refused.second.contains("DUPLICATE of loan_account_number cannot be lowered"),
                 refused.second.constData());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_local;
    std::unique_ptr<test::AgentProcess> m_agent;
    std::map<std::string, std::string> m_keys;

    Database& db() { return m_local->db(); }
    Tenant newTenant() {
        const auto created = m_local->createTenant("RULS", "rules test");
        m_keys[created.tenant.id] = created.apiKey;
        return created.tenant;
    }
    SyncLog stageAndSync(const Tenant& t, LoanType lt,
                         std::vector<std::pair<FileType, std::string>> files) {
        for (const auto& [ft, path] : files)
            if (const auto outcome = m_local->stage(t, lt, ft, path); outcome.unchanged)
                qWarning("unchanged: %s", outcome.reason.c_str());
        return m_local->sync(t, lt);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
