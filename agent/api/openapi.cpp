#include "agent/api/openapi.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "agent/api/apierror.h"
#include "agent/api/router.h"
#include "agent/profiling/profileschema.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr const char* kSecurityScheme = "ApiKey";

// Reusable error responses, named after the statuses they stand for.
struct ErrorResponse {
    const char* status;
    const char* name;
    const char* description;
};
constexpr ErrorResponse kErrorResponses[] = {
    {"400", "BadRequest", "A parameter or the body is invalid; details name it."},
    {"401", "Unauthorized",
     "No API key, a malformed one, or one that is not valid (unknown, revoked, expired)."},
    {"403", "Forbidden",
     "The key's role does not grant this route (details.required_role, details.key_role), or "
     "its tenant is deactivated."},
    {"404", "NotFound",
     "No such resource for this tenant (another tenant's resources answer the same)."},
    {"409", "Conflict", "The request conflicts with the current state (e.g. a sync is running)."},
    {"413", "PayloadTooLarge", "The body exceeds the configured size limit; nothing was stored."},
    {"415", "UnsupportedMediaType", "The body's content type is not accepted here."},
    {"422", "Unprocessable", "The request is well-formed but its content cannot be processed."},
    {"429", "TooManyRequests", "Too many failed authentication attempts from this client."},
    {"500", "Internal", "An unexpected error; the agent's log has the details."},
    {"503", "Unavailable", "PostgreSQL or ClickHouse is unavailable."},
    {"507", "InsufficientStorage",
     "The data directory's free space would go below its reserve; nothing was stored."},
};

const ErrorResponse* errorResponseFor(const std::string& status) {
    for (const auto& e : kErrorResponses)
        if (status == e.status) return &e;
    return nullptr;
}

json errorSchema() {
    json codes = json::array();
    for (int k = static_cast<int>(ApiErrorKind::BadRequest);
         k <= static_cast<int>(ApiErrorKind::InsufficientStorage); ++k)
        codes.push_back(std::string(errorCode(static_cast<ApiErrorKind>(k))));
    return {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message", "details"}},
                {"properties",
                 {{"code",
                   {{"type", "string"},
                    {"enum", codes},
                    {"description", "Stable machine-readable code"}}},
                  {"message", {{"type", "string"}, {"description", "Human-readable message"}}},
                  {"details",
                   {{"type", "object"},
                    {"additionalProperties", true},
                    {"description", "What the error is about, e.g. the parameter's name"}}}}}}}}}};
}

// Control totals: accepted rows and the exact sum of each amount field, as decimal text.
json controlTotalsSchema() {
    return {{"type", "object"},
            {"required", {"rows", "sums"}},
            {"properties",
             {{"rows", {{"type", "integer"}, {"minimum", 0}}},
              {"sums",
               {{"type", "object"},
                {"additionalProperties", {{"type", "string"}, {"example", "1234567.89"}}},
                {"description",
                 "Per amount field of the catalog, the exact sum over the accepted rows as a "
                 "decimal text (never a binary float)"}}}}}};
}

json syncFileRecordSchema() {
    const json totalsRef = {{"$ref", "#/components/schemas/ControlTotals"}};
    return {
        {"type", "object"},
        {"description",
         "One file of a sync: where it came from, its counts, and its control totals in the file "
         "and read back from the warehouse after the swap (any difference fails the sync)"},
        {"properties",
         {{"file_type", {{"type", "string"}, {"enum", {"credit", "payment_plan"}}}},
          {"source",
           {{"type", "string"},
            {"enum", {"upload", "live"}},
            {"description", "upload: the package's new file; live: the live data re-checked"}}},
          {"upload_id", {{"type", "string"}, {"nullable", true}}},
          {"original_name", {{"type", "string"}}},
          {"size", {{"type", "integer"}, {"description", "bytes as uploaded"}}},
          {"sha256", {{"type", "string"}, {"description", "of the bytes as uploaded"}}},
          {"rows_read", {{"type", "integer"}}},
          {"rows_accepted", {{"type", "integer"}}},
          {"rows_rejected", {{"type", "integer"}}},
          {"control_totals",
           {{"type", "object"},
            {"properties",
             {{"file", totalsRef},
              {"warehouse",
               {{"allOf", json::array({totalsRef})},
                {"nullable", true},
                {"description",
                 "null until read back after the swap. For a merged correction: the "
                 "correction's share of the merged batch read back (merged_batch − live_before "
                 "+ replaced, compared with the file's), with merged_batch, live_before, "
                 "replaced (ControlTotals) and live_sync beside it"}}},
              {"matches", {{"type", "boolean"}, {"nullable", true}}}}}}}}}};
}

