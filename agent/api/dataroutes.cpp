// Reading the warehouse: data pages (paging, sorting, filters checked against the field
// catalog), column profiles and portfolio KPIs. Answers are cached per tenant, loan type and
// normalized query, and a cached answer is used only while the newest sync of its loan types is
// the one it was computed under — so syncs run by another agent or the CLI invalidate it too.

#include <charconv>
#include <future>
#include <map>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>

#include "agent/api/apicontext.h"
#include "agent/api/apierror.h"
#include "agent/api/cachewarmer.h"
#include "agent/api/readcache.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/services.h"
#include "agent/store/synclogs.h"
#include "agent/store/tenants.h"
#include "agent/util/logging.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

using nlohmann::json;

constexpr std::uint64_t kDefaultPageSize = 50;
constexpr std::uint64_t kMaxPageSize = 500;
constexpr std::uint64_t kMaxPage = 1'000'000'000;

[[noreturn]] void badParameter(const std::string& name, const std::string& message) {
    throw ApiError(ApiErrorKind::BadRequest, message, {{"parameter", name}});
}

json queryParameter(const char* name, const char* type, const char* description,
                    bool required = false) {
    return {{"name", name},
            {"in", "query"},
            {"required", required},
            {"schema", {{"type", type}}},
            {"description", description}};
}

// What the three routes share: whose data, which loan types, which file.
struct Scope {
    const Tenant* tenant = nullptr;
    std::optional<core::LoanType> loanType;
    core::FileType file = core::FileType::Credit;

    std::vector<core::LoanType> loanTypes() const {
        if (loanType) return {*loanType};
        return {std::begin(core::kLoanTypes), std::end(core::kLoanTypes)};
    }
    ReadCache::LoanTypes mask() const {
        return loanType ? static_cast<ReadCache::LoanTypes>(*loanType) : core::kBoth;
    }
};

class DataRoutes final {
public:
    // A copy of the context (it holds only references): warm-ups may outlive the caller's.
    explicit DataRoutes(const ApiContext& context) : m_context(context) {}

    // tenant_id (absent or the caller's own), loan_type, data_type; any other parameter is
    // refused unless `extra` accepts it.
    Scope scope(RequestContext& ctx, bool withDataType,
                const std::function<bool(const std::string&)>& extra = {}) {
        Scope s;
        s.tenant = &ctx.caller();
        for (const auto& [name, value] : ctx.request.query) {
            if (name == "tenant_id") {
                // Another tenant's id answers exactly as a tenant that does not exist.
                if (value != s.tenant->id)
                    throw ApiError(ApiErrorKind::NotFound, "no tenant '" + value + "'");
            } else if (name == "loan_type") {
                if (value.empty()) continue;
                s.loanType = core::parseLoanType(value);
                if (!s.loanType) badParameter(name, "loan_type must be RETAIL or COMMERCIAL");
            } else if (name == "data_type" && withDataType) {
                const auto file = core::parseFileType(value);
                if (!file) badParameter(name, "data_type must be credit or payment_plan");
                s.file = *file;
            } else if (!extra || !extra(name)) {
                badParameter(name, "unknown parameter '" + name + "'");
            }
        }
        ensureWarehouse(*s.tenant);
        return s;
    }

    // What versions the scope's data: the newest sync of each loan type, so a sync anywhere
    // (this agent, another one, the CLI) changes it.
    std::string version(const Scope& s) {
        std::string version;
        for (const auto loanType : s.loanTypes()) {
            const auto newest = SyncLogRepository(m_context.services.database(), s.tenant->schema)
                                    .list(loanType, 1);
            version += newest.empty() ? std::string("|-")
                                      : "|" + newest.front().id + ":" +
                                            std::string(toText(newest.front().status));
        }
        return version;
    }

    ReadCache::Key key(const Scope& s, const std::string& query, const std::string& version) {
        return {s.tenant->id, s.mask(), query + version};
    }

