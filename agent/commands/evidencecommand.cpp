// evidence verify FILE: checks a saved evidence pack of a sync (the JSON document or its HTML
// page) against the SHA-256 it carries; offline, without the databases.

#include "agent/commands/commands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "agent/commands/arguments.h"
#include "agent/sync/evidence.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{"evidence", {"verify FILE"}, {}};

}  // namespace

int runEvidenceCommand(const std::vector<std::string>& args) {
    std::string file;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            const auto& p = a.positionals();
            if (p.empty() || p.front() != "verify")
                throw UsageError("expected the subcommand verify");
            if (p.size() != 2) throw UsageError("expected exactly one FILE to verify");
            file = p[1];
        }))
        return *exit;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "findata-agent evidence: cannot read " << file << '\n';
        return 2;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        std::cerr << "findata-agent evidence: reading " << file << " failed\n";
        return 2;
    }
    const auto check = verifyEvidence(text);
    if (!check.valid) {
        std::cout << file << ": INVALID: " << check.problem << '\n';
        return 1;
    }
    std::cout << file << ": valid (sha256 " << check.computed << ")\n";
    return 0;
}

}  // namespace findata::agent
