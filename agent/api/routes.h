#pragma once
// The route modules of the API, one per area; each adds its routes to the router.

namespace findata::agent {

class Router;
struct ApiContext;

void registerSystemRoutes(Router& router, ApiContext& context);  // /health, /metrics, openapi
void registerSyncRoutes(Router& router, ApiContext& context);    // /api/sync/…
void registerTenantRoutes(Router& router, ApiContext& context);  // /api/tenant/…
void registerUploadRoutes(Router& router, ApiContext& context);  // /api/uploads/…, /api/check/
void registerDataRoutes(Router& router, ApiContext& context);    // /api/data/, profiling, kpis

}  // namespace findata::agent
