#pragma once
// AgentClient: the desktop client's only way to the agent. It builds every URL, sends every
// request asynchronously with a timeout and turns failures into messages an operator can read.

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <chrono>

#include "app/client/typenames.h"

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace findata::app {

/// Why a request failed, as far as a screen needs to know.
enum class AgentError {
    None,
    Unreachable,  // no HTTP answer: refused, unknown host, connection dropped
    KeyRejected,  // 401: the API key is wrong, rotated or missing
    Request,      // another 4xx: the agent refused what was asked (its message says why)
    Server,       // 5xx: the agent or its databases failed
    Timeout,      // no answer within the request's timeout
    Canceled,     // the caller canceled (e.g. an upload)
    BadAnswer,    // an answer that is not the JSON the API promises
};

/// One request in flight, owned by its AgentClient. Emits finished() exactly once and deletes
/// itself afterwards, so callers connect to finished() with a context object and never delete it.
class AgentReply final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentReply)
public:
    bool ok() const { return m_error == AgentError::None; }
    AgentError error() const { return m_error; }
    /// A sentence for the operator; empty when ok().
    QString errorString() const { return m_errorString; }
    /// The API's stable error code (error.code), e.g. "conflict"; empty otherwise.
    QString errorCode() const { return m_errorCode; }
    /// The API's error.details object (e.g. running_sync_id of a 409).
    QJsonObject errorDetails() const { return m_errorDetails; }
    int httpStatus() const { return m_status; }
    /// Bytes written to the sink of a download (exportData, exportErrors, rejectedRows).
    qint64 bytesWritten() const { return m_sinkBytes; }
    QByteArray body() const { return m_body; }
    QJsonObject object() const { return m_json.object(); }
    QJsonArray array() const { return m_json.array(); }
    bool isFinished() const { return m_finished; }
    /// Stops the request; finished() follows with AgentError::Canceled.
    void cancel();

Q_SIGNALS:
    void finished();
    void uploadProgress(qint64 bytesSent, qint64 bytesTotal);
    void downloadProgress(qint64 bytesReceived, qint64 bytesTotal);

private:
    friend class AgentClient;
    AgentReply(QNetworkReply* reply, QString agentUrl, bool expectJson, bool debug,
               qint64 uploadSize, QObject* parent);
    /// A successful answer's body goes to `sink` as it arrives instead of into body().
    void setSink(QIODevice* sink);
    void onReadyRead();
    void onFinished();
    void fail(AgentError error, QString message);

    QPointer<QNetworkReply> m_reply;
    QString m_agentUrl;
    bool m_expectJson = true;
    bool m_debug = false;
    bool m_canceled = false;
    bool m_finished = false;
    qint64 m_uploadSize = 0;  // bytes of the body, for the final progress report
    qint64 m_uploadSent = 0;
    QPointer<QIODevice> m_sink;
    qint64 m_sinkBytes = 0;
    AgentError m_error = AgentError::None;
    QString m_errorString;
    QString m_errorCode;
    QJsonObject m_errorDetails;
    int m_status = 0;
    QByteArray m_body;
    QJsonDocument m_json;
    QElapsedTimer m_elapsed;
};

/// What a page of warehouse rows asks for.
struct DataQuery {
    QString loanType;                                     // a loan type's name or empty for both
    QString dataType = typeName(core::FileType::Credit);  // a file type's name
    int page = 1;
    int pageSize = 50;
    QString sortColumn;  // empty: the table key
    bool descending = false;
    QMap<QString, QString> filters;  // column (or column__gte/__lte) → value
    QString period;                  // a reporting period YYYY-MM; empty: the latest with data
};

/// What a page of a sync's validation findings asks for.
struct ErrorQuery {
    int page = 1;
    int pageSize = 100;
    QString fileType;  // a file type's name or empty
    QString field;
    QString errorType;  // REQUIRED, TYPE, …
    QString severity;   // error, warning
};

