#include "app/ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/ui/appsettings.h"
#include "app/ui/dashboardpage.h"
#include "app/ui/datapage.h"
#include "app/ui/errorspage.h"
#include "app/ui/page.h"
#include "app/ui/profilingpage.h"
#include "app/ui/reportspage.h"
#include "app/ui/resources.h"
#include "app/ui/rulespage.h"
#include "app/ui/settingspage.h"
#include "app/ui/signinpage.h"
#include "app/ui/syncpage.h"
#include "app/ui/uploadpage.h"

namespace findata::app {

QList<MainWindow::PageEntry> MainWindow::defaultPages() {
    return {
        {QStringLiteral("dashboard"), tr("Dashboard"), QStringLiteral(":/icons/dashboard.svg"),
         [](const PageDeps& d) { return new DashboardPage(d.client); }},
        {QStringLiteral("upload"), tr("Upload"), QStringLiteral(":/icons/upload.svg"),
         [](const PageDeps& d) { return new UploadPage(d.client); }},
        {QStringLiteral("sync"), tr("Sync"), QStringLiteral(":/icons/sync.svg"),
         [](const PageDeps& d) { return new SyncPage(d.client); }},
        {QStringLiteral("data"), tr("Data"), QStringLiteral(":/icons/data.svg"),
         [](const PageDeps& d) { return new DataPage(d.client, &d.settings); }},
        {QStringLiteral("profiling"), tr("Profiling"), QStringLiteral(":/icons/profiling.svg"),
         [](const PageDeps& d) { return new ProfilingPage(d.client); }},
        {QStringLiteral("errors"), tr("Errors"), QStringLiteral(":/icons/errors.svg"),
         [](const PageDeps& d) { return new ErrorsPage(d.client); }},
        {QStringLiteral("rules"), tr("Rules"), QStringLiteral(":/icons/settings.svg"),
         [](const PageDeps& d) { return new RulesPage(d.client); }},
        {QStringLiteral("settings"), tr("Settings"), QStringLiteral(":/icons/settings.svg"),
         [](const PageDeps& d) { return new SettingsPage(d.client, d.store, d.settings); }},
        {QStringLiteral("reports"), tr("Reports"), QStringLiteral(":/icons/reports.svg"),
         [](const PageDeps& d) { return new ReportsPage(d.client); }},
    };
}

MainWindow::MainWindow(AgentClient& client, CredentialStore& store, QSettings& settings,
                       QWidget* parent)
    : QMainWindow(parent),
      m_client(client),
      m_store(store),
      m_settings(settings),
      m_entries(defaultPages()) {
    initResources();
    setWindowTitle(tr("findata"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/findata.svg")));
    m_pages.fill(nullptr, m_entries.size());

    m_root = new QStackedWidget(this);
    m_signIn = new SignInPage(m_client, m_store, m_settings, m_root);
    m_root->addWidget(m_signIn);

    m_workspace = new QWidget(m_root);
    auto* workspaceLayout = new QHBoxLayout(m_workspace);
    workspaceLayout->setContentsMargins(0, 0, 0, 0);
    auto* side = new QVBoxLayout;
    m_tenantLabel = new QLabel(m_workspace);
    m_tenantLabel->setObjectName(QStringLiteral("tenantName"));
    m_tenantLabel->setWordWrap(true);
    m_tenantLabel->setMargin(8);
    m_sidebar = new QListWidget(m_workspace);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setMaximumWidth(200);
    for (int i = 0; i < m_entries.size(); ++i) {
        auto* item = new QListWidgetItem(QIcon(m_entries[i].iconPath), m_entries[i].title);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(m_entries[i].title).arg(i + 1));
        m_sidebar->addItem(item);
    }
    auto* signOutButton = new QToolButton(m_workspace);
    signOutButton->setObjectName(QStringLiteral("signOut"));
    signOutButton->setText(tr("Sign out"));
    side->addWidget(m_tenantLabel);
    side->addWidget(m_sidebar, 1);
    side->addWidget(signOutButton);
    m_pageStack = new QStackedWidget(m_workspace);
    workspaceLayout->addLayout(side);
    workspaceLayout->addWidget(m_pageStack, 1);
    m_root->addWidget(m_workspace);
    setCentralWidget(m_root);

    connect(m_sidebar, &QListWidget::currentRowChanged, this, &MainWindow::onPageSelected);
    connect(signOutButton, &QToolButton::clicked, this, &MainWindow::signOut);
    connect(m_signIn, &SignInPage::signedIn, this, &MainWindow::onSignedIn);
    connect(m_signIn, &SignInPage::notice, this,
            [this](const QString& text) { statusBar()->showMessage(text); });
    connect(&m_client, &AgentClient::apiKeyRotated, this, [this](const QString& key) {
        if (!settings::kRemember.read(m_settings)) return;
        m_store.writeKey(m_client.baseUrl(), key, this, [this](const QString& error) {
            if (!error.isEmpty())
                statusBar()->showMessage(
                    tr("The new key could not be saved in the keychain: %1").arg(error));
        });
    });

    buildMenus();
    statusBar();
    resize(1100, 720);
    restoreGeometry(settings::kGeometry.read(m_settings));
    restoreState(settings::kWindowState.read(m_settings));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    auto* signOutAction = fileMenu->addAction(tr("Sign &out"), this, &MainWindow::signOut);
    signOutAction->setObjectName(QStringLiteral("signOutAction"));
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* goMenu = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < m_entries.size(); ++i) {
        auto* action = goMenu->addAction(QIcon(m_entries[i].iconPath), m_entries[i].title);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setObjectName(QStringLiteral("go-") + m_entries[i].id);
        connect(action, &QAction::triggered, this, [this, i] {
            if (isSignedIn()) m_sidebar->setCurrentRow(i);
        });
    }
}

void MainWindow::start() {
    m_signIn->signInWithSavedKey();
}

bool MainWindow::isSignedIn() const {
    return m_root->currentWidget() == m_workspace;
}

void MainWindow::onSignedIn(const QJsonObject& tenant) {
    m_tenant = tenant;
    m_tenantLabel->setText(QStringLiteral("<b>%1</b><br>%2")
                               .arg(tenant.value(QLatin1String("name")).toString().toHtmlEscaped(),
                                    tenant.value(QLatin1String("id")).toString().toHtmlEscaped()));
    setWindowTitle(tr("findata — %1").arg(tenant.value(QLatin1String("name")).toString()));
    m_root->setCurrentWidget(m_workspace);
    statusBar()->showMessage(tr("Signed in to %1").arg(m_client.baseUrl().toString()), 5000);
    const auto saved = settings::kCurrentPage.read(m_settings);
    int row = 0;
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].id == saved) row = i;
    if (m_sidebar->currentRow() == row)
        onPageSelected(row);
    else
        m_sidebar->setCurrentRow(row);
}

