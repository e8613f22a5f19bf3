#include "agent/api/readcache.h"

namespace findata::agent {
namespace {

std::string flatKey(const ReadCache::Key& key) {
    std::string flat = key.tenantId;
    flat += '\x1f';
    flat += static_cast<char>('0' + key.loanTypes);
    flat += '\x1f';
    flat += key.query;
    return flat;
}

// What an entry costs besides its body: the key twice (map and recency list), the tenant id,
// and the nodes and bookkeeping of both containers. Charging only bodies let thousands of
// distinct small entries (row counts) grow memory far past the budget.
std::size_t chargeOf(const std::string& flat, const ReadCache::Key& key, std::size_t bodySize) {
    constexpr std::size_t kEntryOverhead = 256;
    return bodySize + 2 * flat.size() + key.tenantId.size() + kEntryOverhead;
}

}  // namespace

ReadCache::ReadCache(std::size_t maxBytes) : m_maxBytes(maxBytes) {}

std::optional<std::string> ReadCache::get(const Key& key) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(flatKey(key));
    if (it == m_entries.end()) return std::nullopt;
    m_recency.splice(m_recency.begin(), m_recency, it->second.recency);
    return it->second.body;
}

std::uint64_t ReadCache::generation(const std::string& tenantId, LoanTypes loanTypes) {
    const std::lock_guard lock(m_mutex);
    return generationLocked(tenantId, loanTypes);
}

std::uint64_t ReadCache::generationLocked(const std::string& tenantId, LoanTypes loanTypes) const {
    // Generations only grow, so their sum changes whenever one of them does.
    std::uint64_t sum = 0;
    for (const auto loanType : core::kLoanTypes) {
        if ((loanTypes & static_cast<LoanTypes>(loanType)) == 0) continue;
        const auto it = m_generations.find({tenantId, loanType});
        if (it != m_generations.end()) sum += it->second;
    }
    return sum;
}

void ReadCache::put(const Key& key, std::uint64_t generation, std::string body) {
    const std::lock_guard lock(m_mutex);
    if (generationLocked(key.tenantId, key.loanTypes) != generation) return;
    auto flat = flatKey(key);
    const std::size_t size = chargeOf(flat, key, body.size());
    if (size > m_maxBytes / 4) return;  // one huge page must not flush everything else
    if (const auto old = m_entries.find(flat); old != m_entries.end()) eraseLocked(old);
    while (m_bytes + size > m_maxBytes && !m_recency.empty())
        eraseLocked(m_entries.find(m_recency.back()));
    m_recency.push_front(flat);
    m_entries.emplace(std::move(flat),
                      Entry{key.tenantId, key.loanTypes, std::move(body), size, m_recency.begin()});
    m_bytes += size;
}

void ReadCache::invalidate(const std::string& tenantId, core::LoanType loanType) {
    const std::lock_guard lock(m_mutex);
    ++m_generations[{tenantId, loanType}];
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const auto next = std::next(it);
        if (it->second.tenantId == tenantId &&
            (it->second.loanTypes & static_cast<LoanTypes>(loanType)) != 0)
            eraseLocked(it);
        it = next;
    }
}

std::size_t ReadCache::entries() {
    const std::lock_guard lock(m_mutex);
    return m_entries.size();
}

std::size_t ReadCache::bytes() {
    const std::lock_guard lock(m_mutex);
    return m_bytes;
}

void ReadCache::eraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
    m_bytes -= it->second.charge;
    m_recency.erase(it->second.recency);
    m_entries.erase(it);
}

}  // namespace findata::agent
