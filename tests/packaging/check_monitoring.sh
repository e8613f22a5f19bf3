#!/usr/bin/env bash
# Prometheus and Grafana files: promtool accepts the scrape config and the rules, the rules'
# unit tests pass (the 5xx, latency, sync-failure, disk-low, PostgreSQL, CPU and agent-down
# alerts fire on sample series and stay quiet under their thresholds), the dashboards are valid JSON whose
# panels all query the provisioned datasource, and the provisioning files point where compose
# mounts the dashboards.
#   check_monitoring.sh SOURCE_DIR
set -euo pipefail
src=$1
prom=$src/infrastructure/prometheus
graf=$src/infrastructure/grafana
for tool in promtool jq; do
  command -v $tool >/dev/null || { echo "$tool missing (scripts/setup installs it)"; exit 1; }
done

# The scrape config references the metrics token secret, which exists only where compose runs:
# check it against a token file of our own.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$prom/." "$tmp/"
echo 0123456789abcdef >"$tmp/metrics_token"
sed -i "s|credentials_file: /run/secrets/metrics_token|credentials_file: $tmp/metrics_token|" "$tmp/prometheus.yml"
grep -q "credentials_file: $tmp/metrics_token" "$tmp/prometheus.yml" ||
  { echo "prometheus.yml does not send the agent's metrics token"; exit 1; }
promtool check config "$tmp/prometheus.yml"
promtool check rules "$prom/alert_rules.yml"
(cd "$prom" && promtool test rules alert_rules_test.yml)

# Every alert of PRODUCT.md is there.
for alert in FindataHighErrorRate FindataHighLatency FindataSyncFailureRate FindataDiskLow PostgresConnectionsHigh HostHighCpu; do
  grep -q "alert: $alert\$" "$prom/alert_rules.yml" || { echo "alert $alert missing"; exit 1; }
done
# ... and the tests exercise each of them.
for alert in FindataHighErrorRate FindataSyncFailureRate FindataDiskLow; do
  grep -q "alertname: $alert\$" "$prom/alert_rules_test.yml" || { echo "no promtool test for $alert"; exit 1; }
done
# Prometheus scrapes the agent and every exporter compose runs.
for target in agent:8000 postgres-exporter:9187 node-exporter:9100 clickhouse:9363; do
  grep -q "\"$target\"" "$prom/prometheus.yml" || { echo "prometheus.yml does not scrape $target"; exit 1; }
done

for board in application infrastructure; do
  file=$graf/dashboards/$board.json
  jq -e . "$file" >/dev/null || { echo "$file is not JSON"; exit 1; }
  uid=$(jq -r .uid "$file")
  [ "$uid" = "findata-$board" ] || { echo "$file: uid $uid"; exit 1; }
  # Panels (rows aside) have queries, all on the provisioned datasource uid.
  empty=$(jq -r '[.panels[] | select(.type != "row") | select((.targets // []) | length == 0) | .title] | join(", ")' "$file")
  [ -z "$empty" ] || { echo "$file: panels without queries: $empty"; exit 1; }
  foreign=$(jq -r '[.panels[] | select(.type != "row") | .targets[] | select(.datasource.uid != "prometheus") | .expr] | join(", ")' "$file")
  [ -z "$foreign" ] || { echo "$file: queries on another datasource: $foreign"; exit 1; }
done
# The application dashboard covers what the issue lists.
app=$graf/dashboards/application.json
for metric in findata_http_requests_total findata_http_request_duration_seconds_bucket \
              findata_sync_operations_total findata_rows_inserted_total findata_validation_errors_total; do
  jq -r '.panels[].targets[]?.expr' "$app" | grep -q "$metric" || { echo "application dashboard lacks $metric"; exit 1; }
done
grep -q "uid: prometheus" "$graf/provisioning/datasources/prometheus.yml"
grep -q "url: http://prometheus:9090" "$graf/provisioning/datasources/prometheus.yml"
grep -q "path: /etc/grafana/dashboards" "$graf/provisioning/dashboards/findata.yml"
echo "monitoring configuration OK"
