#pragma once
// API keys → tenants. A verified key is remembered (by its SHA-256, never in clear) for a short
// while, so the slow PBKDF2 check is not paid on every request; rotating a key forgets it at
// once. A client that keeps failing is refused with 429 for a while.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "agent/api/http.h"
#include "agent/store/tenants.h"

namespace findata::agent {

class Database;

class Authenticator final {
public:
    struct Options {
        std::chrono::seconds cacheFor{60};
        int maxFailures = 10;  // per client address within `failureWindow`
        std::chrono::seconds failureWindow{60};
    };

    explicit Authenticator(Database& db);
    Authenticator(Database& db, Options options);

    /// The tenant of the request's `Authorization: Api-Key sk_live_…` header. Throws ApiError
    /// 401 for a missing, malformed, unknown or revoked key, 429 when the client failed too often.
    Tenant authenticate(const HttpRequest& request);

    /// Drops every remembered key of a tenant (after a rotation).
    void forget(const std::string& tenantId);

private:
    struct Remembered {
        Tenant tenant;
        std::chrono::steady_clock::time_point until;
    };
    struct Failures {
        int count = 0;
        std::chrono::steady_clock::time_point since;
    };

    Database& m_db;
    Options m_options;
    std::mutex m_mutex;
    std::map<std::string, Remembered> m_cache;   // SHA-256 of the key → tenant
    std::map<std::string, Failures> m_failures;  // client address → recent failures

    [[noreturn]] void fail(const std::string& address, const std::string& message);
};

}  // namespace findata::agent
