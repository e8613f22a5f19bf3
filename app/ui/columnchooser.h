#pragma once
// ColumnChooser: a "Columns" button whose menu shows or hides each column of a table view, the
// choice remembered per table (e.g. RETAIL credits) in the client's settings, so an operator who
// works with twelve of a table's forty columns sees those twelve every time.

#include <QPointer>
#include <QStringList>
#include <QToolButton>

class QMenu;
class QSettings;
class QTableView;

namespace findata::app {

class ColumnChooser final : public QToolButton {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnChooser)
public:
    /// `settings` (may be null: nothing is remembered) must outlive the chooser.
    ColumnChooser(QTableView* view, QSettings* settings, QWidget* parent = nullptr);

    /// The view now shows the table `table` (a settings key part, e.g. "RETAIL/credit") with
    /// these columns (the model's order): the columns hidden for it last time are hidden again.
    void setTable(const QString& table, const QStringList& columns);
    /// Shows or hides a column by name and remembers it for the current table.
    void setColumnVisible(const QString& column, bool visible);
    /// The current table's hidden columns.
    QStringList hiddenColumns() const;

private:
    void rebuildMenu();
    void updateChecks();
    void applyToView();
    void save() const;

    QPointer<QTableView> m_view;
    QSettings* m_settings;
    QMenu* m_menu;
    QString m_table;
    QStringList m_columns;
    QStringList m_hidden;
};

}  // namespace findata::app
