#pragma once
// A small command-line parser: `--name value`, `--name=value`, boolean switches and positionals.
// Every command declares its options; anything undeclared is a usage error.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace findata::agent {

/// Thrown for a usage error; main prints the message and exits with status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Arguments final {
public:
    /// valueOptions take a value ("--loan-type RETAIL"); switches do not ("--json").
    Arguments(std::vector<std::string> args, std::set<std::string> valueOptions,
              std::set<std::string> switches);

    bool has(std::string_view name) const;
    std::optional<std::string> value(std::string_view name) const;
    /// The option's value; UsageError naming it when absent.
    std::string required(std::string_view name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    std::map<std::string, std::string, std::less<>> m_values;
    std::set<std::string, std::less<>> m_switches;
    std::vector<std::string> m_positionals;
};

}  // namespace findata::agent
