// The duplicate pre-pass of huge credit files (core/keyscreen.h): a screened validation finds
// exactly what a full one finds. Property-style: generated credit files with random duplicates,
// rows rejected for other reasons, blank and padded loan numbers, malformed rows, validated once
// keeping every loan and once screened — with filters from one block (every key a false
// positive) to the default, and in several rounds — and the findings compared, duplicates also
// with an exact model.

#include <QtTest>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/fileprocessor.h"
#include "core/generator.h"
#include "core/keyscreen.h"
#include "core/text.h"

using namespace findata::core;

namespace {

// Everything a sync stores of a file: every finding and which rows were loaded or rejected.
struct Outcome {
    std::vector<std::tuple<std::uint64_t, std::string, int, int, std::string, std::string>>
        findings;
    std::vector<std::uint64_t> accepted, rejected;
    std::size_t keptLoans = 0;
};

class Recorder final : public RowSink {
public:
    Outcome outcome;
    void acceptedRow(const TypedRow&, const CsvRecord& record) override {
        outcome.accepted.push_back(record.line);
    }
    void rejectedRow(const CsvRecord& record, std::span<const Finding>) override {
        outcome.rejected.push_back(record.line);
    }
    void finding(const Finding& f) override {
        outcome.findings.emplace_back(f.line, f.field, static_cast<int>(f.type),
                                      static_cast<int>(f.severity), f.message, f.value);
    }
};

Outcome validate(const std::string& text, ValidationOptions options,
                 const HashSet* screen = nullptr) {
    options.duplicateScreen = screen;
    Recorder recorder;
    FileProcessor processor(FileType::Credit, LoanType::Retail, &recorder, options);
    for (std::size_t i = 0; i < text.size(); i += 4093)
        processor.feed(std::string_view(text).substr(i, 4093));
    processor.finish();
    recorder.outcome.keptLoans = processor.validator().acceptedLoans().size();
    return recorder.outcome;
}

HashSet screenOf(const std::string& text, const ValidationOptions& options, std::size_t filterBytes,
                 std::uint64_t keysPerRound, KeyScreenStats* stats = nullptr) {
    const ByteSource read = [&](const std::function<void(std::string_view)>& feed) {
        for (std::size_t i = 0; i < text.size(); i += 1021)
            feed(std::string_view(text).substr(i, 1021));
    };
    return screenDuplicateLoans(LoanType::Retail, options, Catalog::standard(), read, 5000, stats,
                                filterBytes, keysPerRound);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const auto end = line.find(';', start);
        fields.push_back(line.substr(start, end - start));
        if (end == std::string::npos) return fields;
        start = end + 1;
    }
}

std::string join(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
        line += (i ? ";" : "") + fields[i];
    return line;
}

// A generated credit file with random damage; `header` replaces the loan column's name.
std::string damagedFile(std::uint64_t seed, std::size_t rows, const std::string& loanHeader) {
    GeneratorOptions g;
    g.creditRows = rows;
    g.seed = seed;
    std::string text;
    generateCredit(g, [&](std::string_view piece) { text += piece; });
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    auto header = split(lines[0]);
    std::size_t loan = 0, amount = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "loan_account_number") loan = i;
        if (header[i] == "original_loan_amount") amount = i;
    }
    header[loan] = loanHeader;
    std::string out = join(header) + "\n";
    std::mt19937_64 random(seed);
    std::vector<std::string> loans;
    for (std::size_t n = 1; n < lines.size(); ++n) {
        auto fields = split(lines[n]);
        const auto dice = random() % 100;
        if (!loans.empty() && dice < 15)  // a loan number of an earlier row, maybe padded
            fields[loan] = (dice < 3 ? " " : "") + loans[random() % loans.size()];
        else if (dice < 18)
            fields[loan] = dice == 15 ? "" : "  ";
        else if (dice < 21)
            fields[loan] += " ";
        if (random() % 10 == 0) fields[amount] = "not an amount";  // rejected, still counts
        std::string line = join(fields);
        if (random() % 40 == 0) line += ";extra";  // wrong width: no key at all
        if (random() % 50 == 0) out += "\n";       // a blank line
        loans.push_back(std::string(trimBlanks(fields[loan])));
        out += line + "\n";
        if (random() % 30 == 0) out += line + "\n";  // the same row twice
    }
    return out;
}

// The duplicates an exact model finds: the lines of well-formed rows whose trimmed loan number
// an earlier well-formed row had.
std::set<std::uint64_t> modelDuplicates(const std::string& text) {
    std::set<std::uint64_t> duplicates;
    std::set<std::string> seen;
    std::uint64_t line = 0;
    std::size_t width = 0, loan = 0;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        const std::string raw = text.substr(start, end - start);
        start = end + 1;
        ++line;
        if (raw.empty()) continue;
        const auto fields = split(raw);
        if (line == 1) {
            width = fields.size();
            for (std::size_t i = 0; i < fields.size(); ++i)
                if (fields[i] == "loan_account_number" || fields[i] == "Kredi No") loan = i;
            continue;
        }
        if (fields.size() != width) continue;
        const std::string key(trimBlanks(fields[loan]));
        if (key.empty()) continue;
        if (!seen.insert(key).second) duplicates.insert(line);
    }
    return duplicates;
}

