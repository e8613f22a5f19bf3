#pragma once
// The staging directory for uploaded files: each upload is streamed to disk with a SHA-256 of
// the original bytes computed on the way, fsynced and renamed into place, so a crash never
// leaves a half file under a final name. The store keeps no index: the caller (the `uploads`
// table) records each StagedFile's path and sha256 and hands them back to read().
//
// How the bytes are stored (UploadCompression): as they came (".csv": the intake costs about a
// copy — the SHA-256 runs on a second thread and the disk writes every 8 MB while the upload
// goes on; a local file is copied by the kernel and hashed from the copy — and the next sync
// reads them at disk speed) and zstd-compressed later by compress()
// — the janitor does it once a sync has loaded them, checking the zstd file reads back to the
// same SHA-256 — or zstd level 1 at once (".csv.zst": a third of the disk, ~3-5 x the time of a
// copy). read() takes every form by its suffix, also the gzip files (".csv.gz") earlier
// versions staged.
//
// Layout: <directory>/<tenant>/<loanType>/<fileType>/<id>.csv[.zst]. An upload in progress is
// written to ".<id>.csv….partial-XXXXXX" beside it, held under an flock so removeLeftovers()
// never deletes a live upload, even from another process.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace findata::agent {

class ZstdCompressor;
class HashWorker;

/// When uploads are compressed (setting `upload_compression`).
enum class UploadCompression : std::uint8_t {
    AfterSync,  // stored as sent; compress() later (the janitor, after a sync loaded them)
    AtIntake,   // zstd level 1 while receiving
};

/// A staging I/O failure (disk full, permissions, a missing file); the message names the path.
class UploadStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An upload went past its size limit; nothing of it is left on disk.
class UploadTooLarge : public UploadStoreError {
public:
    UploadTooLarge(std::string message, std::uint64_t maxBytes)
        : UploadStoreError(std::move(message)), m_maxBytes(maxBytes) {}
    std::uint64_t maxBytes() const { return m_maxBytes; }

private:
    std::uint64_t m_maxBytes;
};

/// A staged file whose content no longer matches what was uploaded (corrupt, truncated, or a
/// checksum mismatch); the message names the file.
class StagedFileCorrupt : public UploadStoreError {
public:
    using UploadStoreError::UploadStoreError;
};

/// One committed upload, as the caller records it.
struct StagedFile {
    std::filesystem::path path;     // absolute path of the .csv or .csv.zst (.csv.gz of old)
    std::uint64_t sizeBytes = 0;    // original (uncompressed) size
    std::uint64_t storedBytes = 0;  // size on disk
    std::string sha256;             // lower-case hex of the ORIGINAL bytes
};

/// Writes uploads into, reads them back from and cleans the staging directory.
class UploadStore final {
public:
    static constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

    /// One upload in progress. Not thread-safe; one writer per upload.
    class Writer final {
    public:
        ~Writer();  // aborts if not committed
        Writer(const Writer&) = delete;
        Writer& operator=(const Writer&) = delete;

        /// Hashes (and, at intake, compresses) `bytes` on the way to disk. Throws UploadStoreError
        /// on an I/O error and UploadTooLarge past the limit; either way the partial file is gone.
        void write(std::string_view bytes);
        /// Appends a whole local file (the CLI's load-csv). Stored as sent, a regular file is
        /// copied by the kernel (copy_file_range: its bytes never pass through this process) and
        /// the SHA-256 reads each piece back from the page cache on the worker while the next is
        /// copied, so staging costs about a `cp`; anything else (zstd at intake, a pipe, a file
        /// system that cannot copy) is read and written in pieces as by write(). The same errors
        /// as write(); an unreadable source names it. `onStart`, when given, sees the file's first
        /// bytes (its first MiB at least, or all of a shorter file) before the rest is copied;
        /// it may throw to refuse the file, and then nothing of it is left.
        void writeFile(const std::filesystem::path& source,
                       const std::function<void(std::string_view)>& onStart = {});
        /// Finishes the zstd frame (if any), fsyncs the file, renames it into place (replacing a
        /// file of the same id) and fsyncs the directory. On failure the partial file is removed.
        StagedFile commit();
        /// Removes the partial file; safe to call more than once.
        void abort() noexcept;
        /// Original bytes accepted so far.
        std::uint64_t bytesWritten() const { return m_bytesWritten; }

