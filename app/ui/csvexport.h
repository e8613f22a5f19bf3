#pragma once
// CsvExport: a download of an export into a file the operator picks, shown inline while it runs:
// a progress bar counting rows against the rows expected, a Cancel button and the outcome as a
// message. A failed or canceled export leaves no file behind (written through QSaveFile).

#include <QPointer>
#include <QWidget>
#include <functional>

class QIODevice;
class QLabel;
class QProgressBar;
class QPushButton;

namespace findata::app {

class AgentReply;
class CountingSaveFile;

class CsvExport final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvExport)
public:
    /// Starts the download into `sink` (the file, open for writing) and returns its reply.
    using Starter = std::function<AgentReply*(QIODevice* sink)>;

    /// `namePrefix` names the children for tests: <prefix>Progress, <prefix>Cancel,
    /// <prefix>Message.
    explicit CsvExport(const QString& namePrefix, QWidget* parent = nullptr);
    ~CsvExport() override;

    /// Asks for a file through dialogs() and starts the download; false when the operator
    /// canceled the dialog or the file cannot be written (the message says why).
    /// `expectedRows` (without the header; -1 if unknown) scales the progress bar.
    bool start(const QString& caption, const QString& suggestedName, qint64 expectedRows,
               const Starter& starter);
    bool isRunning() const { return m_reply != nullptr; }
    /// Stops a running export; its partial file is discarded.
    void cancel();
    /// What the last export ended with ("Exported 1,234 rows to …" or why it failed).
    QString message() const;
    /// The file of the last export.
    QString fileName() const { return m_fileName; }

Q_SIGNALS:
    void runningChanged(bool running);
    /// The export ended: written (ok) or failed/canceled (the file is not there).
    void finished(bool ok);

private:
    void showProgress();
    void finish();
    void showMessage(const QString& text, bool failure);

    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_message = nullptr;
    QPointer<AgentReply> m_reply;
    CountingSaveFile* m_file = nullptr;
    QString m_fileName;
    qint64 m_expectedRows = -1;
    qint64 m_bytes = 0;
    bool m_canceled = false;
};

}  // namespace findata::app
