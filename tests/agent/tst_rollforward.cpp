// Roll-forward checks against real PostgreSQL and ClickHouse: BANK001 RETAIL is synced, then a
// second period derived from it with known changes (loans removed without closing, a principal
// increased, an original amount and a customer id changed, installments decreased, a DPD jump,
// new loans, installments paid). Each rule reports exactly the expected loans and lines; the
// portfolio roll-forward figures equal a computation from the CSVs; each rule's severity, the
// tolerance and the PSI threshold are the tenant's validation policy (another tenant's stay the
// defaults); an `error` rule fails the sync with the live data unchanged; fact rows carry their
// source line, and tables made before the column gain it.

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/tenants.h"
#include "agent/store/validationerrors.h"
#include "agent/sync/drift.h"
#include "agent/sync/livedata.h"
#include "agent/sync/rollforward.h"
#include "agent/sync/syncengine.h"
#include "agent/sync/uploadintake.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/schemamigration.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/decimal.h"
#include "core/fileprocessor.h"
#include "core/generator.h"
#include "support/inprocessagent.h"
#include "support/samples.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using namespace findata;
using namespace findata::agent;
using core::FileType;
using core::LoanType;

namespace {

std::string sample(FileType file) {
    return test::samplePath("BANK001", LoanType::Retail, file);
}

// A ';'-separated file as header + rows of fields.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    static Table read(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        Table t;
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            std::vector<std::string> fields;
            std::stringstream s(line);
            std::string f;
            while (std::getline(s, f, ';'))
                fields.push_back(f);
            if (!line.empty() && line.back() == ';') fields.emplace_back();
            if (t.header.empty())
                t.header = fields;
            else
                t.rows.push_back(fields);
        }
        return t;
    }
    std::size_t col(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("no column " + name);
    }
    std::vector<std::string>& loan(const std::string& number) {
        const auto c = col("loan_account_number");
        for (auto& r : rows)
            if (r[c] == number) return r;
        throw std::runtime_error("no loan " + number);
    }
    void remove(const std::string& number) {
        const auto c = col("loan_account_number");
        std::erase_if(rows, [&](const auto& r) { return r[c] == number; });
    }
    // The physical line of a loan's (first) row: the header is line 1.
    std::uint64_t lineOf(const std::string& number) const {
        const auto c = col("loan_account_number");
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i][c] == number) return i + 2;
        return 0;
    }
    void write(const std::string& path) const {
        std::ofstream out(path, std::ios::binary);
        const auto line = [&](const std::vector<std::string>& fields) {
            for (std::size_t i = 0; i < fields.size(); ++i)
                out << (i ? ";" : "") << fields[i];
            out << '\n';
        };
        line(header);
        for (const auto& r : rows)
            line(r);
    }
};

// The accepted rows of a file as the core reads them, for the independent sums.
struct Collected final : core::RowSink {
    FileType file;
    std::vector<std::map<std::string, std::string>> rows;  // field → text ("" for null)
    explicit Collected(FileType f) : file(f) {}
    void acceptedRow(const core::TypedRow& row, const core::CsvRecord&) override {
        std::map<std::string, std::string> out;
        const auto fields = core::fields(file);
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto& v = row.values[i];
            if (v.null) continue;
            const std::string name(fields[i].name);
            if (fields[i].type == core::FieldType::Text || fields[i].type == core::FieldType::Code)
                out[name] = std::string(v.s);
            else
                out[name] = std::to_string(v.i);
        }
        rows.push_back(std::move(out));
    }
};

Collected collect(const std::string& path, FileType file) {
    Collected c(file);
    core::FileProcessor p(file, LoanType::Retail, &c);
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    p.feed(text);
    p.finish();
    return c;
}

