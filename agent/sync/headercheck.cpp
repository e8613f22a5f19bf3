// Refuses an upload whose header is the other loan type's: see headercheck.h.

#include "agent/sync/headercheck.h"

#include <algorithm>
#include <cctype>

namespace findata::agent {
namespace {

std::string normalized(std::string_view name) {
    std::string out;
    for (const char c : name)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

LoanTypeHeaderCheck::LoanTypeHeaderCheck(core::LoanType declared, core::FileType file)
    : m_declared(declared), m_file(file) {}

void LoanTypeHeaderCheck::check(core::LoanType declared, core::FileType file,
                                const std::vector<std::string>& columns) {
    const auto other =
        declared == core::LoanType::Retail ? core::LoanType::Commercial : core::LoanType::Retail;
    std::vector<std::string> givesAway;
    bool ownOnly = false;
    for (const auto& column : columns) {
        const auto name = normalized(column);
        for (const auto& field : core::fields(file)) {
            if (field.name != name) continue;
            const bool own = core::appliesTo(field, declared);
            const bool theirs = core::appliesTo(field, other);
            if (theirs && !own) givesAway.push_back(std::string(field.name));
            if (own && !theirs) ownOnly = true;
        }
    }
    // A mixed header is left to validation (unknown and missing columns are findings there).
    if (givesAway.empty() || ownOnly) return;
    std::string list;
    for (const auto& c : givesAway)
        list += (list.empty() ? "" : ", ") + c;
    throw WrongLoanTypeHeader(
        "the header is a " + std::string(core::toText(other)) + " " +
            std::string(core::toText(file)) + " file's, not " +
            std::string(core::toText(declared)) + ": " + list +
            (givesAway.size() == 1 ? " is a column" : " are columns") + " of " +
            std::string(core::toText(other)) +
            " files only; upload it with loan_type=" + std::string(core::toText(other)),
        other, std::move(givesAway));
}

void LoanTypeHeaderCheck::feed(std::string_view chunk) {
    if (m_done) return;
    // A "header" longer than this is no header of ours; validation will say what it is.
    if (m_reader.bytesRead() > (1u << 20)) {
        m_done = true;
        return;
    }
    m_reader.feed(chunk, [&](const core::CsvRecord& record) {
        if (m_done) return;
        m_done = true;
        check(m_declared, m_file, {record.fields.begin(), record.fields.end()});
    });
}

void LoanTypeHeaderCheck::finish() {
    if (m_done) return;
    m_reader.finish([&](const core::CsvRecord& record) {
        if (m_done) return;
        m_done = true;
        check(m_declared, m_file, {record.fields.begin(), record.fields.end()});
    });
}

}  // namespace findata::agent
