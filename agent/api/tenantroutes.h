#pragma once
// The caller's own tenant: who am I (with the key's name and role, counts of its uploads, syncs
// and live rows) and rotation of the caller's own key. A key only ever sees its own tenant, so
// neither route takes a tenant id.

#include "agent/api/routes.h"

namespace findata::agent::tenant {

RouteHandler getTenant, rotateKey;

}  // namespace findata::agent::tenant
