#pragma once
// ReportsPage: the period report of a loan type (GET /api/reports/period/) rendered in a
// QTextBrowser from the agent's HTML page, with a period picker (empty: the latest loaded) and
// Save as HTML (the agent's page as it is), PDF (that page printed through QPdfWriter) or CSV
// (the agent's CSV form of the same figures).

#include <QByteArray>
#include <QPointer>

#include "app/ui/page.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace findata::app {

class AgentReply;

class ReportsPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportsPage)
public:
    explicit ReportsPage(AgentClient& client, QWidget* parent = nullptr);
    ~ReportsPage() override;
    void activate() override;

    /// Fetches the report of the chosen loan type and period (again).
    void refresh();
    /// True once the last refresh() answered.
    bool isLoaded() const { return m_requested && !m_reply; }
    /// The HTML shown (the agent's page); empty when none.
    QByteArray html() const { return m_html; }
    /// Asks for a file (through dialogs()) and saves the report there: a ".pdf" name gives a
    /// PDF, ".csv" the CSV form, anything else the HTML page. False when nothing started.
    bool save();
    /// The period picked; empty for the latest.
    QString period() const;

Q_SIGNALS:
    /// A refresh() answered (see the message line for failures).
    void loaded();
    /// A save ended; `message` says what was saved or why not.
    void saved(const QString& path, bool ok, const QString& message);

private:
    void showMessage(const QString& message);
    void finishSave(const QString& path, const QByteArray& bytes, bool pdf);

    QComboBox* m_loanType = nullptr;
    QComboBox* m_period = nullptr;
    QPushButton* m_show = nullptr;
    QPushButton* m_save = nullptr;
    QLabel* m_message = nullptr;
    QTextBrowser* m_view = nullptr;
    QPointer<AgentReply> m_reply;
    QPointer<AgentReply> m_csvReply;
    QByteArray m_html;
    bool m_requested = false;
};

}  // namespace findata::app
