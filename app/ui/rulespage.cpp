// RulesPage: see rulespage.h.

#include "app/ui/rulespage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/client/agentclient.h"

namespace findata::app {
namespace {

const QStringList kErrorTypes = {QStringLiteral("REQUIRED"),        QStringLiteral("TYPE"),
                                 QStringLiteral("RANGE"),           QStringLiteral("FORMAT"),
                                 QStringLiteral("VALUE"),           QStringLiteral("DUPLICATE"),
                                 QStringLiteral("CROSS_REFERENCE"), QStringLiteral("CONSISTENCY")};
const QStringList kSeverities = {QStringLiteral("error"), QStringLiteral("warning"),
                                 QStringLiteral("off")};

// The roll-forward rules (agent/sync/rollforward.h) in the order the screen lists them. Their
// texts are marked in the class's own context: the constructor translates them with tr().
struct RollForwardRule {
    const char* id;
    const char* title;
    const char* help;
};
const RollForwardRule kRollForwardRules[] = {
    {"missing_loan", QT_TRANSLATE_NOOP("findata::app::RulesPage", "Loan missing"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "A loan of the previous period is absent although it was neither closed "
                       "nor matured")},
    {"immutable_changed", QT_TRANSLATE_NOOP("findata::app::RulesPage", "Fixed terms changed"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "Customer, original amount, start date or product differ from the "
                       "previous period")},
    {"principal_grew", QT_TRANSLATE_NOOP("findata::app::RulesPage", "Principal grew"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "The outstanding principal grew without a new disbursement or a "
                       "restructuring")},
    {"installments_decreased",
     QT_TRANSLATE_NOOP("findata::app::RulesPage", "Paid installments decreased"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage", "The paid installment count went down")},
    {"dpd_jump", QT_TRANSLATE_NOOP("findata::app::RulesPage", "Days past due jumped"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "Days past due rose by more than the days between the two periods")},
    {"portfolio_rollforward",
     QT_TRANSLATE_NOOP("findata::app::RulesPage", "Portfolio roll-forward"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "Previous outstanding − principal repaid + new loans differs from this "
                       "outstanding by more than the tolerance")},
    {"psi_drift", QT_TRANSLATE_NOOP("findata::app::RulesPage", "Column distribution drifted"),
     QT_TRANSLATE_NOOP("findata::app::RulesPage",
                       "A column's population stability index against the previous period is "
                       "above the PSI threshold")},
};

// A number as the roll-forward fields show and send it: plain digits and a dot.
const QRegularExpression kDecimal(QStringLiteral("[0-9]{1,13}(\\.[0-9]{0,6})?"));

QLineEdit* decimalField(const QString& name, const QString& tip, QWidget* parent) {
    auto* field = new QLineEdit(parent);
    field->setObjectName(name);
    field->setValidator(new QRegularExpressionValidator(kDecimal, field));
    field->setToolTip(tip);
    return field;
}

QString str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString();
}

QComboBox* choices(const QStringList& items, const QString& current, QWidget* parent) {
    auto* box = new QComboBox(parent);
    box->addItems(items);
    box->setCurrentIndex(std::max(0, static_cast<int>(items.indexOf(current))));
    return box;
}

QString cellText(const QTableWidget* table, int row, int column) {
    if (auto* box = qobject_cast<QComboBox*>(table->cellWidget(row, column)))
        return box->currentText();
    const auto* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

QTableWidget* makeTable(const QStringList& headers, const QString& name, QWidget* parent) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setMinimumHeight(120);
    return table;
}

}  // namespace

RulesPage::RulesPage(AgentClient& client, QWidget* parent) : Page(client, parent) {
    setObjectName(QStringLiteral("rulesPage"));
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* body = new QWidget(scroll);
    scroll->setWidget(body);
    auto* layout = new QVBoxLayout(body);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Loan type"), body));
    m_loanType = new QComboBox(body);
    m_loanType->setObjectName(QStringLiteral("rulesLoanType"));
    m_loanType->addItem(tr("Retail"), QStringLiteral("RETAIL"));
    m_loanType->addItem(tr("Commercial"), QStringLiteral("COMMERCIAL"));
    top->addWidget(m_loanType);
    m_versionLabel = new QLabel(body);
    m_versionLabel->setObjectName(QStringLiteral("rulesVersion"));
    top->addWidget(m_versionLabel, 1);
    layout->addLayout(top);
    m_note = new QLabel(body);
    m_note->setObjectName(QStringLiteral("rulesNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    auto* severityBox = new QGroupBox(tr("Severity per field and rule"), body);
    auto* severityLayout = new QVBoxLayout(severityBox);
    auto* severityHelp = new QLabel(
        tr("error: the row is rejected; warning: the row loads with a warning; off: no finding. "
           "A key column's checks and the checks of columns the warehouse cannot store empty "
           "stay errors."),
        severityBox);
    severityHelp->setWordWrap(true);
    severityLayout->addWidget(severityHelp);
    m_severities = makeTable({tr("Field"), tr("Error type"), tr("Severity")},
                             QStringLiteral("severityTable"), severityBox);
    severityLayout->addWidget(m_severities);
    auto* severityButtons = new QHBoxLayout;
    m_addSeverity = new QPushButton(tr("Add rule"), severityBox);
    m_addSeverity->setObjectName(QStringLiteral("addSeverity"));
    m_removeSeverity = new QPushButton(tr("Remove selected"), severityBox);
    m_removeSeverity->setObjectName(QStringLiteral("removeSeverity"));
    severityButtons->addWidget(m_addSeverity);
    severityButtons->addWidget(m_removeSeverity);
    severityButtons->addStretch(1);
    severityLayout->addLayout(severityButtons);
    layout->addWidget(severityBox);

    auto* thresholdBox = new QGroupBox(tr("Thresholds"), body);
    auto* form = new QFormLayout(thresholdBox);
    auto* rejectRow = new QHBoxLayout;
    m_rejectOverride = new QCheckBox(tr("override the sync configuration's"), thresholdBox);
    m_rejectOverride->setObjectName(QStringLiteral("rejectRatioOverride"));
    m_rejectRatio = new QDoubleSpinBox(thresholdBox);
    m_rejectRatio->setObjectName(QStringLiteral("rejectRatio"));
    m_rejectRatio->setRange(0, 1);
    m_rejectRatio->setDecimals(4);
    m_rejectRatio->setSingleStep(0.01);
    m_rejectRatio->setValue(0.5);
    rejectRow->addWidget(m_rejectOverride);
    rejectRow->addWidget(m_rejectRatio, 1);
    form->addRow(tr("Reject ratio"), rejectRow);
    m_suspicious = new QLineEdit(thresholdBox);
    m_suspicious->setObjectName(QStringLiteral("suspiciousAmount"));
    m_suspicious->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{1,17}")), m_suspicious));
    m_suspicious->setToolTip(tr("Whole currency units; 0 turns the check off"));
    form->addRow(tr("Suspicious amount"), m_suspicious);
    m_amountTolerance = new QDoubleSpinBox(thresholdBox);
    m_amountTolerance->setObjectName(QStringLiteral("amountTolerance"));
    m_amountTolerance->setRange(0, 1e12);
    m_amountTolerance->setDecimals(2);
    form->addRow(tr("Amount tolerance"), m_amountTolerance);
    m_installmentTolerance = new QSpinBox(thresholdBox);
    m_installmentTolerance->setObjectName(QStringLiteral("installmentTolerance"));
    m_installmentTolerance->setRange(0, 10000);
    form->addRow(tr("Installment count tolerance"), m_installmentTolerance);
    m_unknownColumns = new QComboBox(thresholdBox);
    m_unknownColumns->setObjectName(QStringLiteral("unknownColumns"));
    m_unknownColumns->addItem(tr("ignore with a warning"), QStringLiteral("warn"));
    m_unknownColumns->addItem(tr("refuse the file"), QStringLiteral("refuse"));
    form->addRow(tr("Unknown columns"), m_unknownColumns);
    layout->addWidget(thresholdBox);

    auto* rollBox =
        new QGroupBox(tr("Roll-forward checks (this period against the previous one)"), body);
    rollBox->setObjectName(QStringLiteral("rollForwardBox"));
    auto* rollForm = new QFormLayout(rollBox);
    m_rollForwardForm = rollForm;
    for (const auto& rule : kRollForwardRules)
        addRollForwardRule(QString::fromLatin1(rule.id), tr(rule.title), tr(rule.help));
    m_rollForwardTolerance = decimalField(
        QStringLiteral("rollForwardTolerance"),
        tr("The portfolio roll-forward's allowed difference as a share of the previous "
           "outstanding principal (0.01 = 1 %); empty: the built-in 0.01"),
        rollBox);
    rollForm->addRow(tr("Roll-forward tolerance"), m_rollForwardTolerance);
    m_psiThreshold = decimalField(
        QStringLiteral("psiThreshold"),
        tr("A column drifted when its population stability index against the previous period "
           "exceeds this (0 to 100); empty: the built-in 0.25"),
        rollBox);
    rollForm->addRow(tr("Drift PSI threshold"), m_psiThreshold);
    m_rollForwardMessage = new QLabel(rollBox);
    m_rollForwardMessage->setObjectName(QStringLiteral("rollForwardMessage"));
    m_rollForwardMessage->setWordWrap(true);
    m_rollForwardMessage->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_rollForwardMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rollForwardMessage->hide();
    rollForm->addRow(m_rollForwardMessage);
    layout->addWidget(rollBox);

    auto* aliasBox = new QGroupBox(tr("Header aliases (the bank's column → catalog field)"), body);
    auto* aliasLayout = new QVBoxLayout(aliasBox);
    m_aliases = makeTable({tr("Bank's column"), tr("Catalog field")}, QStringLiteral("aliasTable"),
                          aliasBox);
    aliasLayout->addWidget(m_aliases);
    auto* aliasButtons = new QHBoxLayout;
    m_addAlias = new QPushButton(tr("Add alias"), aliasBox);
    m_addAlias->setObjectName(QStringLiteral("addAlias"));
    m_removeAlias = new QPushButton(tr("Remove selected"), aliasBox);
    m_removeAlias->setObjectName(QStringLiteral("removeAlias"));
    aliasButtons->addWidget(m_addAlias);
    aliasButtons->addWidget(m_removeAlias);
    aliasButtons->addStretch(1);
    aliasLayout->addLayout(aliasButtons);
    layout->addWidget(aliasBox);

    auto* bottom = new QHBoxLayout;
    m_save = new QPushButton(tr("Save as a new version"), body);
    m_save->setObjectName(QStringLiteral("saveRules"));
    bottom->addWidget(m_save);
    bottom->addStretch(1);
    layout->addLayout(bottom);
    m_message = new QLabel(body);
    m_message->setObjectName(QStringLiteral("rulesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(m_loanType, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_addSeverity, &QPushButton::clicked, this, [this] {
        addSeverityRow({}, kErrorTypes.front(), QStringLiteral("warning"));
        m_severities->setCurrentCell(m_severities->rowCount() - 1, 0);
    });
    connect(m_removeSeverity, &QPushButton::clicked, this, [this] {
        if (m_severities->currentRow() >= 0) m_severities->removeRow(m_severities->currentRow());
    });
    connect(m_addAlias, &QPushButton::clicked, this, [this] {
        addAliasRow({}, {});
        m_aliases->setCurrentCell(m_aliases->rowCount() - 1, 0);
    });
    connect(m_removeAlias, &QPushButton::clicked, this, [this] {
        if (m_aliases->currentRow() >= 0) m_aliases->removeRow(m_aliases->currentRow());
    });
    connect(m_rejectOverride, &QCheckBox::toggled, this,
            [this](bool on) { m_rejectRatio->setEnabled(on && m_editable); });
    connect(m_save, &QPushButton::clicked, this, &RulesPage::save);
    setEditable(false);
}

RulesPage::~RulesPage() {
    for (const auto& reply : std::as_const(m_replies)) {
        if (!reply) continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->cancel();
    }
}

void RulesPage::track(AgentReply* reply) {
    m_replies.push_back(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] { m_replies.removeAll(reply); });
}

void RulesPage::say(const QString& text, bool error) {
    m_message->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
    m_message->setText(text);
}

void RulesPage::addRollForwardRule(const QString& id, const QString& title, const QString& help) {
    auto* parent = m_rollForwardForm->parentWidget();
    auto* box = choices(kSeverities, QStringLiteral("warning"), parent);
    box->setObjectName(QStringLiteral("rollForward_") + id);
    box->setToolTip(help);
    box->setEnabled(m_editable);
    auto* label = new QLabel(title, parent);
    label->setToolTip(help);
    // The rules come first in the section, then the tolerance and the threshold.
    m_rollForwardForm->insertRow(static_cast<int>(m_rollForwardRules.size()), label, box);
    m_rollForwardRules.insert(id, box);
}

void RulesPage::markRollForward(const QString& refusal) {
    // The agent names the setting first: "roll_forward.tolerance: must be between …".
    const bool named = refusal.startsWith(QLatin1String("roll_forward"));
    m_rollForwardMessage->setText(named ? refusal : QString());
    m_rollForwardMessage->setVisible(named);
    const std::pair<QWidget*, QString> fields[] = {
        {m_rollForwardTolerance, QStringLiteral("roll_forward.tolerance")},
        {m_psiThreshold, QStringLiteral("roll_forward.psi_threshold")}};
    for (const auto& [field, name] : fields)
        field->setStyleSheet(refusal.startsWith(name) ? QStringLiteral("border: 1px solid #b3261e;")
                                                      : QString());
    for (auto it = m_rollForwardRules.cbegin(); it != m_rollForwardRules.cend(); ++it)
        it.value()->setStyleSheet(
            refusal.startsWith(QStringLiteral("roll_forward.rules.") + it.key())
                ? QStringLiteral("border: 1px solid #b3261e;")
                : QString());
}

void RulesPage::activate() {
    auto* reply = client().tenant();
    track(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        m_role = reply->ok() ? str(reply->object(), "role") : QString();
        reload();
    });
}

void RulesPage::reload() {
    auto* reply = client().rules(m_loanType->currentData().toString());
    track(reply);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        if (!reply->ok()) {
            say(tr("The rules could not be read: %1").arg(reply->errorString()), true);
            Q_EMIT loaded(false);
            return;
        }
        show(reply->object());
        Q_EMIT loaded(true);
    });
}

