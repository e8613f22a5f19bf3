// An upload whose header is the other loan type's is refused (422) before anything is staged,
// naming the columns that give it away; the right loan type, a shared payment plan header and a
// mixed header (left to validation) are staged as before. Against a real agent on loopback.

#include <QFile>
#include <QJsonArray>
#include <QtTest>

#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::test::ApiClient;

namespace {

QByteArray sample(const char* loanType, const char* fileType) {
    QFile file(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/%1/%2.csv")
                   .arg(QLatin1String(loanType), QLatin1String(fileType)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString uploadPath(const char* loanType, const char* fileType) {
    return QStringLiteral("/api/uploads/?loan_type=%1&file_type=%2")
        .arg(QLatin1String(loanType), QLatin1String(fileType));
}

}  // namespace

class TestApiWrongLoanType final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        const auto tenant = findata::test::createTestTenant("WLT");
        m_api = std::make_unique<ApiClient>(m_agent->url(), tenant.key);
    }

    void otherLoanTypesHeaderIsRefused_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QByteArray>("sentAs");
        QTest::addColumn<QString>("headerType");
        QTest::addColumn<QString>("column");
        QTest::addRow("commercial credit sent as RETAIL")
            << sample("COMMERCIAL", "credit") << QByteArray("RETAIL")
            << QStringLiteral("COMMERCIAL") << QStringLiteral("sector_code");
        QTest::addRow("retail credit sent as COMMERCIAL")
            << sample("RETAIL", "credit") << QByteArray("COMMERCIAL") << QStringLiteral("RETAIL")
            << QStringLiteral("insurance_included");
    }
    void otherLoanTypesHeaderIsRefused() {
        QFETCH(QByteArray, file);
        QFETCH(QByteArray, sentAs);
        QFETCH(QString, headerType);
        QFETCH(QString, column);
        QVERIFY(!file.isEmpty());
        const auto reply =
            m_api->send("POST", uploadPath(sentAs.constData(), "credit"), file, "text/csv");
        QCOMPARE(reply.status, 422);
        const auto error = reply.json()[QLatin1String("error")].toObject();
        const QString message = error[QLatin1String("message")].toString();
        QVERIFY2(
            message.contains(column) && message.contains(QStringLiteral("loan_type=") + headerType),
            qPrintable(message));
        const auto details = error[QLatin1String("details")].toObject();
        QCOMPARE(details[QLatin1String("header_loan_type")].toString(), headerType);
        QVERIFY(details[QLatin1String("columns")].toArray().contains(column));
        // Nothing staged.
        const auto staged = m_api->get(QStringLiteral("/api/uploads/?status=STAGED&loan_type=") +
                                       QString::fromLatin1(sentAs));
        QVERIFY2(!staged.body.contains("\"credit\""), staged.body.constData());
    }

    void rightOrAmbiguousHeadersAreStaged() {
        QCOMPARE(m_api
                     ->send("POST", uploadPath("RETAIL", "credit"), sample("RETAIL", "credit"),
                            "text/csv")
                     .status,
                 201);
        // The payment plan's columns are the same for both loan types.
        QCOMPARE(m_api
                     ->send("POST", uploadPath("COMMERCIAL", "payment_plan"),
                            sample("RETAIL", "payment_plan"), "text/csv")
                     .status,
                 201);
        // A header with columns of both types is validation's business, not the upload's.
        QCOMPARE(
            m_api
                ->send("POST", uploadPath("COMMERCIAL", "credit"),
                       "loan_account_number;sector_code;insurance_included\nX;1;0\n", "text/csv")
                .status,
            201);
    }

    void cleanupTestCase() {
        if (m_agent) QVERIFY2(m_agent->stop() == 0, m_agent->output().constData());
    }

private:
    std::unique_ptr<findata::test::AgentProcess> m_agent;
    std::unique_ptr<ApiClient> m_api;
};

QTEST_GUILESS_MAIN(TestApiWrongLoanType)
#include "tst_api_wrongloantype.moc"
