#include "app/ui/settingspage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/models/synclogmodel.h"
#include "app/ui/appsettings.h"
#include "app/ui/dialogs.h"
#include "app/ui/mainwindow.h"
#include "app/ui/pagerefresh.h"
#include "app/ui/signinpage.h"

namespace findata::app {
namespace {

const QString kLoanTypes[] = {QStringLiteral("RETAIL"), QStringLiteral("COMMERCIAL")};
constexpr int kMaxIntervalMinutes = 31 * 24 * 60;  // the agent's limit: 31 days

QLabel* valueLabel(const QString& objectName, QWidget* parent) {
    auto* label = new QLabel(QStringLiteral("—"), parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QLabel* messageLabel(const QString& objectName, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

int intervalMinutes(const QJsonObject& config) {
    const auto seconds = config.value(QLatin1String("interval_seconds")).toInteger();
    return static_cast<int>(std::max<qint64>(1, (seconds + 30) / 60));
}

double thresholdPercent(const QJsonObject& config) {
    return std::round(config.value(QLatin1String("reject_threshold")).toDouble() * 10000.0) / 100.0;
}

}  // namespace

SettingsPage::SettingsPage(AgentClient& client, CredentialStore& store, QSettings& settings,
                           QWidget* parent)
    : Page(client, parent), m_store(store), m_settings(settings) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Settings")), content));
    m_message = messageLabel(QStringLiteral("settingsMessage"), content);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_refresh = new PageRefresh(m_message, this);
    connect(m_refresh, &PageRefresh::finished, this, &SettingsPage::loaded);
    m_message->hide();
    layout->addWidget(m_message);

    // Tenant
    auto* tenantBox = new QGroupBox(tr("Tenant"), content);
    auto* tenantForm = new QFormLayout(tenantBox);
    m_tenantId = valueLabel(QStringLiteral("settingsTenantId"), tenantBox);
    m_tenantName = valueLabel(QStringLiteral("settingsTenantName"), tenantBox);
    m_keyPrefix = valueLabel(QStringLiteral("settingsKeyPrefix"), tenantBox);
    m_warehouse = valueLabel(QStringLiteral("settingsWarehouse"), tenantBox);
    m_created = valueLabel(QStringLiteral("settingsCreated"), tenantBox);
    tenantForm->addRow(tr("Tenant id:"), m_tenantId);
    tenantForm->addRow(tr("Name:"), m_tenantName);
    tenantForm->addRow(tr("API key:"), m_keyPrefix);
    tenantForm->addRow(tr("Warehouse database:"), m_warehouse);
    tenantForm->addRow(tr("Created:"), m_created);
    layout->addWidget(tenantBox);

    // Sync configuration
    auto* syncBox = new QGroupBox(tr("Scheduled syncs"), content);
    auto* syncLayout = new QVBoxLayout(syncBox);
    auto* grid = new QGridLayout;
    const QString headers[] = {tr("Loan type"), tr("Scheduled"), tr("Every"),
                               tr("Reject threshold"), tr("Last sync")};
    for (int column = 0; column < 5; ++column)
        grid->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(headers[column]), syncBox), 0,
                        column);
    const QString titles[] = {tr("Retail"), tr("Commercial")};
    for (int i = 0; i < 2; ++i) {
        ConfigRow row;
        row.loanType = kLoanTypes[i];
        row.enabled = new QCheckBox(tr("enabled"), syncBox);
        row.enabled->setObjectName(QStringLiteral("enabled") + row.loanType);
        row.interval = new QSpinBox(syncBox);
        row.interval->setObjectName(QStringLiteral("interval") + row.loanType);
        row.interval->setRange(1, kMaxIntervalMinutes);
        row.interval->setSuffix(tr(" min"));
        row.interval->setToolTip(tr("Minutes between scheduled syncs of this loan type"));
        row.threshold = new QDoubleSpinBox(syncBox);
        row.threshold->setObjectName(QStringLiteral("threshold") + row.loanType);
        row.threshold->setRange(0.0, 100.0);
        row.threshold->setDecimals(2);
        row.threshold->setSuffix(tr(" %"));
        row.threshold->setToolTip(
            tr("A sync is rejected when more than this share of its rows is rejected"));
        row.lastSync = valueLabel(QStringLiteral("configLastSync") + row.loanType, syncBox);
        for (QWidget* w : {static_cast<QWidget*>(row.enabled), static_cast<QWidget*>(row.interval),
                           static_cast<QWidget*>(row.threshold)})
            w->setEnabled(false);  // until the agent's values are in
        grid->addWidget(new QLabel(titles[i], syncBox), i + 1, 0);
        grid->addWidget(row.enabled, i + 1, 1);
        grid->addWidget(row.interval, i + 1, 2);
        grid->addWidget(row.threshold, i + 1, 3);
        grid->addWidget(row.lastSync, i + 1, 4);
        m_rows.push_back(row);
    }
    grid->setColumnStretch(4, 1);
    syncLayout->addLayout(grid);
    auto* saveRow = new QHBoxLayout;
    m_save = new QPushButton(tr("Save sync settings"), syncBox);
    m_save->setObjectName(QStringLiteral("saveConfigs"));
    m_save->setEnabled(false);
    m_configMessage = messageLabel(QStringLiteral("configMessage"), syncBox);
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_configMessage, 1);
    syncLayout->addLayout(saveRow);
    layout->addWidget(syncBox);

