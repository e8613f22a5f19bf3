#include "app/ui/profilingpage.h"
#include "app/ui/periodselector.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/models/profilemodel.h"
#include "app/ui/tablecopy.h"

namespace findata::app {
namespace {

// Pixels per column of the null-ratio chart: a category label is elided when its slot is
// shorter than the text plus the axis' padding.
constexpr int kBarHeight = 28;

QChartView* chartView(const QString& objectName, QWidget* parent) {
    auto* chart = new QChart;
    chart->legend()->hide();
    chart->setLocalizeNumbers(true);  // axis labels in the operator's number format
    auto* view = new QChartView(chart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(320);  // room for value labels written upwards
    return view;
}

void clearChart(QChart* chart, const QString& title) {
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    chart->setTitle(title);
}

// Labels "low – high" for equal-width buckets, with just enough decimals to tell neighbours
// apart; a category axis needs every label to differ.
QStringList bucketLabels(const QJsonArray& histogram) {
    const QLocale locale;
    double width = 0;
    if (!histogram.isEmpty()) {
        const auto first = histogram.first().toObject();
        width = first.value(QLatin1String("upper")).toDouble() -
                first.value(QLatin1String("lower")).toDouble();
    }
    int decimals = 0;
    if (width > 0 && width < 10)
        decimals = std::min(6, static_cast<int>(std::ceil(-std::log10(width))) + 1);
    QStringList labels;
    for (int i = 0; i < histogram.size(); ++i) {
        const auto bucket = histogram[i].toObject();
        auto label = QStringLiteral("%1 – %2").arg(
            locale.toString(bucket.value(QLatin1String("lower")).toDouble(), 'f', decimals),
            locale.toString(bucket.value(QLatin1String("upper")).toDouble(), 'f', decimals));
        if (labels.contains(label)) label += QStringLiteral(" (%1)").arg(i + 1);
        labels << label;
    }
    return labels;
}

// Shows the count of the bar under the mouse: bar charts have no value labels of their own.
void showValueOnHover(QBarSet* set, const QStringList& categories, QWidget* view) {
    QObject::connect(set, &QBarSet::hovered, view, [set, categories, view](bool on, int index) {
        if (!on || index < 0 || index >= categories.size()) return QToolTip::hideText();
        QToolTip::showText(QCursor::pos(),
                           QStringLiteral("%1: %2").arg(categories[index],
                                                        QLocale().toString(set->at(index), 'f', 0)),
                           view);
    });
}

}  // namespace

ProfilingPage::ProfilingPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Profiling")), this));

    auto* controls = new QHBoxLayout;
    m_loanType = new QComboBox(this);
    m_loanType->setObjectName(QStringLiteral("profilingLoanType"));
    m_loanType->addItem(tr("Retail"), typeName(core::LoanType::Retail));
    m_loanType->addItem(tr("Commercial"), typeName(core::LoanType::Commercial));
    m_loanType->addItem(tr("Both loan types"), QString());
    m_dataType = new QComboBox(this);
    m_dataType->setObjectName(QStringLiteral("profilingDataType"));
    m_dataType->addItem(tr("Credits"), typeName(core::FileType::Credit));
    m_dataType->addItem(tr("Payment plans"), typeName(core::FileType::PaymentPlan));
    m_period = new PeriodSelector(this);
    m_period->setObjectName(QStringLiteral("profilingPeriod"));
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("profilingRefresh"));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("profilingBusy"));
    m_busy->setRange(0, 0);  // no measure of how far: just "working"
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("profilingSummary"));
    auto* loanTypeLabel = new QLabel(tr("&Loan type:"), this);
    loanTypeLabel->setBuddy(m_loanType);
    auto* dataTypeLabel = new QLabel(tr("&Data:"), this);
    dataTypeLabel->setBuddy(m_dataType);
    controls->addWidget(loanTypeLabel);
    controls->addWidget(m_loanType);
    controls->addWidget(dataTypeLabel);
    controls->addWidget(m_dataType);
    auto* periodLabel = new QLabel(tr("Period:"), this);
    periodLabel->setBuddy(m_period);
    controls->addWidget(periodLabel);
    controls->addWidget(m_period);
    controls->addWidget(m_refresh);
    controls->addWidget(m_busy);
    controls->addWidget(m_summary, 1);
    layout->addLayout(controls);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profilingMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();
    layout->addWidget(m_message);

    m_model = new ProfileModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(ProfileModel::kSortRole);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("profilingTable"));
    m_table->setModel(m_sorted);
    installTableCopy(m_table);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);  // the agent's (catalog) order until asked
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_columnChart = chartView(QStringLiteral("profilingColumnChart"), this);
    m_columnChart->chart()->setTitle(tr("Select a column to see its distribution"));
    m_nullChart = chartView(QStringLiteral("profilingNullChart"), this);
    m_nullChart->chart()->setTitle(tr("Empty values per column"));
    auto* nullScroll = new QScrollArea(this);
    nullScroll->setWidget(m_nullChart);
    nullScroll->setWidgetResizable(true);
    nullScroll->setFrameShape(QFrame::NoFrame);

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_columnChart);
    charts->addWidget(nullScroll);
    charts->setStretchFactor(0, 1);
    charts->setStretchFactor(1, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(charts);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(m_refresh, &QPushButton::clicked, this, &ProfilingPage::refresh);
    connect(m_loanType, &QComboBox::currentIndexChanged, this, &ProfilingPage::refresh);
    connect(m_dataType, &QComboBox::currentIndexChanged, this, &ProfilingPage::refresh);
    connect(m_period, &QComboBox::currentIndexChanged, this, &ProfilingPage::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const int row = m_sorted->mapToSource(current).row();
                if (row < 0) return;
                m_selected = m_model->profile(row).value(QLatin1String("name")).toString();
                showColumn(m_model->profile(row));
            });
}

