#pragma once
// Public system endpoints: health (agent, PostgreSQL, ClickHouse), Prometheus metrics and the
// OpenAPI document.

#include "agent/api/routes.h"

namespace findata::agent::system {

RouteHandler health, metrics, openApi;

}  // namespace findata::agent::system
