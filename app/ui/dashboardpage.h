#pragma once
// DashboardPage: who the tenant is, the last sync per loan type, live warehouse rows, portfolio
// figures with charts of outstanding principal by status and by days past due, their trend over
// the reporting periods (outstanding principal and NPL ratio; outstanding principal by
// days-past-due bucket, stacked), and a chart of recent syncs. Refreshes itself while visible.

#include <QJsonObject>
#include <QPointer>

#include "app/ui/page.h"

class QChartView;
class QLabel;
class QTimer;

namespace findata::app {

class AgentReply;
class PageRefresh;

class DashboardPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardPage)
public:
    static constexpr int kRefreshMs = 30000;

    explicit DashboardPage(AgentClient& client, QWidget* parent = nullptr);
    void activate() override;
    void deactivate() override;
    /// Fetches tenant, recent syncs and KPIs again (once more after the round on its way, if
    /// one is).
    void refresh();
    /// True once every part has answered (successfully or not) since the last refresh().
    bool isLoaded() const;

Q_SIGNALS:
    void loaded();

private:
    void showTenant(const QJsonObject& tenant);
    void showSyncs(const QJsonObject& logs);
    void showKpis(const QJsonObject& kpis);
    void showKpiCharts(const QJsonObject& kpis);
    void showTrend(const QJsonObject& history);
    void showDpdTrend(const QJsonObject& history);

    QLabel* m_tenant = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_lastSync[2] = {};
    QLabel* m_rows[2] = {};
    QLabel* m_kpis = nullptr;
    QLabel* m_rejectedOpen = nullptr;
    QWidget* m_chart = nullptr;
    QChartView* m_statusChart = nullptr;    // outstanding principal by loan status
    QChartView* m_dpdChart = nullptr;       // outstanding principal by days-past-due bucket
    QChartView* m_trendChart = nullptr;     // outstanding principal and NPL ratio per period
    QChartView* m_dpdTrendChart = nullptr;  // outstanding principal per DPD bucket and period
    QTimer* m_timer = nullptr;
    PageRefresh* m_refresh = nullptr;
    bool m_refreshAgain = false;  // refresh() was called while a round was on its way
};

}  // namespace findata::app
