// PeriodSelector: see periodselector.h.

#include "app/ui/periodselector.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalBlocker>
#include <algorithm>

#include "app/client/agentclient.h"

namespace findata::app {

PeriodSelector::PeriodSelector(QWidget* parent) : QComboBox(parent) {
    addItem(tr("Latest"), QString());
    setToolTip(tr("The reporting period (month) shown; Latest: the newest with data"));
}

void PeriodSelector::load(AgentClient& client) {
    auto* reply = client.periods();
    connect(reply, &AgentReply::finished, this, [this, reply] {
        if (!reply->ok()) return;
        QStringList periods;
        for (const auto& item : reply->object().value(QLatin1String("items")).toArray()) {
            const auto period = item.toObject().value(QLatin1String("period")).toString();
            if (!periods.contains(period)) periods.append(period);
        }
        periods.sort();
        const auto current = period();
        const QSignalBlocker blocker(this);
        while (count() > 1)
            removeItem(1);
        for (auto it = periods.crbegin(); it != periods.crend(); ++it)
            addItem(*it, *it);
        setCurrentIndex(std::max(0, findData(current)));
    });
}

}  // namespace findata::app
