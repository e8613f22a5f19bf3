#include "agent/util/filechunks.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace findata::agent {

void readFileInChunks(const std::filesystem::path& path,
                      const std::function<void(std::string_view)>& onChunk, std::size_t chunkSize) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw FileError(path.string() + ": is a directory, not a file");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) throw FileError(path.string() + ": " + std::strerror(errno));
    std::vector<char> buffer(chunkSize);
    for (;;) {
        const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (n > 0) onChunk(std::string_view(buffer.data(), n));
        if (n < buffer.size()) {
            if (std::ferror(file.get()))
                throw FileError(path.string() + ": read error: " + std::strerror(errno));
            break;
        }
    }
}

}  // namespace findata::agent
