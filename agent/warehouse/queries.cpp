#include "agent/warehouse/queries.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <unordered_map>

#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/date.h"
#include "core/decimal.h"

namespace findata::agent {
namespace {

using core::FieldSpec;
using core::FieldType;
using nlohmann::json;

constexpr int kHistogramBuckets = 20;
constexpr int kTopValues = 10;
// topK is approximate; counting three times as many candidates exactly keeps the shown top
// values right for realistic distributions.
constexpr int kTopCandidates = 3 * kTopValues;
constexpr double kQuantiles[] = {0.25, 0.5, 0.75, 0.9, 0.99};
constexpr const char* kQuantileNames[] = {"p25", "p50", "p75", "p90", "p99"};

// The credit fields the portfolio figures are made of, resolved when the agent starts: a
// catalog without one fails then, not on the first dashboard.
struct KpiFields {
    const FieldSpec& outstanding;
    const FieldSpec& status;
    const FieldSpec& daysPastDue;
    const FieldSpec& rate;
};

const FieldSpec& creditField(std::string_view name) {
    const auto& catalog = core::Catalog::standard();
    return catalog.fields(core::FileType::Credit)[catalog.require(core::FileType::Credit, name)];
}

const KpiFields kKpiFields{creditField("outstanding_principal_balance"),
                           creditField("loan_status_code"), creditField("days_past_due"),
                           creditField("nominal_interest_rate")};

bool isDecimal(FieldType t) {
    return t == FieldType::Amount || t == FieldType::Rate || t == FieldType::Fraction;
}

std::string column(const FieldSpec& f) {
    return sqlIdentifier(f.name);
}

// What a data page selects for a column: decimals as text so no client reads them as doubles.
std::string selected(const FieldSpec& f) {
    return isDecimal(f.type) ? "toString(" + column(f) + ")" : column(f);
}

std::string table(std::string_view database, core::FileType file) {
    return factSource(database, file);
}

// Only the live batch of each loan type in scope (every loan type when none is given).
std::string liveCondition(const DataQuery& q) {
    if (q.loanType) return q.live.condition(q.file, *q.loanType);
    return q.live.condition(q.file, core::kLoanTypes);
}

std::string whereClause(const DataQuery& q) {
    std::vector<std::string> conditions;
    conditions.push_back(liveCondition(q));
    for (const auto& f : q.filters) {
        const auto c = column(*f.field);
        if (f.isNull) {
            conditions.push_back("isNull(" + c + ")");
            continue;
        }
        const char* op = f.op == FilterOp::Equal     ? " = "
                         : f.op == FilterOp::AtLeast ? " >= "
                                                     : " <= ";
        conditions.push_back(c + op + f.literal);
    }
    std::string where;
    for (const auto& c : conditions)
        where += (where.empty() ? " WHERE " : " AND ") + c;
    return where;
}

std::string formatDouble(double value) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

// ClickHouse's JSON formats quote 64-bit integers; these read either form.
std::uint64_t toCount(const json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer())
        return static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.get<std::int64_t>()));
    if (v.is_string()) {
        std::uint64_t n = 0;
        const auto& s = v.get_ref<const std::string&>();
        std::from_chars(s.data(), s.data() + s.size(), n);
        return n;
    }
    return 0;
}

