#include "app/ui/signinpage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/ui/appsettings.h"

namespace findata::app {

SignInPage::SignInPage(AgentClient& client, CredentialStore& store, QSettings& settings,
                       QWidget* parent)
    : QWidget(parent), m_client(client), m_store(store), m_settings(settings) {
    auto* box = new QWidget(this);
    box->setFixedWidth(520);  // a fixed width lets the wrapped texts take their full height
    auto* form = new QFormLayout;
    m_url = new QLineEdit(settings::kAgentUrl.read(m_settings), box);
    m_url->setObjectName(QStringLiteral("agentUrl"));
    m_key = new QLineEdit(box);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("sk_live_…"));
    m_remember = new QCheckBox(tr("Remember the key in the system keychain"), box);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setChecked(settings::kRemember.read(m_settings));
    form->addRow(tr("Agent address:"), m_url);
    form->addRow(tr("API key:"), m_key);
    form->addRow(QString(), m_remember);

    m_signIn = new QPushButton(tr("Sign in"), box);
    m_signIn->setObjectName(QStringLiteral("signIn"));
    m_signIn->setDefault(true);
    m_message = new QLabel(box);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2><p>%2</p>")
                                   .arg(tr("Sign in to a findata agent"),
                                        tr("The API key was shown once when the tenant was "
                                           "created or its key was rotated.")),
                               box);
    heading->setWordWrap(true);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(heading);
    boxLayout->addLayout(form);
    boxLayout->addWidget(m_signIn, 0, Qt::AlignRight);
    boxLayout->addWidget(m_message);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch();
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_signIn, &QPushButton::clicked, this, &SignInPage::signIn);
    connect(m_key, &QLineEdit::returnPressed, this, &SignInPage::signIn);
    connect(m_url, &QLineEdit::returnPressed, this, &SignInPage::signIn);
}

QString SignInPage::message() const {
    return m_message->text();
}

void SignInPage::setBusy(bool busy, const QString& message) {
    m_signIn->setEnabled(!busy);
    m_url->setEnabled(!busy);
    m_key->setEnabled(!busy);
    m_message->setStyleSheet(QString());
    m_message->setText(message);
}

void SignInPage::showError(const QString& message) {
    setBusy(false);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->setText(message);
}

void SignInPage::reset(const QString& message) {
    if (m_pending) m_pending->cancel();
    m_key->clear();
    setBusy(false, message);
}

void SignInPage::signInWithSavedKey() {
    if (!settings::kRemember.read(m_settings)) return;
    const auto url = AgentClient::agentUrlFromText(m_url->text());
    if (!url.isValid()) return;
    setBusy(true, tr("Reading the saved key…"));
    m_store.readKey(url, this, [this](const QString& key, const QString& error) {
        if (!error.isEmpty()) {
            showError(tr("The saved key could not be read from the keychain: %1").arg(error));
            return;
        }
        if (key.isEmpty()) {
            setBusy(false);
            return;
        }
        m_key->setText(key);
        signIn();
    });
}

void SignInPage::signIn() {
    if (m_pending) return;
    const auto url = AgentClient::agentUrlFromText(m_url->text());
    if (!url.isValid()) {
        showError(tr("“%1” is not an agent address. Use one like http://127.0.0.1:8000.")
                      .arg(m_url->text()));
        return;
    }
    const auto key = m_key->text().trimmed();
    if (key.isEmpty()) {
        showError(tr("Enter the tenant's API key."));
        return;
    }
    m_client.setBaseUrl(url);
    m_client.setApiKey(key);
    setBusy(true, tr("Connecting to %1…").arg(url.toString()));
    m_pending = m_client.tenant();
    connect(m_pending, &AgentReply::finished, this, [this, reply = m_pending.data(), url, key] {
        m_pending.clear();
        if (!reply->ok()) {
            if (reply->error() == AgentError::Canceled) return setBusy(false);
            m_client.setApiKey({});
            return showError(reply->errorString());
        }
        const bool remember = m_remember->isChecked();
        settings::kAgentUrl.write(m_settings, url.toString());
        settings::kRemember.write(m_settings, remember);
        if (remember) {
            m_store.writeKey(url, key, this, [this](const QString& error) {
                if (error.isEmpty()) return;
                // Never fall back to a file: the key stays in memory for this session.
                settings::kRemember.write(m_settings, false);
                Q_EMIT notice(tr("The key could not be saved in the keychain (%1). It is kept "
                                 "for this session only.")
                                  .arg(error));
            });
        } else {
            m_store.deleteKey(url, this, [](const QString&) {});
        }
        setBusy(false);
        m_key->clear();
        Q_EMIT signedIn(reply->object());
    });
}

}  // namespace findata::app
