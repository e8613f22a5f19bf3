// The read cache stays inside its byte budget whatever the mix of entries: many distinct small
// entries (row counts keyed by long filter strings) are charged for their keys and bookkeeping,
// not just their bodies, and the least recently used go first.

#include <QtTest>

#include "agent/api/readcache.h"

using namespace findata;
using namespace findata::agent;

class TestReadCache final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void distinctSmallEntriesStayWithinTheBudget() {
        constexpr std::size_t kBudget = 1 << 20;
        ReadCache cache(kBudget);
        const std::string filter(200, 'f');
        for (int i = 0; i < 10'000; ++i) {
            const ReadCache::Key key{"BANK001", core::kBoth, "count?" + filter + std::to_string(i)};
            cache.put(key, cache.generation(key.tenantId, key.loanTypes), "1");
            QVERIFY2(cache.bytes() <= kBudget, qPrintable(QString::number(cache.bytes())));
        }
        // Each entry costs far more than its one-byte body: far fewer than 10,000 fit.
        QVERIFY2(cache.entries() < 3'000, qPrintable(QString::number(cache.entries())));
        QVERIFY(cache.entries() > 100);
        // The newest is kept, the oldest evicted.
        QCOMPARE(cache.get({"BANK001", core::kBoth, "count?" + filter + "9999"}),
                 std::optional<std::string>("1"));
        QCOMPARE(cache.get({"BANK001", core::kBoth, "count?" + filter + "0"}),
                 std::optional<std::string>());
    }

    void invalidationFreesTheCharge() {
        ReadCache cache(1 << 20);
        for (int i = 0; i < 100; ++i) {
            const ReadCache::Key key{"BANK002", core::kRetail, "page" + std::to_string(i)};
            cache.put(key, cache.generation(key.tenantId, key.loanTypes), std::string(100, 'x'));
        }
        QCOMPARE(cache.entries(), std::size_t(100));
        QVERIFY(cache.bytes() > 100 * 100);
        cache.invalidate("BANK002", core::LoanType::Retail);
        QCOMPARE(cache.entries(), std::size_t(0));
        QCOMPARE(cache.bytes(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestReadCache)
#include "tst_readcache.moc"
