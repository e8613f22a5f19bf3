#pragma once
// Control totals of one file of a sync: its accepted rows and the exact sum of each amount-role
// field of the catalog, accumulated while the rows stream into staging; their comparison with
// what the warehouse holds after the swap (Warehouse::batchTotals), and their JSON form in the
// sync log ({"rows": N, "sums": {"field": "123.45", …}}).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/warehouse/warehouse.h"
#include "core/catalog.h"
#include "core/validator.h"

namespace findata::agent {

/// 128-bit units: a sum of int64 units cannot overflow it (2^64 rows of the largest value).
__extension__ typedef __int128 TotalUnits;

/// "-123.45" for units -12345 at scale 2: exactly `scale` fractional digits.
std::string totalText(TotalUnits units, int scale);
/// The units of a decimal text at `scale` ("12.5" at scale 2 is 1250); ClickHouse's "\N" (the
/// sum of no value) and "" are zero. nullopt when it is not such a number or has more digits.
std::optional<TotalUnits> parseTotal(std::string_view text, int scale);

/// Sums the amount-role fields of the accepted rows of one file, exactly.
class ControlTotalsAccumulator final {
public:
    /// `catalog` must outlive the accumulator.
    ControlTotalsAccumulator(core::FileType file, const core::Catalog& catalog);

    /// One accepted row (null values add nothing, as in ClickHouse's sum()).
    void add(const core::TypedRow& row) {
        ++m_rows;
        for (std::size_t i = 0; i < m_fields.size(); ++i) {
            const auto& value = row.values[m_fields[i].index];
            if (!value.null) m_fields[i].sum += value.i;
        }
    }

    std::uint64_t rows() const { return m_rows; }
    /// The rows and sums as decimal text, in catalog order.
    ControlTotals totals() const;

private:
    struct Field {
        std::size_t index;
        std::string name;
        int scale;
        TotalUnits sum = 0;
    };
    std::vector<Field> m_fields;
    std::uint64_t m_rows = 0;
};

/// {"rows": N, "sums": {"field": "123.45", …}}.
nlohmann::json toJson(const ControlTotals& totals);
/// The reverse of toJson (a malformed object gives what can be read of it).
ControlTotals controlTotalsFromJson(const nlohmann::json& json);

/// The first difference between the totals of a file and of the warehouse, as a sentence naming
/// the figure, the expected and the found value ("rows: expected 300, found 301"); nullopt when
/// they agree. Sums compare by value ("1.50" equals "1.5"; a missing sum counts as zero).
std::optional<std::string> totalsDifference(const ControlTotals& file,
                                            const ControlTotals& warehouse);

/// `found` with each sum written like the same sum of `like` (its scale; NULL as zero), so a
/// read-back is shown as the file's totals are. Sums that cannot be read stay as they are.
ControlTotals alignTotals(ControlTotals found, const ControlTotals& like);

/// `base` − `minus` + `plus`, row counts and each sum (by field name, exactly; a sum missing on
/// one side counts as zero): what a merged batch must hold — the live batch's totals, minus its
/// rows whose keys a correction replaces, plus the correction's accepted rows. Rows never go
/// below zero (only an inconsistent warehouse could ask for that; the comparison then fails).
ControlTotals combinedTotals(const ControlTotals& base, const ControlTotals& minus,
                             const ControlTotals& plus);

/// The totals of the rows of batch `batchId` of `file` whose key (catalog key fields) is among
/// the rows of the sync's staging table of `file`: the live rows a correction replaces.
ControlTotals replacedTotals(Warehouse& warehouse, std::string_view database, core::FileType file,
                             core::LoanType loanType, std::string_view batchId,
                             std::string_view syncKey, const core::Catalog& catalog);

/// The test seam FINDATA_FAULT=totals:extra-row: after the swap, one accepted row of the sync's
/// batch is copied once more into the fact table (under a key of its own, so no merge can fold
/// it away), so the read-back must find one row and its amounts too many. Does nothing unless
/// that fault is set; returns whether it did.
bool injectTotalsFault(Warehouse& warehouse, std::string_view database, core::FileType file,
                       core::LoanType loanType, std::string_view batchId,
                       const core::Catalog& catalog);

}  // namespace findata::agent
