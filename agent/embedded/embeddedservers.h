#pragma once
// The databases a process uses: the configured servers, or private embedded ones started under
// the data directory (<data-dir>/postgres, <data-dir>/clickhouse) for each URL left empty.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace findata::agent {

class EmbeddedPostgres;
class EmbeddedClickHouse;

class EmbeddedServers final {
public:
    /// Starts what is missing and waits until it answers; throws EmbeddedDatabaseError.
    /// Call from a thread that outlives the servers (see EmbeddedPostgres).
    EmbeddedServers(const std::filesystem::path& dataDir, std::string pgUrl,
                    std::string clickhouseUrl);
    ~EmbeddedServers();  // stops the embedded servers it started
    EmbeddedServers(const EmbeddedServers&) = delete;
    EmbeddedServers& operator=(const EmbeddedServers&) = delete;

    const std::string& pgUrl() const { return m_pgUrl; }
    const std::string& clickhouseUrl() const { return m_clickhouseUrl; }
    /// The embedded ClickHouse's native TCP port (for clickhouse-client), 0 when external.
    std::uint16_t clickhouseTcpPort() const;
    bool embeddedPostgres() const { return m_pg != nullptr; }
    bool embeddedClickHouse() const { return m_ch != nullptr; }
    /// The embedded servers (null when external), e.g. to start one again after it died.
    EmbeddedPostgres* postgres() { return m_pg.get(); }
    EmbeddedClickHouse* clickhouse() { return m_ch.get(); }
    const std::filesystem::path& dataDir() const { return m_dataDir; }
    /// Stops the embedded servers now (also done by the destructor).
    void stop();

private:
    std::filesystem::path m_dataDir;
    std::unique_ptr<EmbeddedPostgres> m_pg;
    std::unique_ptr<EmbeddedClickHouse> m_ch;
    std::string m_pgUrl;
    std::string m_clickhouseUrl;
};

}  // namespace findata::agent
