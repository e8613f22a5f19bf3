#pragma once
// `findata-agent check`: a dry run of validation and normalization over one file.

#include <string>
#include <vector>

namespace findata::agent {

/// Runs the command; returns the process exit status (0 accepted, 1 rejected, 2 usage/I/O).
int runCheckCommand(const std::vector<std::string>& args);

}  // namespace findata::agent
