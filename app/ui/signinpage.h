#pragma once
// SignInPage: agent address and API key, checked against the agent before anything else shows.
// "Remember" files the key in the keychain; the next start signs in with it by itself.

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;

namespace findata::app {

class AgentClient;
class AgentReply;
class CredentialStore;

class SignInPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPage)
public:
    SignInPage(AgentClient& client, CredentialStore& store, QSettings& settings,
               QWidget* parent = nullptr);

    /// Signs in with the remembered key of the remembered agent, if there is one.
    void signInWithSavedKey();
    /// Clears the key field and shows `message` (e.g. after signing out).
    void reset(const QString& message = {});
    QString message() const;
    bool isBusy() const { return !m_pending.isNull(); }

public Q_SLOTS:
    void signIn();

Q_SIGNALS:
    /// The agent accepted the key; `tenant` is GET /api/tenant/'s answer.
    void signedIn(const QJsonObject& tenant);
    /// Something the operator should know that does not stop the sign-in (keychain trouble).
    void notice(const QString& text);

private:
    void setBusy(bool busy, const QString& message = {});
    void showError(const QString& message);

    AgentClient& m_client;
    CredentialStore& m_store;
    QSettings& m_settings;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_key = nullptr;
    QCheckBox* m_remember = nullptr;
    QPushButton* m_signIn = nullptr;
    QLabel* m_message = nullptr;
    QPointer<AgentReply> m_pending;
};

}  // namespace findata::app
