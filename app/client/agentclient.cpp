#include "app/client/agentclient.h"

#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>

namespace findata::app {
namespace {

constexpr qsizetype kDebugBodyLimit = 2048;

QTextStream& debugStream() {
    static QTextStream stream(stderr);
    return stream;
}

// The key never reaches the debug output; its prefix is enough to tell keys apart.
QString redactedKey(const QByteArray& header) {
    const auto text = QString::fromUtf8(header);
    return text.left(QStringLiteral("Api-Key sk_live_").size() + 4) + QStringLiteral("…");
}

// The filters a findings page and a findings export share.
void addErrorFilters(QUrlQuery& query, const ErrorQuery& q) {
    const std::pair<QString, QString> optional[] = {{QStringLiteral("file_type"), q.fileType},
                                                    {QStringLiteral("field"), q.field},
                                                    {QStringLiteral("error_type"), q.errorType},
                                                    {QStringLiteral("severity"), q.severity}};
    for (const auto& [name, value] : optional)
        if (!value.isEmpty()) query.addQueryItem(name, value);
}

// The order and filters a data page and a data export share.
void addSortAndFilters(QUrlQuery& query, const DataQuery& q) {
    if (!q.sortColumn.isEmpty()) {
        query.addQueryItem(QStringLiteral("sort"), q.sortColumn);
        query.addQueryItem(QStringLiteral("order"),
                           q.descending ? QStringLiteral("desc") : QStringLiteral("asc"));
    }
    for (auto it = q.filters.begin(); it != q.filters.end(); ++it)
        query.addQueryItem(it.key(), it.value());
}

}  // namespace

// --- AgentReply ---------------------------------------------------------------------------

AgentReply::AgentReply(QNetworkReply* reply, QString agentUrl, bool expectJson, bool debug,
                       qint64 uploadSize, QObject* parent)
    : QObject(parent),
      m_reply(reply),
      m_agentUrl(std::move(agentUrl)),
      m_expectJson(expectJson),
      m_debug(debug),
      m_uploadSize(uploadSize) {
    m_elapsed.start();
    connect(reply, &QNetworkReply::finished, this, &AgentReply::onFinished);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
        if (sent <= 0) return;  // Qt's "(0, 0)" at the end means "not tracked", not "none sent"
        m_uploadSent = sent;
        Q_EMIT uploadProgress(sent, total);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, &AgentReply::downloadProgress);
}

void AgentReply::setSink(QIODevice* sink) {
    m_sink = sink;
    connect(m_reply, &QNetworkReply::readyRead, this, &AgentReply::onReadyRead);
}

void AgentReply::onReadyRead() {
    // Only a successful answer streams; an error's JSON body is kept for its message.
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_sink || status < 200 || status >= 300) return;
    const auto bytes = m_reply->readAll();
    if (m_sink->write(bytes) != bytes.size()) {
        fail(AgentError::Canceled,
             tr("Could not write the download: %1").arg(m_sink->errorString()));
        m_canceled = true;
        m_reply->abort();
        return;
    }
    m_sinkBytes += bytes.size();
}

void AgentReply::cancel() {
    if (m_finished || !m_reply) return;
    m_canceled = true;
    m_reply->abort();
}

void AgentReply::fail(AgentError error, QString message) {
    m_error = error;
    m_errorString = std::move(message);
}

