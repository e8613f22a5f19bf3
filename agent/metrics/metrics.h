#pragma once
// The agent's Prometheus metrics, kept in process and rendered in the text exposition format
// for GET /metrics. Thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace findata::agent {

class Metrics final {
public:
    Metrics();

    /// A finished sync: findata_sync_operations_total{tenant,loan_type,status},
    /// findata_sync_duration_seconds{loan_type} (histogram), findata_rows_inserted_total
    /// {tenant,loan_type,file_type}, findata_validation_errors_total{tenant,loan_type,severity}.
    void syncFinished(const std::string& tenant, const std::string& loanType,
                      const std::string& status, double seconds, std::uint64_t creditRowsLoaded,
                      std::uint64_t paymentRowsLoaded, std::uint64_t errors,
                      std::uint64_t warnings);
    /// findata_upload_bytes_total{tenant,loan_type,file_type}.
    void uploadReceived(const std::string& tenant, const std::string& loanType,
                        const std::string& fileType, std::uint64_t bytes);
    /// findata_http_requests_total{route,method,status} and
    /// findata_http_request_duration_seconds{route,method} (histogram).
    void httpRequest(const std::string& route, const std::string& method, int status,
                     double seconds);

    /// Every metric with its HELP and TYPE lines, plus findata_up and process figures, plus
    /// what each collector renders.
    std::string exposition() const;

    /// Renders metrics whose values live elsewhere (e.g. database supervision) in the text
    /// exposition format, HELP and TYPE lines included; called on every exposition().
    using Collector = std::function<std::string()>;
    void addCollector(Collector collector);

private:
    struct Histogram {
        std::vector<std::uint64_t> buckets;  // cumulative counts per bound
        double sum = 0;
        std::uint64_t count = 0;
    };
    using Labels = std::vector<std::pair<std::string, std::string>>;

    mutable std::mutex m_mutex;
    std::map<std::string, std::map<Labels, double>> m_counters;
    std::map<std::string, std::map<Labels, Histogram>> m_histograms;
    std::chrono::system_clock::time_point m_started;
    std::vector<Collector> m_collectors;

    void add(const std::string& name, Labels labels, double value);
    void observe(const std::string& name, Labels labels, double value,
                 const std::vector<double>& bounds);
};

/// Bucket bounds (seconds) of the two histograms.
extern const std::vector<double> kSyncDurationBounds;
extern const std::vector<double> kHttpDurationBounds;

}  // namespace findata::agent
