// UploadStore: uploads survive a round trip byte for byte, are real zstd with the right SHA-256,
// and every failure (corruption, size limit, disk errors, crashes) leaves a clear error and no
// half file behind.

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "agent/uploads/gzip.h"
#include "agent/uploads/sha256.h"
#include "agent/uploads/uploadstore.h"
#include "testconfig.h"

using findata::agent::GzipDeflater;
using findata::agent::Sha256;
using findata::agent::StagedFile;
using findata::agent::StagedFileCorrupt;
using findata::agent::UploadCompression;
using findata::agent::UploadStore;
using findata::agent::UploadStoreError;
using findata::agent::UploadTooLarge;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMiB = 1 << 20;

std::string randomBytes(std::size_t size, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes)
        c = static_cast<char>(random() & 0xff);
    return bytes;
}

// CSV-like text, compressible as real bank files are.
std::string textBytes(std::size_t size) {
    std::string text;
    text.reserve(size + 64);
    for (std::uint64_t row = 0; text.size() < size; ++row)
        text += "LOAN" + std::to_string(row) + ";2024-01-31;" + std::to_string(row * 37 % 100000) +
                ",25;EUR;RETAIL\n";
    text.resize(size);
    return text;
}

std::string referenceSha(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeAll(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Every regular file under `dir`, relative to it.
QStringList filesUnder(const fs::path& dir) {
    QStringList files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            files << QString::fromStdString(entry.path().lexically_relative(dir).string());
    files.sort();
    return files;
}

std::string readBack(const UploadStore& store, const StagedFile& file,
                     std::size_t* largestChunk = nullptr) {
    std::string out;
    store.read(file.path, file.sha256, [&](std::string_view chunk) {
        if (largestChunk) *largestChunk = std::max(*largestChunk, chunk.size());
        out.append(chunk);
    });
    return out;
}

// The message of the E thrown by f, or nullopt when f throws nothing.
template <typename E, typename F>
std::optional<QString> messageOf(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

int runZstd(const QStringList& args, QByteArray* out = nullptr) {
    QProcess zstd;
    zstd.start(QStringLiteral("zstd"), QStringList{QStringLiteral("-q")} + args);
    if (!zstd.waitForFinished(60000)) return -1;
    if (out) *out = zstd.readAllStandardOutput();
    return zstd.exitStatus() == QProcess::NormalExit ? zstd.exitCode() : -1;
}

// A real small disk for disk-full tests: a tmpfs of `size` ("4m") mounted at `mountPoint` (made
// if missing), unmounted when this goes; null when it cannot be mounted (mount needs root).
class SmallDisk final {
public:
    static std::unique_ptr<SmallDisk> mount(const fs::path& mountPoint, const char* size) {
        fs::create_directories(mountPoint);
        const QString target = QString::fromStdString(mountPoint.string());
        if (QProcess::execute(QStringLiteral("mount"),
                              {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                               QStringLiteral("size=") + QLatin1String(size),
                               QStringLiteral("tmpfs"), target}) != 0)
            return nullptr;
        return std::unique_ptr<SmallDisk>(new SmallDisk(target));
    }
    ~SmallDisk() { QProcess::execute(QStringLiteral("umount"), {m_target}); }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

private:
    explicit SmallDisk(QString target) : m_target(std::move(target)) {}
    QString m_target;
};

}  // namespace

class TestUploadStore final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        m_dir.emplace();
        QVERIFY(m_dir->isValid());
        m_root = fs::path(m_dir->path().toStdString()) / "uploads";
    }

    void cleanup() { m_dir.reset(); }

    void sha256KnownVectors_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("digest");
        QTest::addRow("empty")
            << QByteArray()
            << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        QTest::addRow("abc")
            << QByteArray("abc")
            << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        QTest::addRow("two blocks (FIPS 180-2)")
            << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        QTest::addRow("one million a")
            << QByteArray(1000000, 'a')
            << QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    void sha256KnownVectors() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, digest);
        const std::string_view bytes(input.constData(), static_cast<std::size_t>(input.size()));
        QCOMPARE(Sha256::hex(bytes), digest.toStdString());
        // Fed in uneven pieces it must give the same digest.
        Sha256 pieces;
        for (std::size_t at = 0, step = 1; at < bytes.size(); at += step, step = step * 3 + 1)
            pieces.update(bytes.substr(at, step));
        QCOMPARE(pieces.finishHex(), digest.toStdString());
    }

    void roundTrip_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("pieceSize");
        const auto add = [](const char* name, const std::string& bytes, int piece) {
            QTest::addRow("%s, pieces of %d", name, piece)
                << QByteArray::fromStdString(bytes) << piece;
        };
        add("empty", "", 1);
        add("one byte", "x", 1);
        add("a line, byte by byte", "LOAN1;2024-01-31;100,00\n", 1);
        add("exactly 256 KiB text", textBytes(256 * 1024), 4096);
        add("exactly 1 MiB text", textBytes(kMiB), int(kMiB));
        add("exactly 2 MiB random", randomBytes(2 * kMiB, 1), int(kMiB));
        add("1 MiB + 1 text", textBytes(kMiB + 1), 65537);
        add("5 MiB random", randomBytes(5 * kMiB, 2), 100000);
        add("12 MiB text in one write", textBytes(12 * kMiB), int(12 * kMiB));
    }

    void roundTrip() {
        QFETCH(QByteArray, content);
        QFETCH(int, pieceSize);
        const std::string bytes = content.toStdString();
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        for (std::size_t at = 0; at < bytes.size(); at += std::size_t(pieceSize))
            writer->write(std::string_view(bytes).substr(at, std::size_t(pieceSize)));
        QCOMPARE(writer->bytesWritten(), bytes.size());
        const StagedFile file = writer->commit();

        QCOMPARE(file.path, m_root / "BANK001/RETAIL/credit/u1.csv.zst");
        QCOMPARE(filesUnder(m_root),
                 QStringList{QStringLiteral("BANK001/RETAIL/credit/u1.csv.zst")});
        QCOMPARE(file.sizeBytes, bytes.size());
        QCOMPARE(file.storedBytes, fs::file_size(file.path));
        QCOMPARE(file.sha256, referenceSha(bytes));

        std::size_t largestChunk = 0;
        const std::string back = readBack(store, file, &largestChunk);
        QCOMPARE(back.size(), bytes.size());
        QVERIFY(back == bytes);
        QVERIFY2(largestChunk <= kMiB, "read hands out pieces of at most 1 MiB");
        // A file that really is zstd, readable by the standard tool.
        QByteArray decompressed;
        QCOMPARE(runZstd({QStringLiteral("-dc"), QString::fromStdString(file.path.string())},
                         &decompressed),
                 0);
        QVERIFY(decompressed == content);
    }

    void sampleFile() {
        const fs::path sample = FINDATA_SAMPLE_DIR "/BANK001/RETAIL/credit.csv";
        QFile source(QString::fromStdString(sample.string()));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray original = source.readAll();
        QVERIFY(!original.isEmpty());

        UploadStore store(m_root);
        const StagedFile file = store.stageFile(sample, "BANK001", "RETAIL", "credit", "sample");
        QCOMPARE(
            file.sha256,
            QCryptographicHash::hash(original, QCryptographicHash::Sha256).toHex().toStdString());
        QCOMPARE(file.sizeBytes, std::uint64_t(original.size()));
        QVERIFY2(file.storedBytes < file.sizeBytes / 2, "CSV text compresses well even at level 1");
        QCOMPARE(runZstd({QStringLiteral("-t"), QString::fromStdString(file.path.string())}), 0);
        QVERIFY(QByteArray::fromStdString(readBack(store, file)) == original);
    }

    // Uploads staged as gzip by earlier versions (recorded with their .csv.gz path) still read,
    // checked against their SHA-256 like the new ones.
    void gzipFileOfAnEarlierVersionStillReads() {
        const std::string bytes = textBytes(3 * kMiB + 17);
        const fs::path dir = m_root / "BANK001/RETAIL/credit";
        fs::create_directories(dir);
        std::string gz;
        GzipDeflater deflater(1);
        const auto append = [&](std::string_view c) { gz.append(c); };
        deflater.write(bytes, append);
        deflater.finish(append);
        StagedFile file;
        file.path = dir / "old.csv.gz";
        file.sha256 = referenceSha(bytes);
        writeAll(file.path, gz);
        UploadStore store(m_root);
        QVERIFY(readBack(store, file) == bytes);

        gz[gz.size() / 2] ^= 0x5a;
        writeAll(file.path, gz);
        QVERIFY(messageOf<StagedFileCorrupt>([&] { readBack(store, file); }));
    }

    // Stored as sent (the default of the agent): the file is the bytes themselves, read back with
    // the SHA-256 checked; compress() writes the zstd form beside it, equal once decompressed,
    // and renews the old file's time so the orphan sweep's grace starts anew.
    void storedAsSentThenCompressed() {
        const std::string bytes = textBytes(2 * kMiB + 5);
        UploadStore store(m_root, UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        writer->write(bytes);
        const StagedFile raw = writer->commit();
        QCOMPARE(raw.path, m_root / "BANK001/RETAIL/credit/u1.csv");
        QVERIFY(UploadStore::isUncompressed(raw.path));
        QVERIFY(readAll(raw.path) == bytes);
        QCOMPARE(raw.storedBytes, std::uint64_t(bytes.size()));
        QCOMPARE(raw.sha256, referenceSha(bytes));
        QVERIFY(readBack(store, raw) == bytes);

        const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
        fs::last_write_time(raw.path, old);
        const StagedFile packed = store.compress(raw.path, raw.sha256);
        QCOMPARE(packed.path, m_root / "BANK001/RETAIL/credit/u1.csv.zst");
        QVERIFY(!UploadStore::isUncompressed(packed.path));
        QCOMPARE(packed.sha256, raw.sha256);
        QCOMPARE(packed.sizeBytes, raw.sizeBytes);
        QVERIFY2(packed.storedBytes < raw.storedBytes / 2, "CSV text compresses well");
        QVERIFY(readBack(store, packed) == bytes);
        QByteArray decompressed;
        QCOMPARE(runZstd({QStringLiteral("-dc"), QString::fromStdString(packed.path.string())},
                         &decompressed),
                 0);
        QVERIFY(decompressed.toStdString() == bytes);
        QVERIFY(readAll(raw.path) == bytes);  // left for the caller
        QVERIFY(fs::last_write_time(raw.path) > old + std::chrono::minutes(30));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.compress(packed.path, raw.sha256));
    }

    // A stored-as-sent file that changed on disk is not compressed: the mismatch is said and
    // nothing is written beside it.
    void corruptFileIsNotCompressed() {
        const std::string bytes = textBytes(kMiB);
        UploadStore store(m_root, UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u2");
        writer->write(bytes);
        const StagedFile raw = writer->commit();
        std::string changed = bytes;
        changed[changed.size() / 2] ^= 0x20;
        writeAll(raw.path, changed);
        const auto message =
            messageOf<StagedFileCorrupt>([&] { store.compress(raw.path, raw.sha256); });
        QVERIFY(message && message->contains(QStringLiteral("u2.csv")));
        QCOMPARE(filesUnder(m_root), QStringList{QStringLiteral("BANK001/RETAIL/credit/u2.csv")});
        QVERIFY(messageOf<StagedFileCorrupt>([&] { readBack(store, raw); }));
    }

    // The SHA-256 runs on a thread of its own one piece behind the writer (pieces from 64 KiB)
    // or on the writer's thread (smaller ones): any mix of piece sizes gives the digest of the
    // whole and the bytes themselves, as sent and at intake.
    void hashOfAnyPieceSizesIsThatOfTheWhole_data() {
        QTest::addColumn<bool>("atIntake");
        QTest::newRow("as sent") << false;
        QTest::newRow("zstd at intake") << true;
    }
    void hashOfAnyPieceSizesIsThatOfTheWhole() {
        QFETCH(bool, atIntake);
        const std::string bytes = textBytes(9 * kMiB + 3);
        UploadStore store(m_root,
                          atIntake ? UploadCompression::AtIntake : UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "pieces");
        const std::size_t sizes[] = {1, 100, 64 * 1024 - 1, 64 * 1024, kMiB + 7, 3 * kMiB, 17};
        std::string piece;  // reused at once, as the API's body buffer is
        for (std::size_t at = 0, i = 0; at < bytes.size(); ++i) {
            piece.assign(bytes, at, std::min(sizes[i % std::size(sizes)], bytes.size() - at));
            writer->write(piece);
            piece.assign(piece.size(), 'X');
            at += sizes[i % std::size(sizes)];
        }
        const StagedFile file = writer->commit();
        QCOMPARE(file.sha256, referenceSha(bytes));
        QVERIFY(readBack(store, file) == bytes);
    }

    // Compression that would eat into the disk reserve stops there: the file as sent is
    // untouched and nothing is left beside it.
    void compressionStopsAtTheDiskReserve() {
        const std::string bytes = textBytes(2 * kMiB);
        UploadStore store(m_root, UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u3");
        writer->write(bytes);
        const StagedFile raw = writer->commit();
        const auto message =
            messageOf<UploadStoreError>([&] { store.compress(raw.path, raw.sha256, 4096); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("disk reserve")), qPrintable(*message));
        QCOMPARE(filesUnder(m_root), QStringList{QStringLiteral("BANK001/RETAIL/credit/u3.csv")});
        QVERIFY(readBack(store, raw) == bytes);
        const StagedFile packed = store.compress(raw.path, raw.sha256, bytes.size());
        QVERIFY(readBack(store, packed) == bytes);
    }

    // A crash (kill -9) in the middle of compressing leaves the file as sent whole beside a
    // partial zstd file, which the start's clean-up removes; a crash after the rename but
    // before the record changed leaves two complete copies, each read with the upload's
    // SHA-256 (the janitor's orphan sweep takes the unrecorded one after its grace).
    void crashDuringCompressionLeavesACompleteCopy() {
        const std::string bytes = textBytes(3 * kMiB + 11);
        UploadStore store(m_root, UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u4");
        writer->write(bytes);
        const StagedFile raw = writer->commit();
        const StagedFile packed = store.compress(raw.path, raw.sha256);
        const std::string zst = readAll(packed.path);
        fs::remove(packed.path);
        const fs::path partial = raw.path.parent_path() / ".u4.csv.zst.partial-Q1w2E3";
        writeAll(partial, zst.substr(0, zst.size() / 2));  // what a killed compress() left

        UploadStore restarted(m_root, UploadCompression::AfterSync);
        QCOMPARE(restarted.removeLeftovers(), std::size_t(1));
        QCOMPARE(filesUnder(m_root), QStringList{QStringLiteral("BANK001/RETAIL/credit/u4.csv")});
        QVERIFY(readBack(restarted, raw) == bytes);

        writeAll(packed.path, zst);  // renamed, the record not changed yet
        QCOMPARE(restarted.removeLeftovers(), std::size_t(0));
        QVERIFY(readBack(restarted, raw) == bytes);
        QVERIFY(readBack(restarted, packed) == bytes);
        // Compressing again (the record still names the file as sent) replaces the duplicate.
        const StagedFile again = restarted.compress(raw.path, raw.sha256);
        QCOMPARE(again.path, packed.path);
        QVERIFY(readBack(restarted, again) == bytes);
    }

    // A disk that fills up while compressing (a 4 MiB tmpfs: 3 MiB of incompressible bytes as
    // sent leave no room for their zstd form) gives a clear error and keeps the file as sent,
    // with no partial file. Needs root (mount); skipped otherwise.
    void compressionOnAFullDiskKeepsTheFileAsSent() {
        if (::geteuid() != 0) QSKIP("mounting a tmpfs needs root");
        const fs::path mountPoint = fs::path(m_dir->path().toStdString()) / "small";
        const auto disk = SmallDisk::mount(mountPoint, "4m");
        if (!disk) QSKIP("cannot mount a tmpfs");
        std::string bytes(3 * kMiB, '\0');
        std::mt19937_64 random(14);
        for (auto& c : bytes)
            c = static_cast<char>(random());
        UploadStore store(mountPoint / "uploads", UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "full");
        writer->write(bytes);
        const StagedFile raw = writer->commit();
        const auto message =
            messageOf<UploadStoreError>([&] { store.compress(raw.path, raw.sha256); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("full.csv.zst")) &&
                     message->contains(QString::fromUtf8(std::strerror(ENOSPC))),
                 qPrintable(*message));
        QCOMPARE(filesUnder(mountPoint / "uploads"),
                 QStringList{QStringLiteral("BANK001/RETAIL/credit/full.csv")});
        QVERIFY(readBack(store, raw) == bytes);
    }

    // A reader that has what it wants stops; the rest of the file is not read.
    void readStopsWhenTheReaderHasEnough() {
        std::string bytes;
        for (int line = 0; bytes.size() < 3 * kMiB; ++line)
            bytes += "line " + std::to_string(line) + ";some;values;here\n";
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        writer->write(bytes);
        const StagedFile file = writer->commit();
        std::string head;
        int calls = 0;
        store.read(file.path, file.sha256, [&](std::string_view chunk) {
            ++calls;
            head.append(chunk);
            return head.find('\n') == std::string::npos;
        });
        QCOMPARE(calls, 1);
        QVERIFY(head.size() < bytes.size());
        QCOMPARE(head.substr(0, head.find('\n')), std::string("line 0;some;values;here"));
    }

    void corruptStoredFile_data() {
        QTest::addColumn<QString>("damage");
        QTest::addRow("truncated to half") << QStringLiteral("half");
        QTest::addRow("last byte of the trailer missing") << QStringLiteral("lastbyte");
        QTest::addRow("one byte flipped in the middle") << QStringLiteral("flip");
        QTest::addRow("garbage appended") << QStringLiteral("append");
        QTest::addRow("emptied") << QStringLiteral("empty");
        QTest::addRow("intact but a different upload's checksum") << QStringLiteral("othersha");
    }

    void corruptStoredFile() {
        QFETCH(QString, damage);
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        writer->write(textBytes(3 * kMiB));
        StagedFile file = writer->commit();
        std::string stored = readAll(file.path);
        if (damage == QLatin1String("half")) stored.resize(stored.size() / 2);
        if (damage == QLatin1String("lastbyte")) stored.pop_back();
        if (damage == QLatin1String("flip")) stored[stored.size() / 2] ^= 0x5a;
        if (damage == QLatin1String("append")) stored += "more";
        if (damage == QLatin1String("empty")) stored.clear();
        if (damage == QLatin1String("othersha")) file.sha256 = Sha256::hex("another file");
        writeAll(file.path, stored);

        const auto message = messageOf<StagedFileCorrupt>([&] { readBack(store, file); });
        QVERIFY2(message, "reading a damaged file must throw StagedFileCorrupt");
        QVERIFY2(message->contains(QString::fromStdString(file.path.string())),
                 qPrintable(*message));
    }

    void readMissingFileNamesIt() {
        UploadStore store(m_root);
        const fs::path missing = m_root / "BANK001/RETAIL/credit/gone.csv.zst";
        const auto message = messageOf<UploadStoreError>(
            [&] { store.read(missing, Sha256::hex(""), [](std::string_view) {}); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("gone.csv.zst")), qPrintable(*message));
    }

    void abortRemovesPartialFile_data() {
        QTest::addColumn<bool>("byDestructor");
        QTest::addRow("abort()") << false;
        QTest::addRow("destructor without commit") << true;
    }

    void abortRemovesPartialFile() {
        QFETCH(bool, byDestructor);
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        writer->write(randomBytes(3 * kMiB, 3));
        const QStringList during = filesUnder(m_root);
        QCOMPARE(during.size(), 1);
        QVERIFY2(
            during.front().startsWith(QStringLiteral("BANK001/RETAIL/credit/.u1.csv.zst.partial-")),
            qPrintable(during.front()));
        if (byDestructor) {
            writer.reset();
        } else {
            writer->abort();
            QVERIFY_THROWS_EXCEPTION(std::logic_error, writer->write("x"));
            QVERIFY_THROWS_EXCEPTION(std::logic_error, writer->commit());
        }
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    void maxBytes_data() {
        QTest::addColumn<QList<int>>("pieces");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("exactly the limit") << QList<int>{600, 400} << true;
        QTest::addRow("one byte over in one write") << QList<int>{1001} << false;
        QTest::addRow("over on the second write") << QList<int>{600, 600} << false;
        QTest::addRow("over by the last byte") << QList<int>{1000, 1} << false;
    }

    void maxBytes() {
        QFETCH(QList<int>, pieces);
        QFETCH(bool, accepted);
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1", 1000);
        bool threw = false;
        for (int piece : pieces) {
            try {
                writer->write(textBytes(std::size_t(piece)));
            } catch (const UploadTooLarge& e) {
                QCOMPARE(e.maxBytes(), std::uint64_t(1000));
                threw = true;
                break;
            }
        }
        QCOMPARE(threw, !accepted);
        if (accepted) {
            QCOMPARE(writer->commit().sizeBytes, std::uint64_t(1000));
            QCOMPARE(filesUnder(m_root),
                     QStringList{QStringLiteral("BANK001/RETAIL/credit/u1.csv.zst")});
        } else {
            QCOMPARE(filesUnder(m_root), QStringList());
        }
    }

    void stageFileTooLargeLeavesNothing() {
        UploadStore store(m_root);
        const fs::path sample = FINDATA_SAMPLE_DIR "/BANK001/RETAIL/credit.csv";
        QVERIFY_THROWS_EXCEPTION(
            UploadTooLarge, store.stageFile(sample, "BANK001", "RETAIL", "credit", "u1", 10000));
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    // load-csv's path: a regular file is copied by the kernel and hashed from the copy. Any size
    // (around the 8 MiB pieces too) is stored byte for byte with the SHA-256 of the source, and
    // onStart sees the start; zstd at intake reads and writes instead, with the same result.
    void stageFileKeepsEveryByte_data() {
        QTest::addColumn<qulonglong>("size");
        QTest::addColumn<bool>("compressed");
        for (const bool compressed : {false, true})
            for (const qulonglong size :
                 {0ULL, 1ULL, 8ULL * kMiB - 1, 8ULL * kMiB, 8ULL * kMiB + 1, 20ULL * kMiB + 123})
                QTest::addRow("%llu bytes%s", size, compressed ? ", zstd at intake" : "")
                    << size << compressed;
    }
    void stageFileKeepsEveryByte() {
        QFETCH(qulonglong, size);
        QFETCH(bool, compressed);
        const std::string bytes = randomBytes(size, size);
        const fs::path source = fs::path(m_dir->path().toStdString()) / "source.csv";
        writeAll(source, bytes);
        UploadStore store(m_root,
                          compressed ? UploadCompression::AtIntake : UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        std::string start;
        writer->writeFile(source, [&](std::string_view s) { start.append(s); });
        const StagedFile staged = writer->commit();
        QCOMPARE(staged.sizeBytes, std::uint64_t(size));
        QCOMPARE(staged.sha256, referenceSha(bytes));
        QVERIFY(readBack(store, staged) == bytes);
        if (!compressed) QVERIFY(readAll(staged.path) == bytes);
        QVERIFY2(start.size() >= std::min<std::size_t>(size, kMiB), "onStart saw the first MiB");
        QVERIFY(bytes.compare(0, start.size(), start) == 0);
        QCOMPARE(filesUnder(m_root).size(), 1);
    }

    // A source the kernel cannot copy from (a pipe) is read and written: the same bytes.
    void stageFileFromAPipe() {
        const fs::path fifo = fs::path(m_dir->path().toStdString()) / "pipe.csv";
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const std::string bytes = randomBytes(3 * kMiB + 7, 3);
        // A reader that gives up early must fail this test, not kill it.
        const auto previousHandler = ::signal(SIGPIPE, SIG_IGN);
        struct Restore {
            decltype(previousHandler) handler;
            ~Restore() { ::signal(SIGPIPE, handler); }
        } restore{previousHandler};
        std::thread feeder([&] { writeAll(fifo, bytes); });
        UploadStore store(m_root, UploadCompression::AfterSync);
        StagedFile staged;
        try {
            staged = store.stageFile(fifo, "BANK001", "RETAIL", "credit", "u1");
        } catch (...) {
            feeder.join();
            throw;
        }
        feeder.join();
        QCOMPARE(staged.sha256, referenceSha(bytes));
        QVERIFY(readAll(staged.path) == bytes);
    }

    // The size limit holds for the kernel's copy: exactly the limit is taken, a byte more is
    // refused and leaves nothing.
    void stageFileAtTheLimit_data() {
        QTest::addColumn<qulonglong>("limit");
        QTest::addColumn<bool>("accepted");
        constexpr qulonglong size = 9 * kMiB + 5;
        QTest::newRow("limit = size") << size << true;
        QTest::newRow("limit = size - 1") << size - 1 << false;
        QTest::newRow("limit in the first piece") << qulonglong(kMiB) << false;
    }
    void stageFileAtTheLimit() {
        QFETCH(qulonglong, limit);
        QFETCH(bool, accepted);
        const std::string bytes = randomBytes(9 * kMiB + 5, 9);
        const fs::path source = fs::path(m_dir->path().toStdString()) / "source.csv";
        writeAll(source, bytes);
        UploadStore store(m_root, UploadCompression::AfterSync);
        if (accepted) {
            const auto staged = store.stageFile(source, "BANK001", "RETAIL", "credit", "u1", limit);
            QCOMPARE(staged.sha256, referenceSha(bytes));
        } else {
            QVERIFY_THROWS_EXCEPTION(UploadTooLarge, store.stageFile(source, "BANK001", "RETAIL",
                                                                     "credit", "u1", limit));
            QCOMPARE(filesUnder(m_root), QStringList());
        }
    }

    // onStart refusing the file (a wrong header) leaves nothing.
    void stageFileRefusedAtItsStartLeavesNothing() {
        const fs::path source = fs::path(m_dir->path().toStdString()) / "source.csv";
        writeAll(source, textBytes(10 * kMiB));
        UploadStore store(m_root, UploadCompression::AfterSync);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        QVERIFY_THROWS_EXCEPTION(std::domain_error, writer->writeFile(source, [](std::string_view) {
            throw std::domain_error("wrong header");
        }));
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    // A disk that fills during the kernel's copy (source and store on one small tmpfs, so the
    // kernel copies): a clear error naming the upload, and nothing left of it.
    void stageFileOnAFullDiskLeavesNothing() {
        if (::geteuid() != 0) QSKIP("mounting a tmpfs needs root");
        const fs::path mountPoint = fs::path(m_dir->path().toStdString()) / "small";
        const auto disk = SmallDisk::mount(mountPoint, "8m");
        if (!disk) QSKIP("cannot mount a tmpfs");
        const fs::path source = mountPoint / "source.csv";
        writeAll(source, randomBytes(5 * kMiB, 5));
        UploadStore store(mountPoint / "uploads", UploadCompression::AfterSync);
        const auto message = messageOf<UploadStoreError>(
            [&] { store.stageFile(source, "BANK001", "RETAIL", "credit", "full"); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("full.csv")) &&
                     message->contains(QString::fromUtf8(std::strerror(ENOSPC))),
                 qPrintable(*message));
        QCOMPARE(filesUnder(mountPoint / "uploads"), QStringList());
    }

    void stageMissingSourceNamesIt() {
        UploadStore store(m_root);
        const auto message = messageOf<UploadStoreError>(
            [&] { store.stageFile(m_root / "nope.csv", "BANK001", "RETAIL", "credit", "u1"); });
        QVERIFY(message);
        QVERIFY2(message->contains(QStringLiteral("nope.csv")), qPrintable(*message));
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    void removeLeftovers() {
        UploadStore store(m_root);
        auto committedWriter = store.begin("BANK001", "RETAIL", "credit", "done");
        committedWriter->write(textBytes(1000));
        const StagedFile committed = committedWriter->commit();

        // A crashed upload: a process that dies mid-write, its partial file left behind.
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            try {
                auto crashing = store.begin("BANK002", "COMMERCIAL", "payment_plan", "crashed");
                crashing->write(randomBytes(kMiB, 4));
                ::_exit(0);  // no destructors: like a crash
            } catch (...) {
                ::_exit(1);
            }
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QCOMPARE(filesUnder(m_root).filter(QStringLiteral(".crashed.csv.zst.partial-")).size(), 1);

        // A live upload in this process must survive the sweep.
        auto live = store.begin("BANK001", "RETAIL", "credit", "live");
        live->write(textBytes(2000));

        QCOMPARE(store.removeLeftovers(), std::size_t(1));
        QCOMPARE(store.removeLeftovers(), std::size_t(0));
        const StagedFile liveFile = live->commit();
        QCOMPARE(filesUnder(m_root),
                 (QStringList{QStringLiteral("BANK001/RETAIL/credit/done.csv.zst"),
                              QStringLiteral("BANK001/RETAIL/credit/live.csv.zst")}));
        QVERIFY(readBack(store, committed) == textBytes(1000));
        QVERIFY(readBack(store, liveFile) == textBytes(2000));
    }

    void remove() {
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "u1");
        writer->write("a;b\n");
        const StagedFile file = writer->commit();
        QVERIFY(store.remove(file.path));
        QVERIFY(!fs::exists(file.path));
        QVERIFY(!store.remove(file.path));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.remove(m_root / ".." / "elsewhere"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.remove("/etc/passwd"));
    }

    void rejectsNamesThatEscapeTheDirectory_data() {
        QTest::addColumn<QString>("name");
        QTest::addRow("empty") << QString();
        QTest::addRow("dot") << QStringLiteral(".");
        QTest::addRow("dot dot") << QStringLiteral("..");
        QTest::addRow("slash") << QStringLiteral("a/b");
        QTest::addRow("hidden like a partial file") << QStringLiteral(".x");
    }

    void rejectsNamesThatEscapeTheDirectory() {
        QFETCH(QString, name);
        UploadStore store(m_root);
        const std::string n = name.toStdString();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.begin(n, "RETAIL", "credit", "u1"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 store.begin("BANK001", "RETAIL", "credit", n));
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    void writeFailureIsClearAndLeavesNothing() {
        // A file-size limit makes write(2) fail with EFBIG, like a full disk, even for root.
        UploadStore store(m_root);
        auto writer = store.begin("BANK001", "RETAIL", "credit", "big");
        rlimit saved{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto previousHandler = ::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = 64 * 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        const auto message = messageOf<UploadStoreError>([&] {
            for (int i = 0; i < 8; ++i)
                writer->write(randomBytes(kMiB, std::uint64_t(i)));
        });
        ::setrlimit(RLIMIT_FSIZE, &saved);
        ::signal(SIGXFSZ, previousHandler);
        QVERIFY2(message, "a failing write(2) must throw");
        QVERIFY2(message->contains(QStringLiteral("big.csv.zst")) &&
                     message->contains(QString::fromUtf8(std::strerror(EFBIG))),
                 qPrintable(*message));
        QCOMPARE(filesUnder(m_root), QStringList());
    }

    void unwritableDirectoryIsClear() {
        UploadStore store(m_root);
        writeAll(m_root / "BANK001", "a file where a directory should be");
        const auto message =
            messageOf<UploadStoreError>([&] { store.begin("BANK001", "RETAIL", "credit", "u1"); });
        QVERIFY2(message, "begin() under a file must throw");
        QVERIFY2(message->contains(QStringLiteral("BANK001")), qPrintable(*message));
    }

private:
    std::optional<QTemporaryDir> m_dir;
    fs::path m_root;
};

QTEST_GUILESS_MAIN(TestUploadStore)
#include "tst_uploadstore.moc"
