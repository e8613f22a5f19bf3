// RejectedEditor: review, correct and resubmit a sync's rejected rows (rejectededitor.h).

#include "app/ui/rejectededitor.h"

#include <QBrush>
#include <QColor>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <algorithm>

#include "app/client/agentclient.h"
#include "app/ui/localcheck.h"

namespace findata::app {
namespace {

const QColor kOffending(255, 214, 214);  // a cell a reason names
const QColor kEdited(255, 243, 191);     // a cell the operator changed
const QColor kValid(214, 245, 214);      // a row the local check accepts

// One CSV field with ';' between fields (quoted when it must be).
QString csvField(const QString& text) {
    if (!text.contains(u';') && !text.contains(u'"') && !text.contains(u'\n') &&
        !text.contains(u'\r'))
        return text;
    return u'"' + QString(text).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

}  // namespace

RejectedEditor::RejectedEditor(AgentClient& client, QWidget* parent)
    : QWidget(parent), m_client(client) {
    setObjectName(QStringLiteral("rejectedEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    m_file = new QComboBox(this);
    m_file->setObjectName(QStringLiteral("rejectedEditorFile"));
    m_file->addItem(tr("Credit file"), QStringLiteral("credit"));
    m_file->addItem(tr("Payment plan file"), QStringLiteral("payment_plan"));
    m_previous = new QPushButton(tr("◀ Previous"), this);
    m_previous->setObjectName(QStringLiteral("rejectedPrevious"));
    m_next = new QPushButton(tr("Next ▶"), this);
    m_next->setObjectName(QStringLiteral("rejectedNext"));
    m_pageLabel = new QLabel(this);
    m_pageLabel->setObjectName(QStringLiteral("rejectedPage"));
    top->addWidget(m_file, 1);
    top->addWidget(m_previous);
    top->addWidget(m_pageLabel);
    top->addWidget(m_next);
    layout->addLayout(top);

    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("rejectedTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(180);
    layout->addWidget(m_table, 1);

    auto* actions = new QHBoxLayout;
    m_check = new QPushButton(tr("Check corrections"), this);
    m_check->setObjectName(QStringLiteral("rejectedCheck"));
    m_check->setToolTip(tr("Validate the edited rows on this computer, as the agent will"));
    m_resubmit = new QPushButton(tr("Resubmit corrected rows"), this);
    m_resubmit->setObjectName(QStringLiteral("rejectedResubmit"));
    m_resubmit->setToolTip(
        tr("Send the selected rows' corrections: the next sync validates them "
           "and merges the accepted ones into the live data"));
    m_dismiss = new QPushButton(tr("Dismiss…"), this);
    m_dismiss->setObjectName(QStringLiteral("rejectedDismiss"));
    m_dismiss->setToolTip(tr("Mark the selected rows as reviewed and not to be corrected"));
    actions->addWidget(m_check);
    actions->addWidget(m_resubmit);
    actions->addWidget(m_dismiss);
    actions->addStretch();
    layout->addLayout(actions);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("rejectedEditorMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    connect(m_file, &QComboBox::activated, this,
            [this] { load(m_file->currentData().toString(), 0); });
    connect(m_previous, &QPushButton::clicked, this, [this] { load(m_fileType, m_page - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { load(m_fileType, m_page + 1); });
    connect(m_table, &QTableWidget::cellChanged, this, &RejectedEditor::cellEdited);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RejectedEditor::updateButtons);
    connect(m_check, &QPushButton::clicked, this, &RejectedEditor::recheck);
    connect(m_resubmit, &QPushButton::clicked, this, &RejectedEditor::resubmitSelected);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const auto reason = QInputDialog::getText(this, tr("Dismiss rejected rows"),
                                                  tr("Why are these %n row(s) not to be corrected?",
                                                     nullptr, static_cast<int>(actedRows().size())),
                                                  QLineEdit::Normal, {}, &ok);
        if (ok) dismissSelected(reason);
    });
    clear();
}

void RejectedEditor::clear() {
    m_syncId.clear();
    m_rows.clear();
    m_edited.clear();
    m_valid.clear();
    m_total = 0;
    m_filling = true;
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_filling = false;
    m_pageLabel->clear();
    m_message->clear();
    updateButtons();
}

void RejectedEditor::setSync(const QString& syncId, const QString& loanType, qint64 creditRejected,
                             qint64 paymentRejected) {
    clear();
    m_syncId = syncId;
    m_loanType = loanType;
    const QString file = creditRejected > 0 || paymentRejected == 0
                             ? QStringLiteral("credit")
                             : QStringLiteral("payment_plan");
    m_file->setCurrentIndex(m_file->findData(file));
    load(file, 0);
}

void RejectedEditor::load(const QString& fileType, int page) {
    if (m_syncId.isEmpty()) return;
    if (m_reply) m_reply->cancel();
    m_fileType = fileType;
    m_page = std::max(0, page);
    auto* reply = m_client.rejectedPage(m_syncId, fileType, kPageSize, m_page * kPageSize);
    m_reply = reply;
    connect(reply, &AgentReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_reply != reply) return;
        if (!reply->ok()) {
            setMessage(reply->errorString(), true);
            return;
        }
        show(reply->object());
        Q_EMIT loaded();
    });
}

void RejectedEditor::show(const QJsonObject& page) {
    m_total = page.value(QLatin1String("total")).toInteger();
    m_header.clear();
    for (const auto name :
         page.value(QLatin1String("headers")).toObject().value(m_fileType).toArray())
        m_header << name.toString();
    m_rows.clear();
    for (const auto item : page.value(QLatin1String("items")).toArray())
        m_rows << item.toObject();
    if (m_header.isEmpty() && !m_rows.isEmpty())
        m_header = m_rows.first().value(QLatin1String("fields")).toObject().keys();
    m_edited.clear();
    m_valid.clear();

    m_filling = true;
    m_table->clear();
    m_table->setColumnCount(kFirstField + static_cast<int>(m_header.size()));
    QStringList labels{tr("Line"), tr("State")};
    labels << m_header;
    m_table->setHorizontalHeaderLabels(labels);
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    const QLocale locale;
    for (int r = 0; r < m_rows.size(); ++r) {
        const auto& row = m_rows[r];
        auto* line =
            new QTableWidgetItem(locale.toString(row.value(QLatin1String("line")).toInteger()));
        line->setFlags(line->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(r, 0, line);
        const auto state = row.value(QLatin1String("state")).toString();
        QString stateText = state == QLatin1String("dismissed")     ? tr("Dismissed")
                            : state == QLatin1String("resubmitted") ? tr("Resubmitted")
                                                                    : tr("Open");
        if (!row.value(QLatin1String("pending_correction")).isNull())
            stateText = tr("Correction staged");
        auto* stateItem = new QTableWidgetItem(stateText);
        stateItem->setFlags(stateItem->flags() & ~Qt::ItemIsEditable);
        const auto dismissed = row.value(QLatin1String("dismissed")).toObject();
        if (!dismissed.isEmpty())
            stateItem->setToolTip(tr("Dismissed by %1: %2")
                                      .arg(dismissed.value(QLatin1String("actor")).toString(),
                                           dismissed.value(QLatin1String("reason")).toString()));
        m_table->setItem(r, 1, stateItem);
        const auto fields = row.value(QLatin1String("fields")).toObject();
        for (int c = 0; c < m_header.size(); ++c) {
            auto* cell = new QTableWidgetItem(fields.value(m_header[c]).toString());
            if (state == QLatin1String("resubmitted"))
                cell->setFlags(cell->flags() & ~Qt::ItemIsEditable);
            m_table->setItem(r, kFirstField + c, cell);
        }
        // The reasons next to the offending cells (a whole-row reason: on the line).
        for (const auto reason : row.value(QLatin1String("reasons")).toArray()) {
            const auto o = reason.toObject();
            const int column = columnOf(o.value(QLatin1String("field")).toString());
            auto* cell = m_table->item(r, column < 0 ? 0 : column);
            cell->setBackground(kOffending);
            const auto text = o.value(QLatin1String("message")).toString();
            cell->setToolTip(cell->toolTip().isEmpty() ? text : cell->toolTip() + u'\n' + text);
        }
    }
    m_filling = false;
    m_table->resizeColumnsToContents();
    const int pages = static_cast<int>((m_total + kPageSize - 1) / kPageSize);
    m_pageLabel->setText(tr("Page %1 of %2 (%3 rows)")
                             .arg(m_page + 1)
                             .arg(std::max(pages, 1))
                             .arg(QLocale().toString(m_total)));
    m_message->clear();
    updateButtons();
}

int RejectedEditor::columnOf(const QString& field) const {
    const auto index = m_header.indexOf(field);
    return index < 0 ? -1 : kFirstField + static_cast<int>(index);
}

qint64 RejectedEditor::lineAt(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows[row].value(QLatin1String("line")).toInteger()
                                           : -1;
}

void RejectedEditor::cellEdited(int row, int column) {
    if (m_filling || column < kFirstField) return;
    m_edited[row].insert(column);
    m_valid.remove(row);
    if (auto* item = m_table->item(row, column)) item->setBackground(kEdited);
    updateButtons();
}

QList<int> RejectedEditor::actedRows() const {
    QSet<int> rows;
    for (const auto& index : m_table->selectionModel()->selectedRows())
        rows.insert(index.row());
    QList<int> out(rows.begin(), rows.end());
    std::sort(out.begin(), out.end());
    return out;
}

void RejectedEditor::recheck() {
    if (m_edited.isEmpty()) {
        setMessage(tr("Edit the offending cells first, then check them."), false);
        return;
    }
    // The edited rows, in a file of their own: the validator reads it as the agent will.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("corrections.csv"));
    QFile file(path);
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly)) {
        setMessage(tr("The corrections could not be checked: no temporary file."), true);
        return;
    }
    QStringList header;
    for (const auto& name : m_header)
        header << csvField(name);
    file.write(header.join(u';').toUtf8() + '\n');
    const QList<int> rows = m_edited.keys();
    for (const int r : rows) {
        QStringList values;
        for (int c = 0; c < m_header.size(); ++c)
            values << csvField(m_table->item(r, kFirstField + c)->text());
        file.write(values.join(u';').toUtf8() + '\n');
    }
    file.close();
    const auto result =
        checkFileStart(path, m_loanType, m_fileType, static_cast<int>(rows.size()) + 1, 10000);
    if (!result.uploadable()) {
        setMessage(result.readError.isEmpty() ? result.refusal : result.readError, true);
        return;
    }
    QMap<qint64, QStringList> problems;  // line in the check file → error messages
    QMap<qint64, QSet<int>> badColumns;
    for (const auto& f : result.findings) {
        if (!f.error) continue;
        problems[f.line] << f.message;
        badColumns[f.line].insert(columnOf(f.field));
    }
    int valid = 0;
    m_filling = true;
    for (int i = 0; i < rows.size(); ++i) {
        const int r = rows[i];
        const qint64 line = i + 2;
        auto* state = m_table->item(r, 1);
        if (!problems.contains(line)) {
            m_valid.insert(r);
            ++valid;
            state->setText(tr("Valid now"));
            state->setBackground(kValid);
            state->setToolTip(tr("The local check accepts this row"));
            for (int c = kFirstField; c < m_table->columnCount(); ++c)
                if (!m_edited[r].contains(c)) m_table->item(r, c)->setBackground(QBrush());
            continue;
        }
        m_valid.remove(r);
        state->setText(tr("Still invalid"));
        state->setBackground(kOffending);
        state->setToolTip(problems[line].join(u'\n'));
        for (const int c : badColumns[line]) {
            if (c < 0) continue;
            m_table->item(r, c)->setBackground(kOffending);
            m_table->item(r, c)->setToolTip(problems[line].join(u'\n'));
        }
    }
    m_filling = false;
    setMessage(tr("%1 of %2 edited rows are valid now.").arg(valid).arg(rows.size()),
               valid < rows.size());
    updateButtons();
    Q_EMIT rechecked(valid, static_cast<int>(rows.size()) - valid);
}

void RejectedEditor::resubmitSelected() {
    auto rows = actedRows();
    if (rows.isEmpty()) rows = m_edited.keys();
    if (rows.isEmpty()) {
        setMessage(tr("Select the corrected rows to resubmit."), true);
        return;
    }
    QJsonArray body;
    for (const int r : rows) {
        QJsonObject fields;
        for (const int c : m_edited.value(r))
            fields.insert(m_header[c - kFirstField], m_table->item(r, c)->text());
        body.append(
            QJsonObject{{QStringLiteral("line"), lineAt(r)}, {QStringLiteral("fields"), fields}});
    }
    auto* reply = m_client.resubmitRejected(m_syncId, m_fileType, body);
    m_resubmit->setEnabled(false);
    connect(reply, &AgentReply::finished, this, [this, reply, n = rows.size()] {
        reply->deleteLater();
        const QString message =
            reply->ok() ? tr("%n corrected row(s) staged: the next sync validates them and merges "
                             "the accepted ones into the live data.",
                             nullptr, static_cast<int>(n))
                        : reply->errorString();
        setMessage(message, !reply->ok());
        if (reply->ok()) load(m_fileType, m_page);
        Q_EMIT resubmitted(reply->ok(), message);
    });
}

void RejectedEditor::dismissSelected(const QString& reason) {
    const auto rows = actedRows();
    if (rows.isEmpty()) {
        setMessage(tr("Select the rows to dismiss."), true);
        return;
    }
    QList<qint64> lines;
    for (const int r : rows)
        lines << lineAt(r);
    auto* reply = m_client.dismissRejected(m_syncId, m_fileType, lines, reason);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QString message = reply->ok()
                                    ? tr("%n row(s) dismissed.", nullptr,
                                         reply->object().value(QLatin1String("dismissed")).toInt())
                                    : reply->errorString();
        setMessage(message, !reply->ok());
        if (reply->ok()) load(m_fileType, m_page);
        Q_EMIT dismissed(reply->ok(), message);
    });
}

void RejectedEditor::setMessage(const QString& text, bool failure) {
    m_message->setText(text);
    m_message->setStyleSheet(failure ? QStringLiteral("color: #b00020;") : QString());
}

void RejectedEditor::updateButtons() {
    const bool loaded = !m_syncId.isEmpty() && !m_rows.isEmpty();
    const bool selected = loaded && !actedRows().isEmpty();
    m_previous->setEnabled(loaded && m_page > 0);
    m_next->setEnabled(!m_syncId.isEmpty() && (m_page + 1) * kPageSize < m_total);
    m_check->setEnabled(loaded && !m_edited.isEmpty());
    m_resubmit->setEnabled(loaded && (selected || !m_edited.isEmpty()));
    m_dismiss->setEnabled(selected);
}

}  // namespace findata::app
