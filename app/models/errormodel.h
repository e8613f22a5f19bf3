#pragma once
// ErrorModel: one page of a sync's validation findings (GET /api/sync/logs/{id}/errors/ items);
// ErrorGroupModel: the same answer's groups (file, field, error type, severity, count).

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace findata::app {

class ErrorModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorModel)
public:
    enum Column { Line, File, Field, Value, ErrorType, Severity, Message, ColumnCount };

    explicit ErrorModel(QObject* parent = nullptr);
    void setFindings(const QJsonArray& items);
    QJsonObject finding(int row) const { return m_items.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// A file type (credit, payment_plan) in the operator's language.
    static QString fileTypeText(const QString& fileType);
    /// A severity (error, warning) in the operator's language.
    static QString severityText(const QString& severity);

private:
    QList<QJsonObject> m_items;
};

class ErrorGroupModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorGroupModel)
public:
    enum Column { File, Field, ErrorType, Severity, Count, ColumnCount };

    explicit ErrorGroupModel(QObject* parent = nullptr);
    void setGroups(const QJsonArray& groups);
    QJsonObject group(int row) const { return m_groups.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<QJsonObject> m_groups;
};

}  // namespace findata::app
