#include "agent/api/authenticator.h"

#include "agent/api/apierror.h"
#include "agent/api/syncjson.h"
#include "agent/store/apikeys.h"
#include "agent/store/keyrepository.h"
#include "agent/uploads/sha256.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

namespace findata::agent {

namespace {

constexpr std::string_view kScheme = "Api-Key ";

}  // namespace

Authenticator::Authenticator(Database& db) : Authenticator(db, Options{}) {}
Authenticator::Authenticator(Database& db, Options options) : m_db(db), m_options(options) {}

Caller Authenticator::authenticate(const HttpRequest& request) {
    const auto header = request.header("authorization");
    if (!header) unauthorized("an API key is required: Authorization: Api-Key sk_live_…");
    if (header->size() <= kScheme.size() || header->compare(0, kScheme.size(), kScheme) != 0)
        unauthorized("the Authorization header must be 'Api-Key <key>'");
    const std::string key = header->substr(kScheme.size());
    // Only a key-shaped guess costs a hash check and can be counted against its prefix; the
    // rest is refused at once and slows nobody down.
    if (!looksLikeApiKey(key)) unauthorized("the API key is not valid");
    const std::string digest = Sha256::hex(key);
    KeyRepository keys(m_db);
    const auto known = [&](const std::string& prefix) {
        const auto owner = keys.lookup(prefix);
        if (!owner) unauthorized("the API key is not valid");
        return accept(*owner);
    };
    // A key verified recently passes whatever others did from this address; its row is read
    // again all the same, for what changed since.
    if (const auto prefix = remembered(digest)) return known(*prefix);
    const Bucket bucket{request.remoteAddress, apiKeyPrefix(key)};
    if (admit(bucket, digest)) return known(bucket.second);
    std::optional<KeyOwner> owner;
    try {
        owner = keys.lookup(bucket.second);
        if (!owner) {
            // Spend the same time as a real check, so timing does not reveal which prefixes
            // exist.
            static const std::string kDummy = hashApiKey("sk_live_dummy");
            verifyApiKey(key, kDummy);
        }
    } catch (...) {
        settle(bucket, false);  // the database failed, not the client
        throw;
    }
    if (!owner || !verifyApiKey(key, owner->hash)) {
        settle(bucket, true);
        logger("api")->warn("authentication failed from {} (key {})", bucket.first, bucket.second);
        unauthorized("the API key is not valid");
    }
    settle(bucket, false);
    {
        const std::lock_guard lock(m_mutex);
        m_cache[digest] = Remembered{owner->key.prefix, owner->key.tenantId,
                                     std::chrono::steady_clock::now() + m_options.cacheFor};
    }
    return accept(*owner);
}

std::optional<std::string> Authenticator::remembered(const std::string& digest) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_cache.find(digest);
    if (it == m_cache.end() || it->second.until <= std::chrono::steady_clock::now())
        return std::nullopt;
    return it->second.prefix;
}

Caller Authenticator::accept(const KeyOwner& owner) {
    const auto& key = owner.key;
    const auto now = std::chrono::system_clock::now();
    if (key.revokedAt) unauthorized("the API key '" + key.name + "' was revoked");
    if (key.expired(now))
        unauthorized("the API key '" + key.name + "' expired at " + isoTimestamp(*key.expiresAt));
    if (owner.tenant && !owner.tenant->active)
        throw ApiError(ApiErrorKind::Forbidden,
                       "tenant " + owner.tenant->id +
                           " is deactivated: its keys are refused until an agent administrator "
                           "reactivates it",
                       {{"tenant_id", owner.tenant->id}});
    // last_used_at to the minute: one write per key and minute at most.
    if (!key.lastUsedAt || now - *key.lastUsedAt > std::chrono::minutes(1)) {
        try {
            KeyRepository(m_db).touch(key.prefix);
        } catch (const std::exception& e) {
            logger("api")->warn("last use of key {} not recorded: {}", key.prefix, e.what());
        }
    }
    return Caller{owner.tenant, key.role, key.prefix, key.name};
}

bool Authenticator::admit(const Bucket& bucket, const std::string& digest) {
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(m_mutex);
    const auto deadline = Clock::now() + m_options.admitWait;
    for (;;) {
        const auto now = Clock::now();
        // An attempt that was waiting may find its key verified by another meanwhile.
        if (const auto c = m_cache.find(digest); c != m_cache.end() && c->second.until > now)
            return true;
        auto it = m_failures.find(bucket);
        if (it != m_failures.end() && it->second.inFlight == 0 &&
            now - it->second.since > m_options.failureWindow) {
            m_failures.erase(it);
            it = m_failures.end();
        }
        if (it == m_failures.end()) {
            if (m_failures.size() >= m_options.maxTrackedClients) {
                // Forget the buckets whose window has passed; if a flood of addresses keeps the
                // table full, refuse new ones rather than grow without bound.
                std::erase_if(m_failures, [&](const auto& entry) {
                    return entry.second.inFlight == 0 &&
                           now - entry.second.since > m_options.failureWindow;
                });
                if (m_failures.size() >= m_options.maxTrackedClients)
                    throw ApiError(ApiErrorKind::TooManyRequests,
                                   "too many failed authentication attempts; try again later",
                                   {{"retry_after_seconds", m_options.failureWindow.count()}});
            }
            it = m_failures.emplace(bucket, Failures{0, 0, now}).first;
        }
        auto& f = it->second;
        const auto retryAfter = [&] {
            const auto left = std::chrono::duration_cast<std::chrono::seconds>(
                m_options.failureWindow - (now - f.since));
            return std::max<long long>(1, left.count() + 1);
        };
        if (f.count >= m_options.maxFailures)
            throw ApiError(ApiErrorKind::TooManyRequests,
                           "too many failed authentication attempts with this key; try again later",
                           {{"retry_after_seconds", retryAfter()}});
        // Attempts being verified count too, so parallel guesses cannot all pass before the
        // first failure is recorded; the ones beyond wait for those to settle, not refused.
        if (f.count + f.inFlight < m_options.maxFailures) {
            ++f.inFlight;
            return false;
        }
        if (m_settled.wait_until(lock, deadline) == std::cv_status::timeout)
            throw ApiError(ApiErrorKind::TooManyRequests,
                           "too many authentication attempts with this key at once; try again",
                           {{"retry_after_seconds", 1}});
    }
}

void Authenticator::settle(const Bucket& bucket, bool failed) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_failures.find(bucket);
    if (it == m_failures.end()) return;
    --it->second.inFlight;
    if (failed) ++it->second.count;
    // A success never clears the count: it may be another client behind the same address.
    if (it->second.count == 0 && it->second.inFlight == 0) m_failures.erase(it);
    m_settled.notify_all();
}

void Authenticator::forget(const std::string& tenantId) {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_cache, [&](const auto& entry) { return entry.second.tenantId == tenantId; });
}

void Authenticator::forgetKey(const std::string& prefix) {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_cache, [&](const auto& entry) { return entry.second.prefix == prefix; });
}

void Authenticator::unauthorized(const std::string& message) {
    throw ApiError(ApiErrorKind::Unauthorized, message);
}

}  // namespace findata::agent
