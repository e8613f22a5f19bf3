# findata-agent %post: the system account, the data directory, the unit known to systemd.
getent group findata >/dev/null || groupadd --system findata
getent passwd findata >/dev/null ||
    useradd --system --gid findata --home-dir /var/lib/findata --no-create-home \
        --shell /sbin/nologin --comment "findata agent" findata
install -d -o findata -g findata -m 0750 /var/lib/findata
chown root:findata /etc/findata/agent.conf
chmod 0640 /etc/findata/agent.conf
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    # Fresh install ($1 = 1): enabled by the presets; upgrade: restart a running agent.
    if [ "$1" -eq 1 ]; then
        systemctl preset findata-agent.service >/dev/null 2>&1 || :
    else
        systemctl try-restart findata-agent.service >/dev/null 2>&1 || :
    fi
fi
exit 0