    // The cached body for the request, or the one `compute` makes (then cached). `compute`
    // gets the data's version for caching parts of its own.
    HttpResponse cached(const Scope& s, const std::string& query,
                        const std::function<json(const std::string& version)>& compute) {
        auto& cache = m_context.readCache;
        const auto v = version(s);
        const auto k = key(s, query, v);
        HttpResponse response;
        response.headers.emplace_back("Cache-Control", "no-store");
        if (auto body = cache.get(k)) {
            response.body = std::move(*body);
            response.headers.emplace_back("X-Cache", "hit");
            return response;
        }
        // One computation per key at a time: who asks while it runs (another request, the cache
        // warmer) waits for its result instead of scanning the warehouse a second time.
        const auto flight = k.tenantId + '\x1f' + std::to_string(k.loanTypes) + '\x1f' + k.query;
        std::promise<std::string> promise;
        std::shared_future<std::string> result;
        bool computing = false;
        {
            const std::lock_guard lock(m_mutex);
            if (const auto it = m_inflight.find(flight); it != m_inflight.end()) {
                result = it->second;
            } else {
                result = promise.get_future().share();
                m_inflight.emplace(flight, result);
                computing = true;
            }
        }
        if (!computing) {
            response.body = result.get();  // rethrows the computation's failure
            response.headers.emplace_back("X-Cache", "shared");
            return response;
        }
        try {
            const auto generation = cache.generation(k.tenantId, k.loanTypes);
            response.body = compute(v).dump(-1, ' ', false, json::error_handler_t::replace);
            cache.put(k, generation, response.body);
            promise.set_value(response.body);
        } catch (...) {
            promise.set_exception(std::current_exception());
            const std::lock_guard lock(m_mutex);
            m_inflight.erase(flight);
            throw;
        }
        {
            const std::lock_guard lock(m_mutex);
            m_inflight.erase(flight);
        }
        response.headers.emplace_back("X-Cache", "miss");
        return response;
    }

    ReadCache& cache() { return m_context.readCache; }

    ClickHouseClient& clickhouse() { return m_context.services.clickhouse(); }

    /// Recomputes what a finished sync invalidated (see CacheWarmer).
    void warm(const std::string& tenantId, core::LoanType loanType);

private:
    ApiContext m_context;
    std::mutex m_mutex;
    std::set<std::string> m_ensured;
    std::map<std::string, std::shared_future<std::string>> m_inflight;  // computations running

    // A tenant that never synced has no warehouse yet: it reads as empty, not as an error.
    void ensureWarehouse(const Tenant& tenant) {
        {
            const std::lock_guard lock(m_mutex);
            if (m_ensured.count(tenant.warehouseDatabase)) return;
        }
        m_context.services.warehouse().ensureTenant(tenant.warehouseDatabase);
        const std::lock_guard lock(m_mutex);
        m_ensured.insert(tenant.warehouseDatabase);
    }
};

std::uint64_t positiveNumber(const std::string& name, const std::string& text, std::uint64_t max) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n == 0 || n > max)
        badParameter(name, name + " must be a whole number from 1 to " + std::to_string(max));
    return n;
}

const core::FieldSpec* findColumn(const std::vector<const core::FieldSpec*>& columns,
                                  std::string_view name) {
    for (const auto* f : columns)
        if (f->name == name) return f;
    return nullptr;
}

json scopeJson(const Scope& s) {
    return {{"tenant_id", s.tenant->id},
            {"loan_type", s.loanType ? json(core::toText(*s.loanType)) : json(nullptr)},
            {"data_type", core::toText(s.file)}};
}

