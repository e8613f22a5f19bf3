// Exactly one tape is live, whatever is killed when: two tapes (credit + payment plan, of
// different sizes and amounts) are synced in turn through the API while ClickHouse — and,
// in another 10 rounds, the agent itself with its embedded databases — is killed -9 at a random
// instant around the switch. After each restart the portfolio figures equal one tape's whole
// (never a mix, never both), the one the sync log's end says: the new tape when it COMPLETED,
// the previous one otherwise. 20 rounds, loopback only, every process stopped at the end.

#include <signal.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

#include "core/generator.h"
#include "support/agentprocess.h"

using namespace findata;
using test::AgentProcess;
using test::ApiClient;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What a tape makes live: the portfolio as the KPIs show it.
struct Figures {
    qint64 credits = -1;
    QString outstanding;
    qint64 paymentRows = -1;
    bool operator==(const Figures&) const = default;
    QString text() const {
        return QStringLiteral("%1 credits, %2 outstanding, %3 payments")
            .arg(credits)
            .arg(outstanding)
            .arg(paymentRows);
    }
};

struct Tape {
    QString credit, plan;
    Figures figures;
};

}  // namespace

class TestIntegrityKill final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_files.isValid());
        m_agent = std::make_unique<AgentProcess>(
            AgentProcess::Embedded{},
            QStringList{QStringLiteral("--read-cache-bytes"), QStringLiteral("0")});
        QVERIFY2(m_agent->ok(), m_agent->output().constData());
        static const QRegularExpression written(
            QStringLiteral("API key of sample tenant BANK001: written to (\\S+)"));
        const auto match = written.match(QString::fromUtf8(m_agent->output()));
        QVERIFY2(match.hasMatch(), m_agent->output().constData());
        m_key = QString::fromUtf8(readAll(match.captured(1)).trimmed());
        connectClient();

        m_tapes[0] = writeTape(QStringLiteral("a"), 10000, 1);
        m_tapes[1] = writeTape(QStringLiteral("b"), 15000, 2);
        // Each tape once, cleanly: its figures, and how long a sync takes here.
        for (auto& tape : m_tapes) {
            QElapsedTimer took;
            took.start();
            upload(tape);
            const auto id = startSync();
            QCOMPARE(finalStatus(id), QStringLiteral("COMPLETED"));
            m_syncMs = std::max<qint64>(m_syncMs, took.elapsed());
            tape.figures = figures();
            QVERIFY(tape.figures.credits > 0);
        }
        QVERIFY(m_tapes[0].figures.credits != m_tapes[1].figures.credits);
        m_live = 1;
    }
    void cleanup() {
        if (QTest::currentTestFailed() && m_agent)
            qWarning("the agent's output:\n%s", m_agent->output().right(20000).constData());
    }
    void cleanupTestCase() {
        if (m_agent) m_agent->stop();
        m_agent.reset();
    }

    // 10 kills of ClickHouse, then 10 of the agent with its databases: 20 in all.
    void oneTapeIsLiveAfterEveryKill_data() {
        QTest::addColumn<bool>("killAgent");
        QTest::addRow("ClickHouse killed") << false;
        QTest::addRow("the agent killed") << true;
    }
    void oneTapeIsLiveAfterEveryKill() {
        QFETCH(bool, killAgent);
        std::mt19937 random(killAgent ? 1206 : 612);
        int completed = 0, failed = 0;
        for (int round = 0; round < 10; ++round) {
            const int next = 1 - m_live;
            upload(m_tapes[next]);
            const auto id = startSync();
            QVERIFY(!id.isEmpty());
            // Anywhere from the upload's end to a little past the sync's usual end: the
            // switch is in there.
            const int delay = static_cast<int>(random() % (m_syncMs * 6 / 5 + 1));
            QTest::qWait(delay);
            const QString what = QStringLiteral("round %1: %2 killed %3 ms after the start")
                                     .arg(round)
                                     .arg(QLatin1String(killAgent ? "the agent" : "ClickHouse"))
                                     .arg(delay);
            if (killAgent) {
                ::kill(static_cast<pid_t>(m_agent->pid()), SIGKILL);
                m_agent->stop(30000);  // reaps it
                QVERIFY2(m_agent->restart(), qPrintable(what));
                connectClient();
            } else {
                const auto pid = m_agent->embeddedPid(QStringLiteral("clickhouse"));
                QVERIFY(pid > 0);
                ::kill(static_cast<pid_t>(pid), SIGKILL);
            }
            QVERIFY2(healthy(), qPrintable(what));
            const auto status = finalStatus(id);
            QVERIFY2(status == QStringLiteral("COMPLETED") || status == QStringLiteral("FAILED"),
                     qPrintable(what + QStringLiteral(": ") + status));
            if (status == QStringLiteral("COMPLETED")) {
                m_live = next;
                ++completed;
            } else {
                ++failed;
            }
            const auto now = figures();
            QVERIFY2(now == m_tapes[m_live].figures,
                     qPrintable(what + QStringLiteral(", sync ") + status + QStringLiteral(": ") +
                                now.text() + QStringLiteral(" live, expected ") +
                                m_tapes[m_live].figures.text()));
        }
        qInfo("10 kills: %d syncs completed, %d failed; one tape whole after each", completed,
              failed);
    }

