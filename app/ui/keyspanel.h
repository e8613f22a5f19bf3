#pragma once
// KeysPanel: the Settings page's "API keys" box. For an admin key it lists the tenant's keys
// (name, role, prefix, created, last used, expiry), creates one with a role and an optional
// expiry (its secret shown once, with a copy button) and revokes the selected one after asking.
// For a viewer or operator key it only says that managing keys takes an admin key.

#include <QGroupBox>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace findata::app {

class AgentClient;
class AgentReply;

class KeysPanel final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeysPanel)
public:
    KeysPanel(AgentClient& client, QWidget* parent = nullptr);
    ~KeysPanel() override;

    /// Shows what the caller's `role` allows and, for an admin, fetches the keys.
    void load(const QString& role, const QString& currentPrefix);
    /// Creates a key from the form's name, role and expiry.
    void createKey();
    /// Asks, then revokes the selected key.
    void revokeSelected();
    /// The secret of the key created last (shown once); empty before.
    QString createdKey() const { return m_createdKey; }

Q_SIGNALS:
    void keysLoaded(bool ok);
    void keyCreated(bool ok);
    void keyRevoked(bool ok);

private:
    void fetch();
    void showKeys(const QJsonArray& keys);
    void track(AgentReply* reply);
    static void say(QLabel* label, const QString& text, bool error);

    AgentClient& m_client;
    QLabel* m_note = nullptr;
    QTableWidget* m_table = nullptr;
    QWidget* m_form = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_role = nullptr;
    QSpinBox* m_expiry = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_revoke = nullptr;
    QLineEdit* m_shown = nullptr;
    QPushButton* m_copy = nullptr;
    QLabel* m_message = nullptr;
    QString m_currentPrefix;
    QString m_createdKey;
    QList<QPointer<AgentReply>> m_replies;  // in flight, canceled when the panel goes
};

}  // namespace findata::app