void MainWindow::signOut() {
    if (!isSignedIn()) return;
    if (m_current >= 0 && m_pages[m_current]) m_pages[m_current]->deactivate();
    // Pages hold state of the tenant that signed out: start afresh next time.
    for (auto*& page : m_pages) {
        delete page;
        page = nullptr;
    }
    m_current = -1;
    m_sidebar->blockSignals(true);
    m_sidebar->setCurrentRow(-1);
    m_sidebar->blockSignals(false);
    if (settings::kRemember.read(m_settings)) {
        m_store.deleteKey(m_client.baseUrl(), this, [this](const QString& error) {
            if (!error.isEmpty())
                statusBar()->showMessage(
                    tr("The key could not be removed from the keychain: %1").arg(error));
        });
    }
    settings::kRemember.write(m_settings, false);
    m_client.setApiKey({});
    m_tenant = {};
    m_tenantLabel->clear();
    setWindowTitle(tr("findata"));
    m_signIn->reset(tr("Signed out."));
    m_root->setCurrentWidget(m_signIn);
}

Page* MainWindow::page(const QString& id) {
    if (!isSignedIn()) return nullptr;
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].id != id) continue;
        if (!m_pages[i]) {
            m_pages[i] = m_entries[i].create(PageDeps{m_client, m_store, m_settings});
            m_pageStack->addWidget(m_pages[i]);
            // "Show errors" of a sync opens the Errors screen on that sync.
            if (auto* sync = qobject_cast<SyncPage*>(m_pages[i]))
                connect(sync, &SyncPage::openErrors, this, [this](const QString& syncId) {
                    showPage(QStringLiteral("errors"));
                    if (auto* errors = qobject_cast<ErrorsPage*>(page(QStringLiteral("errors"))))
                        errors->selectSync(syncId);
                });
            // A review of rejected rows changes the Dashboard's count of open ones: at once.
            if (auto* sync = qobject_cast<SyncPage*>(m_pages[i]))
                connect(sync, &SyncPage::rejectedRowsReviewed, this, [this] {
                    for (auto* other : std::as_const(m_pages))
                        if (auto* dashboard = qobject_cast<DashboardPage*>(other))
                            dashboard->refresh();
                });
        }
        return m_pages[i];
    }
    return nullptr;
}

void MainWindow::showPage(const QString& id) {
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].id == id) m_sidebar->setCurrentRow(i);
}

QString MainWindow::currentPageId() const {
    return m_current >= 0 ? m_entries[m_current].id : QString();
}

void MainWindow::onPageSelected(int row) {
    if (row < 0 || row >= m_entries.size() || !isSignedIn()) return;
    if (m_current >= 0 && m_current != row && m_pages[m_current]) m_pages[m_current]->deactivate();
    m_current = row;
    auto* current = page(m_entries[row].id);
    m_pageStack->setCurrentWidget(current);
    settings::kCurrentPage.write(m_settings, m_entries[row].id);
    current->activate();
}

QStringList MainWindow::pageIds() const {
    QStringList ids;
    for (const auto& entry : m_entries)
        ids << entry.id;
    return ids;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings::kGeometry.write(m_settings, saveGeometry());
    settings::kWindowState.write(m_settings, saveState());
    QMainWindow::closeEvent(event);
}

}  // namespace findata::app
