#include "app/models/synclogmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace findata::app {

SyncLogModel::SyncLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void SyncLogModel::setLogs(const QJsonArray& logs) {
    beginResetModel();
    m_logs.clear();
    for (const auto& log : logs)
        m_logs.push_back(log.toObject());
    endResetModel();
}

void SyncLogModel::updateLog(const QJsonObject& log) {
    const auto id = log.value(QLatin1String("id")).toString();
    for (int row = 0; row < m_logs.size(); ++row) {
        if (m_logs[row].value(QLatin1String("id")).toString() != id) continue;
        m_logs[row] = log;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, 0, 0);
    m_logs.prepend(log);
    endInsertRows();
}

int SyncLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_logs.size());
}

int SyncLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SyncLogModel::statusText(const QString& status) {
    if (status == QLatin1String("STARTED")) return tr("Started", "sync status");
    if (status == QLatin1String("FETCHING")) return tr("Fetching");
    if (status == QLatin1String("VALIDATING")) return tr("Validating");
    if (status == QLatin1String("NORMALIZING")) return tr("Normalizing");
    if (status == QLatin1String("STORING")) return tr("Storing");
    if (status == QLatin1String("COMPLETED")) return tr("Completed");
    if (status == QLatin1String("FAILED")) return tr("Failed");
    if (status == QLatin1String("PARTIAL")) return tr("Partial");
    if (status == QLatin1String("REJECTED")) return tr("Rejected");
    return status;
}

QVariant SyncLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_logs.size()) return {};
    const auto& log = m_logs[index.row()];
    const auto status = log.value(QLatin1String("status")).toString();
    if (role == kIdRole) return log.value(QLatin1String("id")).toString();
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (status == QLatin1String("FAILED") || status == QLatin1String("REJECTED"))
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        if (status == QLatin1String("COMPLETED")) return QBrush(QColor(0x1e, 0x7b, 0x34));
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= RowsRead && index.column() <= Duration)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const QLocale locale;
    const auto count = [&](const char* name) {
        return locale.toString(log.value(QLatin1String(name)).toInteger());
    };
    switch (index.column()) {
        case Started: {
            const auto at = QDateTime::fromString(log.value(QLatin1String("started_at")).toString(),
                                                  Qt::ISODateWithMs);
            return locale.toString(at.toLocalTime(), QLocale::ShortFormat);
        }
        case LoanType:
            return log.value(QLatin1String("loan_type")).toString();
        case Status:
            return statusText(status);
        case RowsRead:
            return count("rows_read");
        case RowsLoaded:
            return count("rows_loaded");
        case RowsRejected:
            return count("rows_rejected");
        case Duration:
            return tr("%1 s").arg(
                locale.toString(log.value(QLatin1String("duration_seconds")).toDouble(), 'f', 1));
        case Who: {
            const auto trigger = log.value(QLatin1String("trigger")).toString();
            const auto actor = log.value(QLatin1String("actor")).toString();
            return actor.isEmpty() ? trigger : QStringLiteral("%1 (%2)").arg(actor, trigger);
        }
        default:
            return {};
    }
}

QString SyncLogModel::exactDecimal(const QString& text) {
    const QLocale locale;
    QString digits = text;
    const bool negative = digits.startsWith(QLatin1Char('-'));
    if (negative) digits.remove(0, 1);
    const auto point = digits.indexOf(QLatin1Char('.'));
    const QString whole = point < 0 ? digits : digits.left(point);
    const QString fraction = point < 0 ? QString() : digits.mid(point + 1);
    for (const QChar c : whole + fraction)
        if (!c.isDigit()) return text;  // not a plain decimal: as it came
    QString grouped;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += locale.groupSeparator();
        grouped += whole[i];
    }
    if (!fraction.isEmpty()) grouped += locale.decimalPoint() + fraction;
    return negative ? locale.negativeSign() + grouped : grouped;
}

QList<SyncLogModel::TotalRow> SyncLogModel::controlTotals(const QJsonObject& log) {
    QList<TotalRow> rows;
    const QLocale locale;
    for (const auto& value : log.value(QLatin1String("file_records")).toArray()) {
        const auto record = value.toObject();
        const auto type = record.value(QLatin1String("file_type")).toString();
        const auto name = record.value(QLatin1String("original_name")).toString();
        const QString file =
            (type == QLatin1String("credit") ? tr("Credit file") : tr("Payment plan file")) +
            (name.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(name));
        const QString source =
            record.value(QLatin1String("source")).toString() == QLatin1String("live")
                ? tr("live data re-checked")
                : tr("upload");
        const auto totals = record.value(QLatin1String("control_totals")).toObject();
        const auto inFile = totals.value(QLatin1String("file")).toObject();
        const auto warehouse = totals.value(QLatin1String("warehouse"));
        const bool checked = warehouse.isObject();
        const auto inWarehouse = warehouse.toObject();
        const auto add = [&](const QString& figure, const QString& a, const QString& b,
                             bool equal) {
            TotalRow row{file, source, figure, a, checked ? b : QString(), {}, false};
            row.differs = checked && !equal;
            row.match = !checked ? tr("not checked") : (equal ? tr("yes") : tr("NO"));
            rows.push_back(row);
        };
        const auto fileRows = inFile.value(QLatin1String("rows")).toInteger();
        const auto warehouseRows = inWarehouse.value(QLatin1String("rows")).toInteger();
        add(tr("Rows accepted"), locale.toString(fileRows), locale.toString(warehouseRows),
            fileRows == warehouseRows);
        const auto fileSums = inFile.value(QLatin1String("sums")).toObject();
        const auto warehouseSums = inWarehouse.value(QLatin1String("sums")).toObject();
        for (auto it = fileSums.begin(); it != fileSums.end(); ++it) {
            const auto a = it.value().toString();
            const auto b = warehouseSums.value(it.key()).toString();
            add(it.key(), exactDecimal(a), exactDecimal(b), a == b);
        }
    }
    return rows;
}

QVariant SyncLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Started:
            return tr("Started", "column: when a sync started");
        case LoanType:
            return tr("Loan type");
        case Status:
            return tr("Status");
        case RowsRead:
            return tr("Rows read");
        case RowsLoaded:
            return tr("Loaded");
        case RowsRejected:
            return tr("Rejected");
        case Duration:
            return tr("Duration");
        case Who:
            return tr("Who");
        default:
            return {};
    }
}

}  // namespace findata::app
