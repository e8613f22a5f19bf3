#include "agent/api/params.h"

#include "agent/util/period.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "agent/api/router.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonBody = 64 * 1024;

[[noreturn]] void badField(std::string_view name, std::string_view problem) {
    throw ApiError(ApiErrorKind::BadRequest, std::string(name) + ": " + std::string(problem),
                   {{"field", name}});
}

std::string choiceList(const Param& param) {
    std::string text;
    for (std::size_t i = 0; i < param.choices.size(); ++i) {
        if (i > 0) text += i + 1 == param.choices.size() ? " or " : ", ";
        text += param.choices[i];
    }
    return text;
}

std::string requiredProblem(const Param& param) {
    return param.choices.empty() ? std::string("is required")
                                 : "is required (" + choiceList(param) + ")";
}

const std::string* formField(const ParamSource& source, std::string_view name) {
    if (!source.fields) return nullptr;
    const auto it = source.fields->find(std::string(name));
    return it == source.fields->end() ? nullptr : &it->second;
}

bool given(const ParamSource& source, std::string_view name) {
    return !name.empty() && (source.request.queryValue(name) || formField(source, name));
}

std::optional<std::int64_t> parseInt(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<double> parseNumber(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

bool inRange(const Param& param, double value) {
    return std::isfinite(value) && value >= static_cast<double>(param.min) &&
           value <= static_cast<double>(param.max);
}

// Indexed by ParamType.
constexpr std::string_view kSchemaTypes[] = {"string", "integer", "number", "boolean", "object"};

json schemaOf(const Param& param) {
    json schema = {{"type", kSchemaTypes[static_cast<std::size_t>(param.type)]}};
    if (param.type == ParamType::Integer || param.type == ParamType::Number) {
        schema["minimum"] = param.min;
        schema["maximum"] = param.max;
    }
    if (param.fallback) schema["default"] = *param.fallback;
    if (!param.choices.empty()) {
        schema["enum"] = json::array();
        for (const auto choice : param.choices)
            schema["enum"].push_back(choice);
    }
    if (param.type == ParamType::Filters) schema["additionalProperties"] = {{"type", "string"}};
    return schema;
}

}  // namespace

void badParameter(std::string_view name, std::string_view problem) {
    throw ApiError(ApiErrorKind::BadRequest, std::string(name) + ": " + std::string(problem),
                   {{"parameter", name}});
}

std::string usedName(const ParamSource& source, const Param& param) {
    if (!given(source, param.name) && given(source, param.alias)) return std::string(param.alias);
    return std::string(param.name);
}

std::string mustBe(const Param& param) {
    if (!param.choices.empty())
        return (param.choices.size() > 2 ? "must be one of " : "must be ") + choiceList(param);
    switch (param.type) {
        case ParamType::Integer:
            return "must be a whole number from " + std::to_string(param.min) + " to " +
                   std::to_string(param.max);
        case ParamType::Number:
            return "must be a number from " + std::to_string(param.min) + " to " +
                   std::to_string(param.max);
        case ParamType::Boolean:
            return "must be true or false";
        case ParamType::String:
        case ParamType::Filters:
            break;
    }
    return "must be a string";
}

std::optional<std::string> optionalText(const ParamSource& source, const Param& param) {
    for (const auto name : {param.name, param.alias}) {
        if (name.empty()) continue;
        if (auto value = source.request.queryValue(name)) return value;
        if (const auto* field = formField(source, name)) return *field;
    }
    if (param.required) badParameter(param.name, requiredProblem(param));
    return std::nullopt;
}

std::optional<std::int64_t> optionalInt(const ParamSource& source, const Param& param) {
    const auto text = optionalText(source, param);
    if (!text) return std::nullopt;
    const auto value = parseInt(*text);
    if (!value || *value < param.min || *value > param.max)
        badParameter(usedName(source, param), mustBe(param));
    return value;
}

std::int64_t intOrDefault(const ParamSource& source, const Param& param) {
    if (!param.fallback)
        throw std::logic_error("parameter " + std::string(param.name) + " has no default");
    return optionalInt(source, param).value_or(*param.fallback);
}

std::optional<double> optionalNumber(const ParamSource& source, const Param& param) {
    const auto text = optionalText(source, param);
    if (!text) return std::nullopt;
    const auto value = parseNumber(*text);
    if (!value || !inRange(param, *value)) badParameter(usedName(source, param), mustBe(param));
    return value;
}

std::optional<std::string> optionalChoice(const ParamSource& source, const Param& param) {
    return optionalEnum(source, param, [&](std::string_view text) -> std::optional<std::string> {
        for (const auto choice : param.choices)
            if (choice == text) return std::string(choice);
        return std::nullopt;
    });
}

std::optional<core::LoanType> optionalLoanType(const ParamSource& source, const Param& param) {
    return optionalEnum(source, param, core::parseLoanType);
}

core::LoanType requireLoanType(const ParamSource& source, const Param& param) {
    return *optionalEnum(source, param, core::parseLoanType);
}

std::optional<core::FileType> optionalFileType(const ParamSource& source, const Param& param) {
    return optionalEnum(source, param, core::parseFileType);
}

core::FileType requireFileType(const ParamSource& source, const Param& param) {
    return *optionalEnum(source, param, core::parseFileType);
}

void refuseUnknownParameters(const HttpRequest& request, const std::vector<Param>& known) {
    for (const auto& [name, value] : request.query) {
        bool found = false;
        for (const auto& param : known)
            found = found || name == param.name || (!param.alias.empty() && name == param.alias);
        if (!found) badParameter(name, "unknown parameter");
    }
}

void checkTenant(const RequestContext& context, const std::optional<std::string>& tenantId) {
    if (tenantId && *tenantId != context.caller().id)
        throw ApiError(ApiErrorKind::NotFound, "no tenant '" + *tenantId + "'");
}

void checkTenantParameter(const RequestContext& context) {
    checkTenant(context, context.request.queryValue(kTenantId.name));
}

json readJsonObject(RequestContext& context, const std::vector<Param>& known) {
    const auto type = context.request.header("content-type");
    if (type && !type->empty() && type->rfind("application/json", 0) != 0)
        throw ApiError(ApiErrorKind::UnsupportedMediaType, "the body must be application/json");
    std::string text;
    bool tooLarge = false;
    if (context.request.readBody)
        context.request.readBody([&](std::string_view bytes) {
            text.append(bytes);
            tooLarge = text.size() > kMaxJsonBody;
            return !tooLarge;
        });
    if (tooLarge)
        throw ApiError(ApiErrorKind::PayloadTooLarge, "the JSON body is too large",
                       {{"max_bytes", kMaxJsonBody}});
    auto body = json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        throw ApiError(ApiErrorKind::BadRequest, "the body must be a JSON object");
    for (const auto& [key, value] : body.items()) {
        bool found = false;
        for (const auto& param : known)
            found = found || key == param.name;
        if (!found) badField(key, "unknown field");
    }
    return body;
}

namespace {
constexpr std::string_view kPeriodProblem = "must be a month YYYY-MM, e.g. 2026-10";
}  // namespace

std::optional<std::string> optionalPeriod(const ParamSource& source, const Param& param) {
    auto value = optionalText(source, param);
    if (!value || value->empty()) return std::nullopt;
    if (!isPeriod(*value)) badParameter(usedName(source, param), kPeriodProblem);
    return value;
}

std::optional<std::string> fieldPeriod(const json& body, const Param& param) {
    auto value = fieldText(body, param);
    if (!value || value->empty()) return std::nullopt;
    if (!isPeriod(*value)) badField(param.name, kPeriodProblem);
    return value;
}

std::optional<std::string> fieldText(const json& body, const Param& param) {
    const auto it = body.find(param.name);
    if (it == body.end()) {
        if (param.required) badField(param.name, requiredProblem(param));
        return std::nullopt;
    }
    if (!it->is_string()) badField(param.name, mustBe(param));
    return it->get<std::string>();
}

std::optional<std::int64_t> fieldInt(const json& body, const Param& param) {
    const auto it = body.find(param.name);
    if (it == body.end()) return std::nullopt;
    if (!it->is_number_integer()) badField(param.name, mustBe(param));
    const bool ok =
        it->is_number_unsigned()
            ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(param.max) &&
                  it->get<std::uint64_t>() >= static_cast<std::uint64_t>(param.min)
            : it->get<std::int64_t>() >= param.min && it->get<std::int64_t>() <= param.max;
    if (!ok) badField(param.name, mustBe(param));
    return it->get<std::int64_t>();
}

std::optional<double> fieldNumber(const json& body, const Param& param) {
    const auto it = body.find(param.name);
    if (it == body.end()) return std::nullopt;
    if (!it->is_number() || !inRange(param, it->get<double>())) badField(param.name, mustBe(param));
    return it->get<double>();
}

std::optional<bool> fieldBool(const json& body, const Param& param) {
    const auto it = body.find(param.name);
    if (it == body.end()) return std::nullopt;
    if (!it->is_boolean()) badField(param.name, mustBe(param));
    return it->get<bool>();
}

core::LoanType fieldLoanType(const json& body, const Param& param) {
    const auto text = fieldText(body, param);
    const auto loanType = text ? core::parseLoanType(*text) : std::nullopt;
    if (!loanType) badField(param.name, mustBe(param));
    return *loanType;
}

json openApiParameters(const std::vector<Param>& params) {
    json out = json::array();
    for (const auto& param : params) {
        json p = {{"name", param.name},
                  {"in", "query"},
                  {"required", param.required},
                  {"schema", schemaOf(param)},
                  {"description", param.doc}};
        if (param.type == ParamType::Filters) {
            p["style"] = "form";
            p["explode"] = true;
        }
        out.push_back(p);
        if (!param.alias.empty()) {
            p["name"] = param.alias;
            p["required"] = false;
            p["deprecated"] = true;
            p["description"] = "the first API's name of " + std::string(param.name) +
                               ", still accepted; " + std::string(param.name) + " is canonical";
            out.push_back(std::move(p));
        }
    }
    return out;
}

json openApiBody(const std::vector<Param>& fields) {
    json properties = json::object();
    json required = json::array();
    for (const auto& field : fields) {
        auto schema = schemaOf(field);
        schema["description"] = field.doc;
        properties[std::string(field.name)] = std::move(schema);
        if (field.required) required.push_back(field.name);
    }
    json schema = {
        {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
    if (!required.empty()) schema["required"] = std::move(required);
    return {{"required", true},
            {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

}  // namespace findata::agent
