#!/bin/sh
# make install into a scratch DESTDIR: the installed binary finds its templates and
# translations under PREFIX/share (not this build folder), writes what the build's binary
# writes, and the systemd unit is confined and runs as its own user.
. "$(dirname "$0")/lib/common.sh"
make --no-print-directory -s install BUILD="$B" DESTDIR="$T/root" PREFIX=/usr >"$T/install.log" 2>&1
check "make install succeeds" [ $? -eq 0 ]
I="$T/root/usr/bin/guiyan"
S="$PWD/samples"
check "binary installed" [ -x "$I" ]
( cd "$T" && env -u GUIYAN_TEMPLATES -u GUIYAN_LOCALEDIR "$I" summary -q -o inst "$S/leshan_2019.csv" "$S/leshan_2021_h1.csv" ) 2>"$T/inst.err"
( cd "$T" && "$G" summary -q -o built "$S/leshan_2019.csv" "$S/leshan_2021_h1.csv" ) 2>/dev/null
for f in summary.csv summary.xlsx charts.pdf manifest.json; do
    check "installed guiyan writes the build's $f" cmp -s "$T/inst/$f" "$T/built/$f"
done
# the templates it reads are the installed ones: without their division table it stops
mv "$T/root/usr/share/guiyan/templates/divisions.tsv" "$T/divisions.tsv"
( cd "$T" && env -u GUIYAN_TEMPLATES "$I" summary -q -o inst2 "$S/leshan_2021_h1.csv" ) 2>"$T/nodiv.err"
check "the installed templates are used (not the build folder's)" has "$T/nodiv.err" "division table"
mv "$T/divisions.tsv" "$T/root/usr/share/guiyan/templates/divisions.tsv"
# and its translations
env -u LANGUAGE -u GUIYAN_LOCALEDIR LANG=zh_CN.UTF-8 "$I" summary --bogus >"$T/zh.err" 2>&1
check "installed translations: Chinese messages" has "$T/zh.err" "未知选项"
rm "$T/root/usr/share/locale/zh_CN/LC_MESSAGES/guiyan.mo"
env -u LANGUAGE -u GUIYAN_LOCALEDIR LANG=zh_CN.UTF-8 "$I" summary --bogus >"$T/en.err" 2>&1
check "the installed catalogue is the one read" has "$T/en.err" "unknown option"
U="$T/root/usr/lib/systemd/system/guiyan.service"
for k in "User=guiyan" "ProtectSystem=strict" "PrivateTmp=yes" "NoNewPrivileges=yes" \
         "ExecStart=/usr/bin/guiyan serve --data /var/lib/guiyan" "StateDirectoryMode=0700"; do
    check "guiyan.service: $k" has "$U" "$k"
done
check "its system user (sysusers.d)" has "$T/root/usr/lib/sysusers.d/guiyan.conf" "u guiyan"
if command -v systemd-analyze >/dev/null 2>&1; then
    sed "s|/usr/bin/guiyan|$I|" "$U" > "$T/guiyan.service"
    systemd-analyze verify "$T/guiyan.service" >"$T/verify.log" 2>&1
    check "systemd-analyze verify accepts the unit" hasnt "$T/verify.log" "guiyan.service:"
fi
finish
