#pragma once
// A small command-line parser: `--name value`, `--name=value`, boolean switches and positionals.
// Every command declares its options once, in a CommandSpec; the parser accepts exactly those and
// the usage text (`--help`, usage errors) is written from the same declaration.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Thrown for a usage error; the command prints the message and its usage and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One option of a command: `--name VALUE` when `value` names its value, a switch otherwise.
struct OptionSpec {
    std::string_view name;   // without the leading "--"
    std::string_view value;  // placeholder of the value ("N", "RETAIL|COMMERCIAL"); empty: switch
    std::string_view help;   // one line
};

/// What a command accepts: its synopsis lines (positionals and option combinations, after
/// "findata-agent <name>") and every option it parses.
struct CommandSpec {
    std::string_view name;
    std::vector<std::string_view> synopsis;
    std::vector<OptionSpec> options;
};

/// "usage: findata-agent <name> …" with one line per synopsis and per option.
std::string usage(const CommandSpec& spec);

class Arguments final {
public:
    /// Parses args against the spec; UsageError for anything undeclared. `--help` / `-h`
    /// (before a "--") only sets helpRequested() and nothing else is parsed.
    Arguments(const std::vector<std::string>& args, const CommandSpec& spec);

    bool helpRequested() const { return m_help; }
    bool has(std::string_view name) const;
    std::optional<std::string> value(std::string_view name) const;
    /// The option's value; UsageError naming it when absent.
    std::string required(std::string_view name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    bool m_help = false;
    std::map<std::string, std::string, std::less<>> m_values;
    std::set<std::string, std::less<>> m_switches;
    std::vector<std::string> m_positionals;
};

/// The common start of a command: parses args against spec and hands them to `read` (which may
/// throw UsageError for rules beyond the declaration). `--help` prints the usage on stdout and
/// gives 0; a usage error prints "findata-agent <name>: <message>" and the usage on stderr and
/// gives 2; nullopt means go on.
std::optional<int> parseCommandLine(const std::vector<std::string>& args, const CommandSpec& spec,
                                    const std::function<void(const Arguments&)>& read);

}  // namespace findata::agent
