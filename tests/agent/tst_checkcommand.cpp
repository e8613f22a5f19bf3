// `findata-agent check` run as a process, as an operator would: the documented BANK003 findings,
// exit codes, clear messages for bad invocations and bad files, and valid short JSON for hostile
// ones.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "testconfig.h"

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run agent(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(FINDATA_BINARY_DIR "/agent/findata-agent"), args);
    if (!p.waitForFinished(60000)) return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

Run check(const QStringList& args) {
    return agent(QStringList{QStringLiteral("check")} + args);
}

QList<QByteArray> fileLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    auto lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
    return lines;
}

QString sample(const QString& relative) {
    return QStringLiteral(FINDATA_SAMPLE_DIR "/") + relative;
}
QString fixture(const QString& name) {
    return QStringLiteral(FINDATA_TEST_DATA_DIR "/") + name;
}

QStringList argsFor(const QString& bank, const QString& loanType, const QString& fileType) {
    QStringList args{QStringLiteral("--loan-type"), loanType,
                     QStringLiteral("--file-type"), fileType,
                     QStringLiteral("--json"),      QStringLiteral("--max-findings"),
                     QStringLiteral("1000000")};
    if (fileType == QLatin1String("payment_plan"))
        args << QStringLiteral("--credit")
             << sample(bank + u'/' + loanType + QStringLiteral("/credit.csv"));
    args << sample(bank + u'/' + loanType + u'/' + fileType + QStringLiteral(".csv"));
    return args;
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

// `generate` of 50 RETAIL loans with this --payment-rows into `out`.
Run generate50(const QString& paymentRows, const QString& out) {
    return agent({QStringLiteral("generate"), QStringLiteral("--loan-type"),
                  QStringLiteral("RETAIL"), QStringLiteral("--rows"), QStringLiteral("50"),
                  QStringLiteral("--payment-rows"), paymentRows, QStringLiteral("--out"), out});
}

}  // namespace

