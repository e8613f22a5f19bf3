#include "agent/store/rejectedrows.h"

#include "agent/util/ids.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

#include <array>
#include <tuple>

namespace findata::agent {

namespace {

// bytea in COPY text form: \x + hex digits (stream_to escapes the backslash itself).
std::string byteaHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0f]);
    }
    return out;
}

const std::array<std::string, 6> kWriteColumns = {"sync_id", "file_type", "line",
                                                  "raw",     "reasons",   "expires_at"};

}  // namespace

RejectedRowWriter::RejectedRowWriter(Database& db, std::string_view schema, std::string syncId,
                                     Timestamp expiresAt, std::size_t batchRows)
    : m_db(db),
      m_table(qualifiedTable(schema, "rejected_rows")),
      m_syncId(std::move(syncId)),
      m_expiresAtMicros(toMicros(expiresAt)),
      m_batches(batchRows, 2, [this](std::vector<Row>& rows) { write(rows); }) {
    if (!isUuid(m_syncId)) {
        throw StoreError(StoreError::Kind::Invalid, "not a sync id: '" + m_syncId + "'");
    }
}

RejectedRowWriter::~RejectedRowWriter() {
    if (const auto lost = m_batches.pending())
        logger("db")->warn("sync {}: {} rejected rows were never written", m_syncId, lost);
}

void RejectedRowWriter::add(core::FileType fileType, std::uint64_t line, std::string_view raw,
                            std::string_view reasons) {
    if (m_stored >= m_maxStored) {
        ++m_notStored;
        return;
    }
    ++m_stored;
    m_batches.add({fileType, line, std::string(raw), toValidUtf8(reasons)});
}

void RejectedRowWriter::write(std::vector<Row>& rows) {
    m_db.transact([&](pqxx::work& tx) {
        // COPY cannot evaluate expressions: send the expiry as a timestamptz literal.
        const std::string expiresAt =
            tx.exec_params1("SELECT " + timestampParamSql(1) + "::text", m_expiresAtMicros)[0]
                .as<std::string>();
        pqxx::stream_to stream(tx, m_table, kWriteColumns);
        for (const Row& row : rows) {
            stream << std::make_tuple(m_syncId, std::string(core::toText(row.fileType)), row.line,
                                      byteaHex(row.raw), row.reasons, expiresAt);
        }
        stream.complete();
    });
}

RejectedRowRepository::RejectedRowRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "rejected_rows")) {}

std::vector<RejectedRow> RejectedRowRepository::page(std::string_view syncId,
                                                     std::optional<core::FileType> fileType,
                                                     const std::optional<RejectedRowCursor>& cursor,
                                                     std::size_t limit) {
    if (!isUuid(syncId)) return {};
    std::optional<std::string> file;
    if (fileType) file = std::string(core::toText(*fileType));
    // Before the first row: below every file type name, line and id.
    const std::string afterFile = cursor ? std::string(core::toText(cursor->fileType)) : "";
    const std::int64_t afterLine = cursor ? static_cast<std::int64_t>(cursor->line) : -1;
    const std::int64_t afterId = cursor ? cursor->id : -1;
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<RejectedRow> rows;
        for (const auto& row :
             tx.exec_params("SELECT id, file_type, line, raw, reasons, " +
                                epochMicrosSql("expires_at") + " FROM " + m_table +
                                " WHERE sync_id = $1 AND ($2::text IS NULL OR file_type = $2)"
                                " AND (file_type, line, id) > ($3, $4, $5)"
                                " ORDER BY file_type, line, id LIMIT $6",
                            std::string(syncId), file, afterFile, afterLine, afterId,
                            static_cast<std::int64_t>(limit))) {
            RejectedRow r;
            r.id = row[0].as<std::int64_t>();
            const auto type = core::parseFileType(row[1].as<std::string>());
            if (!type) throw StoreError(StoreError::Kind::Internal, "stored file type unknown");
            r.fileType = *type;
            r.line = row[2].as<std::uint64_t>();
            const pqxx::binarystring raw(row[3]);
            r.raw = raw.str();
            r.reasons = row[4].as<std::string>();
            r.expiresAt = fromMicros(row[5].as<std::int64_t>());
            rows.push_back(std::move(r));
        }
        return rows;
    });
}

std::uint64_t RejectedRowRepository::count(std::string_view syncId,
                                           std::optional<core::FileType> fileType) {
    if (!isUuid(syncId)) return 0;
    std::optional<std::string> file;
    if (fileType) file = std::string(core::toText(*fileType));
    return m_db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1("SELECT count(*) FROM " + m_table +
                              " WHERE sync_id = $1 AND ($2::text IS NULL OR file_type = $2)",
                          std::string(syncId), file)[0]
            .as<std::uint64_t>();
    });
}

}  // namespace findata::agent
