#include "app/ui/datapage.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <algorithm>

#include "app/client/agentclient.h"
#include "app/client/typenames.h"
#include "app/models/datamodel.h"
#include "app/ui/appsettings.h"
#include "app/ui/columnchooser.h"
#include "app/ui/csvexport.h"
#include "app/ui/periodselector.h"
#include "app/ui/tablecopy.h"
#include "ui_datapage.h"

namespace findata::app {
namespace {

// The filter operators: what the operator picks, and the API's suffix for it.
struct FilterOp {
    const char* symbol;  // as typed by addFilter()
    QString shown;
    QString suffix;
};

const QList<FilterOp>& filterOps() {
    static const QList<FilterOp> ops{{"=", QStringLiteral("="), QString()},
                                     {">=", QStringLiteral("≥"), QStringLiteral("__gte")},
                                     {"<=", QStringLiteral("≤"), QStringLiteral("__lte")}};
    return ops;
}

}  // namespace

DataPage::DataPage(AgentClient& client, QSettings* settings, QWidget* parent)
    : Page(client, parent), m_ui(std::make_unique<Ui::DataPage>()), m_settings(settings) {
    m_ui->setupUi(this);
    m_ui->dataLoanType->addItem(tr("Retail"), typeName(core::LoanType::Retail));
    m_ui->dataLoanType->addItem(tr("Commercial"), typeName(core::LoanType::Commercial));
    m_ui->dataLoanType->addItem(tr("Both loan types"), QString());
    m_ui->dataType->addItem(tr("Credits"), typeName(core::FileType::Credit));
    m_ui->dataType->addItem(tr("Payment plans"), typeName(core::FileType::PaymentPlan));
    for (const auto& op : filterOps())
        m_ui->dataFilterOperator->addItem(op.shown, QString::fromLatin1(op.symbol));
    m_ui->dataMessage->hide();
    // The reporting period read: the latest with data, or one the agent lists.
    auto* periodLabel = new QLabel(tr("Period:"), this);
    m_period = new PeriodSelector(this);
    m_period->setObjectName(QStringLiteral("dataPeriod"));
    periodLabel->setBuddy(m_period);
    const int at = m_ui->scopeRow->indexOf(m_ui->dataRefresh);
    m_ui->scopeRow->insertWidget(at, periodLabel);
    m_ui->scopeRow->insertWidget(at + 1, m_period);

    m_model = new DataModel(client, this);
    auto* table = m_ui->dataTable;
    table->setModel(m_model);
    installTableCopy(table);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    auto* header = table->horizontalHeader();
    header->setSortIndicatorClearable(true);  // a third click goes back to the table's order
    header->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSortingEnabled(true);  // header clicks call DataModel::sort: the agent sorts

    // Before the row count: the page size and the column chooser.
    const int sizeAt = m_ui->scopeRow->indexOf(m_ui->dataRefresh) + 1;
    auto* pageSizeLabel = new QLabel(tr("Rows per page"), this);
    m_pageSize = new QComboBox(this);
    m_pageSize->setObjectName(QStringLiteral("dataPageSize"));
    pageSizeLabel->setBuddy(m_pageSize);
    for (const int rows : {50, 100, 200, 500})
        m_pageSize->addItem(QLocale().toString(rows), rows);
    const int savedSize = m_settings ? settings::kDataPageSize.read(*m_settings)
                                     : settings::kDataPageSize.defaultValue;
    m_pageSize->setCurrentIndex(std::max(0, m_pageSize->findData(savedSize)));
    m_model->setPageSize(m_pageSize->currentData().toInt());
    connect(m_pageSize, &QComboBox::currentIndexChanged, this,
            [this] { setPageSize(m_pageSize->currentData().toInt()); });
    m_columns = new ColumnChooser(table, m_settings, this);
    m_ui->scopeRow->insertWidget(sizeAt, pageSizeLabel);
    m_ui->scopeRow->insertWidget(sizeAt + 1, m_pageSize);
    m_ui->scopeRow->insertWidget(sizeAt + 2, m_columns);

    m_exporter = new CsvExport(QStringLiteral("dataExport"), this);
    m_ui->pageLayout->addWidget(m_exporter);

    connect(m_ui->dataLoanType, &QComboBox::currentIndexChanged, this, [this] { apply(); });
    connect(m_period, &QComboBox::currentIndexChanged, this, [this] { apply(); });
    connect(m_ui->dataType, &QComboBox::currentIndexChanged, this, [this] {
        // Another table: its columns differ, so do sort and filters.
        m_activeFilters.clear();
        showFilters();
        auto* header = m_ui->dataTable->horizontalHeader();
        const QSignalBlocker blocker(header);  // no sort request for the old table
        header->setSortIndicator(-1, Qt::AscendingOrder);
        apply();
    });
    connect(m_ui->dataRefresh, &QPushButton::clicked, this, [this] {
        loadPeriods();
        apply();
    });
    connect(m_ui->dataFilterAdd, &QPushButton::clicked, this, [this] {
        addFilter(m_ui->dataFilterColumn->currentText(),
                  m_ui->dataFilterOperator->currentData().toString(),
                  m_ui->dataFilterValue->text().trimmed());
    });
    connect(m_ui->dataFilterValue, &QLineEdit::returnPressed, m_ui->dataFilterAdd,
            &QPushButton::click);
    connect(m_ui->dataFilterClear, &QPushButton::clicked, this, &DataPage::clearFilters);
    connect(m_ui->dataExport, &QPushButton::clicked, this, &DataPage::exportRows);
    connect(m_exporter, &CsvExport::runningChanged, this, [this](bool running) {
        m_ui->dataExport->setEnabled(!running && m_model->total() >= 0);
    });
    connect(m_model, &DataModel::pageLoaded, this, &DataPage::onPageLoaded);
    connect(m_model, &DataModel::failed, this, [this](const QString& message) {
        showMessage(message);
        if (m_model->total() < 0) m_ui->dataRowCount->setText(tr("No rows"));
        m_ui->dataExport->setEnabled(false);
    });
    connect(m_model, &DataModel::modelReset, this, [this] {
        // A new query started: its count is not known yet.
        if (m_model->total() < 0) {
            m_ui->dataRowCount->setText(tr("Loading…"));
            m_ui->dataExport->setEnabled(false);
        }
    });
    showFilters();
}

DataPage::~DataPage() = default;

void DataPage::activate() {
    // Later visits keep the operator's place; Refresh asks again.
    if (m_started) return;
    m_started = true;
    loadPeriods();
    apply();
}

void DataPage::loadPeriods() {
    m_period->load(client());
}

DataQuery DataPage::query() const {
    DataQuery q = m_model->query();
    q.loanType = m_ui->dataLoanType->currentData().toString();
    q.dataType = m_ui->dataType->currentData().toString();
    q.filters = m_activeFilters;
    q.period = m_period->period();
    return q;
}

void DataPage::apply() {
    m_started = true;
    showMessage({});
    auto q = query();
    // The header knows the sort the operator asked for (reset when the data type changes).
    const auto* header = m_ui->dataTable->horizontalHeader();
    const int section = header->sortIndicatorSection();
    q.sortColumn = section >= 0 ? m_model->columnNames().value(section) : QString();
    q.descending = !q.sortColumn.isEmpty() && header->sortIndicatorOrder() == Qt::DescendingOrder;
    m_model->setQuery(q);
}

void DataPage::setPageSize(int rows) {
    const int index = m_pageSize->findData(rows);
    if (index < 0) return;
    if (m_pageSize->currentIndex() != index) {
        m_pageSize->setCurrentIndex(index);  // comes back here through the signal
        return;
    }
    if (m_settings) settings::kDataPageSize.write(*m_settings, rows);
    m_model->setPageSize(rows);
    apply();
}

void DataPage::addFilter(const QString& column, const QString& op, const QString& value) {
    if (column.isEmpty()) return;
    for (const auto& known : filterOps()) {
        if (op != QLatin1String(known.symbol)) continue;
        // One bound per column and operator: a new "≥" replaces the old one.
        m_activeFilters.insert(column + known.suffix, value);
        showFilters();
        apply();
        return;
    }
}

void DataPage::clearFilters() {
    if (m_activeFilters.isEmpty()) return;
    m_activeFilters.clear();
    showFilters();
    apply();
}

void DataPage::showFilters() {
    if (m_activeFilters.isEmpty()) {
        m_ui->dataFilters->setText(tr("No filters: every row is shown."));
        return;
    }
    QStringList parts;
    for (auto it = m_activeFilters.begin(); it != m_activeFilters.end(); ++it) {
        auto column = it.key();
        auto shown = filterOps().front().shown;
        for (const auto& op : filterOps()) {
            if (!op.suffix.isEmpty() && column.endsWith(op.suffix)) {
                column.chop(op.suffix.size());
                shown = op.shown;
            }
        }
        parts << (it.value().isEmpty() ? tr("%1 has no value").arg(column)
                                       : QStringLiteral("%1 %2 %3").arg(column, shown, it.value()));
    }
    m_ui->dataFilters->setText(tr("Filters: %1").arg(parts.join(QStringLiteral(", "))));
}

void DataPage::showMessage(const QString& message) {
    m_ui->dataMessage->setText(message);
    m_ui->dataMessage->setVisible(!message.isEmpty());
}

void DataPage::onPageLoaded() {
    showMessage({});
    const QLocale locale;
    const auto total = m_model->total();
    m_ui->dataRowCount->setText(total == 1 ? tr("1 row")
                                           : tr("%1 rows").arg(locale.toString(total)));
    m_ui->dataExport->setEnabled(!m_exporter->isRunning());
    // The header follows the model's sort (after the columns changed, too).
    auto* header = m_ui->dataTable->horizontalHeader();
    if (header->sortIndicatorSection() != m_model->sortColumn() ||
        (m_model->sortColumn() >= 0 && header->sortIndicatorOrder() != m_model->sortOrder())) {
        const QSignalBlocker blocker(header);
        header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    // The filter editor offers the columns of what is shown.
    const auto columns = m_model->columnNames();
    QStringList offered;
    for (int i = 0; i < m_ui->dataFilterColumn->count(); ++i)
        offered << m_ui->dataFilterColumn->itemText(i);
    if (offered != columns) {
        const auto current = m_ui->dataFilterColumn->currentText();
        m_ui->dataFilterColumn->clear();
        m_ui->dataFilterColumn->addItems(columns);
        if (columns.contains(current)) m_ui->dataFilterColumn->setCurrentText(current);
    }
    const auto& q = m_model->query();
    m_columns->setTable(
        (q.loanType.isEmpty() ? QStringLiteral("ALL") : q.loanType) + QLatin1Char('/') + q.dataType,
        columns);
    if (m_model->rowCount() <= m_model->pageSize()) m_ui->dataTable->resizeColumnsToContents();
}

void DataPage::exportRows() {
    if (m_exporter->isRunning()) return;
    // Exactly what the table shows: loan type, data type, filters and order.
    const auto q = m_model->query();
    const auto name =
        QStringLiteral("%1-%2.csv")
            .arg(q.loanType.isEmpty() ? QStringLiteral("ALL") : q.loanType, q.dataType);
    m_exporter->start(tr("Export rows"), name, m_model->total(),
                      [this, q](QIODevice* sink) { return client().exportData(q, sink); });
}

}  // namespace findata::app
