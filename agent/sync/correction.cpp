// Corrections of rejected rows: staging them as a correction upload, and the merge of a
// correction sync's accepted rows into the live data (correction.h).

#include "agent/sync/correction.h"

#include <set>

#include "agent/store/auditlog.h"
#include "agent/store/tenants.h"
#include "agent/uploads/uploadstore.h"
#include "agent/util/csv.h"
#include "agent/util/ids.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/csvreader.h"

namespace findata::agent {

namespace {

constexpr std::size_t kMatchPageRows = 10000;

// The catalog's key field names of a file: loan number (+ installment number).
std::vector<std::string> keyFields(core::FileType file, const core::Catalog& catalog) {
    std::vector<std::string> out;
    const auto fields = catalog.fields(file);
    for (const auto index : catalog.withRole(file, core::FieldRole::Key))
        out.emplace_back(fields[index].name);
    return out;
}

std::string keyOf(const std::map<std::string, std::string>& fields,
                  const std::vector<std::string>& keys) {
    std::string key;
    for (const auto& name : keys) {
        const auto it = fields.find(name);
        key += (it == fields.end() ? std::string() : it->second);
        key += '\x1f';
    }
    return key;
}

std::string describeKey(const std::map<std::string, std::string>& fields,
                        const std::vector<std::string>& keys) {
    std::string out;
    for (const auto& name : keys) {
        const auto it = fields.find(name);
        if (!out.empty()) out += ", ";
        out += name + "=" + (it == fields.end() ? std::string() : it->second);
    }
    return out;
}

std::map<std::string, std::string> byName(const std::vector<std::string>& header,
                                          const std::vector<std::string>& values) {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < header.size(); ++i)
        out[header[i]] = i < values.size() ? values[i] : std::string();
    return out;
}

std::string rowLabel(std::size_t index, const CorrectedRow& row) {
    return "row " + std::to_string(index + 1) +
           (row.line ? " (line " + std::to_string(*row.line) + ")" : std::string());
}

}  // namespace

std::vector<std::string> splitRecord(std::string_view record, char delimiter) {
    core::CsvReader reader(delimiter);
    std::vector<std::string> out;
    bool seen = false;
    const auto sink = [&](const core::CsvRecord& r) {
        if (seen) return;
        seen = true;
        for (const auto field : r.fields)
            out.emplace_back(field);
    };
    reader.feed(record, sink);
    reader.feed("\n", sink);
    reader.finish(sink);
    return out;
}

std::vector<CorrectedRow> parseCorrectionCsv(std::string_view body) {
    core::CsvReader reader;
    std::vector<std::string> header;
    std::vector<CorrectedRow> rows;
    std::optional<std::size_t> lineColumn;
    const auto sink = [&](const core::CsvRecord& r) {
        if (!r.error.empty())
            throw CorrectionRefused("line " + std::to_string(r.line) +
                                    " of the CSV: " + std::string(r.error));
        if (header.empty()) {
            std::set<std::string> seen;
            for (const auto field : r.fields) {
                if (!seen.insert(std::string(field)).second)
                    throw CorrectionRefused("the CSV header names " + std::string(field) +
                                            " twice");
                if (field == "line") lineColumn = header.size();
                header.emplace_back(field);
            }
            return;
        }
        CorrectedRow row;
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string value = i < r.fields.size() ? std::string(r.fields[i]) : "";
            if (lineColumn && i == *lineColumn) {
                if (value.empty()) continue;
                try {
                    std::size_t used = 0;
                    row.line = std::stoull(value, &used);
                    if (used != value.size()) throw std::invalid_argument(value);
                } catch (const std::exception&) {
                    throw CorrectionRefused("line " + std::to_string(r.line) +
                                            " of the CSV: line '" + value + "' is not a number");
                }
                continue;
            }
            row.fields[header[i]] = value;
        }
        rows.push_back(std::move(row));
    };
    reader.feed(body, sink);
    reader.finish(sink);
    if (header.empty()) throw CorrectionRefused("the CSV is empty: it needs the file's header");
    return rows;
}