void AgentReply::onFinished() {
    QNetworkReply* reply = m_reply;
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_sink && !m_canceled && m_status >= 200 && m_status < 300 && reply->isOpen())
        onReadyRead();  // what is left of a download
    m_body = reply->isOpen() ? reply->readAll() : QByteArray();
    const auto networkError = reply->error();

    if (m_canceled) {
        if (m_errorString.isEmpty()) fail(AgentError::Canceled, tr("Canceled."));
    } else if (m_status == 0) {
        // No HTTP answer at all: tell a timeout apart from an agent that is not there.
        if (networkError == QNetworkReply::OperationCanceledError ||
            networkError == QNetworkReply::TimeoutError)
            fail(AgentError::Timeout,
                 tr("The agent at %1 did not answer in time. It may be overloaded; try again.")
                     .arg(m_agentUrl));
        else
            fail(AgentError::Unreachable,
                 tr("No agent answers at %1 (%2). Check the address and that the agent runs.")
                     .arg(m_agentUrl, reply->errorString()));
    } else {
        QJsonParseError parseError{};
        m_json = QJsonDocument::fromJson(m_body, &parseError);
        const bool isJson = parseError.error == QJsonParseError::NoError;
        const auto apiError = m_json.object().value(QLatin1String("error")).toObject();
        m_errorCode = apiError.value(QLatin1String("code")).toString();
        m_errorDetails = apiError.value(QLatin1String("details")).toObject();
        const auto apiMessage = apiError.value(QLatin1String("message")).toString();
        if (m_status == 401) {
            fail(AgentError::KeyRejected,
                 tr("The agent rejected the API key. Check the key, or ask for a new one if it "
                    "was rotated."));
        } else if (m_status >= 400 && m_status < 500) {
            fail(AgentError::Request,
                 apiMessage.isEmpty() ? tr("The agent refused the request (HTTP %1).").arg(m_status)
                                      : apiMessage);
        } else if (m_status >= 500) {
            fail(
                AgentError::Server,
                apiMessage.isEmpty()
                    ? tr("The agent failed to answer (HTTP %1). See the agent's log.").arg(m_status)
                    : tr("The agent failed: %1 (HTTP %2)").arg(apiMessage).arg(m_status));
        } else if (m_expectJson && !isJson) {
            fail(AgentError::BadAnswer,
                 tr("The agent's answer could not be read (%1).").arg(parseError.errorString()));
        } else if (networkError != QNetworkReply::NoError) {
            // An answer that broke off halfway.
            fail(AgentError::Unreachable,
                 tr("The connection to the agent broke off: %1").arg(reply->errorString()));
        }
    }

    if (m_debug) {
        auto& out = debugStream();
        out << "findata http ← " << m_status << ' ' << reply->operation() << ' '
            << reply->url().toString() << " (" << m_elapsed.elapsed() << " ms, " << m_body.size()
            << " bytes)";
        if (!ok()) out << " error: " << m_errorString;
        out << '\n' << QString::fromUtf8(m_body.left(kDebugBodyLimit)) << '\n';
        out.flush();
    }
    // Qt reports no progress for a body sent in one go: a completed upload still ends at 100 %.
    if (ok() && m_uploadSize > 0 && m_uploadSent < m_uploadSize)
        Q_EMIT uploadProgress(m_uploadSize, m_uploadSize);
    m_finished = true;
    reply->deleteLater();
    Q_EMIT finished();
    deleteLater();
}

// --- AgentClient --------------------------------------------------------------------------

AgentClient::AgentClient(QObject* parent) : AgentClient(nullptr, parent) {}

AgentClient::AgentClient(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network) {
    if (!m_network) m_network = new QNetworkAccessManager(this);
    m_debug = qEnvironmentVariableIntValue("FINDATA_DEBUG_HTTP") == 1;
}

AgentClient::~AgentClient() = default;

void AgentClient::setBaseUrl(const QUrl& url) {
    m_baseUrl = url.adjusted(QUrl::StripTrailingSlash);
    if (m_baseUrl.path() == QLatin1String("/")) m_baseUrl.setPath({});
}

QUrl AgentClient::agentUrlFromText(const QString& text) {
    auto trimmed = text.trimmed();
    if (trimmed.isEmpty()) return {};
    if (!trimmed.contains(QLatin1String("://"))) trimmed.prepend(QLatin1String("http://"));
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    if (url.path() == QLatin1String("/")) url.setPath({});
    return url.adjusted(QUrl::StripTrailingSlash);
}

