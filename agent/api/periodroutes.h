#pragma once
// Reporting periods over the API: which periods of a loan type are live (row counts, the syncs
// that loaded them, when), and the portfolio KPIs of each period side by side (a trend).

#include "agent/api/params.h"
#include "agent/api/routes.h"

namespace findata::agent::periods {

RouteHandler listPeriods, kpiHistory;

inline constexpr Param kFrom = text("from", "the first period, YYYY-MM (default: the oldest)");
inline constexpr Param kTo = text("to", "the last period, YYYY-MM (default: the latest)");
inline const std::vector<Param> kListParams = {kTenantId, kLoanType};
inline const std::vector<Param> kHistoryParams = {kTenantId, kLoanType, kFrom, kTo};

}  // namespace findata::agent::periods
