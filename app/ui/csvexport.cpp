#include "app/ui/csvexport.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <algorithm>
#include <limits>

#include "app/client/agentclient.h"
#include "app/ui/dialogs.h"

namespace findata::app {

// The export's file: counts the lines written so progress can be told in rows, not bytes.
class CountingSaveFile final : public QSaveFile {
public:
    explicit CountingSaveFile(const QString& name, QObject* parent) : QSaveFile(name, parent) {}
    /// Complete lines written so far, plus an unterminated last one.
    qint64 lines() const { return m_lines + (m_lastChar != '\n' && m_lastChar != 0 ? 1 : 0); }

protected:
    qint64 writeData(const char* data, qint64 len) override {
        const auto written = QSaveFile::writeData(data, len);
        if (written > 0) {
            m_lines += std::count(data, data + written, '\n');
            m_lastChar = data[written - 1];
        }
        return written;
    }

private:
    qint64 m_lines = 0;
    char m_lastChar = 0;
};

CsvExport::CsvExport(const QString& namePrefix, QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(namePrefix + QStringLiteral("Progress"));
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel export"), this);
    m_cancel->setObjectName(namePrefix + QStringLiteral("Cancel"));
    m_cancel->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(namePrefix + QStringLiteral("Message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_cancel);
    layout->addWidget(m_message, 1);
    connect(m_cancel, &QPushButton::clicked, this, &CsvExport::cancel);
}

CsvExport::~CsvExport() {
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->cancel();
    }
    if (m_file) m_file->cancelWriting();
}

QString CsvExport::message() const {
    return m_message->text();
}

void CsvExport::showMessage(const QString& text, bool failure) {
    m_message->setText(text);
    m_message->setStyleSheet(failure ? QStringLiteral("color: #b3261e;") : QString());
    m_message->setVisible(!text.isEmpty());
}

bool CsvExport::start(const QString& caption, const QString& suggestedName, qint64 expectedRows,
                      const Starter& starter) {
    if (isRunning()) return false;
    const auto path =
        dialogs().saveFileName(window(), caption, suggestedName, tr("CSV files (*.csv)"));
    if (path.isEmpty()) return false;
    m_fileName = path;
    m_file = new CountingSaveFile(path, this);
    if (!m_file->open(QIODevice::WriteOnly)) {
        showMessage(
            tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), m_file->errorString()),
            true);
        m_file->deleteLater();
        m_file = nullptr;
        return false;
    }
    m_expectedRows = expectedRows;
    m_bytes = 0;
    m_canceled = false;
    showMessage({}, false);
    if (expectedRows >= 0) {
        // Rows plus the header line; a bar that never reaches its end is worse than none.
        m_progress->setRange(0, static_cast<int>(std::min<qint64>(
                                    expectedRows + 1, std::numeric_limits<int>::max())));
    } else {
        m_progress->setRange(0, 0);
    }
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_reply = starter(m_file);
    connect(m_reply, &AgentReply::downloadProgress, this, [this](qint64 received, qint64) {
        m_bytes = received;
        showProgress();
    });
    connect(m_reply, &AgentReply::finished, this, &CsvExport::finish);
    showProgress();
    Q_EMIT runningChanged(true);
    return true;
}

void CsvExport::showProgress() {
    if (!m_file) return;
    const QLocale locale;
    const auto rows = std::max<qint64>(m_file->lines() - 1, 0);
    const auto size = locale.formattedDataSize(m_bytes);
    if (m_expectedRows >= 0) {
        m_progress->setValue(static_cast<int>(std::min<qint64>(rows + 1, m_progress->maximum())));
        m_progress->setFormat(
            tr("%1 of %2 rows (%3)")
                .arg(locale.toString(rows), locale.toString(m_expectedRows), size));
    } else {
        m_progress->setFormat(tr("%1 rows (%2)").arg(locale.toString(rows), size));
    }
}

void CsvExport::cancel() {
    if (!m_reply) return;
    m_canceled = true;
    m_reply->cancel();
}

void CsvExport::finish() {
    auto* reply = m_reply.data();
    m_reply = nullptr;
    bool ok = reply && reply->ok();
    QString failure;
    if (ok && !m_file->commit()) {
        ok = false;
        failure = tr("Cannot write %1: %2")
                      .arg(QDir::toNativeSeparators(m_fileName), m_file->errorString());
    }
    if (!ok) {
        m_file->cancelWriting();
        if (failure.isEmpty())
            failure = m_canceled
                          ? tr("Export canceled; no file was written.")
                          : tr("Export failed: %1").arg(reply ? reply->errorString() : QString());
    }
    const QLocale locale;
    const auto rows = std::max<qint64>(m_file->lines() - 1, 0);
    // The reply is still emitting finished(): the file goes when the event loop is back.
    m_file->deleteLater();
    m_file = nullptr;
    m_progress->hide();
    m_cancel->hide();
    if (ok)
        showMessage(tr("Exported %1 rows to %2.")
                        .arg(locale.toString(rows), QDir::toNativeSeparators(m_fileName)),
                    false);
    else
        showMessage(failure, true);
    Q_EMIT runningChanged(false);
    Q_EMIT finished(ok);
}

}  // namespace findata::app
