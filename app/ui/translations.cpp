#include "app/ui/translations.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTranslator>

namespace findata::app {
namespace {

QPointer<QTranslator>& installed() {
    static QPointer<QTranslator> translator;
    return translator;
}

}  // namespace

QStringList availableLanguages() {
    return {QStringLiteral("en"), QStringLiteral("tr")};
}

QString chooseLanguage(const QString& setting, const QLocale& system) {
    const auto languages = availableLanguages();
    if (languages.contains(setting)) return setting;
    const auto systemLanguage = system.name().section(QLatin1Char('_'), 0, 0);
    return languages.contains(systemLanguage) ? systemLanguage : QStringLiteral("en");
}

bool installTranslation(const QString& language) {
    if (!availableLanguages().contains(language)) return false;
    if (installed()) {
        QCoreApplication::removeTranslator(installed());
        delete installed();
    }
    auto* translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(QStringLiteral(":/i18n/findata_%1.qm").arg(language))) {
        delete translator;
        // English is the source language: without a translation the source texts show.
        return language == QLatin1String("en");
    }
    QCoreApplication::installTranslator(translator);
    installed() = translator;
    return true;
}

}  // namespace findata::app
