// `findata-agent check --json` on hostile files: whatever bytes a file holds, the report is
// valid JSON that says when it replaced invalid UTF-8, and a huge column name or value is not
// echoed back whole.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "testconfig.h"

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run checkJson(const QString& file) {
    QProcess p;
    p.start(
        QStringLiteral(FINDATA_BINARY_DIR "/agent/findata-agent"),
        {QStringLiteral("check"), QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
         QStringLiteral("--file-type"), QStringLiteral("credit"), QStringLiteral("--json"), file});
    if (!p.waitForFinished(60000)) return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// The real retail header, one column replaced by `column`, and one data row.
QByteArray retailFile(const QByteArray& column, const QByteArray& customerId) {
    QFile sample(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/credit.csv"));
    if (!sample.open(QIODevice::ReadOnly)) return {};
    QByteArray header = sample.readLine().trimmed();
    QByteArray row = sample.readLine().trimmed();
    header.replace("internal_rating", column);
    const auto fields = row.split(';');
    row.replace(fields.at(0), customerId);  // customer_id is the first retail column
    return header + "\n" + row + "\n";
}

}  // namespace

class TestCheckInput final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void invalidUtf8GivesValidJsonThatSaysSo() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(retailFile("col\xff\xfe", "CUST_\xc3"));
        file.close();
        const auto run = checkJson(path);
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.constData());
        QJsonParseError error{};
        const auto report = QJsonDocument::fromJson(run.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(report.value(QStringLiteral("invalid_utf8_replaced")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("rows_read")).toInt(), 1);
        // The unknown column is named, with U+FFFD where the bytes were.
        bool named = false;
        for (const auto& group : report.value(QStringLiteral("groups")).toArray())
            if (group.toObject()
                    .value(QStringLiteral("field"))
                    .toString()
                    .startsWith(QStringLiteral("col\uFFFD")))
                named = true;
        QVERIFY2(named, run.out.constData());
    }

    void hugeColumnNameIsNotEchoedWhole() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(retailFile(QByteArray(5 << 20, 'x'), "CUST_1"));
        file.close();
        const auto run = checkJson(path);
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.constData());
        QVERIFY2(run.out.size() < 64 * 1024, qPrintable(QString::number(run.out.size())));
        QVERIFY2(run.err.size() < 64 * 1024, qPrintable(QString::number(run.err.size())));
        const auto report = QJsonDocument::fromJson(run.out).object();
        QVERIFY(!report.isEmpty());
        QCOMPARE(report.value(QStringLiteral("invalid_utf8_replaced")).toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestCheckInput)
#include "tst_checkinput.moc"