json syncLogSchema() {
    return {
        {"type", "object"},
        {"additionalProperties", true},
        {"description",
         "A sync log: status, stage, counts per file (files), stage timings, error summary, "
         "and per file its source and control totals (file_records)"},
        {"properties",
         {{"file_records",
           {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/SyncFileRecord"}}}}},
          {"period", {{"type", "string"}, {"description", "the reporting period loaded, YYYY-MM"}}},
          {"restates",
           {{"type", "string"},
            {"nullable", true},
            {"description", "a restatement: the sync whose data of the period it replaced"}}},
          {"restatement",
           {{"type", "string"},
            {"nullable", true},
            {"description", "e.g. \"restates 2026-10, replacing sync <id>\""}}},
          {"policy_version",
           {{"type", "integer"},
            {"description", "the validation policy version it validated with (0: built-in)"}}},
          // The review of its rejected rows and its corrections (rejectedroutes.h).
          {"rejected_open",
           {{"type", "integer"}, {"description", "rejected rows not yet corrected or dismissed"}}},
          {"rejected_dismissed", {{"type", "integer"}}},
          {"rejected_resubmitted",
           {{"type", "integer"},
            {"description", "rejected rows whose correction a later sync accepted and merged"}}},
          {"corrects",
           {{"type", "string"},
            {"nullable", true},
            {"description", "a correction sync: the sync whose rejected rows it merged"}}},
          {"corrected_by",
           {{"type", "array"},
            {"items", {{"type", "string"}}},
            {"description", "the completed correction syncs of this sync's rejected rows"}}},
          {"correction_notes",
           {{"type", "string"},
            {"description", "e.g. corrections superseded by this sync's full delivery"}}}}}};
}

// A tenant's validation policy of one loan type (GET /api/rules/, the body of PUT).
json rulesPolicySchema() {
    const json level = {{"type", "string"}, {"enum", {"error", "warning", "off"}}};
    const json number = {{"type", "number"}};
    return {
        {"type", "object"},
        {"description",
         "The validation policy of a loan type. GET answers loan_type, version (0: the built-in "
         "rules), set_by and set_at with it; PUT ignores those (loan_type, when present, must "
         "match) so an exported policy can be PUT back or passed to `check --rules`. Absent "
         "sections keep their defaults."},
        {"properties",
         {{"loan_type", {{"type", "string"}, {"enum", {"RETAIL", "COMMERCIAL"}}}},
          {"version", {{"type", "integer"}}},
          {"set_by", {{"type", "string"}, {"nullable", true}}},
          {"set_at", {{"type", "string"}, {"format", "date-time"}, {"nullable", true}}},
          {"severities",
           {{"type", "array"},
            {"description",
             "overrides per (field, error type); a key column's REQUIRED/TYPE/RANGE/FORMAT/VALUE/"
             "DUPLICATE and the value checks of a non-nullable column must stay error"},
            {"items",
             {{"type", "object"},
              {"required", {"field", "error_type", "severity"}},
              {"properties",
               {{"field", {{"type", "string"}}},
                {"error_type",
                 {{"type", "string"},
                  {"enum",
                   {"REQUIRED", "TYPE", "RANGE", "FORMAT", "VALUE", "DUPLICATE", "CROSS_REFERENCE",
                    "CONSISTENCY"}}}},
                {"severity", level}}}}}}},
          {"thresholds",
           {{"type", "object"},
            {"properties",
             {{"reject_ratio",
               {{"type", "number"},
                {"nullable", true},
                {"description", "0..1; when set it wins over the sync configuration's"}}},
              {"suspicious_amount", {{"type", "integer"}, {"description", "0: no check"}}},
              {"amount_tolerance", number},
              {"installment_tolerance", {{"type", "integer"}}}}}}},
          {"aliases",
           {{"type", "array"},
            {"description", "the bank's column names for catalog fields, one-to-one"},
            {"items",
             {{"type", "object"},
              {"required", {"column", "field"}},
              {"properties",
               {{"column", {{"type", "string"}}}, {"field", {{"type", "string"}}}}}}}}},
          {"unknown_columns", {{"type", "string"}, {"enum", {"warn", "refuse"}}}},
          {"roll_forward",
           {{"type", "object"},
            {"properties",
             {{"rules", {{"type", "object"}, {"additionalProperties", level}}},
              {"tolerance", number},
              {"psi_threshold", number}}}}}}}};
}

json rejectedPageSchema() {
    return {
        {"type", "object"},
        {"additionalProperties", true},
        {"description",
         "GET /api/sync/logs/{id}/rejected/?format=json: a page of rejected rows (limit/offset, "
         "or after=next_after for keyset pages) with the sync's counts per state"},
        {"properties",
         {{"total", {{"type", "integer"}}},
          {"next_after", {{"type", "string"}, {"nullable", true}}},
          {"counts",
           {{"type", "object"},
            {"properties",
             {{"open", {{"type", "integer"}}},
              {"dismissed", {{"type", "integer"}}},
              {"resubmitted", {{"type", "integer"}}}}}}},
          {"headers",
           {{"type", "object"}, {"description", "per file type, its columns in the file's order"}}},
          {"items",
           {{"type", "array"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"file_type", {{"type", "string"}}},
                {"line", {{"type", "integer"}}},
                {"raw", {{"type", "string"}}},
                {"fields", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}},
                {"reasons",
                 {{"type", "array"},
                  {"items",
                   {{"type", "object"},
                    {"properties",
                     {{"field", {{"type", "string"}, {"nullable", true}}},
                      {"error_type", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"value", {{"type", "string"}}}}}}}}},
                {"state", {{"type", "string"}, {"enum", {"open", "dismissed", "resubmitted"}}}},
                {"resubmitted", {{"type", "object"}, {"nullable", true}}},
                {"dismissed", {{"type", "object"}, {"nullable", true}}},
                {"pending_correction", {{"type", "string"}, {"nullable", true}}}}}}}}}}}};
}

