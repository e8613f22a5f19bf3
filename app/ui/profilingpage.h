#pragma once
// ProfilingPage: per-column statistics of the live warehouse data of a loan type and data type
// (GET /api/profiling/), the distribution of the selected column (a histogram of a numeric
// column, the most frequent values of another) and the empty-value share of every column.

#include <QJsonObject>
#include <QPointer>

#include "app/ui/page.h"

class QChartView;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace findata::app {

class AgentReply;
class PeriodSelector;
class ProfileModel;

class ProfilingPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilingPage)
public:
    explicit ProfilingPage(AgentClient& client, QWidget* parent = nullptr);
    ~ProfilingPage() override;
    void activate() override;

    /// Fetches the profile of the chosen loan type and data type (again); a request still on its
    /// way is dropped.
    void refresh();
    /// True when the last refresh() has answered (successfully or not).
    bool isLoaded() const { return m_requested && !m_reply; }
    ProfileModel* model() const { return m_model; }
    /// Selects the row of the column `name` (as a click would); false when there is none.
    bool selectColumn(const QString& name);
    /// The column whose distribution is shown; empty when none.
    QString selectedColumn() const { return m_selected; }

Q_SIGNALS:
    /// A refresh() answered (check the inline message for failures).
    void loaded();

private:
    void showProfile(const QJsonObject& profile);
    void showColumn(const QJsonObject& column);
    void showNullRatios(const QJsonArray& columns);
    void showMessage(const QString& message);
    void setBusy(bool busy);

    QComboBox* m_loanType = nullptr;
    QComboBox* m_dataType = nullptr;
    PeriodSelector* m_period = nullptr;  // the reporting period profiled
    QPushButton* m_refresh = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr;
    ProfileModel* m_model = nullptr;
    QSortFilterProxyModel* m_sorted = nullptr;
    QTableView* m_table = nullptr;
    QChartView* m_columnChart = nullptr;
    QChartView* m_nullChart = nullptr;
    QPointer<AgentReply> m_reply;
    QString m_selected;
    bool m_requested = false;  // refresh() was called at least once
};

}  // namespace findata::app
