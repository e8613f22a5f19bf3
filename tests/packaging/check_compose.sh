#!/usr/bin/env bash
# docker-compose.yml: Debian's docker-compose accepts it, and the resolved file has the services,
# health checks, healthy-ordering, volumes and mounts the issue asks for. No Docker engine runs
# here, so nothing is pulled, built or started.
#   check_compose.sh SOURCE_DIR
set -euo pipefail
src=$1
command -v docker-compose >/dev/null || { echo "docker-compose missing (scripts/setup installs it)"; exit 1; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 1; }
cd "$src"
docker-compose -f docker-compose.yml config -q
resolved=$(docker-compose -f docker-compose.yml config)
# The pyenv python may lack PyYAML; docker-compose itself brings Debian's.
py=/usr/bin/python3
[ -x $py ] || py=python3
echo "$resolved" | $py -c '
import sys, os, yaml
c = yaml.safe_load(sys.stdin)
s = c["services"]
problems = []
need = {"agent", "postgres", "clickhouse", "prometheus", "grafana", "postgres-exporter", "node-exporter"}
problems += [f"service {n} missing" for n in sorted(need - set(s))]
for name, svc in s.items():
    if "healthcheck" not in svc: problems.append(f"{name}: no healthcheck")
    for dep, cond in (svc.get("depends_on") or {}).items():
        if cond.get("condition") != "service_healthy": problems.append(f"{name}: {dep} not service_healthy")
def image(n): return s[n].get("image", "")
if not image("postgres").startswith("postgres:16"): problems.append("postgres is not 16: " + image("postgres"))
if not image("clickhouse").startswith("clickhouse/clickhouse-server:"): problems.append("clickhouse image: " + image("clickhouse"))
deps = lambda n: set((s[n].get("depends_on") or {}))
if deps("agent") != {"postgres", "clickhouse"}: problems.append("agent depends on " + str(deps("agent")))
if "agent" not in deps("prometheus"): problems.append("prometheus does not wait for the agent")
if "prometheus" not in deps("grafana"): problems.append("grafana does not wait for prometheus")
if s["agent"].get("build", {}).get("dockerfile", "Dockerfile") != "Dockerfile": problems.append("agent not built from Dockerfile")
env = s["agent"].get("environment", {})
for k in ("FINDATA_PG_URL", "FINDATA_CLICKHOUSE_URL"):
    if k not in env: problems.append(f"agent lacks {k}")
if "@postgres:5432/" not in env.get("FINDATA_PG_URL", ""): problems.append("agent does not use the postgres service")
# /metrics wants a bearer token: the agent and Prometheus share one secret.
def secrets(n): return {x if isinstance(x, str) else x.get("source") for x in s[n].get("secrets", [])}
for n in ("agent", "prometheus"):
    if "metrics_token" not in secrets(n): problems.append(n + ": no metrics_token secret")
if env.get("FINDATA_METRICS_TOKEN_FILE") != "/run/secrets/metrics_token": problems.append("agent does not read the metrics token secret")
# docker-compose 1.x prints volumes and ports in their short string forms; newer ones as maps.
def volume(v):
    if isinstance(v, dict): return v.get("type"), v.get("source", "")
    source = v.split(":")[0]
    return ("bind" if source.startswith(("/", ".")) else "volume"), source
def hostIp(p):
    if isinstance(p, dict): return p.get("host_ip")
    parts = str(p).split(":")
    return parts[0] if len(parts) == 3 else None
for n in ("postgres", "clickhouse", "agent", "prometheus", "grafana"):
    if not any(volume(v)[0] == "volume" for v in s[n].get("volumes", [])):
        problems.append(n + ": no named volume for its data")
for name, svc in s.items():
    for p in svc.get("ports", []):
        if hostIp(p) != "127.0.0.1": problems.append(name + ": port " + str(p) + " published beyond loopback")
    for v in svc.get("volumes", []):
        kind, source = volume(v)
        if kind == "bind" and source.startswith(os.getcwd()) and not os.path.exists(source):
            problems.append(name + ": mounts missing " + source)
print("\n".join(problems) if problems else "compose file OK")
sys.exit(1 if problems else 0)
'
# The Dockerfile: multi-stage on bookworm, runs as a non-root user.
grep -Eq '^FROM debian:bookworm(-slim)? AS build' Dockerfile || { echo "Dockerfile: no bookworm build stage"; exit 1; }
[ "$(grep -c '^FROM ' Dockerfile)" -ge 2 ] || { echo "Dockerfile is not multi-stage"; exit 1; }
grep -Eq '^USER findata' Dockerfile || { echo "Dockerfile does not switch to a non-root user"; exit 1; }
# Everything the build stage configures is copied in (top-level add_subdirectory/include targets).
for dir in $(sed -n 's/^ *add_subdirectory(\([a-z]*\))$/\1/p; s/^include(\([a-z]*\)\/.*)$/\1/p' CMakeLists.txt | sort -u); do
  case $dir in app|tests) continue ;; esac  # switched off in the image
  grep -q "^COPY $dir/ $dir/" Dockerfile || { echo "Dockerfile does not copy $dir/"; exit 1; }
done
echo "Dockerfile OK"
