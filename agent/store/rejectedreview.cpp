// The review of a sync's rejected rows and the correction uploads (rejectedreview.h).

#include "agent/store/rejectedreview.h"

#include "agent/util/ids.h"

#include <array>

namespace findata::agent {

namespace {

constexpr std::array<std::string_view, 3> kStateNames = {"open", "dismissed", "resubmitted"};

std::string text(core::FileType t) {
    return std::string(core::toText(t));
}

// A bigint[] parameter as its text form: "{1,2,3}".
std::string bigintArray(const std::vector<std::uint64_t>& values) {
    std::string out = "{";
    for (const auto v : values) {
        if (out.size() > 1) out += ',';
        out += std::to_string(v);
    }
    return out + "}";
}

std::optional<std::string> optionalText(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

const std::string kCorrectionColumns =
    "id::text, loan_type, file_type, corrects::text, original_name, path, sha256, uploaded_by,"
    " status, size_bytes, stored_bytes,"
    " (SELECT count(*) FROM {lines} c WHERE c.upload_id = u.id), period";

std::string withLines(std::string text, const std::string& lines) {
    const auto at = text.find("{lines}");
    return text.replace(at, 7, lines);
}

// The well-formed ids of `syncIds` as a PostgreSQL uuid[] literal; each gets an empty entry
// in `out`, so ids without rows still answer.
template <typename T>
std::string uuidArray(const std::vector<std::string>& syncIds, std::map<std::string, T>& out) {
    std::string ids = "{";
    for (const auto& id : syncIds) {
        if (!isUuid(id)) continue;
        out[id] = {};
        if (ids.size() > 1) ids += ',';
        ids += id;
    }
    return ids + '}';
}

CorrectionUpload toCorrection(const pqxx::row& row) {
    CorrectionUpload c;
    c.id = row[0].as<std::string>();
    const auto loanType = core::parseLoanType(row[1].as<std::string>());
    const auto fileType = core::parseFileType(row[2].as<std::string>());
    if (!loanType || !fileType)
        throw StoreError(StoreError::Kind::Internal, "stored correction " + c.id + " unreadable");
    c.loanType = *loanType;
    c.fileType = *fileType;
    c.corrects = row[3].is_null() ? std::string() : row[3].as<std::string>();
    c.originalName = row[4].as<std::string>();
    c.path = row[5].as<std::string>();
    c.sha256 = row[6].as<std::string>();
    c.uploadedBy = row[7].as<std::string>();
    c.status = row[8].as<std::string>();
    c.sizeBytes = row[9].as<std::uint64_t>();
    c.storedBytes = row[10].as<std::uint64_t>();
    c.rows = row[11].as<std::uint64_t>();
    c.period = row[12].as<std::string>();
    return c;
}

}  // namespace

std::string_view toText(RejectedState state) {
    return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<RejectedState> parseRejectedState(std::string_view text) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == text) return static_cast<RejectedState>(i);
    return std::nullopt;
}

RejectedReview::RejectedReview(Database& db, std::string_view schema)
    : m_db(db),
      m_schema(schema),
      m_rows(qualifiedTable(schema, "rejected_rows")),
      m_errors(qualifiedTable(schema, "validation_errors")),
      m_uploads(qualifiedTable(schema, "uploads")),
      m_lines(qualifiedTable(schema, "correction_lines")),
      m_logs(qualifiedTable(schema, "sync_logs")) {}

std::vector<ReviewedRow> RejectedReview::page(std::string_view syncId,
                                              const RejectedPageQuery& query) {
    if (!isUuid(syncId)) return {};
    std::optional<std::string> file, state;
    if (query.fileType) file = text(*query.fileType);
    if (query.state) state = std::string(toText(*query.state));
    const auto& cursor = query.after;
    const std::string afterFile = cursor ? text(cursor->fileType) : "";
    const std::int64_t afterLine = cursor ? static_cast<std::int64_t>(cursor->line) : -1;
    const std::int64_t afterId = cursor ? cursor->id : -1;
    const auto offset = static_cast<std::int64_t>(cursor ? 0 : query.offset);
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<ReviewedRow> rows;
        for (const auto& row :
             tx.exec_params("SELECT r.id, r.file_type, r.line, r.raw, r.reasons, " +
                                epochMicrosSql("r.expires_at") +
                                ", r.state, coalesce(r.state_actor, ''),"
                                " coalesce(r.state_reason, ''), " +
                                epochMicrosSql("r.state_at") +
                                ", r.correction_sync_id::text,"
                                " (SELECT c.upload_id::text FROM " +
                                m_lines + " c JOIN " + m_uploads +
                                " u ON u.id = c.upload_id AND u.status = 'STAGED'"
                                " WHERE c.original_sync = r.sync_id AND c.file_type = r.file_type"
                                " AND c.original_line = r.line LIMIT 1)"
                                " FROM " +
                                m_rows +
                                " r"
                                " WHERE r.sync_id = $1 AND ($2::text IS NULL OR r.file_type = $2)"
                                " AND ($3::text IS NULL OR r.state = $3)"
                                " AND (r.file_type, r.line, r.id) > ($4, $5, $6)"
                                " ORDER BY r.file_type, r.line, r.id LIMIT $7 OFFSET $8",
                            std::string(syncId), file, state, afterFile, afterLine, afterId,
                            static_cast<std::int64_t>(query.limit), offset)) {
            ReviewedRow r;
            r.row.id = row[0].as<std::int64_t>();
            const auto type = core::parseFileType(row[1].as<std::string>());
            if (!type) throw StoreError(StoreError::Kind::Internal, "stored file type unknown");
            r.row.fileType = *type;
            r.row.line = row[2].as<std::uint64_t>();
            r.row.raw = pqxx::binarystring(row[3]).str();
            r.row.reasons = row[4].as<std::string>();
            r.row.expiresAt = fromMicros(row[5].as<std::int64_t>());
            r.state = parseRejectedState(row[6].as<std::string>()).value_or(RejectedState::Open);
            r.stateActor = row[7].as<std::string>();
            r.stateReason = row[8].as<std::string>();
            if (!row[9].is_null()) r.stateAt = fromMicros(row[9].as<std::int64_t>());
            r.correctedBy = optionalText(row[10]);
            r.pendingUpload = optionalText(row[11]);
            rows.push_back(std::move(r));
        }
        return rows;
    });
}

