#include "app/ui/tablecopy.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace findata::app {
namespace {

// A cell's text without what would break the row/column structure.
QString cellText(const QVariant& value) {
    auto text = value.toString();
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

}  // namespace

QString selectionAsText(const QAbstractItemView* view) {
    const auto* model = view->model();
    const auto* selection = view->selectionModel();
    if (!model || !selection) return {};
    auto indexes = selection->selectedIndexes();
    if (indexes.isEmpty()) return {};
    QMap<int, QMap<int, QString>> cells;  // row → column → text, both in order
    QSet<int> columnSet;
    for (const auto& index : indexes) {
        cells[index.row()][index.column()] = cellText(index.data(Qt::DisplayRole));
        columnSet.insert(index.column());
    }
    auto columns = QList<int>(columnSet.begin(), columnSet.end());
    std::sort(columns.begin(), columns.end());
    QStringList lines;
    QStringList header;
    for (const int column : columns)
        header << cellText(model->headerData(column, Qt::Horizontal, Qt::DisplayRole));
    lines << header.join(QLatin1Char('\t'));
    for (auto row = cells.cbegin(); row != cells.cend(); ++row) {
        QStringList line;
        for (const int column : columns)
            line << row->value(column);
        lines << line.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void installTableCopy(QAbstractItemView* view) {
    auto* copy = new QAction(QAbstractItemView::tr("Copy"), view);
    copy->setObjectName(QStringLiteral("copyCells"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] {
        const auto text = selectionAsText(view);
        if (!text.isEmpty()) QApplication::clipboard()->setText(text);
    });
    view->addAction(copy);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    if (view->selectionMode() == QAbstractItemView::SingleSelection ||
        view->selectionMode() == QAbstractItemView::NoSelection)
        view->setSelectionMode(QAbstractItemView::ExtendedSelection);
}

}  // namespace findata::app
