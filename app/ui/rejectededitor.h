#pragma once
// RejectedEditor: the rejected rows of the Sync screen's selected sync, one file at a time, in
// a paged table — each row's line, state and fields, the offending cells coloured with the
// reasons as their tooltips. Cells are editable; "Check corrections" runs the core validator
// locally (as the Upload screen's pre-check does) and marks the rows that are now valid;
// "Resubmit corrected rows" sends the selected rows' edits for the next sync to merge, "Dismiss"
// marks the selected rows as not to be corrected.

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QPointer>
#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace findata::app {

class AgentClient;
class AgentReply;

class RejectedEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RejectedEditor)
public:
    static constexpr int kPageSize = 50;
    /// Columns before the file's fields: line, state.
    static constexpr int kFirstField = 2;

    explicit RejectedEditor(AgentClient& client, QWidget* parent = nullptr);

    /// Shows the rejected rows of `syncId` (of `loanType`), from the first page of the credit
    /// file (or the payment plan's when the credit file has none).
    void setSync(const QString& syncId, const QString& loanType, qint64 creditRejected,
                 qint64 paymentRejected);
    void clear();
    /// Loads page `page` (from 0) of `fileType`'s rows.
    void load(const QString& fileType, int page);

    QTableWidget* table() const { return m_table; }
    QString fileType() const { return m_fileType; }
    int page() const { return m_page; }
    qint64 total() const { return m_total; }
    /// The table's column of a field; -1 when the file has no such column.
    int columnOf(const QString& field) const;
    /// The line of a table row.
    qint64 lineAt(int row) const;
    /// Whether the last local check found the row valid.
    bool isValid(int row) const { return m_valid.contains(row); }

    /// Checks every edited row with the core validator on this machine; rechecked() follows.
    void recheck();
    /// Sends the selected rows' edits (the rows with edits when nothing is selected) for the
    /// next sync; resubmitted() follows.
    void resubmitSelected();
    /// Marks the selected rows dismissed with `reason`; dismissed() follows.
    void dismissSelected(const QString& reason);

Q_SIGNALS:
    void loaded();
    void rechecked(int validRows, int invalidRows);
    void resubmitted(bool ok, const QString& message);
    void dismissed(bool ok, const QString& message);

private:
    void show(const QJsonObject& page);
    void cellEdited(int row, int column);
    QList<int> actedRows() const;
    void setMessage(const QString& text, bool failure);
    void updateButtons();

    AgentClient& m_client;
    QComboBox* m_file = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
    QLabel* m_pageLabel = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_check = nullptr;
    QPushButton* m_resubmit = nullptr;
    QPushButton* m_dismiss = nullptr;
    QLabel* m_message = nullptr;
    QPointer<AgentReply> m_reply;
    QString m_syncId, m_loanType, m_fileType;
    int m_page = 0;
    qint64 m_total = 0;
    QStringList m_header;
    QList<QJsonObject> m_rows;      // as loaded
    QMap<int, QSet<int>> m_edited;  // table row → edited columns
    QSet<int> m_valid;              // rows the last local check found valid
    bool m_filling = false;         // the table is being filled, not edited
};

}  // namespace findata::app
