#pragma once
// The case-study sample files the suites load (data-test/BANK/LOAN_TYPE/FILE_TYPE.csv), and a
// clock the tests set by hand.

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>

#include "agent/scheduler/scheduler.h"
#include "core/catalog.h"
#include "testconfig.h"

namespace findata::test {

/// The sample file of a bank, loan type and file type, e.g. data-test/BANK001/RETAIL/credit.csv.
inline std::string samplePath(std::string_view bank, core::LoanType loanType,
                              core::FileType fileType) {
    return std::string(FINDATA_SAMPLE_DIR) + "/" + std::string(bank) + "/" +
           std::string(core::toText(loanType)) + "/" + std::string(core::toText(fileType)) + ".csv";
}

/// A Clock that stands still until set (the scheduler's due times, retention, expiry).
class FakeClock final : public agent::Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        const std::lock_guard lock(m_mutex);
        return m_now;
    }
    void set(std::chrono::system_clock::time_point t) {
        const std::lock_guard lock(m_mutex);
        m_now = t;
    }

private:
    mutable std::mutex m_mutex;
    std::chrono::system_clock::time_point m_now = std::chrono::system_clock::now();
};

}  // namespace findata::test
