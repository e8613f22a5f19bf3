#pragma once
// Secrets the agent generates once and keeps in its data directory (database passwords, the
// metrics token): random hex, in a file only its owner can read.

#include <filesystem>
#include <string>

namespace findata::agent {

/// The secret stored in `file`, or a new random one (`bytes` random bytes as hex) written there
/// first with mode 0600 (temp file, fsync, rename). Throws std::runtime_error naming the file
/// when it cannot be read or written, or holds something other than one line of hex.
std::string readOrCreateSecret(const std::filesystem::path& file, std::size_t bytes = 24);

/// Writes `text` to `file` with mode 0600 (temp file, fsync, rename); throws on failure.
void writePrivateFile(const std::filesystem::path& file, const std::string& text);

}  // namespace findata::agent
