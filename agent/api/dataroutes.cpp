#include "agent/api/apicontext.h"
#include "agent/api/routes.h"

namespace findata::agent {

void registerDataRoutes(Router&, ApiContext&) {}

}  // namespace findata::agent