ProfilingPage::~ProfilingPage() {
    if (m_reply) m_reply->cancel();
}

void ProfilingPage::activate() {
    // The agent caches a profile until the data changes: asking again each time is cheap and
    // keeps the screen in step with the last sync.
    m_period->load(client());
    refresh();
}

void ProfilingPage::refresh() {
    if (auto* previous = m_reply.data()) {
        m_reply = nullptr;
        previous->cancel();  // the answer to an earlier choice no longer matters
    }
    m_requested = true;
    showMessage({});
    setBusy(true);
    m_summary->setText(tr("Computing the profile… (the first one after a sync can take a while)"));
    m_reply = client().profiling(m_loanType->currentData().toString(),
                                 m_dataType->currentData().toString(), m_period->period());
    connect(m_reply, &AgentReply::finished, this, [this, reply = m_reply.data()] {
        if (reply != m_reply) return;
        m_reply = nullptr;
        setBusy(false);
        if (reply->ok()) {
            showProfile(reply->object());
        } else {
            m_summary->clear();
            showMessage(reply->errorString());
        }
        Q_EMIT loaded();
    });
}

void ProfilingPage::setBusy(bool busy) {
    m_busy->setVisible(busy);
    m_table->setEnabled(!busy);
}

void ProfilingPage::showMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void ProfilingPage::showProfile(const QJsonObject& profile) {
    const auto columns = profile.value(QLatin1String("columns")).toArray();
    const auto rows = profile.value(QLatin1String("rows")).toInteger();
    const QLocale locale;
    m_summary->setText(tr("%1 rows, %2 columns").arg(locale.toString(rows)).arg(columns.size()));
    const auto keep = m_selected;
    m_model->setColumns(columns);
    m_table->resizeColumnsToContents();
    showNullRatios(columns);
    if (rows == 0) showMessage(tr("The warehouse holds no rows of this kind yet: sync first."));
    if (keep.isEmpty() || !selectColumn(keep)) {
        m_selected.clear();
        clearChart(m_columnChart->chart(), tr("Select a column to see its distribution"));
    }
}

