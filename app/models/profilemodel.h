#pragma once
// ProfileModel: one row per warehouse column of a GET /api/profiling/ answer, with its
// statistics formatted for the operator (empty cells where a statistic does not apply), and its
// drift against the previous period (PSI; the tooltip adds the null ratio and mean before and
// now; a column past the threshold is drawn in the warning colour).

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace findata::app {

class ProfileModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileModel)
public:
    enum Column {
        Name,
        Type,
        Count,
        Nulls,     // share of rows without a value, in %
        Distinct,  // categorical columns
        Zeros,     // numeric columns: share of rows equal to 0, in %
        Min,
        Max,
        Mean,
        StdDev,
        P25,
        P50,
        P75,
        Drift,  // PSI against the previous period, when the agent compared one
        ColumnCount
    };
    /// The column's name (for finding a row whatever the view's order).
    static constexpr int kNameRole = Qt::UserRole + 1;
    /// A number to sort by (the display text is localized).
    static constexpr int kSortRole = Qt::UserRole + 2;

    explicit ProfileModel(QObject* parent = nullptr);
    /// The "columns" array of a profiling answer.
    void setColumns(const QJsonArray& columns);
    QJsonObject profile(int row) const { return m_columns.value(row); }
    /// The row of the column `name`, or -1.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// A number as the agent sent it (a JSON number or a decimal text such as "1250.50"),
    /// localized and keeping the decimals it came with; other text (dates) unchanged.
    static QString formatValue(const QJsonValue& value);
    /// A statistic computed in floating point (mean, stddev, quantiles), two decimals.
    static QString formatStatistic(const QJsonValue& value);
    /// A ratio 0…1 as a percentage with one decimal ("12.5 %").
    static QString formatPercent(const QJsonValue& ratio);

private:
    QVariant driftData(const QJsonObject& profile, int role) const;

    QList<QJsonObject> m_columns;
};

}  // namespace findata::app
