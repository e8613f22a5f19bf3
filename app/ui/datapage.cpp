#include "app/ui/datapage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/models/datamodel.h"
#include "app/ui/csvexport.h"
#include "app/ui/tablecopy.h"

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

DataPage::DataPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Data")), this));

    // What to show.
    auto* scope = new QHBoxLayout;
    m_loanType = new QComboBox(this);
    m_loanType->setObjectName(QStringLiteral("dataLoanType"));
    m_loanType->addItem(tr("Retail"), QStringLiteral("RETAIL"));
    m_loanType->addItem(tr("Commercial"), QStringLiteral("COMMERCIAL"));
    m_loanType->addItem(tr("Both loan types"), QString());
    m_dataType = new QComboBox(this);
    m_dataType->setObjectName(QStringLiteral("dataType"));
    m_dataType->addItem(tr("Credits"), QStringLiteral("credit"));
    m_dataType->addItem(tr("Payment plans"), QStringLiteral("payment_plan"));
    auto* refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("dataRefresh"));
    m_rowCount = new QLabel(this);
    m_rowCount->setObjectName(QStringLiteral("dataRowCount"));
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("dataExport"));
    m_export->setToolTip(tr("Save every row of this query (not just the loaded ones) as CSV"));
    m_export->setEnabled(false);
    scope->addWidget(new QLabel(tr("Loan type:"), this));
    scope->addWidget(m_loanType);
    scope->addWidget(new QLabel(tr("Data:"), this));
    scope->addWidget(m_dataType);
    scope->addWidget(refresh);
    scope->addStretch();
    scope->addWidget(m_rowCount);
    scope->addWidget(m_export);
    layout->addLayout(scope);

    // Column filters, applied by the agent.
    auto* filterRow = new QHBoxLayout;
    m_filterColumn = new QComboBox(this);
    m_filterColumn->setObjectName(QStringLiteral("dataFilterColumn"));
    m_filterColumn->setMinimumContentsLength(18);
    m_filterOp = new QComboBox(this);
    m_filterOp->setObjectName(QStringLiteral("dataFilterOperator"));
    for (const auto& op : filterOps())
        m_filterOp->addItem(op.shown, QString::fromLatin1(op.symbol));
    m_filterValue = new QLineEdit(this);
    m_filterValue->setObjectName(QStringLiteral("dataFilterValue"));
    m_filterValue->setPlaceholderText(tr("value (empty: no value)"));
    auto* add = new QPushButton(tr("Add filter"), this);
    add->setObjectName(QStringLiteral("dataFilterAdd"));
    auto* clear = new QPushButton(tr("Clear filters"), this);
    clear->setObjectName(QStringLiteral("dataFilterClear"));
    filterRow->addWidget(new QLabel(tr("Filter:"), this));
    filterRow->addWidget(m_filterColumn);
    filterRow->addWidget(m_filterOp);
    filterRow->addWidget(m_filterValue, 1);
    filterRow->addWidget(add);
    filterRow->addWidget(clear);
    layout->addLayout(filterRow);
    m_filters = new QLabel(this);
    m_filters->setObjectName(QStringLiteral("dataFilters"));
    m_filters->setWordWrap(true);
    layout->addWidget(m_filters);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("dataMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_message->hide();
    layout->addWidget(m_message);

    m_model = new DataModel(client, this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("dataTable"));
    m_table->setModel(m_model);
    installTableCopy(m_table);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    auto* header = m_table->horizontalHeader();
    header->setSortIndicatorClearable(true);  // a third click goes back to the table's order
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);  // header clicks call DataModel::sort: the agent sorts
    layout->addWidget(m_table, 1);

    m_exporter = new CsvExport(QStringLiteral("dataExport"), this);
    layout->addWidget(m_exporter);

    connect(m_loanType, &QComboBox::currentIndexChanged, this, [this] { apply(); });
    connect(m_dataType, &QComboBox::currentIndexChanged, this, [this] {
        // Another table: its columns differ, so do sort and filters.
        m_activeFilters.clear();
        showFilters();
        auto* header = m_table->horizontalHeader();
        const QSignalBlocker blocker(header);  // no sort request for the old table
        header->setSortIndicator(-1, Qt::AscendingOrder);
        apply();
    });
    connect(refresh, &QPushButton::clicked, this, [this] { apply(); });
    connect(add, &QPushButton::clicked, this, [this] {
        addFilter(m_filterColumn->currentText(), m_filterOp->currentData().toString(),
                  m_filterValue->text().trimmed());
    });
    connect(m_filterValue, &QLineEdit::returnPressed, add, &QPushButton::click);
    connect(clear, &QPushButton::clicked, this, &DataPage::clearFilters);
    connect(m_export, &QPushButton::clicked, this, &DataPage::exportRows);
    connect(m_exporter, &CsvExport::runningChanged, this,
            [this](bool running) { m_export->setEnabled(!running && m_model->total() >= 0); });
    connect(m_model, &DataModel::pageLoaded, this, &DataPage::onPageLoaded);
    connect(m_model, &DataModel::failed, this, [this](const QString& message) {
        showMessage(message);
        if (m_model->total() < 0) m_rowCount->setText(tr("No rows"));
        m_export->setEnabled(false);
    });
    connect(m_model, &DataModel::modelReset, this, [this] {
        // A new query started: its count is not known yet.
        if (m_model->total() < 0) {
            m_rowCount->setText(tr("Loading…"));
            m_export->setEnabled(false);
        }
    });
    showFilters();
}

