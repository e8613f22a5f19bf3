// A tenant's validation policy applied by the core: severity overrides change whether a row is
// rejected, accepted with a warning or gets no finding; header aliases map a bank's column names
// before the header check; unknown columns can refuse the file; consistency tolerances; and
// checkPolicy() refuses what cannot work (a key's REQUIRED switched off, a one-to-many alias)
// with a sentence naming the field and the rule. The default policy changes nothing.

#include <QtTest>
#include <fstream>
#include <sstream>
#include <string>

#include "core/fileprocessor.h"
#include "core/validationpolicy.h"
#include "testconfig.h"

using namespace findata::core;

namespace {

std::string readSample(const std::string& relative) {
    std::ifstream in(std::string(FINDATA_SAMPLE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

FileSummary run(FileType file, const std::string& text, ValidationOptions options = {},
                const LoanSet* known = nullptr) {
    FileProcessor p(file, LoanType::Retail, nullptr, std::move(options), 100000);
    if (known) p.setKnownLoans(known);
    p.feed(text);
    return p.finish();
}

std::uint64_t count(const FileSummary& s, const std::string& field, ErrorType type,
                    Severity* severity = nullptr) {
    const auto it = s.groups.find({field, type});
    if (it == s.groups.end()) return 0;
    if (severity) *severity = it->second.severity;
    return it->second.count;
}

bool foundAt(const FileSummary& s, std::uint64_t line, const std::string& field, ErrorType type,
             Severity severity) {
    for (const auto& f : s.firstFindings)
        if (f.line == line && f.field == field && f.type == type && f.severity == severity)
            return true;
    return false;
}

// The header line of `text` with each (from, to) column name replaced.
std::string renameColumns(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& names) {
    const auto end = text.find('\n');
    std::string header = ";" + text.substr(0, end) + ";";
    for (const auto& [from, to] : names) {
        const auto at = header.find(";" + from + ";");
        if (at == std::string::npos) throw std::runtime_error("no column " + from);
        header.replace(at + 1, from.size(), to);
    }
    return header.substr(1, header.size() - 2) + text.substr(end);
}

}  // namespace

class TestValidationPolicy final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // BANK003's defects: days_past_due RANGE (line 125) lowered to a warning loads the row,
    // final_maturity_date FORMAT (line 176) switched off loads it without a finding.
    void overridesChangeTheOutcome() {
        const auto text = readSample("BANK003/RETAIL/credit.csv");
        const auto before = run(FileType::Credit, text);
        QCOMPARE(before.rowsRejected, std::uint64_t(15));
        QVERIFY(foundAt(before, 125, "days_past_due", ErrorType::Range, Severity::Error));

        ValidationOptions rules;
        rules.severities = {{"days_past_due", ErrorType::Range, RuleLevel::Warning},
                            {"final_maturity_date", ErrorType::Format, RuleLevel::Off}};
        const auto after = run(FileType::Credit, text, rules);
        QCOMPARE(after.rowsRead, before.rowsRead);
        QCOMPARE(after.rowsRejected, std::uint64_t(13));
        QCOMPARE(after.rowsAccepted, before.rowsAccepted + 2);
        QVERIFY(foundAt(after, 125, "days_past_due", ErrorType::Range, Severity::Warning));
        Severity severity{};
        QCOMPARE(count(after, "days_past_due", ErrorType::Range, &severity), std::uint64_t(1));
        QCOMPARE(severity, Severity::Warning);
        QCOMPARE(count(after, "final_maturity_date", ErrorType::Format), std::uint64_t(0));
        QCOMPARE(after.errorCount, before.errorCount - 2);
    }

    // A warning raised to an error rejects the rows it fires on.
    void warningRaisedToError() {
        const auto text = readSample("BANK002/RETAIL/credit.csv");
        const auto before = run(FileType::Credit, text);
        QCOMPARE(before.rowsRejected, std::uint64_t(0));
        const auto inconsistent = count(before, "total_installment_count", ErrorType::Consistency);
        QVERIFY(inconsistent > 10);
        ValidationOptions rules;
        rules.severities = {{"total_installment_count", ErrorType::Consistency, RuleLevel::Error}};
        const auto after = run(FileType::Credit, text, rules);
        QCOMPARE(after.rowsRejected, inconsistent);
        QCOMPARE(after.rowsAccepted + after.rowsRejected, after.rowsRead);
    }

    // A tolerance of one installment silences the differences of one; a larger amount tolerance
    // fewer installment-amount warnings.
    void tolerances() {
        const auto credit = readSample("BANK002/RETAIL/credit.csv");
        ValidationOptions loose;
        loose.installmentTolerance = 1'000'000;
        loose.amountTolerance = 1'000'000'000'000;
        const auto s = run(FileType::Credit, credit, loose);
        QCOMPARE(count(s, "total_installment_count", ErrorType::Consistency), std::uint64_t(0));
        QCOMPARE(count(s, "outstanding_principal_balance", ErrorType::Consistency),
                 std::uint64_t(0));
        const auto plan = readSample("BANK002/RETAIL/payment_plan.csv");
        QVERIFY(count(run(FileType::PaymentPlan, plan), "installment_amount",
                      ErrorType::Consistency) > 0);
        QCOMPARE(count(run(FileType::PaymentPlan, plan, loose), "installment_amount",
                       ErrorType::Consistency),
                 std::uint64_t(0));
    }

    // Renamed headers with their aliases load exactly as the original (aliases are matched
    // trimmed and case-insensitively).
    void aliasesMapHeaders() {
        const auto text = readSample("BANK002/RETAIL/credit.csv");
        const auto renamed = renameColumns(
            text, {{"loan_account_number", "KREDI_NO"}, {"customer_id", "Musteri No"}});
        const auto unmapped = run(FileType::Credit, renamed);
        QVERIFY(unmapped.refused);
        QVERIFY2(unmapped.refusal.find("loan_account_number") != std::string::npos,
                 unmapped.refusal.c_str());

        ValidationOptions rules;
        rules.aliases = {{"kredi_no", "loan_account_number"}, {" MUSTERI NO ", "customer_id"}};
        const auto original = run(FileType::Credit, text);
        const auto mapped = run(FileType::Credit, renamed, rules);
        QVERIFY2(!mapped.refused, mapped.refusal.c_str());
        QCOMPARE(mapped.rowsAccepted, original.rowsAccepted);
        QCOMPARE(mapped.rowsRejected, original.rowsRejected);
        QCOMPARE(mapped.warningCount, original.warningCount);
        QCOMPARE(count(mapped, "KREDI_NO", ErrorType::UnknownColumn), std::uint64_t(0));
    }

    // Unknown columns: ignored with a warning by default, the file refused naming them when the
    // policy says so.
    void unknownColumns() {
        const auto text = renameColumns(readSample("BANK002/RETAIL/credit.csv"),
                                        {{"external_rating", "DIS_DERECE"}});
        const auto warned = run(FileType::Credit, text);
        QVERIFY(!warned.refused);
        Severity severity{};
        QCOMPARE(count(warned, "DIS_DERECE", ErrorType::UnknownColumn, &severity),
                 std::uint64_t(1));
        QCOMPARE(severity, Severity::Warning);

        ValidationOptions rules;
        rules.refuseUnknownColumns = true;
        const auto refused = run(FileType::Credit, text, rules);
        QVERIFY(refused.refused);
        QVERIFY2(refused.refusal.find("DIS_DERECE") != std::string::npos &&
                     refused.refusal.find("refused by the tenant's rules") != std::string::npos,
                 refused.refusal.c_str());
        QCOMPARE(refused.rowsAccepted, std::uint64_t(0));
    }

    // The default policy is the built-in behaviour: same counts, groups and first findings.
    void defaultPolicyChangesNothing() {
        const auto text = readSample("BANK003/RETAIL/payment_plan.csv");
        ValidationOptions defaults;
        defaults.severities = {};  // explicit, empty
        const auto a = run(FileType::PaymentPlan, text);
        const auto b = run(FileType::PaymentPlan, text, defaults);
        QCOMPARE(a.rowsRejected, b.rowsRejected);
        QCOMPARE(a.errorCount, b.errorCount);
        QCOMPARE(a.warningCount, b.warningCount);
        QCOMPARE(a.groups.size(), b.groups.size());
        QCOMPARE(a.firstFindings.size(), b.firstFindings.size());
    }

    void checkPolicyRefusesWhatCannotWork() {
        const auto problem = [](std::vector<SeverityOverride> s, std::vector<HeaderAlias> a = {}) {
            return checkPolicy(s, a, LoanType::Retail).value_or("");
        };
        QCOMPARE(problem({{"email_address", ErrorType::Format, RuleLevel::Off}}),
                 std::string("severities: email_address is not a field of RETAIL credit or "
                             "payment plan files"));
        const auto key = problem({{"loan_account_number", ErrorType::Required, RuleLevel::Off}});
        QVERIFY2(key.find("REQUIRED of loan_account_number cannot be switched off") !=
                         std::string::npos &&
                     key.find("key column") != std::string::npos,
                 key.c_str());
        QVERIFY(
            !problem({{"installment_number", ErrorType::Duplicate, RuleLevel::Warning}}).empty());
        // customer_id is required in both loan types: the warehouse column is not nullable.
        QVERIFY(problem({{"customer_id", ErrorType::Required, RuleLevel::Warning}})
                    .find("non-nullable") != std::string::npos);
        QVERIFY(problem({{"days_past_due", ErrorType::Range, RuleLevel::Off}}).empty());
        QVERIFY(problem({{"loan_account_number", ErrorType::Required, RuleLevel::Error}}).empty());
        QVERIFY(problem({{"loan_account_number", ErrorType::CrossReference, RuleLevel::Warning}})
                    .empty());
        QVERIFY(problem({{"sector_code", ErrorType::Value, RuleLevel::Off}})
                    .find("not a field of RETAIL") != std::string::npos);
        QVERIFY(problem({{"days_past_due", ErrorType::UnknownColumn, RuleLevel::Off}})
                    .find("cannot be overridden") != std::string::npos);
        QVERIFY(problem({{"days_past_due", ErrorType::Range, RuleLevel::Off},
                         {"days_past_due", ErrorType::Range, RuleLevel::Warning}})
                    .find("set twice") != std::string::npos);

        // Aliases: one-to-one, onto catalog fields, never a catalog name.
        QVERIFY(problem({}, {{"KREDI_NO", "loan_account_number"}}).empty());
        QVERIFY(problem({}, {{"KREDI_NO", "loan_account_number"}, {"kredi_no", "customer_id"}})
                    .find("mapped twice") != std::string::npos);
        const auto twice =
            problem({}, {{"KREDI_NO", "loan_account_number"}, {"HESAP", "loan_account_number"}});
        QVERIFY2(twice.find("loan_account_number is the target of both KREDI_NO and HESAP") !=
                     std::string::npos,
                 twice.c_str());
        QVERIFY(problem({}, {{"X", "no_such_field"}}).find("no_such_field is not a field") !=
                std::string::npos);
        QVERIFY(problem({}, {{"customer_id", "loan_account_number"}})
                    .find("already the name of a catalog field") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestValidationPolicy)
#include "tst_validationpolicy.moc"