    private:
        friend class UploadStore;
        Writer(std::filesystem::path finalPath, std::uint64_t maxBytes,
               std::filesystem::path fsyncUpTo, bool compress,
               std::uint64_t maxStoredBytes = kUnlimited);
        void writeOut(std::string_view compressed);
        void written(std::uint64_t bytes);  // counts stored bytes, starting their writeback
        // One piece copied inside the kernel from `in` at `offset`; 0 at the end, nullopt when
        // the kernel cannot copy from it (the caller reads instead).
        std::optional<std::uint64_t> copyPiece(int in, std::uint64_t offset,
                                               const std::filesystem::path& source);
        [[noreturn]] void fail(const std::string& what, int error);
        [[noreturn]] void tooLarge();  // aborts, then throws UploadTooLarge

        std::filesystem::path m_finalPath;
        std::filesystem::path m_tempPath;
        std::filesystem::path m_fsyncUpTo;  // directories below this one were created for us
        std::uint64_t m_maxBytes;
        std::uint64_t m_maxStoredBytes;
        std::uint64_t m_bytesWritten = 0;
        std::uint64_t m_storedBytes = 0;
        int m_fd = -1;
        bool m_done = false;
        std::unique_ptr<ZstdCompressor> m_compressor;  // null: stored as sent
        std::uint64_t m_writtenBack = 0;               // stored bytes handed to the disk so far
        std::unique_ptr<HashWorker> m_hash;
    };

    /// `directory` (e.g. <data-dir>/uploads) is created if missing.
    explicit UploadStore(std::filesystem::path directory,
                         UploadCompression compression = UploadCompression::AtIntake);

    UploadCompression compression() const { return m_compression; }

    const std::filesystem::path& directory() const { return m_directory; }

    /// Starts an upload. Each name must be non-empty, must not start with '.' and must not
    /// contain '/' or NUL (std::invalid_argument otherwise), so no path leaves the directory.
    std::unique_ptr<Writer> begin(std::string_view tenant, std::string_view loanType,
                                  std::string_view fileType, std::string_view id,
                                  std::uint64_t maxBytes = kUnlimited);

    /// Stages a local file (the CLI's load-csv) by streaming it through a Writer; an unreadable
    /// source throws UploadStoreError too.
    StagedFile stageFile(const std::filesystem::path& source, std::string_view tenant,
                         std::string_view loanType, std::string_view fileType, std::string_view id,
                         std::uint64_t maxBytes = kUnlimited);

    /// Streams a staged file back decompressed in pieces of about 1 MB. After the last piece it
    /// checks the SHA-256 against `expectedSha256` (hex, any case) and throws StagedFileCorrupt
    /// when the data is corrupt, truncated or different: pieces already delivered must then be
    /// discarded by the caller. onChunk returns false to stop early (e.g. after the header line);
    /// then the rest is neither read nor checked.
    void read(const std::filesystem::path& stored, std::string_view expectedSha256,
              const std::function<bool(std::string_view)>& onChunk) const;
    /// The same for a reader that always takes the whole file.
    template <typename OnChunk>
    requires std::is_void_v<std::invoke_result_t<OnChunk&, std::string_view>>
    void read(const std::filesystem::path& stored, std::string_view expectedSha256,
              OnChunk&& onChunk) const {
        read(stored, expectedSha256, std::function<bool(std::string_view)>([&](std::string_view c) {
                 onChunk(c);
                 return true;
             }));
    }

    /// Whether a stored file is kept as it was sent (compress() would shrink it).
    static bool isUncompressed(const std::filesystem::path& stored);
    /// Writes the zstd form of an uncompressed stored file beside it (<id>.csv.zst: the same
    /// durability steps as an upload), checking the SHA-256 of what it read against
    /// `expectedSha256` on the way (StagedFileCorrupt otherwise, and nothing is written). The
    /// uncompressed file is left in place — the caller records the new path, after which it is
    /// an orphan the janitor removes; its modification time is renewed, so that happens no
    /// sooner than the orphan grace period after now (a sync that read the old path still finds
    /// it).
    /// The compressed file may take at most `maxStoredBytes` (the disk's headroom above its
    /// reserve): past that UploadStoreError, nothing written and the file as sent untouched.
    StagedFile compress(const std::filesystem::path& stored, std::string_view expectedSha256,
                        std::uint64_t maxStoredBytes = kUnlimited);

    /// Deletes a staged file; false when it was already gone. Paths outside the directory are
    /// refused (std::invalid_argument).
    bool remove(const std::filesystem::path& stored);

    /// Deletes partial files left by crashed uploads (call at agent start); returns how many.
    /// Uploads still being written, by this or another process, are left alone.
    std::size_t removeLeftovers();

private:
    std::filesystem::path m_directory;
    UploadCompression m_compression;
};

}  // namespace findata::agent
