#pragma once
// PeriodSelector: the reporting period a screen reads — "Latest" (the latest period with data,
// the agent's default) or one of the periods GET /api/periods/ lists, newest first.

#include <QComboBox>

namespace findata::app {

class AgentClient;

class PeriodSelector final : public QComboBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PeriodSelector)
public:
    explicit PeriodSelector(QWidget* parent = nullptr);
    /// Asks the agent for its periods and lists them, keeping the choice when it is still there
    /// (no currentIndexChanged for the refill). On a failure the list stays as it was.
    void load(AgentClient& client);
    /// "YYYY-MM", or empty for the latest.
    QString period() const { return currentData().toString(); }
};

}  // namespace findata::app
