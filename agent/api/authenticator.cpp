#include "agent/api/authenticator.h"

#include "agent/api/apierror.h"
#include "agent/uploads/sha256.h"
#include "agent/util/logging.h"

#include <spdlog/spdlog.h>

namespace findata::agent {

Authenticator::Authenticator(Database& db) : Authenticator(db, Options{}) {}
Authenticator::Authenticator(Database& db, Options options) : m_db(db), m_options(options) {}

Tenant Authenticator::authenticate(const HttpRequest& request) {
    const auto now = std::chrono::steady_clock::now();
    const std::string& address = request.remoteAddress;
    {
        const std::lock_guard lock(m_mutex);
        auto it = m_failures.find(address);
        if (it != m_failures.end()) {
            if (now - it->second.since > m_options.failureWindow)
                m_failures.erase(it);
            else if (it->second.count >= m_options.maxFailures)
                throw ApiError(ApiErrorKind::TooManyRequests,
                               "too many failed authentication attempts; try again later",
                               {{"retry_after_seconds", m_options.failureWindow.count()}});
        }
    }
    const auto header = request.header("authorization");
    if (!header) fail(address, "an API key is required: Authorization: Api-Key sk_live_…");
    constexpr std::string_view kScheme = "Api-Key ";
    if (header->size() <= kScheme.size() || header->compare(0, kScheme.size(), kScheme) != 0)
        fail(address, "the Authorization header must be 'Api-Key <key>'");
    const std::string key = header->substr(kScheme.size());
    const std::string digest = Sha256::hex(key);
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_cache.find(digest);
        if (it != m_cache.end() && it->second.until > now) return it->second.tenant;
    }
    const auto tenant = TenantRepository(m_db).authenticate(key);
    if (!tenant) fail(address, "the API key is not valid");
    const std::lock_guard lock(m_mutex);
    m_cache[digest] = Remembered{*tenant, now + m_options.cacheFor};
    m_failures.erase(address);
    return *tenant;
}

void Authenticator::forget(const std::string& tenantId) {
    const std::lock_guard lock(m_mutex);
    std::erase_if(m_cache, [&](const auto& entry) { return entry.second.tenant.id == tenantId; });
}

void Authenticator::fail(const std::string& address, const std::string& message) {
    {
        const std::lock_guard lock(m_mutex);
        auto& f = m_failures[address];
        if (f.count == 0) f.since = std::chrono::steady_clock::now();
        ++f.count;
    }
    logger("api")->warn("authentication failed from {}: {}", address, message);
    throw ApiError(ApiErrorKind::Unauthorized, message);
}

}  // namespace findata::agent
