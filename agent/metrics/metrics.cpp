#include "agent/metrics/metrics.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace findata::agent {

const std::vector<double> kSyncDurationBounds = {0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800};
// 2 s is a bound so the "p95 latency > 2 s" alert rule reads an exact bucket.
const std::vector<double> kHttpDurationBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                 0.5,   1,    2,     2.5,  5,   10};

namespace {

struct Family {
    const char* name;
    const char* type;
    const char* help;
};

// Every metric the agent exports, in output order.
constexpr Family kFamilies[] = {
    {"findata_sync_operations_total", "counter", "Syncs ended, by tenant, loan type and status."},
    {"findata_sync_duration_seconds", "histogram", "Wall time of syncs, by loan type."},
    {"findata_rows_inserted_total", "counter", "Rows loaded into the warehouse."},
    {"findata_validation_errors_total", "counter", "Validation findings, by severity."},
    {"findata_upload_bytes_total", "counter", "Bytes of uploaded files staged."},
    {"findata_http_requests_total", "counter", "HTTP requests, by route, method and status."},
    {"findata_http_request_duration_seconds", "histogram", "HTTP request latency, by route."},
};

std::string escape(const std::string& value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string labelText(const std::vector<std::pair<std::string, std::string>>& labels,
                      const std::string& extraName = {}, const std::string& extraValue = {}) {
    std::string out;
    for (const auto& [k, v] : labels)
        out += (out.empty() ? "" : ",") + k + "=\"" + escape(v) + "\"";
    if (!extraName.empty())
        out += (out.empty() ? "" : ",") + extraName + "=\"" + escape(extraValue) + "\"";
    return out.empty() ? "" : "{" + out + "}";
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(15);
    s << v;
    return s.str();
}

}  // namespace

Metrics::Metrics() : m_started(std::chrono::system_clock::now()) {}

void Metrics::add(const std::string& name, Labels labels, double value) {
    const std::lock_guard lock(m_mutex);
    m_counters[name][std::move(labels)] += value;
}

void Metrics::observe(const std::string& name, Labels labels, double value,
                      const std::vector<double>& bounds) {
    const std::lock_guard lock(m_mutex);
    auto& h = m_histograms[name][std::move(labels)];
    if (h.buckets.empty()) h.buckets.assign(bounds.size(), 0);
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (value <= bounds[i]) ++h.buckets[i];
    h.sum += value;
    ++h.count;
}

void Metrics::syncFinished(const std::string& tenant, const std::string& loanType,
                           const std::string& status, double seconds,
                           std::uint64_t creditRowsLoaded, std::uint64_t paymentRowsLoaded,
                           std::uint64_t errors, std::uint64_t warnings) {
    add("findata_sync_operations_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"status", status}}, 1);
    observe("findata_sync_duration_seconds", {{"loan_type", loanType}}, seconds,
            kSyncDurationBounds);
    add("findata_rows_inserted_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"file_type", "credit"}},
        static_cast<double>(creditRowsLoaded));
    add("findata_rows_inserted_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"file_type", "payment_plan"}},
        static_cast<double>(paymentRowsLoaded));
    add("findata_validation_errors_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"severity", "error"}},
        static_cast<double>(errors));
    add("findata_validation_errors_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"severity", "warning"}},
        static_cast<double>(warnings));
}

void Metrics::uploadReceived(const std::string& tenant, const std::string& loanType,
                             const std::string& fileType, std::uint64_t bytes) {
    add("findata_upload_bytes_total",
        {{"tenant", tenant}, {"loan_type", loanType}, {"file_type", fileType}},
        static_cast<double>(bytes));
}

void Metrics::httpRequest(const std::string& route, const std::string& method, int status,
                          double seconds) {
    add("findata_http_requests_total",
        {{"route", route}, {"method", method}, {"status", std::to_string(status)}}, 1);
    observe("findata_http_request_duration_seconds", {{"route", route}, {"method", method}},
            seconds, kHttpDurationBounds);
}

std::string Metrics::exposition() const {
    std::string out;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto& family : kFamilies) {
            out += std::string("# HELP ") + family.name + " " + family.help + "\n";
            out += std::string("# TYPE ") + family.name + " " + family.type + "\n";
            if (const auto c = m_counters.find(family.name); c != m_counters.end())
                for (const auto& [labels, value] : c->second)
                    out += family.name + labelText(labels) + " " + number(value) + "\n";
            if (const auto h = m_histograms.find(family.name); h != m_histograms.end()) {
                const auto& bounds = std::string(family.name) == "findata_sync_duration_seconds"
                                         ? kSyncDurationBounds
                                         : kHttpDurationBounds;
                for (const auto& [labels, hist] : h->second) {
                    for (std::size_t i = 0; i < bounds.size(); ++i)
                        out += std::string(family.name) + "_bucket" +
                               labelText(labels, "le", number(bounds[i])) + " " +
                               std::to_string(hist.buckets[i]) + "\n";
                    out += std::string(family.name) + "_bucket" + labelText(labels, "le", "+Inf") +
                           " " + std::to_string(hist.count) + "\n";
                    out += std::string(family.name) + "_sum" + labelText(labels) + " " +
                           number(hist.sum) + "\n";
                    out += std::string(family.name) + "_count" + labelText(labels) + " " +
                           std::to_string(hist.count) + "\n";
                }
            }
        }
    }
    out +=
        "# HELP findata_up Whether the agent is serving.\n# TYPE findata_up gauge\nfindata_up 1\n";
    out +=
        "# HELP findata_start_time_seconds When the agent started (Unix time).\n"
        "# TYPE findata_start_time_seconds gauge\nfindata_start_time_seconds " +
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(m_started.time_since_epoch())
                .count()) +
        "\n";
    long rssPages = 0;
    if (std::ifstream statm("/proc/self/statm"); statm >> rssPages >> rssPages)
        out +=
            "# HELP process_resident_memory_bytes Resident memory of the agent.\n"
            "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " +
            std::to_string(rssPages * ::sysconf(_SC_PAGESIZE)) + "\n";
    std::vector<Collector> collectors;
    {
        const std::lock_guard lock(m_mutex);
        collectors = m_collectors;
    }
    for (const auto& collect : collectors)
        out += collect();
    return out;
}

void Metrics::addCollector(Collector collector) {
    const std::lock_guard lock(m_mutex);
    m_collectors.push_back(std::move(collector));
}

}  // namespace findata::agent