// PSI of a column between two files' accepted rows, computed here the way drift.h defines it:
// the previous values' deciles (at floor(level × n) of the sorted values) as bin edges.
double psiOf(const Collected& before, const Collected& after, const std::string& field,
             double scale) {
    std::vector<double> p, c;
    for (const auto& r : before.rows)
        if (r.count(field)) p.push_back(double(std::stoll(r.at(field))) / scale);
    for (const auto& r : after.rows)
        if (r.count(field)) c.push_back(double(std::stoll(r.at(field))) / scale);
    std::vector<double> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> edges;
    for (int d = 1; d <= 9; ++d) {
        const auto at = std::min(sorted.size() - 1, std::size_t(d * 0.1 * sorted.size()));
        if (edges.empty() || sorted[at] > edges.back()) edges.push_back(sorted[at]);
    }
    const auto bins = [&](const std::vector<double>& values) {
        std::vector<double> counts(edges.size() + 1, 0);
        for (const auto v : values)
            ++counts[std::size_t(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin())];
        return counts;
    };
    const auto pc = bins(p), cc = bins(c);
    double psi = 0;
    for (std::size_t i = 0; i < pc.size(); ++i) {
        const double ps = pc[i] > 0 ? pc[i] / double(p.size()) : 1e-4;
        const double cs = cc[i] > 0 ? cc[i] / double(c.size()) : 1e-4;
        psi += (cs - ps) * std::log(cs / ps);
    }
    return psi;
}

std::int64_t unitsOf(const std::map<std::string, std::string>& row, const std::string& field) {
    const auto found = row.find(field);
    return found == row.end() ? 0 : std::stoll(found->second);
}

std::string money(std::int64_t units) {
    return core::toText(core::Decimal{units, 2});
}

}  // namespace