private:
    std::unique_ptr<AgentProcess> m_agent;
    std::unique_ptr<ApiClient> m_client;
    QTemporaryDir m_files;
    QString m_key;
    Tape m_tapes[2];
    int m_live = -1;
    qint64 m_syncMs = 0;

    void connectClient() { m_client = std::make_unique<ApiClient>(m_agent->url(), m_key); }

    Tape writeTape(const QString& name, std::uint64_t loans, std::uint64_t seed) {
        core::GeneratorOptions o;
        o.creditRows = loans;
        o.seed = seed;
        Tape tape;
        tape.credit = m_files.filePath(name + QStringLiteral("_credit.csv"));
        tape.plan = m_files.filePath(name + QStringLiteral("_plan.csv"));
        std::ofstream credit(tape.credit.toStdString(), std::ios::binary);
        core::generateCredit(o,
                             [&](std::string_view s) { credit.write(s.data(), long(s.size())); });
        std::ofstream plan(tape.plan.toStdString(), std::ios::binary);
        core::generatePaymentPlan(
            o, [&](std::string_view s) { plan.write(s.data(), long(s.size())); });
        return tape;
    }

    void upload(const Tape& tape) {
        for (const auto& [type, path] : {std::pair{QStringLiteral("credit"), tape.credit},
                                         std::pair{QStringLiteral("payment_plan"), tape.plan}}) {
            const auto reply = m_client->send(
                "POST",
                QStringLiteral("/api/uploads/?loan_type=RETAIL&file_type=%1&filename=%1.csv")
                    .arg(type),
                readAll(path), "text/csv", {}, 120000);
            // 200 "unchanged": the same file is still staged from a sync a kill ended.
            QVERIFY2(reply.status == 201 ||
                         (reply.status == 200 && reply.json().value(QLatin1String("status")) ==
                                                     QLatin1String("unchanged")),
                     reply.body.constData());
        }
    }

    QString startSync() {
        for (int attempt = 0; attempt < 50; ++attempt) {
            const auto reply =
                m_client->post(QStringLiteral("/api/sync/"),
                               {{QStringLiteral("loan_type"), QStringLiteral("RETAIL")}});
            if (reply.status == 202) return reply.json().value(QLatin1String("sync_id")).toString();
            QTest::qWait(200);  // 503 while a database restarts
        }
        return {};
    }

    // Waits (bounded) for /health to answer 200 and the read path to work again.
    bool healthy() {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 60000) {
            if (m_client->get(QStringLiteral("/health")).status == 200 &&
                m_client->get(QStringLiteral("/api/kpis/?loan_type=RETAIL")).status == 200)
                return true;
            QTest::qWait(200);
        }
        return false;
    }

    QString finalStatus(const QString& id) {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 120000) {
            const auto reply = m_client->send(
                "GET", QStringLiteral("/api/sync/logs/%1/?wait=10").arg(id), {}, {}, {}, 30000);
            const auto log = reply.json();
            if (reply.status == 200 && !log.value(QLatin1String("running")).toBool(true))
                return log.value(QLatin1String("status")).toString();
            if (reply.status != 200) QTest::qWait(200);
        }
        return QStringLiteral("(still running after 120 s)");
    }

    Figures figures() {
        const auto reply = m_client->get(QStringLiteral("/api/kpis/?loan_type=RETAIL"));
        if (reply.status != 200) return {};
        const auto kpis = reply.json();
        return {kpis.value(QLatin1String("credits")).toInteger(-1),
                kpis.value(QLatin1String("outstanding_principal")).toString(),
                kpis.value(QLatin1String("payment_plan_rows")).toInteger(-1)};
    }
};

QTEST_GUILESS_MAIN(TestIntegrityKill)
#include "tst_integritykill.moc"
