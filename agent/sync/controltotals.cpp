#include "agent/sync/controltotals.h"

#include <algorithm>
#include <cstdlib>

#include "agent/util/csv.h"
#include "agent/util/logging.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"

#include <spdlog/spdlog.h>

namespace findata::agent {

std::string totalText(TotalUnits units, int scale) {
    const bool negative = units < 0;
    // The magnitude of the most negative value does not fit: work on negative remainders.
    std::string digits;
    TotalUnits rest = units;
    do {
        const auto digit = static_cast<int>(rest % 10);
        digits.push_back(static_cast<char>('0' + (digit < 0 ? -digit : digit)));
        rest /= 10;
    } while (rest != 0);
    while (static_cast<int>(digits.size()) <= scale)
        digits.push_back('0');
    std::string out = negative ? "-" : "";
    for (auto i = digits.size(); i-- > 0;) {
        out.push_back(digits[i]);
        if (scale > 0 && i == static_cast<std::size_t>(scale)) out.push_back('.');
    }
    return out;
}

std::optional<TotalUnits> parseTotal(std::string_view text, int scale) {
    if (text.empty() || text == "\\N") return TotalUnits{0};
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    TotalUnits units = 0;
    int decimals = -1;  // digits after the point; -1 before it
    bool digits = false;
    for (const char c : text) {
        if (c == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (decimals >= 0 && ++decimals > scale) return std::nullopt;
        // 10^37 leaves room for one more digit below the 128-bit limit.
        if (units > TotalUnits(1'000'000'000'000'000'000) * 1'000'000'000'000'000'000 * 10)
            return std::nullopt;
        units = units * 10 + (c - '0');
        digits = true;
    }
    if (!digits) return std::nullopt;
    for (int i = decimals < 0 ? 0 : decimals; i < scale; ++i)
        units *= 10;
    return negative ? -units : units;
}

ControlTotalsAccumulator::ControlTotalsAccumulator(core::FileType file,
                                                   const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    for (const auto index : catalog.withRole(file, core::FieldRole::Amount))
        m_fields.push_back(
            Field{index, std::string(fields[index].name), core::scaleOf(fields[index].type)});
}

ControlTotals ControlTotalsAccumulator::totals() const {
    ControlTotals totals;
    totals.rows = m_rows;
    for (const auto& f : m_fields)
        totals.amountSums.emplace_back(f.name, totalText(f.sum, f.scale));
    return totals;
}

nlohmann::json toJson(const ControlTotals& totals) {
    nlohmann::json sums = nlohmann::json::object();
    for (const auto& [name, sum] : totals.amountSums)
        sums[name] = sum;
    return {{"rows", totals.rows}, {"sums", sums}};
}

ControlTotals controlTotalsFromJson(const nlohmann::json& json) {
    ControlTotals totals;
    if (!json.is_object()) return totals;
    if (const auto rows = json.find("rows"); rows != json.end() && rows->is_number_unsigned())
        totals.rows = rows->get<std::uint64_t>();
    if (const auto sums = json.find("sums"); sums != json.end() && sums->is_object())
        for (const auto& [name, sum] : sums->items())
            totals.amountSums.emplace_back(name, sum.is_string() ? sum.get<std::string>() : "");
    return totals;
}

namespace {

// The scale a sum text is written in: its digits after the point.
int scaleOfText(std::string_view text) {
    const auto point = text.find('.');
    return point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
}

}  // namespace

std::optional<std::string> totalsDifference(const ControlTotals& file,
                                            const ControlTotals& warehouse) {
    if (file.rows != warehouse.rows)
        return "rows: expected " + std::to_string(file.rows) + ", found " +
               std::to_string(warehouse.rows);
    for (const auto& [name, expected] : file.amountSums) {
        std::string found;
        for (const auto& [otherName, sum] : warehouse.amountSums)
            if (otherName == name) found = sum;
        const int scale = std::max(scaleOfText(expected), scaleOfText(found));
        const auto a = parseTotal(expected, scale);
        const auto b = parseTotal(found, scale);
        if (!a || !b || *a != *b)
            return "sum of " + name + ": expected " + expected + ", found " +
                   (found.empty() ? std::string("nothing") : found);
    }
    return std::nullopt;
}

ControlTotals alignTotals(ControlTotals found, const ControlTotals& like) {
    for (auto& [name, sum] : found.amountSums)
        for (const auto& [likeName, likeSum] : like.amountSums) {
            if (likeName != name) continue;
            const int scale = std::max(scaleOfText(likeSum), scaleOfText(sum));
            if (const auto units = parseTotal(sum, scale)) sum = totalText(*units, scale);
        }
    return found;
}

ControlTotals combinedTotals(const ControlTotals& base, const ControlTotals& minus,
                             const ControlTotals& plus) {
    ControlTotals out;
    const TotalUnits rows = TotalUnits(base.rows) - TotalUnits(minus.rows) + TotalUnits(plus.rows);
    out.rows = rows < 0 ? 0 : static_cast<std::uint64_t>(rows);
    std::vector<std::string> names;
    for (const auto* totals : {&base, &minus, &plus})
        for (const auto& [name, sum] : totals->amountSums)
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    const auto sumOf = [](const ControlTotals& totals, const std::string& name) {
        for (const auto& [n, sum] : totals.amountSums)
            if (n == name) return sum;
        return std::string();
    };
    for (const auto& name : names) {
        const std::string a = sumOf(base, name), b = sumOf(minus, name), c = sumOf(plus, name);
        const int scale = std::max({scaleOfText(a), scaleOfText(b), scaleOfText(c)});
        const auto x = parseTotal(a, scale), y = parseTotal(b, scale), z = parseTotal(c, scale);
        // A sum that cannot be read stays unreadable, so the comparison names it.
        out.amountSums.emplace_back(name, x && y && z
                                              ? totalText(*x - *y + *z, scale)
                                              : "unreadable (" + a + " - " + b + " + " + c + ")");
    }
    return out;
}

ControlTotals replacedTotals(Warehouse& warehouse, std::string_view database, core::FileType file,
                             core::LoanType loanType, std::string_view batchId,
                             std::string_view syncKey, const core::Catalog& catalog) {
    const auto fields = catalog.fields(file);
    const auto amounts = catalog.withRole(file, core::FieldRole::Amount);
    std::string key;
    for (const auto index : catalog.withRole(file, core::FieldRole::Key))
        key += (key.empty() ? "" : ", ") + sqlIdentifier(fields[index].name);
    std::string sql = "SELECT count()";
    for (const auto index : amounts)
        sql += ", toString(sum(" + sqlIdentifier(fields[index].name) + "))";
    sql += " FROM " + sqlTable(database, factTable(file)) + " WHERE " +
           sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) + " AND " +
           sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batchId) + " AND (" + key +
           ") IN (SELECT " + key + " FROM " + sqlTable(database, stagingTable(file, syncKey)) +
           ") FORMAT TabSeparated";
    const auto rows = parseTsv(warehouse.client().query(sql));
    if (rows.size() != 1 || rows[0].size() != amounts.size() + 1)
        throw WarehouseError("unexpected answer to: " + sql.substr(0, 200));
    ControlTotals totals;
    totals.rows = std::stoull(rows[0][0]);
    for (std::size_t i = 0; i < amounts.size(); ++i)
        totals.amountSums.emplace_back(std::string(fields[amounts[i]].name), rows[0][i + 1]);
    return totals;
}

