// Profile drift (drift.h): the previous batch's deciles (and whether free text has few values),
// then one scan of both batches for the numeric columns' null ratios, means and bin counts and one
// for the categorical columns' value counts; PSI computed here from the counts.

#include "agent/sync/drift.h"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "agent/store/database.h"
#include "agent/store/livebatches.h"
#include "agent/store/rulesrepository.h"
#include "agent/store/synclogs.h"
#include "agent/util/csv.h"
#include "agent/util/logging.h"
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

std::string number(double v) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

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
    const auto started = std::chrono::steady_clock::now();
    auto rows = parseTsv(client.query(sql + " FORMAT TabSeparated"));
    logger("sync")->debug("drift query: {} ms: {}",
                          std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - started)
                              .count(),
                          sql);
    return rows;
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

    // 1. The previous batch: deciles of the numeric columns; for free text, whether it has at
    // most kMaxCategories values (uniqUpTo answers exactly up to its limit, and is far cheaper
    // than counting every distinct id). Codes and flags are always categorical.
    std::string first;
    std::vector<Column*> asked;
    for (auto& c : columns) {
        if (!c.numeric && !c.text) continue;
        first += std::string(first.empty() ? "" : ", ") +
                 (c.numeric ? "quantilesExact(" + std::string(kDeciles) + ")(" + valueOf(c) + ")"
                            : "uniqUpTo(" + std::to_string(kMaxCategories) + ")(" +
                                  sqlIdentifier(c.name) + ")");
        asked.push_back(&c);
    }
    std::vector<std::vector<std::string>> previousStats;
    if (!asked.empty()) {
        previousStats = rowsOf(client, "SELECT " + first + " FROM " + table + " WHERE " +
                                           loanTypeAndSample + " AND " + isPrevious);
        if (previousStats.size() != 1 || previousStats[0].size() != asked.size())
            throw WarehouseError("no statistics of batch " + std::string(previousBatch));
    }
    std::vector<Column*> categorical;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        auto& c = *asked[i];
        if (c.numeric) {
            for (const auto edge : parseArray(previousStats[0][i]))
                if (!std::isnan(edge) && (c.edges.empty() || edge > c.edges.back()))
                    c.edges.push_back(edge);
        } else if (std::strtoull(previousStats[0][i].c_str(), nullptr, 10) <=
                   static_cast<unsigned long long>(kMaxCategories)) {
            categorical.push_back(&c);
        }
    }
    for (auto& c : columns)
        if (!c.numeric && !c.text) categorical.push_back(&c);
    std::sort(categorical.begin(), categorical.end());  // by position: the columns' order

    const std::string from = " FROM " + table + " WHERE " + loanTypeAndSample + " AND " + batch +
                             " IN (" + sqlString(currentBatch) + ", " + sqlString(previousBatch) +
                             ")";
    // Per (batch, column): rows, nulls and the sum of the values, for the ratios and means.
    struct Figures {
        double rows = 0, nulls = 0, sum = 0;
    };
    std::map<std::pair<bool, std::size_t>, Figures> figures;

    // 2. The numeric columns of both batches in one scan grouped by batch: per column the
    // non-null count, the sum and the non-null values (groupArray), whose count above each edge
    // (arrayCount, once per batch over the array) gives the bins — a value's bin is the number
    // of edges it exceeds, so bin j holds (count above edge j) − (count above edge j+1). An
    // arrayJoin of (column, bin) per value, or a countIf per bin and column, cost two to three
    // times as much on 18.16.
    std::vector<std::size_t> numeric;
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].numeric) numeric.push_back(i);
    for (auto& c : columns)
        if (c.numeric) {
            c.previousCounts.assign(c.edges.size() + 1, 0);
            c.currentCounts.assign(c.edges.size() + 1, 0);
        }
    if (!numeric.empty()) {
        std::string select = "SELECT " + isPrevious + " AS previous, count()";
        for (const auto i : numeric) {
            const auto& c = columns[i];
            const auto x = valueOf(c);
            const auto known = "isNotNull(" + sqlIdentifier(c.name) + ")";
            select += ", countIf(" + known + "), sum(ifNull(" + x + ", 0)), [";
            const auto values = "v" + std::to_string(i);
            for (std::size_t e = 0; e < c.edges.size(); ++e)
                select +=
                    std::string(e ? ", " : "") + "arrayCount(x -> x > " + number(c.edges[e]) +
                    ", " +
                    (e ? values
                       : "groupArrayIf(assumeNotNull(" + x + "), " + known + ") AS " + values) +
                    ")";
            select += "]";
        }
        for (const auto& row : rowsOf(client, select + from + " GROUP BY previous")) {
            if (row.size() != 2 + 3 * numeric.size()) continue;
            const bool previous = row[0] == "1";
            const double rows = parseNumber(row[1]);
            for (std::size_t n = 0; n < numeric.size(); ++n) {
                auto& c = columns[numeric[n]];
                const double known = parseNumber(row[2 + 3 * n]);
                auto& f = figures[{previous, numeric[n]}];
                f.rows = rows;
                f.nulls = rows - known;
                f.sum = parseNumber(row[3 + 3 * n]);
                const auto above = parseArray(row[4 + 3 * n]);
                auto& counts = previous ? c.previousCounts : c.currentCounts;
                if (above.size() != c.edges.size()) continue;
                for (std::size_t b = 0; b < counts.size(); ++b)
                    counts[b] =
                        (b == 0 ? known : above[b - 1]) - (b < above.size() ? above[b] : 0.0);
            }
        }
    }

    // 3. The categorical columns of both batches in one scan: every value becomes (column,
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
