#include "app/ui/errorspage.h"
#include "app/ui/periodselector.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/models/errormodel.h"
#include "app/models/synclogmodel.h"
#include "app/ui/csvexport.h"
#include "app/ui/tablecopy.h"
#include "ui_errorspage.h"

namespace findata::app {
namespace {

constexpr int kSyncChoices = 50;

QString text(const QJsonObject& object, const char* name) {
    return object.value(QLatin1String(name)).toString();
}

// What the form cannot say: the model, copying, and rows as high as the font needs.
void setUpTable(QTableView* table, QAbstractItemModel* model) {
    table->setModel(model);
    installTableCopy(table);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
}

}  // namespace

ErrorsPage::ErrorsPage(AgentClient& client, QWidget* parent)
    : Page(client, parent), m_ui(std::make_unique<Ui::ErrorsPage>()) {
    m_ui->setupUi(this);
    m_ui->errorsFileType->addItem(tr("All files"), QString());
    for (const auto type : core::kFileTypes)
        m_ui->errorsFileType->addItem(ErrorModel::fileTypeText(typeName(type)), typeName(type));
    m_ui->errorsSeverity->addItem(tr("Errors and warnings"), QString());
    m_ui->errorsSeverity->addItem(tr("Errors only"), QStringLiteral("error"));
    m_ui->errorsSeverity->addItem(tr("Warnings only"), QStringLiteral("warning"));
    m_ui->errorsMessage->hide();
    m_ui->errorsFileLevel->hide();
    m_ui->errorsShowAll->hide();

    // Groups: a table and a chart of the largest ones, side by side.
    m_groups = new ErrorGroupModel(this);
    setUpTable(m_ui->errorsGroups, m_groups);
    auto* chart = new QChart;
    chart->setTitle(tr("Largest groups of findings"));
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    // Not in the form: a chart view takes its chart when it is made.
    m_chart = new QChartView(chart, m_ui->groupSplitter);
    m_chart->setObjectName(QStringLiteral("errorsChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(220);
    m_chart->setMinimumWidth(420);  // room for the category labels
    m_chart->installEventFilter(this);
    m_ui->groupSplitter->addWidget(m_chart);
    for (auto* splitter : {m_ui->groupSplitter, m_ui->splitter}) {
        splitter->setStretchFactor(0, 1);
        splitter->setStretchFactor(1, 1);
    }

    // The findings, a page at a time.
    m_errors = new ErrorModel(this);
    setUpTable(m_ui->errorsTable, m_errors);

    m_exporter = new CsvExport(QStringLiteral("errorsExport"), this);
    m_ui->pageLayout->addWidget(m_exporter);

    // The syncs of one reporting period (or of all: "Latest" lists every sync).
    m_period = new PeriodSelector(this);
    m_period->setObjectName(QStringLiteral("errorsPeriod"));
    m_period->setItemText(0, tr("All periods"));
    m_ui->pickRow->insertWidget(m_ui->pickRow->indexOf(m_ui->errorsSync), m_period);
    connect(m_period, &QComboBox::currentIndexChanged, this, [this] {
        m_wantedSync.clear();
        m_syncId.clear();
        if (auto* running = m_syncs.data()) {
            m_syncs = nullptr;
            running->cancel();  // the list of the period chosen before
        }
        refreshSyncs();
    });
    connect(m_ui->errorsSync, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto id = m_ui->errorsSync->itemData(index).toString();
        if (!id.isEmpty() && id != m_syncId) load(id);
    });
    connect(m_ui->errorsRefresh, &QPushButton::clicked, this, [this] {
        m_period->load(this->client());
        refreshSyncs();
        if (!m_syncId.isEmpty()) reloadAll();
    });
    connect(m_ui->errorsFileType, &QComboBox::currentIndexChanged, this, &ErrorsPage::reloadAll);
    connect(m_ui->errorsSeverity, &QComboBox::currentIndexChanged, this, &ErrorsPage::reloadAll);
    connect(m_ui->errorsGroups, &QTableView::clicked, this,
            [this](const QModelIndex& index) { showGroup(index.row()); });
    connect(m_ui->errorsShowAll, &QPushButton::clicked, this, [this] { showGroup(-1); });
    connect(m_ui->errorsPrevious, &QPushButton::clicked, this, [this] { showPage(m_page - 1); });
    connect(m_ui->errorsNext, &QPushButton::clicked, this, [this] { showPage(m_page + 1); });
    connect(m_ui->errorsExport, &QPushButton::clicked, this, &ErrorsPage::exportFindings);
    connect(m_exporter, &CsvExport::runningChanged, this,
            [this](bool running) { m_ui->errorsExport->setEnabled(!running && m_total >= 0); });
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
    m_period->load(client());
    refreshSyncs();
}

void ErrorsPage::showMessage(const QString& message) {
    m_ui->errorsMessage->setText(message);
    m_ui->errorsMessage->setVisible(!message.isEmpty());
}

void ErrorsPage::selectSync(const QString& id) {
    if (id.isEmpty()) return;
    m_wantedSync = id;
    const int index = m_ui->errorsSync->findData(id);
    if (index >= 0) {
        const QSignalBlocker blocker(m_ui->errorsSync);
        m_ui->errorsSync->setCurrentIndex(index);
    }
    if (id != m_syncId) load(id);
    // The list learns about a sync newer than its last answer.
    if (index < 0) refreshSyncs();
}

void ErrorsPage::refreshSyncs() {
    if (m_syncs) return;
    m_syncs = client().syncLogs({}, kSyncChoices, 0, m_period->period());
    connect(m_syncs, &AgentReply::finished, this, [this, reply = m_syncs.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (m_syncs == reply) m_syncs = nullptr;
        if (!reply->ok()) {
            showMessage(reply->errorString());
            checkLoaded();
            return;
        }
        const QLocale locale;
        const QSignalBlocker blocker(m_ui->errorsSync);
        m_ui->errorsSync->clear();
        // Newest first, as the agent lists them.
        for (const auto& item : reply->object().value(QLatin1String("items")).toArray()) {
            const auto log = item.toObject();
            const auto at = QDateTime::fromString(text(log, "started_at"), Qt::ISODateWithMs);
            const auto errors = log.value(QLatin1String("errors")).toInteger();
            const auto warnings = log.value(QLatin1String("warnings")).toInteger();
            m_ui->errorsSync->addItem(
                tr("%1 · %2 %3 · %4 · %5 errors, %6 warnings")
                    .arg(locale.toString(at.toLocalTime(), QLocale::ShortFormat),
                         text(log, "loan_type"), text(log, "period"),
                         SyncLogModel::statusText(text(log, "status")), locale.toString(errors),
                         locale.toString(warnings)),
                text(log, "id"));
        }
        auto wanted = !m_wantedSync.isEmpty() ? m_wantedSync : m_syncId;
        if (!wanted.isEmpty() && m_ui->errorsSync->findData(wanted) < 0)
            m_ui->errorsSync->insertItem(0, tr("Sync %1").arg(wanted), wanted);
        if (wanted.isEmpty() && m_ui->errorsSync->count() > 0)
            wanted = m_ui->errorsSync->itemData(0).toString();
        m_ui->errorsSync->setCurrentIndex(m_ui->errorsSync->findData(wanted));
        if (!wanted.isEmpty() && wanted != m_syncId) load(wanted);
        if (m_ui->errorsSync->count() == 0)
            m_ui->errorsSummary->setText(tr("No sync yet: nothing to show."));
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
    if (group.isEmpty()) m_ui->errorsGroups->clearSelection();
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
    q.fileType = m_ui->errorsFileType->currentData().toString();
    q.severity = m_ui->errorsSeverity->currentData().toString();
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
    q.fileType = m_ui->errorsFileType->currentData().toString();
    q.severity = m_ui->errorsSeverity->currentData().toString();
    m_groupsReply = client().syncErrors(m_syncId, q);
    connect(m_groupsReply, &AgentReply::finished, this, [this, reply = m_groupsReply.data()] {
        if (reply->error() == AgentError::Canceled) return;
        if (m_groupsReply == reply) m_groupsReply = nullptr;
        if (!reply->ok()) {
            showMessage(reply->errorString());
            m_groups->setGroups({});
            m_ui->errorsSummary->clear();
            m_ui->errorsFileLevel->hide();
        } else {
            const auto answer = reply->object();
            m_groups->setGroups(answer.value(QLatin1String("groups")).toArray());
            m_ui->errorsGroups->resizeColumnsToContents();
            // A rule that fired on most rows of a file leads, as one sentence per rule.
            const auto summaries = m_groups->fileLevelSummaries();
            QStringList lines;
            for (const auto& summary : summaries)
                lines << tr("On most rows: %1").arg(summary);
            m_ui->errorsFileLevel->setText(lines.join(QLatin1Char('\n')));
            m_ui->errorsFileLevel->setVisible(!lines.isEmpty());
            const auto total = answer.value(QLatin1String("total")).toInteger();
            m_ui->errorsSummary->setText(
                total == 1 ? tr("1 finding") : tr("%1 findings").arg(QLocale().toString(total)));
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
            m_ui->errorsTable->resizeColumnsToContents();
        }
        updatePager();
        checkLoaded();
    });
}

void ErrorsPage::updatePager() {
    const QLocale locale;
    const bool loading = m_detailsReply != nullptr;
    m_ui->errorsPrevious->setEnabled(!loading && m_page > 1);
    m_ui->errorsNext->setEnabled(!loading && m_page < m_pages);
    m_ui->errorsExport->setEnabled(!loading && m_total >= 0 && !m_exporter->isRunning());
    if (m_total < 0) {
        m_ui->errorsPage->setText(loading ? tr("Loading…") : QString());
    } else {
        m_ui->errorsPage->setText(tr("Page %1 of %2 (%3 findings)")
                                      .arg(locale.toString(m_page),
                                           locale.toString(std::max(m_pages, 1)),
                                           locale.toString(m_total)));
    }
    if (m_group.isEmpty()) {
        m_ui->errorsGroupFilter->setText(tr("All findings of the chosen files and severities:"));
        m_ui->errorsShowAll->hide();
    } else {
        m_ui->errorsGroupFilter->setText(
            tr("Findings of %1 — %2 %3 (%4):")
                .arg(ErrorModel::fileTypeText(text(m_group, "file_type")), text(m_group, "field"),
                     text(m_group, "error_type"),
                     ErrorModel::severityText(text(m_group, "severity"))));
        m_ui->errorsShowAll->show();
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
        m_ui->errorsGroups->selectRow(shown - 1 - index);
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
