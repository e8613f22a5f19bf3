// `findata-agent serve`: the REST API, the scheduler and the sync workers on the agent's
// databases (embedded unless URLs are given), until SIGTERM or SIGINT.

#include <arpa/inet.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <future>
#include <iostream>
#include <thread>

#include "agent/api/apicontext.h"
#include "agent/api/authenticator.h"
#include "agent/api/cachewarmer.h"
#include "agent/api/httpserver.h"
#include "agent/api/readcache.h"
#include "agent/api/router.h"
#include "agent/api/sortindexer.h"
#include "agent/commands/arguments.h"
#include "agent/commands/commands.h"
#include "agent/commands/keyoutput.h"
#include "agent/commands/stopsignals.h"
#include "agent/embedded/supervisor.h"
#include "agent/maintenance/janitor.h"
#include "agent/metrics/metrics.h"
#include "agent/scheduler/scheduler.h"
#include "agent/services.h"
#include "agent/store/agentaudit.h"
#include "agent/store/keyrepository.h"
#include "agent/store/tenants.h"
#include "agent/sync/syncrunner.h"
#include "agent/util/diskspace.h"
#include "agent/util/logging.h"
#include "agent/util/sdnotify.h"
#include "agent/util/secretfile.h"

namespace findata::agent {
namespace {

const CommandSpec kSpec{
    "serve",
    {"[--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [--allow-insecure-remote]"},
    {
        {"tls-cert", "FILE", "serve HTTPS with this certificate (PEM)"},
        {"tls-key", "FILE", "the certificate's private key (PEM)"},
        {"allow-insecure-remote", "", "allow plain HTTP on an address other than loopback"},
    }};

// Loopback means every address the name resolves to is in 127.0.0.0/8 or is ::1 — not a name
// that merely starts with "127." (127.example.com is anyone's).
bool isLoopback(const std::string& host) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return false;
    bool loopback = true;
    for (const addrinfo* a = found; a; a = a->ai_next) {
        if (a->ai_family == AF_INET) {
            const auto* v4 = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
            loopback = loopback && (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        } else if (a->ai_family == AF_INET6) {
            const auto* v6 = reinterpret_cast<const sockaddr_in6*>(a->ai_addr);
            loopback = loopback && IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
        } else {
            loopback = false;
        }
    }
    ::freeaddrinfo(found);
    return loopback;
}

std::pair<std::string, std::uint16_t> splitListen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw UsageError("--listen must be HOST:PORT");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = -1;
    try {
        port = std::stoi(listen.substr(colon + 1));
    } catch (...) {
    }
    if (host.empty() || port < 0 || port > 65535)
        throw UsageError("--listen must be HOST:PORT, e.g. 127.0.0.1:8000");
    return {host, static_cast<std::uint16_t>(port)};
}

// After the grace, handlers get this long to notice their connection closed (a slow upload
// does at its next read); the whole shutdown may overrun the grace by kShutdownOverrun at most.
constexpr std::chrono::seconds kHandlerWait{5};
constexpr std::chrono::seconds kShutdownOverrun{15};

// The last resort of a bounded shutdown: whatever still holds the process (a handler stuck in a
// database call, a cache computation) is not waited for past `limit`. Exits 0: the stop was
// asked for, and what was cut off is recovered at the next start.
void armShutdownWatchdog(std::chrono::seconds limit) {
    std::thread([limit] {
        std::this_thread::sleep_for(limit);
        auto log = logger("api");
        log->warn("shutdown still not done after {} s; exiting now", limit.count());
        log->flush();
        std::_Exit(0);
    }).detach();
}

void logDiskAtStart(const DiskBudget& disk) {
    try {
        const auto s = disk.status();
        auto log = logger("api");
        log->info("data directory {}: {} free of {}, reserve {}", s.path.string(),
                  describeBytes(s.freeBytes), describeBytes(s.totalBytes),
                  describeBytes(s.reserveBytes));
        if (s.low())
            log->warn(
                "free space on {} is below the reserve: uploads are refused and no sync "
                "starts until space is freed",
                s.path.string());
    } catch (const std::exception& e) {
        logger("api")->warn("{}", e.what());
    }
}

}  // namespace