CorrectionUpload stageCorrection(Database& db, UploadStore& store, const Tenant& tenant,
                                 const SyncLog& original, core::FileType fileType,
                                 const std::optional<std::string>& originalHeader,
                                 const std::vector<CorrectedRow>& rows, const std::string& actor,
                                 const core::Catalog& catalog) {
    if (rows.empty()) throw CorrectionRefused("no corrected rows were given");
    // The columns and delimiter of the original file (its header, else the catalog's order).
    char delimiter = ';';
    std::vector<std::string> header;
    std::string headerText;
    if (originalHeader) {
        headerText = *originalHeader;
        while (!headerText.empty() && (headerText.back() == '\n' || headerText.back() == '\r'))
            headerText.pop_back();
        delimiter = core::detectDelimiter(headerText);
        header = splitRecord(headerText, delimiter);
    } else {
        for (const auto& field : catalog.fields(fileType))
            header.emplace_back(field.name);
        for (const auto& name : header)
            headerText += (headerText.empty() ? "" : ";") + name;
    }
    const std::set<std::string> columns(header.begin(), header.end());
    const auto keys = keyFields(fileType, catalog);

    RejectedReview review(db, tenant.schema);
    // The rejected rows named by line; for rows without one, the open rows by key.
    std::vector<std::uint64_t> lines;
    bool needKeys = false;
    for (const auto& row : rows) {
        if (row.line)
            lines.push_back(*row.line);
        else
            needKeys = true;
    }
    auto named = review.rowsAt(original.id, fileType, lines);
    std::map<std::string, std::uint64_t> openByKey;
    if (needKeys) {
        RejectedPageQuery query;
        query.fileType = fileType;
        query.state = RejectedState::Open;
        query.limit = kMatchPageRows;
        for (;;) {
            const auto page = review.page(original.id, query);
            for (const auto& r : page)
                openByKey.emplace(keyOf(byName(header, splitRecord(r.row.raw, delimiter)), keys),
                                  r.row.line);
            if (page.size() < kMatchPageRows) break;
            query.after = RejectedRowCursor{page.back().row.fileType, page.back().row.line,
                                            page.back().row.id};
        }
    }

    std::string csv = headerText + "\n";
    std::uint64_t physicalLine = 2;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> mapping;
    std::set<std::uint64_t> used;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        for (const auto& [name, value] : row.fields)
            if (!columns.count(name))
                throw CorrectionRefused(rowLabel(i, row) + ": " + name +
                                        " is not a column of the " +
                                        std::string(core::toText(fileType)) + " file");
        std::map<std::string, std::string> values;
        std::uint64_t originalLine = 0;
        if (row.line) {
            const auto it = named.find(*row.line);
            if (it == named.end())
                throw CorrectionRefused(rowLabel(i, row) + ": sync " + original.id + " has no " +
                                        "rejected " + std::string(core::toText(fileType)) +
                                        " row at line " + std::to_string(*row.line));
            if (it->second.state == RejectedState::Resubmitted)
                throw CorrectionRefused(rowLabel(i, row) + ": its correction was accepted already");
            values = byName(header, splitRecord(it->second.row.raw, delimiter));
            originalLine = *row.line;
        }
        for (const auto& [name, value] : row.fields)
            values[name] = value;
        if (!row.line) {
            const auto it = openByKey.find(keyOf(values, keys));
            if (it == openByKey.end())
                throw CorrectionRefused(rowLabel(i, row) + ": no open rejected row of sync " +
                                        original.id + " has " + describeKey(values, keys) +
                                        "; give the line of the row it corrects");
            originalLine = it->second;
        }
        if (!used.insert(originalLine).second)
            throw CorrectionRefused(rowLabel(i, row) + ": line " + std::to_string(originalLine) +
                                    " is corrected twice");
        std::string record;
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (c > 0) record += delimiter;
            record += csvField(values[header[c]], delimiter, CsvCells::Raw);
        }
        mapping.emplace_back(physicalLine, originalLine);
        for (const char ch : record)
            physicalLine += ch == '\n' ? 1 : 0;
        ++physicalLine;
        csv += record + "\n";
    }

    CorrectionUpload upload;
    upload.id = newUuid();
    upload.loanType = original.loanType;
    upload.fileType = fileType;
    upload.corrects = original.id;
    upload.originalName =
        "corrections-" + original.id + "-" + std::string(core::toText(fileType)) + ".csv";
    upload.uploadedBy = actor;
    upload.rows = rows.size();
    auto writer =
        store.begin(tenant.id, core::toText(original.loanType), core::toText(fileType), upload.id);
    writer->write(csv);
    const StagedFile file = writer->commit();
    upload.path = file.path.string();
    upload.sizeBytes = file.sizeBytes;
    upload.storedBytes = file.storedBytes;
    upload.sha256 = file.sha256;
    upload.status = "STAGED";
    try {
        review.stageCorrection(upload, mapping);
    } catch (...) {
        store.remove(file.path);
        throw;
    }
    AuditLog(db, tenant.schema)
        .record(actor, "rejected.resubmitted",
                {{"sync_id", original.id},
                 {"upload_id", upload.id},
                 {"loan_type", core::toText(original.loanType)},
                 {"file_type", core::toText(fileType)},
                 {"rows", rows.size()}});
    return upload;
}

