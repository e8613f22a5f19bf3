#include "app/ui/reportspage.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "app/client/agentclient.h"
#include "app/ui/dialogs.h"
#include "app/ui/evidencesaver.h"

namespace findata::app {

ReportsPage::ReportsPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_loanType = new QComboBox(this);
    m_loanType->setObjectName(QStringLiteral("reportLoanType"));
    m_loanType->addItem(tr("Retail"), QStringLiteral("RETAIL"));
    m_loanType->addItem(tr("Commercial"), QStringLiteral("COMMERCIAL"));
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("reportPeriod"));
    m_period->setEditable(true);
    m_period->addItem(QString());  // the latest
    m_period->lineEdit()->setPlaceholderText(tr("latest (or YYYY-MM)"));
    // Wide enough for its hint in either language: its items are empty until periods load.
    m_period->setMinimumContentsLength(int(m_period->lineEdit()->placeholderText().size()));
    m_period->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("([0-9]{4}-(0[1-9]|1[0-2]))?")), m_period));
    m_show = new QPushButton(tr("Show"), this);
    m_show->setObjectName(QStringLiteral("reportShow"));
    m_save = new QPushButton(tr("Save…"), this);
    m_save->setObjectName(QStringLiteral("reportSave"));
    m_save->setToolTip(tr("Save the report as an HTML page, a PDF document or CSV"));
    m_save->setEnabled(false);
    bar->addWidget(new QLabel(tr("Loan type"), this));
    bar->addWidget(m_loanType);
    bar->addWidget(new QLabel(tr("Period"), this));
    bar->addWidget(m_period);
    bar->addWidget(m_show);
    bar->addStretch();
    bar->addWidget(m_save);
    layout->addLayout(bar);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("reportMessage"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    layout->addWidget(m_message);
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("reportView"));
    m_view->setOpenLinks(false);
    layout->addWidget(m_view, 1);
    connect(m_show, &QPushButton::clicked, this, &ReportsPage::refresh);
    connect(m_loanType, &QComboBox::currentIndexChanged, this, &ReportsPage::refresh);
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
}

ReportsPage::~ReportsPage() {
    if (m_reply) m_reply->cancel();
    if (m_csvReply) m_csvReply->cancel();
}

void ReportsPage::activate() {
    if (!m_requested) refresh();
}

QString ReportsPage::period() const {
    return m_period->currentText().trimmed();
}

void ReportsPage::refresh() {
    if (auto* previous = m_reply.data()) {
        m_reply = nullptr;
        previous->cancel();
    }
    m_requested = true;
    showMessage({});
    m_save->setEnabled(false);
    m_reply = client().periodReport(m_loanType->currentData().toString(), period(),
                                    QStringLiteral("html"));
    connect(m_reply, &AgentReply::finished, this, [this, reply = m_reply.data()] {
        if (reply != m_reply) return;
        m_reply = nullptr;
        if (reply->ok()) {
            m_html = reply->body();
            m_view->setHtml(QString::fromUtf8(m_html));
            m_save->setEnabled(true);
        } else {
            m_html.clear();
            m_view->clear();
            showMessage(reply->httpStatus() == 404
                            ? tr("No report: %1").arg(reply->errorString())
                            : tr("Could not get the report: %1").arg(reply->errorString()));
        }
        Q_EMIT loaded();
    });
}

bool ReportsPage::save() {
    if (m_html.isEmpty() || m_csvReply) return false;
    const auto loanType = m_loanType->currentData().toString();
    const auto suggested = QStringLiteral("period-report-%1%2.html")
                               .arg(loanType, period().isEmpty() ? QString() : u'-' + period());
    const auto path = dialogs().saveFileName(
        this, tr("Save the period report"), suggested,
        tr("HTML page (*.html);;PDF document (*.pdf);;CSV (*.csv);;All files (*)"));
    if (path.isEmpty()) return false;
    const auto suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("csv")) {
        finishSave(path, m_html, suffix == QLatin1String("pdf"));
        return true;
    }
    m_csvReply = client().periodReport(loanType, period(), QStringLiteral("csv"));
    connect(m_csvReply, &AgentReply::finished, this, [this, reply = m_csvReply.data(), path] {
        m_csvReply = nullptr;
        if (!reply->ok()) {
            Q_EMIT saved(path, false, tr("Could not get the CSV: %1").arg(reply->errorString()));
            return;
        }
        finishSave(path, reply->body(), false);
    });
    return true;
}

void ReportsPage::finishSave(const QString& path, const QByteArray& bytes, bool pdf) {
    const auto shown = QDir::toNativeSeparators(path);
    QString error;
    if (pdf) {
        if (EvidenceSaver::writePdf(bytes, path, &error) < 0) {
            Q_EMIT saved(path, false, tr("Could not save %1: %2").arg(shown, error));
            return;
        }
    } else {
        error = EvidenceSaver::writeFile(bytes, path);
        if (!error.isEmpty()) {
            Q_EMIT saved(path, false, tr("Could not save %1: %2").arg(shown, error));
            return;
        }
    }
    showMessage(tr("Report saved to %1.").arg(shown));
    Q_EMIT saved(path, true, tr("Report saved to %1.").arg(shown));
}

void ReportsPage::showMessage(const QString& message) {
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

}  // namespace findata::app
