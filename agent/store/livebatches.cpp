// The live_batches table: see livebatches.h.

#include "agent/store/livebatches.h"

#include <algorithm>

namespace findata::agent {
namespace {

const std::string kColumns =
    "loan_type, file_type, batch_id, sync_id::text, upload_id::text, "
    "period, " +
    epochMicrosSql("since");

std::optional<LiveBatch> toLiveBatch(const pqxx::row& row) {
    const auto loanType = core::parseLoanType(row[0].as<std::string>());
    const auto fileText = row[1].as<std::string>();
    if (!loanType) return std::nullopt;
    LiveBatch batch;
    batch.loanType = *loanType;
    batch.file = fileText == core::toText(core::FileType::Credit) ? core::FileType::Credit
                                                                  : core::FileType::PaymentPlan;
    batch.batchId = row[2].as<std::string>();
    batch.syncId = row[3].as<std::string>();
    if (!row[4].is_null()) batch.uploadId = row[4].as<std::string>();
    batch.period = row[5].as<std::string>();
    batch.since = fromMicros(row[6].as<std::int64_t>());
    return batch;
}

}  // namespace

LiveBatchRepository::LiveBatchRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "live_batches")) {}

std::vector<LiveBatch> LiveBatchRepository::list() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<LiveBatch> batches;
        for (const auto& row : tx.exec("SELECT " + kColumns + " FROM " + m_table +
                                       " ORDER BY loan_type, file_type, period"))
            if (auto batch = toLiveBatch(row)) batches.push_back(std::move(*batch));
        return batches;
    });
}

std::optional<LiveBatch> LiveBatchRepository::find(core::LoanType loanType, core::FileType file) {
    const auto all = list();
    std::optional<std::string> latest;
    for (const auto& batch : all)
        if (batch.loanType == loanType && (!latest || batch.period > *latest))
            latest = batch.period;
    if (!latest) return std::nullopt;
    for (const auto& batch : all)
        if (batch.loanType == loanType && batch.file == file && batch.period == *latest)
            return batch;
    return std::nullopt;
}

std::optional<LiveBatch> LiveBatchRepository::find(core::LoanType loanType, core::FileType file,
                                                   std::string_view period) {
    for (auto& batch : list())
        if (batch.loanType == loanType && batch.file == file && batch.period == period)
            return std::move(batch);
    return std::nullopt;
}

LiveBatches LiveBatchRepository::load() {
    LiveBatches live;
    for (auto& batch : list())
        live.set(batch.file, batch.loanType, std::move(batch.period), std::move(batch.batchId));
    return live;
}

std::vector<LivePeriod> LiveBatchRepository::periods(core::LoanType loanType) {
    std::vector<LivePeriod> out;
    for (auto& batch : list()) {
        if (batch.loanType != loanType) continue;
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const LivePeriod& p) { return p.period == batch.period; });
        if (it == out.end()) {
            out.push_back(LivePeriod{batch.period, std::nullopt, std::nullopt});
            it = std::prev(out.end());
        }
        (batch.file == core::FileType::Credit ? it->credit : it->payment) = std::move(batch);
    }
    std::sort(out.begin(), out.end(),
              [](const LivePeriod& a, const LivePeriod& b) { return a.period < b.period; });
    return out;
}

LivePeriod LiveBatchRepository::period(core::LoanType loanType, std::string_view period) {
    for (auto& p : periods(loanType))
        if (p.period == period) return std::move(p);
    return LivePeriod{std::string(period), std::nullopt, std::nullopt};
}

std::optional<LivePeriod> LiveBatchRepository::previousPeriod(core::LoanType loanType,
                                                              std::string_view period) {
    std::optional<LivePeriod> previous;
    for (auto& p : periods(loanType))
        if (p.period < period) previous = std::move(p);
    return previous;
}

void LiveBatchRepository::publish(pqxx::work& tx, const LiveBatch& batch) {
    tx.exec_params0("INSERT INTO " + m_table +
                        " (loan_type, file_type, period, batch_id, sync_id, upload_id, since)"
                        " VALUES ($1, $2, $3, $4, $5::uuid, $6::uuid, now())"
                        " ON CONFLICT (loan_type, file_type, period) DO UPDATE SET"
                        " batch_id = EXCLUDED.batch_id, sync_id = EXCLUDED.sync_id,"
                        " upload_id = EXCLUDED.upload_id, since = EXCLUDED.since",
                    std::string(core::toText(batch.loanType)),
                    std::string(core::toText(batch.file)), batch.period, batch.batchId,
                    batch.syncId, batch.uploadId);
}

std::vector<LiveBatch> LiveBatchRepository::unpublishBeyond(pqxx::work& tx, core::LoanType loanType,
                                                            std::size_t keep) {
    std::vector<LiveBatch> removed;
    if (keep == 0) return removed;
    const auto loan = std::string(core::toText(loanType));
    for (const auto& row : tx.exec_params(
             "DELETE FROM " + m_table +
                 " WHERE loan_type = $1 AND period NOT IN (SELECT DISTINCT period FROM " + m_table +
                 " WHERE loan_type = $1 ORDER BY period DESC LIMIT $2) RETURNING " + kColumns,
             loan, static_cast<std::int64_t>(keep)))
        if (auto batch = toLiveBatch(row)) removed.push_back(std::move(*batch));
    return removed;
}

}  // namespace findata::agent
