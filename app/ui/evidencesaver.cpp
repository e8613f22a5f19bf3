#include "app/ui/evidencesaver.h"

#include <QAbstractTextDocumentLayout>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

#include "app/client/agentclient.h"
#include "app/ui/dialogs.h"

namespace findata::app {

EvidenceSaver::EvidenceSaver(AgentClient& client, QObject* parent)
    : QObject(parent), m_client(client) {}

EvidenceSaver::~EvidenceSaver() {
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->cancel();
    }
}

bool EvidenceSaver::save(QWidget* dialogParent, const QString& syncId) {
    if (isBusy() || syncId.isEmpty()) return false;
    const auto path =
        dialogs().saveFileName(dialogParent, tr("Save the evidence of this sync"),
                               QStringLiteral("%1-evidence.html").arg(syncId),
                               tr("HTML page (*.html);;PDF document (*.pdf);;All files (*)"));
    if (path.isEmpty()) return false;
    const bool pdf =
        QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0;
    m_reply = m_client.syncEvidence(syncId, QStringLiteral("html"));
    connect(m_reply, &AgentReply::finished, this, [this, reply = m_reply.data(), path, pdf] {
        m_reply = nullptr;
        const auto shown = QDir::toNativeSeparators(path);
        if (reply->error() == AgentError::Canceled) {
            Q_EMIT finished(path, false, tr("Saving the evidence was canceled."));
            return;
        }
        if (!reply->ok()) {
            Q_EMIT finished(path, false,
                            tr("Could not get the evidence: %1").arg(reply->errorString()));
            return;
        }
        if (pdf) {
            QString error;
            const int pages = writePdf(reply->body(), path, &error);
            if (pages < 0)
                Q_EMIT finished(path, false, tr("Could not save %1: %2").arg(shown, error));
            else
                Q_EMIT finished(
                    path, true,
                    tr("Evidence saved to %1 (PDF, %n page(s)).", nullptr, pages).arg(shown));
            return;
        }
        const auto error = writeFile(reply->body(), path);
        if (!error.isEmpty())
            Q_EMIT finished(path, false, tr("Could not save %1: %2").arg(shown, error));
        else
            Q_EMIT finished(path, true,
                            tr("Evidence saved to %1 (HTML, %2 bytes).")
                                .arg(shown, QLocale().toString(reply->body().size())));
    });
    return true;
}

QString EvidenceSaver::writeFile(const QByteArray& bytes, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return file.errorString();
    return {};
}

int EvidenceSaver::writePdf(const QByteArray& html, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = file.errorString();
        return -1;
    }
    int pages = 0;
    {
        QPdfWriter writer(&file);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
        writer.setResolution(300);
        writer.setCreator(QStringLiteral("findata desktop"));
        QTextDocument document;
        // Laid out for the writer's pages (fonts at its resolution), so the page count is the
        // PDF's and print() paginates as laid out.
        document.documentLayout()->setPaintDevice(&writer);
        document.setHtml(QString::fromUtf8(html));
        document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        writer.setTitle(document.metaInformation(QTextDocument::DocumentTitle));
        document.print(&writer);
        pages = document.pageCount();
    }  // the writer finishes the PDF when it goes
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return -1;
    }
    return pages;
}

}  // namespace findata::app
