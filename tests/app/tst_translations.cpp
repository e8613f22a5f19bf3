// The shipped translations against the sources: Qt's lupdate is run on app/ into a temporary
// copy of each .ts, so a user-visible string added (or changed) without its Turkish
// translation, or a translation left behind for a string the sources no longer have, fails here
// by name. Also: the Turkish texts keep their placeholders, the English plurals have both forms
// and the compiled-in translations give them for one and for many, every message is marked in
// the context that translates it, and with Turkish installed no screen shows an English text
// that has a Turkish translation.

#include <QAbstractButton>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <memory>

#include "app/client/agentclient.h"
#include "app/client/credentialstore.h"
#include "app/ui/keyspanel.h"
#include "app/ui/mainwindow.h"
#include "app/ui/page.h"
#include "app/ui/rejectededitor.h"
#include "app/ui/translations.h"
#include "testconfig.h"

using findata::app::MainWindow;

namespace {

// One <message> of a .ts file.
struct Message {
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type;       // "", "unfinished", "vanished" or "obsolete"
    QStringList forms;  // the translation, or its numerus forms

    QString name() const { return context + QStringLiteral(": \"") + source + QLatin1Char('"'); }
};

// The messages of a .ts file, in file order.
QList<Message> readMessages(const QString& path) {
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    bool inTranslation = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        const auto name = xml.name();
        if (token == QXmlStreamReader::StartElement) {
            if (name == QStringLiteral("name")) {
                context = xml.readElementText();
            } else if (name == QStringLiteral("message")) {
                message = Message{};
                message.context = context;
                message.numerus =
                    xml.attributes().value(QStringLiteral("numerus")) == QStringLiteral("yes");
            } else if (name == QStringLiteral("source")) {
                message.source = xml.readElementText();
            } else if (name == QStringLiteral("comment")) {
                message.comment = xml.readElementText();
            } else if (name == QStringLiteral("translation")) {
                message.type = xml.attributes().value(QStringLiteral("type")).toString();
                if (message.numerus) {
                    inTranslation = true;
                } else {
                    message.forms = {xml.readElementText()};
                }
            } else if (name == QStringLiteral("numerusform") && inTranslation) {
                message.forms.append(xml.readElementText());
            }
        } else if (token == QXmlStreamReader::EndElement && name == QStringLiteral("message")) {
            inTranslation = false;
            messages.append(message);
        }
    }
    return messages;
}

QString tsPath(const QString& language) {
    return QStringLiteral(FINDATA_SOURCE_DIR "/resources/translations/findata_%1.ts").arg(language);
}

// The placeholders of a text (%1 … %99, %n, %Ln), sorted.
QStringList placeholders(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("%L?(n|[0-9]{1,2})"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    return found;
}

// `names` one a line after `header`, all of them in the log (a failure message is cut short).
QString list(const QString& header, const QStringList& names) {
    const auto text = header + QStringLiteral("\n  ") + names.join(QStringLiteral("\n  "));
    if (!names.isEmpty()) qWarning().noquote() << text;
    return text;
}

// The texts a user reads on `root` and its descendants.
QStringList visibleTexts(QWidget* root) {
    QStringList texts;
    auto add = [&texts](const QString& text) {
        if (!text.isEmpty()) texts << text;
    };
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (auto* widget : widgets) {
        add(widget->toolTip());
        if (auto* label = qobject_cast<QLabel*>(widget)) add(label->text());
        if (auto* button = qobject_cast<QAbstractButton*>(widget)) add(button->text());
        if (auto* box = qobject_cast<QGroupBox*>(widget)) add(box->title());
        if (auto* edit = qobject_cast<QLineEdit*>(widget)) add(edit->placeholderText());
        if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            for (int i = 0; i < combo->count(); ++i)
                add(combo->itemText(i));
        }
        if (auto* tabs = qobject_cast<QTabWidget*>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(tabs->tabText(i));
        }
        if (auto* header = qobject_cast<QHeaderView*>(widget); header && header->model()) {
            for (int i = 0; i < header->count(); ++i)
                add(header->model()->headerData(i, header->orientation()).toString());
        }
        if (auto* listWidget = qobject_cast<QListWidget*>(widget)) {
            for (int i = 0; i < listWidget->count(); ++i)
                add(listWidget->item(i)->text());
        }
    }
    return texts;
}

}  // namespace

class TestTranslations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tsFilesMatchTheSources_data();
    void tsFilesMatchTheSources();
    void turkishIsComplete();
    void englishPluralsHaveBothForms();
    void messagesAreMarkedInTheirClassContext();
    void pluralsReadRightAtRunTime_data();
    void pluralsReadRightAtRunTime();
    void turkishScreensShowNoEnglish();

