#include "agent/util/mappedchunks.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace findata::agent {

namespace {

struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

void mapFileInChunks(const std::filesystem::path& path,
                     const std::function<void(std::string_view)>& onChunk, std::size_t window) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw FileError(path.string() + ": is a directory, not a file");
    Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd < 0) throw FileError(path.string() + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) {
        // Pipes, devices and files that report no size are read the ordinary way.
        readFileInChunks(path, onChunk);
        return;
    }
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    window = (window + page - 1) / page * page;
    std::size_t size = static_cast<std::size_t>(info.st_size);
    ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    for (std::size_t offset = 0; offset < size; offset += window) {
        // The size is taken again for every window, as read() would see a file that changes
        // while it is read: a file cut short ends there (instead of a fault in the map).
        if (offset > 0) {
            if (::fstat(file.fd, &info) != 0)
                throw FileError(path.string() + ": read error: " + std::strerror(errno));
            size = static_cast<std::size_t>(std::max<off_t>(info.st_size, 0));
            if (offset >= size) break;
        }
        const std::size_t length = std::min(window, size - offset);
        // Populated at once: one call maps the window's pages instead of a fault per page.
        void* at = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.fd,
                          static_cast<off_t>(offset));
        if (at == MAP_FAILED) {
            if (offset == 0) {  // a file system without mmap: read it the ordinary way
                readFileInChunks(path, onChunk);
                return;
            }
            throw FileError(path.string() + ": read error: " + std::strerror(errno));
        }
        struct Unmap {
            void* at;
            std::size_t length;
            ~Unmap() { ::munmap(at, length); }
        } unmap{at, length};
        onChunk(std::string_view(static_cast<const char*>(at), length));
    }
}

}  // namespace findata::agent
