#pragma once
// DataModel: warehouse rows (GET /api/data/) paged on the server. The view's scrolling asks for
// the next page (canFetchMore/fetchMore); sorting is the agent's; a new query starts afresh and
// answers to an older one are dropped.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QPointer>
#include <QStringList>

#include "app/client/agentclient.h"

namespace findata::app {

class DataModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataModel)
public:
    static constexpr int kPageSize = 200;  // rows per request unless setPageSize() says otherwise
    /// The cell as the agent sent it (QJsonValue::toVariant(): null, number or text).
    static constexpr int kRawRole = Qt::UserRole + 1;

    explicit DataModel(AgentClient& client, QObject* parent = nullptr);
    ~DataModel() override;

    /// Starts over with `query` (its page and page size are the model's own): rows are
    /// dropped and the first page is requested.
    void setQuery(const DataQuery& query);
    /// Rows asked for per request (1 … 500, the agent's most); applies from the next query.
    void setPageSize(int rows) { m_pageSize = qBound(1, rows, 500); }
    int pageSize() const { return m_pageSize; }
    DataQuery query() const { return m_query; }
    /// Requests the first page of the current query again.
    void reload() { setQuery(m_query); }

    /// Rows matching the query on the agent; -1 until the first page has answered.
    qint64 total() const { return m_total; }
    bool isLoading() const { return m_loading; }
    /// Why the last request failed (the agent's message); empty when it did not.
    QString errorString() const { return m_error; }
    QStringList columnNames() const { return m_columnNames; }
    /// The column named `name`, or -1.
    int columnIndex(const QString& name) const {
        return static_cast<int>(m_columnNames.indexOf(name));
    }
    /// The sorted column (-1: the table key's order) and its order.
    int sortColumn() const { return columnIndex(m_query.sortColumn); }
    Qt::SortOrder sortOrder() const {
        return m_query.descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent = {}) const override;
    void fetchMore(const QModelIndex& parent = {}) override;
    /// Sorts on the agent: starts over ordered by `column` (-1: the table key's order).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// A number as the agent sent it ("1234567.5", 42) written for `locale`, digits kept exact.
    static QString formatNumber(const QJsonValue& value, const QLocale& locale);

Q_SIGNALS:
    /// A page arrived (total() and the rows are up to date).
    void pageLoaded();
    /// A request failed; `message` is for the operator.
    void failed(const QString& message);
    /// Loading started or ended.
    void loadingChanged(bool loading);

private:
    void request(int page);

    AgentClient& m_client;
    DataQuery m_query;
    QPointer<AgentReply> m_pending;
    bool m_loading = false;
    bool m_exhausted = false;  // a short page came: nothing more to fetch
    quint64 m_generation = 0;  // bumped by every new query; older answers are dropped
    int m_nextPage = 1;
    int m_pageSize = kPageSize;
    qint64 m_total = -1;
    QString m_error;
    QJsonArray m_columns;  // [{name, type, numeric}]
    QStringList m_columnNames;
    QList<bool> m_numeric;
    QList<QJsonArray> m_rows;
};

}  // namespace findata::app
