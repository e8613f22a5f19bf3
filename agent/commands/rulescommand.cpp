// rules export|import: a tenant's validation policy of a loan type as JSON (what GET
// /api/rules/ answers), written out or read in as a new version.

#include <cstdio>
#include <fstream>
#include <iostream>

#include "agent/api/ruleroutes.h"
#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/auditlog.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/tenants.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{"rules",
                        {"export --tenant ID --loan-type RETAIL|COMMERCIAL [--output FILE]",
                         "import --tenant ID --loan-type RETAIL|COMMERCIAL FILE"},
                        {{"tenant", "ID", "the tenant whose rules are meant"},
                         {"loan-type", "RETAIL|COMMERCIAL", "the loan type whose rules are meant"},
                         {"output", "FILE", "export: write the JSON there instead of to stdout"}}};

}  // namespace

int runRulesCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::string action, tenantId, file, output;
    core::LoanType loanType = core::LoanType::Retail;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            const auto& p = a.positionals();
            if (p.empty()) throw UsageError("missing action (export or import)");
            action = p[0];
            tenantId = a.required("tenant");
            const auto lt = core::parseLoanType(a.required("loan-type"));
            if (!lt) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
            loanType = *lt;
            if (action == "export") {
                if (p.size() != 1) throw UsageError("rules export takes no positional arguments");
                output = a.value("output").value_or("");
            } else if (action == "import") {
                if (p.size() != 2) throw UsageError("rules import needs the policy FILE");
                file = p[1];
            } else {
                throw UsageError("unknown action '" + action + "'");
            }
        }))
        return *exit;
    RulesPolicy policy;
    if (action == "import") {
        try {
            policy = readPolicyFile(file, loanType);
        } catch (const PolicyError& e) {
            std::cerr << "findata-agent rules: " << e.what() << '\n';
            return 2;
        }
    }
    return runWithServices(settings, "rules", [&](Services& services) {
        auto& db = services.database();
        const auto tenant = TenantRepository(db).find(tenantId);
        if (!tenant) throw StoreError(StoreError::Kind::NotFound, "no tenant " + tenantId);
        RulesRepository rules(db, tenant->schema);
        if (action == "export") {
            const auto text = rules::storedPolicyJson(rules.current(loanType)).dump(2) + "\n";
            if (output.empty()) {
                std::cout << text;
                return 0;
            }
            std::ofstream out(output, std::ios::binary);
            out << text;
            if (!out.flush()) throw std::runtime_error("cannot write " + output);
            return 0;
        }
        const auto previous = rules.current(loanType).version;
        const auto stored = rules.put(loanType, policy, "cli");
        AuditLog(db, tenant->schema)
            .record("cli", "rules.import",
                    {{"loan_type", core::toText(loanType)},
                     {"version", stored.version},
                     {"previous_version", previous},
                     {"file", file},
                     {"policy", policyToJson(stored.policy)}});
        std::printf("%s %s validation policy version %d imported from %s\n", tenantId.c_str(),
                    std::string(core::toText(loanType)).c_str(), stored.version, file.c_str());
        return 0;
    });
}

}  // namespace findata::agent