class TestCheckCommand final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bank003Findings_data() {
        QTest::addColumn<QString>("loanType");
        QTest::addColumn<QString>("fileType");
        for (const char* l : {"RETAIL", "COMMERCIAL"})
            for (const char* f : {"credit", "payment_plan"})
                QTest::addRow("%s %s", l, f) << QString::fromLatin1(l) << QString::fromLatin1(f);
    }
    // Exactly the error findings data-test/BANK003/expected_errors.csv documents, no more.
    void bank003Findings() {
        QFETCH(QString, loanType);
        QFETCH(QString, fileType);
        QFile expectedFile(sample(QStringLiteral("BANK003/expected_errors.csv")));
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        const QString file = loanType + u'/' + fileType + QStringLiteral(".csv");
        QSet<QString> expected;
        const auto lines = QString::fromUtf8(expectedFile.readAll()).split(u'\n');
        for (const auto& line : lines.mid(1)) {
            const auto cols = line.trimmed().split(u';');
            if (cols.size() == 4 && cols[0] == file)
                expected.insert(cols[1] + u'|' + cols[2] + u'|' + cols[3]);
        }
        QVERIFY2(!expected.isEmpty(), "every BANK003 file carries documented defects");

        const auto run = check(argsFor(QStringLiteral("BANK003"), loanType, fileType));
        QCOMPARE(run.exitCode, 0);  // defects stay under the 50 % rejection limit
        const auto doc = QJsonDocument::fromJson(run.out).object();
        QSet<QString> actual;
        for (const auto& v : doc[QLatin1String("findings")].toArray()) {
            const auto f = v.toObject();
            if (f[QLatin1String("severity")].toString() != QLatin1String("error")) continue;
            actual.insert(QString::number(f[QLatin1String("line")].toInteger()) + u'|' +
                          f[QLatin1String("field")].toString() + u'|' +
                          f[QLatin1String("error_type")].toString());
        }
        QCOMPARE(actual, expected);
        QCOMPARE(doc[QLatin1String("rows_read")].toInteger(),
                 doc[QLatin1String("rows_accepted")].toInteger() +
                     doc[QLatin1String("rows_rejected")].toInteger());
        QCOMPARE(doc[QLatin1String("errors")].toInteger(), qint64(expected.size()));
    }

    void cleanSamplesPass_data() {
        QTest::addColumn<QString>("bank");
        QTest::addColumn<QString>("loanType");
        QTest::addColumn<QString>("fileType");
        for (const char* b : {"BANK001", "BANK002"})
            for (const char* l : {"RETAIL", "COMMERCIAL"})
                for (const char* f : {"credit", "payment_plan"})
                    QTest::addRow("%s %s %s", b, l, f)
                        << QString::fromLatin1(b) << QString::fromLatin1(l)
                        << QString::fromLatin1(f);
    }
    void cleanSamplesPass() {
        QFETCH(QString, bank);
        QFETCH(QString, loanType);
        QFETCH(QString, fileType);
        const auto run = check(argsFor(bank, loanType, fileType));
        QCOMPARE(run.exitCode, 0);
        const auto doc = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(doc[QLatin1String("errors")].toInteger(), 0);
        QVERIFY(doc[QLatin1String("rows_read")].toInteger() >= 100);
        QCOMPARE(doc[QLatin1String("rows_accepted")].toInteger(),
                 doc[QLatin1String("rows_read")].toInteger());
        QVERIFY(doc[QLatin1String("accepted")].toBool());
    }

    void textReportNamesRowsAndFindings() {
        const auto run = check({QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                QStringLiteral("--file-type"), QStringLiteral("credit"),
                                sample(QStringLiteral("BANK003/RETAIL/credit.csv"))});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("rows read"));
        QVERIFY(run.out.contains("rows rejected"));
        QVERIFY(run.out.contains("findings by field and type"));
        QVERIFY(run.out.contains("line "));
        QVERIFY(run.out.contains("ACCEPTED"));
    }

    void rejectedOverTheLimitExitsOne() {
        const auto run =
            check({QStringLiteral("--loan-type=RETAIL"), QStringLiteral("--file-type=credit"),
                   QStringLiteral("--max-reject-ratio"), QStringLiteral("0.001"),
                   sample(QStringLiteral("BANK003/RETAIL/credit.csv"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("REJECTED"));
        QVERIFY(run.err.contains("would be rejected"));
    }

    void badFiles_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("missing file")
            << fixture(QStringLiteral("no-such-file.csv")) << 2 << "No such file";
        QTest::addRow("directory") << fixture(QString()) << 2 << "is a directory";
        QTest::addRow("empty file") << fixture(QStringLiteral("empty.csv")) << 1 << "empty";
        QTest::addRow("header only")
            << fixture(QStringLiteral("header_only.csv")) << 1 << "no data rows";
        QTest::addRow("binary file") << fixture(QStringLiteral("binary.bin")) << 1 << "binary";
        QTest::addRow("missing column")
            << fixture(QStringLiteral("missing_column.csv")) << 1 << "customer_id";
    }
    void badFiles() {
        QFETCH(QString, path);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto run = check({QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                QStringLiteral("--file-type"), QStringLiteral("credit"), path});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QCOMPARE(run.err.count('\n') >= 1, true);
    }

    void goodFixtures_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rejected");
        QTest::addRow("unknown column is a warning") << QStringLiteral("unknown_column.csv") << 0;
        QTest::addRow("comma delimited") << QStringLiteral("comma_delimited.csv") << 0;
        QTest::addRow("tab delimited") << QStringLiteral("tab_delimited.csv") << 0;
        QTest::addRow("BOM and CRLF") << QStringLiteral("bom_crlf.csv") << 0;
        QTest::addRow("dialects") << QStringLiteral("dialects.csv") << 0;
        QTest::addRow("ragged row") << QStringLiteral("ragged.csv") << 1;
    }
    void goodFixtures() {
        QFETCH(QString, name);
        QFETCH(int, rejected);
        const auto run = check({QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                QStringLiteral("--file-type"), QStringLiteral("credit"),
                                QStringLiteral("--json"), fixture(name)});
        QCOMPARE(run.exitCode, 0);
        const auto doc = QJsonDocument::fromJson(run.out).object();
        QVERIFY(doc[QLatin1String("rows_read")].toInteger() > 0);
        QCOMPARE(doc[QLatin1String("rows_rejected")].toInteger(), rejected);
    }

    // What `generate` writes is what real files look like, and passes `check`.
    void generatedPortfolioPasses_data() {
        QTest::addColumn<QString>("loanType");
        QTest::addRow("retail") << QStringLiteral("RETAIL");
        QTest::addRow("commercial") << QStringLiteral("COMMERCIAL");
    }
    void generatedPortfolioPasses() {
        QFETCH(QString, loanType);
        QTemporaryDir dir;
        QProcess gen;
        gen.start(QStringLiteral(FINDATA_BINARY_DIR "/agent/findata-agent"),
                  {QStringLiteral("generate"), QStringLiteral("--loan-type"), loanType,
                   QStringLiteral("--rows"), QStringLiteral("3000"), QStringLiteral("--seed"),
                   QStringLiteral("11"), QStringLiteral("--out"), dir.path()});
        QVERIFY(gen.waitForFinished(60000));
        QCOMPARE(gen.exitCode(), 0);
        const QString credit = dir.filePath(QStringLiteral("credit.csv"));
        for (const auto& fileType : {QStringLiteral("credit"), QStringLiteral("payment_plan")}) {
            QStringList args{QStringLiteral("--loan-type"), loanType, QStringLiteral("--file-type"),
                             fileType, QStringLiteral("--json")};
            if (fileType == QLatin1String("payment_plan"))
                args << QStringLiteral("--credit") << credit;
            args << dir.filePath(fileType + QStringLiteral(".csv"));
            const auto run = check(args);
            QCOMPARE(run.exitCode, 0);
            const auto doc = QJsonDocument::fromJson(run.out).object();
            QCOMPARE(doc[QLatin1String("rows_rejected")].toInteger(), 0);
            QVERIFY(doc[QLatin1String("rows_read")].toInteger() >= 3000);
        }
    }

    // A plain file is read through a memory map in 1 MiB windows, a pipe the ordinary way: the
    // same bytes give the same report, rows and findings crossing the windows' edges included.
    void mappedFileReportsAsAPipe() {
        QFile sampleFile(sample(QStringLiteral("BANK003/RETAIL/credit.csv")));
        QVERIFY(sampleFile.open(QIODevice::ReadOnly));
        const QByteArray sampleBytes = sampleFile.readAll();
        const qsizetype headerEnd = sampleBytes.indexOf('\n') + 1;
        QVERIFY(headerEnd > 0);
        // The sample's rows (defects included) over and over: several windows, with duplicates.
        QByteArray bytes = sampleBytes;
        while (bytes.size() < 3 * (1 << 20) + 12345)
            bytes += sampleBytes.mid(headerEnd);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("credit.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
        const QStringList options{QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                  QStringLiteral("--file-type"), QStringLiteral("credit"),
                                  QStringLiteral("--json"),      QStringLiteral("--max-findings"),
                                  QStringLiteral("1000000")};
        const auto mapped = check(options + QStringList{path});

        QProcess piped;
        piped.start(QStringLiteral(FINDATA_BINARY_DIR "/agent/findata-agent"),
                    QStringList{QStringLiteral("check")} + options +
                        QStringList{QStringLiteral("/dev/stdin")});
        QVERIFY(piped.waitForStarted(60000));
        piped.write(bytes);
        piped.closeWriteChannel();
        QVERIFY(piped.waitForFinished(60000));

        QCOMPARE(mapped.exitCode, piped.exitCode());
        auto fromFile = QJsonDocument::fromJson(mapped.out).object();
        auto fromPipe = QJsonDocument::fromJson(piped.readAllStandardOutput()).object();
        QVERIFY(fromFile[QLatin1String("rows_read")].toInteger() > 10000);
        QVERIFY(fromFile[QLatin1String("findings")].toArray().size() > 1000);
        fromFile.remove(QLatin1String("file"));
        fromPipe.remove(QLatin1String("file"));
        QCOMPARE(fromFile, fromPipe);
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("no arguments") << QStringList{} << "missing required option";
        QTest::addRow("unknown flag")
            << QStringList{QStringLiteral("--frobnicate")} << "unknown option";
        QTest::addRow("bad loan type")
            << QStringList{QStringLiteral("--loan-type"), QStringLiteral("MORTGAGE"),
                           QStringLiteral("--file-type"), QStringLiteral("credit"),
                           QStringLiteral("x")}
            << "RETAIL or COMMERCIAL";
        QTest::addRow("no file") << QStringList{QStringLiteral("--loan-type"),
                                                QStringLiteral("RETAIL"),
                                                QStringLiteral("--file-type"),
                                                QStringLiteral("credit")}
                                 << "exactly one FILE";
        QTest::addRow("bad ratio") << QStringList{QStringLiteral("--loan-type"),
                                                  QStringLiteral("RETAIL"),
                                                  QStringLiteral("--file-type"),
                                                  QStringLiteral("credit"),
                                                  QStringLiteral("--max-reject-ratio"),
                                                  QStringLiteral("lots"),
                                                  QStringLiteral("x")}
                                   << "between 0 and 1";
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto run = check(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    }

    // Every command answers --help from the declaration that parses its options.
    void everyCommandAnswersHelp_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("option");  // one option its usage must list
        QTest::addRow("check") << QStringLiteral("check") << QStringLiteral("--max-findings");
        QTest::addRow("generate") << QStringLiteral("generate") << QStringLiteral("--payment-rows");
        QTest::addRow("databases") << QStringLiteral("databases") << QStringLiteral("--urls-file");
        QTest::addRow("migrate") << QStringLiteral("migrate") << QStringLiteral("--help");
        QTest::addRow("tenant") << QStringLiteral("tenant") << QStringLiteral("--name");
        QTest::addRow("load-csv") << QStringLiteral("load-csv") << QStringLiteral("--file-type");
        QTest::addRow("sync") << QStringLiteral("sync") << QStringLiteral("--all");
        QTest::addRow("serve") << QStringLiteral("serve") << QStringLiteral("--tls-cert");
    }
    void everyCommandAnswersHelp() {
        QFETCH(QString, command);
        QFETCH(QString, option);
        const auto run = agent({command, QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        const auto out = QString::fromUtf8(run.out);
        QVERIFY2(out.startsWith(QStringLiteral("usage: findata-agent ") + command), run.out);
        QVERIFY2(out.contains(option), run.out);
        QVERIFY2(!run.err.contains("unknown option"), run.err.constData());
    }

    // --payment-rows 0 means no payment rows; a negative count is a usage error.
    void generateZeroPaymentRowsWritesNone() {
        QTemporaryDir dir;
        const auto run = generate50(QStringLiteral("0"), dir.path());
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(fileLines(dir.filePath(QStringLiteral("credit.csv"))).size(), 51);
        const auto plan = fileLines(dir.filePath(QStringLiteral("payment_plan.csv")));
        QCOMPARE(plan.size(), 1);  // the header only
        QVERIFY(plan.front().startsWith("loan_account_number;installment_number"));
    }
    void generateNegativePaymentRowsIsUsageError() {
        QTemporaryDir dir;
        const auto run = generate50(QStringLiteral("-1"), dir.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--payment-rows must not be negative"), run.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("payment_plan.csv"))));
    }

    // Whatever bytes a file holds, --json is valid JSON that says when it replaced invalid
    // UTF-8, and a huge column name or value is not echoed back whole.
    void invalidUtf8GivesValidJsonThatSaysSo() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(retailFile("col\xff\xfe", "CUST_\xc3"));
        file.close();
        const auto run = check({QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                QStringLiteral("--file-type"), QStringLiteral("credit"),
                                QStringLiteral("--json"), path});
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
        const auto run = check({QStringLiteral("--loan-type"), QStringLiteral("RETAIL"),
                                QStringLiteral("--file-type"), QStringLiteral("credit"),
                                QStringLiteral("--json"), path});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.constData());
        QVERIFY2(run.out.size() < 64 * 1024, qPrintable(QString::number(run.out.size())));
        QVERIFY2(run.err.size() < 64 * 1024, qPrintable(QString::number(run.err.size())));
        const auto report = QJsonDocument::fromJson(run.out).object();
        QVERIFY(!report.isEmpty());
        QCOMPARE(report.value(QStringLiteral("invalid_utf8_replaced")).toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
