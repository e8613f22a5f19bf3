// The whole API on one page: every route with its method, path, handler, whether it mutates
// (audited) and whether it is public (no key), its summary, parameters and OpenAPI tag, and the
// databases it needs (for the circuit breaker and the warehouse pool). The
// handlers live in their resource's file; the parameters are declared once (params.h and the
// resources' headers) and both parse the request and document the route.

#include <memory>

#include "agent/api/adminroutes.h"
#include "agent/api/cachewarmer.h"
#include "agent/api/dataroutes.h"
#include "agent/api/keyroutes.h"
#include "agent/api/periodroutes.h"
#include "agent/api/rejectedroutes.h"
#include "agent/api/reportroutes.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/api/ruleroutes.h"
#include "agent/api/syncroutes.h"
#include "agent/api/systemroutes.h"
#include "agent/api/tenantroutes.h"
#include "agent/api/uploadroutes.h"
#include "agent/embedded/supervisor.h"
#include "agent/services.h"
#include "agent/store/database.h"
#include "agent/warehouse/clickhouseclient.h"

namespace findata::agent {

const std::vector<RouteEntry>& routeTable() {
    using namespace std::string_view_literals;
    // clang-format off
    static const std::vector<RouteEntry> kRoutes = {
        // system
        {.method = "GET", .pattern = "/health", .handler = system::health, .isPublic = true,
         .summary = "Health of the agent, PostgreSQL and ClickHouse", .tag = "system",
         .needs = Needs::Nothing},
        {.method = "GET", .pattern = "/metrics", .handler = system::metrics, .isPublic = true,
         .summary = "Prometheus metrics; needs 'Authorization: Bearer <metrics token>' (no API "
                    "key: the token of the agent's metrics token file)", .tag = "system",
         .needs = Needs::Nothing},
        {.method = "GET", .pattern = "/api/openapi.json", .handler = system::openApi, .isPublic = true,
         .summary = "This document", .tag = "system", .needs = Needs::Nothing},

        // sync
        {.method = "POST", .pattern = "/api/sync/", .handler = sync::startSync, .mutates = true,
         .summary = "Start a sync of the staged files of a loan type: 202 with the sync id, 409 "
                    "while one runs, 422 when nothing is staged",
         .body = sync::kStartBody, .tag = "sync", .role = Role::Operator},
        {.method = "GET", .pattern = "/api/sync/configs/", .handler = sync::listConfigs,
         .summary = "The sync configurations of both loan types",
         .params = {kTenantId}, .tag = "sync", .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/sync/configs/{id}/", .handler = sync::getConfig,
         .summary = "One sync configuration", .params = {kTenantId}, .tag = "sync",
         .role = Role::Viewer},
        {.method = "PATCH", .pattern = "/api/sync/configs/{id}/", .handler = sync::patchConfig,
         .mutates = true, .summary = "Change a sync configuration",
         .params = {kTenantId}, .body = sync::kConfigBody, .tag = "sync", .role = Role::Operator},
        {.method = "GET", .pattern = "/api/sync/logs/", .handler = sync::listLogs,
         .summary = "Sync history, newest first, with the total count",
         .params = {kTenantId, kLoanType, sync::kLogLimit, kOffset, sync::kLogPeriod}, .tag = "sync",
         .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/sync/logs/{id}/", .handler = sync::getLog,
         .summary = "One sync: stage, rows processed, counts per file, stage timings, error "
                    "summary; ?wait=N long-polls until it changes",
         .params = {kTenantId, sync::kWait, sync::kSinceStatus, sync::kSinceProgress},
         .tag = "sync", .waitParam = sync::kWait.name, .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/sync/logs/{id}/errors/", .handler = sync::getErrors,
         .summary = "The validation findings of a sync: paged, filtered, grouped; or all as CSV",
         .params = {kTenantId, kFileType, sync::kField, sync::kErrorType, sync::kSeverity,
                    sync::kErrorsFormat, sync::kFindingsPage, sync::kFindingsPageSize},
         .tag = "sync", .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/sync/logs/{id}/rejected/", .handler = sync::getRejected,
         .summary = "The rejected rows of a sync (kept 72 h) as CSV: a file's original header and "
                    "lines to fix and resubmit, or annotated file_type;line;reasons;raw rows; "
                    "format=json pages them as records: fields by header name, reasons per "
                    "field, state (open, dismissed, resubmitted)",
         .params = {kTenantId, kFileType, sync::kRejectedFormat, rejected::kLimit, kOffset,
                    rejected::kAfter, rejected::kState},
         .tag = "sync", .role = Role::Viewer},
        {.method = "POST", .pattern = "/api/sync/logs/{id}/rejected/dismiss/",
         .handler = rejected::dismiss, .mutates = true,
         .summary = "Marks rejected rows (by line, or all) as reviewed and not to be corrected, "
                    "with an optional reason: they no longer count as open",
         .params = {kTenantId}, .body = rejected::kDismissBody, .tag = "sync",
         .role = Role::Operator},
        {.method = "POST", .pattern = "/api/sync/logs/{id}/rejected/resubmit/",
         .handler = rejected::resubmit, .mutates = true,
         .summary = "Stages corrected rows (JSON records, or text/csv with the file's header and "
                    "an optional line column) as a correction upload: the next sync validates "
                    "them and merges the accepted ones into the live data by key",
         .params = {kTenantId, kFileType}, .body = rejected::kResubmitBody, .tag = "sync",
         .role = Role::Operator},
        {.method = "GET", .pattern = "/api/sync/logs/{id}/evidence/", .handler = sync::getEvidence,
         .summary = "The evidence pack of a sync: files (name, size, SHA-256 as uploaded, "
                    "uploader), counts, control totals, findings per field and rule, the rules "
                    "in force and the software versions, sealed with a SHA-256 over its canonical "
                    "JSON; or the same as a printable HTML page",
         .params = {kTenantId, sync::kEvidenceFormat}, .tag = "sync", .role = Role::Viewer},

        // tenant
        {.method = "GET", .pattern = "/api/tenant/", .handler = tenant::getTenant,
         .summary = "The caller's tenant: id, name, key prefix, warehouse database, counts of "
                    "staged uploads, syncs and live rows per loan type and file type",
         .tag = "tenant", .role = Role::Viewer},
        {.method = "POST", .pattern = "/api/tenant/rotate-key/", .handler = tenant::rotateKey,
         .mutates = true,
         .summary = "Replaces the caller's API key: the new key is shown only in this answer and "
                    "the old one stops working at once",
         .tag = "tenant", .role = Role::Viewer},

        // keys
        {.method = "GET", .pattern = "/api/keys/", .handler = keys::listKeys,
         .summary = "The tenant's active API keys (prefix, name, role, created, last used, "
                    "expiry; never the secret)", .tag = "keys", .role = Role::Admin},
        {.method = "POST", .pattern = "/api/keys/", .handler = keys::createKey, .mutates = true,
         .summary = "Creates a named key with a role (and an optional expiry): 201 with the key, "
                    "shown only in this answer; 409 when an active key has that name",
         .body = keys::kCreateBody, .tag = "keys", .role = Role::Admin},
        {.method = "DELETE", .pattern = "/api/keys/{prefix}/", .handler = keys::revokeKey,
         .mutates = true,
         .summary = "Revokes a key: refused from the very next request, by every agent; 409 for "
                    "the tenant's last admin key", .tag = "keys", .role = Role::Admin},

        // rules
        {.method = "GET", .pattern = "/api/rules/", .handler = rules::getRules,
         .summary = "The validation policy in force for a loan type (version 0: the built-in "
                    "rules): severity overrides, thresholds, header aliases, unknown-column "
                    "policy, roll-forward settings", .params = {kRequiredLoanType, kTenantId},
         .tag = "rules", .role = Role::Viewer},
        {.method = "PUT", .pattern = "/api/rules/", .handler = rules::putRules, .mutates = true,
         .summary = "Replaces a loan type's validation policy with a new version (in force for "
                    "the next sync and check); 400 naming the field and rule it breaks",
         .params = {kRequiredLoanType, kTenantId}, .body = rules::kPolicyBody, .tag = "rules",
         .role = Role::Admin},

        // agent administration
        {.method = "GET", .pattern = "/api/admin/tenants/", .handler = admin::listTenants,
         .summary = "Every tenant (agent administrator credential only)", .tag = "admin",
         .role = Role::AgentAdmin},
        {.method = "POST", .pattern = "/api/admin/tenants/", .handler = admin::createTenant,
         .mutates = true,
         .summary = "Creates a tenant with its schema, warehouse database and an admin key "
                    "\"default\", shown only in this answer", .body = admin::kCreateBody,
         .tag = "admin", .needs = Needs::Both, .role = Role::AgentAdmin},
        {.method = "GET", .pattern = "/api/admin/tenants/{id}/", .handler = admin::getTenant,
         .summary = "One tenant with its active keys", .tag = "admin", .role = Role::AgentAdmin},
        {.method = "PATCH", .pattern = "/api/admin/tenants/{id}/", .handler = admin::patchTenant,
         .mutates = true,
         .summary = "Renames (name), deactivates or reactivates (active) a tenant; a deactivated "
                    "tenant's keys get 403 and its scheduled syncs stop, its data is kept",
         .body = admin::kPatchBody, .tag = "admin", .role = Role::AgentAdmin},
        {.method = "POST", .pattern = "/api/admin/tenants/{id}/keys/",
         .handler = admin::createTenantKey, .mutates = true,
         .summary = "Gives a tenant a new named key (e.g. an admin key when it lost its own), "
                    "shown only in this answer", .body = keys::kCreateBody, .tag = "admin",
         .role = Role::AgentAdmin},
        {.method = "GET", .pattern = "/api/admin/audit/", .handler = admin::readAudit,
         .summary = "The agent-wide audit log (tenants created, renamed, deactivated, keys "
                    "given), newest first; with tenant_id, that tenant's audit log",
         .params = {admin::kAuditTenant, admin::kAuditLimit, kOffset}, .tag = "admin",
         .role = Role::AgentAdmin},

        // uploads
        {.method = "POST", .pattern = "/api/uploads/", .handler = uploads::postUpload,
         .mutates = true,
         .summary = "Stages a file for the next sync: the raw body (text/csv or "
                    "application/octet-stream) or the file part of multipart/form-data (fields "
                    "loan_type and file_type before it). 201 with the upload, 200 when identical "
                    "to the file last synced or already staged, 413 past the size limit",
         .params = uploads::kFileParams, .tag = "uploads", .role = Role::Operator},
        {.method = "GET", .pattern = "/api/uploads/", .handler = uploads::listUploads,
         .summary = "The tenant's uploads, newest first",
         .params = {kLoanType, uploads::kStatus, uploads::kLimit, kOffset, kTenantId},
         .tag = "uploads", .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/uploads/{id}/", .handler = uploads::getUpload,
         .summary = "One upload", .tag = "uploads", .role = Role::Viewer},
        {.method = "DELETE", .pattern = "/api/uploads/{id}/", .handler = uploads::deleteUpload,
         .mutates = true,
         .summary = "Deletes a STAGED upload and its stored file (409 for any other status)",
         .tag = "uploads", .role = Role::Operator},
        {.method = "POST", .pattern = "/api/check/", .handler = uploads::postCheck,
         .summary = "Validates a file without staging it and answers the `check --json` summary; "
                    "a payment plan is cross-checked against the tenant's live credits",
         .params = uploads::kCheckParams, .tag = "uploads", .role = Role::Viewer},

        // data
        {.method = "GET", .pattern = "/api/data/", .handler = data::getRows,
         .summary = "Warehouse rows with server-side paging, sorting and filters",
         .params = data::kPageParams, .tag = "data", .needs = Needs::Both, .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/profiling/", .handler = data::getProfile,
         .summary = "Per-column profile of the live data (numeric statistics, histograms, top "
                    "values); which figures are estimates, and their bounds: the answer's schema",
         .params = data::kScope, .tag = "data", .needs = Needs::Both, .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/kpis/", .handler = data::getKpis,
         .summary = "Portfolio figures: credits, outstanding by status, days-past-due buckets, "
                    "rate",
         .params = data::kKpiScope, .tag = "data", .needs = Needs::Both, .role = Role::Viewer},

        // reporting periods
        {.method = "GET", .pattern = "/api/periods/", .handler = periods::listPeriods,
         .summary = "The live reporting periods of each loan type, oldest first: credit and "
                    "payment plan row counts, the syncs that loaded them and when",
         .params = periods::kListParams, .tag = "data", .needs = Needs::Both,
         .role = Role::Viewer},
        {.method = "GET", .pattern = "/api/kpis/history/", .handler = periods::kpiHistory,
         .summary = "Portfolio figures per reporting period (from..to): loans, outstanding "
                    "principal, NPL ratio (days past due > 90), days-past-due buckets, weighted "
                    "average rate, new and closed loans against the previous period",
         .params = periods::kHistoryParams, .tag = "data", .needs = Needs::Both,
         .role = Role::Viewer},
        // reports
        {.method = "GET", .pattern = "/api/reports/period/", .handler = report::getPeriodReport,
         .summary = "The period report of a loan type: portfolio, stratification tables, "
                    "roll-forward summary, 20 largest exposures, data quality of its sync; JSON, "
                    "HTML or CSV; 404 when the period is not loaded",
         .params = report::kPeriodReportParams, .tag = "reports", .needs = Needs::Both,
         .role = Role::Viewer},
    };
    // clang-format on
    return kRoutes;
}

void registerRoutes(Router& router, ApiContext& context) {
    // Shared by every handler (and the cache warmer) for as long as the router holds a route.
    auto dataReads = std::make_shared<DataReads>(context);
    auto api = std::make_shared<Api>(Api{context, *dataReads, router});
    context.cacheWarmer.setWarm([dataReads](const std::string& tenantId, core::LoanType loanType) {
        dataReads->warm(tenantId, loanType);
    });
    for (const auto& entry : routeTable())
        router.add({.method = std::string(entry.method),
                    .pattern = std::string(entry.pattern),
                    .handler = [dataReads, api, handler = entry.handler](
                                   RequestContext& request) { return handler(*api, request); },
                    .mutates = entry.mutates,
                    .isPublic = entry.isPublic,
                    .summary = std::string(entry.summary),
                    .parameters = openApiParameters(entry.params),
                    .tag = std::string(entry.tag),
                    .requestBody = entry.body.empty() ? nlohmann::json() : openApiBody(entry.body),
                    .needs = entry.needs,
                    .waitParam = std::string(entry.waitParam),
                    .role = entry.role});
    // The circuit breaker: the supervisor's last look at each database. Inside a request the
    // database clients consult it too (a route that only may use the warehouse, e.g. /api/tenant/).
    if (const auto* supervisor = context.supervisor) {
        router.setDatabaseState(
            [supervisor](const std::string& database) { return supervisor->up(database); });
        context.services.database().setAvailability(
            [supervisor] { return supervisor->up("postgresql"); });
        context.services.clickhouse().setAvailability(
            [supervisor] { return supervisor->up("clickhouse"); });
    }
}

}  // namespace findata::agent
