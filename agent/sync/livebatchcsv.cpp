// A live batch replayed as the CSV file it stands for (livebatchcsv.h).

#include "agent/sync/livebatchcsv.h"

#include <optional>

#include "agent/sync/controltotals.h"
#include "agent/sync/correction.h"
#include "agent/util/csv.h"
#include "agent/warehouse/clickhouseclient.h"
#include "agent/warehouse/rowbinary.h"
#include "agent/warehouse/sql.h"
#include "agent/warehouse/warehouse.h"
#include "core/csvreader.h"
#include "core/decimal.h"
#include "core/stringset.h"
#include "core/text.h"

namespace findata::agent {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

// The text the validator reads back to the stored value of a code: the value itself when it is
// an input code of its set, else the one-letter code that maps to it ("VIP" is entered "V").
std::string inputCode(core::CodeSet set, const std::string& canonical) {
    if (core::canonicalCode(set, canonical) == canonical) return canonical;
    for (char letter = 'A'; letter <= 'Z'; ++letter) {
        const std::string code(1, letter);
        if (core::canonicalCode(set, code) == canonical) return code;
    }
    return canonical;  // no code maps to it: the re-check says so, naming the value
}

// Appends one warehouse value (TabSeparated text) as the CSV field the validator reads back to
// it: numbers and dates as ClickHouse writes them, text unescaped and quoted when needed.
void appendField(std::string& out, const core::FieldSpec& field, std::string_view tsv,
                 char delimiter) {
    if (tsv == "\\N") return;
    switch (field.type) {
        case core::FieldType::Rate:
            // A fraction above 1 written plainly would be read as a percent: write every rate as
            // one ("0.125000" → "12.5000%"), which is exact.
            if (const auto units = parseTotal(tsv, core::scaleOf(field.type))) {
                out += totalText(*units, core::scaleOf(field.type) - 2);
                out += '%';
                return;
            }
            break;
        case core::FieldType::Code:
            out += csvField(inputCode(field.codes, unescapeTsv(tsv)), delimiter, CsvCells::Raw);
            return;
        case core::FieldType::Text: {
            const bool plain =
                tsv.find_first_of(std::string{'\\', '"', delimiter}) == std::string_view::npos &&
                !tsv.empty();
            if (plain)
                out += tsv;
            else
                out += csvField(unescapeTsv(tsv), delimiter, CsvCells::Raw);
            return;
        }
        case core::FieldType::Integer:
        case core::FieldType::Amount:
        case core::FieldType::Fraction:
        case core::FieldType::Date:
        case core::FieldType::Flag:
            break;
    }
    out += tsv;  // digits, a decimal point, a date as YYYY-MM-DD
}

// The keys of a batch's rows, for "is this delivered row's key one of the batch's?". A key is
// its fields' texts (the integer of a key as its decimal digits) joined by 0x1F. Ending in an
// integer (a plan's loan and installment number), the rest of the key is kept once (a loan's
// ~40 bytes) and the numbers as bits (InstallmentSet): memory follows the loans, not the rows.
class BatchKeys final {
public:
    explicit BatchKeys(bool endsInInteger) : m_endsInInteger(endsInInteger) {}

    /// `head`: the key's text up to the last field; `last`: the last field's text.
    void insert(std::string_view head, std::string_view last) {
        if (const auto number = canonicalInteger(last))
            m_numbers.insert(m_heads.emplace(head).first, *number);
        else
            m_others.insert(std::string(head) + std::string(last) + '\x1f');
    }
    bool contains(std::string_view head, std::string_view last) const {
        if (const auto number = canonicalInteger(last)) {
            const auto index = m_heads.find(head);
            return index != core::StringSet::npos && m_numbers.contains(index, *number);
        }
        return m_others.contains(std::string(head) + std::string(last) + '\x1f');
    }

private:
    bool m_endsInInteger;
    core::StringSet m_heads;
    core::InstallmentSet m_numbers;
    core::StringSet m_others;  // keys not ending in a number written as to_string writes it

    // The number a text is the decimal form of (as std::to_string writes it), if any.
    std::optional<std::int64_t> canonicalInteger(std::string_view text) const {
        if (!m_endsInInteger) return std::nullopt;
        const auto number = core::parseInteger(text);
        if (!number.ok() || std::to_string(number.value) != text) return std::nullopt;
        return number.value;
    }
};

}  // namespace

