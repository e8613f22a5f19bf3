#pragma once
// The API's in-process cache of hot reads (data pages, row counts, profiles, KPIs): response
// bodies keyed by tenant, loan types and the normalized query, bounded in bytes (keys and
// bookkeeping charged as well as bodies), and dropped
// when a sync of that tenant and loan type finishes.

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/catalog.h"

namespace findata::agent {

class ReadCache final {
public:
    /// Loan-type mask of an entry (core::kRetail, core::kCommercial or both).
    using LoanTypes = std::uint8_t;

    struct Key {
        std::string tenantId;
        LoanTypes loanTypes = core::kBoth;
        std::string query;  // the normalized request, plus anything that versions the data
    };

    explicit ReadCache(std::size_t maxBytes = std::size_t(64) << 20);

    std::optional<std::string> get(const Key& key);

    /// Read before computing a value and hand back to put(): a value computed while a sync
    /// finished is not stored, so an invalidation can never be overtaken by an older read.
    std::uint64_t generation(const std::string& tenantId, LoanTypes loanTypes);
    void put(const Key& key, std::uint64_t generation, std::string body);

    /// Drops every entry of the tenant that covers the loan type (a sync of it finished).
    void invalidate(const std::string& tenantId, core::LoanType loanType);

    std::size_t entries();
    std::size_t bytes();  // charged: bodies, keys and per-entry bookkeeping

private:
    struct Entry {
        std::string tenantId;
        LoanTypes loanTypes;
        std::string body;
        std::size_t charge;  // what it counts against the budget
        std::list<std::string>::iterator recency;
    };

    std::uint64_t generationLocked(const std::string& tenantId, LoanTypes loanTypes) const;
    void eraseLocked(std::unordered_map<std::string, Entry>::iterator it);

    std::size_t m_maxBytes;
    std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_recency;  // most recently used first
    std::size_t m_bytes = 0;
    std::map<std::pair<std::string, core::LoanType>, std::uint64_t> m_generations;
};

}  // namespace findata::agent
