// findata-agent: the composition root. Picks the command and hands it its arguments.

#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "agent/commands/checkcommand.h"
#include "agent/commands/generatecommand.h"

namespace {

constexpr const char* kUsage =
    "usage: findata-agent <command> [options]\n"
    "\n"
    "commands:\n"
    "  check      validate one file without loading it (a dry run)\n"
    "  generate   write a synthetic portfolio (credit + payment plan)\n"
    "\n"
    "findata-agent --version | --help";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage << '\n';
        return 2;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "--version" || command == "version") {
        std::printf("findata-agent %s\n", FINDATA_VERSION);
        return 0;
    }
    if (command == "--help" || command == "help" || command == "-h") {
        std::printf("%s\n", kUsage);
        return 0;
    }
    if (command == "check") return findata::agent::runCheckCommand(args);
    if (command == "generate") return findata::agent::runGenerateCommand(args);
    std::cerr << "findata-agent: unknown command '" << command << "'\n" << kUsage << '\n';
    return 2;
}