double toDouble(const json& v) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        try {
            return std::stod(v.get<std::string>());
        } catch (...) {
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

// A finite number, or null (an empty set has no mean).
json number(const json& v) {
    const double d = toDouble(v);
    return std::isfinite(d) ? json(d) : json(nullptr);
}

double ratio(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// sumMap's ([keys], [counts]) as a map.
std::map<std::uint64_t, std::uint64_t> sumMapCounts(const json& v) {
    std::map<std::uint64_t, std::uint64_t> counts;
    if (!v.is_array() || v.size() != 2) return counts;
    for (std::size_t i = 0; i < v[0].size() && i < v[1].size(); ++i)
        counts[toCount(v[0][i])] = toCount(v[1][i]);
    return counts;
}

// The catalog's key fields of a file kind, outermost first.
std::vector<const FieldSpec*> keyFields(core::FileType file) {
    const auto& catalog = core::Catalog::standard();
    std::vector<const FieldSpec*> keys;
    for (const auto index : catalog.withRole(file, core::FieldRole::Key))
        keys.push_back(&catalog.fields(file)[index]);
    return keys;
}

// A key of a single field is unique within a loan type (the validator refuses duplicates).
bool isUniqueKey(core::FileType file, std::optional<core::LoanType> loanType, const FieldSpec& f) {
    const auto keys = keyFields(file);
    return loanType && keys.size() == 1 && keys.front() == &f;
}

// The single row of a JSONCompact answer.
json singleRow(ClickHouseClient& client, const std::string& sql) {
    auto answer = json::parse(client.query(sql + " FORMAT JSONCompact"));
    auto& data = answer.at("data");
    if (data.empty()) throw WarehouseError("no row from: " + sql);
    return std::move(data.at(0));
}

// Collects the expressions of one aggregate query and where each one's value lands.
class Select final {
public:
    std::size_t add(std::string expression) {
        m_expressions.push_back(std::move(expression));
        return m_expressions.size() - 1;
    }
    bool empty() const { return m_expressions.empty(); }
    std::string sql(const std::string& from) const {
        std::string s = "SELECT ";
        for (std::size_t i = 0; i < m_expressions.size(); ++i)
            s += (i ? ", " : "") + m_expressions[i];
        return s + " FROM " + from;
    }

private:
    std::vector<std::string> m_expressions;
};

}  // namespace

std::vector<const FieldSpec*> visibleColumns(core::FileType file,
                                             std::optional<core::LoanType> loanType) {
    std::vector<const FieldSpec*> columns;
    for (const auto& f : core::fields(file))
        if (!loanType || core::appliesTo(f, *loanType)) columns.push_back(&f);
    return columns;
}

bool isOrdered(const FieldSpec& field) {
    return core::isNumeric(field.type) || field.type == FieldType::Date;
}

std::optional<ColumnFilter> makeFilter(const FieldSpec& field, FilterOp op, std::string_view text) {
    if (op != FilterOp::Equal && !isOrdered(field)) return std::nullopt;
    ColumnFilter filter{&field, op, false, {}};
    if (text.empty()) {
        if (op != FilterOp::Equal || !core::isNullable(field)) return std::nullopt;
        filter.isNull = true;
        return filter;
    }
    switch (field.type) {
        case FieldType::Text:
            filter.literal = sqlString(text);
            return filter;
        case FieldType::Integer: {
            const auto n = core::parseInteger(text);
            if (!n.ok() || n.value < std::numeric_limits<std::int32_t>::min() ||
                n.value > std::numeric_limits<std::int32_t>::max())
                return std::nullopt;
            filter.literal = std::to_string(n.value);
            return filter;
        }
        case FieldType::Amount:
        case FieldType::Rate:
        case FieldType::Fraction: {
            const int scale = core::scaleOf(field.type);
            const auto d = core::parseDecimal(text, scale, false);
            if (!d.ok() || !core::fitsPrecision(d.value, core::precisionOf(field.type)))
                return std::nullopt;
            filter.literal = "toDecimal64(" + sqlString(core::toText(d.value)) + ", " +
                             std::to_string(scale) + ")";
            return filter;
        }
        case FieldType::Date: {
            const auto d = core::parseDate(text);
            if (!d.ok()) return std::nullopt;
            const auto days = core::daysSinceEpoch(d.value);
            if (days < core::kWarehouseMinDay || days > core::kWarehouseMaxDay) return std::nullopt;
            filter.literal = "toDate(" + sqlString(core::toIsoString(d.value)) + ")";
            return filter;
        }
        case FieldType::Code:
        case FieldType::Flag: {
            auto canonical = std::string(core::canonicalCode(field.codes, text));
            if (canonical.empty()) {
                // The stored words themselves ("VIP", "ACTIVE", "1") are accepted too.
                const std::string_view accepted = core::acceptedCodes(field.codes);
                std::size_t start = 0;
                while (start < accepted.size()) {
                    auto end = accepted.find(", ", start);
                    if (end == std::string_view::npos) end = accepted.size();
                    const auto word =
                        core::canonicalCode(field.codes, accepted.substr(start, end - start));
                    if (!word.empty() && word == text) canonical = std::string(word);
                    start = end + 2;
                }
            }
            if (canonical.empty()) return std::nullopt;
            filter.literal = field.type == FieldType::Flag ? canonical : sqlString(canonical);
            return filter;
        }
    }
    return std::nullopt;
}

namespace {

// The table key: what breaks ties so every order is total and paging deterministic.
std::vector<std::string> keyColumns(core::FileType file) {
    std::vector<std::string> key = {sqlIdentifier(kLoanTypeColumn)};
    for (const auto* f : keyFields(file))
        key.push_back(column(*f));
    return key;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts)
        s += (s.empty() ? "" : ", ") + p;
    return s;
}

// Ties are broken by the key in the sort's direction, so a descending page is the exact reverse
// of the ascending order apart from NULLs, which come last both ways (the sort index maps a
// descending rank to an ascending one by arithmetic: agent/warehouse/sortindex.h).
std::string orderBy(const DataQuery& q) {
    std::string sql = " ORDER BY ";
    const bool descending = q.sortBy && q.descending;
    if (q.sortBy) sql += sortExpression(*q.sortBy) + (descending ? " DESC, " : " ASC, ");
    auto key = keyColumns(q.file);
    if (q.loanType) key.erase(key.begin());  // one loan type: comparing it would be wasted
    if (descending)
        for (auto& k : key)
            k += " DESC";
    return sql + joined(key);
}

std::string selectedColumns(const DataQuery& q) {
    std::vector<std::string> selects;
    for (const auto* f : visibleColumns(q.file, q.loanType))
        selects.push_back(selected(*f));
    return joined(selects);
}

// A key as one string: its values joined by a separator no value holds.
std::string keyText(const std::vector<std::string>& values) {
    std::string key;
    for (const auto& v : values)
        key += v + '\x1f';
    return key;
}

}  // namespace

