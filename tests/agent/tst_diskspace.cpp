// The disk reserve's pieces without a server: the setting's syntax (auto, sizes, shares, and
// what is refused), the reserve it gives on filesystems of various sizes, the budget's figures
// from a real directory and its refusal messages, and the shutdown grace setting.

#include <QTemporaryDir>
#include <QtTest>

#include "agent/config/settings.h"
#include "agent/util/diskspace.h"

using namespace findata::agent;

class TestDiskSpace final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reserveSyntax_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qulonglong>("onSmall");  // reserve on 64 MiB
        QTest::addColumn<qulonglong>("onLarge");  // reserve on 100 GiB
        constexpr qulonglong small = 64ull << 20;
        constexpr qulonglong large = 100ull << 30;
        QTest::newRow("auto: 10 %") << "auto" << small / 10 << (2ull << 30);
        QTest::newRow("none") << "0" << 0ull << 0ull;
        QTest::newRow("bytes") << "1048576" << 1048576ull << 1048576ull;
        QTest::newRow("MB") << "40MB" << (40ull << 20) << (40ull << 20);
        QTest::newRow("GB, any case") << "5gb" << (5ull << 30) << (5ull << 30);
        QTest::newRow("kB") << "512kB" << (512ull << 10) << (512ull << 10);
        QTest::newRow("TB") << "1TB" << (1ull << 40) << (1ull << 40);
        QTest::newRow("share") << "5%" << small / 20 << large / 20;
        QTest::newRow("fractional share")
            << "2.5%" << qulonglong(small * 0.025) << qulonglong(large * 0.025);
    }
    void reserveSyntax() {
        QFETCH(QString, text);
        QFETCH(qulonglong, onSmall);
        QFETCH(qulonglong, onLarge);
        const auto reserve = DiskReserve::parse(text.toStdString());
        QCOMPARE(qulonglong(reserve.bytesOf(64ull << 20)), onSmall);
        QCOMPARE(qulonglong(reserve.bytesOf(100ull << 30)), onLarge);
    }

    void badReservesAreRefused() {
        for (const char* bad : {"", "-1", "5.5MB", "abc", "100%", "150%", "10PB", "MB", "1e9",
                                "99999999999999999999", "20000000TB"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DiskReserve::parse(bad));
    }

    void settingsTakeTheReserveAndTheGrace() {
        std::vector<std::string> args = {"serve", "--disk-reserve", "40MB", "--shutdown-grace=2s"};
        const auto settings = loadSettings(args, {});
        QCOMPARE(args, std::vector<std::string>{"serve"});
        QCOMPARE(settings.diskReserve.bytesOf(1ull << 40), std::uint64_t(40) << 20);
        QCOMPARE(settings.shutdownGrace.count(), 2);

        std::vector<std::string> none = {"serve"};
        const auto defaults = loadSettings(none, {});
        QCOMPARE(defaults.diskReserve.bytesOf(1ull << 40), std::uint64_t(2) << 30);
        QCOMPARE(defaults.shutdownGrace.count(), 30);

        std::vector<std::string> bad = {"--disk-reserve", "lots"};
        try {
            loadSettings(bad, {});
            QFAIL("a bad reserve was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QByteArray(e.what()).startsWith("--disk-reserve: expected auto"), e.what());
        }
    }

    void theBudgetReadsARealDirectory() {
        QTemporaryDir dir;
        const DiskBudget none(dir.path().toStdString(), DiskReserve::parse("0"));
        const auto s = none.status();
        QVERIFY(s.totalBytes > 0);
        QVERIFY(s.freeBytes <= s.totalBytes);
        QCOMPARE(s.reserveBytes, std::uint64_t(0));
        QVERIFY(!s.low());
        QCOMPARE(none.require(0, "a sync").freeBytes > 0, true);

        // A reserve larger than the filesystem: nothing fits, and the message says why.
        const DiskBudget all(dir.path().toStdString(), DiskReserve::parse("20000TB"));
        try {
            all.require(0, "a sync of T RETAIL");
            QFAIL("a sync was let through below the reserve");
        } catch (const InsufficientDisk& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QStringLiteral("a sync of T RETAIL needs free space")),
                     e.what());
            QVERIFY2(message.contains(dir.path()) && message.contains(QStringLiteral("reserve")),
                     e.what());
            QVERIFY(e.status().low());
        }
        try {
            none.require(s.freeBytes * 2 + (1ull << 30), "the upload");
            QFAIL("an upload larger than the free space was let through");
        } catch (const InsufficientDisk& e) {
            QVERIFY2(
                QByteArray(e.what()).startsWith("the upload would leave less than the reserve"),
                e.what());
            QCOMPARE(e.neededBytes(), s.freeBytes * 2 + (1ull << 30));
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 DiskBudget("/nonexistent/findata", {}).status());
    }

    void sizesReadWell() {
        QCOMPARE(describeBytes(512), std::string("512 bytes"));
        QCOMPARE(describeBytes(6710886), std::string("6.4 MiB (6710886 bytes)"));
        QCOMPARE(describeBytes(2ull << 30), std::string("2.0 GiB (2147483648 bytes)"));
    }
};

QTEST_GUILESS_MAIN(TestDiskSpace)
#include "tst_diskspace.moc"
