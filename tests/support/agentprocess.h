#pragma once
// A real `findata-agent serve` for API tests: started on a free loopback port against the run's
// shared databases, stopped with SIGTERM when the object goes away. Plus a small synchronous
// HTTP client for talking to it.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace findata::test {

struct ApiReply;

class AgentProcess final {
public:
    /// Starts the agent (extra arguments and environment are added to the defaults; the
    /// scheduler is off unless extraArgs set --scheduler-interval) and waits until it listens;
    /// failures are reported through ok().
    explicit AgentProcess(const QStringList& extraArgs = {},
                          const QMap<QString, QString>& extraEnv = {});
    /// An agent on its own embedded PostgreSQL and ClickHouse under its data directory (not the
    /// run's shared databases): for tests that kill, stop or starve them. Slower to start.
    struct Embedded {};
    AgentProcess(Embedded, const QStringList& extraArgs = {},
                 const QMap<QString, QString>& extraEnv = {});
    ~AgentProcess();
    AgentProcess(const AgentProcess&) = delete;
    AgentProcess& operator=(const AgentProcess&) = delete;

    bool ok() const { return !m_url.isEmpty(); }
    QString url() const { return m_url; }  // http://127.0.0.1:PORT
    QString dataDir() const { return m_dir.path(); }
    QByteArray output();  // what the agent printed so far
    /// SIGTERM and wait; returns the exit code (-1 when it had to be killed).
    int stop(int timeoutMs = 60000);
    /// After the agent ended (stopped or killed): waits until its embedded servers are gone,
    /// then starts it again with the same arguments and data directory; returns ok().
    bool restart();
    qint64 pid() const { return m_process.processId(); }
    /// GET /metrics with the agent's bearer token (from its data dir's metrics-token file).
    ApiReply metrics();
    /// The pid of this agent's embedded server ("postgres" or "clickhouse"): the process whose
    /// command line names the data directory's subdirectory of that name; 0 when none runs.
    qint64 embeddedPid(const QString& server) const;

private:
    void start(QStringList args, const QMap<QString, QString>& extraEnv);

    QTemporaryDir m_dir;
    QStringList m_args;
    QMap<QString, QString> m_env;
    QProcess m_process;
    QString m_url;
    QByteArray m_output;
};

struct ApiReply {
    int status = 0;  // 0: no HTTP answer (connection refused, timeout)
    QByteArray body;
    QMap<QByteArray, QByteArray> headers;  // lower-case names
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const;  // error.code of an error body
};

class ApiClient final {
public:
    explicit ApiClient(QString baseUrl, QString apiKey = {});
    void setApiKey(const QString& key) { m_key = key; }
    /// Sends the request and waits (up to timeoutMs). `headers` are added as given.
    ApiReply send(const QByteArray& method, const QString& pathAndQuery,
                  const QByteArray& body = {}, const QByteArray& contentType = {},
                  const QMap<QByteArray, QByteArray>& headers = {}, int timeoutMs = 60000);
    ApiReply get(const QString& pathAndQuery) { return send("GET", pathAndQuery); }
    ApiReply post(const QString& path, const QJsonObject& body);
    ApiReply patch(const QString& path, const QJsonObject& body);
    ApiReply del(const QString& path) { return send("DELETE", path); }

private:
    QString m_base;
    QString m_key;
};

/// A tenant created for one test: its id and clear API key.
struct TestTenant {
    QString id;
    QString key;
    std::string schema;
    std::string warehouseDatabase;
};
TestTenant createTestTenant(const char* prefix = "API");

/// What `findata-agent ARGS` did: its exit code (-1 when it did not finish within the timeout)
/// and its stdout + stderr.
struct CommandResult {
    int exitCode = -1;
    QByteArray output;
};
/// Runs `findata-agent ARGS --pg-url … --clickhouse-url … --data-dir DATADIR` on the run's
/// shared databases, not on a terminal (so new keys go to 0600 files), and waits for it.
CommandResult runAgentCommand(const QStringList& args, const QString& dataDir,
                              int timeoutMs = 60000);

}  // namespace findata::test
