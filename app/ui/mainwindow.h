#pragma once
// MainWindow: sign-in, then a sidebar of pages (one shortcut each, Ctrl+1…), the tenant in the
// header and the window's geometry remembered between runs.

#include <QJsonObject>
#include <QMainWindow>
#include <functional>

class QLabel;
class QListWidget;
class QSettings;
class QStackedWidget;

namespace findata::app {

class AgentClient;
class CredentialStore;
class Page;
class SignInPage;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// What a page may use: the agent, the keychain and the client's settings.
    struct PageDeps {
        AgentClient& client;
        CredentialStore& store;
        QSettings& settings;
    };
    /// One entry of the sidebar.
    struct PageEntry {
        QString id;  // stable name: "dashboard", "sync", …
        QString title;
        QString iconPath;
        std::function<Page*(const PageDeps&)> create;
    };

    MainWindow(AgentClient& client, CredentialStore& store, QSettings& settings,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The screens in sidebar order (Dashboard, Upload, Sync, Data, Profiling, Errors, Settings).
    static QList<PageEntry> defaultPages();

    /// Signs in with the remembered key, if any (call once after show()).
    void start();
    bool isSignedIn() const;
    QJsonObject tenant() const { return m_tenant; }
    SignInPage* signInPage() const { return m_signIn; }
    /// The page of `id`, created on first use; nullptr before sign-in or for an unknown id.
    Page* page(const QString& id);
    void showPage(const QString& id);
    QString currentPageId() const;
    QStringList pageIds() const;

public Q_SLOTS:
    void signOut();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void onSignedIn(const QJsonObject& tenant);
    void onPageSelected(int row);
    void buildMenus();

    AgentClient& m_client;
    CredentialStore& m_store;
    QSettings& m_settings;
    QList<PageEntry> m_entries;
    QList<Page*> m_pages;  // parallel to m_entries; nullptr until created
    QStackedWidget* m_root = nullptr;
    SignInPage* m_signIn = nullptr;
    QWidget* m_workspace = nullptr;
    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_pageStack = nullptr;
    QLabel* m_tenantLabel = nullptr;
    QJsonObject m_tenant;
    int m_current = -1;
};

}  // namespace findata::app