/// The agent's REST API, asynchronously. Owns its QNetworkAccessManager unless given one.
class AgentClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentClient)
public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{15000};
    /// A profile the agent has not computed yet may take a while (several seconds per million
    /// rows on a small machine).
    static constexpr std::chrono::milliseconds kProfileTimeout{120000};
    /// An evidence pack reads every group of findings of its sync.
    static constexpr std::chrono::milliseconds kEvidenceTimeout{120000};

    explicit AgentClient(QObject* parent = nullptr);
    /// Uses `network` (not owned) instead of an own manager: the seam for fake networks in tests.
    explicit AgentClient(QNetworkAccessManager* network, QObject* parent = nullptr);
    ~AgentClient() override;

    void setBaseUrl(const QUrl& url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setApiKey(const QString& key) { m_apiKey = key; }
    QString apiKey() const { return m_apiKey; }
    /// How long a request may go without any bytes moving before it fails as a timeout.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    /// Normalizes what an operator typed ("127.0.0.1:8000" → "http://127.0.0.1:8000");
    /// an invalid URL when it is not an http(s) address.
    static QUrl agentUrlFromText(const QString& text);

    AgentReply* health();
    AgentReply* tenant();
    AgentReply* rotateKey();  // on success the client switches to the new key itself
    /// The tenant's API keys (admin keys only); creating one (expiresInDays 0: never) answers
    /// its secret once; revoking one refuses it from the agent's next request.
    AgentReply* apiKeys();
    AgentReply* createApiKey(const QString& name, const QString& role, int expiresInDays = 0);
    AgentReply* revokeApiKey(const QString& prefix);
    AgentReply* rules(const QString& loanType);
    AgentReply* putRules(const QString& loanType, const QJsonObject& policy);
    AgentReply* syncLogs(const QString& loanType = {}, int limit = 50, int offset = 0,
                         const QString& period = {});
    /// One sync; with waitSeconds > 0 the agent answers when the status or progress changes.
    AgentReply* syncLog(const QString& id, int waitSeconds = 0, const QString& sinceStatus = {},
                        qint64 sinceProgress = -1);
    /// `force`: start even though the loan type's sync config is disabled (the operator
    /// confirmed); without it the agent refuses such a start (409, details.config_disabled).
    AgentReply* startSync(const QString& loanType, bool force = false);
    AgentReply* syncConfigs();
    AgentReply* patchSyncConfig(int id, const QJsonObject& changes);
    AgentReply* syncErrors(const QString& syncId, const ErrorQuery& query = {});
    AgentReply* kpis(const QString& loanType = {});
    /// The live reporting periods (GET /api/periods/), oldest first.
    AgentReply* periods(const QString& loanType = {});
    /// Portfolio figures per reporting period (GET /api/kpis/history/), oldest first.
    AgentReply* kpiHistory(const QString& loanType = {});
    AgentReply* dataPage(const DataQuery& query);
    AgentReply* profiling(const QString& loanType, const QString& dataType,
                          const QString& period = {});
    AgentReply* uploads(const QString& loanType = {}, int limit = 100);
    /// The evidence pack of a sync: `format` "html" (the printable page, in body()) or "json"
    /// (the sealed document). Building it may take a while on a large sync: a longer timeout.
    AgentReply* syncEvidence(const QString& syncId, const QString& format = QStringLiteral("html"));
    /// GET /api/reports/period/: the period report of a loan type (period empty: the latest) as
    /// "html", "csv" or "json".
    AgentReply* periodReport(const QString& loanType, const QString& period, const QString& format);

    // Downloads: the body is written to `sink` (open for writing, not owned, must outlive the
    // reply) as it arrives; progress through AgentReply::downloadProgress (total -1: unknown).
    // A failed request writes nothing to the sink. No transfer timeout beyond the client's
    // "no bytes moving" rule.
    /// Every row matching the query's loan type, data type, filters and sort, as CSV with a
    /// header (page and page size are ignored).
    AgentReply* exportData(const DataQuery& query, QIODevice* sink);
    /// Every finding of a sync matching the query's filters, as CSV.
    AgentReply* exportErrors(const QString& syncId, const ErrorQuery& query, QIODevice* sink);
    /// The rejected rows of a sync (kept findings_retention, 30 days by default): with a file type,
    /// that file's original header and rows byte for byte; without, every rejected row annotated
    /// with its file and line.
    AgentReply* rejectedRows(const QString& syncId, const QString& fileType, QIODevice* sink);
    /// A page of a sync's rejected rows as records (fields by header name, reasons per field,
    /// state); `fileType` empty: both files.
    AgentReply* rejectedPage(const QString& syncId, const QString& fileType, int limit, int offset);
    /// Marks rows of one file (by line) as reviewed and not to be corrected.
    AgentReply* dismissRejected(const QString& syncId, const QString& fileType,
                                const QList<qint64>& lines, const QString& reason);
    /// Stages corrected rows ([{line, fields: {name: value}}]) for the next sync to merge.
    AgentReply* resubmitRejected(const QString& syncId, const QString& fileType,
                                 const QJsonArray& rows);
    /// Streams `file` (opened by the caller, owned by the reply from now on) as the raw body;
    /// progress through AgentReply::uploadProgress, cancellable with AgentReply::cancel().
    /// `period`: the reporting period YYYY-MM (empty: the agent's default, the month before).
    AgentReply* upload(const QString& loanType, const QString& fileType, QIODevice* file,
                       const QString& fileName, const QString& period = {});

Q_SIGNALS:
    /// The key changed on the agent's side (rotation); stores should save the new one.
    void apiKeyRotated(const QString& newKey);

private:
    QNetworkRequest request(const QString& path, const QUrlQuery& query = {},
                            std::chrono::milliseconds timeout = {}) const;
    AgentReply* send(const QByteArray& method, const QNetworkRequest& request,
                     const QByteArray& body = {}, bool expectJson = true);
    AgentReply* download(const QNetworkRequest& request, QIODevice* sink);
    AgentReply* wrap(QNetworkReply* reply, const QNetworkRequest& request, const QByteArray& method,
                     qint64 bodySize, bool expectJson);

    QNetworkAccessManager* m_network = nullptr;
    QUrl m_baseUrl;
    QString m_apiKey;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
    bool m_debug = false;
};

}  // namespace findata::app
