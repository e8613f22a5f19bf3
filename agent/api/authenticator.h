#pragma once
// API keys → tenants. A verified key is remembered (by its SHA-256, never in clear) for a short
// while, so the slow PBKDF2 check is not paid on every request; rotating a key forgets it at
// once. Failed keys are counted per (client address, presented key prefix): a client guessing one
// key is slowed down (429 with Retry-After) without locking out other keys from that address.
// Requests without a key-shaped key cost no hash check and are refused without counting.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "agent/api/http.h"
#include "agent/store/tenants.h"

namespace findata::agent {

class Database;

class Authenticator final {
public:
    struct Options {
        std::chrono::seconds cacheFor{60};
        int maxFailures = 10;  // per (client address, key prefix) within `failureWindow`
        std::chrono::seconds failureWindow{60};
        std::size_t maxTrackedClients = 100'000;    // failure buckets kept at most (memory bound)
        std::chrono::milliseconds admitWait{5000};  // an attempt waits this long for its turn
    };

    explicit Authenticator(Database& db);
    Authenticator(Database& db, Options options);

    /// The tenant of the request's `Authorization: Api-Key sk_live_…` header. Throws ApiError
    /// 401 for a missing, malformed, unknown or revoked key, 429 (details.retry_after_seconds)
    /// when this address failed too often with this key prefix. A key verified recently is
    /// never refused.
    Tenant authenticate(const HttpRequest& request);

    /// Drops every remembered key of a tenant (after a rotation).
    void forget(const std::string& tenantId);

private:
    struct Remembered {
        Tenant tenant;
        std::chrono::steady_clock::time_point until;
    };
    // Attempts being verified count against the limit too, so parallel guesses cannot all pass
    // the check before the first failure is recorded.
    struct Failures {
        int count = 0;
        int inFlight = 0;
        std::chrono::steady_clock::time_point since;
    };
    using Bucket = std::pair<std::string, std::string>;  // client address, key prefix

    Database& m_db;
    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_settled;          // an attempt finished: waiting ones look again
    std::map<std::string, Remembered> m_cache;  // SHA-256 of the key → tenant
    std::map<Bucket, Failures> m_failures;

    /// Takes a turn to verify a key of `bucket` (nullopt), or answers with the tenant when the
    /// same key was verified while waiting; throws 429 when the bucket is locked out.
    std::optional<Tenant> admit(const Bucket& bucket, const std::string& digest);
    void settle(const Bucket& bucket, bool failed);
    [[noreturn]] static void unauthorized(const std::string& message);
};

}  // namespace findata::agent
