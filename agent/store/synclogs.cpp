#include "agent/store/synclogs.h"

#include "agent/util/ids.h"

#include <unistd.h>

#include <array>

namespace findata::agent {

namespace {

std::optional<std::string> optionalText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

constexpr std::array<std::string_view, 9> kStatusNames = {"STARTED",     "FETCHING", "VALIDATING",
                                                          "NORMALIZING", "STORING",  "COMPLETED",
                                                          "FAILED",      "PARTIAL",  "REJECTED"};
constexpr std::array<std::string_view, 3> kTriggerNames = {"SCHEDULED", "MANUAL", "RETRY"};

const std::string kColumns =
    "id::text, loan_type, status, trigger, actor, batch_id, " + epochMicrosSql("started_at") +
    ", " + epochMicrosSql("finished_at") +
    ", credit_rows_read, credit_rows_loaded, credit_rows_rejected, payment_rows_read,"
    " payment_rows_loaded, payment_rows_rejected, warnings, errors, error_summary,"
    " stage_timings::text, progress_rows, credit_upload_id::text, payment_upload_id::text,"
    " swap_started, owner, " +
    epochMicrosSql("heartbeat_at") +
    ", findings_not_stored, rejected_rows_not_stored, findings_overflow::text, " +
    epochMicrosSql("findings_purged_at") + ", coalesce(period, ''), restates::text, policy_version";

std::optional<std::string> optionalUuid(const std::optional<std::string>& id) {
    if (id && !isUuid(*id)) {
        throw StoreError(StoreError::Kind::Invalid, "not an upload id: '" + *id + "'");
    }
    return id;
}

template <typename T>
T parseOr(std::optional<T> value, const char* what, const std::string& text) {
    if (!value)
        throw StoreError(StoreError::Kind::Internal,
                         std::string("stored ") + what + " is unknown: " + text);
    return *value;
}

SyncLog toSyncLog(const pqxx::row& row) {
    SyncLog s;
    s.id = row[0].as<std::string>();
    const auto loanType = row[1].as<std::string>();
    s.loanType = parseOr(core::parseLoanType(loanType), "loan type", loanType);
    const auto status = row[2].as<std::string>();
    s.status = parseOr(parseSyncStatus(status), "status", status);
    const auto trigger = row[3].as<std::string>();
    s.trigger = parseOr(parseSyncTrigger(trigger), "trigger", trigger);
    s.actor = row[4].as<std::string>();
    s.batchId = row[5].as<std::string>();
    s.startedAt = fromMicros(row[6].as<std::int64_t>());
    if (!row[7].is_null()) s.finishedAt = fromMicros(row[7].as<std::int64_t>());
    s.credit = {row[8].as<std::uint64_t>(), row[9].as<std::uint64_t>(),
                row[10].as<std::uint64_t>()};
    s.payment = {row[11].as<std::uint64_t>(), row[12].as<std::uint64_t>(),
                 row[13].as<std::uint64_t>()};
    s.warnings = row[14].as<std::uint64_t>();
    s.errors = row[15].as<std::uint64_t>();
    s.errorSummary = row[16].as<std::string>();
    s.stageTimings = nlohmann::json::parse(row[17].as<std::string>());
    s.progressRows = row[18].as<std::uint64_t>();
    s.creditUploadId = optionalText(row[19]);
    s.paymentUploadId = optionalText(row[20]);
    s.swapStarted = row[21].as<bool>();
    s.owner = row[22].as<std::string>();
    s.heartbeatAt = fromMicros(row[23].as<std::int64_t>());
    s.findingsNotStored = row[24].as<std::uint64_t>();
    s.rejectedRowsNotStored = row[25].as<std::uint64_t>();
    s.findingsOverflow = nlohmann::json::parse(row[26].as<std::string>());
    if (!row[27].is_null()) s.findingsPurgedAt = fromMicros(row[27].as<std::int64_t>());
    s.period = row[28].as<std::string>();
    if (!row[29].is_null()) s.restates = row[29].as<std::string>();
    s.policyVersion = row[30].as<int>();
    return s;
}

}  // namespace

std::string_view toText(SyncStatus status) {
    return kStatusNames.at(static_cast<std::size_t>(status));
}

std::span<const std::string_view> syncStatusNames() {
    return kStatusNames;
}

std::optional<SyncStatus> parseSyncStatus(std::string_view text) {
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == text) return static_cast<SyncStatus>(i);
    }
    return std::nullopt;
}