Upload asUpload(const CorrectionUpload& c) {
    Upload u;
    u.id = c.id;
    u.loanType = c.loanType;
    u.fileType = c.fileType;
    u.originalName = c.originalName;
    u.path = c.path;
    u.sizeBytes = c.sizeBytes;
    u.storedBytes = c.storedBytes;
    u.sha256 = c.sha256;
    u.uploadedBy = c.uploadedBy;
    return u;
}

void addStagedCorrections(Database& db, std::string_view schema, core::LoanType loanType,
                          std::optional<Upload>& credit, std::optional<Upload>& payment) {
    if (credit || payment) return;
    for (const auto& c : RejectedReview(db, schema).stagedCorrections(loanType))
        (c.fileType == core::FileType::Credit ? credit : payment) = asUpload(c);
}

std::uint64_t mergeLiveRows(Warehouse& warehouse, std::string_view database, core::FileType file,
                            core::LoanType loanType, std::string_view liveBatch,
                            std::string_view newBatch, std::uint32_t loadedAt,
                            std::string_view syncKey, const core::Catalog& catalog) {
    auto& client = warehouse.client();
    const std::string fact = sqlTable(database, factTable(file));
    const std::string staging = sqlTable(database, stagingTable(file, syncKey));
    // Every column of the fact table (also ones other features add), the batch and load time
    // replaced by this sync's.
    // (DESCRIBE keeps the table's order; 18.16's system.columns has no position.)
    const auto columns = parseTsv(client.query("DESCRIBE TABLE " + fact + " FORMAT TabSeparated"));
    std::string names, values;
    for (const auto& row : columns) {
        if (row.empty()) continue;
        const std::string& name = row[0];
        if (!names.empty()) {
            names += ", ";
            values += ", ";
        }
        names += sqlIdentifier(name);
        if (name == kBatchIdColumn)
            values += sqlString(newBatch);
        else if (name == kLoadedAtColumn)
            values += "toDateTime(" + std::to_string(loadedAt) + ")";
        else
            values += sqlIdentifier(name);
    }
    std::string key;
    for (const auto& name : keyFields(file, catalog))
        key += (key.empty() ? "" : ", ") + sqlIdentifier(name);
    const std::string keyTuple = "(" + key + ")";
    const auto before = warehouse.stagingRowCount(database, file, syncKey);
    client.execute("INSERT INTO " + staging + " (" + names + ") SELECT " + values + " FROM " +
                   fact + " WHERE " + sqlIdentifier(kLoanTypeColumn) + " = " +
                   sqlString(core::toText(loanType)) + " AND " + sqlIdentifier(kBatchIdColumn) +
                   " = " + sqlString(liveBatch) + " AND " + keyTuple + " NOT IN (SELECT " + key +
                   " FROM " + staging + ")");
    return warehouse.stagingRowCount(database, file, syncKey) - before;
}

void addStagedLoans(Warehouse& warehouse, std::string_view database, std::string_view syncKey,
                    core::LoanSet& out) {
    const std::string sql = "SELECT loan_account_number FROM " +
                            sqlTable(database, stagingTable(core::FileType::Credit, syncKey)) +
                            " FORMAT TabSeparated";
    LineSplitter lines;
    const auto onLine = [&](std::string_view line) { out.addLive(unescapeTsv(line)); };
    warehouse.client().queryStream(sql, [&](std::string_view chunk) {
        lines.feed(chunk, onLine);
        return true;
    });
    lines.finish(onLine);
}

}  // namespace findata::agent