private:
    // The .ts of `language` as lupdate makes it from today's sources (a temporary copy).
    QList<Message> updated(const QString& language);

    QTemporaryDir m_dir;
};

void TestTranslations::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(FINDATA_LUPDATE)).isExecutable(),
             "Qt's lupdate is missing (Debian: qt6-l10n-tools; scripts/setup installs it)");
}

QList<Message> TestTranslations::updated(const QString& language) {
    const auto copy = m_dir.filePath(QStringLiteral("findata_%1.ts").arg(language));
    QFile::remove(copy);
    if (!QFile::copy(tsPath(language), copy)) return {};
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    // The options of qt_add_translations in app/CMakeLists.txt; -I so that the headers'
    // namespaces are known (without it lupdate files some classes under the wrong context).
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(
        QStringLiteral(FINDATA_LUPDATE),
        {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
         QStringLiteral("-I"), QStringLiteral(FINDATA_SOURCE_DIR), QStringLiteral("-recursive"),
         QStringLiteral(FINDATA_SOURCE_DIR "/app"), QStringLiteral("-ts"), copy});
    if (!lupdate.waitForFinished(120'000) || lupdate.exitStatus() != QProcess::NormalExit ||
        lupdate.exitCode() != 0) {
        qWarning().noquote() << "lupdate failed:" << lupdate.readAll();
        lupdate.kill();
        lupdate.waitForFinished(5'000);
        return {};
    }
    return readMessages(copy);
}

void TestTranslations::tsFilesMatchTheSources_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("tr") << QStringLiteral("tr");
    QTest::newRow("en") << QStringLiteral("en");
}

// The committed .ts holds exactly the messages of the sources: nothing new, nothing gone.
void TestTranslations::tsFilesMatchTheSources() {
    QFETCH(QString, language);
    const auto committed = readMessages(tsPath(language));
    const auto current = updated(language);
    QVERIFY2(!committed.isEmpty(), qPrintable(tsPath(language)));
    QVERIFY2(!current.isEmpty(), "lupdate produced no messages");
    QSet<QString> before;
    for (const auto& m : committed)
        before.insert(m.name());
    QStringList added;
    QStringList gone;
    QSet<QString> now;
    for (const auto& m : current) {
        now.insert(m.name());
        if (!before.contains(m.name())) added << m.name();
    }
    for (const auto& m : committed) {
        if (!now.contains(m.name())) gone << m.name();
    }
    QVERIFY2(
        added.isEmpty(),
        qPrintable(list(QStringLiteral("findata_") + language +
                            QStringLiteral(".ts lacks strings of the sources (build the target "
                                           "findata_client_lupdate, then translate them):"),
                        added)));
    QVERIFY2(
        gone.isEmpty(),
        qPrintable(list(QStringLiteral("findata_") + language +
                            QStringLiteral(".ts holds strings the sources no longer have (build "
                                           "the target findata_client_lupdate):"),
                        gone)));
}

// Every string of the sources has a Turkish translation, with the source's placeholders.
void TestTranslations::turkishIsComplete() {
    const auto messages = updated(QStringLiteral("tr"));
    QVERIFY(!messages.isEmpty());
    QStringList untranslated;
    QStringList placeholderMismatch;
    for (const auto& m : messages) {
        const bool empty = m.forms.isEmpty() ||
                           std::any_of(m.forms.begin(), m.forms.end(), [](const QString& form) {
                               return form.trimmed().isEmpty();
                           });
        if (!m.type.isEmpty() || empty) {
            untranslated << m.name();
            continue;
        }
        for (const auto& form : m.forms) {
            if (placeholders(form) != placeholders(m.source))
                placeholderMismatch << m.name() + QStringLiteral(" → \"") + form + QLatin1Char('"');
        }
    }
    QVERIFY2(
        untranslated.isEmpty(),
        qPrintable(list(QStringLiteral("Strings without a Turkish translation:"), untranslated)));
    QVERIFY2(
        placeholderMismatch.isEmpty(),
        qPrintable(list(
            QStringLiteral("Turkish translations whose placeholders differ from the source's:"),
            placeholderMismatch)));
}

// English is the source language (its other messages show the source text), but a plural
// message needs its singular and plural forms or a user reads "1 row(s)".
void TestTranslations::englishPluralsHaveBothForms() {
    const auto messages = readMessages(tsPath(QStringLiteral("en")));
    QVERIFY(!messages.isEmpty());
    QStringList incomplete;
    for (const auto& m : messages) {
        if (!m.numerus) continue;
        if (!m.type.isEmpty() || m.forms.size() != 2 || m.forms[0].isEmpty() ||
            m.forms[1].isEmpty())
            incomplete << m.name();
    }
    QVERIFY2(incomplete.isEmpty(),
             qPrintable(
                 list(QStringLiteral("English plural messages without both forms:"), incomplete)));
}

// tr() translates in the class's own context (findata::app::…); a QT_TRANSLATE_NOOP marked in
// any other context is never translated on screen.
void TestTranslations::messagesAreMarkedInTheirClassContext() {
    QStringList stray;
    for (const auto& m : readMessages(tsPath(QStringLiteral("tr")))) {
        const bool ours = m.context.startsWith(QStringLiteral("findata::app::"));
        const bool qts =
            m.context.startsWith(QLatin1Char('Q')) && !m.context.contains(QLatin1Char(':'));
        if (!ours && !qts && !stray.contains(m.context)) stray << m.context;
    }
    QVERIFY2(stray.isEmpty(),
             qPrintable(list(QStringLiteral("Contexts that no class of the client translates in:"),
                             stray)));
}

void TestTranslations::pluralsReadRightAtRunTime_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("tr") << QStringLiteral("tr");
    QTest::newRow("en") << QStringLiteral("en");
}

