#include "agent/util/sdnotify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace findata::agent {

SystemdNotifier::SystemdNotifier() {
    if (const char* name = std::getenv("NOTIFY_SOCKET"); name != nullptr) {
        m_socket = name;
        ::unsetenv("NOTIFY_SOCKET");
    }
}

bool SystemdNotifier::notify(std::string_view state) const {
    sockaddr_un address{};
    if (m_socket.empty() || (m_socket[0] != '/' && m_socket[0] != '@') ||
        m_socket.size() >= sizeof(address.sun_path))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, m_socket.data(), m_socket.size());
    const bool abstract = m_socket[0] == '@';
    if (abstract) address.sun_path[0] = '\0';  // abstract names have no file, a leading NUL
    // An abstract name is exactly its bytes long; a path also takes its terminating NUL.
    const auto size =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_socket.size() + !abstract);
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const auto sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                               reinterpret_cast<const sockaddr*>(&address), size);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

}  // namespace findata::agent
