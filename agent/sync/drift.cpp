// Profile drift (drift.h): the previous batch's deciles (and whether free text has few values),
// then one scan of both batches for the numeric columns' null ratios, means and bin counts and one
// for the categorical columns' value counts; PSI computed here from the counts.

#include "agent/sync/drift.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "agent/store/database.h"
#include "agent/store/livebatches.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/synclogs.h"
#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"

namespace findata::agent {
namespace {

constexpr const char* kDeciles = "0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9";

struct Column {
    std::string name;
    bool numeric = false;
    bool date = false;
    bool text = false;                // free text: compared only with few values
    std::vector<double> edges;        // numeric: the previous batch's deciles, distinct, ascending
    std::vector<std::string> values;  // categorical: the bins
    std::vector<double> previousCounts, currentCounts;
    ColumnDrift drift;
};

double parseNumber(const std::string& text) {
    if (text.empty() || text == "\\N" || text == "nan" || text == "-nan") return std::nan("");
    return std::strtod(text.c_str(), nullptr);
}

// "[1,2.5,3]" → {1, 2.5, 3}
std::vector<double> parseArray(const std::string& text) {
    std::vector<double> out;
    std::string item;
    for (const char c : text) {
        if (c == '[') continue;
        if (c == ',' || c == ']') {
            if (!item.empty()) out.push_back(parseNumber(item));
            item.clear();
        } else {
            item += c;
        }
    }
    return out;
}

std::vector<std::vector<std::string>> rowsOf(ClickHouseClient& client, const std::string& sql) {
    return parseTsv(client.query(sql + " FORMAT TabSeparated"));
}

std::string valueOf(const Column& c) {
    const auto id = sqlIdentifier(c.name);
    if (c.date) return "toFloat64(toUInt32(" + id + "))";
    return "toFloat64(" + id + ")";
}

}  // namespace

double populationStabilityIndex(const std::vector<double>& previous,
                                const std::vector<double>& current) {
    double previousTotal = 0, currentTotal = 0;
    for (const auto v : previous)
        previousTotal += v;
    for (const auto v : current)
        currentTotal += v;
    if (previousTotal <= 0 || currentTotal <= 0) return 0;
    double psi = 0;
    for (std::size_t i = 0; i < previous.size() && i < current.size(); ++i) {
        const double p = previous[i] > 0 ? previous[i] / previousTotal : kEmptyShare;
        const double c = current[i] > 0 ? current[i] / currentTotal : kEmptyShare;
        psi += (c - p) * std::log(c / p);
    }
    return psi;
}

std::vector<ColumnDrift> computeDrift(ClickHouseClient& client, std::string_view database,
                                      core::FileType file, core::LoanType loanType,
                                      std::string_view currentBatch, std::string_view previousBatch,
                                      const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    std::vector<Column> columns;
    for (const auto index : catalog.fileColumns(file, loanType)) {
        const auto& f = fields[index];
        if (f.role == core::FieldRole::Key) continue;
        Column c;
        c.name = std::string(f.name);
        c.date = f.type == core::FieldType::Date;
        c.numeric = core::isNumeric(f.type) || c.date;
        c.text = f.type == core::FieldType::Text;
        c.drift.file = file;
        c.drift.field = c.name;
        c.drift.numeric = c.numeric;
        columns.push_back(std::move(c));
    }
    if (columns.empty()) return {};
    const auto table = sqlTable(database, factTable(file));
    const auto loanTypeIs =
        sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType));
    const auto batch = sqlIdentifier(kBatchIdColumn);
    const auto isPrevious = batch + " = " + sqlString(previousBatch);
    // Large batches are compared on the same deterministic sample of keys in both.
    std::string sample;
    {
        const auto counted = rowsOf(
            client, "SELECT count() FROM " + table + " WHERE " + loanTypeIs + " AND " + isPrevious);
        const auto rows =
            counted.empty() ? 0 : std::strtoull(counted[0].at(0).c_str(), nullptr, 10);
        if (rows > kDriftSampleRows) {
            std::string keys;
            for (const auto key : catalog.withRole(file, core::FieldRole::Key))
                keys += std::string(keys.empty() ? "" : ", ") + sqlIdentifier(fields[key].name);
            sample = " AND cityHash64(" + keys + ") % " +
                     std::to_string((rows + kDriftSampleRows - 1) / kDriftSampleRows) + " = 0";
        }
    }
    const auto loanTypeAndSample = loanTypeIs + sample;

    const std::string from = " FROM " + table + " WHERE " + loanTypeAndSample + " AND " + batch +
                             " IN (" + sqlString(currentBatch) + ", " + sqlString(previousBatch) +
                             ")";
    // Per (batch, column): rows, nulls and the sum of the values, for the ratios and means.
    struct Figures {
        double rows = 0, nulls = 0, sum = 0;
    };
    std::map<std::pair<bool, std::size_t>, Figures> figures;

    // 1. Both batches in one scan, one row: for free text whether the previous batch has at most
    // kMaxCategories values (uniqUpTo answers exactly up to its limit); per numeric column each
    // batch's non-null count and sum, and its non-null values (groupArray); the previous batch's
    // deciles by quantilesExact (the value at floor(level × n) of the sorted values; sorting the
    // array with arraySort instead cost 18.16 a second per million values), equal ones merged;
    // the count of each batch's values above each decile (arrayCount, once per batch over the
    // array) gives the bins: a value's bin is the number of edges it exceeds, so bin j holds
    // (count above edge j) − (count above edge j+1). A scan for the deciles and one for the
    // bins, or an arrayJoin of (column, bin) per value, or sumForEach over per-row arrays of
    // comparisons, cost more on 18.16.
    std::vector<std::size_t> numeric, text;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].numeric) numeric.push_back(i);
        if (columns[i].text) text.push_back(i);
    }
    std::vector<Column*> categorical;
    if (!numeric.empty() || !text.empty()) {
        const std::string current = "NOT (" + isPrevious + ")";
        std::string select = "SELECT countIf(" + isPrevious + "), countIf(" + current + ")";
        for (const auto i : text)
            select += ", uniqUpToIf(" + std::to_string(kMaxCategories) + ")(" +
                      sqlIdentifier(columns[i].name) + ", " + isPrevious + ")";
        for (const auto i : numeric) {
            const auto& c = columns[i];
            const auto x = valueOf(c);
            const auto known = "isNotNull(" + sqlIdentifier(c.name) + ")";
            const auto number = std::to_string(i);
            // The value arrays, each aggregated once and named; the deciles exactly.
            const auto was = "groupArrayIf(assumeNotNull(" + x + "), " + known + " AND " +
                             isPrevious + ") AS p" + number;
            const auto is = "groupArrayIf(assumeNotNull(" + x + "), " + known + " AND " + current +
                            ") AS c" + number;
            const auto deciles = "quantilesExactIf(" + std::string(kDeciles) + ")(assumeNotNull(" +
                                 x + "), " + known + " AND " + isPrevious + ")";
            select += ", countIf(" + known + " AND " + isPrevious + "), countIf(" + known +
                      " AND " + current + "), sumIf(ifNull(" + x + ", 0), " + isPrevious +
                      "), sumIf(ifNull(" + x + ", 0), " + current + "), arrayDistinct(if(length(" +
                      was + ") = 0, emptyArrayFloat64(), " + deciles + ")) AS e" + number +
                      ", arrayMap(e -> arrayCount(v -> v > e, p" + number + "), e" + number +
                      "), arrayMap(e -> arrayCount(v -> v > e, " + is + "), e" + number + ")";
        }
        const auto stats = rowsOf(client, select + from);
        const std::size_t width = 2 + text.size() + 7 * numeric.size();
        if (stats.size() != 1 || stats[0].size() != width)
            throw WarehouseError("no statistics of batches " + std::string(currentBatch) + " and " +
                                 std::string(previousBatch));
        const auto& row = stats[0];
        const double previousRows = parseNumber(row[0]), currentRows = parseNumber(row[1]);
        for (std::size_t t = 0; t < text.size(); ++t)
            if (std::strtoull(row[2 + t].c_str(), nullptr, 10) <=
                static_cast<unsigned long long>(kMaxCategories))
                categorical.push_back(&columns[text[t]]);
        for (std::size_t n = 0; n < numeric.size(); ++n) {
            auto& c = columns[numeric[n]];
            const auto at = 2 + text.size() + 7 * n;
            c.edges = parseArray(row[at + 4]);
            for (const bool previous : {true, false}) {
                const double known = parseNumber(row[at + (previous ? 0 : 1)]);
                const double rows = previous ? previousRows : currentRows;
                if (rows > 0) {
                    auto& f = figures[{previous, numeric[n]}];
                    f.rows = rows;
                    f.nulls = rows - known;
                    f.sum = parseNumber(row[at + (previous ? 2 : 3)]);
                }
                const auto above = parseArray(row[at + (previous ? 5 : 6)]);
                auto& counts = previous ? c.previousCounts : c.currentCounts;
                counts.assign(c.edges.size() + 1, 0);
                if (above.size() != c.edges.size()) continue;
                for (std::size_t b = 0; b < counts.size(); ++b)
                    counts[b] =
                        (b == 0 ? known : above[b - 1]) - (b < above.size() ? above[b] : 0.0);
            }
        }
    }
    for (auto& c : columns)
        if (!c.numeric && !c.text) categorical.push_back(&c);
    std::sort(categorical.begin(), categorical.end());  // by position: the columns' order

    // 2. The categorical columns of both batches in one scan: every value becomes (column,
    // '=' + the value, or '-' for NULL) and one GROUP BY (batch, column, value) counts them.
    std::map<std::pair<std::size_t, std::string>, std::pair<double, double>> values;
    if (!categorical.empty()) {
        std::string codes;
        for (const auto* c : categorical)
            codes += std::string(codes.empty() ? "" : ", ") + "tuple(toUInt32(" +
                     std::to_string(c - columns.data()) + "), ifNull(concat('=', toString(" +
                     sqlIdentifier(c->name) + ")), '-'))";
        for (const auto& row : rowsOf(client,
                                      "SELECT previous, tupleElement(p, 1) AS k, "
                                      "tupleElement(p, 2) AS v, count() FROM (SELECT " +
                                          isPrevious + " AS previous, arrayJoin([" + codes +
                                          "]) AS p" + from + ") GROUP BY previous, k, v")) {
            const auto column = std::strtoul(row.at(1).c_str(), nullptr, 10);
            if (column >= columns.size()) continue;
            const auto& value = row.at(2);
            const bool previous = row.at(0) == "1";
            const double count = parseNumber(row.at(3));
            auto& f = figures[{previous, column}];
            f.rows += count;
            if (value == "-") {
                f.nulls += count;
                continue;
            }
            auto& cell = values[{column, value.substr(1)}];
            (previous ? cell.first : cell.second) = count;
        }
    }
    for (const auto& [key, f] : figures) {
        auto& c = columns[key.second];
        (key.first ? c.drift.previousNullRatio : c.drift.nullRatio) =
            f.rows > 0 ? f.nulls / f.rows : 0;
        if (c.numeric && !c.date && f.rows > f.nulls)
            (key.first ? c.drift.previousMean : c.drift.mean) = f.sum / (f.rows - f.nulls);
    }
    for (const auto& [key, counts] : values) {  // in value order per column
        auto& c = columns[key.first];
        c.values.push_back(key.second);
        c.previousCounts.push_back(counts.first);
        c.currentCounts.push_back(counts.second);
    }

    std::vector<ColumnDrift> out;
    for (auto& c : columns) {
        if (!c.numeric &&
            std::find(categorical.begin(), categorical.end(), &c) == categorical.end())
            continue;  // free text with many values
        double previousTotal = 0, currentTotal = 0;
        for (const auto v : c.previousCounts)
            previousTotal += v;
        for (const auto v : c.currentCounts)
            currentTotal += v;
        if (previousTotal > 0 && currentTotal > 0 &&
            c.previousCounts.size() == c.currentCounts.size())
            c.drift.psi = populationStabilityIndex(c.previousCounts, c.currentCounts);
        out.push_back(std::move(c.drift));
    }
    return out;
}

