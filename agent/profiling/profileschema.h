#pragma once
// The OpenAPI schema of GET /api/profiling/'s answer: its figures, which are exact and which are
// estimates with their error bounds (batchprofile.h, sketches.h).

#include <nlohmann/json.hpp>

namespace findata::agent {

nlohmann::json profileSchema();

}  // namespace findata::agent
