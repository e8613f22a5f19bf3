#include "agent/store/validationerrors.h"

#include "agent/util/ids.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

#include "agent/util/logging.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <tuple>

namespace findata::agent {

namespace {

constexpr std::array<core::ErrorType, 12> kErrorTypes = {
    core::ErrorType::Required,       core::ErrorType::Type,        core::ErrorType::Range,
    core::ErrorType::Format,         core::ErrorType::Value,       core::ErrorType::Duplicate,
    core::ErrorType::CrossReference, core::ErrorType::Consistency, core::ErrorType::MissingColumn,
    core::ErrorType::UnknownColumn,  core::ErrorType::RollForward, core::ErrorType::Drift};

std::optional<core::ErrorType> parseErrorType(std::string_view text) {
    for (const auto type : kErrorTypes) {
        if (core::toText(type) == text) return type;
    }
    return std::nullopt;
}

std::optional<core::Severity> parseSeverity(std::string_view text) {
    for (const auto severity : {core::Severity::Error, core::Severity::Warning}) {
        if (core::toText(severity) == text) return severity;
    }
    return std::nullopt;
}

template <typename T>
T storedOr(std::optional<T> value, std::string_view what) {
    if (!value)
        throw StoreError(StoreError::Kind::Internal, "stored " + std::string(what) + " is unknown");
    return *value;
}

// The filter as four nullable text parameters $2..$5 (see kFilterSql).
struct FilterParams {
    std::optional<std::string> fileType, field, type, severity;
    explicit FilterParams(const ValidationErrorFilter& f) {
        if (f.fileType) fileType = std::string(core::toText(*f.fileType));
        field = f.field;
        if (f.type) type = std::string(core::toText(*f.type));
        if (f.severity) severity = std::string(core::toText(*f.severity));
    }
};

constexpr const char* kFilterSql =
    " WHERE sync_id = $1 AND ($2::text IS NULL OR file_type = $2)"
    " AND ($3::text IS NULL OR field = $3) AND ($4::text IS NULL OR error_type = $4)"
    " AND ($5::text IS NULL OR severity = $5)";

const std::array<std::string, 9> kWriteColumns = {"sync_id",  "seq",     "file_type",
                                                  "line",     "field",   "error_type",
                                                  "severity", "message", "raw_value"};

}  // namespace

ValidationErrorWriter::ValidationErrorWriter(Database& db, std::string_view schema,
                                             std::string syncId, std::size_t batchRows)
    : m_db(db),
      m_table(qualifiedTable(schema, "validation_errors")),
      m_syncLogs(qualifiedTable(schema, "sync_logs")),
      m_syncId(std::move(syncId)),
      m_batches(batchRows, 2, [this](std::vector<Row>& rows) { write(rows); }) {
    if (!isUuid(m_syncId)) {
        throw StoreError(StoreError::Kind::Invalid, "not a sync id: '" + m_syncId + "'");
    }
}

ValidationErrorWriter::~ValidationErrorWriter() {
    if (const auto lost = m_batches.pending())
        logger("db")->warn("sync {}: {} validation errors were never written", m_syncId, lost);
}

void ValidationErrorWriter::add(core::FileType fileType, const core::Finding& finding) {
    if (static_cast<std::uint64_t>(m_nextSeq) >= m_maxStored) {
        ++m_notStored;
        ++m_overflow[OverflowKey{fileType, finding.field, finding.type, finding.severity}];
        return;
    }
    m_batches.add({m_nextSeq++, fileType, finding});
}

nlohmann::json ValidationErrorWriter::overflow() const {
    std::vector<std::pair<const OverflowKey*, std::uint64_t>> groups;
    for (const auto& [key, count] : m_overflow)
        groups.emplace_back(&key, count);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, count] : groups) {
        const auto& [fileType, field, type, severity] = *key;
        out.push_back({{"file_type", core::toText(fileType)},
                       {"field", toValidUtf8(field)},
                       {"error_type", core::toText(type)},
                       {"severity", core::toText(severity)},
                       {"count", count}});
    }
    return out;
}

