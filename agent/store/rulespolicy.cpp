// A tenant's validation policy as JSON: see rulespolicy.h.

#include "agent/store/rulespolicy.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace findata::agent {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& message) {
    throw PolicyError(message);
}

const json& objectAt(const json& parent, const char* key, const std::string& where) {
    const auto& value = parent.at(key);
    if (!value.is_object()) fail(where + ": must be an object");
    return value;
}

void refuseUnknownKeys(const json& object, std::initializer_list<const char*> known,
                       const std::string& where) {
    for (const auto& [key, value] : object.items()) {
        (void)value;
        bool ok = false;
        for (const char* k : known)
            ok = ok || key == k;
        if (!ok) fail(where + key + ": unknown setting");
    }
}

std::string textAt(const json& object, const char* key, const std::string& where) {
    if (!object.contains(key) || !object.at(key).is_string())
        fail(where + key + ": must be a string");
    return object.at(key).get<std::string>();
}

double numberAt(const json& object, const char* key, const std::string& where, double min,
                double max, const char* meaning = "") {
    const auto& value = object.at(key);
    if (!value.is_number()) fail(where + key + ": must be a number" + meaning);
    const double x = value.get<double>();
    char range[96];
    std::snprintf(range, sizeof range, "must be between %g and %g", min, max);
    if (!(x >= min && x <= max)) fail(where + key + ": " + range + meaning);
    return x;
}

core::RuleLevel levelOf(const std::string& text, const std::string& where) {
    const auto level = core::parseRuleLevel(text);
    if (!level) fail(where + ": must be error, warning or off, not '" + text + "'");
    return *level;
}

}  // namespace

RollForwardRules RulesPolicy::defaultRollForward() {
    RollForwardRules r;
    for (const char* id : kRollForwardRuleIds)
        r.rules[id] = core::RuleLevel::Warning;
    return r;
}

core::ValidationOptions RulesPolicy::options() const {
    core::ValidationOptions o;
    o.suspiciousAmount = suspiciousAmount;
    o.amountTolerance = amountTolerance;
    o.installmentTolerance = installmentTolerance;
    o.severities = severities;
    o.aliases = aliases;
    o.refuseUnknownColumns = refuseUnknownColumns;
    return o;
}

