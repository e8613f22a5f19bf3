#pragma once
// Reads a file in fixed-size chunks, so memory never depends on the file's size.

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace findata::agent {

/// An input file that cannot be read; the message names the file and the reason.
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Calls onChunk with consecutive pieces of the file (≤ chunkSize bytes). Throws FileError for a
/// missing file, a directory or a read error.
void readFileInChunks(const std::filesystem::path& path,
                      const std::function<void(std::string_view)>& onChunk,
                      std::size_t chunkSize = 1 << 20);

}  // namespace findata::agent