std::string sortExpression(const FieldSpec& f) {
    // ClickHouse 18.16 sorts Decimal columns ~80x slower than Float64 (21 s against 0.25 s for
    // 1M rows; even as a mere tie-break a Decimal costs 0.7 s). The Float64 image orders the
    // same and is injective below 2^45 (35 trillion): equal images beyond are ordered by the
    // key, so the order stays total.
    return isDecimal(f.type) ? "toFloat64(" + column(f) + ")" : column(f);
}

std::vector<std::string> dataKeyColumns(core::FileType file) {
    return keyColumns(file);
}

std::string dataKeysSql(const DataQuery& q) {
    return "SELECT " + joined(keyColumns(q.file)) + " FROM " + table(q.database, q.file) +
           whereClause(q) + orderBy(q) + " LIMIT " + std::to_string(q.offset) + ", " +
           std::to_string(q.limit);
}

std::string dataRowsSql(const DataQuery& q, const std::vector<std::vector<std::string>>& keys) {
    const auto keyList = keyColumns(q.file);
    const auto fields = keyFields(q.file);  // keyList without the loan type in front
    std::string in, accounts;
    for (const auto& key : keys) {
        std::vector<std::string> literals;
        for (std::size_t i = 0; i < key.size(); ++i) {
            // An integer key field (the installment number) as ClickHouse wrote it; anything
            // else is quoted.
            const bool integer = i > 0 && i <= fields.size() &&
                                 fields[i - 1]->type == FieldType::Integer && !key[i].empty() &&
                                 key[i].find_first_not_of("0123456789") == std::string::npos;
            literals.push_back(integer ? key[i] : sqlString(key[i]));
        }
        in += (in.empty() ? "(" : ", (") + joined(literals) + ")";
        if (key.size() > 1) accounts += (accounts.empty() ? "" : ", ") + literals[1];
    }
    auto where = whereClause(q);
    where += (where.empty() ? " WHERE (" : " AND (") + joined(keyList) + ") IN (" + in + ")";
    // PREWHERE reads the account numbers first and the other columns only of the granules that
    // hold one (30 ms instead of 50 for a page of 1M rows).
    return "SELECT " + selectedColumns(q) + ", " + joined(keyList) + " FROM " +
           table(q.database, q.file) + " PREWHERE " + column(*fields.front()) + " IN (" + accounts +
           ")" + where;
}

std::string dataRowTextsSql(const DataQuery& q) {
    std::string key;
    for (const auto& k : keyColumns(q.file))
        key += (key.empty() ? "concat(toString(" : ", '\\x1f', toString(") + k + ")";
    DataQuery every = q;
    every.loanType.reset();
    every.filters.clear();
    // The rows of q's loan type (or types): the live condition is q's own.
    return "SELECT " + key + "), " + selectedColumns(every) + " FROM " + table(q.database, q.file) +
           " WHERE " + liveCondition(q);
}

std::string dataExportSql(const DataQuery& q) {
    return "SELECT " + selectedColumns(q) + " FROM " + table(q.database, q.file) + whereClause(q) +
           orderBy(q);
}

