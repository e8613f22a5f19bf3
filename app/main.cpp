// findata-desktop: composition root of the operator client. Everything but wiring lives in the
// findata_client library, so tests drive the same window.

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <functional>
#include <memory>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/ui/appsettings.h"
#include "app/ui/mainwindow.h"
#include "app/ui/signinpage.h"
#include "app/ui/translations.h"

namespace {

using findata::app::MainWindow;

constexpr int kSettleMs = 2500;  // time for a page's requests before its screenshot

// --screenshots DIR: sign in (saved key or FINDATA_API_KEY), grab every screen, quit.
void takeScreenshots(MainWindow& window, const QString& directory) {
    QDir().mkpath(directory);
    auto ids = std::make_shared<QStringList>(window.pageIds());
    auto index = std::make_shared<int>(0);
    auto step = std::make_shared<std::function<void()>>();
    *step = [&window, directory, ids, index, step] {
        const auto grabTo = [&](const QString& name) {
            const auto path = QDir(directory).filePath(name + QStringLiteral(".png"));
            if (!window.grab().save(path)) qWarning("could not write %s", qPrintable(path));
        };
        if (!window.isSignedIn()) {
            grabTo(QStringLiteral("0-signin"));
            QApplication::exit(window.signInPage()->isBusy() ? 2 : 1);
            return;
        }
        if (*index > 0) grabTo(QStringLiteral("%1-%2").arg(*index).arg(ids->at(*index - 1)));
        if (*index >= ids->size()) {
            QApplication::quit();
            return;
        }
        window.showPage(ids->at((*index)++));
        QTimer::singleShot(kSettleMs, &window, *step);
    };
    QTimer::singleShot(kSettleMs, &window, *step);
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("findata"));
    QApplication::setOrganizationDomain(QStringLiteral("findata.io"));
    QApplication::setApplicationName(QStringLiteral("findata-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("findata"));
    QApplication::setApplicationVersion(QStringLiteral(FINDATA_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.findata.Desktop"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("findata desktop client"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption agentOption(QStringLiteral("agent"),
                                         QStringLiteral("Agent address (default: the last one)."),
                                         QStringLiteral("url"));
    const QCommandLineOption languageOption(QStringLiteral("language"),
                                            QStringLiteral("User interface language: en or tr."),
                                            QStringLiteral("code"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshots"),
        QStringLiteral("Sign in with FINDATA_API_KEY, save a PNG of every screen into DIR, quit."),
        QStringLiteral("dir"));
    parser.addOptions({agentOption, languageOption, screenshotOption});
    parser.process(app);

    // Screenshots run with settings of their own: the operator's stay untouched.
    const bool screenshots = parser.isSet(screenshotOption);
    QTemporaryDir screenshotSettingsDir;
    auto settingsOwner = screenshots
                             ? std::make_unique<QSettings>(
                                   screenshotSettingsDir.filePath(QStringLiteral("settings.ini")),
                                   QSettings::IniFormat)
                             : std::make_unique<QSettings>();
    QSettings& settings = *settingsOwner;
    const auto language =
        parser.isSet(languageOption)
            ? parser.value(languageOption)
            : findata::app::chooseLanguage(findata::app::settings::kLanguage.read(settings));
    findata::app::installTranslation(language);
    if (parser.isSet(agentOption))
        findata::app::settings::kAgentUrl.write(settings, parser.value(agentOption));

    findata::app::AgentClient client;
    findata::app::KeychainCredentialStore keychain;
    findata::app::MemoryCredentialStore memory;
    // Screenshots never touch the operator's keychain.
    findata::app::CredentialStore& store =
        screenshots ? static_cast<findata::app::CredentialStore&>(memory) : keychain;

    MainWindow window(client, store, settings);
    window.show();
    const auto key = qEnvironmentVariable("FINDATA_API_KEY");
    if (screenshots && !key.isEmpty()) {
        const auto url = findata::app::AgentClient::agentUrlFromText(
            findata::app::settings::kAgentUrl.read(settings));
        memory.writeKey(url, key, &window, [](const QString&) {});
        findata::app::settings::kRemember.write(settings, true);
    }
    QTimer::singleShot(0, &window, [&window] { window.start(); });
    if (screenshots) takeScreenshots(window, parser.value(screenshotOption));
    return QApplication::exec();
}
