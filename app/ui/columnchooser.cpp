#include "app/ui/columnchooser.h"

#include <QAction>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>

#include "app/ui/appsettings.h"

namespace findata::app {

ColumnChooser::ColumnChooser(QTableView* view, QSettings* settings, QWidget* parent)
    : QToolButton(parent), m_view(view), m_settings(settings), m_menu(new QMenu(this)) {
    setObjectName(QStringLiteral("dataColumns"));
    setText(tr("Columns"));
    setToolTip(tr("Choose the columns shown; remembered for each loan type and data type"));
    setPopupMode(QToolButton::InstantPopup);
    setMenu(m_menu);
}

void ColumnChooser::setTable(const QString& table, const QStringList& columns) {
    if (table != m_table || columns != m_columns) {
        m_table = table;
        m_columns = columns;
        m_hidden =
            m_settings ? settings::dataHiddenColumns(table).read(*m_settings) : QStringList();
        rebuildMenu();
    }
    applyToView();  // a model reset shows every section again
}

void ColumnChooser::setColumnVisible(const QString& column, bool visible) {
    if (!m_columns.contains(column) || m_hidden.contains(column) != visible) return;
    if (visible)
        m_hidden.removeAll(column);
    else
        m_hidden.append(column);
    save();
    updateChecks();
    applyToView();
}

QStringList ColumnChooser::hiddenColumns() const {
    QStringList hidden;
    for (const auto& column : m_columns)
        if (m_hidden.contains(column)) hidden << column;
    return hidden;
}

void ColumnChooser::rebuildMenu() {
    m_menu->clear();
    auto* all = m_menu->addAction(tr("Show all columns"));
    all->setObjectName(QStringLiteral("showAllColumns"));
    connect(all, &QAction::triggered, this, [this] {
        m_hidden.clear();
        save();
        updateChecks();
        applyToView();
    });
    m_menu->addSeparator();
    for (const auto& column : m_columns) {
        auto* action = m_menu->addAction(column);
        action->setObjectName(QStringLiteral("column:") + column);
        action->setCheckable(true);
        action->setChecked(!m_hidden.contains(column));
        connect(action, &QAction::toggled, this,
                [this, column](bool shown) { setColumnVisible(column, shown); });
    }
    setEnabled(!m_columns.isEmpty());
}

// The entries are updated in place: rebuilding the menu from an entry's own signal would delete
// the action the menu is still delivering.
void ColumnChooser::updateChecks() {
    for (auto* action : m_menu->actions()) {
        const QString name = action->objectName();
        if (!name.startsWith(QLatin1String("column:"))) continue;
        const QSignalBlocker quiet(action);
        action->setChecked(!m_hidden.contains(name.mid(7)));
    }
}

void ColumnChooser::applyToView() {
    if (!m_view) return;
    for (int i = 0; i < m_columns.size(); ++i)
        m_view->setColumnHidden(i, m_hidden.contains(m_columns[i]));
}

void ColumnChooser::save() const {
    // Only columns the table has: a column renamed away does not linger in the settings.
    if (m_settings && !m_table.isEmpty())
        settings::dataHiddenColumns(m_table).write(*m_settings, hiddenColumns());
}

}  // namespace findata::app
