#pragma once
// DataPage: the warehouse's rows of one loan type and data type, paged and sorted by the agent,
// with column filters (=, ≥, ≤), the matching row count and an export of the query to CSV.

#include <QMap>
#include <memory>

class QComboBox;
class QSettings;

#include "app/ui/page.h"

namespace findata::app {

namespace Ui {
class DataPage;
}

class ColumnChooser;
class CsvExport;
class DataModel;
class PeriodSelector;
struct DataQuery;

class DataPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataPage)
public:
    /// `settings` (may be null) keeps the page size and each table's hidden columns.
    explicit DataPage(AgentClient& client, QSettings* settings = nullptr,
                      QWidget* parent = nullptr);
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
    ColumnChooser* columnChooser() const { return m_columns; }
    /// Rows per request (50, 100, 200 or 500), remembered; reloads.
    void setPageSize(int rows);

private:
    void apply();
    void onPageLoaded();
    void showMessage(const QString& message);
    void showFilters();
    void loadPeriods();  // fills the period selector from GET /api/periods/

    std::unique_ptr<Ui::DataPage> m_ui;  // the form: datapage.ui
    DataModel* m_model = nullptr;
    CsvExport* m_exporter = nullptr;
    ColumnChooser* m_columns = nullptr;
    QComboBox* m_pageSize = nullptr;
    QSettings* m_settings = nullptr;
    QMap<QString, QString> m_activeFilters;  // API name (column, column__gte, …) → value
    bool m_started = false;
    PeriodSelector* m_period = nullptr;  // "Latest" or one reporting period
};

}  // namespace findata::app
