// libFuzzer target: arbitrary bytes through the CSV reader, the validator and the normaliser,
// as a sync streams them, in chunks cut anywhere. Besides crashes and sanitizer reports it
// checks the promise every sync log relies on: rows read = rows accepted + rows rejected.
//
// The first input byte chooses the file type, the loan type and the chunk size; the rest is
// the file.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/fileprocessor.h"

namespace {

class CountingSink final : public findata::core::RowSink {
public:
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    void acceptedRow(const findata::core::TypedRow&, const findata::core::CsvRecord&) override {
        ++accepted;
    }
    void rejectedRow(const findata::core::CsvRecord&,
                     std::span<const findata::core::Finding> findings) override {
        if (findings.empty()) {
            std::fprintf(stderr, "a row was rejected without a reason\n");
            std::abort();
        }
        ++rejected;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace findata::core;
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const FileType fileType = (control & 1) ? FileType::PaymentPlan : FileType::Credit;
    const LoanType loanType = (control & 2) ? LoanType::Commercial : LoanType::Retail;
    const std::size_t chunk = 1 + static_cast<std::size_t>(control >> 2) * 37;
    std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);

    CountingSink sink;
    FileProcessor processor(fileType, loanType, &sink);
    LoanSet noLoans;
    if (fileType == FileType::PaymentPlan) processor.setKnownLoans(&noLoans);
    while (!file.empty()) {
        const auto piece = file.substr(0, chunk);
        processor.feed(piece);
        file.remove_prefix(piece.size());
    }
    const auto& summary = processor.finish();
    if (summary.rowsRead != summary.rowsAccepted + summary.rowsRejected ||
        (!summary.refused &&
         (sink.accepted != summary.rowsAccepted || sink.rejected != summary.rowsRejected))) {
        std::fprintf(stderr, "rows do not reconcile: read %llu, accepted %llu, rejected %llu\n",
                     static_cast<unsigned long long>(summary.rowsRead),
                     static_cast<unsigned long long>(summary.rowsAccepted),
                     static_cast<unsigned long long>(summary.rowsRejected));
        std::abort();
    }
    return 0;
}
