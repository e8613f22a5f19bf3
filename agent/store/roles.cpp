// The roles of API keys: see roles.h.

#include "agent/store/roles.h"

namespace findata::agent {

std::string_view toText(Role role) {
    switch (role) {
        case Role::Viewer:
            return "viewer";
        case Role::Operator:
            return "operator";
        case Role::Admin:
            return "admin";
        case Role::AgentAdmin:
            return "agent_admin";
    }
    return "viewer";
}

std::optional<Role> parseRole(std::string_view text) {
    for (const Role role : {Role::Viewer, Role::Operator, Role::Admin, Role::AgentAdmin})
        if (toText(role) == text) return role;
    return std::nullopt;
}

}  // namespace findata::agent
