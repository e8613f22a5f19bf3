#pragma once
// The core's loan and file type names (core/catalog.h) as the client uses them in requests,
// JSON keys and object names: converted to QString once, never written as literals.

#include <QString>

#include "core/catalog.h"

namespace findata::app {

/// "RETAIL", "COMMERCIAL".
const QString& typeName(core::LoanType type);
/// "credit", "payment_plan".
const QString& typeName(core::FileType type);

}  // namespace findata::app