void ValidationErrorWriter::write(std::vector<Row>& rows) {
    m_db.transact([&](pqxx::work& tx) {
        // What the foreign key checked per row (tenant migration 12): the sync exists, and it
        // cannot be deleted before this batch commits.
        if (tx.exec_params("SELECT 1 FROM " + m_syncLogs + " WHERE id = $1 FOR KEY SHARE", m_syncId)
                .empty())
            throw StoreError(StoreError::Kind::Invalid,
                             "no sync log " + m_syncId + " in " + m_syncLogs +
                                 ": its validation errors cannot be stored");
        // COPY measured faster than multi-row INSERTs of 5,000 rows (1.3–1.9 s against
        // 2.0–3.1 s for 100,000 findings here).
        pqxx::stream_to stream(tx, m_table, kWriteColumns);
        for (const Row& row : rows) {
            stream << std::make_tuple(
                m_syncId, row.seq, std::string(core::toText(row.fileType)), row.finding.line,
                toValidUtf8(row.finding.field), std::string(core::toText(row.finding.type)),
                std::string(core::toText(row.finding.severity)), toValidUtf8(row.finding.message),
                toValidUtf8(row.finding.value));
        }
        stream.complete();
    });
}

ValidationErrorRepository::ValidationErrorRepository(Database& db, std::string_view schema)
    : m_db(db), m_table(qualifiedTable(schema, "validation_errors")) {}

namespace {

std::vector<ValidationErrorRecord> toRecords(const pqxx::result& result) {
    std::vector<ValidationErrorRecord> records;
    records.reserve(result.size());
    for (const auto& row : result) {
        ValidationErrorRecord r;
        r.id = row[0].as<std::int64_t>();
        r.fileType = storedOr(core::parseFileType(row[1].as<std::string>()), "file type");
        r.line = row[2].as<std::uint64_t>();
        r.field = row[3].as<std::string>();
        r.type = storedOr(parseErrorType(row[4].as<std::string>()), "error type");
        r.severity = storedOr(parseSeverity(row[5].as<std::string>()), "severity");
        r.message = row[6].as<std::string>();
        r.rawValue = row[7].as<std::string>();
        records.push_back(std::move(r));
    }
    return records;
}

constexpr const char* kRecordColumns =
    "SELECT seq, file_type, line, field, error_type, severity, message, raw_value FROM ";

bool unfiltered(const ValidationErrorFilter& f) {
    return !f.fileType && !f.field && !f.type && !f.severity;
}

}  // namespace

std::vector<ValidationErrorRecord> ValidationErrorRepository::page(
    std::string_view syncId, const ValidationErrorFilter& filter, std::size_t offset,
    std::size_t limit) {
    if (!isUuid(syncId)) return {};
    // The sequence numbers of a sync are 0, 1, 2, … (a cap stops them, never skips one), so an
    // unfiltered page starts at id = offset: an index seek instead of reading `offset` rows.
    if (unfiltered(filter))
        return after(syncId, filter, static_cast<std::int64_t>(offset) - 1, limit);
    const FilterParams p(filter);
    return m_db.transact([&](pqxx::work& tx) {
        return toRecords(tx.exec_params(
            kRecordColumns + m_table + kFilterSql + " ORDER BY seq LIMIT $6 OFFSET $7",
            std::string(syncId), p.fileType, p.field, p.type, p.severity,
            static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)));
    });
}

std::vector<ValidationErrorRecord> ValidationErrorRepository::after(
    std::string_view syncId, const ValidationErrorFilter& filter, std::int64_t afterId,
    std::size_t limit) {
    if (!isUuid(syncId)) return {};
    const FilterParams p(filter);
    return m_db.transact([&](pqxx::work& tx) {
        return toRecords(tx.exec_params(
            kRecordColumns + m_table + kFilterSql + " AND seq > $6 ORDER BY seq LIMIT $7",
            std::string(syncId), p.fileType, p.field, p.type, p.severity, afterId,
            static_cast<std::int64_t>(limit)));
    });
}

