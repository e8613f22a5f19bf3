// The desktop client against a served agent: time from process start to a populated dashboard
// (signing in with a remembered key, as every start after the first does), then the client's
// memory after visiting every screen — scrolling 10,000 rows of the data view and opening the
// profile and the findings of the newest sync. Targets: < 1.5 s and < 200 MB with a
// 1,000,000-row tenant. Run by tests/bench/bench_desktop.sh, which prepares such an agent.
//
// usage: bench_desktop URL KEY   (QT_QPA_PLATFORM=offscreen or a display)

#include <unistd.h>
#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <functional>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/models/datamodel.h"
#include "app/ui/appsettings.h"
#include "app/ui/dashboardpage.h"
#include "app/ui/datapage.h"
#include "app/ui/errorspage.h"
#include "app/ui/mainwindow.h"
#include "app/ui/profilingpage.h"
#include "app/ui/settingspage.h"
#include "app/ui/syncpage.h"

namespace {

using namespace findata::app;

// Seconds since this process started (the kernel's start time, so loading the binary counts).
double secondsSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat")), uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) return -1;
    const auto statText = QString::fromLatin1(stat.readAll());
    // Field 22 (starttime, clock ticks since boot) counts from after the command name's ')'.
    const auto fields = statText.mid(statText.lastIndexOf(u')') + 2).split(u' ');
    const double started = fields.value(19).toDouble() / double(sysconf(_SC_CLK_TCK));
    const double now = QString::fromLatin1(uptime.readAll()).split(u' ').value(0).toDouble();
    return now - started;
}

// VmRSS / VmHWM of this process in MB.
double memoryMb(const char* field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const auto& line : QString::fromLatin1(status.readAll()).split(u'\n'))
        if (line.startsWith(QLatin1String(field)))
            return line.section(u':', 1).trimmed().section(u' ', 0, 0).toDouble() / 1024.0;
    return -1;
}

bool waitFor(const std::function<bool()>& done, int ms = 120000) {
    return QTest::qWaitFor(done, ms);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_desktop URL KEY\n");
        return 2;
    }
    const auto url = AgentClient::agentUrlFromText(QString::fromLocal8Bit(argv[1]));
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    settings::kAgentUrl.write(settings, url.toString());
    settings::kRemember.write(settings, true);
    MemoryCredentialStore store;
    bool stored = false;
    store.writeKey(url, QString::fromLocal8Bit(argv[2]), &app,
                   [&](const QString&) { stored = true; });
    waitFor([&] { return stored; });

    AgentClient client;
    MainWindow window(client, store, settings);
    window.show();
    window.start();
    if (!waitFor([&] { return window.isSignedIn(); }, 30000)) {
        std::fprintf(stderr, "not signed in\n");
        return 1;
    }
    auto* dashboard = qobject_cast<DashboardPage*>(window.page(QStringLiteral("dashboard")));
    waitFor([&] { return dashboard->isLoaded(); });
    const double launch = secondsSinceProcessStart();
    std::printf("launch to populated dashboard     %7.0f ms (target < 1500)\n", launch * 1000);
    std::printf("memory at the dashboard           %7.1f MB\n", memoryMb("VmRSS"));

    QElapsedTimer visit;
    visit.start();
    for (const auto& id : window.pageIds()) {
        window.showPage(id);
        QElapsedTimer page;
        page.start();
        if (auto* data = qobject_cast<DataPage*>(window.page(id))) {
            auto* model = data->model();
            // Scroll: 50 pages of 200 rows, as fast as the agent answers them.
            for (int i = 0; i < 50; ++i) {
                if (!waitFor([&] { return !model->isLoading() && model->rowCount() > 0; })) break;
                if (!model->canFetchMore()) break;
                model->fetchMore();
            }
            waitFor([&] { return !model->isLoading(); });
            std::printf("  data view: %d of %lld rows     %7lld ms\n", model->rowCount(),
                        static_cast<long long>(model->total()), page.elapsed());
        } else if (auto* profiling = qobject_cast<ProfilingPage*>(window.page(id))) {
            waitFor([&] { return profiling->isLoaded(); });
            std::printf("  profiling                       %7lld ms\n", page.elapsed());
        } else if (auto* errors = qobject_cast<ErrorsPage*>(window.page(id))) {
            QTest::qWait(100);
            waitFor([&] { return !errors->isLoading(); });
            std::printf("  errors                          %7lld ms\n", page.elapsed());
        } else if (auto* settingsPage = qobject_cast<SettingsPage*>(window.page(id))) {
            waitFor([&] { return settingsPage->isLoaded(); });
            std::printf("  settings                        %7lld ms\n", page.elapsed());
        } else {
            QTest::qWait(500);  // dashboard, upload, sync: their lists load in the background
        }
    }
    QTest::qWait(500);
    std::printf("every screen visited in           %7lld ms\n", visit.elapsed());
    std::printf("memory after every screen         %7.1f MB (target < 200; peak %.1f MB)\n",
                memoryMb("VmRSS"), memoryMb("VmHWM"));
    return 0;
}