std::uint64_t RejectedReview::count(std::string_view syncId, std::optional<core::FileType> fileType,
                                    std::optional<RejectedState> state) {
    if (!isUuid(syncId)) return 0;
    std::optional<std::string> file, stateText;
    if (fileType) file = text(*fileType);
    if (state) stateText = std::string(toText(*state));
    return m_db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1("SELECT count(*) FROM " + m_rows +
                              " WHERE sync_id = $1 AND ($2::text IS NULL OR file_type = $2)"
                              " AND ($3::text IS NULL OR state = $3)",
                          std::string(syncId), file, stateText)[0]
            .as<std::uint64_t>();
    });
}

RejectedCounts RejectedReview::counts(std::string_view syncId) {
    if (!isUuid(syncId)) return {};
    return counts(std::vector<std::string>{std::string(syncId)})[std::string(syncId)];
}

std::map<std::string, RejectedCounts> RejectedReview::counts(
    const std::vector<std::string>& syncIds) {
    std::map<std::string, RejectedCounts> out;
    const std::string ids = uuidArray(syncIds, out);
    if (out.empty()) return out;
    m_db.transact([&](pqxx::work& tx) {
        for (const auto& row :
             tx.exec_params("SELECT sync_id::text, state, count(*) FROM " + m_rows +
                                " WHERE sync_id = ANY($1::uuid[]) GROUP BY sync_id, state",
                            ids)) {
            auto& c = out[row[0].as<std::string>()];
            const auto n = row[2].as<std::uint64_t>();
            switch (parseRejectedState(row[1].as<std::string>()).value_or(RejectedState::Open)) {
                case RejectedState::Open:
                    c.open += n;
                    break;
                case RejectedState::Dismissed:
                    c.dismissed += n;
                    break;
                case RejectedState::Resubmitted:
                    c.resubmitted += n;
                    break;
            }
        }
    });
    return out;
}

std::uint64_t RejectedReview::openTotal() {
    return m_db.transact([&](pqxx::work& tx) {
        // The syncs whose rows are live, and the syncs they correct (up the chain).
        return tx
            .exec1("WITH RECURSIVE chain(id) AS (SELECT sync_id FROM " +
                   qualifiedTable(m_schema, "live_batches") + " UNION SELECT l.corrects FROM " +
                   m_logs +
                   " l JOIN chain ON l.id = chain.id WHERE l.corrects IS NOT NULL)"
                   " SELECT count(*) FROM " +
                   m_rows + " WHERE state = 'open' AND sync_id IN (SELECT id FROM chain)")[0]
            .as<std::uint64_t>();
    });
}

