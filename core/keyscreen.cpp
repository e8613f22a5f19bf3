// The duplicate pre-pass of huge credit files (keyscreen.h).

#include "core/keyscreen.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "core/csvreader.h"
#include "core/text.h"

namespace findata::core {

namespace {
// A second, independent mix of the hash: the bit positions within a block.
std::uint64_t remix(std::uint64_t h) {
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ULL;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dULL;
    h ^= h >> 33;
    return h;
}
}  // namespace

BlockedBloomFilter::BlockedBloomFilter(std::size_t bytes)
    : m_blocks(std::bit_floor(std::max<std::size_t>(1, bytes / sizeof(Block)))) {
    std::memset(static_cast<void*>(m_blocks.data()), 0, m_blocks.size() * sizeof(Block));
}

bool BlockedBloomFilter::testAndAdd(std::uint64_t hash) {
    // The block from the hash's upper half (the block count is a power of two), seven bits of
    // its 512 from the remixed hash (9 bits each).
    Block& block = m_blocks[(hash >> 32) & (m_blocks.size() - 1)];
    std::uint64_t bits = remix(hash);
    bool seen = true;
    for (int k = 0; k < 7; ++k) {
        const unsigned position = static_cast<unsigned>(bits & 511);
        bits >>= 9;
        std::uint64_t& word = block.words[position >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (position & 63);
        seen = seen && (word & bit) != 0;
        word |= bit;
    }
    return seen;
}

HashSet screenDuplicateLoans(LoanType loanType, const ValidationOptions& options,
                             const Catalog& catalog, const ByteSource& read,
                             std::uint64_t expectedKeys, KeyScreenStats* stats,
                             std::size_t filterBytes, std::uint64_t keysPerRound) {
    HashSet screen;
    KeyScreenStats seen;
    const std::uint64_t rounds = std::max<std::uint64_t>(
        1, (expectedKeys + keysPerRound - 1) / std::max<std::uint64_t>(1, keysPerRound));
    ValidationOptions binding = options;
    binding.duplicateScreen = nullptr;
    for (std::uint64_t round = 0; round < rounds; ++round) {
        BlockedBloomFilter filter(filterBytes);
        RowValidator validator(FileType::Credit, loanType, binding, catalog);
        CsvReader reader;
        bool headerSeen = false;
        bool refused = false;
        int column = -1;
        std::size_t width = 0;
        std::vector<Finding> findings;
        const CsvReader::Sink onRecord = [&](const CsvRecord& record) {
            if (refused) return;
            if (!headerSeen) {
                headerSeen = true;
                refused = !validator.bindHeader(record, findings);
                column = validator.loanColumn();
                width = record.fields.size();
                return;
            }
            // As validate(): malformed rows and rows of the wrong width have no key.
            if (column < 0 || !record.error.empty() || record.fields.size() != width) return;
            const auto loan = trimBlanks(record.fields[static_cast<std::size_t>(column)]);
            if (loan.empty()) return;  // null: never a duplicate
            const std::uint64_t hash = hashBytes(loan);
            if (hash % rounds != round) return;
            ++seen.keys;
            if (filter.testAndAdd(hash)) screen.insert(hash);
        };
        read([&](std::string_view chunk) {
            if (!refused) reader.feed(chunk, onRecord);
        });
        if (!refused) reader.finish(onRecord);
        ++seen.rounds;
        if (refused) {
            screen = HashSet();
            break;
        }
    }
    seen.screened = screen.size();
    if (stats) *stats = seen;
    return screen;
}

}  // namespace findata::core
