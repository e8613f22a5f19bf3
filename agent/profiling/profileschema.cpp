// The OpenAPI schema of a profile: see profileschema.h.

#include "agent/profiling/profileschema.h"

namespace findata::agent {

nlohmann::json profileSchema() {
    using nlohmann::json;
    const auto number = [](const char* description) {
        return json{{"type", "number"}, {"nullable", true}, {"description", description}};
    };
    const auto text = [](const char* description) {
        return json{{"type", "string"}, {"nullable", true}, {"description", description}};
    };
    const auto count = [](const char* description) {
        return json{{"type", "integer"}, {"description", description}};
    };
    const json column = {
        {"type", "object"},
        {"additionalProperties", true},
        {"properties",
         {{"name", text("the catalog column")},
          {"type", text("its warehouse type, e.g. Nullable(Decimal(18, 2))")},
          {"numeric", {{"type", "boolean"}}},
          {"count", count("rows with a value (exact)")},
          {"nulls", count("rows without one (exact)")},
          {"null_ratio", number("nulls / rows (exact)")},
          {"zeros", count("numeric: values equal to 0 (exact)")},
          {"zero_ratio", number("numeric: zeros / rows (exact)")},
          {"min", text("numeric and dates: the smallest value, exact decimal text")},
          {"max", text("numeric and dates: the largest value, exact decimal text")},
          {"sum", text("numeric: the exact sum, decimal text")},
          {"mean", number("numeric: sum / count (from the exact sum)")},
          {"stddev", number("numeric: population standard deviation (binary floating point)")},
          {"quantiles",
           {{"type", "object"},
            {"description",
             "numeric: p25, p50, p75, p90, p99 — the value of rank floor(level × count), as "
             "ClickHouse's quantileExact picks it. Exact while the column has at most 4,096 "
             "distinct values; above, an estimate within 1/256 ≈ 0.39 % (relative) of the exact "
             "value (exact below 256 units of the column's scale)"}}},
          {"histogram",
           {{"type", "array"},
            {"description",
             "numeric: 20 equal-width buckets [lower, upper) between min and max, the last one "
             "closed; exact while the column has at most 4,096 distinct values; above, a "
             "bucket's count is off only by values within 1/128 (relative) of one of its edges; "
             "the counts always add up to count"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"lower", {{"type", "number"}}},
                {"upper", {{"type", "number"}}},
                {"count", {{"type", "integer"}}}}}}}}},
          {"distinct",
           count("categories (text, codes, flags, dates): distinct values; exact for dates and "
                 "flags and while a text column has at most 16,384 distinct values; above, "
                 "HyperLogLog (2^14 registers): standard error 0.81 %, within ±2.5 % in 99.7 % "
                 "of cases. A column that is the key of its file (one loan type): count")},
          {"top_values",
           {{"type", "array"},
            {"description",
             "categories: the 10 most frequent values, most frequent first (ties by value); "
             "exact counts while the column has at most 16,384 distinct values; above, from a "
             "space-saving summary of 1,024 counters: every value more frequent than count/1024 "
             "is kept, and a shown count is a lower bound, at most count/1024 below the true one"},
            {"items",
             {{"type", "object"},
              {"properties",
               {{"value", {{"type", "string"}}},
                {"count", {{"type", "integer"}}},
                {"ratio", {{"type", "number"}}}}}}}}},
          {"most_frequent", text("categories: the first of top_values")},
          {"estimates",
           {{"type", "array"},
            {"items", {{"type", "string"}}},
            {"description",
             "the figures of this column that are estimates (quantiles, histogram, distinct, "
             "top_values, most_frequent); empty: every figure is exact"}}},
          {"drift",
           {{"type", "object"},
            {"description", "one loan type: the column's drift against the previous period"}}}}}};
    return {
        {"type", "object"},
        {"additionalProperties", true},
        {"properties",
         {{"rows", count("live rows of the scope (exact)")},
          {"source",
           {{"type", "string"},
            {"enum", {"sync", "warehouse", "merged"}},
            {"description",
             "sync: computed by the sync that loaded the batch, from the rows on their way to "
             "ClickHouse, and stored with it (ready at COMPLETED); warehouse: computed from the "
             "live rows in one scan (a corrected file's merged batch, batches loaded before or "
             "with profile_during_sync off, both loan types when one had no stored state; then "
             "kept with the batch); merged: both loan types, from the accumulators stored with "
             "each loan type's profile, without a scan. All compute the same figures the same "
             "way, but for top_values past 16,384 distinct values (merged: within the same "
             "bounds, possibly other values or counts)"}}},
          {"columns", {{"type", "array"}, {"items", column}}}}}};
}

}  // namespace findata::agent