std::uint64_t ValidationErrorRepository::count(std::string_view syncId,
                                               const ValidationErrorFilter& filter) {
    if (!isUuid(syncId)) return 0;
    const FilterParams p(filter);
    return m_db.transact([&](pqxx::work& tx) {
        return tx
            .exec_params1("SELECT count(*) FROM " + m_table + kFilterSql, std::string(syncId),
                          p.fileType, p.field, p.type, p.severity)[0]
            .as<std::uint64_t>();
    });
}

std::vector<ValidationErrorGroup> ValidationErrorRepository::groups(
    std::string_view syncId, std::optional<core::FileType> fileType) {
    if (!isUuid(syncId)) return {};
    std::optional<std::string> file;
    if (fileType) file = std::string(core::toText(*fileType));
    return m_db.transact([&](pqxx::work& tx) {
        std::vector<ValidationErrorGroup> groups;
        for (const auto& row : tx.exec_params(
                 "SELECT file_type, field, error_type, severity, count(*), min(seq) FROM " +
                     m_table +
                     " WHERE sync_id = $1 AND ($2::text IS NULL OR file_type = $2)"
                     " GROUP BY file_type, field, error_type, severity"
                     " ORDER BY count(*) DESC, file_type, field, error_type, severity",
                 std::string(syncId), file)) {
            ValidationErrorGroup g;
            g.fileType = storedOr(core::parseFileType(row[0].as<std::string>()), "file type");
            g.field = row[1].as<std::string>();
            g.type = storedOr(parseErrorType(row[2].as<std::string>()), "error type");
            g.severity = storedOr(parseSeverity(row[3].as<std::string>()), "severity");
            g.count = row[4].as<std::uint64_t>();
            g.firstSeq = row[5].as<std::int64_t>();
            groups.push_back(std::move(g));
        }
        return groups;
    });
}

}  // namespace findata::agent

namespace findata::agent {

namespace {

// 25042 → "25,042".
std::string grouped(std::uint64_t n) {
    auto digits = std::to_string(n);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), 1, ',');
    return digits;
}

bool isFileLevel(std::uint64_t fired, std::uint64_t rows) {
    // Integers only: fired / rows >= kFileLevelPercent / 100.
    return rows > 0 && fired * 100 >= rows * kFileLevelPercent;
}

}  // namespace

void summariseGroups(std::vector<ValidationErrorGroup>& groups, const FileRows& rows,
                     const nlohmann::json& overflow) {
    if (overflow.is_array()) {
        for (const auto& item : overflow) {
            if (!item.is_object()) continue;
            const auto fileType = core::parseFileType(item.value("file_type", ""));
            const auto type = parseErrorType(item.value("error_type", ""));
            const auto severity = parseSeverity(item.value("severity", ""));
            if (!fileType || !type || !severity) continue;
            const auto field = item.value("field", "");
            const auto count = item.value("count", std::uint64_t{0});
            auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) {
                return g.fileType == *fileType && g.field == field && g.type == *type &&
                       g.severity == *severity;
            });
            if (it == groups.end()) {
                ValidationErrorGroup g;
                g.fileType = *fileType;
                g.field = field;
                g.type = *type;
                g.severity = *severity;
                groups.push_back(std::move(g));
                it = std::prev(groups.end());
            }
            it->notStored += count;
        }
    }
    for (auto& g : groups) {
        g.fileRows = rows.of(g.fileType);
        g.fileLevel = isFileLevel(g.fired(), g.fileRows);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        const bool aError = a.severity == core::Severity::Error;
        const bool bError = b.severity == core::Severity::Error;
        if (aError != bError) return aError;
        if (a.fileLevel != b.fileLevel) return a.fileLevel;
        if (a.fileLevel) {
            // The larger share first: a/rowsA > b/rowsB without division.
            const auto left = a.fired() * b.fileRows, right = b.fired() * a.fileRows;
            if (left != right) return left > right;
        }
        if (a.fired() != b.fired()) return a.fired() > b.fired();
        return std::tie(a.fileType, a.field, a.type) < std::tie(b.fileType, b.field, b.type);
    });
}

