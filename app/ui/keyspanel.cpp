// KeysPanel: see keyspanel.h.

#include "app/ui/keyspanel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/ui/dialogs.h"

namespace findata::app {
namespace {

enum Column { Name, Role, Prefix, Created, LastUsed, Expires, Columns };

QString when(const QJsonValue& value, const QString& none) {
    const auto text = value.toString();
    if (text.isEmpty()) return none;
    return QLocale().toString(QDateTime::fromString(text, Qt::ISODateWithMs).toLocalTime(),
                              QLocale::ShortFormat);
}

}  // namespace

KeysPanel::KeysPanel(AgentClient& client, QWidget* parent)
    : QGroupBox(tr("API keys"), parent), m_client(client) {
    setObjectName(QStringLiteral("keysBox"));
    auto* layout = new QVBoxLayout(this);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("keysNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_table = new QTableWidget(0, Columns, this);
    m_table->setObjectName(QStringLiteral("keyTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name"), tr("Role"), tr("Key"), tr("Created"), tr("Last used"), tr("Expires")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(140);
    layout->addWidget(m_table);

    m_form = new QWidget(this);
    auto* form = new QHBoxLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("newKeyName"));
    m_name->setPlaceholderText(tr("Name of the new key, e.g. nightly upload"));
    m_name->setMaxLength(100);
    m_role = new QComboBox(m_form);
    m_role->setObjectName(QStringLiteral("newKeyRole"));
    m_role->addItem(tr("viewer: reads"), QStringLiteral("viewer"));
    m_role->addItem(tr("operator: also uploads, syncs, settings"), QStringLiteral("operator"));
    m_role->addItem(tr("admin: also the keys"), QStringLiteral("admin"));
    m_expiry = new QSpinBox(m_form);
    m_expiry->setObjectName(QStringLiteral("newKeyExpiry"));
    m_expiry->setRange(0, 3650);
    m_expiry->setSpecialValueText(tr("never expires"));
    m_expiry->setPrefix(tr("expires in "));
    m_expiry->setSuffix(tr(" days"));
    m_create = new QPushButton(tr("Create key"), m_form);
    m_create->setObjectName(QStringLiteral("createKey"));
    m_revoke = new QPushButton(tr("Revoke selected"), m_form);
    m_revoke->setObjectName(QStringLiteral("revokeKey"));
    m_revoke->setEnabled(false);
    form->addWidget(m_name, 1);
    form->addWidget(m_role);
    form->addWidget(m_expiry);
    form->addWidget(m_create);
    form->addWidget(m_revoke);
    layout->addWidget(m_form);

    auto* shownRow = new QHBoxLayout;
    m_shown = new QLineEdit(this);
    m_shown->setObjectName(QStringLiteral("createdKey"));
    m_shown->setReadOnly(true);
    m_shown->hide();
    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyCreatedKey"));
    m_copy->hide();
    shownRow->addWidget(m_shown, 1);
    shownRow->addWidget(m_copy);
    layout->addLayout(shownRow);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("keysMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    m_table->hide();
    m_form->hide();
    connect(m_create, &QPushButton::clicked, this, &KeysPanel::createKey);
    connect(m_name, &QLineEdit::returnPressed, this, &KeysPanel::createKey);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPanel::revokeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_revoke->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_createdKey);
        m_copy->setText(tr("Copied"));
    });
}

KeysPanel::~KeysPanel() {
    for (const auto& reply : std::as_const(m_replies)) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->cancel();
    }
}

void KeysPanel::say(QLabel* label, const QString& text, bool error) {
    label->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    label->setText(text);
}

void KeysPanel::track(AgentReply* reply) {
    m_replies.push_back(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] { m_replies.removeAll(reply); });
}

void KeysPanel::load(const QString& role, const QString& currentPrefix) {
    m_currentPrefix = currentPrefix;
    const bool admin = role == QLatin1String("admin");
    m_table->setVisible(admin);
    m_form->setVisible(admin);
    if (!admin) {
        m_note->setText(tr("This client signed in with a key of the %1 role. Only an admin key "
                           "can see and manage the tenant's keys.")
                            .arg(role.isEmpty() ? tr("unknown") : role));
        Q_EMIT keysLoaded(true);
        return;
    }
    m_note->setText(
        tr("Every key has a role: a viewer reads, an operator also uploads, syncs and "
           "changes settings, an admin also manages these keys. A key's secret is "
           "shown only when it is created."));
    fetch();
}