QNetworkRequest AgentClient::request(const QString& path, const QUrlQuery& query,
                                     std::chrono::milliseconds timeout) const {
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + path);
    if (!query.isEmpty()) url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("findata-desktop/%1").arg(QStringLiteral(FINDATA_VERSION)));
    if (!m_apiKey.isEmpty()) request.setRawHeader("Authorization", "Api-Key " + m_apiKey.toUtf8());
    request.setTransferTimeout(
        static_cast<int>((timeout.count() > 0 ? timeout : m_timeout).count()));
    return request;
}

AgentReply* AgentClient::send(const QByteArray& method, const QNetworkRequest& request,
                              const QByteArray& body, bool expectJson) {
    QNetworkRequest r = request;
    if (!body.isEmpty())
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply =
        method == "GET" ? m_network->get(r) : m_network->sendCustomRequest(r, method, body);
    return wrap(reply, r, method, body.size(), expectJson);
}

AgentReply* AgentClient::wrap(QNetworkReply* reply, const QNetworkRequest& request,
                              const QByteArray& method, qint64 bodySize, bool expectJson) {
    if (m_debug) {
        auto& out = debugStream();
        out << "findata http → " << method << ' ' << request.url().toString();
        if (request.hasRawHeader("Authorization"))
            out << " [" << redactedKey(request.rawHeader("Authorization")) << ']';
        out << " (" << bodySize << " bytes body, timeout " << request.transferTimeout() << " ms)\n";
        out.flush();
    }
    return new AgentReply(reply, m_baseUrl.toString(), expectJson, m_debug,
                          method == "GET" ? 0 : bodySize, this);
}

AgentReply* AgentClient::health() {
    return send("GET", request(QStringLiteral("/health")));
}

AgentReply* AgentClient::tenant() {
    return send("GET", request(QStringLiteral("/api/tenant/")));
}

AgentReply* AgentClient::rotateKey() {
    auto* reply = send("POST", request(QStringLiteral("/api/tenant/rotate-key/")), "{}");
    connect(reply, &AgentReply::finished, this, [this, reply] {
        const auto key = reply->object().value(QLatin1String("api_key")).toString();
        if (!reply->ok() || key.isEmpty()) return;
        // The old key stops working at once: switch before anyone sends another request.
        m_apiKey = key;
        Q_EMIT apiKeyRotated(key);
    });
    return reply;
}

AgentReply* AgentClient::apiKeys() {
    return send("GET", request(QStringLiteral("/api/keys/")));
}

AgentReply* AgentClient::createApiKey(const QString& name, const QString& role, int expiresInDays) {
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("role"), role}};
    if (expiresInDays > 0) body.insert(QStringLiteral("expires_in_days"), expiresInDays);
    return send("POST", request(QStringLiteral("/api/keys/")),
                QJsonDocument(body).toJson(QJsonDocument::Compact));
}

AgentReply* AgentClient::revokeApiKey(const QString& prefix) {
    return send("DELETE", request(QStringLiteral("/api/keys/%1/")
                                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(prefix)))));
}

AgentReply* AgentClient::rules(const QString& loanType) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("loan_type"), loanType);
    return send("GET", request(QStringLiteral("/api/rules/"), query));
}

AgentReply* AgentClient::putRules(const QString& loanType, const QJsonObject& policy) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("loan_type"), loanType);
    return send("PUT", request(QStringLiteral("/api/rules/"), query),
                QJsonDocument(policy).toJson(QJsonDocument::Compact));
}

AgentReply* AgentClient::syncLogs(const QString& loanType, int limit, int offset,
                                  const QString& period) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    if (!period.isEmpty()) query.addQueryItem(QStringLiteral("period"), period);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (offset > 0) query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return send("GET", request(QStringLiteral("/api/sync/logs/"), query));
}

