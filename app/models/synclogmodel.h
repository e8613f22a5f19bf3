#pragma once
// SyncLogModel: sync history rows (GET /api/sync/logs/ items) for a table view.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace findata::app {

class SyncLogModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncLogModel)
public:
    enum Column {
        Started,
        LoanType,
        Status,
        RowsRead,
        RowsLoaded,
        RowsRejected,
        Duration,
        Who,
        ColumnCount
    };
    static constexpr int kIdRole = Qt::UserRole + 1;

    explicit SyncLogModel(QObject* parent = nullptr);
    void setLogs(const QJsonArray& logs);
    /// Replaces the row of the same sync id (or inserts it on top).
    void updateLog(const QJsonObject& log);
    QJsonObject log(int row) const { return m_logs.value(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// A sync status word in the operator's language.
    static QString statusText(const QString& status);

private:
    QList<QJsonObject> m_logs;
};

}  // namespace findata::app
