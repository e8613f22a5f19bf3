#pragma once
// `findata-agent generate`: writes a synthetic credit file and its payment plan.

#include <string>
#include <vector>

namespace findata::agent {

int runGenerateCommand(const std::vector<std::string>& args);

}  // namespace findata::agent