int runServeCommand(const Settings& settings, const std::vector<std::string>& args) {
    HttpServer::Options http;
    if (const auto exit = parseCommandLine(args, kSpec, [&](const Arguments& a) {
            if (!a.positionals().empty())
                throw UsageError("unexpected argument '" + a.positionals().front() + "'");
            std::tie(http.host, http.port) = splitListen(settings.listen);
            http.tlsCert = a.value("tls-cert").value_or("");
            http.tlsKey = a.value("tls-key").value_or("");
            if (http.tlsCert.empty() != http.tlsKey.empty())
                throw UsageError("--tls-cert and --tls-key go together");
            if (!isLoopback(http.host) && http.tlsCert.empty() && !a.has("allow-insecure-remote"))
                throw UsageError("refusing to serve API keys in clear text on " + http.host +
                                 ": give --tls-cert/--tls-key, or --allow-insecure-remote");
            http.maxBodyBytes = settings.maxUploadBytes + (1 << 20);
            http.headerTimeout = settings.httpHeaderTimeout;
            http.idleTimeout = settings.httpIdleTimeout;
            http.maxConnections = settings.httpMaxConnections;
            http.maxConnectionsPerClient = settings.httpMaxConnectionsPerClient;
            http.maxRequestsPerConnection = settings.httpMaxRequestsPerConnection;
            http.requestTimeout = settings.requestTimeout;
        }))
        return *exit;

    // glibc gives every thread that allocates its own arena and seldom returns their memory:
    // 64 request threads and the sync workers grew a served agent to 240 MB over 30 syncs.
    // Two arenas, trimmed after each sync, keep it flat.
    ::mallopt(M_ARENA_MAX, 2);

    // Signals are taken by sigwait on this thread, which also owns the embedded servers.
    const sigset_t stopSignals = blockStopSignals();

    const SystemdNotifier systemd;  // before the embedded servers inherit the environment
    auto log = logger("api");
    try {
        Services services(
            settings, [&settings](const std::string& tenantId, const std::string& key) {
                announceKey(settings, tenantId, key, "API key of sample tenant " + tenantId);
            });
        // The agent administrator credential: made at the first start, handed over once.
        if (const auto admin = KeyRepository(services.database()).ensureAgentAdmin()) {
            agentAuditLog(services.database())
                .record("first start", "key.create",
                        {{"key_prefix", admin->info.prefix},
                         {"key_name", admin->info.name},
                         {"role", "agent_admin"}});
            announceKey(settings, "agent-admin", admin->key,
                        "agent administrator credential (for /api/admin/)");
        }
        // Embedded databases that die are started again; /health and the metrics say so.
        const auto supervisor = services.superviseDatabases(std::chrono::seconds(1));
        Metrics metrics;
        metrics.addCollector([&supervisor] { return supervisionMetrics(supervisor->states()); });
        // The free space kept on the data directory for the databases.
        const DiskBudget disk(settings.dataDir, settings.diskReserve);
        logDiskAtStart(disk);
        metrics.addCollector([&disk] {
            try {
                return diskMetrics(disk.status());
            } catch (const std::exception&) {
                return std::string();  // /health says why
            }
        });
        // Housekeeping: leftovers, retention (its passes stop with the services).
        services.janitor().start();
        metrics.addCollector([&services] { return services.janitor().metrics(); });
        ReadCache readCache(settings.readCacheBytes);
        // Declared before the runner whose observer feeds it; stopped before the services go.
        CacheWarmer cacheWarmer;
        SortIndexer sortIndexer(services, settings.sortIndexAboveRows, &disk);
        SyncRunner runner(services.syncEngine());
        runner.setStartCheck([&disk](const SyncRequest& request) {
            disk.require(0, "a sync of " + request.tenantId + " " +
                                std::string(core::toText(request.loanType)));
        });
        runner.setFinishedObserver([&metrics, &readCache, &cacheWarmer, &sortIndexer](
                                       const std::string& tenant, const SyncLog& s,
                                       std::chrono::duration<double> elapsed) {
            ::malloc_trim(0);  // a sync's buffers go back to the system, not to a free list
            readCache.invalidate(tenant, s.loanType);
            if (s.status == SyncStatus::Completed) {
                cacheWarmer.request(tenant, s.loanType);
                sortIndexer.request(tenant);
            }
            metrics.syncFinished(tenant, std::string(core::toText(s.loanType)),
                                 std::string(toText(s.status)), elapsed.count(),
                                 s.credit.rowsLoaded, s.payment.rowsLoaded, s.errors, s.warnings);
        });
        Authenticator authenticator(services.database());
        Router router(services.database(), authenticator);
        router.setObserver([&metrics](const std::string& pattern, const std::string& method,
                                      int status, std::chrono::duration<double> elapsed) {
            metrics.httpRequest(pattern, method, status, elapsed.count());
        });
        const auto tokenFile = settings.metricsTokenFile.empty()
                                   ? settings.dataDir / "metrics-token"
                                   : settings.metricsTokenFile;
        ApiContext context{
            services,  authenticator, runner,           metrics,
            readCache, cacheWarmer,   supervisor.get(), readOrCreateSecret(tokenFile),
            &disk};
        log->info("GET /metrics wants the bearer token of {}", tokenFile.string());
        registerRoutes(router, context);
        // Profiles and KPIs of what is already loaded, computed while nobody waits for them.
        if (settings.warmCacheAtStart)
            for (const auto& tenant : TenantRepository(services.database()).list())
                for (const auto loanType : core::kLoanTypes)
                    cacheWarmer.request(tenant.id, loanType);
        // Sort indexes of the large views lacking one (a build an earlier stop cut short).
        for (const auto& tenant : TenantRepository(services.database()).list())
            sortIndexer.request(tenant.id);

        HttpServer server(router, http);
        server.bind();
        std::promise<void> served;
        auto servedFuture = served.get_future();
        std::thread serving([&server, &served] {
            server.run();
            served.set_value();
        });
        SystemClock clock;
        Scheduler scheduler(services.database(), runner, clock, settings.schedulerInterval);
        if (settings.schedulerInterval.count() > 0)
            scheduler.start();
        else
            log->info("scheduler disabled (scheduler interval 0): syncs start only on request");
        log->info("findata-agent {} serving on {}", FINDATA_VERSION, server.url());
        std::printf("listening on %s\n", server.url().c_str());
        std::fflush(stdout);
        systemd.notify("READY=1\nSTATUS=serving on " + server.url());

        const int signal = waitForStopSignal(stopSignals);
        const auto grace = settings.shutdownGrace;
        const auto deadline = std::chrono::steady_clock::now() + grace;
        log->info(
            "signal {}: stopping: no new connections or syncs; uploads, requests and syncs in "
            "progress get {} s",
            signal, grace.count());
        systemd.notify("STOPPING=1");
        armShutdownWatchdog(grace + kShutdownOverrun);
        server.stop();  // the listener closes now; connections end after their request
        scheduler.stop();
        sortIndexer.interrupt();  // a build in progress ends at its next chunk
        const auto abandoned = runner.stop(grace);
        if (abandoned > 0)
            log->warn("{} sync(s) still running are abandoned; the next start recovers them",
                      abandoned);
        // The same deadline bounds the requests: an upload still arriving is cut off, and its
        // handler discards it (nothing of it is kept or recorded).
        if (servedFuture.wait_until(deadline) == std::future_status::timeout) {
            const auto closed = server.abortConnections();
            log->warn(
                "{} connection(s) still busy after {} s are closed; uploads cut off are "
                "discarded",
                closed, grace.count());
            if (servedFuture.wait_for(kHandlerWait) == std::future_status::timeout) {
                log->warn(
                    "a request still runs {} s after its connection was closed; exiting "
                    "without it",
                    kHandlerWait.count());
                log->flush();
                std::_Exit(0);
            }
        }
        serving.join();
        cacheWarmer.stop();
        sortIndexer.stop();
        if (abandoned > 0) std::_Exit(0);  // do not wait for them; the embedded servers die with us
        log->info("stopped");
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "findata-agent serve: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace findata::agent
