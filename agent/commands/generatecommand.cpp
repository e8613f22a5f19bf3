#include "agent/commands/commands.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "agent/commands/arguments.h"
#include "core/generator.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{
    "generate",
    {"--loan-type RETAIL|COMMERCIAL --rows N --out DIR [--payment-rows M] [--seed S] "
     "[--first-loan K]"},
    {
        {"loan-type", "RETAIL|COMMERCIAL", "the portfolio's loan type (required)"},
        {"rows", "N", "credit rows (required)"},
        {"out", "DIR", "where credit.csv and payment_plan.csv go (required)"},
        {"payment-rows", "M", "payment plan rows in all; 0: none (default: ~12 per loan)"},
        {"seed", "S", "the same seed gives the same bytes (1)"},
        {"first-loan", "K", "number of the first loan account (1)"},
    }};

std::uint64_t number(const Arguments& a, std::string_view name, std::uint64_t fallback) {
    const auto v = a.value(name);
    if (!v) return fallback;
    if (!v->empty() && (*v)[0] == '-')
        throw UsageError("--" + std::string(name) + " must not be negative");
    std::size_t used = 0;
    try {
        const auto n = std::stoull(*v, &used);
        if (used == v->size() && (*v)[0] != '-') return n;
    } catch (...) {
    }
    throw UsageError("--" + std::string(name) + " must be a whole number");
}

class OutputFile final {
public:
    explicit OutputFile(const std::filesystem::path& path)
        : m_path(path), m_file(std::fopen(path.c_str(), "wb"), &std::fclose) {
        if (!m_file) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    }
    void write(std::string_view text) {
        if (std::fwrite(text.data(), 1, text.size(), m_file.get()) != text.size())
            throw std::runtime_error(m_path.string() + ": " + std::strerror(errno));
    }
    void close() {
        if (std::fclose(m_file.release()) != 0)
            throw std::runtime_error(m_path.string() + ": " + std::strerror(errno));
    }

private:
    std::filesystem::path m_path;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
};

}  // namespace

int runGenerateCommand(const std::vector<std::string>& args) {
    core::GeneratorOptions options;
    std::filesystem::path out;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
            const auto loanType = core::parseLoanType(a.required("loan-type"));
            if (!loanType) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
            options.loanType = *loanType;
            options.creditRows = number(a, "rows", 0);
            if (!a.has("rows")) throw UsageError("missing required option '--rows'");
            if (a.has("payment-rows")) options.paymentRows = number(a, "payment-rows", 0);
            options.seed = number(a, "seed", 1);
            options.firstLoan = number(a, "first-loan", 1);
            out = a.required("out");
        }))
        return *exit;
    try {
        std::filesystem::create_directories(out);
        OutputFile credit(out / "credit.csv");
        core::generateCredit(options, [&](std::string_view text) { credit.write(text); });
        credit.close();
        OutputFile plan(out / "payment_plan.csv");
        const auto planRows =
            core::generatePaymentPlan(options, [&](std::string_view text) { plan.write(text); });
        plan.close();
        std::printf("wrote %s (%llu rows) and %s (%llu rows)\n", (out / "credit.csv").c_str(),
                    static_cast<unsigned long long>(options.creditRows),
                    (out / "payment_plan.csv").c_str(), static_cast<unsigned long long>(planRows));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "findata-agent generate: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace findata::agent
