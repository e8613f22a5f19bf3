#pragma once
// Dialogs: the one seam through which pages ask the operator for a file or a yes/no. Pages call
// dialogs() instead of QFileDialog/QMessageBox directly, so tests answer without a modal loop.

#include <QString>
#include <functional>

class QWidget;

namespace findata::app {

class Dialogs {
public:
    Dialogs() = default;
    virtual ~Dialogs() = default;
    Dialogs(const Dialogs&) = delete;
    Dialogs& operator=(const Dialogs&) = delete;

    /// A file to read; empty when the operator canceled.
    virtual QString openFileName(QWidget* parent, const QString& caption, const QString& filter);
    /// A file to write (the platform asks before overwriting); empty when canceled.
    virtual QString saveFileName(QWidget* parent, const QString& caption,
                                 const QString& suggestedName, const QString& filter);
    /// A yes/no question; true for yes.
    virtual bool confirm(QWidget* parent, const QString& title, const QString& question);
};

/// The dialogs in use (the real ones unless a test installed others).
Dialogs& dialogs();
/// Installs `d` (not owned) until it is called again with nullptr; for tests.
void setDialogs(Dialogs* d);

/// Answers from functions: what tests install. An unset function answers "canceled"/"no".
class ScriptedDialogs final : public Dialogs {
public:
    std::function<QString()> openFile;
    std::function<QString()> saveFile;
    std::function<bool()> yesNo;

    QString openFileName(QWidget*, const QString&, const QString&) override {
        return openFile ? openFile() : QString();
    }
    QString saveFileName(QWidget*, const QString&, const QString&, const QString&) override {
        return saveFile ? saveFile() : QString();
    }
    bool confirm(QWidget*, const QString&, const QString&) override { return yesNo && yesNo(); }
};

}  // namespace findata::app
