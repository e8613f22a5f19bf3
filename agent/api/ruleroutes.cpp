// /api/rules/: see ruleroutes.h.

#include "agent/api/ruleroutes.h"

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/util/logging.h"

namespace findata::agent::rules {

using nlohmann::json;

json storedPolicyJson(const StoredPolicy& stored) {
    json out = {{"loan_type", core::toText(stored.loanType)},
                {"version", stored.version},
                {"set_by", stored.version == 0 ? json(nullptr) : json(stored.setBy)},
                {"set_at", stored.setAt ? json(isoTimestamp(*stored.setAt)) : json(nullptr)}};
    out.update(policyToJson(stored.policy));
    return out;
}

HttpResponse getRules(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {kRequiredLoanType, kTenantId});
    checkTenantParameter(context);
    const auto loanType = requireLoanType(context.request);
    return jsonResponse(storedPolicyJson(
        RulesRepository(api.services.database(), context.caller().schema).current(loanType)));
}

HttpResponse putRules(Api& api, RequestContext& context) {
    refuseUnknownParameters(context.request, {kRequiredLoanType, kTenantId});
    checkTenantParameter(context);
    const auto loanType = requireLoanType(context.request);
    const auto body = readJsonObject(context, kPolicyBody);
    RulesPolicy policy;
    try {
        policy = policyFromJson(body, loanType);
    } catch (const PolicyError& e) {
        const std::string message = e.what();
        throw ApiError(ApiErrorKind::BadRequest, message,
                       {{"field", message.substr(0, message.find_first_of(":[."))}});
    }
    const auto& tenant = context.caller();
    RulesRepository repository(api.services.database(), tenant.schema);
    const auto previous = repository.current(loanType);
    const auto stored = repository.put(loanType, policy, context.actor);
    // The audit entry: which sections changed, from which version, and the whole new policy.
    const json before = policyToJson(previous.policy), after = policyToJson(stored.policy);
    json changed = json::array();
    for (const auto& [section, value] : after.items())
        if (!before.contains(section) || before.at(section) != value) changed.push_back(section);
    context.audit = {{"loan_type", core::toText(loanType)},
                     {"version", stored.version},
                     {"previous_version", previous.version},
                     {"changed", changed},
                     {"policy", after}};
    logger("api")->info("tenant {}: {} validation policy version {} set by {} (changed: {})",
                        tenant.id, core::toText(loanType), stored.version, context.actor,
                        changed.dump());
    return jsonResponse(storedPolicyJson(stored));
}

}  // namespace findata::agent::rules
