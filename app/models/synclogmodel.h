#pragma once
// SyncLogModel: sync history rows (GET /api/sync/logs/ items) for a table view, and the control
// totals of a sync's files (its "file_records") as rows for the Sync screen's details.

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

    /// One figure of one file's control totals: in the file, in the warehouse after the swap.
    struct TotalRow {
        QString file;         // "Credit file (credit.csv)"
        QString source;       // "upload" or "live data re-checked"
        QString figure;       // "Rows accepted" or an amount field's name
        QString inFile;       // localized, every digit kept
        QString inWarehouse;  // empty when not read back
        QString match;        // "yes", "NO", or "not checked"
        bool differs = false;
    };
    /// The rows of a sync log's file_records: per file its rows accepted, then each amount sum.
    static QList<TotalRow> controlTotals(const QJsonObject& log);
    /// A decimal text ("-1234567.50") localized with every digit kept (no binary rounding).
    static QString exactDecimal(const QString& text);

private:
    QList<QJsonObject> m_logs;
};

}  // namespace findata::app
