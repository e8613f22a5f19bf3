#pragma once
// The client library's compiled-in resources (icons), registered once before first use.

namespace findata::app {

/// Makes :/icons/… available; safe to call more than once.
void initResources();

}  // namespace findata::app
