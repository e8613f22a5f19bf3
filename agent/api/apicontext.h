#pragma once
// What the API is built from: the agent's services and the API's own parts. registerRoutes
// (routetable.cpp) adds every route of the table to the router.

#include <string>

namespace findata::agent {

class Authenticator;
class DatabaseSupervisor;
class Router;
class Services;
class SyncRunner;
class Metrics;
class ReadCache;
class CacheWarmer;
class DiskBudget;

struct ApiContext {
    Services& services;
    Authenticator& authenticator;
    SyncRunner& syncRunner;
    Metrics& metrics;
    ReadCache& readCache;      // hot reads, invalidated by syncs
    CacheWarmer& cacheWarmer;  // recomputes the costly reads after a sync
    /// The databases' state as last seen, for /health without a round trip (null: ask them).
    const DatabaseSupervisor* supervisor = nullptr;
    /// What GET /metrics wants after "Authorization: Bearer "; empty refuses every scraper.
    std::string metricsToken = {};
    /// The data directory's free-space reserve: uploads and syncs check it, /health reports it
    /// (null: no checks).
    const DiskBudget* disk = nullptr;
};

/// Registers every route of the table (routetable.cpp) on the router, with their handlers
/// bound to `context`; installs the cache warmer's work.
void registerRoutes(Router& router, ApiContext& context);

}  // namespace findata::agent
