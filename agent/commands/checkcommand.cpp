#include "agent/commands/commands.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "agent/commands/arguments.h"
#include "agent/store/rulespolicy.h"
#include "agent/util/checkreport.h"
#include "agent/util/filechunks.h"
#include "agent/util/mappedchunks.h"
#include "agent/util/utf8.h"
#include "core/fileprocessor.h"

namespace findata::agent {
namespace {

using core::FileSummary;

const CommandSpec kSpec{
    "check",
    {"--loan-type RETAIL|COMMERCIAL --file-type credit|payment_plan [options] FILE"},
    {
        {"loan-type", "RETAIL|COMMERCIAL", "the loan type of FILE (required)"},
        {"file-type", "credit|payment_plan", "what FILE holds (required)"},
        {"credit", "CREDIT_FILE", "payment plans: the credit file its loans must be in"},
        {"json", "", "the report as JSON"},
        {"max-reject-ratio", "RATIO",
         "reject FILE above this share of bad rows (0.5, or the rules' reject_ratio)"},
        {"rules", "RULES_FILE",
         "apply a tenant's validation policy, as GET /api/rules/ or `rules export` wrote it"},
        {"max-findings", "N", "findings listed in the report (20)"},
    }};

struct CheckRequest {
    core::LoanType loanType;
    core::FileType fileType;
    std::string file;
    std::optional<std::string> creditFile;
    double maxRejectRatio = 0.5;
    std::size_t maxFindings = 20;
    bool json = false;
    RulesPolicy rules;      // the built-in rules unless --rules names a policy
    int policyVersion = 0;  // the version the --rules file names
};

CheckRequest parseRequest(const Arguments& a) {
    CheckRequest r{};
    const auto loanType = core::parseLoanType(a.required("loan-type"));
    if (!loanType) throw UsageError("--loan-type must be RETAIL or COMMERCIAL");
    const auto fileType = core::parseFileType(a.required("file-type"));
    if (!fileType) throw UsageError("--file-type must be credit or payment_plan");
    r.loanType = *loanType;
    r.fileType = *fileType;
    if (a.positionals().size() != 1) throw UsageError("expected exactly one FILE to check");
    r.file = a.positionals().front();
    r.creditFile = a.value("credit");
    if (r.creditFile && r.fileType != core::FileType::PaymentPlan)
        throw UsageError("--credit is only meaningful with --file-type payment_plan");
    r.json = a.has("json");
    if (auto v = a.value("rules")) {
        try {
            r.rules = readPolicyFile(*v, r.loanType, &r.policyVersion);
        } catch (const PolicyError& e) {
            throw UsageError(std::string("--rules: ") + e.what());
        }
        if (r.rules.rejectRatio) r.maxRejectRatio = *r.rules.rejectRatio;
    }
    if (auto v = a.value("max-reject-ratio")) {
        std::size_t used = 0;
        try {
            r.maxRejectRatio = std::stod(*v, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != v->size() || r.maxRejectRatio < 0 || r.maxRejectRatio > 1)
            throw UsageError("--max-reject-ratio must be a number between 0 and 1");
    }
    if (auto v = a.value("max-findings")) {
        try {
            r.maxFindings = std::stoul(*v);
        } catch (...) {
            throw UsageError("--max-findings must be a whole number");
        }
    }
    return r;
}

const FileSummary& process(core::FileProcessor& processor, const std::string& path) {
    // A one-shot command: the file is mapped (no copy of every byte by read()).
    mapFileInChunks(path, [&](std::string_view chunk) { processor.feed(chunk); });
    return processor.finish();
}

std::string percent(double ratio) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f %%", ratio * 100.0);
    return text;
}

std::string delimiterName(char d) {
    if (d == '\t') return "tab";
    return std::string("'") + d + "'";
}

void printText(const CheckRequest& r, const FileSummary& s, bool accepted) {
    std::printf("check %s (%s %s, delimiter %s)\n", r.file.c_str(),
                std::string(core::toText(r.loanType)).c_str(),
                std::string(core::toText(r.fileType)).c_str(), delimiterName(s.delimiter).c_str());
    std::printf("  rows read       %llu\n", static_cast<unsigned long long>(s.rowsRead));
    std::printf("  rows valid      %llu\n", static_cast<unsigned long long>(s.rowsAccepted));
    std::printf("  rows rejected   %llu (%s)\n", static_cast<unsigned long long>(s.rowsRejected),
                percent(s.rejectedRatio()).c_str());
    std::printf("  errors          %llu\n", static_cast<unsigned long long>(s.errorCount));
    std::printf("  warnings        %llu\n", static_cast<unsigned long long>(s.warningCount));
    if (s.refused)
        std::printf("  verdict         REFUSED: %s\n", displayText(s.refusal).c_str());
    else
        std::printf("  verdict         %s: %s rejected, limit %s\n",
                    accepted ? "ACCEPTED" : "REJECTED", percent(s.rejectedRatio()).c_str(),
                    percent(r.maxRejectRatio).c_str());
    if (!s.groups.empty()) {
        std::printf("\nfindings by field and type:\n  %8s  %-8s  %-16s  %s\n", "count", "severity",
                    "type", "field");
        for (const auto& [key, group] : s.groups)
            std::printf("  %8llu  %-8s  %-16s  %s\n", static_cast<unsigned long long>(group.count),
                        std::string(core::toText(group.severity)).c_str(),
                        std::string(core::toText(key.second)).c_str(),
                        key.first.empty() ? "(row)" : displayText(key.first).c_str());
    }
    if (!s.firstFindings.empty()) {
        std::printf("\nfirst findings (errors, then warnings):\n");
        auto ordered = s.firstFindings;
        std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
            return a.severity < b.severity;  // Error before Warning
        });
        for (const auto& f : ordered)
            std::printf("  line %llu: %s %s %s: %s [value \"%s\"]\n",
                        static_cast<unsigned long long>(f.line),
                        std::string(core::toText(f.severity)).c_str(),
                        std::string(core::toText(f.type)).c_str(),
                        f.field.empty() ? "(row)" : displayText(f.field).c_str(),
                        displayText(f.message).c_str(), displayText(f.value).c_str());
    }
}

}  // namespace

