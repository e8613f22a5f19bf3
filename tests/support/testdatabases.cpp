#include "support/testdatabases.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <memory>

#include "agent/embedded/embeddedservers.h"
#include "agent/warehouse/clickhouseclient.h"
#include "testconfig.h"

namespace findata::test {
namespace {

std::optional<DatabaseUrls> fixtureUrls() {
    QFile file(QStringLiteral(FINDATA_TEST_DATABASES_DIR "/urls"));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    DatabaseUrls urls;
    for (const auto& line : file.readAll().split('\n')) {
        if (line.startsWith("FINDATA_PG_URL=")) urls.pg = line.mid(15).toStdString();
        if (line.startsWith("FINDATA_CLICKHOUSE_URL="))
            urls.clickhouse = line.mid(23).toStdString();
    }
    if (urls.pg.empty() || urls.clickhouse.empty()) return std::nullopt;
    if (!agent::ClickHouseClient(urls.clickhouse).ping()) return std::nullopt;
    return urls;
}

struct PrivateServers {
    QTemporaryDir dir;
    std::unique_ptr<agent::EmbeddedServers> servers;
    PrivateServers() {
        // The database accounts must be able to enter the directory when we run as root.
        QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                              QFileDevice::ExeOther);
        servers = std::make_unique<agent::EmbeddedServers>(dir.path().toStdString(), "", "");
    }
};

}  // namespace

const DatabaseUrls& testDatabases() {
    static const DatabaseUrls urls = [] {
        if (auto fixture = fixtureUrls()) return *fixture;
        qInfo("no shared test databases running; starting private ones for this process");
        static PrivateServers servers;
        return DatabaseUrls{servers.servers->pgUrl(), servers.servers->clickhouseUrl()};
    }();
    return urls;
}

agent::Settings testSettings(const std::string& dataDir) {
    const auto& urls = testDatabases();
    agent::Settings settings;
    settings.dataDir = dataDir;
    settings.pgUrl = urls.pg;
    settings.clickhouseUrl = urls.clickhouse;
    return settings;
}

std::string uniqueTenantId(std::string_view prefix) {
    return std::string(prefix) +
           QStringLiteral("%1")
               .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'))
               .toUpper()
               .toStdString();
}

}  // namespace findata::test
