#pragma once
// SettingsPage: the tenant as the agent knows it, the sync configuration per loan type (saved
// through the API), API key rotation (the new key shown once, copied, kept in the keychain), the
// agent's address and the interface language; the tenant's keys with their roles (KeysPanel).

#include <QJsonObject>
#include <QPointer>
#include <memory>

#include "app/ui/page.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSettings;
class QSpinBox;

namespace findata::app {

namespace Ui {
class SettingsPage;
}

class AgentReply;
class PageRefresh;
class CredentialStore;
class KeysPanel;

class SettingsPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)
public:
    SettingsPage(AgentClient& client, CredentialStore& store, QSettings& settings,
                 QWidget* parent = nullptr);
    ~SettingsPage() override;
    void activate() override;

    /// Fetches the tenant and the sync configurations again.
    void refresh();
    /// True once the tenant and the configurations have answered since the last refresh().
    bool isLoaded() const;
    /// Sends what changed in the sync configurations.
    void saveConfigs();
    /// Asks the operator, then replaces the API key.
    void rotateKey();
    /// The key of the last rotation (shown once); empty before.
    QString newKey() const { return m_rotatedKey; }
    /// The "API keys" box (filled after the tenant answered with the key's role).
    KeysPanel* keysPanel() const { return m_keys; }

Q_SIGNALS:
    void loaded();
    /// A save ended; `ok` when every change was accepted.
    void configsSaved(bool ok);
    /// A rotation ended; `ok` when the agent issued a new key.
    void keyRotationFinished(bool ok);
    /// An attempt to keep the new key in the keychain ended.
    void keyStored(bool ok);

private:
    // One loan type's row of the sync configuration.
    struct ConfigRow {
        QString loanType;
        QJsonObject config;  // the agent's last answer
        QCheckBox* enabled = nullptr;
        QSpinBox* interval = nullptr;
        QDoubleSpinBox* threshold = nullptr;
        QLabel* lastSync = nullptr;
    };

    void showTenant(const QJsonObject& tenant);
    void showConfigs(const QJsonObject& configs);
    void showConfig(ConfigRow& row, const QJsonObject& config);
    QJsonObject changes(const ConfigRow& row) const;
    void storeKey();
    void changeAgent();
    void chooseLanguage(int index);
    static void say(QLabel* label, const QString& text, bool error);

    void addConfigRow(const QString& loanType, const QString& title);

    std::unique_ptr<Ui::SettingsPage> m_ui;  // the form: settingspage.ui
    CredentialStore& m_store;
    QSettings& m_settings;
    QList<ConfigRow> m_rows;
    QList<QPointer<AgentReply>> m_replies;  // in flight, canceled when the page goes
    QString m_rotatedKey;
    PageRefresh* m_refresh = nullptr;
    KeysPanel* m_keys = nullptr;
    int m_saving = 0;
    QStringList m_saveErrors;
};

}  // namespace findata::app
