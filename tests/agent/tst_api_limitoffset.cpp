// /api/data/ also pages like the original API: limit/offset address the same rows as
// page/page_size (a window of the same sorted result), limit is capped at 500 like page_size,
// and mixing both styles is refused with a 400 naming the parameter. Against a real agent with a
// synced sample (BANK001 RETAIL).

#include <QFile>
#include <QJsonArray>
#include <QtTest>

#include "support/agentprocess.h"
#include "support/testdatabases.h"
#include "testconfig.h"

using findata::test::ApiClient;

class TestApiLimitOffset final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_agent = std::make_unique<findata::test::AgentProcess>();
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        const auto tenant = findata::test::createTestTenant("LIMIT");
        m_api = std::make_unique<ApiClient>(m_agent->url(), tenant.key);
        for (const QString& fileType : {QStringLiteral("credit"), QStringLiteral("payment_plan")}) {
            QFile file(QStringLiteral(FINDATA_SAMPLE_DIR "/BANK001/RETAIL/") + fileType +
                       QStringLiteral(".csv"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(
                m_api
                    ->send("POST",
                           QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=") + fileType,
                           file.readAll(), "text/csv")
                    .status,
                201);
        }
        const auto started = m_api->post(QStringLiteral("/api/sync/"),
                                         {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
        QCOMPARE(started.status, 202);
        const QString id = started.json()[QLatin1String("sync_id")].toString();
        QString status;
        for (int i = 0; i < 20 && status != QLatin1String("COMPLETED"); ++i)
            status = m_api->get(QStringLiteral("/api/sync/logs/%1/?wait=10").arg(id))
                         .json()[QLatin1String("status")]
                         .toString();
        QCOMPARE(status, QStringLiteral("COMPLETED"));
    }

    void limitOffsetIsAWindowOfTheSameRows() {
        const QString base = QStringLiteral("/api/data/?loan_type=RETAIL&sort=loan_account_number");
        const auto all = m_api->get(base + QStringLiteral("&page_size=20"));
        QCOMPARE(all.status, 200);
        const auto window = m_api->get(base + QStringLiteral("&limit=7&offset=5"));
        QCOMPARE(window.status, 200);
        const auto rows = window.json()[QLatin1String("rows")].toArray();
        QCOMPARE(rows.size(), 7);
        const auto first20 = all.json()[QLatin1String("rows")].toArray();
        for (int i = 0; i < 7; ++i)
            QCOMPARE(rows[i], first20[5 + i]);
        QCOMPARE(window.json()[QLatin1String("limit")].toInt(), 7);
        QCOMPARE(window.json()[QLatin1String("offset")].toInt(), 5);
        QCOMPARE(window.json()[QLatin1String("total")], all.json()[QLatin1String("total")]);
        // page 3 of 10 is offset 20, limit 10
        QCOMPARE(
            m_api->get(base + QStringLiteral("&limit=10&offset=20")).json()[QLatin1String("rows")],
            m_api->get(base + QStringLiteral("&page=3&page_size=10"))
                .json()[QLatin1String("rows")]);
        // limit alone starts at the first row; it is capped like page_size
        QCOMPARE(m_api->get(base + QStringLiteral("&limit=3"))
                     .json()[QLatin1String("rows")]
                     .toArray()
                     .size(),
                 3);
        QCOMPARE(m_api->get(base + QStringLiteral("&limit=100000"))
                     .json()[QLatin1String("limit")]
                     .toInt(),
                 500);
    }

    void mixingStylesIsRefused() {
        const auto mixed = m_api->get(QStringLiteral("/api/data/?loan_type=RETAIL&limit=5&page=2"));
        QCOMPARE(mixed.status, 400);
        QVERIFY2(mixed.body.contains("limit/offset or page/page_size"), mixed.body.constData());
        QCOMPARE(m_api->get(QStringLiteral("/api/data/?loan_type=RETAIL&limit=0")).status, 400);
        QCOMPARE(m_api->get(QStringLiteral("/api/data/?loan_type=RETAIL&offset=-1")).status, 400);
    }

    void cleanupTestCase() {
        if (m_agent) QVERIFY2(m_agent->stop() == 0, m_agent->output().constData());
    }

private:
    std::unique_ptr<findata::test::AgentProcess> m_agent;
    std::unique_ptr<ApiClient> m_api;
};

QTEST_GUILESS_MAIN(TestApiLimitOffset)
#include "tst_api_limitoffset.moc"
