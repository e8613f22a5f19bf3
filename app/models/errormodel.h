#pragma once
// ErrorModel: one page of a sync's validation findings (GET /api/sync/logs/{id}/errors/ items);
// ErrorGroupModel: the same answer's groups (file, field, error type, severity, count, share of
// the file's rows), errors first and, within a severity, the file-level summaries first (a rule
// that fired on most rows of a file: shown in bold with its summary).

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
    enum Column { File, Field, ErrorType, Severity, Count, Share, ColumnCount };

    explicit ErrorGroupModel(QObject* parent = nullptr);
    /// Keeps the agent's order, but errors always before warnings and file-level groups first
    /// within a severity (also for an agent that does not order them).
    void setGroups(const QJsonArray& groups);
    /// Whether group `row` is a file-level summary (scope "file").
    bool isFileLevel(int row) const;
    /// The summaries of the file-level groups, in order.
    QStringList fileLevelSummaries() const;
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
