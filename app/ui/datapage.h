#pragma once
// DataPage: the warehouse's rows of one loan type and data type, paged and sorted by the agent,
// with column filters (=, ≥, ≤), the matching row count and an export of the query to CSV.

#include <QMap>

#include "app/ui/page.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace findata::app {

class CsvExport;
class DataModel;
struct DataQuery;

class DataPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataPage)
public:
    explicit DataPage(AgentClient& client, QWidget* parent = nullptr);
    ~DataPage() override;
    void activate() override;

    DataModel* model() const { return m_model; }
    /// What the table shows: loan type, data type, filters and sort.
    DataQuery query() const;
    /// Adds (or replaces) the filter `column` `op` `value` (op: "=", ">=", "<=") and reloads.
    void addFilter(const QString& column, const QString& op, const QString& value);
    void clearFilters();
    /// Asks for a file and exports every row of the current query into it.
    void exportRows();

private:
    void apply();
    void onPageLoaded();
    void showMessage(const QString& message);
    void showFilters();

    DataModel* m_model = nullptr;
    QComboBox* m_loanType = nullptr;
    QComboBox* m_dataType = nullptr;
    QComboBox* m_filterColumn = nullptr;
    QComboBox* m_filterOp = nullptr;
    QLineEdit* m_filterValue = nullptr;
    QLabel* m_filters = nullptr;
    QLabel* m_rowCount = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_export = nullptr;
    QTableView* m_table = nullptr;
    CsvExport* m_exporter = nullptr;
    QMap<QString, QString> m_activeFilters;  // API name (column, column__gte, …) → value
    bool m_started = false;
};

}  // namespace findata::app
