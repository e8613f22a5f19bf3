#include "app/ui/dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>

namespace findata::app {
namespace {

Dialogs* g_installed = nullptr;

}  // namespace

QString Dialogs::openFileName(QWidget* parent, const QString& caption, const QString& filter) {
    return QFileDialog::getOpenFileName(parent, caption, QDir::homePath(), filter);
}

QString Dialogs::saveFileName(QWidget* parent, const QString& caption, const QString& suggestedName,
                              const QString& filter) {
    return QFileDialog::getSaveFileName(parent, caption, QDir::home().filePath(suggestedName),
                                        filter);
}

bool Dialogs::confirm(QWidget* parent, const QString& title, const QString& question) {
    return QMessageBox::question(parent, title, question) == QMessageBox::Yes;
}

Dialogs& dialogs() {
    static Dialogs real;
    return g_installed ? *g_installed : real;
}

void setDialogs(Dialogs* d) {
    g_installed = d;
}

}  // namespace findata::app