bool isFinal(SyncStatus status) {
    return status == SyncStatus::Completed || status == SyncStatus::Failed ||
           status == SyncStatus::Partial || status == SyncStatus::Rejected;
}

std::string_view toText(SyncTrigger trigger) {
    return kTriggerNames.at(static_cast<std::size_t>(trigger));
}

std::optional<SyncTrigger> parseSyncTrigger(std::string_view text) {
    for (std::size_t i = 0; i < kTriggerNames.size(); ++i) {
        if (kTriggerNames[i] == text) return static_cast<SyncTrigger>(i);
    }
    return std::nullopt;
}

std::string thisProcessOwner() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    const std::string name = host[0] != '\0' ? host.data() : "unknown-host";
    return name + ':' + std::to_string(::getpid());
}

SyncLogRepository::SyncLogRepository(Database& db, std::string_view schema)
    : m_db(db), m_schema(schema), m_table(qualifiedTable(schema, "sync_logs")) {}

SyncLog SyncLogRepository::create(const NewSyncLog& sync) {
    if (!sync.id.empty() && !isUuid(sync.id)) {
        throw StoreError(StoreError::Kind::Invalid, "not a sync id: '" + sync.id + "'");
    }
    const std::string id = sync.id.empty() ? newUuid() : sync.id;
    const std::string batchId = sync.batchId.empty() ? id : toValidUtf8(sync.batchId);
    return m_db.transact([&](pqxx::work& tx) {
        return toSyncLog(tx.exec_params1(
            "INSERT INTO " + m_table +
                " (id, loan_type, status, trigger, actor, batch_id, credit_upload_id,"
                " payment_upload_id, owner, period, restates, policy_version) VALUES ($1, $2,"
                " 'STARTED', $3, $4, $5, $6, $7, $8,"
                " coalesce($9, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')), $10::uuid, $11)"
                " RETURNING " +
                kColumns,
            id, std::string(core::toText(sync.loanType)), std::string(toText(sync.trigger)),
            toValidUtf8(sync.actor), batchId, optionalUuid(sync.creditUploadId),
            optionalUuid(sync.paymentUploadId), thisProcessOwner(),
            sync.period.empty() ? std::nullopt : std::optional<std::string>(sync.period),
            optionalUuid(sync.restates), sync.policyVersion));
    });
}