std::map<std::uint64_t, std::vector<RowFinding>> RejectedReview::findings(
    std::string_view syncId, core::FileType fileType, const std::vector<std::uint64_t>& lines) {
    std::map<std::uint64_t, std::vector<RowFinding>> out;
    if (!isUuid(syncId) || lines.empty()) return out;
    m_db.transact([&](pqxx::work& tx) {
        for (const auto& row : tx.exec_params(
                 "SELECT line, field, error_type, message, raw_value FROM " + m_errors +
                     " WHERE sync_id = $1 AND file_type = $2 AND line = ANY($3::bigint[])"
                     " AND severity = 'error' ORDER BY line, seq",
                 std::string(syncId), text(fileType), bigintArray(lines)))
            out[row[0].as<std::uint64_t>()].push_back(
                {row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>(),
                 row[4].as<std::string>()});
    });
    return out;
}

std::map<std::uint64_t, ReviewedRow> RejectedReview::rowsAt(
    std::string_view syncId, core::FileType fileType, const std::vector<std::uint64_t>& lines) {
    std::map<std::uint64_t, ReviewedRow> out;
    if (!isUuid(syncId) || lines.empty()) return out;
    m_db.transact([&](pqxx::work& tx) {
        for (const auto& row :
             tx.exec_params("SELECT line, raw, reasons, state FROM " + m_rows +
                                " WHERE sync_id = $1 AND file_type = $2"
                                " AND line = ANY($3::bigint[]) ORDER BY line, id",
                            std::string(syncId), text(fileType), bigintArray(lines))) {
            ReviewedRow r;
            r.row.fileType = fileType;
            r.row.line = row[0].as<std::uint64_t>();
            r.row.raw = pqxx::binarystring(row[1]).str();
            r.row.reasons = row[2].as<std::string>();
            r.state = parseRejectedState(row[3].as<std::string>()).value_or(RejectedState::Open);
            out.emplace(r.row.line, std::move(r));
        }
    });
    return out;
}

std::uint64_t RejectedReview::dismiss(std::string_view syncId,
                                      std::optional<core::FileType> fileType,
                                      const std::optional<std::vector<std::uint64_t>>& lines,
                                      std::string_view actor, std::string_view reason) {
    if (!isUuid(syncId)) return 0;
    std::optional<std::string> file, lineArray;
    if (fileType) file = text(*fileType);
    if (lines) lineArray = bigintArray(*lines);
    return m_db.transact([&](pqxx::work& tx) {
        return static_cast<std::uint64_t>(
            tx.exec_params("UPDATE " + m_rows +
                               " SET state = 'dismissed', state_actor = $4, state_reason = $5,"
                               " state_at = now() WHERE sync_id = $1 AND state = 'open'"
                               " AND ($2::text IS NULL OR file_type = $2)"
                               " AND ($3::bigint[] IS NULL OR line = ANY($3::bigint[]))",
                           std::string(syncId), file, lineArray, std::string(actor),
                           std::string(reason))
                .affected_rows());
    });
}

void RejectedReview::stageCorrection(
    const CorrectionUpload& upload,
    const std::vector<std::pair<std::uint64_t, std::uint64_t>>& lines) {
    m_db.transact([&](pqxx::work& tx) {
        // Serializes resubmissions of one loan type with each other.
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                       m_schema + ":correction:" + std::string(core::toText(upload.loanType)));
        for (const auto& row :
             tx.exec_params("SELECT file_type, corrects::text FROM " + m_uploads +
                                " WHERE status = 'STAGED' AND corrects IS NOT NULL"
                                " AND loan_type = $1",
                            std::string(core::toText(upload.loanType)))) {
            if (row[0].as<std::string>() == text(upload.fileType))
                throw StoreError(StoreError::Kind::Conflict,
                                 "corrected " + text(upload.fileType) + " rows of sync " +
                                     row[1].as<std::string>() +
                                     " are already staged; run a sync first");
            if (row[1].as<std::string>() != upload.corrects)
                throw StoreError(StoreError::Kind::Conflict,
                                 "corrected rows of sync " + row[1].as<std::string>() +
                                     " are already staged for this loan type; run a sync first");
        }
        tx.exec_params(
            "INSERT INTO " + m_uploads +
                " (id, loan_type, file_type, original_name, path, size_bytes, stored_bytes,"
                " sha256, status, uploaded_by, corrects, period)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'STAGED', $9, $10,"
                " (SELECT period FROM " +
                m_logs + " WHERE id = $10::uuid))",
            upload.id, std::string(core::toText(upload.loanType)), text(upload.fileType),
            upload.originalName, upload.path, upload.sizeBytes, upload.storedBytes, upload.sha256,
            upload.uploadedBy, upload.corrects);
        pqxx::stream_to stream(tx, m_lines,
                               std::vector<std::string>{"upload_id", "line", "original_sync",
                                                        "file_type", "original_line"});
        for (const auto& [line, original] : lines)
            stream << std::make_tuple(upload.id, line, upload.corrects, text(upload.fileType),
                                      original);
        stream.complete();
    });
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> RejectedReview::correctionLines(
    std::string_view uploadId) {
    if (!isUuid(uploadId)) return {};
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
        for (const auto& row : tx.exec_params("SELECT line, original_line FROM " + m_lines +
                                                  " WHERE upload_id = $1 ORDER BY line",
                                              std::string(uploadId)))
            out.emplace_back(row[0].as<std::uint64_t>(), row[1].as<std::uint64_t>());
        return out;
    });
}