std::set<std::uint64_t> duplicateLines(const Outcome& o) {
    std::set<std::uint64_t> lines;
    for (const auto& f : o.findings)
        if (std::get<2>(f) == static_cast<int>(ErrorType::Duplicate)) lines.insert(std::get<0>(f));
    return lines;
}

}  // namespace

class TestKeyScreen final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A filter has no false negatives; a full one answers "maybe" for everything.
    void filterNeverForgetsAKey() {
        BlockedBloomFilter filter(1 << 16);
        std::mt19937_64 random(3);
        std::vector<std::uint64_t> added;
        std::size_t maybe = 0;
        for (int i = 0; i < 5000; ++i) {
            const auto h = random();
            maybe += filter.testAndAdd(h) ? 1 : 0;
            added.push_back(h);
        }
        QVERIFY(maybe < 50);  // ~100 bits a key: false positives are rare
        for (const auto h : added)
            QVERIFY(filter.testAndAdd(h));
        BlockedBloomFilter tiny(1);  // one block of 512 bits
        for (int i = 0; i < 2000; ++i)
            tiny.testAndAdd(random());
        QVERIFY(tiny.testAndAdd(random()));
    }

    void hashSetIsExact() {
        HashSet set;
        std::set<std::uint64_t> reference;
        std::mt19937_64 random(5);
        for (int i = 0; i < 100000; ++i) {
            const std::uint64_t h = i % 1000 == 0 ? 0 : random() % 60000;
            QCOMPARE(set.insert(h), reference.insert(h).second);
        }
        QCOMPARE(set.size(), reference.size());
        for (std::uint64_t h = 0; h < 60000; ++h)
            QCOMPARE(set.contains(h), reference.count(h) != 0);
    }

    // The screened validation equals the full one, finding for finding, and the duplicates
    // equal the exact model's — whatever the filter's false positives and the rounds.
    void screenedValidationFindsExactlyWhatTheFullOneFinds_data() {
        QTest::addColumn<std::uint64_t>("seed");
        QTest::addColumn<qulonglong>("filterBytes");
        QTest::addColumn<qulonglong>("keysPerRound");
        QTest::addColumn<bool>("alias");
        QTest::addColumn<bool>("duplicatesAreWarnings");
        QTest::newRow("one block: every key a false positive")
            << std::uint64_t(1) << 1ULL << 1'000'000ULL << false << false;
        QTest::newRow("4 KB: some false positives")
            << std::uint64_t(2) << 4096ULL << 1'000'000ULL << false << false;
        QTest::newRow("default filter")
            << std::uint64_t(3) << qulonglong(kScreenFilterBytes) << 1'000'000ULL << false << false;
        QTest::newRow("five rounds") << std::uint64_t(4) << 2048ULL << 1000ULL << false << false;
        QTest::newRow("aliased loan column")
            << std::uint64_t(5) << 4096ULL << 1'000'000ULL << true << false;
        QTest::newRow("duplicates as warnings")
            << std::uint64_t(6) << 4096ULL << 1'000'000ULL << false << true;
    }
    void screenedValidationFindsExactlyWhatTheFullOneFinds() {
        QFETCH(std::uint64_t, seed);
        QFETCH(qulonglong, filterBytes);
        QFETCH(qulonglong, keysPerRound);
        QFETCH(bool, alias);
        QFETCH(bool, duplicatesAreWarnings);
        ValidationOptions options;
        if (alias) options.aliases.push_back({"Kredi No", "loan_account_number"});
        if (duplicatesAreWarnings)
            options.severities.push_back(
                {"loan_account_number", ErrorType::Duplicate, RuleLevel::Warning});
        const std::string text =
            damagedFile(seed, 4000, alias ? "Kredi No" : "loan_account_number");

        const Outcome full = validate(text, options);
        KeyScreenStats stats;
        const HashSet screen = screenOf(text, options, filterBytes, keysPerRound, &stats);
        const Outcome screened = validate(text, options, &screen);

        QCOMPARE(screened.findings, full.findings);
        QCOMPARE(screened.accepted, full.accepted);
        QCOMPARE(screened.rejected, full.rejected);
        const auto model = modelDuplicates(text);
        QVERIFY(model.size() > 400);  // the damage made many
        QCOMPARE(duplicateLines(full), model);
        QCOMPARE(duplicateLines(screened), model);
        QCOMPARE(stats.rounds, keysPerRound == 1000 ? 5u : 1u);
        // The screened set keeps only the loans the screen names: with the default filter, the
        // repeated ones (and no false positive at this size).
        QVERIFY(screened.keptLoans <= screen.size());
        if (filterBytes == kScreenFilterBytes) {
            QVERIFY(screen.size() < full.keptLoans / 2);
        }
    }

    // A file the validator refuses for its header has no screen (its rows are never checked).
    void refusedHeaderScreensNothing() {
        const std::string text = "customer_id;loan_account_number\nC1;L1\nC2;L1\n";
        const HashSet screen = screenOf(text, {}, 1, 1'000'000);
        QCOMPARE(screen.size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestKeyScreen)
#include "tst_keyscreen.moc"
