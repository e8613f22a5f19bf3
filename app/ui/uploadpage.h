#pragma once
// UploadPage: choose (or drop) a file with its loan type and file type, pre-check its header and
// first rows locally, stream it to the agent with progress and cancel, say what the agent did
// with it (staged, unchanged, refused), and list the recent uploads.

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>

#include "app/ui/localcheck.h"
#include "app/ui/page.h"

class QComboBox;
class QDateEdit;
class QDragEnterEvent;
class QDropEvent;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace findata::app {

class AgentReply;

class UploadPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadPage)
public:
    /// How many data rows the local pre-check reads.
    static constexpr int kCheckRows = 1000;

    /// What became of the last upload.
    enum class Outcome { None, Staged, Unchanged, Refused, Canceled, Failed };
    Q_ENUM(Outcome)

    explicit UploadPage(AgentClient& client, QWidget* parent = nullptr);
    ~UploadPage() override;
    void activate() override;

    /// Takes `path` as the file to upload and pre-checks it (as choosing or dropping it does).
    void setFile(const QString& path);
    QString filePath() const { return m_path; }
    /// The pre-check of the chosen file is still running.
    bool isChecking() const { return m_checking; }
    const LocalCheckResult& checkResult() const { return m_check; }

    /// Sends the chosen file (when the pre-check allows it).
    void startUpload();
    /// Stops the running upload; the agent keeps nothing of it.
    void cancelUpload();
    bool isUploading() const { return !m_reply.isNull(); }
    qint64 bytesSent() const { return m_sent; }
    Outcome outcome() const { return m_outcome; }
    /// The agent's answer to the last upload (the upload, or the "unchanged" note).
    QJsonObject lastAnswer() const { return m_answer; }

    /// Fetches the recent uploads again.
    void refreshUploads();

Q_SIGNALS:
    void checkFinished();
    void uploadFinished(findata::app::UploadPage::Outcome outcome);
    void uploadsRefreshed();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void chooseFile();
    void runCheck();
    void startCheck(const QJsonObject& rules, int generation);
    void showCheck(const LocalCheckResult& result);
    void showProgress(qint64 sent, qint64 total);
    void onUploadFinished(AgentReply* reply);
    void showResult(Outcome outcome, const QString& text);
    void showUploads(const QJsonArray& uploads);
    void updateButtons();
    QString loanType() const;
    QString fileType() const;

    QComboBox* m_loanType = nullptr;
    QComboBox* m_fileType = nullptr;
    QDateEdit* m_period = nullptr;  // the reporting period (month) the file is as of
    QLabel* m_fileLabel = nullptr;
    QPushButton* m_choose = nullptr;
    QLabel* m_checkSummary = nullptr;
    QTableWidget* m_findings = nullptr;
    QPushButton* m_upload = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_transfer = nullptr;
    QLabel* m_result = nullptr;
    QLabel* m_listMessage = nullptr;
    QTableWidget* m_uploads = nullptr;

    QString m_path;
    LocalCheckResult m_check;
    bool m_checking = false;
    int m_checkGeneration = 0;  // answers of older pre-checks are dropped
    QList<QThread*> m_checkThreads;
    QPointer<AgentReply> m_reply;
    QPointer<AgentReply> m_list;
    QElapsedTimer m_elapsed;
    qint64 m_sent = 0;
    qint64 m_total = 0;
    Outcome m_outcome = Outcome::None;
    QJsonObject m_answer;
};

}  // namespace findata::app
