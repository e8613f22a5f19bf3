#pragma once
// Page: one screen of the main window. Pages are independent widgets that know only the
// AgentClient; the window tells them when they become visible.

#include <QWidget>

namespace findata::app {

class AgentClient;

class Page : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)
public:
    explicit Page(AgentClient& client, QWidget* parent = nullptr)
        : QWidget(parent), m_client(client) {}
    ~Page() override = default;
    /// The page is shown (again): fetch what it shows.
    virtual void activate() {}
    /// The page is hidden: stop periodic work.
    virtual void deactivate() {}

protected:
    AgentClient& client() const { return m_client; }

private:
    AgentClient& m_client;
};

}  // namespace findata::app