std::vector<CorrectionUpload> RejectedReview::stagedCorrections(core::LoanType loanType) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<CorrectionUpload> out;
        for (const auto& row : tx.exec_params(
                 "SELECT " + withLines(kCorrectionColumns, m_lines) + " FROM " + m_uploads +
                     " u WHERE status = 'STAGED' AND corrects IS NOT NULL"
                     " AND loan_type = $1 ORDER BY file_type",
                 std::string(core::toText(loanType))))
            out.push_back(toCorrection(row));
        return out;
    });
}

std::vector<CorrectionUpload> RejectedReview::supersededUnnoted(core::LoanType loanType) {
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<CorrectionUpload> out;
        for (const auto& row : tx.exec_params(
                 "SELECT " + withLines(kCorrectionColumns, m_lines) + " FROM " + m_uploads +
                     " u WHERE status = 'SUPERSEDED' AND corrects IS NOT NULL"
                     " AND sync_id IS NULL AND loan_type = $1 ORDER BY file_type",
                 std::string(core::toText(loanType))))
            out.push_back(toCorrection(row));
        return out;
    });
}

void RejectedReview::supersede(std::string_view uploadId, std::string_view bySyncId) {
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params("UPDATE " + m_uploads +
                           " SET status = 'SUPERSEDED', sync_id = $2 WHERE id = $1"
                           " AND corrects IS NOT NULL",
                       std::string(uploadId), std::string(bySyncId));
    });
}

void RejectedReview::setLinks(std::string_view syncId, const std::optional<std::string>& corrects,
                              std::string_view notes) {
    m_db.transact([&](pqxx::work& tx) {
        tx.exec_params(
            "UPDATE " + m_logs + " SET corrects = $2::uuid, correction_notes = $3 WHERE id = $1",
            std::string(syncId), corrects, std::string(notes));
    });
}

std::uint64_t RejectedReview::completeCorrection(pqxx::work& tx, const CorrectionUpload& upload,
                                                 std::string_view syncId, std::string_view actor,
                                                 const std::vector<std::uint64_t>& acceptedLines) {
    tx.exec_params("UPDATE " + m_uploads + " SET status = 'SYNCED', sync_id = $2 WHERE id = $1",
                   upload.id, std::string(syncId));
    // Accepted: the correction's lines the sync loaded (a rejected row past a cap of stored
    // rejected rows is still not accepted).
    return static_cast<std::uint64_t>(
        tx.exec_params("UPDATE " + m_rows +
                           " r SET state = 'resubmitted', correction_sync_id = $2,"
                           " state_actor = $3, state_reason = NULL, state_at = now()"
                           " FROM " +
                           m_lines +
                           " c"
                           " WHERE c.upload_id = $1 AND r.sync_id = c.original_sync"
                           " AND r.file_type = c.file_type AND r.line = c.original_line"
                           " AND r.state <> 'resubmitted' AND c.line = ANY($4::bigint[])",
                       upload.id, std::string(syncId), std::string(actor),
                       bigintArray(acceptedLines))
            .affected_rows());
}

CorrectionLinks RejectedReview::links(std::string_view syncId) {
    if (!isUuid(syncId)) return {};
    return links(std::vector<std::string>{std::string(syncId)})[std::string(syncId)];
}

std::map<std::string, CorrectionLinks> RejectedReview::links(
    const std::vector<std::string>& syncIds) {
    std::map<std::string, CorrectionLinks> out;
    const std::string ids = uuidArray(syncIds, out);
    if (out.empty()) return out;
    m_db.transact([&](pqxx::work& tx) {
        for (const auto& row :
             tx.exec_params("SELECT id::text, corrects::text, correction_notes FROM " + m_logs +
                                " WHERE id = ANY($1::uuid[])",
                            ids)) {
            auto& l = out[row[0].as<std::string>()];
            l.corrects = optionalText(row[1]);
            l.notes = row[2].as<std::string>();
        }
        for (const auto& row :
             tx.exec_params("SELECT corrects::text, id::text FROM " + m_logs +
                                " WHERE corrects = ANY($1::uuid[]) AND status = 'COMPLETED'"
                                " ORDER BY started_at",
                            ids))
            out[row[0].as<std::string>()].correctedBy.push_back(row[1].as<std::string>());
    });
    return out;
}

}  // namespace findata::agent
