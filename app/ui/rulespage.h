#pragma once
// RulesPage: the tenant's validation rules per loan type (GET/PUT /api/rules/). A table of
// severity overrides (field, error type → error, warning or off), the thresholds (reject ratio,
// suspicious amount, tolerances), a table of header aliases (the bank's column → catalog field)
// and the unknown-column policy, and the roll-forward checks against the previous period (each
// rule's severity, the portfolio tolerance, the drift PSI threshold). Admins edit and save (a new
// version); other roles read only. The agent's refusals are shown under the form, a roll-forward
// one also in its section next to the field it names.

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPointer>

#include "app/ui/page.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace findata::app {

class AgentReply;

class RulesPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesPage)
public:
    explicit RulesPage(AgentClient& client, QWidget* parent = nullptr);
    ~RulesPage() override;

    /// Reads the caller's role, then the rules of the chosen loan type.
    void activate() override;
    /// Reads the rules of the chosen loan type again.
    void reload();
    /// Sends the form as the new version (admins).
    void save();

    /// The version shown (0: the built-in rules); -1 before the first answer.
    int version() const { return m_version; }
    bool editable() const { return m_editable; }
    /// The policy the form describes, as the PUT sends it.
    QJsonObject policy() const;

Q_SIGNALS:
    void loaded(bool ok);
    void saved(bool ok);

private:
    void show(const QJsonObject& rules);
    void setEditable(bool editable);
    void addSeverityRow(const QString& field, const QString& type, const QString& severity);
    void addAliasRow(const QString& column, const QString& field);
    void track(AgentReply* reply);
    void say(const QString& text, bool error);
    /// Adds the severity choice of a roll-forward rule to its section.
    void addRollForwardRule(const QString& id, const QString& title, const QString& help);
    /// Marks the roll-forward field a refusal names (nothing when it names none of them).
    void markRollForward(const QString& refusal);

    QComboBox* m_loanType = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_versionLabel = nullptr;
    QTableWidget* m_severities = nullptr;
    QPushButton* m_addSeverity = nullptr;
    QPushButton* m_removeSeverity = nullptr;
    QCheckBox* m_rejectOverride = nullptr;
    QDoubleSpinBox* m_rejectRatio = nullptr;
    QLineEdit* m_suspicious = nullptr;
    QDoubleSpinBox* m_amountTolerance = nullptr;
    QSpinBox* m_installmentTolerance = nullptr;
    QTableWidget* m_aliases = nullptr;
    QPushButton* m_addAlias = nullptr;
    QPushButton* m_removeAlias = nullptr;
    QComboBox* m_unknownColumns = nullptr;
    QFormLayout* m_rollForwardForm = nullptr;
    QMap<QString, QComboBox*> m_rollForwardRules;  // rule id → its severity
    QLineEdit* m_rollForwardTolerance = nullptr;
    QLineEdit* m_psiThreshold = nullptr;
    QLabel* m_rollForwardMessage = nullptr;
    QPushButton* m_save = nullptr;
    QLabel* m_message = nullptr;

    QString m_role;
    bool m_editable = false;
    int m_version = -1;
    QJsonObject m_rollForwardLoaded;  // as served: what the form does not show goes back as is
    QList<QPointer<AgentReply>> m_replies;
};

}  // namespace findata::app
