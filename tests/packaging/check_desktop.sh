#!/usr/bin/env bash
# Desktop integration files: the reverse-DNS .desktop file and the AppStream metainfo validate,
# agree with each other, and name an icon that exists as SVG.
#   check_desktop.sh SOURCE_DIR
set -euo pipefail
res=$1/resources
command -v desktop-file-validate >/dev/null || { echo "desktop-file-validate missing (desktop-file-utils)"; exit 1; }
desktop-file-validate "$res/io.findata.Desktop.desktop"
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$res/io.findata.Desktop.metainfo.xml"
elif command -v appstream-util >/dev/null; then
  appstream-util validate-relax --nonet "$res/io.findata.Desktop.metainfo.xml"
else
  echo "neither appstreamcli nor appstream-util is installed"; exit 1
fi
grep -qx 'Icon=io.findata.Desktop' "$res/io.findata.Desktop.desktop"
grep -qx 'Exec=findata-desktop' "$res/io.findata.Desktop.desktop"
grep -q '<id>io.findata.Desktop</id>' "$res/io.findata.Desktop.metainfo.xml"
grep -q '<launchable type="desktop-id">io.findata.Desktop.desktop</launchable>' "$res/io.findata.Desktop.metainfo.xml"
grep -q '<binary>findata-desktop</binary>' "$res/io.findata.Desktop.metainfo.xml"
xmllint=$(command -v xmllint || true)
if [ -n "$xmllint" ]; then "$xmllint" --noout "$res/icons/findata.svg"; fi
grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$res/icons/findata.svg"
echo "desktop files OK"