DataPage::~DataPage() = default;

void DataPage::activate() {
    // Later visits keep the operator's place; Refresh asks again.
    if (m_started) return;
    m_started = true;
    apply();
}

DataQuery DataPage::query() const {
    DataQuery q = m_model->query();
    q.loanType = m_loanType->currentData().toString();
    q.dataType = m_dataType->currentData().toString();
    q.filters = m_activeFilters;
    return q;
}

void DataPage::apply() {
    m_started = true;
    showMessage({});
    auto q = query();
    // The header knows the sort the operator asked for (reset when the data type changes).
    const auto* header = m_table->horizontalHeader();
    const int section = header->sortIndicatorSection();
    q.sortColumn = section >= 0 ? m_model->columnNames().value(section) : QString();
    q.descending = !q.sortColumn.isEmpty() && header->sortIndicatorOrder() == Qt::DescendingOrder;
    m_model->setQuery(q);
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
        m_filters->setText(tr("No filters: every row is shown."));
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
    m_filters->setText(tr("Filters: %1").arg(parts.join(QStringLiteral(", "))));
}

void DataPage::showMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void DataPage::onPageLoaded() {
    showMessage({});
    const QLocale locale;
    const auto total = m_model->total();
    m_rowCount->setText(total == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(total)));
    m_export->setEnabled(!m_exporter->isRunning());
    // The header follows the model's sort (after the columns changed, too).
    auto* header = m_table->horizontalHeader();
    if (header->sortIndicatorSection() != m_model->sortColumn() ||
        (m_model->sortColumn() >= 0 && header->sortIndicatorOrder() != m_model->sortOrder())) {
        const QSignalBlocker blocker(header);
        header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    }
    // The filter editor offers the columns of what is shown.
    const auto columns = m_model->columnNames();
    QStringList offered;
    for (int i = 0; i < m_filterColumn->count(); ++i)
        offered << m_filterColumn->itemText(i);
    if (offered != columns) {
        const auto current = m_filterColumn->currentText();
        m_filterColumn->clear();
        m_filterColumn->addItems(columns);
        if (columns.contains(current)) m_filterColumn->setCurrentText(current);
    }
    if (m_model->rowCount() <= DataModel::kPageSize) m_table->resizeColumnsToContents();
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
