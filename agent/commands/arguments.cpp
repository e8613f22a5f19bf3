#include "agent/commands/arguments.h"

#include <algorithm>
#include <iostream>

namespace findata::agent {
namespace {

const OptionSpec* findOption(const CommandSpec& spec, std::string_view name) {
    const auto it = std::find_if(spec.options.begin(), spec.options.end(),
                                 [&](const OptionSpec& o) { return o.name == name; });
    return it == spec.options.end() ? nullptr : &*it;
}

bool asksForHelp(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        if (arg == "--") return false;
        if (arg == "--help" || arg == "-h") return true;
    }
    return false;
}

}  // namespace

std::string usage(const CommandSpec& spec) {
    const std::string program = "findata-agent " + std::string(spec.name);
    std::string text;
    for (std::size_t i = 0; i < spec.synopsis.size(); ++i)
        text += (i == 0 ? "usage: " : "       ") + program + (spec.synopsis[i].empty() ? "" : " ") +
                std::string(spec.synopsis[i]) + '\n';
    if (spec.synopsis.empty()) text += "usage: " + program + '\n';
    std::vector<std::string> lefts;
    std::size_t width = std::string_view("--help").size();
    for (const auto& o : spec.options) {
        lefts.push_back("--" + std::string(o.name) +
                        (o.value.empty() ? "" : ' ' + std::string(o.value)));
        width = std::max(width, lefts.back().size());
    }
    text += "\noptions:\n";
    for (std::size_t i = 0; i < spec.options.size(); ++i)
        text += "  " + lefts[i] + std::string(width - lefts[i].size() + 2, ' ') +
                std::string(spec.options[i].help) + '\n';
    text += "  --help" + std::string(width - 6 + 2, ' ') + "this text\n";
    text += "\nsettings (--data-dir, --config, --pg-url, …): findata-agent --help\n";
    return text;
}

Arguments::Arguments(const std::vector<std::string>& args, const CommandSpec& spec) {
    if (asksForHelp(args)) {
        m_help = true;
        return;
    }
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
        const OptionSpec* option = findOption(spec, name);
        if (option == nullptr) throw UsageError("unknown option '--" + name + "'");
        if (option->value.empty()) {
            if (inlineValue) throw UsageError("option '--" + name + "' takes no value");
            m_switches.insert(name);
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) throw UsageError("option '--" + name + "' needs a value");
            inlineValue = args[++i];
        }
        m_values[name] = *inlineValue;
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

std::optional<int> parseCommandLine(const std::vector<std::string>& args, const CommandSpec& spec,
                                    const std::function<void(const Arguments&)>& read) {
    try {
        const Arguments a(args, spec);
        if (a.helpRequested()) {
            std::cout << usage(spec);
            return 0;
        }
        read(a);
        return std::nullopt;
    } catch (const UsageError& e) {
        std::cerr << "findata-agent " << spec.name << ": " << e.what() << '\n' << usage(spec);
        return 2;
    }
}

}  // namespace findata::agent