    // API key
    auto* keyBox = new QGroupBox(tr("API key"), content);
    auto* keyLayout = new QVBoxLayout(keyBox);
    auto* keyIntro = new QLabel(tr("Rotating replaces the tenant's key: the current key stops "
                                   "working at once, for this client and for every script that "
                                   "uses it. The new key is shown only once."),
                                keyBox);
    keyIntro->setWordWrap(true);
    keyLayout->addWidget(keyIntro);
    m_rotate = new QPushButton(tr("Rotate API key…"), keyBox);
    m_rotate->setObjectName(QStringLiteral("rotateKey"));
    auto* newKeyRow = new QHBoxLayout;
    m_newKey = new QLineEdit(keyBox);
    m_newKey->setObjectName(QStringLiteral("newKey"));
    m_newKey->setReadOnly(true);
    m_newKey->setPlaceholderText(tr("The new key appears here after a rotation"));
    m_copyKey = new QPushButton(tr("Copy"), keyBox);
    m_copyKey->setObjectName(QStringLiteral("copyKey"));
    m_copyKey->setEnabled(false);
    m_storeKey = new QPushButton(tr("Remember in keychain"), keyBox);
    m_storeKey->setObjectName(QStringLiteral("storeKey"));
    m_storeKey->hide();
    newKeyRow->addWidget(m_rotate);
    newKeyRow->addWidget(m_newKey, 1);
    newKeyRow->addWidget(m_copyKey);
    newKeyRow->addWidget(m_storeKey);
    keyLayout->addLayout(newKeyRow);
    m_keyMessage = messageLabel(QStringLiteral("keyMessage"), keyBox);
    keyLayout->addWidget(m_keyMessage);
    layout->addWidget(keyBox);

    // Agent
    auto* agentBox = new QGroupBox(tr("Agent"), content);
    auto* agentLayout = new QVBoxLayout(agentBox);
    auto* agentRow = new QHBoxLayout;
    m_agentUrl = new QLineEdit(client.baseUrl().toString(), agentBox);
    m_agentUrl->setObjectName(QStringLiteral("settingsAgentUrl"));
    auto* changeAgent = new QPushButton(tr("Sign in to this agent…"), agentBox);
    changeAgent->setObjectName(QStringLiteral("changeAgent"));
    agentRow->addWidget(new QLabel(tr("Address:"), agentBox));
    agentRow->addWidget(m_agentUrl, 1);
    agentRow->addWidget(changeAgent);
    agentLayout->addLayout(agentRow);
    m_agentMessage = messageLabel(QStringLiteral("agentMessage"), agentBox);
    m_agentMessage->setText(
        tr("Another address means signing out and signing in again with an "
           "API key of that agent."));
    agentLayout->addWidget(m_agentMessage);
    layout->addWidget(agentBox);

    // Language
    auto* languageBox = new QGroupBox(tr("Language"), content);
    auto* languageLayout = new QHBoxLayout(languageBox);
    m_language = new QComboBox(languageBox);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Türkçe"), QStringLiteral("tr"));
    const auto current = m_settings.value(settings::languageKey()).toString();
    m_language->setCurrentIndex(std::max(0, m_language->findData(current)));
    m_languageMessage = messageLabel(QStringLiteral("languageMessage"), languageBox);
    m_languageMessage->setText(tr("A new choice applies the next time findata starts."));
    languageLayout->addWidget(m_language);
    languageLayout->addWidget(m_languageMessage, 1);
    layout->addWidget(languageBox);
    layout->addStretch();

    connect(m_save, &QPushButton::clicked, this, &SettingsPage::saveConfigs);
    connect(m_rotate, &QPushButton::clicked, this, &SettingsPage::rotateKey);
    connect(m_copyKey, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_rotatedKey);
        m_copyKey->setText(tr("Copied"));
    });
    connect(m_storeKey, &QPushButton::clicked, this, &SettingsPage::storeKey);
    connect(changeAgent, &QPushButton::clicked, this, &SettingsPage::changeAgent);
    connect(m_agentUrl, &QLineEdit::returnPressed, this, &SettingsPage::changeAgent);
    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsPage::chooseLanguage);
}