std::string sharePercentText(std::uint64_t fired, std::uint64_t rows) {
    if (rows == 0) return {};
    // Tenths of a percent, rounded half up, then kept off 100.0 and 0.0 when not exact.
    auto tenths = (fired * 2000 + rows) / (rows * 2);
    if (fired < rows && tenths >= 1000) tenths = 999;
    if (fired > 0 && tenths == 0) tenths = 1;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string fileLevelSummary(const ValidationErrorGroup& group, std::uint64_t exampleLine,
                             std::string_view exampleMessage) {
    const std::string file =
        group.fileType == core::FileType::Credit ? "the credit file" : "the payment plan";
    std::string text =
        (group.field.empty() ? std::string("(file)") : group.field) + ": " +
        std::string(core::toText(group.type)) + " " + std::string(core::toText(group.severity)) +
        " on " + sharePercentText(group.fired(), group.fileRows) + " % of the rows of " + file +
        " (" + grouped(group.fired()) + " of " + grouped(group.fileRows) + ")";
    if (!exampleMessage.empty())
        text += ", e.g. line " + std::to_string(exampleLine) + ": " + std::string(exampleMessage);
    return text;
}

std::vector<ValidationErrorRecord> ValidationErrorRepository::firstOfGroup(
    std::string_view syncId, const ValidationErrorGroup& group, std::size_t limit) {
    if (!isUuid(syncId) || limit == 0 || group.count == 0) return {};
    const std::string file(core::toText(group.fileType)), type(core::toText(group.type)),
        severity(core::toText(group.severity));
    const auto limitParam = static_cast<std::int64_t>(limit);
    if (group.count < kDenseGroup || group.firstSeq < 0) {
        return m_db.transact([&](pqxx::work& tx) {
            return toRecords(tx.exec_params(
                kRecordColumns + m_table +
                    " WHERE sync_id = $1 AND file_type = $2 AND field = $3 AND error_type = $4"
                    " AND severity = $5 ORDER BY seq LIMIT $6",
                std::string(syncId), file, group.field, type, severity, limitParam));
        });
    }
    // Dense: windows of ids along the primary key from the first finding, growing eightfold (a
    // bounded id range keeps the planner on the key, whatever its estimates for the group).
    return m_db.transact([&](pqxx::work& tx) {
        const auto last =
            tx.exec_params1("SELECT coalesce(max(seq), -1) FROM " + m_table + " WHERE sync_id = $1",
                            std::string(syncId))[0]
                .as<std::int64_t>();
        std::vector<ValidationErrorRecord> out;
        std::int64_t from = group.firstSeq;
        for (std::int64_t span = 2048; out.size() < limit && from <= last; span *= 8) {
            auto rows = toRecords(tx.exec_params(
                kRecordColumns + m_table +
                    " WHERE sync_id = $1 AND seq >= $7 AND seq < $8 AND file_type = $2"
                    " AND field = $3 AND error_type = $4 AND severity = $5 ORDER BY seq LIMIT $6",
                std::string(syncId), file, group.field, type, severity,
                static_cast<std::int64_t>(limit - out.size()), from, from + span));
            std::move(rows.begin(), rows.end(), std::back_inserter(out));
            from += span;
        }
        return out;
    });
}

std::vector<ValidationErrorGroup> summarisedGroups(ValidationErrorRepository& repository,
                                                   const SyncLog& log,
                                                   std::optional<core::FileType> fileType) {
    auto groups = repository.groups(log.id, fileType);
    nlohmann::json overflow = nlohmann::json::array();
    for (const auto& item : log.findingsOverflow)
        if (!fileType || item.value("file_type", "") == core::toText(*fileType))
            overflow.push_back(item);
    summariseGroups(groups, FileRows{log.credit.rowsRead, log.payment.rowsRead}, overflow);
    return groups;
}

std::string fileLevelSummaryOf(ValidationErrorRepository& repository, const std::string& syncId,
                               const ValidationErrorGroup& group) {
    if (!group.fileLevel) return {};
    const auto first = repository.firstOfGroup(syncId, group, 1);
    return first.empty() ? fileLevelSummary(group, 0, {})
                         : fileLevelSummary(group, first.front().line, first.front().message);
}

}  // namespace findata::agent
