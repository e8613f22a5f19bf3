#include "agent/api/apicontext.h"
#include "agent/api/routes.h"

namespace findata::agent {

void registerSyncRoutes(Router&, ApiContext&) {}

}  // namespace findata::agent
