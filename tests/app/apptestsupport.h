#pragma once
// What the desktop suites share: a MainWindow signed in to a real agent as an operator would
// (settings in a temporary file, keys in memory), and a tenant's sample package staged and
// synced through the agent's own command and API.

#include <QSettings>
#include <QString>
#include <QTemporaryDir>
#include <memory>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/ui/mainwindow.h"
#include "support/agentprocess.h"

namespace findata::test {

/// A client, an in-memory keychain, private settings and a window built on them.
struct AppUnderTest {
    QTemporaryDir dir;
    std::unique_ptr<QSettings> settings;
    app::MemoryCredentialStore store;
    app::AgentClient client;
    std::unique_ptr<app::MainWindow> window;

    AppUnderTest();
    /// Shows the window and signs in through the sign-in page; false (with a warning) when the
    /// window is not signed in within 20 s.
    bool signIn(const QString& agentUrl, const QString& key, bool remember = false);
    /// The page `id` shown, as its class; nullptr when it is not one.
    template <typename PageType>
    PageType* show(const QString& id) {
        window->showPage(id);
        return qobject_cast<PageType*>(window->page(id));
    }
};

/// The descendant of `parent` named `name`; a warning (and nullptr) when there is none.
template <typename T>
T* child(const QObject* parent, const char* name) {
    auto* object = parent->findChild<T*>(QString::fromLatin1(name));
    if (!object) qWarning("no child %s", name);
    return object;
}

/// Stages data-test/<bank>/<loanType>/{credit,payment_plan}.csv for the tenant with
/// `findata-agent load-csv` (the agent's data dir keeps the uploads). Empty on success, else
/// what the command printed.
QString stageSample(const AgentProcess& agent, const TestTenant& tenant, const QString& bank,
                    const QString& loanType);

/// Starts a sync of the loan type through the API and waits until it ends; the sync log's JSON
/// (status COMPLETED or FAILED), or an empty object when it could not be started or timed out.
/// `force`: the tenant's config of the loan type is disabled and the start confirms it.
QJsonObject syncAndWait(const AgentProcess& agent, const TestTenant& tenant,
                        const QString& loanType, int timeoutMs = 120000, bool force = false);

}  // namespace findata::test
