#include "app/models/datamodel.h"

#include <QBrush>
#include <QColor>
#include <QJsonObject>
#include <QLocale>
#include <cmath>

namespace findata::app {

DataModel::DataModel(AgentClient& client, QObject* parent)
    : QAbstractTableModel(parent), m_client(client) {
    m_query.pageSize = kPageSize;
}

DataModel::~DataModel() {
    ++m_generation;
    if (m_pending) {
        disconnect(m_pending, nullptr, this, nullptr);
        m_pending->cancel();
    }
}

void DataModel::setQuery(const DataQuery& query) {
    // Whatever is still on its way belongs to the old query.
    ++m_generation;
    if (m_pending) {
        disconnect(m_pending, nullptr, this, nullptr);
        m_pending->cancel();
        m_pending = nullptr;
    }
    m_query = query;
    m_query.page = 1;
    m_query.pageSize = m_pageSize;
    // The columns stay until the new answer says otherwise: the header does not flicker.
    beginResetModel();
    m_rows.clear();
    m_total = -1;
    m_exhausted = false;
    m_nextPage = 1;
    m_error.clear();
    endResetModel();
    request(1);
}

void DataModel::request(int page) {
    auto query = m_query;
    query.page = page;
    m_pending = m_client.dataPage(query);
    const bool wasLoading = m_loading;
    m_loading = true;
    if (!wasLoading) Q_EMIT loadingChanged(true);
    connect(m_pending, &AgentReply::finished, this,
            [this, reply = m_pending.data(), generation = m_generation, page] {
                if (generation != m_generation) return;  // an older query's late answer
                m_pending = nullptr;
                m_loading = false;
                if (!reply->ok()) {
                    m_error = reply->errorString();
                    Q_EMIT loadingChanged(false);
                    Q_EMIT failed(m_error);
                    return;
                }
                const auto answer = reply->object();
                const auto rows = answer.value(QLatin1String("rows")).toArray();
                m_total = answer.value(QLatin1String("total")).toInteger();
                if (page == 1) {
                    const auto columns = answer.value(QLatin1String("columns")).toArray();
                    if (columns != m_columns) {
                        beginResetModel();
                        m_columns = columns;
                        m_columnNames.clear();
                        m_numeric.clear();
                        for (const auto& column : columns) {
                            const auto object = column.toObject();
                            m_columnNames << object.value(QLatin1String("name")).toString();
                            m_numeric << object.value(QLatin1String("numeric")).toBool();
                        }
                        m_rows.clear();
                        endResetModel();
                    }
                }
                if (!rows.isEmpty()) {
                    const auto first = static_cast<int>(m_rows.size());
                    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
                    for (const auto& row : rows)
                        m_rows.push_back(row.toArray());
                    endInsertRows();
                }
                // A short page is the last one, whatever the total says (the data may have
                // changed between pages): never ask for pages past the end.
                m_exhausted = rows.size() < m_query.pageSize;
                m_nextPage = page + 1;
                Q_EMIT loadingChanged(false);
                Q_EMIT pageLoaded();
            });
}

int DataModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DataModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_columnNames.size());
}

bool DataModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_pending && m_error.isEmpty() && !m_exhausted && m_total >= 0 &&
           m_rows.size() < m_total;
}

void DataModel::fetchMore(const QModelIndex& parent) {
    // One request at a time: a page already asked for is never asked for twice.
    if (!canFetchMore(parent)) return;
    request(m_nextPage);
}

void DataModel::sort(int column, Qt::SortOrder order) {
    const auto name =
        column >= 0 && column < m_columnNames.size() ? m_columnNames[column] : QString();
    const bool descending = !name.isEmpty() && order == Qt::DescendingOrder;
    if (name == m_query.sortColumn && descending == m_query.descending) return;
    auto query = m_query;
    query.sortColumn = name;
    query.descending = descending;
    setQuery(query);
}

QString DataModel::formatNumber(const QJsonValue& value, const QLocale& locale) {
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::trunc(d) == d && std::abs(d) < 9007199254740992.0)
            return locale.toString(static_cast<qlonglong>(d));
        return locale.toString(d, 'g', 15);
    }
    // Decimals arrive as text so that no digit is lost on the way: group them by hand.
    const auto text = value.toString();
    qsizetype start = 0;
    bool negative = false;
    if (text.startsWith(QLatin1Char('-'))) {
        negative = true;
        start = 1;
    }
    const auto point = text.indexOf(QLatin1Char('.'), start);
    const auto whole = text.mid(start, point < 0 ? -1 : point - start);
    const auto fraction = point < 0 ? QString() : text.mid(point + 1);
    bool ok = !whole.isEmpty() && whole.size() <= 18;
    for (const auto c : whole + fraction)
        ok = ok && c.isDigit();
    if (!ok) return text;
    auto result = locale.toString(whole.toLongLong());
    if (!fraction.isEmpty()) result += locale.decimalPoint() + fraction;
    return negative ? locale.negativeSign() + result : result;
}

QVariant DataModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columnNames.size())
        return {};
    const auto value = m_rows[index.row()].at(index.column());
    const bool numeric = m_numeric.value(index.column());
    switch (role) {
        case kRawRole:
            return value.toVariant();
        case Qt::DisplayRole:
            if (value.isNull()) return QString();
            if (numeric) return formatNumber(value, QLocale());
            return value.isString() ? value.toString() : value.toVariant().toString();
        case Qt::ToolTipRole:
            return value.isNull() ? tr("No value") : QVariant();
        case Qt::BackgroundRole:
            // NULL is not an empty string: a grey cell says "no value".
            return value.isNull() ? QVariant(QBrush(QColor(0xee, 0xee, 0xee))) : QVariant();
        case Qt::TextAlignmentRole:
            return numeric ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                           : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant DataModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        return role == Qt::DisplayRole ? QVariant(QLocale().toString(section + 1)) : QVariant();
    }
    if (section < 0 || section >= m_columns.size()) return {};
    const auto column = m_columns[section].toObject();
    if (role == Qt::DisplayRole) return column.value(QLatin1String("name")).toString();
    if (role == Qt::ToolTipRole)
        return tr("%1 (%2); click to sort on the agent")
            .arg(column.value(QLatin1String("name")).toString(),
                 column.value(QLatin1String("type")).toString());
    return {};
}

}  // namespace findata::app