// The bodies of dismiss and resubmit: their list fields are arrays (the route table's
// parameter types know only scalars and filter objects); resubmit also takes a CSV.
json requestBodyOf(const Route& route) {
    json body = route.requestBody;
    if (route.pattern != "/api/sync/logs/{id}/rejected/dismiss/" &&
        route.pattern != "/api/sync/logs/{id}/rejected/resubmit/")
        return body;
    auto& properties = body["content"]["application/json"]["schema"]["properties"];
    if (properties.contains("lines"))
        properties["lines"] = {{"type", "array"},
                               {"items", {{"type", "integer"}}},
                               {"description", properties["lines"].value("description", "")}};
    if (properties.contains("rows")) {
        properties["rows"] = {
            {"type", "array"},
            {"description", properties["rows"].value("description", "")},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"line", {{"type", "integer"}}},
                {"fields",
                 {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}}}}}};
        body["content"]["text/csv"] = {
            {"schema",
             {{"type", "string"},
              {"description",
               "the file's header (plus an optional line column) and the corrected rows; "
               "file_type as a query parameter"}}}};
    }
    return body;
}

json uploadAnswerSchema() {
    const json action = {
        {"type", "string"},
        {"enum", {"new", "unchanged: live data kept and re-checked", "none staged"}}};
    return {
        {"type", "object"},
        {"additionalProperties", true},
        {"description",
         "201: the STAGED upload. 200: status \"unchanged\" — the file equals the live (or the "
         "staged) file of its kind; recorded as upload_id (status UNCHANGED, same_as the upload "
         "it equals), not stored again. Both state the upload's reporting period and say what the "
         "next sync of the loan type and period does with each file type."},
        {"properties",
         {{"status", {{"type", "string"}}},
          {"upload_id", {{"type", "string"}}},
          {"same_as", {{"type", "string"}, {"nullable", true}}},
          {"period", {{"type", "string"}, {"description", "the upload's reporting period"}}},
          {"period_defaulted",
           {{"type", "boolean"},
            {"description", "no period was given: the calendar month before the upload date"}}},
          {"period_note", {{"type", "string"}}},
          {"next_sync",
           {{"type", "object"}, {"properties", {{"credit", action}, {"payment_plan", action}}}}}}}};
}

