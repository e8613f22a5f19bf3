#pragma once
// ErrorsPage: the validation findings of one sync. A picker of recent syncs; the findings grouped
// by file, field and error type (a table and a bar chart of the largest groups; clicking a group
// lists its findings); the findings themselves, 100 a page; filters and an export to CSV.

#include <QJsonObject>
#include <QPointer>
#include <memory>

#include "app/ui/page.h"

class QChartView;

namespace findata::app {

namespace Ui {
class ErrorsPage;
}

class AgentReply;
class CsvExport;
class ErrorGroupModel;
class ErrorModel;
class PeriodSelector;
struct ErrorQuery;

class ErrorsPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorsPage)
public:
    static constexpr int kPageSize = 100;
    static constexpr int kChartGroups = 10;
    static constexpr int kChartLabelWidth = 190;  // pixels; longer group names are elided

    explicit ErrorsPage(AgentClient& client, QWidget* parent = nullptr);
    ~ErrorsPage() override;
    void activate() override;

    /// Shows the findings of sync `id` (e.g. when the Sync page opens a sync's errors).
    void selectSync(const QString& id);
    QString syncId() const { return m_syncId; }
    /// Lists only the findings of group `row` of groupModel(); -1 lists all again.
    void showGroup(int row);
    /// Shows page `page` (from 1) of the findings.
    void showPage(int page);
    int page() const { return m_page; }
    int pageCount() const { return m_pages; }
    /// Findings matching the detail list's filters (file, severity, group); -1 until known.
    qint64 total() const { return m_total; }
    /// True while a list, groups or findings request is on its way.
    bool isLoading() const { return m_syncs || m_groupsReply || m_detailsReply; }
    /// Asks for a file and exports the findings the detail list selects (every page).
    void exportFindings();

    ErrorModel* errorModel() const { return m_errors; }
    ErrorGroupModel* groupModel() const { return m_groups; }

Q_SIGNALS:
    /// The groups and the current page of findings have answered.
    void loaded();

private:
    void refreshSyncs();
    void load(const QString& syncId);
    void reloadAll();
    void requestGroups();
    void requestDetails();
    ErrorQuery detailQuery() const;
    void showGroupsChart();
    void placeChartPlot();
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showMessage(const QString& message);
    void updatePager();
    void checkLoaded();

    std::unique_ptr<Ui::ErrorsPage> m_ui;  // the form: errorspage.ui
    ErrorModel* m_errors = nullptr;
    ErrorGroupModel* m_groups = nullptr;
    QChartView* m_chart = nullptr;
    CsvExport* m_exporter = nullptr;
    QPointer<AgentReply> m_syncs;
    QPointer<AgentReply> m_groupsReply;
    QPointer<AgentReply> m_detailsReply;
    QString m_syncId;
    QString m_wantedSync;                // asked for by selectSync() before the list had it
    PeriodSelector* m_period = nullptr;  // whose syncs the list shows (all by default)
    QJsonObject m_group;                 // the group the detail list is narrowed to; empty: none
    int m_page = 1;
    int m_pages = 0;
    qint64 m_total = -1;
    int m_chartLabelWidth = 0;  // the widest group name on the chart, in pixels
};

}  // namespace findata::app