HttpResponse dataPage(DataRoutes& routes, RequestContext& ctx) {
    static const std::set<std::string> kPaging = {"page", "page_size", "sort", "order", "format"};
    // Every other parameter is a filter (checked below); a name may repeat.
    const auto s = routes.scope(ctx, true, [](const std::string&) { return true; });
    std::vector<std::pair<std::string, std::string>> filterParams;
    for (const auto& [name, value] : ctx.request.query)
        if (!kPaging.count(name) && name != "tenant_id" && name != "loan_type" &&
            name != "data_type")
            filterParams.emplace_back(name, value);

    const auto columns = visibleColumns(s.file, s.loanType);
    DataQuery q;
    q.database = s.tenant->warehouseDatabase;
    q.file = s.file;
    q.loanType = s.loanType;
    std::uint64_t page = 1, pageSize = kDefaultPageSize;
    if (const auto v = ctx.request.queryValue("page")) page = positiveNumber("page", *v, kMaxPage);
    if (const auto v = ctx.request.queryValue("page_size"))
        pageSize = std::min(positiveNumber("page_size", *v, kMaxPage), kMaxPageSize);
    if (const auto v = ctx.request.queryValue("sort"); v && !v->empty()) {
        q.sortBy = findColumn(columns, *v);
        if (!q.sortBy) badParameter("sort", "cannot sort by '" + *v + "': no such column");
    }
    if (const auto v = ctx.request.queryValue("order"); v && !v->empty()) {
        if (*v != "asc" && *v != "desc") badParameter("order", "order must be asc or desc");
        q.descending = *v == "desc";
    }
    const auto format = ctx.request.queryValue("format").value_or("json");
    if (format != "json" && format != "csv") badParameter("format", "format must be json or csv");
    q.offset = (page - 1) * pageSize;
    q.limit = pageSize;
    for (const auto& [name, value] : filterParams) {
        auto op = FilterOp::Equal;
        std::string columnName = name;
        for (const auto& [suffix, suffixOp] :
             {std::pair{"__gte", FilterOp::AtLeast}, std::pair{"__lte", FilterOp::AtMost}}) {
            const std::string_view sv(suffix);
            if (name.size() > sv.size() &&
                name.compare(name.size() - sv.size(), sv.size(), sv) == 0) {
                op = suffixOp;
                columnName = name.substr(0, name.size() - sv.size());
            }
        }
        const auto* field = findColumn(columns, columnName);
        if (!field) badParameter(name, "cannot filter by '" + name + "': no such column");
        if (op != FilterOp::Equal && !isOrdered(*field))
            badParameter(name, "'" + columnName + "' can only be filtered for equality");
        auto filter = makeFilter(*field, op, value);
        if (!filter)
            badParameter(name, "'" + value + "' is not a value of " + columnName + " (" +
                                   core::warehouseType(*field) + ")");
        q.filters.push_back(std::move(*filter));
    }

    if (format == "csv") {
        // Every matching row, streamed from ClickHouse as it comes: never held in memory.
        HttpResponse response;
        response.contentType = "text/csv; charset=utf-8";
        response.headers.emplace_back("Content-Disposition",
                                      "attachment; filename=\"" + s.tenant->id + "-" +
                                          std::string(core::toText(s.file)) + ".csv\"");
        // A failure midway throws: the server then breaks the body off (see HttpResponse).
        response.stream = [&client = routes.clickhouse(), q](const ByteSink& write) {
            exportDataCsv(client, q, write);
        };
        return response;
    }

    // The normalized request: the same rows always share one cache entry.
    std::vector<std::string> filterKeys;
    for (const auto& f : q.filters)
        filterKeys.push_back(std::string(f.field->name) + char('0' + int(f.op)) +
                             (f.isNull ? "NULL" : f.literal));
    std::sort(filterKeys.begin(), filterKeys.end());
    std::string filterKey;
    for (const auto& k : filterKeys)
        filterKey += "|" + k;
    std::string key = "data|" + std::string(core::toText(s.file)) + "|" +
                      (q.sortBy ? std::string(q.sortBy->name) : "") + (q.descending ? "-" : "+") +
                      "|" + std::to_string(q.offset) + "|" + std::to_string(q.limit) + filterKey;
    return routes.cached(s, key, [&](const std::string& version) {
        // Every page of a query has the same total: counted once per data version.
        auto& cache = routes.cache();
        const auto countKey =
            routes.key(s, "count|" + std::string(core::toText(s.file)) + filterKey, version);
        std::optional<std::uint64_t> knownTotal;
        if (const auto text = cache.get(countKey)) knownTotal = std::stoull(*text);
        const auto generation = cache.generation(countKey.tenantId, countKey.loanTypes);
        auto page_ = readDataPage(routes.clickhouse(), q, knownTotal);
        if (!knownTotal)
            cache.put(countKey, generation, std::to_string(page_["total"].get<std::uint64_t>()));
        auto body = scopeJson(s);
        body["page"] = page;
        body["page_size"] = pageSize;
        body["sort"] = q.sortBy ? json(q.sortBy->name) : json(nullptr);
        body["order"] = q.descending ? "desc" : "asc";
        body["total"] = std::move(page_["total"]);
        body["columns"] = std::move(page_["columns"]);
        body["rows"] = std::move(page_["rows"]);
        return body;
    });
}

