#include "support/agentprocess.h"

#include <signal.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/store/migrations.h"
#include "agent/store/tenants.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/warehouse.h"
#include "support/testdatabases.h"
#include "testconfig.h"

namespace findata::test {

namespace {
// Shared by both kinds of agent: the scheduler is off and nothing is warmed at start unless a
// test asks (a later flag wins) — the shared databases hold every suite's tenants.
QStringList commonArguments(const QString& dataDir) {
    return {QStringLiteral("serve"),
            QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"),
            QStringLiteral("--data-dir"),
            dataDir,
            QStringLiteral("--scheduler-interval"),
            QStringLiteral("0"),
            QStringLiteral("--warm-cache"),
            QStringLiteral("off")};
}
}  // namespace

AgentProcess::AgentProcess(const QStringList& extraArgs, const QMap<QString, QString>& extraEnv) {
    const auto& urls = testDatabases();
    start(commonArguments(m_dir.path()) +
              QStringList{QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                          QStringLiteral("--clickhouse-url"),
                          QString::fromStdString(urls.clickhouse)} +
              extraArgs,
          extraEnv);
}

AgentProcess::AgentProcess(Embedded, const QStringList& extraArgs,
                           const QMap<QString, QString>& extraEnv) {
    auto env = extraEnv;
    // The run's database URLs must not leak in from the environment.
    env.insert(QStringLiteral("FINDATA_PG_URL"), QString());
    env.insert(QStringLiteral("FINDATA_CLICKHOUSE_URL"), QString());
    start(commonArguments(m_dir.path()) + extraArgs, env);
}

bool AgentProcess::restart() {
    if (m_process.state() != QProcess::NotRunning) return ok();
    // The servers die with the agent (parent-death signal), a moment later.
    QDeadlineTimer gone(30000);
    while (!gone.hasExpired() && (embeddedPid(QStringLiteral("postgres")) != 0 ||
                                  embeddedPid(QStringLiteral("clickhouse")) != 0))
        QThread::msleep(100);
    m_url.clear();
    m_output.clear();
    start(m_args, m_env);
    return ok();
}

void AgentProcess::start(QStringList args, const QMap<QString, QString>& extraEnv) {
    m_args = args;
    m_env = extraEnv;
    // The database accounts (as root) must reach staged files under the data directory.
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                            QFileDevice::ExeOther);
    auto env = QProcessEnvironment::systemEnvironment();
    for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
        env.insert(it.key(), it.value());
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral(FINDATA_AGENT_BINARY), args);
    static const QRegularExpression listening(QStringLiteral("listening on (http\\S+)"));
    // Embedded databases start cold the first time: give them longer than the shared ones.
    QDeadlineTimer deadline(120000);
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(200);
        m_output += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_url = match.captured(1);
            return;
        }
    }
    m_output += m_process.readAll();
    qWarning("the agent did not start listening:\n%s", m_output.constData());
}

qint64 AgentProcess::embeddedPid(const QString& server) const {
    const QByteArray needle = (m_dir.path() + QLatin1Char('/') + server).toUtf8();
    for (const auto& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric || pid == m_process.processId()) continue;
        QFile cmdline(QStringLiteral("/proc/") + entry + QStringLiteral("/cmdline"));
        if (!cmdline.open(QIODevice::ReadOnly)) continue;
        QByteArray text = cmdline.readAll();
        text.replace('\0', ' ');
        // The server's own process, not a child (PostgreSQL's backends show no path).
        if (text.contains(needle + '/') || text.contains(needle + ' ') || text.endsWith(needle)) {
            QFile status(QStringLiteral("/proc/") + entry + QStringLiteral("/status"));
            if (status.open(QIODevice::ReadOnly) && status.readAll().contains("State:\tZ"))
                continue;
            return pid;
        }
    }
    return 0;
}

AgentProcess::~AgentProcess() {
    stop();
}

QByteArray AgentProcess::output() {
    m_output += m_process.readAll();
    return m_output;
}

int AgentProcess::stop(int timeoutMs) {
    if (m_process.state() == QProcess::NotRunning) return m_process.exitCode();
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished();
        return -1;
    }
    m_output += m_process.readAll();
    return m_process.exitCode();
}

QString ApiReply::errorCode() const {
    return json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

ApiClient::ApiClient(QString baseUrl, QString apiKey)
    : m_base(std::move(baseUrl)), m_key(std::move(apiKey)) {}

ApiReply ApiClient::send(const QByteArray& method, const QString& pathAndQuery,
                         const QByteArray& body, const QByteArray& contentType,
                         const QMap<QByteArray, QByteArray>& headers, int timeoutMs) {
    static QNetworkAccessManager* manager = new QNetworkAccessManager(QCoreApplication::instance());
    QNetworkRequest request(QUrl(m_base + pathAndQuery));
    if (!m_key.isEmpty()) request.setRawHeader("Authorization", "Api-Key " + m_key.toUtf8());
    if (!contentType.isEmpty()) request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.setRawHeader(it.key(), it.value());
    QNetworkReply* reply = manager->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    ApiReply result;
    if (reply->isFinished()) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            result.headers[name.toLower()] = value;
    } else {
        reply->abort();
    }
    reply->deleteLater();
    return result;
}

ApiReply ApiClient::post(const QString& path, const QJsonObject& body) {
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                "application/json");
}

ApiReply ApiClient::patch(const QString& path, const QJsonObject& body) {
    return send("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                "application/json");
}

TestTenant createTestTenant(const char* prefix) {
    const auto& urls = testDatabases();
    agent::Database db(urls.pg);
    agent::migrate(db);
    const auto created = agent::TenantRepository(db).create(uniqueTenantId(prefix), "API test");
    agent::ClickHouseClient ch(urls.clickhouse);
    agent::Warehouse(ch).ensureTenant(created.tenant.warehouseDatabase);
    return {QString::fromStdString(created.tenant.id), QString::fromStdString(created.apiKey),
            created.tenant.schema, created.tenant.warehouseDatabase};
}

ApiReply AgentProcess::metrics() {
    QFile file(m_dir.filePath(QStringLiteral("metrics-token")));
    const QByteArray token =
        file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    return ApiClient(m_url).send("GET", QStringLiteral("/metrics"), {}, {},
                                 {{"Authorization", "Bearer " + token}});
}

CommandResult runAgentCommand(const QStringList& args, const QString& dataDir, int timeoutMs) {
    const auto& urls = testDatabases();
    QProcess agent;
    agent.setProcessChannelMode(QProcess::MergedChannels);
    agent.start(QStringLiteral(FINDATA_AGENT_BINARY),
                args + QStringList{QStringLiteral("--pg-url"), QString::fromStdString(urls.pg),
                                   QStringLiteral("--clickhouse-url"),
                                   QString::fromStdString(urls.clickhouse),
                                   QStringLiteral("--data-dir"), dataDir});
    CommandResult result;
    if (!agent.waitForFinished(timeoutMs)) {
        agent.kill();
        agent.waitForFinished(5000);
        result.output = agent.readAll();
        return result;
    }
    result.exitCode = agent.exitStatus() == QProcess::NormalExit ? agent.exitCode() : -1;
    result.output = agent.readAll();
    return result;
}

}  // namespace findata::test
