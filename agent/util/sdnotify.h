#pragma once
// Readiness and stopping notices to systemd (Type=notify units), without linking libsystemd.

#include <string>
#include <string_view>

namespace findata::agent {

/// Talks to the socket named by $NOTIFY_SOCKET (abstract namespace when it starts with '@').
/// Construct it before starting child processes: it takes the variable out of the environment,
/// because the embedded PostgreSQL speaks sd_notify too and must not announce readiness for us.
class SystemdNotifier final {
public:
    SystemdNotifier();
    /// Sends `state` (e.g. "READY=1"); false when not run by systemd or the send failed.
    bool notify(std::string_view state) const;

private:
    std::string m_socket;
};

}  // namespace findata::agent