AgentReply* AgentClient::syncLog(const QString& id, int waitSeconds, const QString& sinceStatus,
                                 qint64 sinceProgress) {
    QUrlQuery query;
    std::chrono::milliseconds timeout = m_timeout;
    if (waitSeconds > 0) {
        query.addQueryItem(QStringLiteral("wait"), QString::number(waitSeconds));
        if (!sinceStatus.isEmpty()) query.addQueryItem(QStringLiteral("since_status"), sinceStatus);
        if (sinceProgress >= 0)
            query.addQueryItem(QStringLiteral("since_progress"), QString::number(sinceProgress));
        // A long poll is silent by design: its timeout covers the wait.
        timeout += std::chrono::seconds(waitSeconds);
    }
    return send("GET", request(QStringLiteral("/api/sync/logs/%1/")
                                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                               query, timeout));
}

AgentReply* AgentClient::startSync(const QString& loanType, bool force) {
    QJsonObject body{{QStringLiteral("loan_type"), loanType}};
    if (force) body.insert(QStringLiteral("force"), true);
    return send("POST", request(QStringLiteral("/api/sync/")),
                QJsonDocument(body).toJson(QJsonDocument::Compact));
}

AgentReply* AgentClient::syncConfigs() {
    return send("GET", request(QStringLiteral("/api/sync/configs/")));
}

AgentReply* AgentClient::patchSyncConfig(int id, const QJsonObject& changes) {
    return send("PATCH", request(QStringLiteral("/api/sync/configs/%1/").arg(id)),
                QJsonDocument(changes).toJson(QJsonDocument::Compact));
}

AgentReply* AgentClient::syncErrors(const QString& syncId, const ErrorQuery& q) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page"), QString::number(q.page));
    query.addQueryItem(QStringLiteral("page_size"), QString::number(q.pageSize));
    addErrorFilters(query, q);
    return send("GET", request(QStringLiteral("/api/sync/logs/%1/errors/")
                                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId))),
                               query));
}

AgentReply* AgentClient::syncEvidence(const QString& syncId, const QString& format) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("format"), format);
    return send("GET",
                request(QStringLiteral("/api/sync/logs/%1/evidence/")
                            .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId))),
                        query, kEvidenceTimeout),
                {}, format == QLatin1String("json"));
}

AgentReply* AgentClient::periodReport(const QString& loanType, const QString& period,
                                      const QString& format) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("loan_type"), loanType);
    if (!period.isEmpty()) query.addQueryItem(QStringLiteral("period"), period);
    query.addQueryItem(QStringLiteral("format"), format);
    return send("GET", request(QStringLiteral("/api/reports/period/"), query, kEvidenceTimeout), {},
                format == QLatin1String("json"));
}

AgentReply* AgentClient::kpis(const QString& loanType) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    return send("GET", request(QStringLiteral("/api/kpis/"), query));
}

AgentReply* AgentClient::periods(const QString& loanType) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    return send("GET", request(QStringLiteral("/api/periods/"), query));
}

AgentReply* AgentClient::kpiHistory(const QString& loanType) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    return send("GET", request(QStringLiteral("/api/kpis/history/"), query));
}

AgentReply* AgentClient::dataPage(const DataQuery& q) {
    QUrlQuery query;
    if (!q.loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), q.loanType);
    if (!q.period.isEmpty()) query.addQueryItem(QStringLiteral("period"), q.period);
    query.addQueryItem(QStringLiteral("data_type"), q.dataType);
    query.addQueryItem(QStringLiteral("page"), QString::number(q.page));
    query.addQueryItem(QStringLiteral("page_size"), QString::number(q.pageSize));
    addSortAndFilters(query, q);
    return send("GET", request(QStringLiteral("/api/data/"), query));
}

AgentReply* AgentClient::profiling(const QString& loanType, const QString& dataType,
                                   const QString& period) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    if (!period.isEmpty()) query.addQueryItem(QStringLiteral("period"), period);
    if (!dataType.isEmpty()) query.addQueryItem(QStringLiteral("data_type"), dataType);
    // The first profile of a large tenant scans the warehouse twice before a byte comes back.
    return send("GET", request(QStringLiteral("/api/profiling/"), query, kProfileTimeout));
}

AgentReply* AgentClient::uploads(const QString& loanType, int limit) {
    QUrlQuery query;
    if (!loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), loanType);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return send("GET", request(QStringLiteral("/api/uploads/"), query));
}