std::string dataCountSql(const DataQuery& q) {
    return "SELECT count() FROM " + table(q.database, q.file) + whereClause(q);
}

json readDataPage(ClickHouseClient& client, const DataQuery& q,
                  std::optional<std::uint64_t> knownTotal) {
    // The count runs meanwhile, on its own connection.
    auto total = std::async(knownTotal ? std::launch::deferred : std::launch::async, [&] {
        return knownTotal ? *knownTotal : toCount(singleRow(client, dataCountSql(q)).at(0));
    });
    // Two steps: the page's keys, sorting only the sort column and the key (ClickHouse 18.16
    // would otherwise sort every column of every row), then those rows by their key.
    const auto keys = parseTsv(client.query(dataKeysSql(q) + " FORMAT TabSeparated"));
    auto rows = dataRowsByKey(client, q, keys);
    return {{"columns", dataColumnsJson(q)}, {"rows", std::move(rows)}, {"total", total.get()}};
}

json dataColumnsJson(const DataQuery& q) {
    json columns = json::array();
    for (const auto* f : visibleColumns(q.file, q.loanType))
        columns.push_back({{"name", f->name},
                           {"type", core::warehouseType(*f)},
                           {"numeric", core::isNumeric(f->type)}});
    return columns;
}

json dataRowsByKey(ClickHouseClient& client, const DataQuery& q,
                   const std::vector<std::vector<std::string>>& keys) {
    json rows = json::array();
    if (!keys.empty()) {
        // One thread: the rows sit in as many granules as keys, and the per-granule work of a
        // second thread costs more CPU than it saves (issue 14: 23 instead of 31 ms of CPU for a
        // page of 10 M rows; with many clients every core is busy anyway).
        auto found = json::parse(
            client.query(dataRowsSql(q, keys) + " SETTINGS max_threads = 1 FORMAT JSONCompact"));
        const auto keyWidth = keyColumns(q.file).size();
        std::unordered_map<std::string, json> byKey;
        for (auto& row : found.at("data")) {
            std::vector<std::string> key;
            for (std::size_t i = row.size() - keyWidth; i < row.size(); ++i)
                key.push_back(row[i].is_string() ? row[i].get<std::string>() : row[i].dump());
            for (std::size_t i = 0; i < keyWidth; ++i)
                row.erase(row.size() - 1);
            byKey.emplace(keyText(key), std::move(row));
        }
        for (const auto& key : keys)
            if (auto it = byKey.find(keyText(key)); it != byKey.end()) rows.push_back(it->second);
    }
    return rows;
}

void exportDataCsv(ClickHouseClient& client, const DataQuery& q,
                   const std::function<bool(std::string_view)>& write) {
    std::string header;
    for (const auto* f : visibleColumns(q.file, q.loanType)) {
        if (!header.empty()) header += ';';
        header += csvField(f->name);
    }
    header += "\r\n";
    if (!write(header)) return;
    TsvToCsv converter;
    std::string csv;
    bool clientGone = false;
    client.queryStream(dataExportSql(q) + " FORMAT TabSeparated", [&](std::string_view chunk) {
        csv.clear();
        converter.feed(chunk, csv);
        clientGone = !csv.empty() && !write(csv);
        return !clientGone;
    });
    if (clientGone) return;
    csv.clear();
    converter.finish(csv);
    if (!csv.empty()) write(csv);
}

