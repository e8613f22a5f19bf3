#include "app/models/profilemodel.h"

#include <QColor>
#include <QLocale>

namespace findata::app {
namespace {

QJsonValue quantile(const QJsonObject& profile, const char* name) {
    return profile.value(QLatin1String("quantiles")).toObject().value(QLatin1String(name));
}

// What a cell of `column` holds before formatting (null where it does not apply).
QJsonValue rawValue(const QJsonObject& p, int column) {
    const bool numeric = p.value(QLatin1String("numeric")).toBool();
    switch (column) {
        case ProfileModel::Name:
            return p.value(QLatin1String("name"));
        case ProfileModel::Type:
            return p.value(QLatin1String("type"));
        case ProfileModel::Count:
            return p.value(QLatin1String("count"));
        case ProfileModel::Nulls:
            return p.value(QLatin1String("null_ratio"));
        case ProfileModel::Distinct:
            return numeric ? QJsonValue() : p.value(QLatin1String("distinct"));
        case ProfileModel::Zeros:
            return numeric ? p.value(QLatin1String("zero_ratio")) : QJsonValue();
        case ProfileModel::Min:
            return p.value(QLatin1String("min"));
        case ProfileModel::Max:
            return p.value(QLatin1String("max"));
        case ProfileModel::Mean:
            return p.value(QLatin1String("mean"));
        case ProfileModel::StdDev:
            return p.value(QLatin1String("stddev"));
        case ProfileModel::P25:
            return quantile(p, "p25");
        case ProfileModel::P50:
            return quantile(p, "p50");
        case ProfileModel::P75:
            return quantile(p, "p75");
        case ProfileModel::Drift:
            return p.value(QLatin1String("drift")).toObject().value(QLatin1String("psi"));
        default:
            return {};
    }
}

}  // namespace

ProfileModel::ProfileModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProfileModel::setColumns(const QJsonArray& columns) {
    beginResetModel();
    m_columns.clear();
    for (const auto& column : columns)
        m_columns.push_back(column.toObject());
    endResetModel();
}

int ProfileModel::rowOf(const QString& name) const {
    for (int row = 0; row < m_columns.size(); ++row)
        if (m_columns[row].value(QLatin1String("name")).toString() == name) return row;
    return -1;
}

int ProfileModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int ProfileModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProfileModel::formatValue(const QJsonValue& value) {
    const QLocale locale;
    if (value.isDouble()) {
        const double d = value.toDouble();
        return d == static_cast<double>(value.toInteger()) ? locale.toString(value.toInteger())
                                                           : locale.toString(d, 'f', 2);
    }
    const auto text = value.toString();
    bool isNumber = false;
    const double d = text.toDouble(&isNumber);
    if (!isNumber) return text;  // a date or a code
    const auto point = text.indexOf(QLatin1Char('.'));
    const int decimals = point < 0 ? 0 : static_cast<int>(text.size() - point - 1);
    return locale.toString(d, 'f', decimals);
}

QString ProfileModel::formatStatistic(const QJsonValue& value) {
    if (!value.isDouble()) return {};
    return QLocale().toString(value.toDouble(), 'f', 2);
}

QString ProfileModel::formatPercent(const QJsonValue& ratio) {
    if (!ratio.isDouble()) return {};
    return QLocale().toString(ratio.toDouble() * 100.0, 'f', 1) + QStringLiteral(" %");
}

QVariant ProfileModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_columns.size()) return {};
    const auto& p = m_columns[index.row()];
    if (role == kNameRole) return p.value(QLatin1String("name")).toString();
    if (role == Qt::TextAlignmentRole && index.column() >= Count)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const auto value = rawValue(p, index.column());
    if (role == kSortRole) {
        if (value.isDouble()) return value.toDouble();
        bool isNumber = false;
        const double d = value.toString().toDouble(&isNumber);
        return isNumber ? QVariant(d) : QVariant(value.toString());
    }
    if (index.column() == Drift) return driftData(p, role);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    if (value.isNull() || value.isUndefined()) return QString();
    switch (index.column()) {
        case Name:
        case Type:
            return value.toString();
        case Count:
        case Distinct:
            return QLocale().toString(value.toInteger());
        case Nulls:
        case Zeros:
            return formatPercent(value);
        case Min:
        case Max:
            return formatValue(value);
        default:
            return formatStatistic(value);
    }
}

QVariant ProfileModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Column");
        case Type:
            return tr("Type");
        case Count:
            return tr("Values");
        case Nulls:
            return tr("Empty");
        case Distinct:
            return tr("Distinct");
        case Zeros:
            return tr("Zeros");
        case Min:
            return tr("Min");
        case Max:
            return tr("Max");
        case Mean:
            return tr("Mean");
        case StdDev:
            return tr("Std. dev.");
        case P25:
            return tr("P25");
        case P50:
            return tr("Median");
        case P75:
            return tr("P75");
        case Drift:
            return tr("Drift (PSI)");
        default:
            return {};
    }
}

QVariant ProfileModel::driftData(const QJsonObject& p, int role) const {
    const auto drift = p.value(QLatin1String("drift")).toObject();
    if (drift.isEmpty()) return {};
    const bool drifted = drift.value(QLatin1String("drifted")).toBool();
    const auto psi = drift.value(QLatin1String("psi"));
    switch (role) {
        case Qt::DisplayRole:
            return psi.isDouble() ? QLocale().toString(psi.toDouble(), 'f', 3) : QString();
        case Qt::ForegroundRole:
            return drifted ? QVariant(QColor(0xb0, 0x3a, 0x2e)) : QVariant();
        case Qt::ToolTipRole: {
            QString tip = drifted ? tr("Drifted against the previous period.")
                                  : tr("Stable against the previous period.");
            tip +=
                u'\n' + tr("Empty: %1 before, %2 now")
                            .arg(formatPercent(drift.value(QLatin1String("previous_null_ratio"))),
                                 formatPercent(drift.value(QLatin1String("null_ratio"))));
            const auto before = drift.value(QLatin1String("previous_mean"));
            const auto now = drift.value(QLatin1String("mean"));
            if (before.isDouble() && now.isDouble())
                tip += u'\n' + tr("Mean: %1 before, %2 now")
                                   .arg(formatStatistic(before), formatStatistic(now));
            return tip;
        }
        default:
            return {};
    }
}

}  // namespace findata::app
