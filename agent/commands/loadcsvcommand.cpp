#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/withservices.h"
#include "agent/services.h"
#include "agent/store/tenants.h"
#include "agent/sync/uploadintake.h"
#include "agent/util/period.h"

namespace findata::agent {
namespace {

namespace fs = std::filesystem;

const CommandSpec kSpec{
    "load-csv",
    {"--all [--sample-dir DIR]",
     "--tenant ID --loan-type RETAIL|COMMERCIAL --file-type credit|payment_plan --file PATH "
     "[--period YYYY-MM]"},
    {
        {"all", "", "the sample files of data-test/ for every sample tenant"},
        {"tenant", "ID", "the tenant the file belongs to"},
        {"loan-type", "RETAIL|COMMERCIAL", "the file's loan type"},
        {"file-type", "credit|payment_plan", "what the file holds"},
        {"file", "PATH", "the file to stage"},
        {"period", "YYYY-MM",
         "the reporting period the files are as of (default: the calendar month before today)"},
    }};

struct Job {
    std::string tenant;
    core::LoanType loanType;
    core::FileType fileType;
    fs::path file;
    std::string period;  // empty: the default
};

// data-test/: the configured one, else the working directory's, else the source tree's next to
// a build directory, else the installed copy.
fs::path sampleDirectory(const Settings& settings) {
    if (!settings.sampleDir.empty()) return settings.sampleDir;
    std::vector<fs::path> candidates{fs::current_path() / "data-test"};
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (fs::path dir = self.parent_path(); !dir.empty() && dir != dir.root_path();
             dir = dir.parent_path())
            candidates.push_back(dir / "data-test");
    candidates.emplace_back("/usr/share/findata/data-test");
    for (const auto& c : candidates)
        if (fs::is_directory(c / "BANK001")) return c;
    throw UsageError("no data-test/ directory found; give --sample-dir DIR");
}

std::vector<Job> parseJobs(const Settings& settings, const Arguments& a) {
    if (!a.positionals().empty())
        throw UsageError("unexpected argument '" + a.positionals().front() + "'");
    std::string period;
    if (const auto given = a.value("period")) {
        if (!isPeriod(*given))
            throw UsageError("--period must be a month YYYY-MM, e.g. 2026-10, not '" + *given +
                             "'");
        period = *given;
    }
    std::vector<Job> jobs;
    if (a.has("all")) {
        if (a.has("tenant") || a.has("file")) throw UsageError("--all stands alone");
        const fs::path dir = sampleDirectory(settings);
        for (const auto& [tenant, name] : kSampleTenants)
            for (const auto loanType : core::kLoanTypes)
                for (const auto fileType : core::kFileTypes)
                    jobs.push_back({tenant, loanType, fileType,
                                    dir / tenant / std::string(core::toText(loanType)) /
                                        (std::string(core::toText(fileType)) + ".csv"),
                                    period});
        return jobs;
    }
    const auto loanType = core::parseLoanType(a.required("loan-type"));
    if (!loanType) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
    const auto fileType = core::parseFileType(a.required("file-type"));
    if (!fileType) throw UsageError("--file-type must be credit or payment_plan");
    jobs.push_back({a.required("tenant"), *loanType, *fileType, a.required("file"), period});
    return jobs;
}

}  // namespace

int runLoadCsvCommand(const Settings& settings, const std::vector<std::string>& args) {
    std::vector<Job> jobs;
    if (const auto exit = parseCommandLine(
            args, kSpec, [&](const Arguments& a) { jobs = parseJobs(settings, a); }))
        return *exit;
    return runWithServices(settings, "load-csv", [&](Services& services) {
        TenantRepository tenants(services.database());
        for (const auto& job : jobs) {
            const auto tenant = tenants.find(job.tenant);
            if (!tenant) throw std::runtime_error("no tenant " + job.tenant);
            const auto outcome = services.uploadIntake().stageFile(
                *tenant, job.loanType, job.fileType, job.file, "cli", job.period);
            std::printf("%s %s %-12s %s (period %s%s): ", job.tenant.c_str(),
                        std::string(core::toText(job.loanType)).c_str(),
                        std::string(core::toText(job.fileType)).c_str(), job.file.c_str(),
                        outcome.period.c_str(),
                        outcome.periodDefaulted ? ", the month before today: none was given" : "");
            if (outcome.unchanged)
                std::printf("unchanged, not staged (%s); recorded as upload %s\n",
                            outcome.reason.c_str(), outcome.unchangedUpload->id.c_str());
            else
                std::printf(
                    "staged as upload %s (%llu bytes, sha256 %.12s…)\n", outcome.upload->id.c_str(),
                    static_cast<unsigned long long>(outcome.sizeBytes), outcome.sha256.c_str());
            std::printf("  next %s sync: credit %s; payment_plan %s (period %s)\n",
                        std::string(core::toText(job.loanType)).c_str(),
                        std::string(toText(outcome.nextSync.credit)).c_str(),
                        std::string(toText(outcome.nextSync.paymentPlan)).c_str(),
                        outcome.period.c_str());
        }
        return 0;
    });
}

}  // namespace findata::agent