namespace {

// Where one column's figures land in the rows of the profile's two scans.
struct ColumnPlan {
    const FieldSpec* field = nullptr;
    // Scan 1 slots (0: not asked).
    std::size_t count = 0, zeros = 0, min = 0, max = 0, sum = 0, mean = 0, stddev = 0,
                quantiles = 0, distinct = 0, top = 0;
    // Scan 2: the histogram of a numeric column, or the exact counts of a category's top values.
    struct Buckets {
        double low = 0, width = 0;
        std::size_t slot = 0;
    };
    std::optional<Buckets> histogram;
    std::vector<std::string> candidates;
    std::size_t candidateSlot = 0;
};

// Scan 1: numeric columns get count, zeros, min, max, sum, mean, stddev and quantiles; other
// columns count, distinct values and topK candidates (a unique key only its count).
void planStatistics(Select& stats, ColumnPlan& p, bool uniqueKey) {
    const auto& f = *p.field;
    const auto c = column(f);
    p.count = stats.add("count(" + c + ")");
    if (core::isNumeric(f.type)) {
        const auto real = "toFloat64(" + c + ")";
        p.zeros = stats.add("countIf(" + c + " = 0)");
        p.min = stats.add("toString(min(" + c + "))");
        p.max = stats.add("toString(max(" + c + "))");
        p.sum = stats.add("toString(sum(" + c + "))");
        p.mean = stats.add("avg(" + real + ")");
        p.stddev = stats.add("stddevPop(" + real + ")");
        std::string levels;
        for (const double q : kQuantiles)
            levels += (levels.empty() ? "" : ", ") + formatDouble(q);
        p.quantiles = stats.add("quantiles(" + levels + ")(" + real + ")");
        return;
    }
    // Each value of a unique key appears once: nothing to rank, and the costliest column to count.
    if (uniqueKey) return;
    // uniq: exact up to 65,536 values, a close estimate above (uniqExact of a million distinct
    // strings alone costs more than the whole profile).
    p.distinct = stats.add("uniq(" + c + ")");
    p.top = stats.add("topK(" + std::to_string(kTopCandidates) + ")(toString(" + c + "))");
    if (f.type == FieldType::Date) {
        p.min = stats.add("toString(min(" + c + "))");
        p.max = stats.add("toString(max(" + c + "))");
    }
}

// Scan 2: an equal-width histogram between the column's min and max, or the exact counts of the
// top values topK proposed — one sumMap per column (key 0: NULL or anything else).
void planCounts(Select& counts, ColumnPlan& p, const json& stats) {
    const auto& f = *p.field;
    const auto c = column(f);
    if (toCount(stats.at(p.count)) == 0) return;
    if (core::isNumeric(f.type)) {
        const double low = toDouble(stats.at(p.min));
        const double high = toDouble(stats.at(p.max));
        if (!(high > low)) return;
        ColumnPlan::Buckets b{low, (high - low) / kHistogramBuckets, 0};
        const auto bucket = "ifNull(toUInt8(least(floor((toFloat64(" + c + ") - " +
                            formatDouble(low) + ") / " + formatDouble(b.width) + "), " +
                            std::to_string(kHistogramBuckets - 1) + ")) + 1, 0)";
        b.slot = counts.add("sumMap([" + bucket + "], [toUInt64(1)])");
        p.histogram = b;
    } else if (p.top != 0 && !stats.at(p.top).empty()) {
        std::string values, keys;
        for (const auto& value : stats.at(p.top)) {
            p.candidates.push_back(value.get<std::string>());
            values += (values.empty() ? "" : ", ") + sqlString(p.candidates.back());
            keys += (keys.empty() ? "" : ", ") + std::to_string(p.candidates.size());
        }
        p.candidateSlot = counts.add("sumMap([ifNull(transform(toString(" + c + "), [" + values +
                                     "], [" + keys + "], 0), 0)], [toUInt64(1)])");
    }
}

// The figures of a numeric column: zeros, range, sum, mean, spread, quantiles and histogram.
void addNumericFigures(json& profile, const ColumnPlan& p, const json& stats, const json& counts,
                       std::uint64_t rows) {
    const auto present = toCount(stats.at(p.count));
    const auto text = [&](std::size_t slot) {
        return present == 0 || stats.at(slot).is_null() ? json(nullptr) : stats.at(slot);
    };
    const auto zeros = toCount(stats.at(p.zeros));
    profile["zeros"] = zeros;
    profile["zero_ratio"] = ratio(zeros, rows);
    profile["min"] = text(p.min);
    profile["max"] = text(p.max);
    profile["sum"] = present == 0 ? json("0") : text(p.sum);
    profile["mean"] = present == 0 ? json(nullptr) : number(stats.at(p.mean));
    profile["stddev"] = present == 0 ? json(nullptr) : number(stats.at(p.stddev));
    json quantiles = json::object();
    const auto& values = stats.at(p.quantiles);
    for (std::size_t q = 0; q < std::size(kQuantiles); ++q)
        quantiles[kQuantileNames[q]] = present == 0 || !values.is_array() || q >= values.size()
                                           ? json(nullptr)
                                           : number(values[q]);
    profile["quantiles"] = std::move(quantiles);
    json histogram = json::array();
    if (p.histogram) {
        const auto& b = *p.histogram;
        const auto found = sumMapCounts(counts.at(b.slot));
        for (int k = 0; k < kHistogramBuckets; ++k) {
            const auto it = found.find(std::uint64_t(k + 1));
            histogram.push_back({{"lower", b.low + b.width * k},
                                 {"upper", b.low + b.width * (k + 1)},
                                 {"count", it == found.end() ? 0 : it->second}});
        }
    } else if (present > 0) {  // every value is the same
        histogram.push_back({{"lower", toDouble(stats.at(p.min))},
                             {"upper", toDouble(stats.at(p.max))},
                             {"count", present}});
    }
    profile["histogram"] = std::move(histogram);
}

// The figures of a category (text, code, flag, date): distinct values and the most frequent.
void addCategoryFigures(json& profile, const ColumnPlan& p, const json& stats, const json& counts,
                        std::uint64_t rows) {
    const auto present = toCount(stats.at(p.count));
    const bool unique = p.distinct == 0;
    profile["distinct"] = unique ? present : toCount(stats.at(p.distinct));
    std::vector<std::pair<std::string, std::uint64_t>> top;
    if (!p.candidates.empty()) {
        const auto found = sumMapCounts(counts.at(p.candidateSlot));
        for (std::size_t k = 0; k < p.candidates.size(); ++k) {
            const auto it = found.find(k + 1);
            top.emplace_back(p.candidates[k], it == found.end() ? 0 : it->second);
        }
    }
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (top.size() > std::size_t(kTopValues)) top.resize(kTopValues);
    json values = json::array();
    for (const auto& [value, n] : top)
        values.push_back({{"value", value}, {"count", n}, {"ratio", ratio(n, rows)}});
    profile["most_frequent"] = top.empty() ? json(nullptr) : json(top.front().first);
    profile["top_values"] = std::move(values);
    if (p.field->type == FieldType::Date) {
        profile["min"] =
            present == 0 || stats.at(p.min).is_null() ? json(nullptr) : stats.at(p.min);
        profile["max"] =
            present == 0 || stats.at(p.max).is_null() ? json(nullptr) : stats.at(p.max);
    }
}

json columnProfile(const ColumnPlan& p, const json& stats, const json& counts, std::uint64_t rows) {
    const auto& f = *p.field;
    const auto present = toCount(stats.at(p.count));
    const auto nulls = rows - std::min(rows, present);
    json profile = {{"name", f.name},
                    {"type", core::warehouseType(f)},
                    {"numeric", core::isNumeric(f.type)},
                    {"count", present},
                    {"nulls", nulls},
                    {"null_ratio", ratio(nulls, rows)}};
    if (core::isNumeric(f.type))
        addNumericFigures(profile, p, stats, counts, rows);
    else
        addCategoryFigures(profile, p, stats, counts, rows);
    return profile;
}

}  // namespace

