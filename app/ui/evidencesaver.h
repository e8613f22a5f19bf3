#pragma once
// EvidenceSaver: saves the evidence pack of a sync where the operator chooses — the agent's
// printable HTML page as it is (it carries the sealed document, so `findata-agent evidence verify`
// checks the saved page), or that page laid out by QTextDocument and printed to PDF through
// QPdfWriter (A4). The chosen name's suffix decides: ".pdf" gives a PDF, anything else HTML.

#include <QObject>
#include <QPointer>
#include <QString>

class QWidget;

namespace findata::app {

class AgentClient;
class AgentReply;

class EvidenceSaver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvidenceSaver)
public:
    explicit EvidenceSaver(AgentClient& client, QObject* parent = nullptr);
    ~EvidenceSaver() override;

    /// Asks for a file (through dialogs()) and saves the pack of `syncId` there; false when
    /// nothing started (the operator canceled, or a save is running).
    bool save(QWidget* dialogParent, const QString& syncId);
    bool isBusy() const { return !m_reply.isNull(); }

    /// Prints `html` to a PDF at `path` (replaced only when complete); the number of pages, or
    /// -1 with `error` set.
    static int writePdf(const QByteArray& html, const QString& path, QString* error);
    /// Writes `bytes` to `path` (replaced only when complete); empty, or what went wrong.
    static QString writeFile(const QByteArray& bytes, const QString& path);

Q_SIGNALS:
    /// A save ended; `message` says what was saved or why not, for the operator.
    void finished(const QString& path, bool ok, const QString& message);

private:
    AgentClient& m_client;
    QPointer<AgentReply> m_reply;
};

}  // namespace findata::app
