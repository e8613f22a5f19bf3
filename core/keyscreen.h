#pragma once
// The pre-pass that lets the duplicate check of a huge credit file run in flat memory: the file
// is read once (per round) and the hashes of its loan numbers go through a fixed-size Bloom
// filter; a hash the filter may have seen already is kept. The result holds the hash of every
// loan number that occurs on two rows (a filter has no false negatives), plus a few of loans
// that occur once (its false positives). The validator then keeps only the loans whose hash is
// in it (LoanSet::screen): any other loan occurs once in the file, so it is new without being
// stored, and the check of the few kept ones is exact as ever. Memory: the filter during the
// pre-pass, then the screen and its few loans, whatever the size of the file.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/catalog.h"
#include "core/stringset.h"
#include "core/validator.h"

namespace findata::core {

/// The bytes of a file handed to the callback in pieces; called once per round.
using ByteSource = std::function<void(const std::function<void(std::string_view)>&)>;

/// What a screening pass saw.
struct KeyScreenStats {
    std::uint64_t keys = 0;      // loan numbers hashed (all rounds)
    std::uint64_t rounds = 0;    // reads of the file
    std::uint64_t screened = 0;  // hashes in the result
};

/// A fixed-size Bloom filter of 64-bit hashes in cache-line blocks (one memory access a key).
class BlockedBloomFilter final {
public:
    /// `bytes` rounded down to a power of two (at least one block).
    explicit BlockedBloomFilter(std::size_t bytes);
    /// Adds the hash; returns whether it may have been added before (false: certainly not).
    bool testAndAdd(std::uint64_t hash);
    std::size_t bytes() const { return m_blocks.size() * sizeof(Block); }

private:
    struct alignas(64) Block {
        std::uint64_t words[8];
    };
    std::vector<Block, HugePageAllocator<Block>> m_blocks;
};

/// Filter size of screenDuplicateLoans: 32 MB, about 27 bits a key at 10 million loans (a false
/// positive for ~1 in 30,000 keys).
inline constexpr std::size_t kScreenFilterBytes = std::size_t{32} << 20;
/// Keys one round screens at most (about 11 bits a key in the default filter); more expected
/// keys take more rounds, each reading the file and screening one hash range.
inline constexpr std::uint64_t kScreenKeysPerRound = 24'000'000;

/// The hashes (hashBytes) of the loan numbers of a credit file that may occur on more than one
/// row; `read` streams the file. Rows, header and loan numbers are taken as the validator takes
/// them (the same reader; the header bound with `options`' aliases; a loan number of every
/// well-formed row, trimmed), so every loan that validate() would find twice has its hash in
/// the result. `expectedKeys` (an estimate, e.g. from the file's size) sets the rounds. A file
/// whose header the validator refuses yields an empty result (its rows are never validated).
HashSet screenDuplicateLoans(LoanType loanType, const ValidationOptions& options,
                             const Catalog& catalog, const ByteSource& read,
                             std::uint64_t expectedKeys, KeyScreenStats* stats = nullptr,
                             std::size_t filterBytes = kScreenFilterBytes,
                             std::uint64_t keysPerRound = kScreenKeysPerRound);

}  // namespace findata::core
