#include "app/ui/errorspage.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include "app/client/agentclient.h"
#include "app/models/errormodel.h"
#include "app/models/synclogmodel.h"
#include "app/ui/csvexport.h"
#include "app/ui/tablecopy.h"

namespace findata::app {
namespace {

constexpr int kSyncChoices = 50;

QString text(const QJsonObject& object, const char* name) {
    return object.value(QLatin1String(name)).toString();
}

QTableView* findingsTable(const QString& objectName, QAbstractItemModel* model, QWidget* parent) {
    auto* table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setModel(model);
    installTableCopy(table);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

}  // namespace

ErrorsPage::ErrorsPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Errors")), this));

    auto* pick = new QHBoxLayout;
    m_sync = new QComboBox(this);
    m_sync->setObjectName(QStringLiteral("errorsSync"));
    m_sync->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sync->setPlaceholderText(tr("No sync yet"));
    auto* refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("errorsRefresh"));
    pick->addWidget(new QLabel(tr("Sync:"), this));
    pick->addWidget(m_sync, 1);
    pick->addWidget(refresh);
    layout->addLayout(pick);

    auto* filters = new QHBoxLayout;
    m_fileType = new QComboBox(this);
    m_fileType->setObjectName(QStringLiteral("errorsFileType"));
    m_fileType->addItem(tr("All files"), QString());
    m_fileType->addItem(ErrorModel::fileTypeText(QStringLiteral("credit")),
                        QStringLiteral("credit"));
    m_fileType->addItem(ErrorModel::fileTypeText(QStringLiteral("payment_plan")),
                        QStringLiteral("payment_plan"));
    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("errorsSeverity"));
    m_severity->addItem(tr("Errors and warnings"), QString());
    m_severity->addItem(tr("Errors only"), QStringLiteral("error"));
    m_severity->addItem(tr("Warnings only"), QStringLiteral("warning"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("errorsSummary"));
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("errorsExport"));
    m_export->setToolTip(tr("Save every finding the list below selects (all pages) as CSV"));
    m_export->setEnabled(false);
    filters->addWidget(new QLabel(tr("File:"), this));
    filters->addWidget(m_fileType);
    filters->addWidget(new QLabel(tr("Severity:"), this));
    filters->addWidget(m_severity);
    filters->addStretch();
    filters->addWidget(m_summary);
    filters->addWidget(m_export);
    layout->addLayout(filters);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("errorsMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();
    layout->addWidget(m_message);

    // Groups: a table and a chart of the largest ones, side by side.
    m_groups = new ErrorGroupModel(this);
    m_groupTable = findingsTable(QStringLiteral("errorsGroups"), m_groups, this);
    m_groupTable->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* chart = new QChart;
    chart->setTitle(tr("Largest groups of findings"));
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    m_chart = new QChartView(chart, this);
    m_chart->setObjectName(QStringLiteral("errorsChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    m_chart->setMinimumWidth(420);  // room for the category labels
    m_chart->installEventFilter(this);
    auto* groupSplitter = new QSplitter(Qt::Horizontal, this);
    groupSplitter->addWidget(m_groupTable);
    groupSplitter->addWidget(m_chart);
    groupSplitter->setStretchFactor(0, 1);
    groupSplitter->setStretchFactor(1, 1);

    // The findings, a page at a time.
    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto* narrowed = new QHBoxLayout;
    m_groupFilter = new QLabel(details);
    m_groupFilter->setObjectName(QStringLiteral("errorsGroupFilter"));
    m_showAll = new QPushButton(tr("Show all findings"), details);
    m_showAll->setObjectName(QStringLiteral("errorsShowAll"));
    m_showAll->hide();
    narrowed->addWidget(m_groupFilter, 1);
    narrowed->addWidget(m_showAll);
    detailsLayout->addLayout(narrowed);
    m_errors = new ErrorModel(this);
    m_table = findingsTable(QStringLiteral("errorsTable"), m_errors, details);
    detailsLayout->addWidget(m_table, 1);
    auto* pager = new QHBoxLayout;
    m_previous = new QPushButton(tr("Previous"), details);
    m_previous->setObjectName(QStringLiteral("errorsPrevious"));
    m_next = new QPushButton(tr("Next"), details);
    m_next->setObjectName(QStringLiteral("errorsNext"));
    m_pageLabel = new QLabel(details);
    m_pageLabel->setObjectName(QStringLiteral("errorsPage"));
    pager->addWidget(m_previous);
    pager->addWidget(m_pageLabel);
    pager->addWidget(m_next);
    pager->addStretch();
    detailsLayout->addLayout(pager);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(groupSplitter);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    m_exporter = new CsvExport(QStringLiteral("errorsExport"), this);
    layout->addWidget(m_exporter);

    connect(m_sync, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto id = m_sync->itemData(index).toString();
        if (!id.isEmpty() && id != m_syncId) load(id);
    });
    connect(refresh, &QPushButton::clicked, this, [this] {
        refreshSyncs();
        if (!m_syncId.isEmpty()) reloadAll();
    });
    connect(m_fileType, &QComboBox::currentIndexChanged, this, &ErrorsPage::reloadAll);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &ErrorsPage::reloadAll);
    connect(m_groupTable, &QTableView::clicked, this,
            [this](const QModelIndex& index) { showGroup(index.row()); });
    connect(m_showAll, &QPushButton::clicked, this, [this] { showGroup(-1); });
    connect(m_previous, &QPushButton::clicked, this, [this] { showPage(m_page - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPage(m_page + 1); });
    connect(m_export, &QPushButton::clicked, this, &ErrorsPage::exportFindings);
    connect(m_exporter, &CsvExport::runningChanged, this,
            [this](bool running) { m_export->setEnabled(!running && m_total >= 0); });
    updatePager();
}

ErrorsPage::~ErrorsPage() {
    for (auto* reply : {m_syncs.data(), m_groupsReply.data(), m_detailsReply.data()}) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->cancel();
    }
}

