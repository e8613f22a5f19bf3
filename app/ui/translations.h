#pragma once
// Loads the client's translation (built from resources/translations/*.ts into the binary).

#include <QLocale>
#include <QString>

class QCoreApplication;
class QTranslator;

namespace findata::app {

/// The languages the client ships, as codes ("en", "tr").
QStringList availableLanguages();
/// The language to use: `setting` when it names a shipped one, else the system locale's when
/// shipped, else English.
QString chooseLanguage(const QString& setting, const QLocale& system = QLocale::system());
/// Installs the translator of `language` into the application, replacing an earlier one.
/// False when the language is not shipped or its translation is missing from the build.
bool installTranslation(const QString& language);

}  // namespace findata::app