int runCheckCommand(const std::vector<std::string>& args) {
    CheckRequest request;
    if (const auto exit =
            parseCommandLine(args, kSpec, [&](const Arguments& a) { request = parseRequest(a); }))
        return *exit;
    try {
        const auto options = request.rules.options();
        core::FileProcessor credits(core::FileType::Credit, request.loanType, nullptr, options);
        if (request.creditFile) {
            const auto& c = process(credits, *request.creditFile);
            if (c.refused)
                std::cerr << "findata-agent check: credit file " << *request.creditFile
                          << " is refused (" << displayText(c.refusal)
                          << "); every payment row will fail the cross-reference check\n";
        }
        core::FileProcessor processor(request.fileType, request.loanType, nullptr, options,
                                      request.maxFindings);
        if (request.creditFile) processor.setKnownLoans(&credits.validator().acceptedLoans());
        const auto& summary = process(processor, request.file);
        const bool accepted = summary.acceptable(request.maxRejectRatio);
        if (request.json) {
            auto report = checkReport(request.file, request.loanType, request.fileType, summary,
                                      request.maxRejectRatio);
            // As POST /api/check/ answers: the validation policy version applied.
            report["policy_version"] = request.policyVersion;
            std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
        } else
            printText(request, summary, accepted);
        if (!accepted && !request.json)
            std::cerr << "findata-agent check: " << request.file << " would be rejected: "
                      << (summary.refused ? displayText(summary.refusal)
                                          : percent(summary.rejectedRatio()) +
                                                " of rows rejected, over the limit of " +
                                                percent(request.maxRejectRatio))
                      << '\n';
        return accepted ? 0 : 1;
    } catch (const FileError& e) {
        std::cerr << "findata-agent check: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace findata::agent