void ErrorsPage::activate() {
    refreshSyncs();
}

void ErrorsPage::showMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void ErrorsPage::selectSync(const QString& id) {
    if (id.isEmpty()) return;
    m_wantedSync = id;
    const int index = m_sync->findData(id);
    if (index >= 0) {
        const QSignalBlocker blocker(m_sync);
        m_sync->setCurrentIndex(index);
    }
    if (id != m_syncId) load(id);
    // The list learns about a sync newer than its last answer.
    if (index < 0) refreshSyncs();
}

void ErrorsPage::refreshSyncs() {
    if (m_syncs) return;
    m_syncs = client().syncLogs({}, kSyncChoices);
    connect(m_syncs, &AgentReply::finished, this, [this, reply = m_syncs.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (m_syncs == reply) m_syncs = nullptr;
        if (!reply->ok()) {
            showMessage(reply->errorString());
            checkLoaded();
            return;
        }
        const QLocale locale;
        const QSignalBlocker blocker(m_sync);
        m_sync->clear();
        // Newest first, as the agent lists them.
        for (const auto& item : reply->object().value(QLatin1String("items")).toArray()) {
            const auto log = item.toObject();
            const auto at = QDateTime::fromString(text(log, "started_at"), Qt::ISODateWithMs);
            const auto errors = log.value(QLatin1String("errors")).toInteger();
            const auto warnings = log.value(QLatin1String("warnings")).toInteger();
            m_sync->addItem(
                tr("%1 · %2 · %3 · %4 errors, %5 warnings")
                    .arg(locale.toString(at.toLocalTime(), QLocale::ShortFormat),
                         text(log, "loan_type"), SyncLogModel::statusText(text(log, "status")),
                         locale.toString(errors), locale.toString(warnings)),
                text(log, "id"));
        }
        auto wanted = !m_wantedSync.isEmpty() ? m_wantedSync : m_syncId;
        if (!wanted.isEmpty() && m_sync->findData(wanted) < 0)
            m_sync->insertItem(0, tr("Sync %1").arg(wanted), wanted);
        if (wanted.isEmpty() && m_sync->count() > 0) wanted = m_sync->itemData(0).toString();
        m_sync->setCurrentIndex(m_sync->findData(wanted));
        if (!wanted.isEmpty() && wanted != m_syncId) load(wanted);
        if (m_sync->count() == 0) m_summary->setText(tr("No sync yet: nothing to show."));
        checkLoaded();
    });
}

void ErrorsPage::load(const QString& syncId) {
    m_syncId = syncId;
    m_wantedSync.clear();
    reloadAll();
}

