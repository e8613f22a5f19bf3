#!/usr/bin/env bash
# The packages end to end: cpack builds the .deb/.rpm/.tar.gz of the build directory; their
# contents, dependencies and scripts are inspected; the agent .deb is installed on this machine,
# its postinst creates the account and data directory, the installed binary answers --version and
# serves /health from its embedded PostgreSQL + ClickHouse as the `findata` user with the shipped
# config (announcing READY=1 to $NOTIFY_SOCKET), then remove keeps the conffile and purge takes
# everything away.
#   package_test.sh BUILD_DIR VERSION
set -eu  # no pipefail: `producer | grep -q` must not fail on SIGPIPE
build=$1 version=$2
[ "$(id -u)" -eq 0 ] || { echo "installing a package needs root"; exit 1; }
for tool in cpack dpkg-deb rpm rpmbuild curl python3 setpriv; do
  command -v $tool >/dev/null || { echo "$tool missing (scripts/setup installs it)"; exit 1; }
done
if dpkg-query -W -f='${Status}' findata-agent 2>/dev/null | grep -q "ok installed"; then
  echo "findata-agent is already installed on this machine; not touching it"; exit 1
fi

tmp=$(mktemp -d)
chmod 0755 "$tmp"
user_existed=0
getent passwd findata >/dev/null && user_existed=1
agent_pid="" listener_pid=""
cleanup() {
  [ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null || true
  [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null || true
  if dpkg-query -W findata-agent >/dev/null 2>&1; then dpkg --purge findata-agent >/dev/null 2>&1 || true; fi
  # Debian keeps system accounts on purge; the test removes the one it made.
  if [ $user_existed = 0 ] && getent passwd findata >/dev/null; then
    userdel findata 2>/dev/null || true; groupdel findata 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

echo "== cpack"
cpack -B "$tmp/packages" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack"; }
[ ! -e /etc/findata ] || fail "cpack wrote /etc/findata on the build machine"
cd "$tmp/packages"
deb=findata-agent_${version}_amd64.deb
rpmfile=findata-agent-${version}-1.x86_64.rpm
tarball=findata-agent-${version}-x86_64.tar.gz
for f in "$deb" "$rpmfile" "$tarball"; do [ -f "$f" ] || { ls; fail "no $f"; }; done

echo "== inspect the agent .deb"
info=$(dpkg-deb -I "$deb")
echo "$info" | grep -q "^ Package: findata-agent$" || fail "package name"
echo "$info" | grep -q "^ Version: $version$" || fail "version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libpqxx-6.4 libspdlog libssl3 libc6 adduser; do  # from dpkg-shlibdeps
  echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib: $depends"
done
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "$recommends" | grep -q postgresql || fail "Recommends lacks postgresql"
echo "$recommends" | grep -q clickhouse-server || fail "Recommends lacks clickhouse-server"
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/findata-agent ./etc/findata/agent.conf ./usr/lib/systemd/system/findata-agent.service; do
  echo "$contents" | grep -q " $path$" || fail "$deb lacks $path"
done
mkdir control && dpkg-deb -e "$deb" control
grep -qx /etc/findata/agent.conf control/conffiles || fail "agent.conf is not a conffile"
for script in postinst prerm postrm; do [ -x control/$script ] || fail "no $script"; sh -n control/$script; done
grep -q "adduser --system" control/postinst || fail "postinst does not create a system user"

if [ -f "findata-desktop_${version}_amd64.deb" ]; then
  echo "== inspect the desktop .deb"
  d=findata-desktop_${version}_amd64.deb
  dpkg-deb -f "$d" Depends | grep -q libqt6widgets6 || fail "desktop Depends lacks Qt: $(dpkg-deb -f "$d" Depends)"
  dc=$(dpkg-deb -c "$d")
  for path in ./usr/bin/findata-desktop ./usr/share/applications/io.findata.Desktop.desktop \
              ./usr/share/metainfo/io.findata.Desktop.metainfo.xml ./usr/share/icons/hicolor/scalable/apps/io.findata.Desktop.svg; do
    echo "$dc" | grep -q " $path$" || fail "$d lacks $path"
  done
  rpm -qlp "findata-desktop-${version}-1.x86_64.rpm" | grep -qx /usr/bin/findata-desktop || fail "desktop rpm"
fi

echo "== inspect the agent .rpm"
files=$(rpm -qlp "$rpmfile")
for path in /usr/bin/findata-agent /etc/findata/agent.conf /usr/lib/systemd/system/findata-agent.service; do
  echo "$files" | grep -qx "$path" || fail "$rpmfile lacks $path"
done
rpm -qcp "$rpmfile" | grep -qx /etc/findata/agent.conf || fail "agent.conf is not %config in the rpm"
rpm -qp --requires "$rpmfile" | grep -q "libpq.so.5" || fail "rpm requires lacks libpq"
rpm -qp --recommends "$rpmfile" | grep -q postgresql-server || fail "rpm recommends lacks postgresql-server"
rpm -qp --scripts "$rpmfile" | grep -q "useradd --system" || fail "rpm %post does not create the account"
listing=$(tar tzf "$tarball")
echo "$listing" | grep -qx usr/bin/findata-agent || fail "tarball lacks usr/bin/findata-agent"
echo "$listing" | grep -qx etc/findata/agent.conf || fail "tarball lacks etc/findata/agent.conf"

echo "== install"
apt-get install -y -qq -o DPkg::Lock::Timeout=120 "./$deb" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "install"; }
dpkg-query -W -f='${Status}' findata-agent | grep -q "install ok installed" || fail "not installed"
[ -x /usr/bin/findata-agent ] || fail "no /usr/bin/findata-agent"
getent passwd findata >/dev/null || fail "postinst created no findata account"
[ "$(stat -c %U:%a /var/lib/findata)" = findata:750 ] || fail "/var/lib/findata is $(stat -c %U:%a /var/lib/findata)"
[ "$(stat -c %U:%G:%a /etc/findata/agent.conf)" = root:findata:640 ] || fail "agent.conf is $(stat -c %U:%G:%a /etc/findata/agent.conf)"
[ -L /etc/systemd/system/multi-user.target.wants/findata-agent.service ] || fail "unit not enabled"
out=$(systemd-analyze verify /usr/lib/systemd/system/findata-agent.service 2>&1) || fail "verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"
[ "$(/usr/bin/findata-agent --version)" = "findata-agent $version" ] || fail "--version says $(/usr/bin/findata-agent --version)"

echo "== serve from the installed files (embedded databases, as findata, like the unit)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
install -d -o findata -g findata -m 0750 "$tmp/data"
# systemd's side of Type=notify: a datagram socket that records what the agent sends.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
import os; os.chmod(sys.argv[1], 0o777)
with open(sys.argv[2], "a") as out:
    while True:
        out.write(s.recv(4096).decode() + "\n"); out.flush()
' "$tmp/notify.sock" "$tmp/notify.log" &
listener_pid=$!
for _ in $(seq 50); do [ -S "$tmp/notify.sock" ] && break; sleep 0.1; done
# setpriv and env exec, so $! is the agent itself (runuser would stay in between).
NOTIFY_SOCKET=$tmp/notify.sock setpriv --reuid findata --regid findata --init-groups -- \
  env HOME=/var/lib/findata /usr/bin/findata-agent serve \
  --config /etc/findata/agent.conf --data-dir "$tmp/data" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
agent_pid=$!
healthy=0
for _ in $(seq 360); do
  if curl -fsS "http://127.0.0.1:$port/health" >"$tmp/health.json" 2>/dev/null; then healthy=1; break; fi
  kill -0 $agent_pid 2>/dev/null || break
  sleep 0.5
done
[ $healthy = 1 ] || { tail -n 40 "$tmp/serve.log"; fail "/health did not answer"; }
cat "$tmp/health.json"; echo
for _ in $(seq 20); do grep -q READY=1 "$tmp/notify.log" 2>/dev/null && break; sleep 0.2; done
grep -q READY=1 "$tmp/notify.log" || fail "the agent sent no READY=1 to NOTIFY_SOCKET"
[ "$(grep -c READY=1 "$tmp/notify.log")" = 1 ] || fail "READY=1 sent more than once (a child answered for the agent?)"
[ "$(stat -c %U "$tmp/data")" = findata ] || fail "data dir owner changed"
find "$tmp/data" -mindepth 1 -maxdepth 1 | grep -q . || fail "the agent wrote nothing to its data dir"
kill -TERM $agent_pid
for _ in $(seq 240); do kill -0 $agent_pid 2>/dev/null || break; sleep 0.5; done
kill -0 $agent_pid 2>/dev/null && fail "agent did not stop within 120 s of SIGTERM"
wait $agent_pid || fail "agent exited with $? after SIGTERM"
agent_pid=""
grep -q STOPPING=1 "$tmp/notify.log" || fail "no STOPPING=1 on shutdown"
pgrep -u findata >/dev/null && fail "processes of findata survive the agent: $(pgrep -a -u findata)"

echo "== remove, then purge"
dpkg -r findata-agent >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/findata-agent ] || fail "binary left after remove"
[ ! -e /usr/lib/systemd/system/findata-agent.service ] || fail "unit left after remove"
[ -f /etc/findata/agent.conf ] || fail "remove must keep the conffile"
dpkg --purge findata-agent >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "dpkg --purge"; }
dpkg-query -W -f='${Status}' findata-agent 2>/dev/null | grep -q "installed" && fail "still installed"
[ ! -e /etc/findata ] || fail "/etc/findata left after purge"
[ ! -e /etc/systemd/system/multi-user.target.wants/findata-agent.service ] || fail "enablement left after purge"
[ ! -e /var/lib/findata ] || fail "empty /var/lib/findata left after purge"
echo "package test OK"