AgentReply* AgentClient::upload(const QString& loanType, const QString& fileType, QIODevice* file,
                                const QString& fileName, const QString& period) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("loan_type"), loanType);
    query.addQueryItem(QStringLiteral("file_type"), fileType);
    if (!fileName.isEmpty()) query.addQueryItem(QStringLiteral("filename"), fileName);
    if (!period.isEmpty()) query.addQueryItem(QStringLiteral("period"), period);
    auto r = request(QStringLiteral("/api/uploads/"), query);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/csv"));
    QNetworkReply* networkReply = m_network->post(r, file);
    auto* reply = wrap(networkReply, r, "POST", file->size(), true);
    file->setParent(reply);  // the body must live as long as the request reads it
    return reply;
}

AgentReply* AgentClient::download(const QNetworkRequest& request, QIODevice* sink) {
    QNetworkRequest r = request;
    r.setRawHeader("Accept", "text/csv, application/json");
    auto* reply = wrap(m_network->get(r), r, "GET", 0, false);
    reply->setSink(sink);
    return reply;
}

AgentReply* AgentClient::exportData(const DataQuery& q, QIODevice* sink) {
    QUrlQuery query;
    if (!q.loanType.isEmpty()) query.addQueryItem(QStringLiteral("loan_type"), q.loanType);
    if (!q.period.isEmpty()) query.addQueryItem(QStringLiteral("period"), q.period);
    query.addQueryItem(QStringLiteral("data_type"), q.dataType);
    query.addQueryItem(QStringLiteral("format"), QStringLiteral("csv"));
    addSortAndFilters(query, q);
    return download(request(QStringLiteral("/api/data/"), query), sink);
}

AgentReply* AgentClient::exportErrors(const QString& syncId, const ErrorQuery& q, QIODevice* sink) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("format"), QStringLiteral("csv"));
    addErrorFilters(query, q);
    return download(request(QStringLiteral("/api/sync/logs/%1/errors/")
                                .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId))),
                            query),
                    sink);
}

AgentReply* AgentClient::rejectedRows(const QString& syncId, const QString& fileType,
                                      QIODevice* sink) {
    QUrlQuery query;
    if (!fileType.isEmpty()) query.addQueryItem(QStringLiteral("file_type"), fileType);
    return download(request(QStringLiteral("/api/sync/logs/%1/rejected/")
                                .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId))),
                            query),
                    sink);
}

AgentReply* AgentClient::rejectedPage(const QString& syncId, const QString& fileType, int limit,
                                      int offset) {
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("format"), QStringLiteral("json"));
    if (!fileType.isEmpty()) query.addQueryItem(QStringLiteral("file_type"), fileType);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return send("GET", request(QStringLiteral("/api/sync/logs/%1/rejected/")
                                   .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId))),
                               query));
}

AgentReply* AgentClient::dismissRejected(const QString& syncId, const QString& fileType,
                                         const QList<qint64>& lines, const QString& reason) {
    QJsonArray lineArray;
    for (const auto line : lines)
        lineArray.append(line);
    const QJsonObject body{{QStringLiteral("file_type"), fileType},
                           {QStringLiteral("lines"), lineArray},
                           {QStringLiteral("reason"), reason}};
    return send("POST",
                request(QStringLiteral("/api/sync/logs/%1/rejected/dismiss/")
                            .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId)))),
                QJsonDocument(body).toJson(QJsonDocument::Compact));
}

AgentReply* AgentClient::resubmitRejected(const QString& syncId, const QString& fileType,
                                          const QJsonArray& rows) {
    const QJsonObject body{{QStringLiteral("file_type"), fileType}, {QStringLiteral("rows"), rows}};
    return send("POST",
                request(QStringLiteral("/api/sync/logs/%1/rejected/resubmit/")
                            .arg(QString::fromLatin1(QUrl::toPercentEncoding(syncId)))),
                QJsonDocument(body).toJson(QJsonDocument::Compact));
}

}  // namespace findata::app