std::optional<core::Finding> driftFinding(const ColumnDrift& drift,
                                          const RollForwardPolicy& policy) {
    const auto severity = policy.severityOf(kDriftRule);
    if (severity == RuleSeverity::Off || !drift.psi || *drift.psi <= policy.psiThreshold)
        return std::nullopt;
    char text[512];
    std::snprintf(text, sizeof text,
                  "%s: %s: PSI %.3f against the previous period (threshold %.2f); null ratio "
                  "%.1f %% → %.1f %%",
                  std::string(kDriftRule).c_str(), drift.field.c_str(), *drift.psi,
                  policy.psiThreshold, drift.previousNullRatio * 100, drift.nullRatio * 100);
    std::string message = text;
    if (drift.mean && drift.previousMean) {
        std::snprintf(text, sizeof text, ", mean %.4g → %.4g", *drift.previousMean, *drift.mean);
        message += text;
    }
    core::Finding f;
    f.line = 0;
    f.field = drift.field;
    f.type = core::ErrorType::Drift;
    f.severity = severity == RuleSeverity::Error ? core::Severity::Error : core::Severity::Warning;
    f.message = std::move(message);
    std::snprintf(text, sizeof text, "%.6f", *drift.psi);
    f.value = text;
    return f;
}

nlohmann::json toJson(const ColumnDrift& d, double threshold) {
    const auto orNull = [](const std::optional<double>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    return {{"psi", orNull(d.psi)},
            {"null_ratio", d.nullRatio},
            {"previous_null_ratio", d.previousNullRatio},
            {"mean", orNull(d.mean)},
            {"previous_mean", orNull(d.previousMean)},
            {"drifted", d.psi && *d.psi > threshold}};
}

void storeDrift(Database& db, std::string_view schema, const std::string& syncId,
                std::string_view previousBatch, const std::vector<ColumnDrift>& drift) {
    const auto table = qualifiedTable(schema, "sync_drift");
    db.transact([&](pqxx::work& tx) {
        for (const auto& d : drift)
            tx.exec_params0(
                "INSERT INTO " + table +
                    " (sync_id, file_type, field, previous_batch, psi, null_ratio,"
                    " previous_null_ratio, mean, previous_mean)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                    " ON CONFLICT (sync_id, file_type, field) DO UPDATE SET"
                    " previous_batch = EXCLUDED.previous_batch, psi = EXCLUDED.psi,"
                    " null_ratio = EXCLUDED.null_ratio,"
                    " previous_null_ratio = EXCLUDED.previous_null_ratio, mean = EXCLUDED.mean,"
                    " previous_mean = EXCLUDED.previous_mean",
                syncId, std::string(core::toText(d.file)), d.field, std::string(previousBatch),
                d.psi, d.nullRatio, d.previousNullRatio, d.mean, d.previousMean);
    });
}

std::vector<ColumnDrift> loadDrift(Database& db, std::string_view schema, const std::string& syncId,
                                   core::FileType file) {
    const auto table = qualifiedTable(schema, "sync_drift");
    return db.transact([&](pqxx::work& tx) {
        std::vector<ColumnDrift> out;
        for (const auto& row : tx.exec_params(
                 "SELECT field, psi, null_ratio, previous_null_ratio, mean, previous_mean FROM " +
                     table + " WHERE sync_id = $1 AND file_type = $2 ORDER BY field",
                 syncId, std::string(core::toText(file)))) {
            ColumnDrift d;
            d.file = file;
            d.field = row[0].as<std::string>();
            if (!row[1].is_null()) d.psi = row[1].as<double>();
            d.nullRatio = row[2].as<double>();
            d.previousNullRatio = row[3].as<double>();
            if (!row[4].is_null()) d.mean = row[4].as<double>();
            if (!row[5].is_null()) d.previousMean = row[5].as<double>();
            d.numeric = d.mean.has_value() || d.previousMean.has_value();
            out.push_back(std::move(d));
        }
        return out;
    });
}

double psiThresholdOfSync(Database& db, std::string_view schema, core::LoanType loanType,
                          const std::string& syncId) {
    const auto log = SyncLogRepository(db, schema).find(syncId);
    if (!log || log->policyVersion == 0) return RollForwardPolicy{}.psiThreshold;
    const auto stored = RulesRepository(db, schema).find(loanType, log->policyVersion);
    return stored ? stored->policy.rollForward.psiThreshold : RollForwardPolicy{}.psiThreshold;
}

void addDriftToProfile(nlohmann::json& profile, Database& db, std::string_view schema,
                       core::FileType file, core::LoanType loanType, std::string_view period) {
    LiveBatchRepository batches(db, schema);
    const auto live =
        period.empty() ? batches.find(loanType, file) : batches.find(loanType, file, period);
    if (!live || !profile.contains("columns")) return;
    const auto drift = loadDrift(db, schema, live->syncId, file);
    if (drift.empty()) return;
    const double threshold = psiThresholdOfSync(db, schema, loanType, live->syncId);
    for (auto& column : profile["columns"]) {
        if (!column.contains("name")) continue;
        const auto name = column["name"].get<std::string>();
        for (const auto& d : drift)
            if (d.field == name) column["drift"] = toJson(d, threshold);
    }
}

}  // namespace findata::agent
