// GET /api/periods/ and GET /api/kpis/history/: see periodroutes.h.

#include "agent/api/periodroutes.h"

#include <algorithm>
#include <map>

#include "agent/api/dataroutes.h"
#include "agent/api/router.h"
#include "agent/api/syncjson.h"
#include "agent/services.h"
#include "agent/store/livebatches.h"
#include "agent/warehouse/queries.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent::periods {
namespace {

using nlohmann::json;

json batchJson(const std::optional<LiveBatch>& batch,
               const std::map<std::pair<core::FileType, std::string>, std::uint64_t>& rows) {
    if (!batch) return nullptr;
    const auto it = rows.find({batch->file, batch->batchId});
    return {{"rows", it == rows.end() ? 0 : it->second},
            {"sync_id", batch->syncId},
            {"batch_id", batch->batchId},
            {"upload_id", batch->uploadId ? json(*batch->uploadId) : json(nullptr)},
            {"loaded_at", isoTimestamp(batch->since)}};
}

// A ratio of two exact decimal texts, as a number (null when the denominator is zero).
json ratioOf(const json& part, const json& whole) {
    const auto value = [](const json& v) {
        if (v.is_null()) return 0.0;
        return v.is_string() ? std::stod(v.get<std::string>()) : v.get<double>();
    };
    const double denominator = value(whole);
    return denominator > 0 ? json(value(part) / denominator) : json(nullptr);
}

}  // namespace

HttpResponse listPeriods(Api& api, RequestContext& ctx) {
    refuseUnknownParameters(ctx.request, kListParams);
    checkTenantParameter(ctx);
    const auto loanType = optionalLoanType(ctx.request);
    const Tenant& tenant = ctx.caller();
    auto& services = api.services;
    services.warehouse().ensureTenant(tenant.warehouseDatabase);
    // Row counts from part metadata: no scan.
    std::map<std::pair<core::FileType, std::string>, std::uint64_t> rows;
    for (const auto& batch : services.warehouse().batches(tenant.warehouseDatabase))
        rows[{batch.file, batch.batchId}] = batch.rows;
    LiveBatchRepository live(services.database(), tenant.schema);
    json items = json::array();
    for (const auto t : core::kLoanTypes) {
        if (loanType && *loanType != t) continue;
        for (const auto& p : live.periods(t)) {
            const auto credit = batchJson(p.credit, rows);
            const auto payment = batchJson(p.payment, rows);
            Timestamp loaded{};
            for (const auto* b : {&p.credit, &p.payment})
                if (*b) loaded = std::max(loaded, (*b)->since);
            items.push_back({{"loan_type", core::toText(t)},
                             {"period", p.period},
                             {"credit_rows", credit.is_null() ? json(0) : credit["rows"]},
                             {"payment_plan_rows", payment.is_null() ? json(0) : payment["rows"]},
                             {"sync_ids", json::array()},
                             {"loaded_at", isoTimestamp(loaded)},
                             {"credit", credit},
                             {"payment_plan", payment}});
            auto& ids = items.back()["sync_ids"];
            for (const auto* b : {&p.credit, &p.payment})
                if (*b && std::find(ids.begin(), ids.end(), json((*b)->syncId)) == ids.end())
                    ids.push_back((*b)->syncId);
        }
    }
    const auto total = items.size();
    return jsonResponse({{"tenant_id", tenant.id},
                         {"loan_type", loanType ? json(core::toText(*loanType)) : json(nullptr)},
                         {"items", std::move(items)},
                         {"total", total}});
}

HttpResponse kpiHistory(Api& api, RequestContext& ctx) {
    refuseUnknownParameters(ctx.request, kHistoryParams);
    checkTenantParameter(ctx);
    const auto from = optionalPeriod(ctx.request, kFrom);
    const auto to = optionalPeriod(ctx.request, kTo);
    if (from && to && *from > *to) badParameter(kFrom.name, "must not be after to (" + *to + ")");
    auto& reads = api.dataReads;
    DataScope s;
    s.tenant = &ctx.caller();
    s.loanType = optionalLoanType(ctx.request);
    api.services.warehouse().ensureTenant(s.tenant->warehouseDatabase);
    s.live = LiveBatchRepository(api.services.database(), s.tenant->schema).load();
    const std::string query = "history|" + from.value_or("") + "|" + to.value_or("");
    return reads.cached(s, query, [&](const std::string&) {
        const auto types = s.loanTypes();
        std::vector<std::string> periods;
        for (const auto t : types)
            for (auto& p : s.live.periods(t))
                if (std::find(periods.begin(), periods.end(), p) == periods.end())
                    periods.push_back(std::move(p));
        std::sort(periods.begin(), periods.end());
        json items = json::array();
        const std::string* previous = nullptr;  // the newest live period before, in or out of range
        for (const auto& period : periods) {
            const bool inRange = (!from || period >= *from) && (!to || period <= *to);
            if (inRange) {
                const auto current = s.live.ofPeriod(period);
                auto kpis =
                    portfolioKpis(reads.clickhouse(), s.tenant->warehouseDatabase, types, current);
                json item = {{"period", period},
                             {"previous_period", previous ? json(*previous) : json(nullptr)},
                             {"loans", kpis["credits"]},
                             {"outstanding_principal", kpis["outstanding_principal"]},
                             {"days_past_due", kpis["days_past_due"]},
                             {"weighted_average_rate", kpis["weighted_average_rate"]},
                             {"new_loans", nullptr},
                             {"closed_loans", nullptr}};
                json npl = nullptr, nplCount = 0;
                for (const auto& bucket : kpis["days_past_due"])
                    if (bucket["bucket"] == "90+") {
                        npl = bucket["outstanding_principal"];
                        nplCount = bucket["credits"];
                    }
                item["npl_outstanding_principal"] = npl;
                item["npl_loans"] = nplCount;
                item["npl_ratio"] = ratioOf(npl, kpis["outstanding_principal"]);
                item["npl_loan_ratio"] =
                    ratioOf(json(nplCount.get<double>()), json(kpis["credits"].get<double>()));
                if (previous) {
                    const auto changes =
                        loanChanges(reads.clickhouse(), s.tenant->warehouseDatabase, types, current,
                                    s.live.ofPeriod(*previous));
                    item["new_loans"] = changes["new_loans"];
                    item["closed_loans"] = changes["closed_loans"];
                }
                items.push_back(std::move(item));
            }
            previous = &period;
        }
        return json{{"tenant_id", s.tenant->id},
                    {"loan_type", s.loanType ? json(core::toText(*s.loanType)) : json(nullptr)},
                    {"from", from ? json(*from) : json(nullptr)},
                    {"to", to ? json(*to) : json(nullptr)},
                    {"items", std::move(items)}};
    });
}

}  // namespace findata::agent::periods