RulesPolicy policyFromJson(const json& in, core::LoanType loanType) {
    if (!in.is_object()) fail("the policy must be a JSON object");
    // An exported GET answer carries the policy at the top level.
    RulesPolicy p;
    refuseUnknownKeys(in,
                      {"loan_type", "version", "set_by", "set_at", "severities", "thresholds",
                       "aliases", "unknown_columns", "roll_forward"},
                      "");
    if (in.contains("loan_type") && !in.at("loan_type").is_null()) {
        const auto named = in.at("loan_type").is_string()
                               ? core::parseLoanType(in.at("loan_type").get<std::string>())
                               : std::nullopt;
        if (named != loanType)
            fail("loan_type: the policy is for " + in.at("loan_type").dump() + ", not " +
                 std::string(core::toText(loanType)));
    }
    if (in.contains("severities")) {
        const auto& list = in.at("severities");
        if (!list.is_array()) fail("severities: must be an array of {field, error_type, severity}");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& item = list[i];
            const std::string where = "severities[" + std::to_string(i) + "].";
            if (!item.is_object()) fail(where.substr(0, where.size() - 1) + ": must be an object");
            refuseUnknownKeys(item, {"field", "error_type", "severity"}, where);
            core::SeverityOverride o;
            o.field = textAt(item, "field", where);
            const auto typeText = textAt(item, "error_type", where);
            const auto type = core::parseErrorType(typeText);
            if (!type) fail(where + "error_type: '" + typeText + "' is not an error type");
            o.type = *type;
            o.level = levelOf(textAt(item, "severity", where), where + "severity");
            p.severities.push_back(std::move(o));
        }
    }
    if (in.contains("thresholds")) {
        const auto& t = objectAt(in, "thresholds", "thresholds");
        refuseUnknownKeys(
            t, {"reject_ratio", "suspicious_amount", "amount_tolerance", "installment_tolerance"},
            "thresholds.");
        if (t.contains("reject_ratio") && !t.at("reject_ratio").is_null())
            p.rejectRatio = numberAt(t, "reject_ratio", "thresholds.", 0, 1);
        if (t.contains("suspicious_amount")) {
            const auto& v = t.at("suspicious_amount");
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
                v.get<std::int64_t>() > 90'000'000'000'000'000)
                fail(
                    "thresholds.suspicious_amount: must be a whole number of currency units "
                    "between 0 (no check) and 90000000000000000");
            p.suspiciousAmount = v.get<std::int64_t>();
        }
        if (t.contains("amount_tolerance")) {
            const double x = numberAt(t, "amount_tolerance", "thresholds.", 0, 1e12);
            const double cents = x * 100;
            if (std::fabs(cents - std::round(cents)) > 1e-6)
                fail("thresholds.amount_tolerance: at most 2 decimal places (currency units)");
            p.amountTolerance = static_cast<std::int64_t>(std::llround(cents));
        }
        if (t.contains("installment_tolerance")) {
            const auto& v = t.at("installment_tolerance");
            if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
                v.get<std::int64_t>() > 10000)
                fail("thresholds.installment_tolerance: must be a whole number from 0 to 10000");
            p.installmentTolerance = v.get<std::int64_t>();
        }
    }
    if (in.contains("aliases")) {
        const auto& list = in.at("aliases");
        if (!list.is_array()) fail("aliases: must be an array of {column, field}");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& item = list[i];
            const std::string where = "aliases[" + std::to_string(i) + "].";
            if (!item.is_object()) fail(where.substr(0, where.size() - 1) + ": must be an object");
            refuseUnknownKeys(item, {"column", "field"}, where);
            p.aliases.push_back({textAt(item, "column", where), textAt(item, "field", where)});
        }
    }
    if (in.contains("unknown_columns")) {
        const auto& v = in.at("unknown_columns");
        if (!v.is_string() || (v != "warn" && v != "refuse"))
            fail(
                "unknown_columns: must be warn (ignore them with a warning) or refuse (refuse "
                "the file)");
        p.refuseUnknownColumns = v == "refuse";
    }
    if (in.contains("roll_forward")) {
        const auto& r = objectAt(in, "roll_forward", "roll_forward");
        refuseUnknownKeys(r, {"rules", "tolerance", "psi_threshold"}, "roll_forward.");
        if (r.contains("rules")) {
            const auto& rules = objectAt(r, "rules", "roll_forward.rules");
            for (const auto& [id, level] : rules.items()) {
                const std::string where = "roll_forward.rules." + id;
                if (!p.rollForward.rules.contains(id)) {
                    std::string known;
                    for (const char* k : kRollForwardRuleIds)
                        known += (known.empty() ? "" : ", ") + std::string(k);
                    fail(where + ": unknown roll-forward rule (known: " + known + ")");
                }
                if (!level.is_string()) fail(where + ": must be error, warning or off");
                p.rollForward.rules[id] = levelOf(level.get<std::string>(), where);
            }
        }
        if (r.contains("tolerance"))
            p.rollForward.tolerance =
                numberAt(r, "tolerance", "roll_forward.", 0, 1,
                         " (a share of the previous outstanding: 0.01 is 1 %)");
        if (r.contains("psi_threshold"))
            p.rollForward.psiThreshold =
                numberAt(r, "psi_threshold", "roll_forward.", 0, 100,
                         " (the population stability index above which a column has drifted)");
    }
    if (const auto problem = core::checkPolicy(p.severities, p.aliases, loanType)) fail(*problem);
    return p;
}

json policyToJson(const RulesPolicy& p) {
    json severities = json::array();
    for (const auto& o : p.severities)
        severities.push_back({{"field", o.field},
                              {"error_type", core::toText(o.type)},
                              {"severity", core::toText(o.level)}});
    json aliases = json::array();
    for (const auto& a : p.aliases)
        aliases.push_back({{"column", a.column}, {"field", a.field}});
    json rules = json::object();
    for (const auto& [id, level] : p.rollForward.rules)
        rules[id] = core::toText(level);
    return {{"severities", severities},
            {"thresholds",
             {{"reject_ratio", p.rejectRatio ? json(*p.rejectRatio) : json(nullptr)},
              {"suspicious_amount", p.suspiciousAmount},
              {"amount_tolerance", static_cast<double>(p.amountTolerance) / 100.0},
              {"installment_tolerance", p.installmentTolerance}}},
            {"aliases", aliases},
            {"unknown_columns", p.refuseUnknownColumns ? "refuse" : "warn"},
            {"roll_forward",
             {{"rules", rules},
              {"tolerance", p.rollForward.tolerance},
              {"psi_threshold", p.rollForward.psiThreshold}}}};
}

RulesPolicy readPolicyFile(const std::string& path, core::LoanType loanType, int* version) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw PolicyError("cannot read the rules file " + path);
    std::stringstream text;
    text << file.rdbuf();
    const auto json = json::parse(text.str(), nullptr, false);
    if (json.is_discarded()) throw PolicyError("the rules file " + path + " is not JSON");
    try {
        auto policy = policyFromJson(json, loanType);
        if (version)
            *version = json.contains("version") && json.at("version").is_number_integer()
                           ? json.at("version").get<int>()
                           : 0;
        return policy;
    } catch (const PolicyError& e) {
        throw PolicyError("the rules file " + path + ": " + e.what());
    }
}

}  // namespace findata::agent
