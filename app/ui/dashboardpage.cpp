// DashboardPage: see dashboardpage.h.

#include "app/ui/dashboardpage.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QColor>
#include <QCursor>
#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMap>
#include <QStackedBarSeries>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <utility>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/models/synclogmodel.h"
#include "app/ui/pagerefresh.h"

namespace findata::app {
namespace {

constexpr int kChartSyncs = 12;

QChartView* kpiChartView(const QString& objectName, const QString& title, QWidget* parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setLocalizeNumbers(true);  // amounts with the operator's digit grouping
    auto* view = new QChartView(chart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    return view;
}

// Replaces what `chart` shows by `series` over `categories`; returns the value axis.
QValueAxis* replaceBars(QChart* chart, QBarSeries* series, const QStringList& categories,
                        const QString& labelFormat) {
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    chart->addSeries(series);
    auto* xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    auto* yAxis = new QValueAxis;
    yAxis->setLabelFormat(labelFormat);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(yAxis);
    return yAxis;
}

// Replaces what `view` shows by one bar per category (amounts); a bar's tooltip is its entry of
// `tips` followed by the amount. Labels stay short: a category axis elides what does not fit.
void showAmountBars(QChartView* view, const QString& seriesName, const QString& setName,
                    const QStringList& categories, const QList<qreal>& values,
                    const QStringList& tips) {
    auto* set = new QBarSet(setName);
    set->append(values);
    QObject::connect(set, &QBarSet::hovered, view, [set, tips, view](bool on, int index) {
        if (!on || index < 0 || index >= tips.size()) return QToolTip::hideText();
        QToolTip::showText(
            QCursor::pos(),
            QStringLiteral("%1\n%2").arg(tips[index], QLocale().toString(set->at(index), 'f', 2)),
            view);
    });
    auto* series = new QBarSeries;
    series->setObjectName(seriesName);
    series->append(set);
    auto* yAxis = replaceBars(view->chart(), series, categories, QStringLiteral("%.0f"));
    yAxis->setMin(0);
    yAxis->applyNiceNumbers();
}

// A days-past-due bucket of GET /api/kpis/ as the charts name it: "Current", "1–30", …, "90+".
QString bucketTitle(const QString& name) {
    if (name == QLatin1String("0")) return DashboardPage::tr("Current");
    if (name == QLatin1String("unknown")) return DashboardPage::tr("Unknown");
    return QString(name).replace(QLatin1Char('-'), QChar(0x2013));
}

// The colour of a bucket in the stacked trend: from current (green) to 90+ (red), unknown grey.
QColor bucketColor(const QString& name) {
    static const QMap<QString, QColor> colors{{QStringLiteral("0"), QColor(0x2e, 0x7d, 0x32)},
                                              {QStringLiteral("1-30"), QColor(0xc0, 0xca, 0x33)},
                                              {QStringLiteral("31-60"), QColor(0xf9, 0xa8, 0x25)},
                                              {QStringLiteral("61-90"), QColor(0xef, 0x6c, 0x00)},
                                              {QStringLiteral("90+"), QColor(0xc6, 0x28, 0x28)}};
    return colors.value(name, QColor(0x9e, 0x9e, 0x9e));
}

QLabel* valueLabel(const QString& objectName, QWidget* parent) {
    auto* label = new QLabel(QStringLiteral("—"), parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

}  // namespace

DashboardPage::DashboardPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    m_tenant = new QLabel(this);
    m_tenant->setObjectName(QStringLiteral("dashboardTenant"));
    layout->addWidget(m_tenant);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("dashboardMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();
    layout->addWidget(m_message);
    m_refresh = new PageRefresh(m_message, this);
    connect(m_refresh, &PageRefresh::finished, this, [this] {
        // A round that began before the change asked for may show the state before it.
        if (std::exchange(m_refreshAgain, false))
            refresh();
        else
            Q_EMIT loaded();
    });

    auto* cards = new QGridLayout;
    const QString titles[] = {tr("Retail"), tr("Commercial")};
    for (int i = 0; i < 2; ++i) {
        auto* card = new QGroupBox(titles[i], this);
        auto* cardLayout = new QVBoxLayout(card);
        m_lastSync[i] =
            valueLabel(QStringLiteral("lastSync") + typeName(core::kLoanTypes[i]), card);
        m_rows[i] = valueLabel(QStringLiteral("liveRows") + typeName(core::kLoanTypes[i]), card);
        cardLayout->addWidget(m_lastSync[i]);
        cardLayout->addWidget(m_rows[i]);
        cards->addWidget(card, 0, i);
    }
    auto* portfolio = new QGroupBox(tr("Portfolio"), this);
    auto* portfolioLayout = new QVBoxLayout(portfolio);
    m_kpis = valueLabel(QStringLiteral("kpis"), portfolio);
    portfolioLayout->addWidget(m_kpis);
    // Rejected rows of the live data nobody corrected or dismissed (the Sync screen's review).
    m_rejectedOpen = valueLabel(QStringLiteral("rejectedOpen"), portfolio);
    m_rejectedOpen->setToolTip(
        tr("Rejected rows of the live data still to be corrected or "
           "dismissed: select the sync on the Sync screen to review them"));
    portfolioLayout->addWidget(m_rejectedOpen);
    cards->addWidget(portfolio, 0, 2);
    layout->addLayout(cards);

    auto* kpiCharts = new QHBoxLayout;
    m_statusChart = kpiChartView(QStringLiteral("kpiStatusChart"),
                                 tr("Outstanding principal by loan status"), this);
    m_dpdChart = kpiChartView(QStringLiteral("kpiDpdChart"),
                              tr("Outstanding principal by days past due"), this);
    kpiCharts->addWidget(m_statusChart, 1);
    kpiCharts->addWidget(m_dpdChart, 2);
    layout->addLayout(kpiCharts, 1);
    auto* trendCharts = new QHBoxLayout;
    m_trendChart =
        kpiChartView(QStringLiteral("kpiTrendChart"),
                     tr("Outstanding principal and NPL ratio by reporting period"), this);
    m_dpdTrendChart =
        kpiChartView(QStringLiteral("kpiDpdTrendChart"),
                     tr("Outstanding principal by days past due and reporting period"), this);
    trendCharts->addWidget(m_trendChart, 1);
    trendCharts->addWidget(m_dpdTrendChart, 1);
    layout->addLayout(trendCharts, 1);

    auto* chart = new QChart;
    chart->setTitle(tr("Recent syncs: rows loaded and rejected"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart, this);
    view->setObjectName(QStringLiteral("syncChart"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(240);
    m_chart = view;
    layout->addWidget(view, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &DashboardPage::refresh);
}

void DashboardPage::activate() {
    refresh();
    m_timer->start();
}

void DashboardPage::deactivate() {
    m_timer->stop();
}

void DashboardPage::refresh() {
    if (!m_refresh->start()) {  // the previous refresh is still on its way: once more after it
        m_refreshAgain = true;
        return;
    }
    m_refresh->track(client().tenant(), [this](const QJsonObject& o) { showTenant(o); });
    m_refresh->track(client().syncLogs({}, 50), [this](const QJsonObject& o) { showSyncs(o); });
    m_refresh->track(client().kpis(), [this](const QJsonObject& o) { showKpis(o); });
    m_refresh->track(client().kpiHistory(), [this](const QJsonObject& o) {
        showTrend(o);
        showDpdTrend(o);
    });
}

bool DashboardPage::isLoaded() const {
    return m_refresh->isIdle();
}

void DashboardPage::showTenant(const QJsonObject& tenant) {
    m_tenant->setText(QStringLiteral("<h2>%1</h2><span>%2</span>")
                          .arg(tenant.value(QLatin1String("name")).toString().toHtmlEscaped(),
                               tenant.value(QLatin1String("id")).toString().toHtmlEscaped()));
    const auto live =
        tenant.value(QLatin1String("counts")).toObject().value(QLatin1String("live_rows"));
    const QLocale locale;
    m_rejectedOpen->setText(tr("Open rejected rows: %1")
                                .arg(locale.toString(tenant.value(QLatin1String("counts"))
                                                         .toObject()
                                                         .value(QLatin1String("rejected_open"))
                                                         .toInteger())));
    for (int i = 0; i < 2; ++i) {
        if (!live.isObject()) {
            m_rows[i]->setText(tr("Warehouse rows: unavailable"));
            continue;
        }
        const auto rows = live.toObject().value(typeName(core::kLoanTypes[i])).toObject();
        m_rows[i]->setText(
            tr("Warehouse: %1 credits, %2 payment plan rows")
                .arg(locale.toString(rows.value(typeName(core::FileType::Credit)).toInteger()),
                     locale.toString(
                         rows.value(typeName(core::FileType::PaymentPlan)).toInteger())));
    }
}

void DashboardPage::showSyncs(const QJsonObject& logs) {
    const auto items = logs.value(QLatin1String("items")).toArray();
    const QLocale locale;
    for (int i = 0; i < 2; ++i) {
        QJsonObject last;
        for (const auto& item : items) {
            const auto log = item.toObject();
            if (log.value(QLatin1String("loan_type")).toString() == typeName(core::kLoanTypes[i])) {
                last = log;
                break;  // newest first
            }
        }
        if (last.isEmpty()) {
            m_lastSync[i]->setText(tr("No sync yet"));
            continue;
        }
        const auto at = QDateTime::fromString(last.value(QLatin1String("started_at")).toString(),
                                              Qt::ISODateWithMs);
        m_lastSync[i]->setText(
            tr("Last sync: %1, %2 — %3 loaded, %4 rejected")
                .arg(SyncLogModel::statusText(last.value(QLatin1String("status")).toString()),
                     locale.toString(at.toLocalTime(), QLocale::ShortFormat),
                     locale.toString(last.value(QLatin1String("rows_loaded")).toInteger()),
                     locale.toString(last.value(QLatin1String("rows_rejected")).toInteger())));
    }

    // Oldest on the left: the history reads like a timeline.
    auto* loaded = new QBarSet(tr("Loaded"));
    auto* rejected = new QBarSet(tr("Rejected"));
    QStringList categories;
    for (auto i = std::min<qsizetype>(items.size(), kChartSyncs) - 1; i >= 0; --i) {
        const auto log = items[i].toObject();
        const auto at = QDateTime::fromString(log.value(QLatin1String("started_at")).toString(),
                                              Qt::ISODateWithMs);
        const auto label = [&](const QString& format) {
            return QStringLiteral("%1\n%2").arg(
                locale.toString(at.toLocalTime(), format),
                log.value(QLatin1String("loan_type")).toString().left(1));
        };
        // A category axis merges equal labels: syncs of the same minute get their seconds.
        auto category = label(QStringLiteral("dd.MM HH:mm"));
        if (categories.contains(category)) category = label(QStringLiteral("dd.MM HH:mm:ss"));
        categories << category;
        *loaded << static_cast<qreal>(log.value(QLatin1String("rows_loaded")).toInteger());
        *rejected << static_cast<qreal>(log.value(QLatin1String("rows_rejected")).toInteger());
    }
    auto* series = new QBarSeries;
    series->append(loaded);
    series->append(rejected);
    replaceBars(static_cast<QChartView*>(m_chart)->chart(), series, categories,
                QStringLiteral("%d"));
}

void DashboardPage::showKpis(const QJsonObject& kpis) {
    const QLocale locale;
    const auto rate = kpis.value(QLatin1String("weighted_average_rate"));
    const auto byStatus = kpis.value(QLatin1String("by_status")).toObject();
    const auto outstanding = kpis.value(QLatin1String("outstanding_principal")).toString();
    m_kpis->setText(
        tr("%1 credits (%2 active, %3 closed)\nOutstanding principal: %4\nWeighted rate: %5")
            .arg(locale.toString(kpis.value(QLatin1String("credits")).toInteger()),
                 locale.toString(byStatus.value(QLatin1String("ACTIVE"))
                                     .toObject()
                                     .value(QLatin1String("credits"))
                                     .toInteger()),
                 locale.toString(byStatus.value(QLatin1String("CLOSED"))
                                     .toObject()
                                     .value(QLatin1String("credits"))
                                     .toInteger()),
                 outstanding.isEmpty() ? QStringLiteral("—")
                                       : locale.toString(outstanding.toDouble(), 'f', 2),
                 rate.isDouble()
                     ? locale.toString(rate.toDouble() * 100.0, 'f', 2) + QStringLiteral(" %")
                     : QStringLiteral("—")));
    showKpiCharts(kpis);
}

void DashboardPage::showKpiCharts(const QJsonObject& kpis) {
    const QLocale locale;
    const auto amount = [](const QJsonObject& o) {
        return o.value(QLatin1String("outstanding_principal")).toString().toDouble();
    };
    const auto creditsText = [&locale](const QJsonObject& o) {
        return tr("%1 credits").arg(locale.toString(o.value(QLatin1String("credits")).toInteger()));
    };

    const auto byStatus = kpis.value(QLatin1String("by_status")).toObject();
    const std::pair<const char*, QString> statuses[] = {{"ACTIVE", tr("Active")},
                                                        {"CLOSED", tr("Closed")}};
    QStringList categories;
    QStringList tips;
    QList<qreal> values;
    for (const auto& [status, title] : statuses) {
        const auto entry = byStatus.value(QLatin1String(status)).toObject();
        categories << title;
        tips << QStringLiteral("%1: %2").arg(title, creditsText(entry));
        values << amount(entry);
    }
    showAmountBars(m_statusChart, QStringLiteral("statusSeries"), tr("Outstanding principal"),
                   categories, values, tips);

    categories.clear();
    tips.clear();
    values.clear();
    for (const auto& item : kpis.value(QLatin1String("days_past_due")).toArray()) {
        const auto bucket = item.toObject();
        const auto name = bucket.value(QLatin1String("bucket")).toString();
        // Rows without days past due have a bucket of their own, shown only when there are any.
        if (name == QLatin1String("unknown") &&
            bucket.value(QLatin1String("credits")).toInteger() == 0)
            continue;
        const auto title = bucketTitle(name);
        categories << title;
        tips << tr("%1 days past due: %2").arg(title, creditsText(bucket));
        values << amount(bucket);
    }
    showAmountBars(m_dpdChart, QStringLiteral("dpdSeries"), tr("Outstanding principal"), categories,
                   values, tips);
    m_dpdChart->chart()->axes(Qt::Horizontal).constFirst()->setTitleText(tr("Days past due"));
}

void DashboardPage::showTrend(const QJsonObject& history) {
    const QLocale locale;
    QStringList categories, tips;
    QList<qreal> values, npl;
    for (const auto& item : history.value(QLatin1String("items")).toArray()) {
        const auto point = item.toObject();
        const auto period = point.value(QLatin1String("period")).toString();
        const double ratio = point.value(QLatin1String("npl_ratio")).toDouble() * 100.0;
        categories << period;
        values << point.value(QLatin1String("outstanding_principal")).toString().toDouble();
        npl << ratio;
        tips << tr("%1: %2 loans, NPL ratio %3 %")
                    .arg(period, locale.toString(point.value(QLatin1String("loans")).toInteger()),
                         locale.toString(ratio, 'f', 2));
    }
    showAmountBars(m_trendChart, QStringLiteral("trendSeries"), tr("Outstanding principal"),
                   categories, values, tips);
    // The NPL ratio (days past due > 90, by outstanding principal) on its own axis.
    auto* chart = m_trendChart->chart();
    auto* line = new QLineSeries;
    line->setObjectName(QStringLiteral("nplSeries"));
    line->setName(tr("NPL ratio (%)"));
    for (qsizetype i = 0; i < npl.size(); ++i)
        line->append(qreal(i), npl[i]);
    chart->addSeries(line);
    auto* percent = new QValueAxis;
    percent->setLabelFormat(QStringLiteral("%.1f %"));  // localized: no printf escape
    percent->setMin(0);
    chart->addAxis(percent, Qt::AlignRight);
    line->attachAxis(chart->axes(Qt::Horizontal).constFirst());
    line->attachAxis(percent);
    percent->applyNiceNumbers();
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
}

void DashboardPage::showDpdTrend(const QJsonObject& history) {
    // Per bucket (in the agent's order: current … 90+, unknown) its amount in every period.
    const auto items = history.value(QLatin1String("items")).toArray();
    QStringList periods, buckets;
    QMap<QString, QList<qreal>> amounts;
    QMap<QString, QList<qint64>> credits;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const auto point = items[i].toObject();
        periods << point.value(QLatin1String("period")).toString();
        for (const auto& item : point.value(QLatin1String("days_past_due")).toArray()) {
            const auto bucket = item.toObject();
            const auto name = bucket.value(QLatin1String("bucket")).toString();
            if (!buckets.contains(name)) {
                buckets << name;
                amounts[name] = QList<qreal>(items.size(), 0);
                credits[name] = QList<qint64>(items.size(), 0);
            }
            amounts[name][i] =
                bucket.value(QLatin1String("outstanding_principal")).toString().toDouble();
            credits[name][i] = bucket.value(QLatin1String("credits")).toInteger();
        }
    }
    const QLocale locale;
    auto* series = new QStackedBarSeries;
    series->setObjectName(QStringLiteral("dpdTrendSeries"));
    for (const auto& name : std::as_const(buckets)) {
        // Rows without days past due have a bucket of their own, shown only when there are any.
        if (name == QLatin1String("unknown") &&
            std::all_of(credits[name].cbegin(), credits[name].cend(),
                        [](qint64 n) { return n == 0; }))
            continue;
        const auto title = bucketTitle(name);
        auto* set = new QBarSet(title);
        set->append(amounts[name]);
        set->setColor(bucketColor(name));
        set->setBorderColor(bucketColor(name));
        QObject::connect(
            set, &QBarSet::hovered, m_dpdTrendChart,
            [this, set, title, periods, counts = credits[name], locale](bool on, int index) {
                if (!on || index < 0 || index >= periods.size()) return QToolTip::hideText();
                QToolTip::showText(QCursor::pos(),
                                   tr("%1, %2 days past due: %3 credits\n%4")
                                       .arg(periods[index], title, locale.toString(counts[index]),
                                            locale.toString(set->at(index), 'f', 2)),
                                   m_dpdTrendChart);
            });
        series->append(set);
    }
    auto* chart = m_dpdTrendChart->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    chart->addSeries(series);
    auto* xAxis = new QBarCategoryAxis;
    xAxis->append(periods);
    chart->addAxis(xAxis, Qt::AlignBottom);
    series->attachAxis(xAxis);
    auto* yAxis = new QValueAxis;
    yAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(yAxis);
    yAxis->setMin(0);
    if (periods.isEmpty()) yAxis->setMax(1);  // no period yet: an empty frame, not a NaN axis
    yAxis->applyNiceNumbers();
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
}

}  // namespace findata::app
