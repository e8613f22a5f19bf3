#include "agent/store/livebatches.h"

namespace findata::agent {
namespace {

const std::string kColumns = "loan_type, file_type, batch_id, sync_id::text, upload_id::text";

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
    return batch;
}

}  // namespace

LiveBatchRepository::LiveBatchRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "live_batches")) {}

std::vector<LiveBatch> LiveBatchRepository::list() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<LiveBatch> batches;
        for (const auto& row :
             tx.exec("SELECT " + kColumns + " FROM " + m_table + " ORDER BY loan_type, file_type"))
            if (auto batch = toLiveBatch(row)) batches.push_back(std::move(*batch));
        return batches;
    });
}

std::optional<LiveBatch> LiveBatchRepository::find(core::LoanType loanType, core::FileType file) {
    for (auto& batch : list())
        if (batch.loanType == loanType && batch.file == file) return std::move(batch);
    return std::nullopt;
}

LiveBatches LiveBatchRepository::load() {
    LiveBatches live;
    for (auto& batch : list())
        live.set(batch.file, batch.loanType, std::move(batch.batchId));
    return live;
}

void LiveBatchRepository::publish(pqxx::work& tx, const LiveBatch& batch) {
    tx.exec_params0("INSERT INTO " + m_table +
                        " (loan_type, file_type, batch_id, sync_id, upload_id, since)"
                        " VALUES ($1, $2, $3, $4::uuid, $5::uuid, now())"
                        " ON CONFLICT (loan_type, file_type) DO UPDATE SET"
                        " batch_id = EXCLUDED.batch_id, sync_id = EXCLUDED.sync_id,"
                        " upload_id = EXCLUDED.upload_id, since = EXCLUDED.since",
                    std::string(core::toText(batch.loanType)),
                    std::string(core::toText(batch.file)), batch.batchId, batch.syncId,
                    batch.uploadId);
}

}  // namespace findata::agent
