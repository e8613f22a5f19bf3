#include "agent/uploads/uploadstore.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "agent/uploads/gzip.h"
#include "agent/uploads/hashworker.h"
#include "agent/uploads/sha256.h"
#include "agent/uploads/zstd.h"

namespace findata::agent {

namespace fs = std::filesystem;

namespace {

// Compressed uploads are zstd at this level (tests/bench/bench_uploadstore measures the
// candidates: gzip level 1 cost ~4-5 x a cp + fsync, zstd level 1 ~1.1-3.6 x depending on the
// disk, with a third of the bytes on disk; tests/bench/scale.sh measures the intake). Files
// staged as gzip by earlier versions are still read (by their suffix).
constexpr int kZstdLevel = 1;
constexpr std::size_t kWriteBuffer = 1 << 20;    // compressed bytes per write(2)
constexpr std::size_t kReadBuffer = 256 * 1024;  // compressed bytes per read(2)
constexpr std::size_t kChunk = 1 << 20;          // decompressed bytes per onChunk call
// Written bytes are handed to the disk in pieces of this size while the upload goes on
// (sync_file_range), so the fsync at its end waits for the last piece only, not for the whole
// file: the disk writes while the next pieces are hashed.
constexpr std::uint64_t kWritebackEvery = 8 << 20;
constexpr std::string_view kRawSuffix = ".csv";      // stored as sent
constexpr std::string_view kSuffix = ".csv.zst";     // compressed
constexpr std::string_view kGzipSuffix = ".csv.gz";  // staged before zstd
constexpr std::string_view kPartialMarker = ".partial-";

std::string errorText(int error) {
    return std::strerror(error);
}

// One path component chosen by a client: it must not climb out of the directory or hide as a
// partial file (those start with '.').
void checkName(std::string_view what, std::string_view name) {
    const bool bad = name.empty() || name.front() == '.' ||
                     name.find_first_of(std::string_view("/\0", 2)) != std::string_view::npos ||
                     name.size() > 200;
    if (bad)
        throw std::invalid_argument("upload " + std::string(what) + " \"" + std::string(name) +
                                    "\" is not a valid name");
}

bool isPartialName(const std::string& name) {
    return !name.empty() && name.front() == '.' && name.find(kPartialMarker) != std::string::npos;
}

// Makes a rename or new directory entry durable.
int fsyncDirectory(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    const int rc = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return rc;
}

std::string lowerHex(std::string_view hex) {
    std::string text(hex);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Writer

UploadStore::Writer::Writer(fs::path finalPath, std::uint64_t maxBytes, fs::path fsyncUpTo,
                            bool compress, std::uint64_t maxStoredBytes)
    : m_finalPath(std::move(finalPath)),
      m_fsyncUpTo(std::move(fsyncUpTo)),
      m_maxBytes(maxBytes),
      m_maxStoredBytes(maxStoredBytes) {
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a known false positive) about the
    // inlined operator+ chain at -O2.
    std::string name = ".";
    name += m_finalPath.filename().string();
    name += kPartialMarker;
    name += "XXXXXX";
    std::string templ = (m_finalPath.parent_path() / name).string();
    m_fd = ::mkostemp(templ.data(), O_CLOEXEC);
    if (m_fd < 0) {
        m_done = true;
        throw UploadStoreError(m_finalPath.string() +
                               ": cannot create the upload file: " + errorText(errno));
    }
    m_tempPath = templ;
    // Held until commit or abort, so removeLeftovers() can tell a live upload from a crashed one.
    ::flock(m_fd, LOCK_EX);
    try {
        if (compress) m_compressor = std::make_unique<ZstdCompressor>(kZstdLevel, kWriteBuffer);
        m_hash = std::make_unique<HashWorker>();
    } catch (...) {
        abort();
        throw;
    }
}

UploadStore::Writer::~Writer() {
    abort();
}

void UploadStore::Writer::abort() noexcept {
    if (m_hash) m_hash->idle();  // it may be reading m_fd
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_done) ::unlink(m_tempPath.c_str());
    m_done = true;
}

void UploadStore::Writer::fail(const std::string& what, int error) {
    abort();
    throw UploadStoreError(m_finalPath.string() + ": " + what + ": " + errorText(error));
}

void UploadStore::Writer::tooLarge() {
    abort();
    throw UploadTooLarge("upload " + m_finalPath.filename().string() +
                             " exceeds the size limit of " + std::to_string(m_maxBytes) + " bytes",
                         m_maxBytes);
}

void UploadStore::Writer::writeOut(std::string_view compressed) {
    if (compressed.size() > m_maxStoredBytes - m_storedBytes)
        fail("it would leave less free than the disk reserve (" + std::to_string(m_maxStoredBytes) +
                 " bytes may be written)",
             ENOSPC);
    while (!compressed.empty()) {
        const ssize_t n = ::write(m_fd, compressed.data(), compressed.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write the upload", errno);
        }
        compressed.remove_prefix(static_cast<std::size_t>(n));
        written(static_cast<std::uint64_t>(n));
    }
}

void UploadStore::Writer::written(std::uint64_t bytes) {
    m_storedBytes += bytes;
    if (m_storedBytes - m_writtenBack >= kWritebackEvery) {
        // Only a start: errors surface at the fsync of commit().
        ::sync_file_range(m_fd, static_cast<off_t>(m_writtenBack),
                          static_cast<off_t>(m_storedBytes - m_writtenBack), SYNC_FILE_RANGE_WRITE);
        m_writtenBack = m_storedBytes;
    }
}

std::optional<std::uint64_t> UploadStore::Writer::copyPiece(int in, std::uint64_t offset,
                                                            const fs::path& source) {
    // One byte past either limit is asked for, so going over is seen, not silently cut.
    const auto plusOne = [](std::uint64_t room) { return room == kUnlimited ? room : room + 1; };
    const std::uint64_t ask =
        std::min<std::uint64_t>({kWritebackEvery, plusOne(m_maxBytes - m_bytesWritten),
                                 plusOne(m_maxStoredBytes - m_storedBytes)});
    auto from = static_cast<loff_t>(offset);
    const std::uint64_t at = m_storedBytes;
    ssize_t n;
    do {
        n = ::copy_file_range(in, &from, m_fd, nullptr, ask, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        // Not a copy this kernel or file system can do: the caller reads and writes instead.
        if (errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP || errno == ENOSYS ||
            errno == EBADF)
            return std::nullopt;
        fail("cannot copy " + source.string() + " into the upload", errno);
    }
    const auto copied = static_cast<std::uint64_t>(n);
    if (copied > m_maxBytes - m_bytesWritten) {
        tooLarge();
    }
    if (copied > m_maxStoredBytes - m_storedBytes)
        fail("it would leave less free than the disk reserve (" + std::to_string(m_maxStoredBytes) +
                 " bytes may be written)",
             ENOSPC);
    try {
        m_hash->addRange(m_fd, at, copied);
    } catch (...) {
        abort();
        throw;
    }
    m_bytesWritten += copied;
    written(copied);
    return copied;
}

void UploadStore::Writer::writeFile(const fs::path& source,
                                    const std::function<void(std::string_view)>& onStart) {
    if (m_done) throw std::logic_error("UploadStore::Writer::writeFile after commit or abort");
    const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        const int error = errno;
        abort();
        throw UploadStoreError(source.string() + ": " + errorText(error));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{in};
    struct stat status {};
    if (::fstat(in, &status) != 0 || S_ISDIR(status.st_mode)) {
        abort();
        throw UploadStoreError(source.string() + ": is a directory, not a file");
    }
    ::posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
    const auto started = [&](std::string_view bytes) {
        if (!onStart) return;
        try {
            onStart(bytes);
        } catch (...) {
            abort();
            throw;
        }
    };
    std::uint64_t offset = 0;
    bool kernel = !m_compressor && S_ISREG(status.st_mode);
    std::vector<char> buffer(kChunk);
    while (kernel) {
        const std::uint64_t at = m_storedBytes;
        const auto copied = copyPiece(in, offset, source);
        // The end, or a file system that reports none copied before its size: reading decides.
        if (!copied || (*copied == 0 && offset < static_cast<std::uint64_t>(status.st_size))) {
            kernel = false;
        } else if (*copied == 0) {
            return;
        } else {
            if (offset == 0 && onStart) {
                // The start as stored, read back from the page cache.
                const ssize_t n =
                    ::pread(m_fd, buffer.data(), std::min<std::size_t>(buffer.size(), *copied),
                            static_cast<off_t>(at));
                if (n < 0) fail("cannot read the upload back", errno);
                started(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
            }
            offset += *copied;
        }
    }
    // From where the kernel stopped (a pipe has no offsets: read() from its start).
    if (offset > 0 && ::lseek(in, static_cast<off_t>(offset), SEEK_SET) < 0) {
        const int error = errno;
        abort();
        throw UploadStoreError(source.string() + ": " + errorText(error));
    }
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            abort();
            throw UploadStoreError(source.string() + ": read error: " + errorText(error));
        }
        if (n == 0) return;
        const std::string_view piece(buffer.data(), static_cast<std::size_t>(n));
        if (offset < kChunk) started(piece);
        write(piece);
        offset += static_cast<std::uint64_t>(n);
    }
}

void UploadStore::Writer::write(std::string_view bytes) {
    if (m_done) throw std::logic_error("UploadStore::Writer::write after commit or abort");
    if (bytes.size() > m_maxBytes - m_bytesWritten) {
        tooLarge();
    }
    try {
        // Hashed on the worker while they are written (or compressed) and the next arrive.
        m_hash->add(bytes);
        if (m_compressor)
            m_compressor->write(bytes, [this](std::string_view c) { writeOut(c); });
        else
            writeOut(bytes);
    } catch (...) {
        abort();
        throw;
    }
    m_bytesWritten += bytes.size();
}

StagedFile UploadStore::Writer::commit() {
    if (m_done) throw std::logic_error("UploadStore::Writer::commit after commit or abort");
    std::string sha256;
    try {
        if (m_compressor) m_compressor->finish([this](std::string_view c) { writeOut(c); });
        sha256 = m_hash->finishHex();
    } catch (...) {
        abort();
        throw;
    }
    if (::fsync(m_fd) != 0) fail("cannot fsync the upload", errno);
    // Renamed while still open (and locked) so removeLeftovers() cannot take it in between.
    if (::rename(m_tempPath.c_str(), m_finalPath.c_str()) != 0)
        fail("cannot move the upload into place", errno);
    m_done = true;
    const int closeRc = ::close(m_fd) == 0 ? 0 : errno;
    m_fd = -1;
    // The rename, and any directory made for it, must reach the disk before we report success.
    int dirRc = closeRc;
    for (fs::path dir = m_finalPath.parent_path(); dirRc == 0; dir = dir.parent_path()) {
        dirRc = fsyncDirectory(dir);
        if (dir == m_fsyncUpTo || dir == dir.parent_path()) break;
    }
    if (dirRc != 0) {
        ::unlink(m_finalPath.c_str());
        throw UploadStoreError(m_finalPath.string() +
                               ": cannot make the upload durable: " + errorText(dirRc));
    }
    return StagedFile{m_finalPath, m_bytesWritten, m_storedBytes, std::move(sha256)};
}

// ---------------------------------------------------------------------------------------------
// UploadStore

UploadStore::UploadStore(fs::path directory, UploadCompression compression)
    : m_compression(compression) {
    std::error_code ec;
    m_directory = fs::absolute(directory, ec).lexically_normal();
    if (!m_directory.has_filename()) m_directory = m_directory.parent_path();
    if (!ec) fs::create_directories(m_directory, ec);
    if (ec)
        throw UploadStoreError(directory.string() +
                               ": cannot create the upload directory: " + ec.message());
}

std::unique_ptr<UploadStore::Writer> UploadStore::begin(std::string_view tenant,
                                                        std::string_view loanType,
                                                        std::string_view fileType,
                                                        std::string_view id,
                                                        std::uint64_t maxBytes) {
    checkName("tenant", tenant);
    checkName("loan type", loanType);
    checkName("file type", fileType);
    checkName("id", id);
    const fs::path dir = m_directory / tenant / loanType / fileType;
    // The deepest directory that already exists: everything below it is new and needs an fsync
    // of its parent at commit.
    fs::path existing = dir;
    std::error_code ec;
    while (existing != m_directory && !fs::is_directory(existing, ec))
        existing = existing.parent_path();
    fs::create_directories(dir, ec);
    if (ec)
        throw UploadStoreError(dir.string() +
                               ": cannot create the upload directory: " + ec.message());
    const bool compress = m_compression == UploadCompression::AtIntake;
    fs::path finalPath = dir / (std::string(id) + std::string(compress ? kSuffix : kRawSuffix));
    return std::unique_ptr<Writer>(new Writer(std::move(finalPath), maxBytes, existing, compress));
}

StagedFile UploadStore::stageFile(const fs::path& source, std::string_view tenant,
                                  std::string_view loanType, std::string_view fileType,
                                  std::string_view id, std::uint64_t maxBytes) {
    std::unique_ptr<Writer> writer = begin(tenant, loanType, fileType, id, maxBytes);
    writer->writeFile(source);
    return writer->commit();
}

void UploadStore::read(const fs::path& stored, std::string_view expectedSha256,
                       const std::function<bool(std::string_view)>& onChunk) const {
    if (expectedSha256.size() != 64 ||
        expectedSha256.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
        throw std::invalid_argument("expected SHA-256 \"" + std::string(expectedSha256) +
                                    "\" is not 64 hex digits");
    const int fd = ::open(stored.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw UploadStoreError(stored.string() +
                               ": cannot open the staged file: " + errorText(errno));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    std::vector<char> buffer(kReadBuffer);
    // The suffix says how the file was written: as sent, zstd, or gzip by earlier versions.
    const std::string_view name = stored.native();
    const bool gzip = name.ends_with(kGzipSuffix);
    const bool raw = isUncompressed(stored);
    std::optional<GzipInflater> inflater;
    std::optional<ZstdDecompressor> decompressor;
    if (gzip)
        inflater.emplace(kChunk);
    else if (!raw)
        decompressor.emplace(kChunk);
    Sha256 hash;
    bool stopped = false;  // the reader has what it wanted
    const auto deliver = [&](std::string_view chunk) {
        if (stopped) return;
        hash.update(chunk);
        stopped = !onChunk(chunk);
    };
    const auto corrupt = [&](const std::string& why) {
        return StagedFileCorrupt(stored.string() + ": staged file is corrupt: " + why);
    };
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw UploadStoreError(stored.string() +
                                   ": cannot read the staged file: " + errorText(errno));
        }
        if (n == 0) break;
        const std::string_view bytes(buffer.data(), static_cast<std::size_t>(n));
        try {
            if (gzip)
                inflater->write(bytes, deliver);
            else if (raw)
                deliver(bytes);
            else
                decompressor->write(bytes, deliver);
        } catch (const GzipError& e) {
            throw corrupt(e.what());
        } catch (const ZstdError& e) {
            throw corrupt(e.what());
        }
        if (stopped) return;
    }
    try {
        if (gzip)
            inflater->finish(deliver);
        else if (!raw)
            decompressor->finish(deliver);
    } catch (const GzipError& e) {
        throw corrupt(e.what());
    } catch (const ZstdError& e) {
        throw corrupt(e.what());
    }
    const std::string actual = hash.finishHex();
    if (actual != lowerHex(expectedSha256))
        throw corrupt("SHA-256 is " + actual + ", expected " + lowerHex(expectedSha256));
}

bool UploadStore::isUncompressed(const fs::path& stored) {
    return std::string_view(stored.native()).ends_with(kRawSuffix);
}

StagedFile UploadStore::compress(const fs::path& stored, std::string_view expectedSha256,
                                 std::uint64_t maxStoredBytes) {
    if (!isUncompressed(stored))
        throw std::invalid_argument(stored.string() + ": not an uncompressed staged file");
    fs::path target = stored;
    target += std::string(kSuffix.substr(kRawSuffix.size()));  // <id>.csv → <id>.csv.zst
    Writer writer(target, kUnlimited, target.parent_path(), true, maxStoredBytes);
    // The whole file is read before the commit: a corrupt one throws and leaves nothing behind.
    read(stored, expectedSha256, [&](std::string_view chunk) { writer.write(chunk); });
    auto staged = writer.commit();
    // What reached the file is read back before anyone is told of it: the zstd form must give
    // the same bytes (the caller keeps the file as sent until it records the new one).
    try {
        read(staged.path, expectedSha256, [](std::string_view) {});
    } catch (...) {
        ::unlink(staged.path.c_str());
        throw;
    }
    // Renewed, so the orphan sweep leaves it for its grace period from now on.
    std::error_code ec;
    fs::last_write_time(stored, fs::file_time_type::clock::now(), ec);
    return staged;
}

bool UploadStore::remove(const fs::path& stored) {
    std::error_code ec;
    const fs::path target = fs::absolute(stored, ec).lexically_normal();
    const fs::path relative = target.lexically_relative(m_directory);
    if (ec || relative.empty() || *relative.begin() == ".." || *relative.begin() == ".")
        throw std::invalid_argument(stored.string() + ": not a file of the upload directory " +
                                    m_directory.string());
    if (::unlink(target.c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    throw UploadStoreError(target.string() +
                           ": cannot delete the staged file: " + errorText(errno));
}

std::size_t UploadStore::removeLeftovers() {
    std::vector<fs::path> candidates;
    std::error_code ec;
    for (fs::recursive_directory_iterator
             it(m_directory, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && !it->is_symlink(ec) &&
            isPartialName(it->path().filename().string()))
            candidates.push_back(it->path());
    }
    std::size_t removed = 0;
    for (const fs::path& path : candidates) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) continue;
        // A writer holds the lock for as long as its upload is live.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::unlink(path.c_str()) == 0) ++removed;
        ::close(fd);
    }
    return removed;
}

}  // namespace findata::agent