void RulesPage::show(const QJsonObject& rules) {
    m_version = rules.value(QLatin1String("version")).toInt();
    if (m_version == 0)
        m_versionLabel->setText(tr("Built-in rules (no version saved yet)"));
    else
        m_versionLabel->setText(
            tr("Version %1, set by %2 on %3")
                .arg(m_version)
                .arg(str(rules, "set_by"))
                .arg(QLocale().toString(
                    QDateTime::fromString(str(rules, "set_at"), Qt::ISODateWithMs).toLocalTime(),
                    QLocale::ShortFormat)));
    m_severities->setRowCount(0);
    for (const auto& v : rules.value(QLatin1String("severities")).toArray()) {
        const auto o = v.toObject();
        addSeverityRow(str(o, "field"), str(o, "error_type"), str(o, "severity"));
    }
    const auto t = rules.value(QLatin1String("thresholds")).toObject();
    const auto ratio = t.value(QLatin1String("reject_ratio"));
    m_rejectOverride->setChecked(!ratio.isNull() && !ratio.isUndefined());
    m_rejectRatio->setValue(ratio.isDouble() ? ratio.toDouble() : 0.5);
    m_suspicious->setText(QString::number(
        static_cast<qint64>(t.value(QLatin1String("suspicious_amount")).toDouble())));
    m_amountTolerance->setValue(t.value(QLatin1String("amount_tolerance")).toDouble());
    m_installmentTolerance->setValue(t.value(QLatin1String("installment_tolerance")).toInt());
    m_aliases->setRowCount(0);
    for (const auto& v : rules.value(QLatin1String("aliases")).toArray()) {
        const auto o = v.toObject();
        addAliasRow(str(o, "column"), str(o, "field"));
    }
    m_unknownColumns->setCurrentIndex(
        std::max(0, m_unknownColumns->findData(str(rules, "unknown_columns"))));
    const auto rollForward = rules.value(QLatin1String("roll_forward")).toObject();
    m_rollForwardLoaded = rollForward;
    const auto levels = rollForward.value(QLatin1String("rules")).toObject();
    // A rule a newer agent knows and this screen does not: shown by its id, kept editable.
    for (auto it = levels.begin(); it != levels.end(); ++it)
        if (!m_rollForwardRules.contains(it.key()))
            addRollForwardRule(it.key(), it.key(),
                               tr("A roll-forward rule of the agent (id %1)").arg(it.key()));
    for (auto it = m_rollForwardRules.cbegin(); it != m_rollForwardRules.cend(); ++it) {
        const auto level = levels.value(it.key()).toString(QStringLiteral("warning"));
        it.value()->setCurrentIndex(std::max(0, static_cast<int>(kSeverities.indexOf(level))));
    }
    const auto number = [&rollForward](const char* key) {
        const auto v = rollForward.value(QLatin1String(key));
        return v.isDouble() ? QString::number(v.toDouble(), 'g', 15) : QString();
    };
    m_rollForwardTolerance->setText(number("tolerance"));
    m_psiThreshold->setText(number("psi_threshold"));
    markRollForward({});
    setEditable(m_role == QLatin1String("admin"));
}

