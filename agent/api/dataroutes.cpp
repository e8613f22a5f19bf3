// Reading the warehouse: data pages (paging, sorting, filters checked against the field
// catalog), column profiles and portfolio KPIs. Answers are cached per tenant, loan type and
// normalized query, and a cached answer is used only while the newest sync of its loan types is
// the one it was computed under — so syncs run by another agent or the CLI invalidate it too.

#include <charconv>
#include <mutex>
#include <set>

#include "agent/api/apicontext.h"
#include "agent/api/apierror.h"
#include "agent/api/readcache.h"
#include "agent/api/router.h"
#include "agent/api/routes.h"
#include "agent/services.h"
#include "agent/store/synclogs.h"
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
    explicit DataRoutes(ApiContext& context) : m_context(context) {}

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

    // The cached body for the request, or the one `compute` makes (then cached).
    HttpResponse cached(const Scope& s, std::string query, const std::function<json()>& compute) {
        auto& cache = m_context.readCache;
        // The newest sync of each loan type versions the data: a sync anywhere changes it.
        for (const auto loanType : s.loanTypes()) {
            const auto newest = SyncLogRepository(m_context.services.database(), s.tenant->schema)
                                    .list(loanType, 1);
            query += newest.empty() ? std::string("|-")
                                    : "|" + newest.front().id + ":" +
                                          std::string(toText(newest.front().status));
        }
        const ReadCache::Key key{s.tenant->id, s.mask(), std::move(query)};
        HttpResponse response;
        response.headers.emplace_back("Cache-Control", "no-store");
        if (auto body = cache.get(key)) {
            response.body = std::move(*body);
            response.headers.emplace_back("X-Cache", "hit");
            return response;
        }
        const auto generation = cache.generation(key.tenantId, key.loanTypes);
        response.body = compute().dump(-1, ' ', false, json::error_handler_t::replace);
        cache.put(key, generation, response.body);
        response.headers.emplace_back("X-Cache", "miss");
        return response;
    }

    ClickHouseClient& clickhouse() { return m_context.services.clickhouse(); }

private:
    ApiContext& m_context;
    std::mutex m_mutex;
    std::set<std::string> m_ensured;

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
    static const std::set<std::string> kPaging = {"page", "page_size", "sort", "order"};
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

    // The normalized request: the same rows always share one cache entry.
    std::vector<std::string> filterKeys;
    for (const auto& f : q.filters)
        filterKeys.push_back(std::string(f.field->name) + char('0' + int(f.op)) +
                             (f.isNull ? "NULL" : f.literal));
    std::sort(filterKeys.begin(), filterKeys.end());
    std::string key = "data|" + std::string(core::toText(s.file)) + "|" +
                      (q.sortBy ? std::string(q.sortBy->name) : "") + (q.descending ? "-" : "+") +
                      "|" + std::to_string(q.offset) + "|" + std::to_string(q.limit);
    for (const auto& k : filterKeys)
        key += "|" + k;
    return routes.cached(s, std::move(key), [&] {
        auto body = scopeJson(s);
        auto page_ = readDataPage(routes.clickhouse(), q);
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
                    const auto s = routes->scope(ctx, true);
                    return routes->cached(s, "profile|" + std::string(core::toText(s.file)), [&] {
                        auto body = scopeJson(s);
                        body.update(profileColumns(
                            routes->clickhouse(), s.tenant->warehouseDatabase, s.file, s.loanType));
                        return body;
                    });
                },
                false, false,
                "Per-column profile of the live data (numeric statistics, histograms, top values)",
                scopeParameters(true), "data"});

    router.add({"GET", "/api/kpis/",
                [routes](RequestContext& ctx) {
                    const auto s = routes->scope(ctx, false);
                    return routes->cached(s, "kpis", [&] {
                        auto body = portfolioKpis(routes->clickhouse(), s.tenant->warehouseDatabase,
                                                  s.loanTypes());
                        body["tenant_id"] = s.tenant->id;
                        return body;
                    });
                },
                false, false,
                "Portfolio figures: credits, outstanding by status, days-past-due buckets, rate",
                scopeParameters(false), "data"});
}

}  // namespace findata::agent
