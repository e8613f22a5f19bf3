#pragma once
// Reading the warehouse: data pages (paging, sorting, filters checked against the field
// catalog), column profiles and portfolio KPIs. Answers are cached per tenant, loan type and
// normalized query, and a cached answer is used only while the live batches of its loan types are
// the ones it was computed under — so syncs run by another agent or the CLI invalidate it too.

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/api/params.h"
#include "agent/api/readcache.h"
#include "agent/api/routes.h"
#include "agent/store/tenants.h"
#include "agent/warehouse/livebatches.h"

namespace findata::agent {

class ClickHouseClient;

/// What a warehouse read is about: whose data, which loan types, which file.
struct DataScope {
    const Tenant* tenant = nullptr;
    std::optional<core::LoanType> loanType;
    core::FileType file = core::FileType::Credit;
    LiveBatches live;    // what is live now in `period`: every read sees only these batches
    std::string period;  // the reporting period read; empty: nothing is live

    std::vector<core::LoanType> loanTypes() const;
    ReadCache::LoanTypes mask() const;
    /// Reads `asked` (default: the latest period with data of the scope's loan types) of
    /// `all`: live becomes that period's batches. Throws ApiError NotFound for a period without
    /// data.
    void selectPeriod(const LiveBatches& all, const std::optional<std::string>& asked);
};

/// The state the warehouse reads share: which tenants' warehouses exist, the computations
/// running (one per cache key), and the cache warm-up after a sync.
class DataReads final {
public:
    // A copy of the context (it holds only references): warm-ups may outlive the caller's.
    explicit DataReads(const ApiContext& context) : m_context(context) {}

    /// tenant_id (absent or the caller's own), loan_type and, when `known` names it, the file;
    /// with `known` given, any parameter not in it is refused.
    DataScope scope(RequestContext& ctx, const std::vector<Param>* known);

    /// The cached body for the request, or the one `compute` makes (then cached). `compute`
    /// gets the data's version for caching parts of its own.
    HttpResponse cached(const DataScope& s, const std::string& query,
                        const std::function<nlohmann::json(const std::string& version)>& compute);
    ReadCache::Key key(const DataScope& s, const std::string& query, const std::string& version);

    ReadCache& cache() { return m_context.readCache; }
    ClickHouseClient& clickhouse();
    Services& services() { return m_context.services; }

    /// Recomputes what a finished sync invalidated (see CacheWarmer).
    void warm(const std::string& tenantId, core::LoanType loanType);

private:
    ApiContext m_context;
    std::mutex m_mutex;
    std::set<std::string> m_ensured;
    std::map<std::string, std::shared_future<std::string>> m_inflight;  // computations running

    std::string version(const DataScope& s);
    void ensureWarehouse(const Tenant& tenant);
};

namespace data {

RouteHandler getRows, getProfile, getKpis;

inline constexpr Param kPage = integer("page", 1, 1'000'000'000, 1, "page number, from 1");
inline constexpr std::uint64_t kMaxPageSize = 500;
inline constexpr Param kPageSize =
    integer("page_size", 1, 1'000'000'000, 50, "rows per page; more than 500 gives 500");
/// The original API's paging, instead of page/page_size (not both).
inline constexpr Param kLimit =
    integer("limit", 1, 1'000'000'000, {}, "rows per answer (more than 500 gives 500)");
inline constexpr Param kSort =
    text("sort",
         "a column of the file type; ties are broken by the table key in the same direction "
         "(desc is the exact reverse of asc), rows without a value come last either way");
inline constexpr std::string_view kOrders[] = {"asc", "desc"};
inline constexpr Param kOrder = choice("order", kOrders, "asc (default) or desc");
inline constexpr std::string_view kFormats[] = {"json", "csv"};
inline constexpr Param kFormat =
    choice("format", kFormats, "json (a page) or csv (every matching row, streamed)");
inline constexpr Param kFilters =
    Param{.name = "filters",
          .type = ParamType::Filters,
          .doc =
              "<column>=<value> for equality (an empty value matches rows without one); "
              "<column>__gte= and <column>__lte= for numbers and dates. Columns and values are "
              "checked against the field catalog"};

/// The parameters of each read: profiles and KPIs take nothing else.
inline const std::vector<Param> kScope = {kTenantId, kLoanType, kDataFileType, kPeriod};
inline const std::vector<Param> kKpiScope = {kTenantId, kLoanType, kPeriod};
inline const std::vector<Param> kPageParams = {kTenantId, kLoanType, kDataFileType, kPage,
                                               kPageSize, kLimit,    kOffset,       kSort,
                                               kOrder,    kFormat,   kFilters,      kPeriod};

}  // namespace data
}  // namespace findata::agent
