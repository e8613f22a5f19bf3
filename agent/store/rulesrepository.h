#pragma once
// The validation_policies table of one tenant schema: every version of each loan type's
// validation policy, with who set it and when. The newest version is in force; version 0 is the
// built-in policy (nothing stored).

#include <optional>
#include <string>
#include <string_view>

#include "agent/store/database.h"
#include "agent/store/rulespolicy.h"
#include "core/catalog.h"

namespace findata::agent {

struct StoredPolicy {
    core::LoanType loanType = core::LoanType::Retail;
    int version = 0;                 // 0: none stored, the built-in rules
    std::string setBy;               // "api:<key prefix>", "cli"; empty for version 0
    std::optional<Timestamp> setAt;  // absent for version 0
    RulesPolicy policy;
};

class RulesRepository final {
public:
    /// `schema` is a tenant's schema (Tenant::schema); checked, throws StoreError Invalid.
    RulesRepository(Database& db, std::string_view schema);

    /// The policy in force for a loan type (version 0 and the defaults when none is stored).
    StoredPolicy current(core::LoanType loanType);
    /// One stored version, or nullopt.
    std::optional<StoredPolicy> find(core::LoanType loanType, int version);
    /// Stores `policy` as the next version and returns it.
    StoredPolicy put(core::LoanType loanType, const RulesPolicy& policy, std::string_view actor);

private:
    Database& m_db;
    std::string m_table;
};

}  // namespace findata::agent
