#include "agent/api/routes.h"

#include "agent/api/apicontext.h"

namespace findata::agent {

void registerRoutes(Router& router, ApiContext& context) {
    registerSystemRoutes(router, context);
    registerSyncRoutes(router, context);
    registerTenantRoutes(router, context);
    registerUploadRoutes(router, context);
    registerDataRoutes(router, context);
}

}  // namespace findata::agent