// GET /api/reports/period/ as JSON (html and csv render the same figures).
json periodReportSchema() {
    const json amount = {{"type", "string"}, {"description", "exact decimal"}};
    const json share = {{"type", "number"}, {"description", "share of the outstanding, 0..1"}};
    const json stratum = {{"type", "object"},
                          {"properties",
                           {{"name",
                             {{"type", "string"},
                              {"enum",
                               {"loan_status", "dpd_bucket", "product_type", "customer_type",
                                "region", "interest_rate_band", "remaining_maturity_band"}}}},
                            {"title", {{"type", "string"}}},
                            {"rows",
                             {{"type", "array"},
                              {"items",
                               {{"type", "object"},
                                {"properties",
                                 {{"bucket", {{"type", "string"}}},
                                  {"count", {{"type", "integer"}}},
                                  {"outstanding", amount},
                                  {"share", share}}}}}}}}}};
    return {
        {"type", "object"},
        {"additionalProperties", true},
        {"properties",
         {{"tenant_id", {{"type", "string"}}},
          {"loan_type", {{"type", "string"}}},
          {"period", {{"type", "string"}, {"description", "YYYY-MM"}}},
          {"period_end", {{"type", "string"}, {"format", "date"}}},
          {"sync_id", {{"type", "string"}}},
          {"portfolio",
           {{"type", "object"},
            {"properties",
             {{"loans", {{"type", "integer"}}},
              {"active_loans", {{"type", "integer"}}},
              {"closed_loans", {{"type", "integer"}}},
              {"outstanding", amount},
              {"original_amount", amount},
              {"weighted_rate",
               {{"type", "number"},
                {"description", "outstanding-weighted nominal rate as a fraction"}}}}}}},
          {"stratifications", {{"type", "array"}, {"items", stratum}}},
          {"roll_forward",
           {{"type", "object"},
            {"description",
             "ROLL_FORWARD findings per rule of the period's sync, the portfolio roll-forward "
             "figures when it was out of tolerance, and the columns whose PSI passed the "
             "threshold (drift)"}}},
          {"largest_exposures", {{"type", "array"}, {"items", {{"type", "object"}}}}},
          {"data_quality",
           {{"type", "object"},
            {"nullable", true},
            {"description", "the sync's status, rows per file, errors, warnings, top groups"}}}}}};
}