void ErrorsPage::reloadAll() {
    m_group = {};
    m_page = 1;
    requestGroups();
    requestDetails();
}

void ErrorsPage::showGroup(int row) {
    const auto group = row >= 0 ? m_groups->group(row) : QJsonObject();
    if (row >= 0 && group.isEmpty()) return;
    m_group = group;
    m_page = 1;
    if (group.isEmpty()) m_groupTable->clearSelection();
    requestDetails();
}

void ErrorsPage::showPage(int page) {
    if (page < 1 || (m_pages > 0 && page > m_pages) || page == m_page) return;
    m_page = page;
    requestDetails();
}

ErrorQuery ErrorsPage::detailQuery() const {
    ErrorQuery q;
    q.page = m_page;
    q.pageSize = kPageSize;
    q.fileType = m_fileType->currentData().toString();
    q.severity = m_severity->currentData().toString();
    if (!m_group.isEmpty()) {
        // A group is exactly one (file, field, error type, severity).
        q.fileType = text(m_group, "file_type");
        q.field = text(m_group, "field");
        q.errorType = text(m_group, "error_type");
        q.severity = text(m_group, "severity");
    }
    return q;
}

void ErrorsPage::requestGroups() {
    if (m_syncId.isEmpty()) return;
    if (m_groupsReply) m_groupsReply->cancel();
    // Groups (and the overall count) depend on the file and severity filters, not on the group
    // chosen below: one finding is enough to carry them.
    ErrorQuery q;
    q.page = 1;
    q.pageSize = 1;
    q.fileType = m_fileType->currentData().toString();
    q.severity = m_severity->currentData().toString();
    m_groupsReply = client().syncErrors(m_syncId, q);
    connect(m_groupsReply, &AgentReply::finished, this, [this, reply = m_groupsReply.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (m_groupsReply == reply) m_groupsReply = nullptr;
        if (!reply->ok()) {
            showMessage(reply->errorString());
            m_groups->setGroups({});
            m_summary->clear();
        } else {
            const auto answer = reply->object();
            m_groups->setGroups(answer.value(QLatin1String("groups")).toArray());
            m_groupTable->resizeColumnsToContents();
            const auto total = answer.value(QLatin1String("total")).toInteger();
            m_summary->setText(total == 1 ? tr("1 finding")
                                          : tr("%1 findings").arg(QLocale().toString(total)));
        }
        showGroupsChart();
        checkLoaded();
    });
}

void ErrorsPage::requestDetails() {
    if (m_syncId.isEmpty()) return;
    if (m_detailsReply) m_detailsReply->cancel();
    showMessage({});
    m_detailsReply = client().syncErrors(m_syncId, detailQuery());
    updatePager();
    connect(m_detailsReply, &AgentReply::finished, this, [this, reply = m_detailsReply.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (m_detailsReply == reply) m_detailsReply = nullptr;
        if (!reply->ok()) {
            showMessage(reply->errorString());
            m_errors->setFindings({});
            m_total = -1;
            m_pages = 0;
        } else {
            const auto answer = reply->object();
            m_errors->setFindings(answer.value(QLatin1String("items")).toArray());
            m_total = answer.value(QLatin1String("total")).toInteger();
            m_pages = answer.value(QLatin1String("pages")).toInt();
            m_table->resizeColumnsToContents();
        }
        updatePager();
        checkLoaded();
    });
}

void ErrorsPage::updatePager() {
    const QLocale locale;
    const bool loading = m_detailsReply != nullptr;
    m_previous->setEnabled(!loading && m_page > 1);
    m_next->setEnabled(!loading && m_page < m_pages);
    m_export->setEnabled(!loading && m_total >= 0 && !m_exporter->isRunning());
    if (m_total < 0) {
        m_pageLabel->setText(loading ? tr("Loading…") : QString());
    } else {
        m_pageLabel->setText(tr("Page %1 of %2 (%3 findings)")
                                 .arg(locale.toString(m_page),
                                      locale.toString(std::max(m_pages, 1)),
                                      locale.toString(m_total)));
    }
    if (m_group.isEmpty()) {
        m_groupFilter->setText(tr("All findings of the chosen files and severities:"));
        m_showAll->hide();
    } else {
        m_groupFilter->setText(tr("Findings of %1 — %2 %3 (%4):")
                                   .arg(ErrorModel::fileTypeText(text(m_group, "file_type")),
                                        text(m_group, "field"), text(m_group, "error_type"),
                                        ErrorModel::severityText(text(m_group, "severity"))));
        m_showAll->show();
    }
}