void RulesPage::setEditable(bool editable) {
    m_editable = editable;
    const auto triggers = editable ? QAbstractItemView::DoubleClicked |
                                         QAbstractItemView::EditKeyPressed |
                                         QAbstractItemView::AnyKeyPressed
                                   : QAbstractItemView::NoEditTriggers;
    for (auto* table : {m_severities, m_aliases}) {
        table->setEditTriggers(triggers);
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c)
                if (auto* w = table->cellWidget(r, c)) w->setEnabled(editable);
    }
    for (QWidget* w : std::initializer_list<QWidget*>{
             m_addSeverity, m_removeSeverity, m_rejectOverride, m_suspicious, m_amountTolerance,
             m_installmentTolerance, m_addAlias, m_removeAlias, m_unknownColumns,
             m_rollForwardTolerance, m_psiThreshold})
        w->setEnabled(editable);
    for (auto* box : std::as_const(m_rollForwardRules))
        box->setEnabled(editable);
    m_rejectRatio->setEnabled(editable && m_rejectOverride->isChecked());
    m_save->setVisible(editable);
    m_note->setText(editable
                        ? tr("Changes apply to the next sync and check of this loan type; every "
                             "save is a new version, recorded in the audit log.")
                        : tr("Only an admin key can change the rules; this client signed in with "
                             "a key of the %1 role.")
                              .arg(m_role.isEmpty() ? tr("unknown") : m_role));
}

