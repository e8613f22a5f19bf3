#pragma once
// What the API's route modules are given: the agent's services and the API's own parts.
// Route modules register their routes on the router and keep nothing else.

namespace findata::agent {

class Authenticator;
class Router;
class Services;
class SyncRunner;
class Metrics;
class ReadCache;
class CacheWarmer;

struct ApiContext {
    Services& services;
    Authenticator& authenticator;
    SyncRunner& syncRunner;
    Metrics& metrics;
    ReadCache& readCache;      // hot reads, invalidated by syncs
    CacheWarmer& cacheWarmer;  // recomputes the costly reads after a sync
};

/// Registers every route of the API (each module's register function; see routes.cpp).
void registerRoutes(Router& router, ApiContext& context);

}  // namespace findata::agent