void ErrorsPage::showGroupsChart() {
    auto* chart = m_chart->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    m_chartLabelWidth = 0;
    const int shown = std::min(m_groups->rowCount(), kChartGroups);
    if (shown == 0) return;
    auto* categoryAxis = new QBarCategoryAxis;
    auto labelFont = categoryAxis->labelsFont();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.85);
    const QFontMetrics metrics(labelFont);
    auto* set = new QBarSet(tr("Findings"));
    QStringList categories;
    QStringList names;  // in full, for the tooltip
    // A horizontal chart draws its first category at the bottom: the largest group goes last.
    for (int row = shown - 1; row >= 0; --row) {
        const auto group = m_groups->group(row);
        const auto field = text(group, "field");
        const auto name =
            QStringLiteral("%1 %2 (%3)")
                .arg(field.isEmpty() ? QStringLiteral("—") : field, text(group, "error_type"),
                     ErrorModel::fileTypeText(text(group, "file_type")));
        auto label = metrics.elidedText(
            QStringLiteral("%1 %2").arg(field.isEmpty() ? QStringLiteral("—") : field,
                                        text(group, "error_type")),
            Qt::ElideMiddle, kChartLabelWidth);
        // Categories must differ (the same field and type in both files): then in full.
        if (categories.contains(label)) label = name;
        categories << label;
        names << name;
        m_chartLabelWidth = std::max(m_chartLabelWidth, metrics.horizontalAdvance(label));
        *set << static_cast<qreal>(group.value(QLatin1String("count")).toInteger());
    }
    connect(set, &QBarSet::clicked, this, [this, shown](int index) {
        showGroup(shown - 1 - index);
        m_groupTable->selectRow(shown - 1 - index);
    });
    connect(set, &QBarSet::hovered, this, [this, set, names](bool on, int index) {
        m_chart->setToolTip(on ? tr("%1: %2 findings")
                                     .arg(names.value(index),
                                          QLocale().toString(static_cast<qint64>(set->at(index))))
                               : QString());
    });
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    chart->addSeries(series);
    categoryAxis->append(categories);
    categoryAxis->setLabelsFont(labelFont);
    categoryAxis->setTruncateLabels(false);  // Qt Charts would cut every name down to "…"
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    auto* countAxis = new QValueAxis;
    countAxis->setLabelFormat(QStringLiteral("%d"));
    countAxis->setMin(0);
    chart->addAxis(countAxis, Qt::AlignBottom);
    series->attachAxis(countAxis);
    placeChartPlot();
}

// Qt Charts gives a vertical axis too little room for names like
// "outstanding_principal_balance CONSISTENCY": the plot is placed so that the names fit.
void ErrorsPage::placeChartPlot() {
    auto* chart = m_chart->chart();
    if (m_chartLabelWidth == 0 || chart->series().isEmpty()) return;
    const QRectF bounds(QPointF(0, 0), chart->size());
    const qreal top = QFontMetricsF(chart->titleFont()).height() + 12;
    const qreal bottom = QFontMetricsF(chart->font()).height() + 20;
    const qreal left = std::min<qreal>(m_chartLabelWidth + 16, bounds.width() * 0.6);
    chart->setPlotArea(bounds.adjusted(left, top, -24, -bottom));
}

bool ErrorsPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_chart && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(this, &ErrorsPage::placeChartPlot, Qt::QueuedConnection);
    return Page::eventFilter(watched, event);
}

void ErrorsPage::checkLoaded() {
    if (!isLoading()) Q_EMIT loaded();
}

void ErrorsPage::exportFindings() {
    if (m_syncId.isEmpty() || m_exporter->isRunning()) return;
    const auto id = m_syncId;
    const auto q = detailQuery();
    m_exporter->start(
        tr("Export findings"), QStringLiteral("%1-errors.csv").arg(id), m_total,
        [this, id, q](QIODevice* sink) { return client().exportErrors(id, q, sink); });
}

}  // namespace findata::app
