#pragma once
// Who may do what: the role of an API key. A tenant's keys are viewer (read endpoints), operator
// (also uploads, syncs and configurations) or admin (also the tenant's keys); each grants what
// the ones before it do. The agent administrator credential belongs to no tenant: it manages
// tenants and reads the agent-wide audit log, and nothing else.

#include <optional>
#include <string_view>

namespace findata::agent {

enum class Role {
    Viewer = 1,
    Operator = 2,
    Admin = 3,
    AgentAdmin = 10,  // the agent-wide administrator credential (no tenant)
};

/// "viewer", "operator", "admin", "agent_admin".
std::string_view toText(Role role);
/// The role named (exactly as toText writes it), or nullopt.
std::optional<Role> parseRole(std::string_view text);
/// The three roles a tenant's key may have (for choices and documentation).
inline constexpr std::string_view kTenantRoleNames[] = {"viewer", "operator", "admin"};

/// Whether a key of role `held` may call a route that needs `needed`: the tenant roles rank
/// viewer < operator < admin; AgentAdmin neither grants nor is granted by them.
constexpr bool grants(Role held, Role needed) {
    if (needed == Role::AgentAdmin || held == Role::AgentAdmin) return held == needed;
    return static_cast<int>(held) >= static_cast<int>(needed);
}

}  // namespace findata::agent
