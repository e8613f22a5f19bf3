#pragma once
// Reads a plain file through a sliding memory map: the bytes come straight from the page cache,
// without the copy of read(), in windows of fixed size, so memory never depends on the file's
// size. For `check`, the per-row throughput path.

#include <filesystem>
#include <functional>
#include <string_view>

#include "agent/util/filechunks.h"

namespace findata::agent {

/// Calls onChunk with consecutive pieces of the file (≤ window bytes; the window is rounded up to
/// the page size), each valid only during the call. Anything that is not a regular file (a pipe,
/// a device) is read with readFileInChunks. Throws FileError as readFileInChunks does. The size
/// is checked before each window, but a file cut short while a window is being processed faults
/// the map (SIGBUS): use it for one-shot commands, never in the server.
void mapFileInChunks(const std::filesystem::path& path,
                     const std::function<void(std::string_view)>& onChunk,
                     std::size_t window = std::size_t{1} << 20);

}  // namespace findata::agent