SettingsPage::~SettingsPage() {
    for (const auto& reply : std::as_const(m_replies)) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->cancel();
    }
}

void SettingsPage::activate() {
    refresh();
}

void SettingsPage::say(QLabel* label, const QString& text, bool error) {
    label->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    label->setText(text);
}

void SettingsPage::refresh() {
    if (!m_refresh->start()) return;  // the previous refresh is still on its way
    m_refresh->track(client().tenant(), [this](const QJsonObject& o) { showTenant(o); });
    m_refresh->track(client().syncConfigs(), [this](const QJsonObject& o) { showConfigs(o); });
}

bool SettingsPage::isLoaded() const {
    return m_refresh->isIdle();
}

void SettingsPage::showTenant(const QJsonObject& tenant) {
    const auto text = [&tenant](const char* name) {
        return tenant.value(QLatin1String(name)).toString();
    };
    m_tenantId->setText(text("id"));
    m_tenantName->setText(text("name"));
    m_keyPrefix->setText(tr("%1… (only the start of the key is kept)").arg(text("key_prefix")));
    m_warehouse->setText(text("warehouse_database"));
    const auto created = QDateTime::fromString(text("created_at"), Qt::ISODateWithMs);
    m_created->setText(QLocale().toString(created.toLocalTime(), QLocale::LongFormat));
}

void SettingsPage::showConfigs(const QJsonObject& configs) {
    const auto items = configs.value(QLatin1String("items")).toArray();
    for (auto& row : m_rows) {
        for (const auto& item : items) {
            const auto config = item.toObject();
            if (config.value(QLatin1String("loan_type")).toString() == row.loanType)
                showConfig(row, config);
        }
    }
    bool any = false;
    for (const auto& row : std::as_const(m_rows))
        any = any || !row.config.isEmpty();
    m_save->setEnabled(any && m_saving == 0);
}

void SettingsPage::showConfig(ConfigRow& row, const QJsonObject& config) {
    row.config = config;
    row.enabled->setChecked(config.value(QLatin1String("enabled")).toBool());
    row.interval->setValue(intervalMinutes(config));
    const auto seconds = config.value(QLatin1String("interval_seconds")).toInteger();
    row.interval->setToolTip(tr("Minutes between scheduled syncs (the agent has %1 seconds)")
                                 .arg(QLocale().toString(seconds)));
    row.threshold->setValue(thresholdPercent(config));
    const auto status = config.value(QLatin1String("last_sync_status")).toString();
    const auto at = QDateTime::fromString(config.value(QLatin1String("last_sync_at")).toString(),
                                          Qt::ISODateWithMs);
    row.lastSync->setText(
        status.isEmpty()
            ? tr("never")
            : tr("%1, %2").arg(SyncLogModel::statusText(status),
                               QLocale().toString(at.toLocalTime(), QLocale::ShortFormat)));
    for (QWidget* w : {static_cast<QWidget*>(row.enabled), static_cast<QWidget*>(row.interval),
                       static_cast<QWidget*>(row.threshold)})
        w->setEnabled(true);
}

QJsonObject SettingsPage::changes(const ConfigRow& row) const {
    QJsonObject changed;
    const auto& config = row.config;
    if (row.enabled->isChecked() != config.value(QLatin1String("enabled")).toBool())
        changed.insert(QStringLiteral("enabled"), row.enabled->isChecked());
    // Only what the operator changed: a 90 s interval shown as 2 min stays 90 s untouched.
    if (row.interval->value() != intervalMinutes(config))
        changed.insert(QStringLiteral("interval_seconds"), row.interval->value() * 60);
    if (!qFuzzyCompare(row.threshold->value() + 1.0, thresholdPercent(config) + 1.0))
        changed.insert(QStringLiteral("reject_threshold"), row.threshold->value() / 100.0);
    return changed;
}

void SettingsPage::saveConfigs() {
    if (m_saving > 0) return;
    m_saveErrors.clear();
    for (auto& row : m_rows) {
        if (row.config.isEmpty()) continue;
        const auto changed = changes(row);
        if (changed.isEmpty()) continue;
        ++m_saving;
        const int id = row.config.value(QLatin1String("id")).toInt();
        auto* reply = client().patchSyncConfig(id, changed);
        m_replies.push_back(reply);
        connect(reply, &AgentReply::finished, this, [this, reply, loanType = row.loanType] {
            m_replies.removeAll(reply);
            for (auto& r : m_rows)
                if (r.loanType == loanType && reply->ok()) showConfig(r, reply->object());
            if (!reply->ok())
                m_saveErrors.push_back(tr("%1: %2").arg(loanType, reply->errorString()));
            if (--m_saving > 0) return;
            m_save->setEnabled(true);
            const bool ok = m_saveErrors.isEmpty();
            say(m_configMessage,
                ok ? tr("Saved. The scheduler uses the new settings from its next round.")
                   : tr("Not saved: %1").arg(m_saveErrors.join(QStringLiteral("; "))),
                !ok);
            Q_EMIT configsSaved(ok);
        });
    }
    if (m_saving == 0) {
        say(m_configMessage, tr("Nothing changed."), false);
        Q_EMIT configsSaved(true);
        return;
    }
    m_save->setEnabled(false);
    say(m_configMessage, tr("Saving…"), false);
}

