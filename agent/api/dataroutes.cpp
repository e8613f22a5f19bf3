// Reading the warehouse: see dataroutes.h.

#include "agent/api/dataroutes.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "agent/api/apierror.h"
#include "agent/api/cachewarmer.h"
#include "agent/api/router.h"
#include "agent/profiling/viewprofile.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/store/synclogs.h"
#include "agent/sync/drift.h"
#include "agent/util/logging.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/sortindex.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

using nlohmann::json;

const core::FieldSpec* findColumn(const std::vector<const core::FieldSpec*>& columns,
                                  std::string_view name) {
    for (const auto* f : columns)
        if (f->name == name) return f;
    return nullptr;
}

json scopeJson(const DataScope& s) {
    return {{"tenant_id", s.tenant->id},
            {"loan_type", s.loanType ? json(core::toText(*s.loanType)) : json(nullptr)},
            {"data_type", core::toText(s.file)},
            {"period", s.period.empty() ? json(nullptr) : json(s.period)}};
}

// An empty value reads as an absent one (a form's untouched field).
std::optional<std::string> nonEmpty(std::optional<std::string> text) {
    if (text && text->empty()) return std::nullopt;
    return text;
}

bool declared(const std::vector<Param>& params, const std::string& name) {
    return std::any_of(params.begin(), params.end(), [&](const Param& p) {
        return p.type != ParamType::Filters && (name == p.name || name == p.alias);
    });
}

// The view's profile from what is stored, or the warehouse where nothing is (viewprofile.h).
nlohmann::json liveProfile(DataReads& routes, const DataScope& s) {
    return viewProfile({routes.services().database(), s.tenant->schema, routes.clickhouse(),
                        s.tenant->warehouseDatabase, s.file, s.loanType, s.live});
}

HttpResponse profileResponse(DataReads& routes, const DataScope& s) {
    return routes.cached(s, "profile|" + std::string(core::toText(s.file)),
                         [&](const std::string&) {
                             auto body = scopeJson(s);
                             body.update(liveProfile(routes, s));
                             if (s.loanType)
                                 addDriftToProfile(body, routes.services().database(),
                                                   s.tenant->schema, s.file, *s.loanType, s.period);
                             return body;
                         });
}

HttpResponse kpisResponse(DataReads& routes, const DataScope& s) {
    return routes.cached(s, "kpis", [&](const std::string&) {
        auto body =
            portfolioKpis(routes.clickhouse(), s.tenant->warehouseDatabase, s.loanTypes(), s.live);
        body["tenant_id"] = s.tenant->id;
        body["period"] = s.period.empty() ? json(nullptr) : json(s.period);
        return body;
    });
}

}  // namespace

std::vector<core::LoanType> DataScope::loanTypes() const {
    if (loanType) return {*loanType};
    return {std::begin(core::kLoanTypes), std::end(core::kLoanTypes)};
}

ReadCache::LoanTypes DataScope::mask() const {
    return loanType ? static_cast<ReadCache::LoanTypes>(*loanType) : core::kBoth;
}

void DataScope::selectPeriod(const LiveBatches& all, const std::optional<std::string>& asked) {
    const auto types = loanTypes();
    if (!asked) {
        period = all.latestPeriod(types).value_or("");
        live = period.empty() ? LiveBatches() : all.ofPeriod(period);
        return;
    }
    json known = json::array();
    bool found = false;
    std::vector<std::string> periods;
    for (const auto t : types)
        for (auto& p : all.periods(t)) {
            found = found || p == *asked;
            if (std::find(periods.begin(), periods.end(), p) == periods.end())
                periods.push_back(std::move(p));
        }
    std::sort(periods.begin(), periods.end());
    if (!found) {
        std::string which = loanType ? std::string(core::toText(*loanType)) : "any loan type";
        throw ApiError(ApiErrorKind::NotFound,
                       "no data of period " + *asked + " for " + which +
                           (periods.empty() ? std::string(": nothing is live")
                                            : "; periods with data: " + json(periods).dump()),
                       {{"period", *asked}, {"periods", periods}});
    }
    period = *asked;
    live = all.ofPeriod(period);
}

DataScope DataReads::scope(RequestContext& ctx, const std::vector<Param>* known) {
    if (known) refuseUnknownParameters(ctx.request, *known);
    checkTenantParameter(ctx);
    DataScope s;
    s.tenant = &ctx.caller();
    if (nonEmpty(optionalText(ctx.request, kLoanType))) s.loanType = optionalLoanType(ctx.request);
    if (!known || declared(*known, std::string(kDataFileType.name)))
        s.file = optionalFileType(ctx.request, kDataFileType).value_or(core::FileType::Credit);
    const auto period = optionalPeriod(ctx.request, kPeriod);
    ensureWarehouse(*s.tenant);
    s.selectPeriod(LiveBatchRepository(m_context.services.database(), s.tenant->schema).load(),
                   period);
    return s;
}

// What versions the scope's data: its period and live batches, so a sync anywhere (this agent,
// another one, the CLI) changes it.
std::string DataReads::version(const DataScope& s) {
    return s.period + s.live.version(s.loanTypes());
}

ReadCache::Key DataReads::key(const DataScope& s, const std::string& query,
                              const std::string& version) {
    return {s.tenant->id, s.mask(), query + version};
}

