#pragma once
// Realistic synthetic loan portfolios of any size, deterministic by seed: the exact headers and
// value formats of real bank files, including their masking noise (which yields warnings only).

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "core/catalog.h"

namespace findata::core {

struct GeneratorOptions {
    LoanType loanType = LoanType::Retail;
    std::uint64_t creditRows = 1000;
    /// Payment plan rows in all (0: none); absent means about 12 installments per loan.
    std::optional<std::uint64_t> paymentRows;
    std::uint64_t seed = 1;
    /// Account numbers start here, so several generated portfolios need not collide.
    std::uint64_t firstLoan = 1;
};

/// Receives the text in pieces (each piece ends at a line break).
using TextSink = std::function<void(std::string_view)>;

/// Writes a credit file (header + creditRows rows, LF line ends) for options.loanType: the
/// catalog's fields of that loan type, in the banks' column order (Catalog::fileColumns).
void generateCredit(const GeneratorOptions& options, const TextSink& out,
                    const Catalog& catalog = Catalog::standard());

/// Writes the matching payment plan: blocks per loan in unsorted order, installments of a block in
/// string order (1, 10, 11, 2, …), every loan number a credit of generateCredit's output.
/// Returns the number of rows written.
std::uint64_t generatePaymentPlan(const GeneratorOptions& options, const TextSink& out,
                                  const Catalog& catalog = Catalog::standard());

}  // namespace findata::core
