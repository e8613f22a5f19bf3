#include "agent/util/secretfile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "agent/util/ids.h"

namespace findata::agent {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
    throw std::runtime_error("secret file " + file.string() + ": " + what);
}

bool isHexLine(const std::string& text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

}  // namespace

void writePrivateFile(const fs::path& file, const std::string& text) {
    const fs::path temporary = file.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) fail(temporary, std::strerror(errno));
    ::fchmod(fd, 0600);  // an older temp file may have had other bits
    std::size_t written = 0;
    while (written < text.size()) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            fail(temporary, why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) fail(temporary, std::strerror(errno));
    std::error_code ec;
    fs::rename(temporary, file, ec);
    if (ec) fail(file, ec.message());
}

std::string readOrCreateSecret(const fs::path& file, std::size_t bytes) {
    std::error_code ec;
    if (fs::exists(file, ec)) {
        std::ifstream in(file);
        if (!in) fail(file, "cannot be read");
        std::string line;
        std::getline(in, line);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!isHexLine(line)) fail(file, "does not hold a hex secret; remove it to make a new one");
        // Tighten a file someone loosened; the secret itself is still good.
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace, ec);
        return line;
    }
    const std::string secret = randomHex(bytes);
    writePrivateFile(file, secret + "\n");
    return secret;
}

}  // namespace findata::agent