json profileColumns(ClickHouseClient& client, std::string_view database, core::FileType file,
                    std::optional<core::LoanType> loanType, const LiveBatches& live) {
    DataQuery scope;
    scope.database = std::string(database);
    scope.file = file;
    scope.loanType = loanType;
    scope.live = live;
    const auto from = table(database, file) + whereClause(scope);
    std::vector<ColumnPlan> plans;
    for (const auto* f : visibleColumns(file, loanType))
        plans.emplace_back().field = f;

    Select statistics;
    const auto rowsSlot = statistics.add("count()");
    for (auto& p : plans)
        planStatistics(statistics, p, isUniqueKey(file, loanType, *p.field));
    const auto stats = singleRow(client, statistics.sql(from));
    const auto rows = toCount(stats.at(rowsSlot));

    Select counting;
    for (auto& p : plans)
        planCounts(counting, p, stats);
    const auto counts = counting.empty() ? json::array() : singleRow(client, counting.sql(from));

    json profiles = json::array();
    for (const auto& p : plans)
        profiles.push_back(columnProfile(p, stats, counts, rows));
    return {{"rows", rows}, {"columns", std::move(profiles)}};
}

json portfolioKpis(ClickHouseClient& client, std::string_view database,
                   std::span<const core::LoanType> loanTypes, const LiveBatches& live) {
    const auto where = [&](core::FileType file) {
        return " WHERE " + live.condition(file, loanTypes);
    };
    const auto outstanding = column(kKpiFields.outstanding);
    const auto status = column(kKpiFields.status);
    const auto dpd = column(kKpiFields.daysPastDue);
    const auto rate = column(kKpiFields.rate);

    Select s;
    const auto credits = s.add("count()");
    const auto total = s.add("toString(sum(" + outstanding + "))");
    const std::pair<const char*, std::string> statuses[] = {{"ACTIVE", "ACTIVE"},
                                                            {"CLOSED", "CLOSED"}};
    std::vector<std::pair<std::size_t, std::size_t>> statusSlots;
    for (const auto& [name, word] : statuses) {
        const auto is = status + " = " + sqlString(word);
        statusSlots.emplace_back(s.add("countIf(" + is + ")"),
                                 s.add("toString(sumIf(" + outstanding + ", " + is + "))"));
    }
    // Rows without days past due are counted apart, so the buckets always add up to the total.
    const std::pair<const char*, std::string> buckets[] = {
        {"0", dpd + " = 0"},
        {"1-30", dpd + " BETWEEN 1 AND 30"},
        {"31-60", dpd + " BETWEEN 31 AND 60"},
        {"61-90", dpd + " BETWEEN 61 AND 90"},
        {"90+", dpd + " > 90"},
        {"unknown", "isNull(" + dpd + ")"},
    };
    std::vector<std::pair<std::size_t, std::size_t>> bucketSlots;
    for (const auto& [name, condition] : buckets) {
        const auto is = "ifNull(" + condition + ", 0)";
        bucketSlots.emplace_back(s.add("countIf(" + is + ")"),
                                 s.add("toString(sumIf(" + outstanding + ", " + is + "))"));
    }
    // A rate is a ratio, not an amount: Float64 is exact enough for a weighted average.
    const auto weighted = s.add("sum(toFloat64(" + rate + ") * toFloat64(" + outstanding + "))");
    const auto weights = s.add("sumIf(toFloat64(" + outstanding + "), isNotNull(" + rate + "))");
    const auto payments =
        s.add("(SELECT count() FROM " + table(database, core::FileType::PaymentPlan) +
              where(core::FileType::PaymentPlan) + ")");
    const auto row = singleRow(
        client, s.sql(table(database, core::FileType::Credit) + where(core::FileType::Credit)));

    json loanTypeNames = json::array();
    for (const auto t : loanTypes)
        loanTypeNames.push_back(core::toText(t));
    json byStatus = json::object();
    for (std::size_t i = 0; i < std::size(statuses); ++i)
        byStatus[statuses[i].first] = {{"credits", toCount(row.at(statusSlots[i].first))},
                                       {"outstanding_principal", row.at(statusSlots[i].second)}};
    json dpdBuckets = json::array();
    for (std::size_t i = 0; i < std::size(buckets); ++i)
        dpdBuckets.push_back({{"bucket", buckets[i].first},
                              {"credits", toCount(row.at(bucketSlots[i].first))},
                              {"outstanding_principal", row.at(bucketSlots[i].second)}});
    const double weightSum = toDouble(row.at(weights));
    return {{"loan_types", std::move(loanTypeNames)},
            {"credits", toCount(row.at(credits))},
            {"outstanding_principal", row.at(total)},
            {"by_status", std::move(byStatus)},
            {"days_past_due", std::move(dpdBuckets)},
            {"weighted_average_rate",
             weightSum > 0 ? number(toDouble(row.at(weighted)) / weightSum) : json(nullptr)},
            {"payment_plan_rows", toCount(row.at(payments))}};
}

json loanChanges(ClickHouseClient& client, std::string_view database,
                 std::span<const core::LoanType> loanTypes, const LiveBatches& current,
                 const LiveBatches& previous) {
    const auto file = core::FileType::Credit;
    const auto columns =
        sqlIdentifier(kLoanTypeColumn) + ", " + column(creditField("loan_account_number"));
    const auto key = '(' + columns + ')';
    const auto from = table(database, file);
    const auto closed = column(kKpiFields.status) + " = " + sqlString("CLOSED");
    const auto count = [&](const std::string& now, const std::string& before) {
        return toCount(singleRow(client, "SELECT count() FROM " + from + " WHERE " + now + " AND " +
                                             key + " NOT IN (SELECT " + columns + " FROM " + from +
                                             " WHERE " + before + ")")
                           .at(0));
    };
    const auto now = current.condition(file, loanTypes);
    const auto before = previous.condition(file, loanTypes);
    return {{"new_loans", count(now, before)},
            {"closed_loans", count(now + " AND " + closed, before + " AND " + closed)}};
}

}  // namespace findata::agent
