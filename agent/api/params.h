#pragma once
// Request parameters, declared once. A Param names a query parameter (or a field of a JSON
// body) with its type, range or choices and its documentation; the same declaration parses the
// request (the getters below) and documents the route (openApiParameters). Every problem is an
// ApiError BadRequest worded "<name>: <problem>" with details {"parameter": name} ({"field":
// name} for a JSON body's field).

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/api/apierror.h"
#include "agent/api/http.h"
#include "core/catalog.h"

namespace findata::agent {

struct RequestContext;

enum class ParamType { String, Integer, Number, Boolean, Filters };

struct Param {
    std::string_view name;
    ParamType type = ParamType::String;
    std::string_view doc;
    bool required = false;
    std::int64_t min = 0;  // Integer and Number: the accepted range
    std::int64_t max = 0;
    std::optional<std::int64_t> fallback = {};  // Integer: the value when absent (intOrDefault)
    std::span<const std::string_view> choices = {};  // the accepted values, documented as enum
    std::string_view alias = {};  // an older name also accepted (documented as deprecated)

    constexpr Param mandatory() const {
        Param p = *this;
        p.required = true;
        return p;
    }
    constexpr Param alsoAs(std::string_view older) const {
        Param p = *this;
        p.alias = older;
        return p;
    }
};

constexpr Param text(std::string_view name, std::string_view doc) {
    return {.name = name, .doc = doc};
}
constexpr Param choice(std::string_view name, std::span<const std::string_view> choices,
                       std::string_view doc) {
    return {.name = name, .doc = doc, .choices = choices};
}
constexpr Param integer(std::string_view name, std::int64_t min, std::int64_t max,
                        std::optional<std::int64_t> fallback, std::string_view doc) {
    return {.name = name,
            .type = ParamType::Integer,
            .doc = doc,
            .min = min,
            .max = max,
            .fallback = fallback};
}
constexpr Param number(std::string_view name, std::int64_t min, std::int64_t max,
                       std::string_view doc) {
    return {.name = name, .type = ParamType::Number, .doc = doc, .min = min, .max = max};
}
constexpr Param boolean(std::string_view name, std::string_view doc) {
    return {.name = name, .type = ParamType::Boolean, .doc = doc};
}

/// The fields of a multipart form, read before its file part.
using FormFields = std::map<std::string, std::string>;

/// Where parameters are read: the query string, then (uploads) the multipart form's fields.
struct ParamSource {
    ParamSource(const HttpRequest& request, const FormFields* fields = nullptr)  // NOLINT: implicit
        : request(request), fields(fields) {}
    const HttpRequest& request;
    const FormFields* fields;
};

// --- the parameters several routes share ---------------------------------------------------

inline constexpr std::string_view kLoanTypeNames[] = {"RETAIL", "COMMERCIAL"};
inline constexpr std::string_view kFileTypeNames[] = {"credit", "payment_plan"};

inline constexpr Param kTenantId =
    text("tenant_id",
         "the caller's own tenant id (optional; any other answers 404 as a missing tenant)");
inline constexpr Param kLoanType =
    choice("loan_type", kLoanTypeNames, "RETAIL or COMMERCIAL; both when absent");
inline constexpr Param kRequiredLoanType =
    choice("loan_type", kLoanTypeNames, "RETAIL or COMMERCIAL").mandatory();
inline constexpr Param kFileType =
    choice("file_type", kFileTypeNames, "credit or payment_plan; both when absent");
inline constexpr Param kRequiredFileType =
    choice("file_type", kFileTypeNames, "credit or payment_plan").mandatory();
inline constexpr Param kOffset = integer("offset", 0, 1'000'000'000, 0, "items skipped");
/// The warehouse reads' file: file_type is canonical; data_type, the first API's name, is
/// accepted too.
inline constexpr Param kDataFileType =
    choice("file_type", kFileTypeNames, "credit (default) or payment_plan").alsoAs("data_type");

/// A reporting period (agent/util/period.h); what an absent one means is the route's.
inline constexpr Param kPeriod =
    text("period", "reporting period YYYY-MM; default: the latest period that has data");

// --- reading parameters --------------------------------------------------------------------

/// Throws the BadRequest of parameter `name`: "<name>: <problem>".
[[noreturn]] void badParameter(std::string_view name, std::string_view problem);

/// The name the request used for `param`: its alias when only that was given.
std::string usedName(const ParamSource& source, const Param& param);
/// "must be RETAIL or COMMERCIAL", "must be a whole number from 1 to 200", …
std::string mustBe(const Param& param);

/// The raw value (under the name or its alias), or nullopt; absent and required throws.
std::optional<std::string> optionalText(const ParamSource& source, const Param& param);
/// A whole number within [min, max], or nullopt when absent.
std::optional<std::int64_t> optionalInt(const ParamSource& source, const Param& param);
/// A whole number within [min, max], or param.fallback when absent.
std::int64_t intOrDefault(const ParamSource& source, const Param& param);
/// A decimal number within [min, max], or nullopt when absent.
std::optional<double> optionalNumber(const ParamSource& source, const Param& param);
/// One of param.choices (exactly), or nullopt when absent.
std::optional<std::string> optionalChoice(const ParamSource& source, const Param& param);
/// A value `parse` recognizes (e.g. a case-insensitive enum), or nullopt when absent.
template <typename Parse>
auto optionalEnum(const ParamSource& source, const Param& param, Parse parse)
    -> decltype(parse(std::string_view())) {
    const auto text = optionalText(source, param);
    if (!text) return std::nullopt;
    auto value = parse(std::string_view(*text));
    if (!value) badParameter(usedName(source, param), mustBe(param));
    return value;
}

std::optional<core::LoanType> optionalLoanType(const ParamSource& source,
                                               const Param& param = kLoanType);
core::LoanType requireLoanType(const ParamSource& source, const Param& param = kRequiredLoanType);
std::optional<core::FileType> optionalFileType(const ParamSource& source,
                                               const Param& param = kFileType);
core::FileType requireFileType(const ParamSource& source, const Param& param = kRequiredFileType);

/// A period "YYYY-MM" (month 01-12), or nullopt when absent or empty; anything else is a 400
/// "period: must be a month YYYY-MM, e.g. 2026-10".
std::optional<std::string> optionalPeriod(const ParamSource& source, const Param& param = kPeriod);

/// Refuses any query parameter not among `known` (nor their aliases).
void refuseUnknownParameters(const HttpRequest& request, const std::vector<Param>& known);

/// tenant_id may only name the caller: any other answers 404 exactly as a missing tenant.
void checkTenant(const RequestContext& context, const std::optional<std::string>& tenantId);
/// checkTenant on the query's tenant_id.
void checkTenantParameter(const RequestContext& context);

// --- a JSON body ---------------------------------------------------------------------------

/// The request's body as a JSON object (application/json, at most 64 KiB); refuses fields not
/// among `known`.
nlohmann::json readJsonObject(RequestContext& context, const std::vector<Param>& known);

std::optional<std::string> fieldText(const nlohmann::json& body, const Param& param);
std::optional<std::int64_t> fieldInt(const nlohmann::json& body, const Param& param);
std::optional<double> fieldNumber(const nlohmann::json& body, const Param& param);
std::optional<bool> fieldBool(const nlohmann::json& body, const Param& param);
core::LoanType fieldLoanType(const nlohmann::json& body, const Param& param = kRequiredLoanType);
/// A body's period field, checked as optionalPeriod does.
std::optional<std::string> fieldPeriod(const nlohmann::json& body, const Param& param = kPeriod);

// --- documentation -------------------------------------------------------------------------

/// The OpenAPI query parameter objects of `params` (an alias adds a deprecated entry).
nlohmann::json openApiParameters(const std::vector<Param>& params);
/// The OpenAPI schema of a JSON request body made of `fields`.
nlohmann::json openApiBody(const std::vector<Param>& fields);

}  // namespace findata::agent