// The schema of a route's success answer, where one is described.
json successSchema(const Route& route) {
    if (route.method == "GET" && route.pattern == "/api/reports/period/")
        return periodReportSchema();
    if (route.method == "GET" && route.pattern == "/api/sync/logs/{id}/")
        return {{"$ref", "#/components/schemas/SyncLog"}};
    if (route.method == "GET" && route.pattern == "/api/sync/logs/")
        return {{"type", "object"},
                {"additionalProperties", true},
                {"properties",
                 {{"items",
                   {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/SyncLog"}}}}}}}};
    if (route.pattern == "/api/rules/") return {{"$ref", "#/components/schemas/RulesPolicy"}};
    if (route.method == "GET" && route.pattern == "/api/profiling/") return profileSchema();
    if (route.method == "POST" && route.pattern == "/api/uploads/")
        return {{"$ref", "#/components/schemas/UploadAnswer"}};
    return {{"type", "object"}};
}

std::string lowerCase(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// "GET /api/sync/logs/{id}/errors/" → "getApiSyncLogsIdErrors": stable and unique per route.
std::string operationId(const Route& route) {
    std::string id = lowerCase(route.method);
    bool upper = true;
    for (const char c : route.pattern) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                               : c);
            upper = false;
        } else {
            upper = true;
        }
    }
    return id;
}

bool hasQueryParameter(const Route& route, const std::string& name) {
    return std::any_of(route.parameters.begin(), route.parameters.end(), [&](const json& p) {
        return p.value("name", "") == name && p.value("in", "query") == "query";
    });
}

json parametersOf(const Route& route) {
    json out = json::array();
    std::set<std::string> given;
    for (const auto& p : route.parameters)
        if (p.value("in", "query") == "path") given.insert(p.value("name", ""));
    for (const auto& name : pathParameterNames(route.pattern)) {
        if (given.count(name)) continue;
        out.push_back(
            {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    for (auto p : route.parameters) {
        if (!p.contains("in")) p["in"] = "query";
        if (!p.contains("schema")) p["schema"] = {{"type", "string"}};
        if (p["in"] == "path") p["required"] = true;
        out.push_back(std::move(p));
    }
    return out;
}

json successResponse(const Route& route) {
    json content;
    if (route.pattern == "/metrics")
        content = {{"text/plain", {{"schema", {{"type", "string"}}}}}};
    else
        content = {{"application/json", {{"schema", successSchema(route)}}}};
    // The table does not state success codes; creating routes may answer 201 or 202.
    const std::string status = route.method == "GET" ? "200" : "2XX";
    return {{status, {{"description", "Success"}, {"content", content}}}};
}

}  // namespace

std::vector<std::string> pathParameterNames(const std::string& pattern) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while ((pos = pattern.find('{', pos)) != std::string::npos) {
        const auto end = pattern.find('}', pos);
        if (end == std::string::npos) break;
        names.push_back(pattern.substr(pos + 1, end - pos - 1));
        pos = end + 1;
    }
    return names;
}

std::vector<std::string> errorStatuses(const Route& route) {
    const bool hasPath = !pathParameterNames(route.pattern).empty();
    const bool hasQuery = !route.parameters.empty();
    const bool takesBody =
        route.method == "POST" || route.method == "PATCH" || route.method == "PUT";
    const bool takesFile =
        route.method == "POST" && (route.pattern.find("upload") != std::string::npos ||
                                   route.pattern.find("check") != std::string::npos);
    const bool naming = hasPath || hasQueryParameter(route, "tenant_id");
    std::vector<std::string> statuses;
    if (hasPath || hasQuery || takesBody) statuses.emplace_back("400");
    if (!route.isPublic) statuses.emplace_back("401");
    if (!route.isPublic) statuses.emplace_back("403");
    if (naming && !route.isPublic) statuses.emplace_back("404");
    if (route.mutates && route.method != "GET") statuses.emplace_back("409");
    if (takesFile) {
        statuses.emplace_back("413");
        statuses.emplace_back("415");
    }
    if (takesBody) statuses.emplace_back("422");
    if (!route.isPublic) statuses.emplace_back("429");
    statuses.emplace_back("500");
    // /metrics and this document are served from memory; everything else reaches the stores.
    if (route.pattern != "/metrics" && route.pattern != "/api/openapi.json")
        statuses.emplace_back("503");
    // What writes to the data directory checks its free space first.
    if (route.method == "POST" &&
        (route.pattern == "/api/uploads/" || route.pattern == "/api/sync/"))
        statuses.emplace_back("507");
    return statuses;
}

json openApiDocument(const Router& router) {
    json paths = json::object();
    std::set<std::string> tags;
    for (const auto& route : router.routes()) {
        const std::string tag = route.tag.empty() ? "default" : route.tag;
        tags.insert(tag);
        json responses = successResponse(route);
        for (const auto& status : errorStatuses(route))
            if (const auto* e = errorResponseFor(status))
                responses[status] = {{"$ref", std::string("#/components/responses/") + e->name}};
        json operation = {
            {"operationId", operationId(route)},
            {"summary", route.summary.empty() ? route.method + " " + route.pattern : route.summary},
            {"tags", {tag}},
            {"parameters", parametersOf(route)},
            {"responses", responses}};
        // Public routes say so explicitly; every other route needs the key.
        operation["security"] =
            route.isPublic ? json::array() : json::array({{{kSecurityScheme, json::array()}}});
        if (!route.requestBody.is_null()) operation["requestBody"] = requestBodyOf(route);
        if (route.method == "PUT" && route.pattern == "/api/rules/")
            operation["requestBody"] = {
                {"required", true},
                {"content",
                 {{"application/json",
                   {{"schema", {{"$ref", "#/components/schemas/RulesPolicy"}}}}}}}};
        if (route.mutates) operation["x-mutates"] = true;
        // The least role of the calling key: viewer, operator, admin or agent_admin.
        if (!route.isPublic) operation["x-required-role"] = toText(route.role);
        paths[route.pattern][lowerCase(route.method)] = std::move(operation);
    }

    json errorResponses = json::object();
    for (const auto& e : kErrorResponses)
        errorResponses[e.name] = {
            {"description", e.description},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
    json tagList = json::array();
    for (const auto& tag : tags)
        tagList.push_back({{"name", tag}});

    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "findata agent API"},
              {"version", FINDATA_VERSION},
              {"description",
               "Validates banks' loan-portfolio files and loads them into the warehouse. Every "
               "route but the public ones needs `Authorization: Api-Key sk_live_<48 hex>`; a key "
               "sees only its own tenant. A tenant's keys have a role — viewer (reads), operator "
               "(also uploads, syncs, configurations), admin (also the tenant's keys) — and each "
               "route states the least it needs (x-required-role; 403 otherwise); /api/admin/ "
               "takes only the agent administrator credential. A sync's rejected rows can be "
               "paged as JSON records (format=json, schema RejectedRowsPage), dismissed, and "
               "resubmitted corrected (operator): the next sync validates the corrections and "
               "merges the accepted ones into the live data by key (credit: loan number; "
               "payment: loan number + installment number). Errors are {\"error\": {\"code\", "
               "\"message\", "
               "\"details\"}}."}}},
            {"servers", json::array({{{"url", "/"}, {"description", "this agent"}}})},
            {"tags", tagList},
            {"paths", paths},
            {"components",
             {{"securitySchemes",
               {{kSecurityScheme,
                 {{"type", "apiKey"},
                  {"in", "header"},
                  {"name", "Authorization"},
                  {"description",
                   "The tenant's API key as `Api-Key <key>`, e.g. "
                   "`Authorization: Api-Key sk_live_0123…`"}}}}},
              {"schemas",
               {{"Error", errorSchema()},
                {"ControlTotals", controlTotalsSchema()},
                {"SyncFileRecord", syncFileRecordSchema()},
                {"RulesPolicy", rulesPolicySchema()},
                {"SyncLog", syncLogSchema()},
                {"UploadAnswer", uploadAnswerSchema()},
                {"RejectedRowsPage", rejectedPageSchema()}}},
              {"responses", errorResponses}}}};
}

}  // namespace findata::agent
