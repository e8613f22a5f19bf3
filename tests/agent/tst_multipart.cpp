// The streaming multipart/form-data reader: the same parts and bytes however the body is cut
// into chunks, and malformed bodies refused.

#include <QtTest>

#include "agent/api/multipart.h"

using findata::agent::BodyPart;
using findata::agent::MultipartReader;

namespace {

struct Outcome {
    std::string log;  // "[name|filename|type]bytes…" per part
    bool ok = true;
    bool done = false;
};

Outcome readInChunks(const std::string& body, const std::vector<std::size_t>& cuts) {
    MultipartReader reader("XyZ");
    Outcome out;
    std::size_t from = 0;
    auto feed = [&](std::size_t to) {
        if (!out.ok) return;
        out.ok = reader.feed(
            std::string_view(body).substr(from, to - from),
            [&](const BodyPart& p) {
                out.log += "[" + p.name + "|" + p.filename + "|" + p.contentType + "]";
                return true;
            },
            [&](std::string_view bytes) {
                out.log.append(bytes);
                return true;
            });
        from = to;
    };
    for (const auto cut : cuts)
        feed(cut);
    feed(body.size());
    out.done = reader.done();
    return out;
}

const std::string kBody =
    "preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"loan_type\"\r\n"
    "\r\n"
    "RETAIL\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".csv\"\r\n"
    "Content-Type: text/csv\r\n"
    "\r\n"
    "LOAN;X\r\n--Xy\r\n-\r\n--XyY\r\nend\r\n"
    "--XyZ--\r\n"
    "epilogue --XyZ\r\n";
const std::string kExpected =
    "[loan_type||]RETAIL[file|a;b \"c\".csv|text/csv]LOAN;X\r\n--Xy\r\n-\r\n--XyY\r\nend";

}  // namespace

class TestMultipart final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boundaryIsTakenFromTheContentType() {
        QCOMPARE(MultipartReader::boundaryOf("multipart/form-data; boundary=abc").value_or(""),
                 std::string("abc"));
        QCOMPARE(MultipartReader::boundaryOf("Multipart/Form-Data;boundary=\"a b\"").value_or(""),
                 std::string("a b"));
        QVERIFY(!MultipartReader::boundaryOf("multipart/form-data"));
        QVERIFY(!MultipartReader::boundaryOf("text/csv; boundary=abc"));
    }

    void wholeBody() {
        const auto out = readInChunks(kBody, {});
        QVERIFY(out.ok);
        QVERIFY(out.done);
        QCOMPARE(out.log, kExpected);
    }

    // Every way of cutting the body into two and into three chunks gives the same parts.
    void chunksMaySplitAnywhere() {
        for (std::size_t i = 0; i <= kBody.size(); ++i) {
            const auto out = readInChunks(kBody, {i});
            QVERIFY2(out.ok && out.done && out.log == kExpected, qPrintable(QString::number(i)));
        }
        for (std::size_t i = 0; i <= kBody.size(); i += 3)
            for (std::size_t j = i; j <= kBody.size(); j += 5) {
                const auto out = readInChunks(kBody, {i, j});
                QVERIFY2(out.ok && out.done && out.log == kExpected,
                         qPrintable(QStringLiteral("%1 %2").arg(i).arg(j)));
            }
    }

    void byteByByte() {
        std::vector<std::size_t> cuts;
        for (std::size_t i = 1; i < kBody.size(); ++i)
            cuts.push_back(i);
        const auto out = readInChunks(kBody, cuts);
        QVERIFY(out.ok);
        QCOMPARE(out.log, kExpected);
    }

    void malformedBodiesAreRefused_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("no disposition")
            << QByteArray("--XyZ\r\nContent-Type: x\r\n\r\nA\r\n--XyZ--");
        QTest::addRow("header line without colon")
            << QByteArray("--XyZ\r\nnonsense\r\n\r\nA\r\n--XyZ--");
        QTest::addRow("garbage after boundary")
            << QByteArray("--XyZjunk\r\nContent-Disposition: form-data; name=a\r\n\r\nA");
        QTest::addRow("endless part header")
            << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"") +
                   QByteArray(MultipartReader::kMaxPartHeaderBytes + 10, 'a');
    }
    void malformedBodiesAreRefused() {
        QFETCH(QByteArray, body);
        const auto out = readInChunks(body.toStdString(), {});
        QVERIFY(!out.ok);
    }

    void truncatedBodyIsNotDone() {
        const auto out = readInChunks(kBody.substr(0, kBody.size() / 2), {});
        QVERIFY(out.ok);
        QVERIFY(!out.done);
    }

    void aSinkMayStopReading() {
        MultipartReader reader("XyZ");
        int parts = 0;
        QVERIFY(!reader.feed(
            kBody,
            [&](const BodyPart&) {
                ++parts;
                return false;
            },
            [](std::string_view) { return true; }));
        QCOMPARE(parts, 1);
    }
};

QTEST_GUILESS_MAIN(TestMultipart)
#include "tst_multipart.moc"