void RulesPage::addSeverityRow(const QString& field, const QString& type, const QString& severity) {
    const int row = m_severities->rowCount();
    m_severities->insertRow(row);
    m_severities->setItem(row, 0, new QTableWidgetItem(field));
    auto* typeBox = choices(kErrorTypes, type, m_severities);
    auto* severityBox = choices(kSeverities, severity, m_severities);
    typeBox->setEnabled(m_editable);
    severityBox->setEnabled(m_editable);
    m_severities->setCellWidget(row, 1, typeBox);
    m_severities->setCellWidget(row, 2, severityBox);
}

void RulesPage::addAliasRow(const QString& column, const QString& field) {
    const int row = m_aliases->rowCount();
    m_aliases->insertRow(row);
    m_aliases->setItem(row, 0, new QTableWidgetItem(column));
    m_aliases->setItem(row, 1, new QTableWidgetItem(field));
}

QJsonObject RulesPage::policy() const {
    QJsonArray severities;
    for (int r = 0; r < m_severities->rowCount(); ++r) {
        if (cellText(m_severities, r, 0).isEmpty()) continue;
        severities.append(QJsonObject{{QStringLiteral("field"), cellText(m_severities, r, 0)},
                                      {QStringLiteral("error_type"), cellText(m_severities, r, 1)},
                                      {QStringLiteral("severity"), cellText(m_severities, r, 2)}});
    }
    QJsonArray aliases;
    for (int r = 0; r < m_aliases->rowCount(); ++r) {
        if (cellText(m_aliases, r, 0).isEmpty() && cellText(m_aliases, r, 1).isEmpty()) continue;
        aliases.append(QJsonObject{{QStringLiteral("column"), cellText(m_aliases, r, 0)},
                                   {QStringLiteral("field"), cellText(m_aliases, r, 1)}});
    }
    QJsonObject thresholds{
        {QStringLiteral("reject_ratio"),
         m_rejectOverride->isChecked() ? QJsonValue(m_rejectRatio->value()) : QJsonValue()},
        {QStringLiteral("suspicious_amount"), m_suspicious->text().toLongLong()},
        {QStringLiteral("amount_tolerance"), m_amountTolerance->value()},
        {QStringLiteral("installment_tolerance"), m_installmentTolerance->value()}};
    QJsonObject out{
        {QStringLiteral("severities"), severities},
        {QStringLiteral("thresholds"), thresholds},
        {QStringLiteral("aliases"), aliases},
        {QStringLiteral("unknown_columns"), m_unknownColumns->currentData().toString()}};
    // The roll-forward settings as loaded, with what the form shows in place.
    auto rollForward = m_rollForwardLoaded;
    auto levels = rollForward.value(QLatin1String("rules")).toObject();
    for (auto it = m_rollForwardRules.cbegin(); it != m_rollForwardRules.cend(); ++it)
        levels.insert(it.key(), it.value()->currentText());
    rollForward.insert(QStringLiteral("rules"), levels);
    // An empty field is left out: the agent takes its built-in value.
    const std::pair<QLineEdit*, QString> numbers[] = {
        {m_rollForwardTolerance, QStringLiteral("tolerance")},
        {m_psiThreshold, QStringLiteral("psi_threshold")}};
    for (const auto& [field, key] : numbers) {
        if (field->text().isEmpty())
            rollForward.remove(key);
        else
            rollForward.insert(key, field->text().toDouble());
    }
    out.insert(QStringLiteral("roll_forward"), rollForward);
    return out;
}

void RulesPage::save() {
    if (!m_editable) return;
    auto* reply = client().putRules(m_loanType->currentData().toString(), policy());
    track(reply);
    m_save->setEnabled(false);
    connect(reply, &AgentReply::finished, this, [this, reply] {
        m_save->setEnabled(true);
        if (!reply->ok()) {
            say(tr("Not saved: %1").arg(reply->errorString()), true);
            markRollForward(reply->errorString());
            Q_EMIT saved(false);
            return;
        }
        show(reply->object());
        say(tr("Saved as version %1.").arg(m_version), false);
        Q_EMIT saved(true);
    });
}

}  // namespace findata::app
