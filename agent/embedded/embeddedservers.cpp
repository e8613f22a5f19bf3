#include "agent/embedded/embeddedservers.h"

#include "agent/embedded/embeddedclickhouse.h"
#include "agent/embedded/embeddedpostgres.h"

namespace findata::agent {

EmbeddedServers::EmbeddedServers(const std::filesystem::path& dataDir, std::string pgUrl,
                                 std::string clickhouseUrl)
    : m_dataDir(dataDir), m_pgUrl(std::move(pgUrl)), m_clickhouseUrl(std::move(clickhouseUrl)) {
    if (m_pgUrl.empty() || m_clickhouseUrl.empty()) std::filesystem::create_directories(dataDir);
    if (m_pgUrl.empty()) {
        m_pg = std::make_unique<EmbeddedPostgres>();
        m_pgUrl = m_pg->start(dataDir / "postgres");
    }
    if (m_clickhouseUrl.empty()) {
        m_ch = std::make_unique<EmbeddedClickHouse>();
        m_clickhouseUrl = m_ch->start(dataDir / "clickhouse");
    }
}

EmbeddedServers::~EmbeddedServers() {
    stop();
}

std::uint16_t EmbeddedServers::clickhouseTcpPort() const {
    return m_ch ? m_ch->tcpPort() : 0;
}

void EmbeddedServers::stop() {
    if (m_ch) m_ch->stop();
    if (m_pg) m_pg->stop();
}

}  // namespace findata::agent