namespace {

// One UPDATE for update(), heartbeat() and finish(); only non-null parameters change columns.
void writeUpdate(Database& db, const std::string& table, std::string_view id,
                 const SyncLogUpdate& u, std::optional<SyncStatus> finalStatus,
                 const std::function<void(pqxx::work&)>& alsoInTransaction = {}) {
    if (!isUuid(id)) throw StoreError(StoreError::Kind::NotFound, "no sync " + std::string(id));
    std::optional<std::string> status;
    if (finalStatus) {
        status = std::string(toText(*finalStatus));
    } else if (u.status) {
        if (isFinal(*u.status)) {
            throw StoreError(StoreError::Kind::Invalid,
                             "a final status is written by finish(), not update()");
        }
        status = std::string(toText(*u.status));
    }
    std::optional<std::string> timings;
    if (u.stageTimings) {
        if (!u.stageTimings->is_object()) {
            throw StoreError(StoreError::Kind::Invalid, "stage timings must be a JSON object");
        }
        timings = u.stageTimings->dump();
    }
    std::optional<std::string> overflow;
    if (u.findingsOverflow) {
        if (!u.findingsOverflow->is_array()) {
            throw StoreError(StoreError::Kind::Invalid, "findings overflow must be a JSON array");
        }
        overflow =
            u.findingsOverflow->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    auto count = [](const std::optional<FileCounts>& c, std::uint64_t FileCounts::*member) {
        return c ? std::optional<std::uint64_t>((*c).*member) : std::nullopt;
    };
    std::optional<std::string> summary;
    if (u.errorSummary) summary = toValidUtf8(*u.errorSummary);
    db.transact([&](pqxx::work& tx) {
        const auto result = tx.exec_params(
            "UPDATE " + table +
                " SET status = coalesce($2, status),"
                " credit_rows_read = coalesce($3, credit_rows_read),"
                " credit_rows_loaded = coalesce($4, credit_rows_loaded),"
                " credit_rows_rejected = coalesce($5, credit_rows_rejected),"
                " payment_rows_read = coalesce($6, payment_rows_read),"
                " payment_rows_loaded = coalesce($7, payment_rows_loaded),"
                " payment_rows_rejected = coalesce($8, payment_rows_rejected),"
                " warnings = coalesce($9, warnings), errors = coalesce($10, errors),"
                " error_summary = coalesce($11, error_summary),"
                " stage_timings = stage_timings || coalesce($12::jsonb, '{}'::jsonb),"
                " progress_rows = coalesce($13, progress_rows),"
                " swap_started = coalesce($14, swap_started),"
                " heartbeat_at = now(),"
                " finished_at = CASE WHEN $15 THEN now() ELSE finished_at END,"
                " findings_not_stored = coalesce($16, findings_not_stored),"
                " rejected_rows_not_stored = coalesce($17, rejected_rows_not_stored),"
                " findings_overflow = coalesce($18::jsonb, findings_overflow)"
                " WHERE id = $1 AND finished_at IS NULL",
            std::string(id), status, count(u.credit, &FileCounts::rowsRead),
            count(u.credit, &FileCounts::rowsLoaded), count(u.credit, &FileCounts::rowsRejected),
            count(u.payment, &FileCounts::rowsRead), count(u.payment, &FileCounts::rowsLoaded),
            count(u.payment, &FileCounts::rowsRejected), u.warnings, u.errors, summary, timings,
            u.progressRows, u.swapStarted, finalStatus.has_value(), u.findingsNotStored,
            u.rejectedRowsNotStored, overflow);
        if (result.affected_rows() == 1) {
            if (alsoInTransaction) alsoInTransaction(tx);
            return;
        }
        const bool exists =
            !tx.exec_params("SELECT 1 FROM " + table + " WHERE id = $1", std::string(id)).empty();
        if (!exists) throw StoreError(StoreError::Kind::NotFound, "no sync " + std::string(id));
        throw StoreError(StoreError::Kind::Conflict,
                         "sync " + std::string(id) + " is finished already");
    });
}

}  // namespace

void SyncLogRepository::update(std::string_view id, const SyncLogUpdate& update) {
    writeUpdate(m_db, m_table, id, update, std::nullopt);
}

void SyncLogRepository::heartbeat(std::string_view id) {
    writeUpdate(m_db, m_table, id, {}, std::nullopt);
}

void SyncLogRepository::finish(std::string_view id, SyncStatus finalStatus,
                               const SyncLogUpdate& last,
                               const std::function<void(pqxx::work&)>& alsoInTransaction) {
    if (!isFinal(finalStatus)) {
        throw StoreError(StoreError::Kind::Invalid,
                         "finish() needs a final status, not " + std::string(toText(finalStatus)));
    }
    writeUpdate(m_db, m_table, id, last, finalStatus, alsoInTransaction);
}

std::optional<SyncLog> SyncLogRepository::find(std::string_view id) {
    if (!isUuid(id)) return std::nullopt;
    auto log = m_db.transact([&](pqxx::work& tx) -> std::optional<SyncLog> {
        const auto result = tx.exec_params(
            "SELECT " + kColumns + " FROM " + m_table + " WHERE id = $1", std::string(id));
        if (result.empty()) return std::nullopt;
        return toSyncLog(result[0]);
    });
    if (log) log->files = SyncFileRepository(m_db, m_schema).forSync(log->id);
    return log;
}

std::vector<SyncLog> SyncLogRepository::list(std::optional<core::LoanType> loanType,
                                             std::size_t limit, std::size_t offset,
                                             std::optional<std::string> period) {
    std::optional<std::string> loan;
    if (loanType) loan = std::string(core::toText(*loanType));
    auto logs = m_db.transact([&](pqxx::work& tx) {
        std::vector<SyncLog> logs;
        for (const auto& row :
             tx.exec_params("SELECT " + kColumns + " FROM " + m_table +
                                " WHERE ($1::text IS NULL OR loan_type = $1)"
                                " AND ($4::text IS NULL OR period = $4)"
                                " ORDER BY started_at DESC, id LIMIT $2 OFFSET $3",
                            loan, static_cast<std::int64_t>(limit),
                            static_cast<std::int64_t>(offset), period)) {
            logs.push_back(toSyncLog(row));
        }
        return logs;
    });
    attachFiles(logs);
    return logs;
}

void SyncLogRepository::attachFiles(std::vector<SyncLog>& logs) {
    std::vector<std::string> ids;
    for (const auto& log : logs)
        ids.push_back(log.id);
    for (auto& file : SyncFileRepository(m_db, m_schema).forSyncs(ids))
        for (auto& log : logs)
            if (log.id == file.syncId) log.files.push_back(std::move(file));
}

std::uint64_t SyncLogRepository::count(std::optional<core::LoanType> loanType,
                                       std::optional<std::string> period) {
    std::optional<std::string> loan;
    if (loanType) loan = std::string(core::toText(*loanType));
    return m_db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1("SELECT count(*) FROM " + m_table +
                              " WHERE ($1::text IS NULL OR loan_type = $1)"
                              " AND ($2::text IS NULL OR period = $2)",
                          loan, period)[0]
            .as<std::uint64_t>();
    });
}

