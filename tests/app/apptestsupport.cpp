#include "apptestsupport.h"

#include <QCheckBox>
#include <QDeadlineTimer>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QThread>
#include <QtTest>

#include "app/ui/signinpage.h"
#include "support/testdatabases.h"
#include "testconfig.h"

namespace findata::test {

AppUnderTest::AppUnderTest()
    : settings(std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")),
                                           QSettings::IniFormat)),
      window(std::make_unique<app::MainWindow>(client, store, *settings)) {}

bool AppUnderTest::signIn(const QString& agentUrl, const QString& key, bool remember) {
    window->show();
    auto* page = window->signInPage();
    page->findChild<QLineEdit*>(QStringLiteral("agentUrl"))->setText(agentUrl);
    page->findChild<QLineEdit*>(QStringLiteral("apiKey"))->setText(key);
    page->findChild<QCheckBox*>(QStringLiteral("remember"))->setChecked(remember);
    QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("signIn")), Qt::LeftButton);
    if (QTest::qWaitFor([&] { return window->isSignedIn(); }, 20000)) return true;
    qWarning("not signed in: %s", qPrintable(page->message()));
    return false;
}

QString stageSample(const AgentProcess& agent, const TestTenant& tenant, const QString& bank,
                    const QString& loanType) {
    const auto& urls = testDatabases();
    for (const auto* fileType : {"credit", "payment_plan"}) {
        QProcess load;
        load.setProcessChannelMode(QProcess::MergedChannels);
        load.start(QStringLiteral(FINDATA_AGENT_BINARY),
                   {QStringLiteral("load-csv"), QStringLiteral("--tenant"), tenant.id,
                    QStringLiteral("--loan-type"), loanType, QStringLiteral("--file-type"),
                    QString::fromLatin1(fileType), QStringLiteral("--file"),
                    QStringLiteral(FINDATA_SAMPLE_DIR "/%1/%2/%3.csv")
                        .arg(bank, loanType, QString::fromLatin1(fileType)),
                    QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                    QStringLiteral("--clickhouse-url"), QString::fromStdString(urls.clickhouse),
                    QStringLiteral("--data-dir"), agent.dataDir()});
        if (!load.waitForFinished(60000)) return QStringLiteral("load-csv did not finish");
        if (load.exitStatus() != QProcess::NormalExit || load.exitCode() != 0)
            return QString::fromUtf8(load.readAll());
    }
    return {};
}

QJsonObject syncAndWait(const AgentProcess& agent, const TestTenant& tenant,
                        const QString& loanType, int timeoutMs, bool force) {
    ApiClient api(agent.url(), tenant.key);
    QJsonObject body{{QStringLiteral("loan_type"), loanType}};
    if (force) body.insert(QStringLiteral("force"), true);
    const auto started = api.post(QStringLiteral("/api/sync/"), body);
    const auto id = started.json().value(QLatin1String("sync_id")).toString();
    if (started.status != 202 || id.isEmpty()) {
        qWarning("sync not started: %d %s", started.status, started.body.constData());
        return {};
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto log = api.get(QStringLiteral("/api/sync/logs/%1/?wait=10").arg(id)).json();
        const auto status = log.value(QLatin1String("status")).toString();
        if (status == QLatin1String("COMPLETED") || status == QLatin1String("FAILED")) return log;
    }
    qWarning("sync %s did not end in time", qPrintable(id));
    return {};
}

}  // namespace findata::test