bool injectTotalsFault(Warehouse& warehouse, std::string_view database, core::FileType file,
                       core::LoanType loanType, std::string_view batchId,
                       const core::Catalog& catalog) {
    const char* fault = std::getenv("FINDATA_FAULT");
    if (!fault || std::string_view(fault) != "totals:extra-row") return false;
    const auto fields = catalog.fields(file);
    const auto key = catalog.withRole(file, core::FieldRole::Key).front();
    std::string columns, values;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto name = sqlIdentifier(fields[i].name);
        columns += name + ", ";
        values += (i == key ? "concat(" + name + ", '~extra')" : name) + ", ";
    }
    for (const auto column : {kBatchIdColumn, kLoanTypeColumn, kLoadedAtColumn}) {
        columns += sqlIdentifier(column) + (column == kLoadedAtColumn ? "" : ", ");
        values += sqlIdentifier(column) + (column == kLoadedAtColumn ? "" : ", ");
    }
    const auto table = sqlTable(database, factTable(file));
    warehouse.client().execute(
        "INSERT INTO " + table + " (" + columns + ") SELECT " + values + " FROM " + table +
        " WHERE " + sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) +
        " AND " + sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batchId) + " LIMIT 1");
    logger("sync")->warn("FINDATA_FAULT: copied one {} row of batch {} once more into {}",
                         core::toText(file), batchId, factTable(file));
    return true;
}

}  // namespace findata::agent