ReplayCounts replayBatchAsCsv(ClickHouseClient& client, std::string_view database,
                              core::FileType file, core::LoanType loanType,
                              std::string_view batchId, const std::optional<std::string>& header,
                              const std::vector<core::HeaderAlias>& aliases,
                              const core::Catalog& catalog, SourceLines& lines,
                              const std::function<void(std::string_view)>& feed,
                              const FileReader* delivered) {
    const auto fields = catalog.fields(file);
    // The layout: the delivered header's columns, else the catalog's for the loan type.
    std::string headerText;
    char delimiter = ';';
    std::vector<int> columnField;  // CSV column → catalog field, -1: written empty
    if (header) {
        headerText = *header;
        while (!headerText.empty() && (headerText.back() == '\n' || headerText.back() == '\r'))
            headerText.pop_back();
        delimiter = core::detectDelimiter(headerText);
        for (const auto& column : splitRecord(headerText, delimiter)) {
            std::string_view name = core::trimBlanks(column);
            if (name.starts_with("\xEF\xBB\xBF")) name.remove_prefix(3);  // a BOM
            int index = -1;
            for (const auto& alias : aliases)
                if (core::equalsIgnoreCase(core::trimBlanks(alias.column), name))
                    if (const auto found = catalog.find(file, alias.field))
                        index = static_cast<int>(*found);
            if (index < 0)
                for (std::size_t i = 0; i < fields.size(); ++i)
                    if (core::equalsIgnoreCase(fields[i].name, name)) index = static_cast<int>(i);
            if (index >= 0 && !core::appliesTo(fields[static_cast<std::size_t>(index)], loanType))
                index = -1;
            columnField.push_back(index);
        }
    } else {
        for (const auto index : catalog.fileColumns(file, loanType)) {
            headerText += (headerText.empty() ? "" : ";") + std::string(fields[index].name);
            columnField.push_back(static_cast<int>(index));
        }
    }

    // The catalog's columns (in catalog order) and the row's source line last.
    std::string select;
    for (const auto& f : fields)
        select += sqlIdentifier(f.name) + ", ";
    select += sqlIdentifier(kSourceLineColumn);
    const std::string sql =
        "SELECT " + select + " FROM " + sqlTable(database, factTable(file)) + " WHERE " +
        sqlIdentifier(kLoanTypeColumn) + " = " + sqlString(core::toText(loanType)) + " AND " +
        sqlIdentifier(kBatchIdColumn) + " = " + sqlString(batchId) + " FORMAT TabSeparated";

    std::string chunk = headerText + "\n";
    std::uint64_t csvLine = 2;  // the header is line 1
    std::uint64_t rows = 0;
    std::vector<std::string_view> values;
    std::string record;
    const auto keyFields = catalog.withRole(file, core::FieldRole::Key);
    BatchKeys batchKeys(keyFields.size() > 1 &&
                        fields[keyFields.back()].type == core::FieldType::Integer);
    std::string key;
    const auto onRow = [&](std::string_view line) {
        values.clear();
        while (true) {
            const auto tab = line.find('\t');
            values.push_back(line.substr(0, tab));
            if (tab == std::string_view::npos) break;
            line.remove_prefix(tab + 1);
        }
        if (values.size() != fields.size() + 1)
            throw WarehouseError("batch " + std::string(batchId) + " of " +
                                 std::string(factTable(file)) + ": a row has " +
                                 std::to_string(values.size()) + " columns, expected " +
                                 std::to_string(fields.size() + 1));
        record.clear();
        for (std::size_t c = 0; c < columnField.size(); ++c) {
            if (c > 0) record += delimiter;
            if (columnField[c] >= 0) {
                const auto index = static_cast<std::size_t>(columnField[c]);
                appendField(record, fields[index], values[index], delimiter);
            }
        }
        std::uint64_t sourceLine = 0;
        for (const char d : values.back())
            sourceLine = sourceLine * 10 + static_cast<std::uint64_t>(d - '0');
        if (sourceLine > 0) lines.add(csvLine, sourceLine);
        if (delivered) {
            key.clear();
            std::string last;
            for (std::size_t k = 0; k < keyFields.size(); ++k) {
                const auto v = values[keyFields[k]];
                std::string& to = k + 1 < keyFields.size() ? key : last;
                if (v.find('\\') == std::string_view::npos)
                    to += v;
                else
                    to += unescapeTsv(v);
                if (k + 1 < keyFields.size()) key += '\x1f';
            }
            batchKeys.insert(key, last);
        }
        for (const char ch : record)
            csvLine += ch == '\n' ? 1 : 0;
        ++csvLine;
        ++rows;
        chunk += record;
        chunk += '\n';
        if (chunk.size() >= kChunkBytes) {
            feed(chunk);
            chunk.clear();
        }
    };
    LineSplitter splitter;
    client.queryStream(sql, [&](std::string_view part) {
        splitter.feed(part, onRow);
        return true;
    });
    splitter.finish(onRow);
    ReplayCounts counts{rows, 0};
    if (delivered) {
        // The key fields' columns in the delivered file (the first of a name given twice).
        std::vector<int> keyColumns;
        for (const auto index : keyFields) {
            int column = -1;
            for (std::size_t c = 0; c < columnField.size() && column < 0; ++c)
                if (columnField[c] == static_cast<int>(index)) column = static_cast<int>(c);
            keyColumns.push_back(column);
        }
        core::CsvReader reader(delimiter);
        bool headerSeen = false;
        std::string last;
        const auto onRecord = [&](const core::CsvRecord& r) {
            if (!headerSeen) {
                headerSeen = true;
                return;
            }
            if (core::trimBlanks(r.raw).empty()) return;  // a blank line: not a row
            bool known = r.error.empty();
            key.clear();
            last.clear();
            for (std::size_t k = 0; known && k < keyFields.size(); ++k) {
                const int column = keyColumns[k];
                if (column < 0 || static_cast<std::size_t>(column) >= r.fields.size()) {
                    known = false;
                    break;
                }
                const auto text = core::trimBlanks(r.fields[static_cast<std::size_t>(column)]);
                std::string& to = k + 1 < keyFields.size() ? key : last;
                if (fields[keyFields[k]].type == core::FieldType::Integer) {
                    const auto number = core::parseInteger(text);
                    to += number.ok() ? std::to_string(number.value) : std::string(text);
                } else {
                    to += text;
                }
                if (k + 1 < keyFields.size()) key += '\x1f';
            }
            if (known && batchKeys.contains(key, last)) return;  // live (maybe corrected)
            lines.add(csvLine, r.line);
            for (const char ch : r.raw)
                csvLine += ch == '\n' ? 1 : 0;
            ++csvLine;
            ++counts.deliveredRows;
            chunk += r.raw;
            chunk += '\n';
            if (chunk.size() >= kChunkBytes) {
                feed(chunk);
                chunk.clear();
            }
        };
        (*delivered)([&](std::string_view part) { reader.feed(part, onRecord); });
        reader.finish(onRecord);
    }
    if (!chunk.empty()) feed(chunk);
    return counts;
}

}  // namespace findata::agent