HttpResponse DataReads::cached(const DataScope& s, const std::string& query,
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

ClickHouseClient& DataReads::clickhouse() {
    return m_context.services.clickhouse();
}

// A tenant that never synced has no warehouse yet: it reads as empty, not as an error.
void DataReads::ensureWarehouse(const Tenant& tenant) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_ensured.count(tenant.warehouseDatabase)) return;
    }
    m_context.services.warehouse().ensureTenant(tenant.warehouseDatabase);
    const std::lock_guard lock(m_mutex);
    m_ensured.insert(tenant.warehouseDatabase);
}

// The reads a screen shows right after a sync: the loan type's profiles (both files) and the
// KPIs of the loan type and of the whole portfolio, and the profiles of both loan types (merged
// from the stored states just written, no scan). Each lands in the cache as its route would
// put it there.
void DataReads::warm(const std::string& tenantId, core::LoanType loanType) {
    try {
        const auto tenant = TenantRepository(m_context.services.database()).find(tenantId);
        if (!tenant) return;
        ensureWarehouse(*tenant);
        DataScope s;
        s.tenant = &*tenant;
        s.loanType = loanType;
        const auto all = LiveBatchRepository(m_context.services.database(), tenant->schema).load();
        // What the routes read by default: the latest period of the scope.
        s.selectPeriod(all, std::nullopt);
        for (const auto file : core::kFileTypes) {
            s.file = file;
            profileResponse(*this, s);
        }
        kpisResponse(*this, s);
        s.loanType.reset();
        s.selectPeriod(all, std::nullopt);
        kpisResponse(*this, s);
        for (const auto file : core::kFileTypes) {  // both loan types: the states merged
            s.file = file;
            profileResponse(*this, s);
        }
    } catch (const std::exception& e) {
        // Only a head start: the routes compute on request what could not be warmed here.
        logger("api")->warn("tenant {}: warming the read cache of {} failed: {}", tenantId,
                            core::toText(loanType), e.what());
    }
}

namespace data {

HttpResponse getRows(Api& api, RequestContext& ctx) {
    auto& routes = api.dataReads;
    // Every parameter not declared is a filter (checked below); a name may repeat.
    const auto s = routes.scope(ctx, nullptr);
    std::vector<std::pair<std::string, std::string>> filterParams;
    for (const auto& [name, value] : ctx.request.query)
        if (!declared(kPageParams, name)) filterParams.emplace_back(name, value);

    const auto columns = visibleColumns(s.file, s.loanType);
    DataQuery q;
    q.database = s.tenant->warehouseDatabase;
    q.live = s.live;
    q.file = s.file;
    q.loanType = s.loanType;
    const auto page = static_cast<std::uint64_t>(intOrDefault(ctx.request, kPage));
    const auto pageSize =
        std::min(static_cast<std::uint64_t>(intOrDefault(ctx.request, kPageSize)), kMaxPageSize);
    if (const auto v = nonEmpty(optionalText(ctx.request, kSort))) {
        q.sortBy = findColumn(columns, *v);
        if (!q.sortBy) badParameter(kSort.name, "cannot sort by '" + *v + "': no such column");
    }
    if (nonEmpty(optionalText(ctx.request, kOrder)))
        q.descending = optionalChoice(ctx.request, kOrder) == "desc";
    const auto format = optionalChoice(ctx.request, kFormat).value_or("json");
    q.offset = (page - 1) * pageSize;
    q.limit = pageSize;
    // The original API's limit/offset page by rows instead.
    const auto limit = optionalInt(ctx.request, kLimit);
    const auto offset = optionalInt(ctx.request, kOffset);
    if (limit || offset) {
        if (optionalText(ctx.request, kPage) || optionalText(ctx.request, kPageSize))
            badParameter(kLimit.name, "give either limit/offset or page/page_size, not both");
        q.limit = std::min(static_cast<std::uint64_t>(limit.value_or(50)), kMaxPageSize);
        q.offset = static_cast<std::uint64_t>(offset.value_or(0));
    }
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
        // A large view's sort index answers unfiltered pages without sorting (sortindex.h).
        auto indexed = readIndexedPage(routes.clickhouse(), q);
        auto page_ =
            indexed ? std::move(*indexed) : readDataPage(routes.clickhouse(), q, knownTotal);
        if (!knownTotal)
            cache.put(countKey, generation, std::to_string(page_["total"].get<std::uint64_t>()));
        auto body = scopeJson(s);
        body["page"] = q.offset / q.limit + 1;
        body["page_size"] = q.limit;
        body["offset"] = q.offset;
        body["limit"] = q.limit;
        body["sort"] = q.sortBy ? json(q.sortBy->name) : json(nullptr);
        body["order"] = q.descending ? "desc" : "asc";
        body["total"] = std::move(page_["total"]);
        body["columns"] = std::move(page_["columns"]);
        body["rows"] = std::move(page_["rows"]);
        return body;
    });
}

HttpResponse getProfile(Api& api, RequestContext& ctx) {
    return profileResponse(api.dataReads, api.dataReads.scope(ctx, &kScope));
}

HttpResponse getKpis(Api& api, RequestContext& ctx) {
    return kpisResponse(api.dataReads, api.dataReads.scope(ctx, &kKpiScope));
}

}  // namespace data
}  // namespace findata::agent