bool ProfilingPage::selectColumn(const QString& name) {
    const int row = m_model->rowOf(name);
    if (row < 0) return false;
    const auto index = m_sorted->mapFromSource(m_model->index(row, 0));
    if (m_table->currentIndex().row() == index.row()) {
        // The same row changes no "current": draw it anyway.
        m_selected = name;
        showColumn(m_model->profile(row));
    }
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void ProfilingPage::showColumn(const QJsonObject& column) {
    auto* chart = m_columnChart->chart();
    const auto name = column.value(QLatin1String("name")).toString();
    const QLocale locale;
    auto* set = new QBarSet(tr("Rows"));
    QStringList categories;
    QAbstractBarSeries* series = nullptr;
    if (column.value(QLatin1String("numeric")).toBool()) {
        const auto histogram = column.value(QLatin1String("histogram")).toArray();
        if (histogram.isEmpty()) {
            delete set;
            return clearChart(chart, tr("%1: no values").arg(name));
        }
        clearChart(chart, tr("Distribution of %1 (rows per range)").arg(name));
        categories = bucketLabels(histogram);
        for (const auto& bucket : histogram)
            *set << static_cast<qreal>(bucket.toObject().value(QLatin1String("count")).toInteger());
        series = new QBarSeries;
        series->setObjectName(QStringLiteral("histogramSeries"));
    } else {
        const auto top = column.value(QLatin1String("top_values")).toArray();
        if (top.isEmpty()) {
            delete set;
            const auto distinct = column.value(QLatin1String("distinct")).toInteger();
            return clearChart(
                chart, distinct > 0 && distinct == column.value(QLatin1String("count")).toInteger()
                           ? tr("%1: every value is different (a key)").arg(name)
                           : tr("%1: no values").arg(name));
        }
        clearChart(chart, tr("Most frequent values of %1 (rows)").arg(name));
        for (const auto& item : top) {  // most frequent first
            const auto entry = item.toObject();
            auto value = entry.value(QLatin1String("value")).toString();
            if (value.isEmpty()) value = tr("(empty)");
            categories << value;
            *set << static_cast<qreal>(entry.value(QLatin1String("count")).toInteger());
        }
        series = new QBarSeries;
        series->setObjectName(QStringLiteral("topValuesSeries"));
    }
    showValueOnHover(set, categories, m_columnChart);
    series->append(set);
    series->setBarWidth(0.9);
    chart->addSeries(series);
    auto* categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setLabelsAngle(-90);  // a label may be as wide as its bar is narrow
    chart->addAxis(categoryAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);
    auto* countAxis = new QValueAxis;
    countAxis->setLabelFormat(QStringLiteral("%.0f"));
    countAxis->setMin(0);
    chart->addAxis(countAxis, Qt::AlignLeft);
    series->attachAxis(countAxis);
    countAxis->applyNiceNumbers();
    if (series->objectName() != QLatin1String("histogramSeries")) return;

    // Twenty range labels do not fit under the bars: a value scale from the first bucket's
    // lower bound to the last one's upper bound lines up with the equal-width bars instead
    // (the tooltip of a bar tells its range).
    const auto histogram = column.value(QLatin1String("histogram")).toArray();
    categoryAxis->setVisible(false);
    auto* scale = new QValueAxis;
    scale->setRange(histogram.first().toObject().value(QLatin1String("lower")).toDouble(),
                    histogram.last().toObject().value(QLatin1String("upper")).toDouble());
    scale->setTickCount(5);
    const double span = scale->max() - scale->min();
    scale->setLabelFormat(span >= 100
                              ? QStringLiteral("%.0f")
                              : (span >= 1 ? QStringLiteral("%.2f") : QStringLiteral("%.4f")));
    scale->setTitleText(name);
    chart->addAxis(scale, Qt::AlignBottom);
}

void ProfilingPage::showNullRatios(const QJsonArray& columns) {
    auto* chart = m_nullChart->chart();
    clearChart(chart, tr("Empty values per column (%)"));
    if (columns.isEmpty()) return;
    QList<std::pair<double, QString>> ratios;
    for (const auto& column : columns) {
        const auto p = column.toObject();
        ratios.push_back({p.value(QLatin1String("null_ratio")).toDouble(),
                          p.value(QLatin1String("name")).toString()});
    }
    // Emptiest on top; the chart draws its first category at the bottom.
    std::sort(ratios.begin(), ratios.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    auto* set = new QBarSet(tr("Empty values (%)"));
    QStringList categories;
    for (const auto& [ratio, name] : ratios) {
        categories << name;
        *set << ratio * 100.0;
    }
    auto* series = new QHorizontalBarSeries;
    series->setObjectName(QStringLiteral("nullRatioSeries"));
    series->append(set);
    series->setBarWidth(0.8);
    chart->addSeries(series);
    auto* categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    auto* valueAxis = new QValueAxis;
    valueAxis->setRange(0, 100);
    valueAxis->setLabelFormat(QStringLiteral("%.0f %"));  // localized: no printf escape
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    chart->addAxis(valueAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    QObject::connect(set, &QBarSet::hovered, m_nullChart,
                     [set, categories, view = m_nullChart](bool on, int index) {
                         if (!on || index < 0 || index >= categories.size())
                             return QToolTip::hideText();
                         QToolTip::showText(QCursor::pos(),
                                            tr("%1: %2 % empty")
                                                .arg(categories[index],
                                                     QLocale().toString(set->at(index), 'f', 1)),
                                            view);
                     });
    m_nullChart->setMinimumHeight(static_cast<int>(columns.size()) * kBarHeight + 100);
}

}  // namespace findata::app
