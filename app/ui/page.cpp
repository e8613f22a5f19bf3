#include "app/ui/page.h"

#include <QLabel>
#include <QVBoxLayout>

namespace findata::app {

PlaceholderPage::PlaceholderPage(AgentClient& client, const QString& title,
                                 const QString& description, QWidget* parent)
    : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    auto* text = new QLabel(description, this);
    text->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(text);
    layout->addStretch();
}

}  // namespace findata::app
