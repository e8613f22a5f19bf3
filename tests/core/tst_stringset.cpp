#include <QtTest>
#include <iterator>
#include <random>
#include <set>
#include <string>

#include "core/stringset.h"

using findata::core::LoanSet;
using findata::core::StringSet;

class TestStringSet final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void insertReportsNewKeysOnly() {
        StringSet set;
        QVERIFY(set.insert("LOAN_000001"));
        QVERIFY(!set.insert("LOAN_000001"));
        QVERIFY(set.insert("LOAN_000002"));
        QVERIFY(set.insert(""));
        QVERIFY(!set.insert(""));
        QCOMPARE(set.size(), std::size_t(3));
        QVERIFY(set.contains("LOAN_000002"));
        QVERIFY(!set.contains("LOAN_00000"));
        QVERIFY(!set.contains("LOAN_0000011"));
    }

    // Agrees with std::set over many keys, through several table growths.
    void agreesWithStdSet() {
        StringSet set;
        std::set<std::string> reference;
        std::uint64_t x = 42;
        for (int i = 0; i < 200000; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const std::string key = "K" + std::to_string((x >> 33) % 150000);
            QCOMPARE(set.insert(key), reference.insert(key).second);
        }
        QCOMPARE(set.size(), reference.size());
        for (const auto& key : reference)
            QVERIFY(set.contains(key));
        QVERIFY(!set.contains("K150000"));
        std::size_t visited = 0;
        set.forEach([&](std::string_view key) {
            QVERIFY(reference.count(std::string(key)));
            ++visited;
        });
        QCOMPARE(visited, reference.size());
    }

    void indicesFollowInsertionOrder() {
        StringSet set;
        QCOMPARE(set.emplace("a"), std::pair(std::size_t(0), true));
        QCOMPARE(set.emplace("b"), std::pair(std::size_t(1), true));
        QCOMPARE(set.emplace("a"), std::pair(std::size_t(0), false));
        QCOMPARE(set.find("b"), std::size_t(1));
        QCOMPARE(set.find("c"), StringSet::npos);
    }

    // A loan seen but not loaded is no valid cross-reference target.
    void loanSetAnswersOnlyLiveLoans() {
        LoanSet loans;
        const auto [rejected, isNew] = loans.add("LOAN_1");
        QVERIFY(isNew);
        QVERIFY(!loans.contains("LOAN_1"));
        loans.addLive("LOAN_2");
        QVERIFY(loans.contains("LOAN_2"));
        QVERIFY(!loans.add("LOAN_2").second);
        loans.setLive(rejected);
        QVERIFY(loans.contains("LOAN_1"));
        QCOMPARE(loans.liveCount(), std::size_t(2));
        QVERIFY(!loans.contains("LOAN_3"));
    }

    // Exact, like a std::set of pairs: every installment block, loans far apart, numbers at the
    // edges of a word and outside what a word key holds.
    void installmentSetAgreesWithStdSet() {
        findata::core::InstallmentSet set;
        std::set<std::pair<std::uint64_t, std::int64_t>> reference;
        std::mt19937_64 random(14);
        const std::int64_t edges[] = {0,   1,          63,         64,         65, 127,
                                      128, 2147483647, 4294967295, 4294967296, -1, -64};
        for (int i = 0; i < 400000; ++i) {
            const std::uint64_t loan = i % 7 == 0 ? random() % 5 : random() % 60000;
            const std::int64_t installment =
                i % 11 == 0 ? edges[random() % std::size(edges)] : std::int64_t(random() % 400);
            const bool added = set.insert(loan, installment);
            QCOMPARE(added, reference.emplace(loan, installment).second);
        }
        QVERIFY(set.insert(std::uint64_t{1} << 40, 5));
        QVERIFY(!set.insert(std::uint64_t{1} << 40, 5));
        reference.emplace(std::uint64_t{1} << 40, 5);
        QCOMPARE(set.size(), reference.size());
    }

    void clearEmpties() {
        StringSet set;
        set.insert("a");
        set.clear();
        QCOMPARE(set.size(), std::size_t(0));
        QVERIFY(!set.contains("a"));
        QVERIFY(set.insert("a"));
    }
};

QTEST_APPLESS_MAIN(TestStringSet)
#include "tst_stringset.moc"
