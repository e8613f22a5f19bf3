// findata-desktop: composition root of the operator client. The screens come with the desktop
// issue; until then the window says what the client will do and which agent commands exist.

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("findata"));
    QApplication::setApplicationVersion(QStringLiteral(FINDATA_VERSION));

    QMainWindow window;
    window.setWindowTitle(QStringLiteral("findata"));
    auto* label = new QLabel(
        QStringLiteral("<h2>findata %1</h2><p>The desktop client's screens are not built yet.</p>"
                       "<p>Validate a file today with <code>findata-agent check</code>.</p>")
            .arg(QApplication::applicationVersion()));
    label->setMargin(24);
    window.setCentralWidget(label);
    window.resize(520, 220);
    window.show();
    return QApplication::exec();
}
