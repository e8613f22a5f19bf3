#include "app/client/credentialstore.h"

#include <qt6keychain/keychain.h>
#include <QTimer>

namespace findata::app {

QString CredentialStore::keyName(const QUrl& agentUrl) {
    return QStringLiteral("api-key@") +
           agentUrl.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveUserInfo).toString();
}

// --- KeychainCredentialStore --------------------------------------------------------------

namespace {

// Never the insecure fallback: QtKeychain would then write the key into a plain file.
template <typename Job>
Job* keychainJob(const QUrl& agentUrl, QObject* parent) {
    auto* job = new Job(CredentialStore::serviceName(), parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(CredentialStore::keyName(agentUrl));
    return job;
}

QString jobError(const QKeychain::Job& job) {
    if (job.error() == QKeychain::NoError) return {};
    if (job.error() == QKeychain::NoBackendAvailable)
        return KeychainCredentialStore::tr("No keychain is available on this system (%1).")
            .arg(job.errorString());
    return job.errorString();
}

}  // namespace

KeychainCredentialStore::KeychainCredentialStore(QObject* parent) : CredentialStore(parent) {}

void KeychainCredentialStore::readKey(const QUrl& agentUrl, QObject* context, ReadCallback done) {
    auto* job = keychainJob<QKeychain::ReadPasswordJob>(agentUrl, this);
    connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* j) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        // A key that was never stored is not an error: there is simply nothing to sign in with.
        if (read->error() == QKeychain::EntryNotFound) return done({}, {});
        done(read->textData(), jobError(*read));
    });
    job->start();
}

void KeychainCredentialStore::writeKey(const QUrl& agentUrl, const QString& key, QObject* context,
                                       DoneCallback done) {
    auto* job = keychainJob<QKeychain::WritePasswordJob>(agentUrl, this);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, context,
            [done = std::move(done)](QKeychain::Job* j) { done(jobError(*j)); });
    job->start();
}

void KeychainCredentialStore::deleteKey(const QUrl& agentUrl, QObject* context, DoneCallback done) {
    auto* job = keychainJob<QKeychain::DeletePasswordJob>(agentUrl, this);
    connect(job, &QKeychain::Job::finished, context, [done = std::move(done)](QKeychain::Job* j) {
        done(j->error() == QKeychain::EntryNotFound ? QString() : jobError(*j));
    });
    job->start();
}

// --- MemoryCredentialStore ----------------------------------------------------------------

MemoryCredentialStore::MemoryCredentialStore(QObject* parent) : CredentialStore(parent) {}

void MemoryCredentialStore::readKey(const QUrl& agentUrl, QObject* context, ReadCallback done) {
    const auto key = m_failure.isEmpty() ? m_keys.value(keyName(agentUrl)) : QString();
    QTimer::singleShot(0, context,
                       [done = std::move(done), key, error = m_failure] { done(key, error); });
}

void MemoryCredentialStore::writeKey(const QUrl& agentUrl, const QString& key, QObject* context,
                                     DoneCallback done) {
    if (m_failure.isEmpty()) m_keys.insert(keyName(agentUrl), key);
    QTimer::singleShot(0, context, [done = std::move(done), error = m_failure] { done(error); });
}

void MemoryCredentialStore::deleteKey(const QUrl& agentUrl, QObject* context, DoneCallback done) {
    if (m_failure.isEmpty()) m_keys.remove(keyName(agentUrl));
    QTimer::singleShot(0, context, [done = std::move(done), error = m_failure] { done(error); });
}

}  // namespace findata::app
