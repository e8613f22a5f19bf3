#pragma once
// Where a remembered API key lives: the OS keychain through QtKeychain, never a settings file.
// Behind an interface so tests (and machines without a keychain) use an in-memory store.

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>

namespace findata::app {

/// Asynchronous key storage per agent URL. Callbacks run later on the event loop, never inside
/// the call; `error` is empty on success, `key` empty when none is stored.
class CredentialStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)
public:
    using ReadCallback = std::function<void(const QString& key, const QString& error)>;
    using DoneCallback = std::function<void(const QString& error)>;

    /// The keychain service every findata key is filed under.
    static QString serviceName() { return QStringLiteral("io.findata.Desktop"); }
    /// The documented key name: "api-key@<agent url>" (one key per agent address).
    static QString keyName(const QUrl& agentUrl);

    explicit CredentialStore(QObject* parent = nullptr) : QObject(parent) {}
    ~CredentialStore() override = default;

    /// `context` guards the callback: it is dropped when `context` is gone.
    virtual void readKey(const QUrl& agentUrl, QObject* context, ReadCallback done) = 0;
    virtual void writeKey(const QUrl& agentUrl, const QString& key, QObject* context,
                          DoneCallback done) = 0;
    virtual void deleteKey(const QUrl& agentUrl, QObject* context, DoneCallback done) = 0;
};

/// The OS keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager).
class KeychainCredentialStore final : public CredentialStore {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainCredentialStore)
public:
    explicit KeychainCredentialStore(QObject* parent = nullptr);
    void readKey(const QUrl& agentUrl, QObject* context, ReadCallback done) override;
    void writeKey(const QUrl& agentUrl, const QString& key, QObject* context,
                  DoneCallback done) override;
    void deleteKey(const QUrl& agentUrl, QObject* context, DoneCallback done) override;
};

/// Keys kept in memory for the process only: tests, and a stand-in where no keychain exists.
class MemoryCredentialStore final : public CredentialStore {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryCredentialStore)
public:
    explicit MemoryCredentialStore(QObject* parent = nullptr);
    void readKey(const QUrl& agentUrl, QObject* context, ReadCallback done) override;
    void writeKey(const QUrl& agentUrl, const QString& key, QObject* context,
                  DoneCallback done) override;
    void deleteKey(const QUrl& agentUrl, QObject* context, DoneCallback done) override;
    /// Makes every following call fail with `error` (empty: work again), like a locked keychain.
    void setFailure(const QString& error) { m_failure = error; }
    QHash<QString, QString> keys() const { return m_keys; }

private:
    QHash<QString, QString> m_keys;  // keyName → key
    QString m_failure;
};

}  // namespace findata::app