class TestRollForward final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_local = std::make_unique<test::InProcessAgent>();
        writeSecondPeriod();
    }
    void cleanupTestCase() { m_local.reset(); }

    // Every rule reports exactly the loans changed for it, at their lines.
    void eachRuleReportsTheExpectedLoansAndLines() {
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        const auto log = syncSecond(t, m_local->services().syncEngine());
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());

        std::map<std::string, std::set<std::pair<std::string, std::uint64_t>>> found;
        ValidationErrorRepository errors(db(), t.schema);
        ValidationErrorFilter filter;
        filter.type = core::ErrorType::RollForward;
        for (const auto& e : errors.page(log.id, filter, 0, 1000)) {
            QCOMPARE(e.severity, core::Severity::Warning);
            QCOMPARE(e.fileType, FileType::Credit);
            found[e.field].insert({e.field == "portfolio_rollforward" ? "" : e.rawValue, e.line});
        }
        using Expected = std::set<std::pair<std::string, std::uint64_t>>;
        // Missing loans name the previous file's line; closed or matured ones are not missing.
        QCOMPARE(found["missing_loan"], (Expected{{"LOAN_100242", m_first.lineOf("LOAN_100242")},
                                                  {"LOAN_100282", m_first.lineOf("LOAN_100282")}}));
        QCOMPARE(found["immutable_changed"],
                 (Expected{{"LOAN_100014", m_second.lineOf("LOAN_100014")},
                           {"LOAN_100020", m_second.lineOf("LOAN_100020")}}));
        QCOMPARE(found["principal_grew"],
                 (Expected{{"LOAN_100002", m_second.lineOf("LOAN_100002")}}));
        QCOMPARE(found["installments_decreased"],
                 (Expected{{"LOAN_100024", m_second.lineOf("LOAN_100024")}}));
        QCOMPARE(found["dpd_jump"], (Expected{{"LOAN_100027", m_second.lineOf("LOAN_100027")}}));
        QCOMPARE(found["portfolio_rollforward"], (Expected{{"", 0}}));
        QCOMPARE(found.size(), std::size_t(6));
        QVERIFY(m_first.lineOf("LOAN_100242") != m_second.lineOf("LOAN_100024"));

        // The findings are part of the sync's groups like any other.
        std::uint64_t grouped = 0;
        for (const auto& g : errors.groups(log.id))
            if (g.type == core::ErrorType::RollForward) grouped += g.count;
        QCOMPARE(grouped, std::uint64_t(8));
        // Messages say what changed.
        filter.field = "immutable_changed";
        const auto changed = errors.page(log.id, filter, 0, 10);
        QCOMPARE(changed.size(), std::size_t(2));
        QVERIFY2(changed[0].message.find("original_loan_amount 263300.00 → 263800.00") !=
                     std::string::npos,
                 changed[0].message.c_str());
        const auto wasCustomer = m_first.loan("LOAN_100020")[m_first.col("customer_id")];
        QVERIFY2(changed[1].message.find("customer_id " + wasCustomer + " → CUST_99999") !=
                     std::string::npos,
                 changed[1].message.c_str());
        // Missing loans quote the previous file's status and final maturity.
        filter.field = "missing_loan";
        const auto missing = errors.page(log.id, filter, 0, 10);
        QCOMPARE(missing.size(), std::size_t(2));
        const auto firstAsLoaded = collect(m_firstCredit, FileType::Credit);
        for (const auto& e : missing) {
            const auto& row = m_first.loan(e.rawValue);
            auto maturity = row[m_first.col("final_maturity_date")];  // the file's YYYYMMDD
            if (maturity.size() == 8) maturity = maturity.insert(6, "-").insert(4, "-");
            std::string status;  // as loaded: the code set's word
            for (const auto& r : firstAsLoaded.rows)
                if (r.at("loan_account_number") == e.rawValue) status = r.at("loan_status_code");
            const auto quoted = "status " + status + ", final maturity " + maturity;
            QVERIFY2(e.message.find(quoted) != std::string::npos,
                     (e.message + " does not quote " + quoted).c_str());
        }
    }

    // previous outstanding − principal repaid + new loans vs this outstanding, computed here
    // from the two CSVs as the core reads them.
    void portfolioFiguresEqualAnIndependentComputation() {
        const auto first = collect(m_firstCredit, FileType::Credit);
        const auto second = collect(m_secondCredit, FileType::Credit);
        const auto firstPlan = collect(sample(FileType::PaymentPlan), FileType::PaymentPlan);
        const auto secondPlan = collect(m_secondPlan, FileType::PaymentPlan);
        std::int64_t previous = 0, outstanding = 0, fresh = 0, repaid = 0;
        std::set<std::string> before;
        for (const auto& r : first.rows) {
            previous += unitsOf(r, "outstanding_principal_balance");
            before.insert(r.at("loan_account_number"));
        }
        for (const auto& r : second.rows) {
            outstanding += unitsOf(r, "outstanding_principal_balance");
            if (!before.count(r.at("loan_account_number")))
                fresh += unitsOf(r, "original_loan_amount");
        }
        const auto paid = [](const std::map<std::string, std::string>& r) {
            const auto status = r.find("installment_status");
            return r.count("actual_payment_date") ||
                   (status != r.end() && status->second == "CLOSED");
        };
        std::set<std::pair<std::string, std::string>> paidBefore;
        for (const auto& r : firstPlan.rows)
            if (paid(r))
                paidBefore.insert({r.at("loan_account_number"), r.at("installment_number")});
        for (const auto& r : secondPlan.rows)
            if (paid(r) &&
                !paidBefore.count({r.at("loan_account_number"), r.at("installment_number")}))
                repaid += unitsOf(r, "principal_component");
        QVERIFY(repaid > 0);
        QVERIFY(fresh > 0);

        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        const auto log = syncSecond(t, m_local->services().syncEngine());
        QCOMPARE(log.status, SyncStatus::Completed);
        ValidationErrorFilter filter;
        filter.field = "portfolio_rollforward";
        const auto found = ValidationErrorRepository(db(), t.schema).page(log.id, filter, 0, 10);
        QCOMPARE(found.size(), std::size_t(1));
        const auto figures = nlohmann::json::parse(found[0].rawValue);
        QCOMPARE(figures["previous_outstanding"].get<std::string>(), money(previous));
        QCOMPARE(figures["principal_repaid"].get<std::string>(), money(repaid));
        QCOMPARE(figures["new_loans"].get<std::string>(), money(fresh));
        QCOMPARE(figures["expected_outstanding"].get<std::string>(),
                 money(previous - repaid + fresh));
        QCOMPARE(figures["outstanding"].get<std::string>(), money(outstanding));
        QCOMPARE(figures["difference"].get<std::string>(),
                 money(outstanding - (previous - repaid + fresh)));
        QVERIFY2(found[0].message.find(money(previous)) != std::string::npos,
                 found[0].message.c_str());
    }

    // The same file again: nothing rolled, nothing reported.
    void anUnchangedPeriodHasNoFindings() {
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        const std::string copy = m_dir.filePath(QStringLiteral("again.csv")).toStdString();
        m_first.write(copy);
        std::ofstream(copy, std::ios::app) << '\n';  // other bytes, same rows
        stage(t, FileType::Credit, copy);
        const auto log = run(t, m_local->services().syncEngine());
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        ValidationErrorFilter filter;
        filter.type = core::ErrorType::RollForward;
        QCOMPARE(ValidationErrorRepository(db(), t.schema).count(log.id, filter), std::uint64_t(0));
        QVERIFY(log.stageTimings.contains("ROLL_FORWARD"));
    }

    // A rule of severity error fails the sync: its findings are kept, the live data is the
    // first period's; `off` rules do not run. The severities are the tenant's policy.
    void anErrorRuleFailsTheSync() {
        const auto t = newTenant();
        const auto firstLog = syncFirst(t);
        QCOMPARE(firstLog.status, SyncStatus::Completed);
        setPolicy(t, {{"rules", {{"missing_loan", "error"}, {"dpd_jump", "off"}}}});
        const auto log = syncSecond(t, m_local->services().syncEngine());
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("roll-forward") != std::string::npos &&
                     log.errorSummary.find("missing_loan: 2") != std::string::npos &&
                     log.errorSummary.find("live data is unchanged") != std::string::npos,
                 log.errorSummary.c_str());
        ValidationErrorRepository errors(db(), t.schema);
        ValidationErrorFilter filter;
        filter.field = "missing_loan";
        filter.severity = core::Severity::Error;
        QCOMPARE(errors.count(log.id, filter), std::uint64_t(2));
        filter = {};
        filter.field = "dpd_jump";
        QCOMPARE(errors.count(log.id, filter), std::uint64_t(0));
        QCOMPARE(liveRowCount(db(), m_local->services().warehouse(), t, FileType::Credit,
                              LoanType::Retail),
                 std::uint64_t(300));
        QCOMPARE(
            LiveBatchRepository(db(), t.schema).find(LoanType::Retail, FileType::Credit)->batchId,
            firstLog.batchId);
    }

    // One tenant switches missing_loan off and makes principal_grew an error: its next period's
    // sync reports exactly that (no missing loans, the grown principal as an error that fails
    // the sync, the other rules' warnings as before) under the policy version it records.
    // Another tenant syncing the same files keeps the defaults, and so does the first tenant's
    // other loan type.
    void theTenantsPolicyDecidesEachRule() {
        const auto strict = newTenant();
        const auto other = newTenant();
        QCOMPARE(syncFirst(strict).status, SyncStatus::Completed);
        QCOMPARE(syncFirst(other).status, SyncStatus::Completed);
        const auto version =
            setPolicy(strict, {{"rules", {{"missing_loan", "off"}, {"principal_grew", "error"}}}});

        const auto log = syncSecond(strict, m_local->services().syncEngine());
        QCOMPARE(log.status, SyncStatus::Failed);
        QCOMPARE(log.policyVersion, version);
        QVERIFY2(log.errorSummary.find("principal_grew: 1") != std::string::npos &&
                     log.errorSummary.find("missing_loan") == std::string::npos,
                 log.errorSummary.c_str());
        const auto found = rollForwardFindings(strict, log.id);
        using Findings = std::map<std::string, std::pair<core::Severity, std::set<std::string>>>;
        QCOMPARE(
            found,
            (Findings{
                {"principal_grew", {core::Severity::Error, {"LOAN_100002"}}},
                {"immutable_changed", {core::Severity::Warning, {"LOAN_100014", "LOAN_100020"}}},
                {"installments_decreased", {core::Severity::Warning, {"LOAN_100024"}}},
                {"dpd_jump", {core::Severity::Warning, {"LOAN_100027"}}},
                {"portfolio_rollforward", {core::Severity::Warning, {"portfolio"}}},
            }));
        QVERIFY(log.errors >= 1);

        const auto untouched = syncSecond(other, m_local->services().syncEngine());
        QVERIFY2(untouched.status == SyncStatus::Completed, untouched.errorSummary.c_str());
        QCOMPARE(untouched.policyVersion, 0);
        const auto defaults = rollForwardFindings(other, untouched.id);
        QCOMPARE(defaults.size(), std::size_t(6));
        for (const auto& [rule, findings] : defaults)
            QVERIFY2(findings.first == core::Severity::Warning, rule.c_str());
        QCOMPARE(defaults.at("missing_loan").second,
                 (std::set<std::string>{"LOAN_100242", "LOAN_100282"}));
        QCOMPARE(RulesRepository(db(), other.schema).current(LoanType::Retail).version, 0);
        QCOMPARE(RulesRepository(db(), strict.schema).current(LoanType::Commercial).version, 0);
    }

    // The portfolio tolerance is the tenant's: above the difference's share, no finding.
    void theTenantsToleranceDecidesThePortfolioFinding() {
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        setPolicy(t, {{"tolerance", 0.5}});
        const auto log = syncSecond(t, m_local->services().syncEngine());
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
        const auto found = rollForwardFindings(t, log.id);
        QVERIFY(!found.contains("portfolio_rollforward"));
        QCOMPARE(found.size(), std::size_t(5));
    }

    // Fact rows carry their file line; tables made before the column gain it (rows read 0).
    void factRowsCarryTheirSourceLine() {
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        const auto credit = sqlTable(t.warehouseDatabase, "fact_credit");
        QCOMPARE(scalar("SELECT source_line FROM " + credit +
                        " WHERE loan_account_number = 'LOAN_100242'"),
                 std::to_string(m_first.lineOf("LOAN_100242")));
        QCOMPARE(scalar("SELECT min(source_line), max(source_line) FROM " +
                        sqlTable(t.warehouseDatabase, "fact_payment")),
                 std::string("2\t1201"));
        for (const auto* table : {"fact_credit", "fact_payment"})
            m_local->services().clickhouse().execute(
                "ALTER TABLE " + sqlTable(t.warehouseDatabase, table) + " DROP COLUMN source_line");
        const auto pending = pendingSchemaChanges(m_local->services().clickhouse(),
                                                  t.warehouseDatabase, core::Catalog::standard());
        QCOMPARE(pending.size(), std::size_t(2));
        QCOMPARE(pending[0].column, std::string("source_line"));
        const auto applied = migrateTenantWarehouse(db(), m_local->services().warehouse(), t,
                                                    core::Catalog::standard());
        QCOMPARE(applied.size(), std::size_t(2));
        QCOMPARE(scalar("SELECT max(source_line) FROM " + credit), std::string("0"));
        // The next sync writes lines again, and its roll-forward runs over the old batch.
        const auto log = syncSecond(t, m_local->services().syncEngine());
        QCOMPARE(log.status, SyncStatus::Completed);
        QCOMPARE(scalar("SELECT source_line FROM " + credit +
                        " WHERE loan_account_number = 'LOAN_100027'"),
                 std::to_string(m_second.lineOf("LOAN_100027")));
        ValidationErrorFilter filter;
        filter.field = "missing_loan";
        const auto missing = ValidationErrorRepository(db(), t.schema).page(log.id, filter, 0, 10);
        QCOMPARE(missing.size(), std::size_t(2));
        QCOMPARE(missing[0].line, std::uint64_t(0));  // loaded before lines were kept
    }

    // PSI against a computation here: the interest rate shifted by five points drifts, the
    // original amount (unchanged) does not; the figures reach the profile.
    void driftEqualsAnIndependentComputation() {
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        const std::string path = shiftedRates();
        stage(t, FileType::Credit, path);
        const auto log = run(t, m_local->services().syncEngine());
        QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());

        const auto before = collect(m_firstCredit, FileType::Credit);
        const auto after = collect(path, FileType::Credit);
        const auto expectedPsi = [&](const std::string& field, double scale) {
            return psiOf(before, after, field, scale);
        };
        const auto drift = loadDrift(db(), t.schema, log.id, FileType::Credit);
        std::map<std::string, ColumnDrift> byField;
        for (const auto& d : drift)
            byField[d.field] = d;
        QVERIFY(byField.count("nominal_interest_rate") && byField.count("original_loan_amount"));
        const auto shiftedPsi = expectedPsi("nominal_interest_rate", 1e6);
        QVERIFY2(shiftedPsi > 0.25, std::to_string(shiftedPsi).c_str());
        QVERIFY(std::fabs(*byField["nominal_interest_rate"].psi - shiftedPsi) < 1e-9);
        QCOMPARE(*byField["original_loan_amount"].psi, 0.0);
        QCOMPARE(expectedPsi("original_loan_amount", 100), 0.0);
        QVERIFY(std::fabs(*byField["nominal_interest_rate"].mean -
                          *byField["nominal_interest_rate"].previousMean - 0.05) < 1e-6);
        // Categorical: the status shares did not move.
        QCOMPARE(*byField["loan_status_code"].psi, 0.0);

        ValidationErrorFilter filter;
        filter.type = core::ErrorType::Drift;
        const auto findings = ValidationErrorRepository(db(), t.schema).page(log.id, filter, 0, 50);
        QCOMPARE(findings.size(), std::size_t(1));
        QCOMPARE(findings[0].field, std::string("nominal_interest_rate"));
        QCOMPARE(findings[0].severity, core::Severity::Warning);
        QVERIFY2(findings[0].message.find("psi_drift") != std::string::npos,
                 findings[0].message.c_str());

        nlohmann::json profile = {{"columns",
                                   {{{"name", "nominal_interest_rate"}},
                                    {{"name", "original_loan_amount"}},
                                    {{"name", "loan_account_number"}}}}};
        addDriftToProfile(profile, db(), t.schema, FileType::Credit, LoanType::Retail, "");
        QCOMPARE(profile["columns"][0]["drift"]["drifted"].get<bool>(), true);
        QCOMPARE(profile["columns"][1]["drift"]["psi"].get<double>(), 0.0);
        QVERIFY(!profile["columns"][2].contains("drift"));
    }

    // The tenant's PSI threshold decides which columns drift: above the shifted rate's PSI
    // none does (the figures are stored all the same, the profile and the period report agree);
    // far below, the rate does; psi_drift as an error fails the sync.

    // A period over kDriftSampleRows rows is compared on a sample of keys: its PSI stays within
    // the bound drift.h documents of the whole batches' (computed here from both files), and a
    // column nobody touched has none.
    void aLargePeriodIsComparedOnASampleWithinItsBound() {
        core::GeneratorOptions options;
        options.creditRows = kDriftSampleRows * 3 / 2;
        options.paymentRows = 0;
        std::string text;
        core::generateCredit(options, [&](std::string_view piece) { text += piece; });
        const std::string first = m_dir.filePath(QStringLiteral("large1.csv")).toStdString();
        std::ofstream(first, std::ios::binary) << text;
        Table shifted = Table::read(first);
        const auto rate = shifted.col("nominal_interest_rate");
        for (auto& r : shifted.rows)  // two points more: a clear drift
            if (!r[rate].empty()) r[rate] = std::to_string(std::stod(r[rate]) + 2.0);
        const std::string second = m_dir.filePath(QStringLiteral("large2.csv")).toStdString();
        shifted.write(second);

        const auto t = newTenant();
        for (const auto& path : {first, second}) {
            stage(t, FileType::Credit, path);
            const auto log = run(t, m_local->services().syncEngine());
            QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
            if (path == first) continue;
            std::map<std::string, ColumnDrift> byField;
            for (const auto& d : loadDrift(db(), t.schema, log.id, FileType::Credit))
                byField[d.field] = d;
            const auto whole =
                psiOf(collect(first, FileType::Credit), collect(second, FileType::Credit),
                      "nominal_interest_rate", 1e6);
            QVERIFY2(whole > 0.01, std::to_string(whole).c_str());
            const auto sampled = *byField["nominal_interest_rate"].psi;
            qInfo("nominal_interest_rate: PSI %.6f on the sample, %.6f on the whole batches",
                  sampled, whole);
            QVERIFY2(
                std::fabs(sampled - whole) < 0.01,
                (std::to_string(sampled) + " sampled against " + std::to_string(whole)).c_str());
            QCOMPARE(*byField["original_loan_amount"].psi, 0.0);
            QCOMPARE(*byField["loan_status_code"].psi, 0.0);
        }
    }

    void theTenantsPsiThresholdDecidesDrift() {
        const std::string path = shiftedRates();
        std::map<double, std::size_t> expected = {{0.25, 1}, {50.0, 0}};
        for (const auto& [threshold, findings] : expected) {
            const auto t = newTenant();
            QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
            setPolicy(t, {{"psi_threshold", threshold}});
            stage(t, FileType::Credit, path);
            const auto log = run(t, m_local->services().syncEngine());
            QVERIFY2(log.status == SyncStatus::Completed, log.errorSummary.c_str());
            ValidationErrorFilter filter;
            filter.type = core::ErrorType::Drift;
            const auto drift =
                ValidationErrorRepository(db(), t.schema).page(log.id, filter, 0, 50);
            QCOMPARE(drift.size(), findings);
            if (findings == 1) QCOMPARE(drift[0].field, std::string("nominal_interest_rate"));
            QVERIFY(!loadDrift(db(), t.schema, log.id, FileType::Credit).empty());
            QCOMPARE(psiThresholdOfSync(db(), t.schema, LoanType::Retail, log.id), threshold);
            nlohmann::json profile = {{"columns", {{{"name", "nominal_interest_rate"}}}}};
            addDriftToProfile(profile, db(), t.schema, FileType::Credit, LoanType::Retail, "");
            QCOMPARE(profile["columns"][0]["drift"]["drifted"].get<bool>(), findings == 1);
        }
        const auto t = newTenant();
        QCOMPARE(syncFirst(t).status, SyncStatus::Completed);
        setPolicy(t, {{"rules", {{"psi_drift", "error"}}}});
        stage(t, FileType::Credit, path);
        const auto log = run(t, m_local->services().syncEngine());
        QCOMPARE(log.status, SyncStatus::Failed);
        QVERIFY2(log.errorSummary.find("psi_drift: 1") != std::string::npos,
                 log.errorSummary.c_str());
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::InProcessAgent> m_local;
    Table m_first, m_second;
    std::string m_firstCredit, m_secondCredit, m_secondPlan;

    Database& db() { return m_local->db(); }

    // The second period: BANK001 RETAIL with the changes each rule must find.
    void writeSecondPeriod() {
        m_firstCredit = sample(FileType::Credit);
        m_first = Table::read(m_firstCredit);
        m_second = m_first;
        Table& c = m_second;
        // Missing: two active loans maturing after today; not missing: one matured in 2025,
        // one closed.
        for (const auto* loan : {"LOAN_100242", "LOAN_100282", "LOAN_100001", "LOAN_100003"})
            c.remove(loan);
        c.loan("LOAN_100002")[c.col("outstanding_principal_balance")] = "57071.44";
        c.loan("LOAN_100014")[c.col("original_loan_amount")] = "263800";
        c.loan("LOAN_100020")[c.col("customer_id")] = "CUST_99999";
        auto& fewer = c.loan("LOAN_100024");
        fewer[c.col("paid_installment_count")] = "3";
        fewer[c.col("outstanding_installment_count")] = "4";
        c.loan("LOAN_100027")[c.col("days_past_due")] = "45";
        for (const auto& [from, to] :
             {std::pair{"LOAN_100028", "LOAN_199001"}, std::pair{"LOAN_100029", "LOAN_199002"}}) {
            auto row = c.loan(from);
            row[c.col("loan_account_number")] = to;
            row[c.col("customer_id")] = std::string("CUST_") + (to + 5);
            c.rows.push_back(row);
        }
        m_secondCredit = m_dir.filePath(QStringLiteral("credit2.csv")).toStdString();
        c.write(m_secondCredit);

        Table plan = Table::read(sample(FileType::PaymentPlan));
        for (const auto* loan : {"LOAN_100242", "LOAN_100282", "LOAN_100001", "LOAN_100003"})
            plan.remove(loan);
        // Five unpaid installments are paid now.
        int paid = 0;
        for (auto& r : plan.rows) {
            if (paid == 5) break;
            if (!r[plan.col("actual_payment_date")].empty()) continue;
            std::string due = r[plan.col("scheduled_payment_date")];
            std::erase(due, '-');
            r[plan.col("actual_payment_date")] = due;
            r[plan.col("installment_status")] = "K";
            ++paid;
        }
        m_secondPlan = m_dir.filePath(QStringLiteral("plan2.csv")).toStdString();
        plan.write(m_secondPlan);
    }

    Tenant newTenant() { return m_local->newTenant("ROLL", "roll test"); }
    void stage(const Tenant& t, FileType ft, const std::string& path) {
        const auto outcome = m_local->stage(t, LoanType::Retail, ft, path);
        QVERIFY2(!outcome.unchanged, outcome.reason.c_str());
    }
    SyncLog run(const Tenant& t, SyncEngine& engine) {
        return engine.run(SyncRequest{t.id, LoanType::Retail, SyncTrigger::Manual, "test"});
    }
    SyncLog syncFirst(const Tenant& t) {
        stage(t, FileType::Credit, sample(FileType::Credit));
        stage(t, FileType::PaymentPlan, sample(FileType::PaymentPlan));
        return run(t, m_local->services().syncEngine());
    }
    SyncLog syncSecond(const Tenant& t, SyncEngine& engine) {
        stage(t, FileType::Credit, m_secondCredit);
        stage(t, FileType::PaymentPlan, m_secondPlan);
        return run(t, engine);
    }
    // Stores the tenant's RETAIL policy with this roll_forward section; returns its version.
    int setPolicy(const Tenant& t, const nlohmann::json& rollForward) {
        const auto policy =
            policyFromJson(nlohmann::json{{"roll_forward", rollForward}}, LoanType::Retail);
        return RulesRepository(db(), t.schema).put(LoanType::Retail, policy, "test").version;
    }
    // A sync's ROLL_FORWARD findings: rule → (severity, loans; "portfolio" for the portfolio's).
    std::map<std::string, std::pair<core::Severity, std::set<std::string>>> rollForwardFindings(
        const Tenant& t, const std::string& syncId) {
        std::map<std::string, std::pair<core::Severity, std::set<std::string>>> found;
        ValidationErrorFilter filter;
        filter.type = core::ErrorType::RollForward;
        for (const auto& e :
             ValidationErrorRepository(db(), t.schema).page(syncId, filter, 0, 1000)) {
            auto& rule = found[e.field];
            rule.first = e.severity;
            rule.second.insert(e.field == "portfolio_rollforward" ? "portfolio" : e.rawValue);
        }
        return found;
    }
    // BANK001's first period with every nominal interest rate five points higher.
    std::string shiftedRates() {
        Table shifted = m_first;
        const auto rate = shifted.col("nominal_interest_rate");
        for (auto& r : shifted.rows)
            if (!r[rate].empty()) r[rate] = std::to_string(std::stod(r[rate]) + 5.0);
        const std::string path = m_dir.filePath(QStringLiteral("shifted.csv")).toStdString();
        shifted.write(path);
        return path;
    }
    std::string scalar(const std::string& sql) {
        auto text = m_local->services().clickhouse().query(sql + " FORMAT TabSeparated");
        while (!text.empty() && text.back() == '\n')
            text.pop_back();
        return text;
    }
};

QTEST_GUILESS_MAIN(TestRollForward)
#include "tst_rollforward.moc"
