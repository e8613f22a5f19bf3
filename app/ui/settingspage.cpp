#include "app/ui/settingspage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <cmath>
#include <iterator>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/client/typenames.h"
#include "app/models/synclogmodel.h"
#include "app/ui/appsettings.h"
#include "app/ui/dialogs.h"
#include "app/ui/keyspanel.h"
#include "app/ui/mainwindow.h"
#include "app/ui/pagerefresh.h"
#include "app/ui/signinpage.h"
#include "ui_settingspage.h"

namespace findata::app {
namespace {

constexpr int kMaxIntervalMinutes = 31 * 24 * 60;  // the agent's limit: 31 days

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
    : Page(client, parent),
      m_ui(std::make_unique<Ui::SettingsPage>()),
      m_store(store),
      m_settings(settings) {
    m_ui->setupUi(this);
    m_ui->settingsMessage->hide();
    m_refresh = new PageRefresh(m_ui->settingsMessage, this);
    connect(m_refresh, &PageRefresh::finished, this, &SettingsPage::loaded);

    // One row of the sync configuration per loan type of the catalog.
    const QString titles[] = {tr("Retail"), tr("Commercial")};
    for (std::size_t i = 0; i < std::size(core::kLoanTypes); ++i)
        addConfigRow(typeName(core::kLoanTypes[i]), titles[i]);

    // The tenant's keys, below the tenant (the role of this client's key decides what it shows).
    m_keys = new KeysPanel(client, m_ui->content);
    m_ui->contentLayout->insertWidget(m_ui->contentLayout->indexOf(m_ui->tenantBox) + 1, m_keys);

    m_ui->storeKey->hide();
    m_ui->settingsAgentUrl->setText(client.baseUrl().toString());
    // The form lists the languages (before it is laid out, so the box is as wide as they need);
    // their codes, in the same order:
    const QString languages[] = {QString(), QStringLiteral("en"), QStringLiteral("tr")};
    Q_ASSERT(m_ui->language->count() == static_cast<int>(std::size(languages)));
    for (int i = 0; i < m_ui->language->count(); ++i)
        m_ui->language->setItemData(i, languages[i]);
    const auto current = settings::kLanguage.read(m_settings);
    m_ui->language->setCurrentIndex(std::max(0, m_ui->language->findData(current)));

    connect(m_ui->saveConfigs, &QPushButton::clicked, this, &SettingsPage::saveConfigs);
    connect(m_ui->rotateKey, &QPushButton::clicked, this, &SettingsPage::rotateKey);
    connect(m_ui->copyKey, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_rotatedKey);
        m_ui->copyKey->setText(tr("Copied"));
    });
    connect(m_ui->storeKey, &QPushButton::clicked, this, &SettingsPage::storeKey);
    connect(m_ui->changeAgent, &QPushButton::clicked, this, &SettingsPage::changeAgent);
    connect(m_ui->settingsAgentUrl, &QLineEdit::returnPressed, this, &SettingsPage::changeAgent);
    connect(m_ui->language, &QComboBox::currentIndexChanged, this, &SettingsPage::chooseLanguage);
}

void SettingsPage::addConfigRow(const QString& loanType, const QString& title) {
    auto* box = m_ui->syncBox;
    ConfigRow row;
    row.loanType = loanType;
    row.enabled = new QCheckBox(tr("enabled"), box);
    row.enabled->setObjectName(QStringLiteral("enabled") + loanType);
    row.interval = new QSpinBox(box);
    row.interval->setObjectName(QStringLiteral("interval") + loanType);
    row.interval->setRange(1, kMaxIntervalMinutes);
    row.interval->setSuffix(tr(" min"));
    row.interval->setToolTip(tr("Minutes between scheduled syncs of this loan type"));
    row.threshold = new QDoubleSpinBox(box);
    row.threshold->setObjectName(QStringLiteral("threshold") + loanType);
    row.threshold->setRange(0.0, 100.0);
    row.threshold->setDecimals(2);
    row.threshold->setSuffix(tr(" %"));
    row.threshold->setToolTip(
        tr("A sync is rejected when more than this share of its rows is rejected"));
    row.lastSync = new QLabel(QStringLiteral("—"), box);
    row.lastSync->setObjectName(QStringLiteral("configLastSync") + loanType);
    row.lastSync->setTextFormat(Qt::PlainText);
    row.lastSync->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QWidget* w : {static_cast<QWidget*>(row.enabled), static_cast<QWidget*>(row.interval),
                       static_cast<QWidget*>(row.threshold)})
        w->setEnabled(false);  // until the agent's values are in
    auto* grid = m_ui->syncGrid;
    const int at = grid->rowCount();  // below the headers and the rows before
    grid->addWidget(new QLabel(title, box), at, 0);
    grid->addWidget(row.enabled, at, 1);
    grid->addWidget(row.interval, at, 2);
    grid->addWidget(row.threshold, at, 3);
    grid->addWidget(row.lastSync, at, 4);
    m_rows.push_back(row);
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
    m_ui->settingsTenantId->setText(text("id"));
    m_ui->settingsTenantName->setText(text("name"));
    m_ui->settingsKeyPrefix->setText(
        tr("%1… (only the start of the key is kept)").arg(text("key_prefix")));
    m_ui->settingsWarehouse->setText(text("warehouse_database"));
    m_keys->load(text("role"), text("key_prefix"));
    const auto created = QDateTime::fromString(text("created_at"), Qt::ISODateWithMs);
    m_ui->settingsCreated->setText(QLocale().toString(created.toLocalTime(), QLocale::LongFormat));
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
    m_ui->saveConfigs->setEnabled(any && m_saving == 0);
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
            m_ui->saveConfigs->setEnabled(true);
            const bool ok = m_saveErrors.isEmpty();
            say(m_ui->configMessage,
                ok ? tr("Saved. The scheduler uses the new settings from its next round.")
                   : tr("Not saved: %1").arg(m_saveErrors.join(QStringLiteral("; "))),
                !ok);
            Q_EMIT configsSaved(ok);
        });
    }
    if (m_saving == 0) {
        say(m_ui->configMessage, tr("Nothing changed."), false);
        Q_EMIT configsSaved(true);
        return;
    }
    m_ui->saveConfigs->setEnabled(false);
    say(m_ui->configMessage, tr("Saving…"), false);
}