// The compiled-in translation gives each plural message its form for one and for many.
void TestTranslations::pluralsReadRightAtRunTime() {
    QFETCH(QString, language);
    QVERIFY(findata::app::installTranslation(language));
    auto restore = qScopeGuard([] { findata::app::installTranslation(QStringLiteral("en")); });
    int checked = 0;
    for (const auto& m : readMessages(tsPath(language))) {
        if (!m.numerus) continue;
        const auto context = m.context.toUtf8();
        const auto source = m.source.toUtf8();
        const auto comment = m.comment.toUtf8();
        for (const int n : {1, 3}) {
            // Turkish has one form; English's second is the plural.
            const auto form = m.forms.value(n == 1 ? 0 : int(m.forms.size()) - 1);
            QCOMPARE(
                QCoreApplication::translate(context.constData(), source.constData(),
                                            comment.isEmpty() ? nullptr : comment.constData(), n),
                QString(form).replace(QStringLiteral("%n"), QString::number(n)));
        }
        ++checked;
    }
    QVERIFY(checked > 0);
}

// With Turkish installed, every screen (as built, before any data) shows no text that is the
// English source of a message with a Turkish translation.
void TestTranslations::turkishScreensShowNoEnglish() {
    QHash<QString, QString> english;  // an English source text → its Turkish
    for (const auto& m : readMessages(tsPath(QStringLiteral("tr")))) {
        if (m.numerus || !m.type.isEmpty() || m.forms.value(0) == m.source) continue;
        english.insert(m.source, m.forms.value(0));
    }
    QVERIFY(findata::app::installTranslation(QStringLiteral("tr")));
    auto restore = qScopeGuard([] { findata::app::installTranslation(QStringLiteral("en")); });

    findata::app::AgentClient client;
    findata::app::MemoryCredentialStore store;
    QSettings settings(m_dir.filePath(QStringLiteral("client.ini")), QSettings::IniFormat);
    const MainWindow::PageDeps deps{client, store, settings};
    QStringList shown;
    QList<QPair<QString, std::shared_ptr<QWidget>>> screens;
    screens.append(
        {QStringLiteral("window"), std::make_shared<MainWindow>(client, store, settings)});
    for (const auto& entry : MainWindow::defaultPages())
        screens.append({entry.id, std::shared_ptr<QWidget>(entry.create(deps))});
    // Parts the pages keep hidden until the agent answers: the keys an admin manages, the
    // rejected rows of a sync.
    auto keys = std::make_shared<findata::app::KeysPanel>(client);
    keys->load(QStringLiteral("admin"), {});
    screens.append({QStringLiteral("keys"), keys});
    screens.append(
        {QStringLiteral("rejected"), std::make_shared<findata::app::RejectedEditor>(client)});
    for (const auto& [id, screen] : screens) {
        screen->resize(1280, 800);
        screen->show();
        QCoreApplication::processEvents();
        // For a look at the Turkish layout: FINDATA_SCREENSHOT_DIR=… keeps a PNG of each screen.
        if (const auto dir = qEnvironmentVariable("FINDATA_SCREENSHOT_DIR"); !dir.isEmpty())
            screen->grab().save(QDir(dir).filePath(id + QStringLiteral("-tr.png")));
        for (const auto& text : visibleTexts(screen.get())) {
            if (english.contains(text))
                shown << id + QStringLiteral(": \"") + text + QStringLiteral("\" (Turkish: \"") +
                             english.value(text) + QStringLiteral("\")");
        }
    }
    shown.removeDuplicates();
    QVERIFY2(shown.isEmpty(),
             qPrintable(list(QStringLiteral("English texts on Turkish screens:"), shown)));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