void SettingsPage::rotateKey() {
    if (!dialogs().confirm(this, tr("Rotate the API key"),
                           tr("The current key stops working at once, for this client and for "
                              "every script that uses it. Rotate it now?")))
        return;
    m_rotate->setEnabled(false);
    say(m_keyMessage, tr("Rotating…"), false);
    auto* reply = client().rotateKey();
    m_replies.push_back(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        m_replies.removeAll(reply);
        m_rotate->setEnabled(true);
        const auto key = reply->object().value(QLatin1String("api_key")).toString();
        if (!reply->ok() || key.isEmpty()) {
            say(m_keyMessage,
                tr("The key was not rotated: %1")
                    .arg(reply->ok() ? tr("the agent sent no key") : reply->errorString()),
                true);
            Q_EMIT keyRotationFinished(false);
            return;
        }
        // The client switched to the key already; the window files it when "remember" is on.
        m_rotatedKey = key;
        m_newKey->setText(key);
        m_copyKey->setText(tr("Copy"));
        m_copyKey->setEnabled(true);
        const bool remembered = m_settings.value(settings::rememberKey(), false).toBool();
        m_storeKey->setVisible(!remembered);
        m_storeKey->setEnabled(!remembered);
        say(m_keyMessage,
            remembered
                ? tr("This client uses the new key now and keeps it in the system keychain as "
                     "%1. Copy it for other clients and scripts: it is not shown again.")
                      .arg(CredentialStore::keyName(client().baseUrl()))
                : tr("This client uses the new key for this session only. Copy it now or keep it "
                     "in the system keychain: it is not shown again."),
            false);
        m_keyPrefix->setText(
            tr("%1… (only the start of the key is kept)")
                .arg(reply->object().value(QLatin1String("key_prefix")).toString()));
        Q_EMIT keyRotationFinished(true);
    });
}

void SettingsPage::storeKey() {
    if (m_rotatedKey.isEmpty()) return;
    m_storeKey->setEnabled(false);
    const auto url = client().baseUrl();
    m_store.writeKey(url, m_rotatedKey, this, [this, url](const QString& error) {
        if (!error.isEmpty()) {
            m_storeKey->setEnabled(true);
            say(m_keyMessage, tr("The key could not be saved in the keychain: %1").arg(error),
                true);
            Q_EMIT keyStored(false);
            return;
        }
        // From now on the key is remembered like one saved at sign-in (and forgotten at sign-out).
        m_settings.setValue(settings::rememberKey(), true);
        m_storeKey->hide();
        say(m_keyMessage,
            tr("The new key is in the system keychain as %1; the next start signs in with it.")
                .arg(CredentialStore::keyName(url)),
            false);
        Q_EMIT keyStored(true);
    });
}

void SettingsPage::changeAgent() {
    const auto url = AgentClient::agentUrlFromText(m_agentUrl->text());
    if (!url.isValid()) {
        say(m_agentMessage,
            tr("“%1” is not an agent address. Use one like http://127.0.0.1:8000.")
                .arg(m_agentUrl->text()),
            true);
        return;
    }
    if (url == client().baseUrl()) {
        say(m_agentMessage, tr("This client is connected to %1 already.").arg(url.toString()),
            false);
        return;
    }
    if (!dialogs().confirm(this, tr("Change the agent"),
                           tr("Sign out and sign in to %1? You need an API key of that agent.")
                               .arg(url.toString())))
        return;
    m_settings.setValue(settings::agentUrlKey(), url.toString());
    auto* window = qobject_cast<MainWindow*>(this->window());
    if (!window) {
        say(m_agentMessage, tr("The next sign-in uses %1.").arg(url.toString()), false);
        return;
    }
    // Signing out deletes this page: leave its slot first.
    const auto text = url.toString();
    QTimer::singleShot(0, window, [window, text] {
        window->signOut();
        if (auto* field = window->signInPage()->findChild<QLineEdit*>(QStringLiteral("agentUrl")))
            field->setText(text);
    });
}

void SettingsPage::chooseLanguage(int index) {
    const auto language = m_language->itemData(index).toString();
    if (language.isEmpty())
        m_settings.remove(settings::languageKey());
    else
        m_settings.setValue(settings::languageKey(), language);
    say(m_languageMessage, tr("Saved. The language changes the next time findata starts."), false);
}

}  // namespace findata::app