void SettingsPage::rotateKey() {
    if (!dialogs().confirm(this, tr("Rotate the API key"),
                           tr("The current key stops working at once, for this client and for "
                              "every script that uses it. Rotate it now?")))
        return;
    m_ui->rotateKey->setEnabled(false);
    say(m_ui->keyMessage, tr("Rotating…"), false);
    auto* reply = client().rotateKey();
    m_replies.push_back(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        m_replies.removeAll(reply);
        m_ui->rotateKey->setEnabled(true);
        const auto key = reply->object().value(QLatin1String("api_key")).toString();
        if (!reply->ok() || key.isEmpty()) {
            say(m_ui->keyMessage,
                tr("The key was not rotated: %1")
                    .arg(reply->ok() ? tr("the agent sent no key") : reply->errorString()),
                true);
            Q_EMIT keyRotationFinished(false);
            return;
        }
        // The client switched to the key already; the window files it when "remember" is on.
        m_rotatedKey = key;
        m_ui->newKey->setText(key);
        m_ui->copyKey->setText(tr("Copy"));
        m_ui->copyKey->setEnabled(true);
        const bool remembered = settings::kRemember.read(m_settings);
        m_ui->storeKey->setVisible(!remembered);
        m_ui->storeKey->setEnabled(!remembered);
        say(m_ui->keyMessage,
            remembered
                ? tr("This client uses the new key now and keeps it in the system keychain as "
                     "%1. Copy it for other clients and scripts: it is not shown again.")
                      .arg(CredentialStore::keyName(client().baseUrl()))
                : tr("This client uses the new key for this session only. Copy it now or keep it "
                     "in the system keychain: it is not shown again."),
            false);
        m_ui->settingsKeyPrefix->setText(
            tr("%1… (only the start of the key is kept)")
                .arg(reply->object().value(QLatin1String("key_prefix")).toString()));
        Q_EMIT keyRotationFinished(true);
    });
}

void SettingsPage::storeKey() {
    if (m_rotatedKey.isEmpty()) return;
    m_ui->storeKey->setEnabled(false);
    const auto url = client().baseUrl();
    m_store.writeKey(url, m_rotatedKey, this, [this, url](const QString& error) {
        if (!error.isEmpty()) {
            m_ui->storeKey->setEnabled(true);
            say(m_ui->keyMessage, tr("The key could not be saved in the keychain: %1").arg(error),
                true);
            Q_EMIT keyStored(false);
            return;
        }
        // From now on the key is remembered like one saved at sign-in (and forgotten at sign-out).
        settings::kRemember.write(m_settings, true);
        m_ui->storeKey->hide();
        say(m_ui->keyMessage,
            tr("The new key is in the system keychain as %1; the next start signs in with it.")
                .arg(CredentialStore::keyName(url)),
            false);
        Q_EMIT keyStored(true);
    });
}

void SettingsPage::changeAgent() {
    const auto url = AgentClient::agentUrlFromText(m_ui->settingsAgentUrl->text());
    if (!url.isValid()) {
        say(m_ui->agentMessage,
            tr("“%1” is not an agent address. Use one like http://127.0.0.1:8000.")
                .arg(m_ui->settingsAgentUrl->text()),
            true);
        return;
    }
    if (url == client().baseUrl()) {
        say(m_ui->agentMessage, tr("This client is connected to %1 already.").arg(url.toString()),
            false);
        return;
    }
    if (!dialogs().confirm(this, tr("Change the agent"),
                           tr("Sign out and sign in to %1? You need an API key of that agent.")
                               .arg(url.toString())))
        return;
    settings::kAgentUrl.write(m_settings, url.toString());
    auto* window = qobject_cast<MainWindow*>(this->window());
    if (!window) {
        say(m_ui->agentMessage, tr("The next sign-in uses %1.").arg(url.toString()), false);
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
    const auto language = m_ui->language->itemData(index).toString();
    if (language.isEmpty())
        settings::kLanguage.reset(m_settings);
    else
        settings::kLanguage.write(m_settings, language);
    say(m_ui->languageMessage, tr("Saved. The language changes the next time findata starts."),
        false);
}

}  // namespace findata::app
