#include "app/models/errormodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

#include "app/client/typenames.h"

namespace findata::app {
namespace {

QVariant severityBrush(const QString& severity) {
    if (severity == QLatin1String("error")) return QBrush(QColor(0xb3, 0x26, 0x1e));
    if (severity == QLatin1String("warning")) return QBrush(QColor(0x9a, 0x67, 0x00));
    return {};
}

QString text(const QJsonObject& object, const char* name) {
    return object.value(QLatin1String(name)).toString();
}

}  // namespace

// --- ErrorModel ---------------------------------------------------------------------------

ErrorModel::ErrorModel(QObject* parent) : QAbstractTableModel(parent) {}

void ErrorModel::setFindings(const QJsonArray& items) {
    beginResetModel();
    m_items.clear();
    for (const auto& item : items)
        m_items.push_back(item.toObject());
    endResetModel();
}

int ErrorModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int ErrorModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ErrorModel::fileTypeText(const QString& fileType) {
    if (fileType == typeName(core::FileType::Credit)) return tr("Credit");
    if (fileType == typeName(core::FileType::PaymentPlan)) return tr("Payment plan");
    return fileType;
}

QString ErrorModel::severityText(const QString& severity) {
    if (severity == QLatin1String("error")) return tr("Error", "severity");
    if (severity == QLatin1String("warning")) return tr("Warning", "severity");
    return severity;
}

QVariant ErrorModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_items.size()) return {};
    const auto& item = m_items[index.row()];
    if (role == Qt::ForegroundRole && index.column() == Severity)
        return severityBrush(text(item, "severity"));
    if (role == Qt::TextAlignmentRole && index.column() == Line)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Message) return text(item, "message");
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Line:
            return QLocale().toString(item.value(QLatin1String("line")).toInteger());
        case File:
            return fileTypeText(text(item, "file_type"));
        case Field:
            return text(item, "field");
        case Value:
            return text(item, "value");
        case ErrorType:
            return text(item, "error_type");
        case Severity:
            return severityText(text(item, "severity"));
        case Message:
            return text(item, "message");
        default:
            return {};
    }
}

QVariant ErrorModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Line:
            return tr("Line");
        case File:
            return tr("File");
        case Field:
            return tr("Field");
        case Value:
            return tr("Value");
        case ErrorType:
            return tr("Error type");
        case Severity:
            return tr("Severity");
        case Message:
            return tr("Message");
        default:
            return {};
    }
}

// --- ErrorGroupModel ----------------------------------------------------------------------

ErrorGroupModel::ErrorGroupModel(QObject* parent) : QAbstractTableModel(parent) {}

void ErrorGroupModel::setGroups(const QJsonArray& groups) {
    beginResetModel();
    m_groups.clear();
    for (const auto& group : groups)
        m_groups.push_back(group.toObject());
    // Errors before warnings, then file-level summaries: stable, so the agent's order stays.
    std::stable_sort(m_groups.begin(), m_groups.end(),
                     [](const QJsonObject& a, const QJsonObject& b) {
                         const bool aError = text(a, "severity") == QLatin1String("error");
                         const bool bError = text(b, "severity") == QLatin1String("error");
                         if (aError != bError) return aError;
                         const bool aFile = text(a, "scope") == QLatin1String("file");
                         const bool bFile = text(b, "scope") == QLatin1String("file");
                         return aFile && !bFile;
                     });
    endResetModel();
}

bool ErrorGroupModel::isFileLevel(int row) const {
    return text(m_groups.value(row), "scope") == QLatin1String("file");
}

QStringList ErrorGroupModel::fileLevelSummaries() const {
    QStringList out;
    for (int row = 0; row < m_groups.size(); ++row)
        if (isFileLevel(row)) out << text(m_groups[row], "summary");
    return out;
}

int ErrorGroupModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_groups.size());
}

int ErrorGroupModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ErrorGroupModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_groups.size()) return {};
    const auto& group = m_groups[index.row()];
    if (role == Qt::ForegroundRole && index.column() == Severity)
        return severityBrush(text(group, "severity"));
    if (role == Qt::TextAlignmentRole && (index.column() == Count || index.column() == Share))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool fileLevel = isFileLevel(index.row());
    if (role == Qt::FontRole && fileLevel) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole)
        return fileLevel ? tr("%1\nClick to list these findings").arg(text(group, "summary"))
                         : tr("Click to list these findings");
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case File:
            return ErrorModel::fileTypeText(text(group, "file_type"));
        case Field:
            return text(group, "field");
        case ErrorType:
            return text(group, "error_type");
        case Severity:
            return ErrorModel::severityText(text(group, "severity"));
        case Count:
            return QLocale().toString(group.value(QLatin1String("count")).toInteger());
        case Share: {
            const auto share = text(group, "share_percent");
            if (share.isEmpty()) return {};
            const auto percent =
                QStringLiteral("%1 %").arg(QLocale().toString(share.toDouble(), 'f', 1));
            return fileLevel ? tr("%1 of the file (file-level)").arg(percent) : percent;
        }
        default:
            return {};
    }
}

QVariant ErrorGroupModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case File:
            return tr("File");
        case Field:
            return tr("Field");
        case ErrorType:
            return tr("Error type");
        case Severity:
            return tr("Severity");
        case Count:
            return tr("Count");
        case Share:
            return tr("Share of rows");
        default:
            return {};
    }
}

}  // namespace findata::app