std::vector<SyncLog> SyncLogRepository::unfinished() {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<SyncLog> logs;
        for (const auto& row : tx.exec("SELECT " + kColumns + " FROM " + m_table +
                                       " WHERE finished_at IS NULL ORDER BY started_at")) {
            logs.push_back(toSyncLog(row));
        }
        return logs;
    });
}

std::vector<std::string> SyncLogRepository::findingsOlderThan(Timestamp finishedBefore) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<std::string> ids;
        for (const auto& row : tx.exec_params(
                 "SELECT id::text FROM " + m_table + " WHERE finished_at < " +
                     timestampParamSql(1) + " AND findings_purged_at IS NULL ORDER BY finished_at",
                 toMicros(finishedBefore)))
            ids.push_back(row[0].as<std::string>());
        return ids;
    });
}

PurgedFindings SyncLogRepository::purgeFindings(std::string_view id) {
    if (!isUuid(id)) throw StoreError(StoreError::Kind::NotFound, "no sync " + std::string(id));
    return m_db.transact([&](pqxx::work& tx) {
        const auto marked = tx.exec_params("UPDATE " + m_table +
                                               " SET findings_purged_at = now()"
                                               " WHERE id = $1 AND finished_at IS NOT NULL",
                                           std::string(id));
        if (marked.affected_rows() != 1)
            throw StoreError(StoreError::Kind::Conflict,
                             "sync " + std::string(id) + " is running or gone");
        PurgedFindings purged;
        purged.findings = static_cast<std::uint64_t>(
            tx.exec_params("DELETE FROM " + qualifiedTable(m_schema, "validation_errors") +
                               " WHERE sync_id = $1",
                           std::string(id))
                .affected_rows());
        purged.rejectedRows = static_cast<std::uint64_t>(
            tx.exec_params("DELETE FROM " + qualifiedTable(m_schema, "rejected_rows") +
                               " WHERE sync_id = $1",
                           std::string(id))
                .affected_rows());
        return purged;
    });
}

}  // namespace findata::agent