HttpResponse profileResponse(DataRoutes& routes, const Scope& s) {
    return routes.cached(
        s, "profile|" + std::string(core::toText(s.file)), [&](const std::string&) {
            auto body = scopeJson(s);
            body.update(profileColumns(routes.clickhouse(), s.tenant->warehouseDatabase, s.file,
                                       s.loanType));
            return body;
        });
}

HttpResponse kpisResponse(DataRoutes& routes, const Scope& s) {
    return routes.cached(s, "kpis", [&](const std::string&) {
        auto body = portfolioKpis(routes.clickhouse(), s.tenant->warehouseDatabase, s.loanTypes());
        body["tenant_id"] = s.tenant->id;
        return body;
    });
}

// The reads a screen shows right after a sync: the loan type's profiles (both files) and the
// KPIs of the loan type and of the whole portfolio. Each lands in the cache as its route would
// put it there.
void DataRoutes::warm(const std::string& tenantId, core::LoanType loanType) {
    try {
        const auto tenant = TenantRepository(m_context.services.database()).find(tenantId);
        if (!tenant) return;
        ensureWarehouse(*tenant);
        Scope s;
        s.tenant = &*tenant;
        s.loanType = loanType;
        for (const auto file : core::kFileTypes) {
            s.file = file;
            profileResponse(*this, s);
        }
        kpisResponse(*this, s);
        s.loanType.reset();
        kpisResponse(*this, s);
    } catch (const std::exception& e) {
        // Only a head start: the routes compute on request what could not be warmed here.
        logger("api")->warn("tenant {}: warming the read cache of {} failed: {}", tenantId,
                            core::toText(loanType), e.what());
    }
}

json scopeParameters(bool withDataType) {
    json p = json::array(
        {queryParameter("tenant_id", "string", "the caller's tenant id (optional)"),
         queryParameter("loan_type", "string", "RETAIL or COMMERCIAL; both when absent")});
    if (withDataType)
        p.push_back(queryParameter("data_type", "string", "credit (default) or payment_plan"));
    return p;
}

}  // namespace

void registerDataRoutes(Router& router, ApiContext& context) {
    auto routes = std::make_shared<DataRoutes>(context);
    context.cacheWarmer.setWarm([routes](const std::string& tenantId, core::LoanType loanType) {
        routes->warm(tenantId, loanType);
    });

    auto dataParameters = scopeParameters(true);
    dataParameters.push_back(queryParameter("page", "integer", "page number, from 1 (default 1)"));
    dataParameters.push_back(
        queryParameter("page_size", "integer", "rows per page (default 50, at most 500)"));
    dataParameters.push_back(queryParameter(
        "sort", "string", "a column of the data type; ties are broken by the table key"));
    dataParameters.push_back(queryParameter("order", "string", "asc (default) or desc"));
    // Free-form filters: OpenAPI's way of saying "any other name=value pair".
    dataParameters.push_back(
        {{"name", "filters"},
         {"in", "query"},
         {"required", false},
         {"style", "form"},
         {"explode", true},
         {"schema", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}},
         {"description",
          "<column>=<value> for equality (an empty value matches rows without one); "
          "<column>__gte= and <column>__lte= for numbers and dates. Columns and values are "
          "checked against the field catalog"}});
    router.add({"GET", "/api/data/",
                [routes](RequestContext& ctx) { return dataPage(*routes, ctx); }, false, false,
                "Warehouse rows with server-side paging, sorting and filters",
                std::move(dataParameters), "data"});

    router.add({"GET", "/api/profiling/",
                [routes](RequestContext& ctx) {
                    return profileResponse(*routes, routes->scope(ctx, true));
                },
                false, false,
                "Per-column profile of the live data (numeric statistics, histograms, top values)",
                scopeParameters(true), "data"});

    router.add(
        {"GET", "/api/kpis/",
         [routes](RequestContext& ctx) { return kpisResponse(*routes, routes->scope(ctx, false)); },
         false, false,
         "Portfolio figures: credits, outstanding by status, days-past-due buckets, rate",
         scopeParameters(false), "data"});
}

}  // namespace findata::agent
