#include "agent/commands/arguments.h"

namespace findata::agent {

Arguments::Arguments(std::vector<std::string> args, std::set<std::string> valueOptions,
                     std::set<std::string> switches) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            m_positionals.insert(m_positionals.end(), args.begin() + static_cast<long>(i) + 1,
                                 args.end());
            break;
        }
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option '" + arg + "'");
            m_positionals.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        if (switches.count(name)) {
            if (inlineValue) throw UsageError("option '--" + name + "' takes no value");
            m_switches.insert(name);
        } else if (valueOptions.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError("option '--" + name + "' needs a value");
                inlineValue = args[++i];
            }
            m_values[name] = *inlineValue;
        } else {
            throw UsageError("unknown option '--" + name + "'");
        }
    }
}

bool Arguments::has(std::string_view name) const {
    return m_switches.count(name) > 0 || m_values.count(name) > 0;
}

std::optional<std::string> Arguments::value(std::string_view name) const {
    const auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Arguments::required(std::string_view name) const {
    auto v = value(name);
    if (!v) throw UsageError("missing required option '--" + std::string(name) + "'");
    return *v;
}

}  // namespace findata::agent