void KeysPanel::fetch() {
    auto* reply = m_client.apiKeys();
    track(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        if (!reply->ok()) {
            say(m_message, tr("The keys could not be read: %1").arg(reply->errorString()), true);
            Q_EMIT keysLoaded(false);
            return;
        }
        showKeys(reply->object().value(QLatin1String("keys")).toArray());
        Q_EMIT keysLoaded(true);
    });
}

void KeysPanel::showKeys(const QJsonArray& keys) {
    m_table->setRowCount(0);
    for (const auto& value : keys) {
        const auto key = value.toObject();
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const auto prefix = key.value(QLatin1String("prefix")).toString();
        QString name = key.value(QLatin1String("name")).toString();
        if (prefix == m_currentPrefix) name = tr("%1 (this client)").arg(name);
        const QString cells[Columns] = {name,
                                        key.value(QLatin1String("role")).toString(),
                                        prefix + QStringLiteral("…"),
                                        when(key.value(QLatin1String("created_at")), tr("—")),
                                        when(key.value(QLatin1String("last_used_at")), tr("never")),
                                        when(key.value(QLatin1String("expires_at")), tr("never"))};
        for (int c = 0; c < Columns; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setData(Qt::UserRole, prefix);
            m_table->setItem(row, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_revoke->setEnabled(!m_table->selectedItems().isEmpty());
}

void KeysPanel::createKey() {
    const auto name = m_name->text().trimmed();
    if (name.isEmpty()) {
        say(m_message, tr("Give the new key a name first."), true);
        return;
    }
    m_create->setEnabled(false);
    say(m_message, tr("Creating…"), false);
    auto* reply = m_client.createApiKey(name, m_role->currentData().toString(), m_expiry->value());
    track(reply);
    connect(reply, &AgentReply::finished, this, [this, reply, name] {
        m_create->setEnabled(true);
        const auto key = reply->object().value(QLatin1String("api_key")).toString();
        if (!reply->ok() || key.isEmpty()) {
            say(m_message,
                tr("The key was not created: %1")
                    .arg(reply->ok() ? tr("the agent sent no key") : reply->errorString()),
                true);
            Q_EMIT keyCreated(false);
            return;
        }
        m_createdKey = key;
        m_shown->setText(key);
        m_shown->show();
        m_copy->setText(tr("Copy"));
        m_copy->show();
        m_name->clear();
        say(m_message,
            tr("Key “%1” created. Copy it now: it is not shown again, and only its start is kept.")
                .arg(name),
            false);
        fetch();
        Q_EMIT keyCreated(true);
    });
}

void KeysPanel::revokeSelected() {
    const auto selected = m_table->selectedItems();
    if (selected.isEmpty()) return;
    const int row = selected.first()->row();
    const auto prefix = m_table->item(row, Prefix)->data(Qt::UserRole).toString();
    const auto name = m_table->item(row, Name)->text();
    const bool own = prefix == m_currentPrefix;
    if (!dialogs().confirm(
            this, tr("Revoke the key"),
            own ? tr("“%1” is the key this client uses: it stops working at once and this client "
                     "is signed out of the agent. Revoke it?")
                      .arg(name)
                : tr("“%1” (%2…) stops working at once, for every client and script that uses "
                     "it. Revoke it?")
                      .arg(name, prefix)))
        return;
    m_revoke->setEnabled(false);
    say(m_message, tr("Revoking…"), false);
    auto* reply = m_client.revokeApiKey(prefix);
    track(reply);
    connect(reply, &AgentReply::finished, this, [this, reply, name] {
        if (!reply->ok()) {
            say(m_message, tr("“%1” was not revoked: %2").arg(name, reply->errorString()), true);
            m_revoke->setEnabled(true);
            Q_EMIT keyRevoked(false);
            return;
        }
        say(m_message, tr("“%1” is revoked: the agent refuses it from now on.").arg(name), false);
        fetch();
        Q_EMIT keyRevoked(true);
    });
}

}  // namespace findata::app
