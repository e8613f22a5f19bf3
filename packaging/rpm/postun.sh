# findata-agent %postun: forget the unit; the data in /var/lib/findata and the account stay.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
exit 0
