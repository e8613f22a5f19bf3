#pragma once
// Refuses an upload whose header is the other loan type's: a retail credit file sent as
// COMMERCIAL (or the reverse) is caught at its first line, naming the columns that give it away,
// instead of loading with warnings about unknown columns and errors about missing ones.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/csvreader.h"

namespace findata::agent {

/// The header belongs to `headerLoanType`'s files, not to the loan type it was sent as.
class WrongLoanTypeHeader : public std::runtime_error {
public:
    WrongLoanTypeHeader(const std::string& message, core::LoanType headerLoanType,
                        std::vector<std::string> columns)
        : std::runtime_error(message), m_loanType(headerLoanType), m_columns(std::move(columns)) {}
    core::LoanType headerLoanType() const { return m_loanType; }
    const std::vector<std::string>& columns() const { return m_columns; }

private:
    core::LoanType m_loanType;
    std::vector<std::string> m_columns;
};

/// Watches the first bytes of a file for its header line.
class LoanTypeHeaderCheck final {
public:
    LoanTypeHeaderCheck(core::LoanType declared, core::FileType file);

    /// Feeds the file's bytes; throws WrongLoanTypeHeader once the header is complete and has
    /// columns only the other loan type's files carry and none only the declared type's.
    void feed(std::string_view chunk);
    /// The end of the file (a header without a line break is checked now).
    void finish();

    /// The same test on a header's column names (exposed for tests and the CLI).
    static void check(core::LoanType declared, core::FileType file,
                      const std::vector<std::string>& columns);

private:
    core::LoanType m_declared;
    core::FileType m_file;
    core::CsvReader m_reader;
    bool m_done = false;
};

}  // namespace findata::agent
