#pragma once
// API keys → callers (a tenant's key with its role, or an agent administrator credential). A
// verified key is remembered (by its SHA-256, never in clear) for a short while, so the slow
// PBKDF2 check is not paid on every request; but every request still reads the key's row (one
// indexed query), so a revocation, an expiry or a tenant's deactivation — by this agent, another
// agent on the same store or the CLI — applies from the very next request. Failed keys are counted
// per (client address, presented key prefix): a client guessing one key is slowed down (429 with
// Retry-After) without locking out other keys from that address. Requests without a key-shaped key
// cost no hash check and are refused without counting.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "agent/api/http.h"
#include "agent/store/roles.h"
#include "agent/store/tenants.h"

namespace findata::agent {

class Database;
struct KeyOwner;

/// Who sent a request: the key's tenant (absent for an agent administrator), role and name.
struct Caller {
    std::optional<Tenant> tenant;
    Role role = Role::Viewer;
    std::string keyPrefix;
    std::string keyName;
};

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

    /// The caller of the request's `Authorization: Api-Key sk_live_…` header. Throws ApiError
    /// 401 for a missing, malformed, unknown, revoked or expired key, 403 for a key of a
    /// deactivated tenant, 429 (details.retry_after_seconds) when this address failed too often
    /// with this key prefix. A key verified recently is never refused for others' failures.
    Caller authenticate(const HttpRequest& request);

    /// Drops every remembered key of a tenant (after a rotation).
    void forget(const std::string& tenantId);
    /// Drops the remembered key of `prefix` (after its revocation).
    void forgetKey(const std::string& prefix);

private:
    // What a verified key's digest stands for: the key's row, read again on every request.
    struct Remembered {
        std::string prefix;
        std::string tenantId;
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
    std::map<std::string, Remembered> m_cache;  // SHA-256 of the key → its prefix
    std::map<Bucket, Failures> m_failures;

    /// Takes a turn to verify a key of `bucket` (false), or answers true when the same key was
    /// verified while waiting; throws 429 when the bucket is locked out.
    bool admit(const Bucket& bucket, const std::string& digest);
    void settle(const Bucket& bucket, bool failed);
    /// The caller of a verified key's row; throws 401 (revoked, expired) or 403 (deactivated).
    Caller accept(const KeyOwner& owner);
    /// The remembered key of `digest`, if still remembered.
    std::optional<std::string> remembered(const std::string& digest);
    [[noreturn]] static void unauthorized(const std::string& message);
};

}  // namespace findata::agent
