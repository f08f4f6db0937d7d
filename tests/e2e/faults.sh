#!/bin/sh
# End to end, the faults: full disks (/dev/full, a small tmpfs, RLIMIT_FSIZE), output folders
# that cannot be written, outputs inside or on top of the inputs, SIGINT/SIGTERM while reading
# and while writing. Each failure is checked for its exit code, the message naming the path, no
# temporary file left, no output of the failed run in place and the outputs of an earlier run
# byte for byte as they were. Then: the inputs are never changed (also 0444 in a read-only
# folder, and run as nobody), and the modes of the outputs that hold personal data.
# A case that needs what the machine lacks (mount, setpriv, env --default-signal) says SKIP.
. "$(dirname "$0")/lib/common.sh"

skipped=0
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }
M="$T/m"                       # the small tmpfs
RO="$T/ro"                     # the read-only bind mount of the inputs
mkdir -p "$M" "$RO"
trap 'umount "$M" 2>/dev/null; umount "$RO" 2>/dev/null; rm -rf "$T"' EXIT
umask 022
# copy-mode temporary files and libxlsxwriter's go here, so that leftovers can be seen
mkdir -p "$T/tmp"
TMPDIR="$T/tmp"
export TMPDIR

# The inputs, as copies the runs must leave alone.
IN="$T/in"
mkdir -p "$IN"
cp samples/leshan_2019.csv samples/leshan_2020.csv samples/leshan_2021_h1.csv \
   samples/targets_2021.csv samples/stars_2020.csv samples/messy/messy_2021.csv \
   report_templates/reply_cppcc.txt "$IN"/
M3="$IN/leshan_2019.csv $IN/leshan_2020.csv $IN/leshan_2021_h1.csv"
RUN=""                         # a prefix: setpriv as nobody
summary() { o=$1; shift; $RUN "$G" summary -q -o "$o" "$@" $M3; }
track() { o=$1; shift; $RUN "$G" track -q --as-of 2021-06-30 --targets "$IN/targets_2021.csv" -o "$o" "$@" $M3; }
reply() { o=$1; shift; $RUN "$G" reply -q -t "$IN/reply_cppcc.txt" --year 2020 --as-of 2021-06-15 -o "$o" "$@" $M3; }
stars() { o=$1; shift; $RUN "$G" stars -q -o "$o" "$@" "$IN/stars_2020.csv" --records $M3; }

# Every file under the folders with its checksum, mode and modification time; sums without
# the time, for outputs of two runs.
snap() {
    for d in "$@"; do
        [ -d "$d" ] || continue
        (cd "$d" && find . -type f -printf '%p %m %T@ ' -exec sha256sum {} \; | LC_ALL=C sort)
    done
}
sums() { (cd "$1" && find . -type f -printf '%p %m ' -exec sha256sum {} \; | LC_ALL=C sort); }
exits() { check "$1: exit $2 (got $3)" test "$3" -eq "$2"; }
says() { check "$1: says: $3" has "$2" "$3"; }
notmp() { what=$1; shift; check "$what: no temporary file" sh -c '! find "$@" -name "*.tmp-*" 2>/dev/null | grep -q .' _ "$@" "$TMPDIR"; }
# the folder's lock file (.guiyan.lock) stays: it is not an output
nothing() { check "$1: no output in $2" test -z "$(ls -A "$2" 2>/dev/null | grep -vx .guiyan.lock)"; }

# A FIFO nobody writes to: a run that opened it would wait forever, so one that ends at once
# with the folder's error stopped before reading.
mkfifo "$T/unread.csv"

# ---- 1. /dev/full: as the folder, and a folder inside it ----
for c in summary track reply stars; do
    for o in /dev/full /dev/full/x; do
        $c "$o" > "$T/e" 2>&1; rc=$?
        exits "$c -o $o" 3 $rc
        says "$c -o $o" "$T/e" "guiyan: $o: cannot use it as the output folder: Not a directory"
    done
done
timeout 20 "$G" summary -q -o /dev/full/x "$T/unread.csv" > "$T/e" 2>&1; rc=$?
exits "-o /dev/full/x stops before reading" 3 $rc
check "/dev/full is still a device" test -c /dev/full
env LANG=zh_CN.UTF-8 LC_ALL= "$G" summary -q -o /dev/full/x $M3 > "$T/e" 2>&1
says "zh message" "$T/e" "/dev/full/x：不能用作输出文件夹："

# ---- 2. a small tmpfs that fills up while an output is written ----
mnt() { umount "$M" 2>/dev/null; mount -t tmpfs -o "size=$1,mode=0755" tmpfs "$M" 2>/dev/null; }
if mnt 64k; then
    # size, command, the output that cannot be completed, extra options
    while read -r size c file opts; do
        mnt "$size"
        # shellcheck disable=SC2086
        $c "$M/out" $opts > "$T/e" 2>&1; rc=$?
        what="tmpfs $size: $c $opts"
        exits "$what" 3 $rc
        # summary writes the workbook on a thread while the charts are drawn: at 150k the
        # workbook may be the one that meets the full disk (its error is said first)
        [ "$c $size" = "summary 150k" ] && grep -qF "summary.xlsx: No space" "$T/e" && file=summary.xlsx
        says "$what" "$T/e" "guiyan: $M/out/$file: No space left on device"
        notmp "$what" "$M"
        nothing "$what" "$M/out"
    done <<EOF
28k summary updates.csv
150k summary charts.pdf
32k track track.xlsx
100k track charts.pdf
12k reply reply.docx
256k reply reply.pdf
2m reply explain_records.csv --explain
7m reply explain.xlsx --explain
16k stars stars.xlsx
64k stars stars.pdf
EOF
    # A rerun into a folder that holds a complete earlier run: the rerun's outputs differ
    # (--ytd adds rows, another as-of day other text) and do not all fit beside the old ones.
    # Its first outputs were complete before the disk filled, yet none replaced an old one.
    summary "$T/ytd" --ytd 2>/dev/null
    summary "$T/noytd" 2>/dev/null
    check "the rerun's summary.csv would differ" sh -c "! cmp -s '$T/ytd/summary.csv' '$T/noytd/summary.csv'"
    mnt 400k
    summary "$M/out" 2>/dev/null; rc=$?
    exits "tmpfs 400k: first run" 0 $rc
    snap "$M/out" > "$T/before"
    summary "$M/out" --ytd > "$T/e" 2>&1; rc=$?
    exits "tmpfs 400k: rerun --ytd" 3 $rc
    says "tmpfs 400k: rerun --ytd" "$T/e" ": No space left on device"
    snap "$M/out" > "$T/after"
    check "tmpfs 400k: earlier outputs byte-identical" cmp -s "$T/before" "$T/after"
    notmp "tmpfs 400k: rerun" "$M"
    mnt 1200k
    reply "$M/out" 2>/dev/null; rc=$?
    exits "tmpfs 1200k: first reply" 0 $rc
    snap "$M/out" > "$T/before"
    $RUN "$G" reply -q -t "$IN/reply_cppcc.txt" --year 2020 --as-of 2021-06-30 -o "$M/out" $M3 > "$T/e" 2>&1; rc=$?
    exits "tmpfs 1200k: reply rerun --as-of 2021-06-30" 3 $rc
    says "tmpfs 1200k: reply rerun" "$T/e" "$M/out/reply.pdf: No space left on device"
    snap "$M/out" > "$T/after"
    check "tmpfs 1200k: earlier reply byte-identical" cmp -s "$T/before" "$T/after"
    notmp "tmpfs 1200k: reply rerun" "$M"
    umount "$M"
else
    skip "tmpfs cases (mount -t tmpfs failed: not root?)"
fi

# ---- 3. RLIMIT_FSIZE: writes past the limit fail with EFBIG ----
# guiyan ignores SIGXFSZ itself; the second run has it ignored by the shell as well
for how in plain trapped; do
    rm -rf "$T/fs"
    summary "$T/fs" 2>/dev/null
    stars "$T/fs" 2>/dev/null
    snap "$T/fs" > "$T/before"
    pre=""; [ $how = trapped ] && pre="trap '' XFSZ;"
    sh -c "$pre ulimit -f 16; exec \"\$0\" summary -q --ytd -o '$T/fs' $M3" "$G" > "$T/e" 2>&1; rc=$?
    exits "ulimit -f ($how): summary" 3 $rc
    says "ulimit -f ($how): summary" "$T/e" "guiyan: $T/fs/summary.csv: File too large"
    sh -c "$pre ulimit -f 16; exec \"\$0\" stars -q --unmask -o '$T/fs' '$IN/stars_2020.csv'" "$G" > "$T/e" 2>&1; rc=$?
    exits "ulimit -f ($how): stars" 3 $rc
    says "ulimit -f ($how): stars" "$T/e" "guiyan: $T/fs/stars.xlsx: File too large"
    snap "$T/fs" > "$T/after"
    check "ulimit -f ($how): earlier outputs byte-identical" cmp -s "$T/before" "$T/after"
    notmp "ulimit -f ($how)" "$T/fs"
done

# Each writer in turn meets the limit (the first output written that is larger than it): the
# message names that output, and nothing is left of the run.
while read -r blocks c file opts; do
    rm -rf "$T/fw"
    # shellcheck disable=SC2086
    # standard error through a pipe: the limit is the outputs', not the warnings' (track and
    # reply warn of the other lists the templates name, more than one block of text)
    ( ulimit -f "$blocks"; $c "$T/fw" $opts 2>&1; echo $? > "$T/rc" ) | cat > "$T/e"
    rc=$(cat "$T/rc")
    what="ulimit -f $blocks: $c $opts"
    exits "$what" 3 $rc
    says "$what" "$T/e" "guiyan: $T/fw/$file: File too large"
    notmp "$what" "$T/fw"
    nothing "$what" "$T/fw"
done <<EOF
1 summary summary.csv
80 summary charts.pdf
1 track track.xlsx
200 track charts.pdf
1 reply reply.txt
16 reply reply.docx
40 reply reply.pdf
2000 reply explain_records.csv --explain
1 stars stars.csv
8 stars stars.xlsx
45 stars stars.pdf
EOF

# ---- 4. an output folder that cannot be written ----
chmod 755 "$T"
mkdir -p "$T/locked/old"
summary "$T/locked/old" 2>/dev/null
snap "$T/locked" > "$T/before"
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    RUN="setpriv --reuid=65534 --regid=65534 --clear-groups"
    for o in "$T/locked/new" "$T/locked/old" "$T/locked/new/deeper"; do
        for c in summary track reply stars; do
            $c "$o" > "$T/e" 2>&1; rc=$?
            exits "nobody: $c -o $o" 3 $rc
            says "nobody: $c -o $o" "$T/e" "guiyan: $o: cannot write into the output folder: Permission denied"
        done
    done
    timeout 20 $RUN "$G" summary -q -o "$T/locked/new" "$T/unread.csv" > "$T/e" 2>&1; rc=$?
    exits "nobody: stops before reading" 3 $rc
    RUN=""
    snap "$T/locked" > "$T/after"
    check "nobody: earlier outputs untouched, nothing made" cmp -s "$T/before" "$T/after"
    check "nobody: no folder made" test ! -e "$T/locked/new"
    notmp "nobody" "$T/locked"
else
    skip "unwritable folder as nobody (setpriv failed)"
fi
if mnt 1m; then
    summary "$M/out" 2>/dev/null
    snap "$M" > "$T/before"
    if mount -o remount,ro "$M" 2>/dev/null; then
        for c in summary track reply stars; do
            $c "$M/out" > "$T/e" 2>&1; rc=$?
            exits "read-only mount: $c" 3 $rc
            says "read-only mount: $c" "$T/e" "guiyan: $M/out: cannot write into the output folder: Read-only file system"
        done
        snap "$M" > "$T/after"
        check "read-only mount: earlier outputs untouched" cmp -s "$T/before" "$T/after"
    else
        skip "read-only mount (remount,ro failed)"
    fi
    umount "$M"
else
    skip "read-only mount (mount -t tmpfs failed)"
fi
: > "$T/plainfile"
summary "$T/plainfile/out" > "$T/e" 2>&1; rc=$?
exits "a file in the folder's path" 3 $rc
says "a file in the folder's path" "$T/e" "guiyan: $T/plainfile/out: cannot use it as the output folder: Not a directory"
mkdir -p "$T/dirname/summary.xlsx"
summary "$T/dirname" > "$T/e" 2>&1; rc=$?
exits "a folder where an output goes" 3 $rc
says "a folder where an output goes" "$T/e" "guiyan: $T/dirname/summary.xlsx: Is a directory"
check "a folder where an output goes: nothing written" test "$(ls -A "$T/dirname")" = summary.xlsx

# ---- 5. outputs inside the input folder, and on top of an input ----
mkdir -p "$T/nest"
cp "$IN/leshan_2021_h1.csv" "$T/nest/"
snap "$T/nest" > "$T/before"
"$G" summary -q -o "$T/nest/out" "$T/nest/leshan_2021_h1.csv" 2>/dev/null; rc=$?
exits "output folder inside the input folder" 0 $rc
check "output folder inside the input folder: all written" test -s "$T/nest/out/summary.xlsx" -a -s "$T/nest/out/charts.pdf"
snap "$T/nest" | grep -v '^\./out/' > "$T/after"
check "output folder inside the input folder: input unchanged" cmp -s "$T/before" "$T/after"
# an input through a FIFO is read once, whole: the figures of the file itself
rm -f "$T/pipe.csv"; mkfifo "$T/pipe.csv"
cat "$IN/leshan_2020.csv" > "$T/pipe.csv" &
timeout 60 "$G" summary -q -o "$T/viafifo" "$IN/leshan_2019.csv" "$T/pipe.csv" 2>/dev/null; rc=$?
exits "an input through a FIFO" 0 $rc
"$G" summary -q -o "$T/viafile" "$IN/leshan_2019.csv" "$IN/leshan_2020.csv" 2>/dev/null
check "an input through a FIFO: the same figures" cmp -s "$T/viafifo/summary.csv" "$T/viafile/summary.csv"
# `-o data data/summary.csv`, a hard link, the template, a roster, the targets
mkdir -p "$T/over"
cp "$IN/leshan_2021_h1.csv" "$T/over/summary.csv"
cp "$IN/reply_cppcc.txt" "$T/over/reply.txt"
cp "$IN/stars_2020.csv" "$T/over/stars.csv"
ln "$IN/targets_2021.csv" "$T/over/track.csv"
ln "$IN/leshan_2020.csv" "$T/over/rejects.csv"
snap "$T/over" "$IN" > "$T/before"
over() { # what, input the message names, command...
    what=$1 victim=$2; shift 2
    "$@" > "$T/e" 2>&1; rc=$?
    exits "$what" 2 $rc
    says "$what" "$T/e" "this output would replace the input file $victim"
}
over "summary -o data data/summary.csv" "$T/over/summary.csv" \
    "$G" summary -q -o "$T/over" "$T/over/summary.csv"
over "summary: rejects.csv a hard link to an input" "$IN/leshan_2020.csv" summary "$T/over"
over "track: track.csv a hard link to the targets" "$IN/targets_2021.csv" track "$T/over"
over "reply: the template is reply.txt" "$T/over/reply.txt" \
    "$G" reply -q -t "$T/over/reply.txt" --year 2020 --as-of 2021-06-15 -o "$T/over" $M3
over "stars: the roster is stars.csv" "$T/over/stars.csv" "$G" stars -q -o "$T/over" "$T/over/stars.csv"
timeout 20 "$G" summary -q -o "$T/over" "$T/over/summary.csv" "$T/unread.csv" > /dev/null 2>&1; rc=$?
exits "replacing an input stops before reading" 2 $rc
snap "$T/over" "$IN" > "$T/after"
check "nothing written over or beside the inputs" cmp -s "$T/before" "$T/after"

# ---- 6. SIGINT, SIGTERM, SIGHUP ----
if env --default-signal=INT true 2>/dev/null; then
    # background jobs of a script start with SIGINT ignored; guiyan keeps an ignored signal
    BG="env --default-signal=INT,TERM,HUP"
    waitfor() { # file, text, tries of 10 ms
        i=0
        while ! grep -qF -- "$2" "$1" 2>/dev/null; do
            i=$((i + 1)); [ "$i" -gt "$3" ] && return 1; sleep 0.01
        done
    }
    rm -rf "$T/sig"
    summary "$T/sig" 2>/dev/null
    snap "$T/sig" > "$T/before"
    # while reading: the input comes through a FIFO that stops half way and stays open
    for s in INT:130 TERM:143 HUP:129; do
        sig=${s%:*} want=${s#*:}
        rm -f "$T/fifo" "$T/half"; mkfifo "$T/fifo"
        { head -c 150000 "$IN/leshan_2020.csv"; : > "$T/half"; exec sleep 60; } > "$T/fifo" &
        writer=$!
        $BG "$G" summary -q -o "$T/sig" "$IN/leshan_2019.csv" "$T/fifo" 2> "$T/e" &
        pid=$!
        i=0; while [ ! -e "$T/half" ] && [ $i -lt 2000 ]; do i=$((i + 1)); sleep 0.01; done
        sleep 0.2
        check "SIG$sig while reading: still reading" kill -0 $pid
        kill -s "$sig" $pid
        wait $pid; rc=$?
        kill $writer 2>/dev/null
        exits "SIG$sig while reading" "$want" $rc
        snap "$T/sig" > "$T/after"
        check "SIG$sig while reading: earlier outputs untouched" cmp -s "$T/before" "$T/after"
        notmp "SIG$sig while reading" "$T/sig"
    done
    # two signals back to back (a double Ctrl-C; timeout signals the process and its group)
    # while the outputs are written: the second waits for the first one's sweep
    for s2 in TERM:143 INT:130 TERM:143 INT:130; do
        sig=${s2%:*} want=${s2#*:}
        rm -rf "$T/dbl"
        $BG "$G" reply -q -t "$IN/reply_cppcc.txt" --year 2020 --as-of 2021-06-15 --explain -o "$T/dbl" $M3 2>/dev/null &
        pid=$!
        i=0; while ! find "$T/dbl" -name '.*.tmp-*' 2>/dev/null | grep -q . && [ $i -lt 3000 ]; do i=$((i + 1)); sleep 0.01; done
        kill -s "$sig" $pid 2>/dev/null; kill -s "$sig" $pid 2>/dev/null
        wait $pid; rc=$?
        if [ $rc -eq 0 ]; then ok "two SIG$sig: the run had finished"; else exits "two SIG$sig while writing" "$want" $rc; fi
        notmp "two SIG$sig while writing" "$T/dbl"
    done
    # an output name that is a FIFO nobody reads is renamed over, never opened: no wait
    rm -rf "$T/sig2"; mkdir -p "$T/sig2"; mkfifo "$T/sig2/manifest.json"
    timeout 60 "$G" summary -q -o "$T/sig2" $M3 2> "$T/e"; rc=$?
    exits "manifest.json a FIFO nobody reads" 0 $rc
    check "manifest.json a FIFO: now a regular file" test -f "$T/sig2/manifest.json" -a ! -p "$T/sig2/manifest.json"
    # while writing: a big input, the signal as soon as the figures are done (the timing line
    # "table" is the last before the outputs). Whatever the moment, the folder holds the
    # earlier set or the new one, whole, and no temporary file.
    "$B/gensamples" bench 300000 "$T/big.csv" > /dev/null 2>&1
    "$G" summary -q -o "$T/ref" "$T/big.csv" 2>/dev/null
    for s in TERM:143:table INT:130:table TERM:143:rejects; do
        sig=${s%%:*} rest=${s#*:} want=${rest%%:*} line=${rest#*:}
        rm -rf "$T/sig3"; cp -a "$T/sig" "$T/sig3"
        GUIYAN_TIMING=1 $BG "$G" summary -q -o "$T/sig3" "$T/big.csv" 2> "$T/e" &
        pid=$!
        waitfor "$T/e" " $line" 3000
        kill -s "$sig" $pid 2>/dev/null
        wait $pid; rc=$?
        snap "$T/sig3" > "$T/now"
        sums "$T/sig3" > "$T/now.sums"
        sums "$T/ref" > "$T/new"
        if [ $rc -eq 0 ] && cmp -s "$T/now.sums" "$T/new"; then
            ok "SIG$sig after '$line': the run had finished: the new set, whole"
        elif [ $rc -eq "$want" ] && cmp -s "$T/now" "$T/before"; then
            ok "SIG$sig after '$line': exit $want, the earlier set untouched"
        elif [ $rc -eq "$want" ] && cmp -s "$T/now.sums" "$T/new"; then
            ok "SIG$sig after '$line': exit $want during the renames: the new set, whole"
        else
            no "SIG$sig after '$line': exit $rc and a mixed or partial folder"
        fi
        notmp "SIG$sig after '$line'" "$T/sig3"
    done
else
    skip "signal cases (env --default-signal is missing)"
fi

# ---- 7. inputs are never changed: every command, 0444 files in a read-only folder ----
chmod 0444 "$IN"/*
snap "$IN" > "$T/in.before"
if mount --bind "$IN" "$RO" 2>/dev/null && mount -o remount,bind,ro "$RO" 2>/dev/null; then
    ROIN="$RO"
else
    skip "read-only bind mount of the inputs (only chmod 0555)"
    ROIN="$IN"
fi
chmod 0555 "$IN"
M3="$ROIN/leshan_2019.csv $ROIN/leshan_2020.csv $ROIN/leshan_2021_h1.csv"
IN=$ROIN
mkdir -p "$T/runs"; chmod 777 "$T/runs"
for who in root nobody; do
    if [ $who = nobody ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null || { skip "inputs as nobody"; continue; }
        RUN="setpriv --reuid=65534 --regid=65534 --clear-groups"
    fi
    for c in summary track reply stars; do
        $c "$T/runs/$who-$c" > "$T/e" 2>&1; rc=$?
        exits "read-only inputs ($who): $c" 0 $rc
    done
    reply "$T/runs/$who-explain" --explain > "$T/e" 2>&1; rc=$?
    exits "read-only inputs ($who): reply --explain" 0 $rc
    $RUN "$G" check "$IN/messy_2021.csv" > "$T/e" 2>&1; rc=$?
    exits "read-only inputs ($who): check" 0 $rc
    RUN=""
done
IN="$T/in"
umount "$RO" 2>/dev/null
snap "$IN" > "$T/in.after"
check "inputs byte-identical, same mode and mtime after every command" cmp -s "$T/in.before" "$T/in.after"
chmod 0755 "$IN"
chmod 0644 "$IN"/*

# ---- 8. modes: personal data 0600, the rest 0666 less the umask ----
M3="$IN/leshan_2019.csv $IN/leshan_2020.csv $IN/leshan_2021_h1.csv"
modes() { # name, folder, file:mode...
    mname=$1 mdir=$2; shift 2
    for fm in "$@"; do
        check "$mname: ${fm%:*} is ${fm#*:}" test "$(stat -c %a "$mdir/${fm%:*}" 2>/dev/null)" = "${fm#*:}"
    done
}
MESSY="$IN/messy_2021.csv"
mkdir -p "$T/md/messy"
printf 'old\n' > "$T/md/messy/rejects.csv"; chmod 0644 "$T/md/messy/rejects.csv"
"$G" summary -q -o "$T/md/messy" "$MESSY" 2>/dev/null
modes "summary, masked" "$T/md/messy" summary.csv:644 summary.xlsx:644 charts.pdf:644 \
    manifest.json:644 rejects.csv:600
"$G" summary -q --unmask -o "$T/md/unmask" "$MESSY" 2>/dev/null
modes "summary --unmask, rejects" "$T/md/unmask" summary.csv:644 summary.xlsx:600 \
    charts.pdf:644 manifest.json:644 rejects.csv:600
check "summary --unmask: the workbook does hold a full ID" sh -c \
    "unzip -p '$T/md/unmask/summary.xlsx' xl/sharedStrings.xml | grep -qE '[0-9]{17}[0-9X]'"
summary "$T/md/clean" --unmask 2>/dev/null
modes "summary --unmask, no rejects" "$T/md/clean" summary.xlsx:644 rejects.csv:600
for u in "" --unmask; do
    track "$T/md/track$u" $u 2>/dev/null
    modes "track $u" "$T/md/track$u" track.xlsx:644 track.csv:644 charts.pdf:644 \
        manifest.json:644 rejects.csv:600
    stars "$T/md/stars$u" $u 2>/dev/null
    modes "stars $u" "$T/md/stars$u" stars.csv:644 stars.txt:644 stars.pdf:644 \
        manifest.json:644 stars.xlsx:600 rejects.csv:600
done
reply "$T/md/reply" --explain 2>/dev/null
modes "reply --explain" "$T/md/reply" reply.txt:644 reply.docx:644 reply.pdf:644 \
    explain.csv:644 manifest.json:644 explain_records.csv:600 explain.xlsx:600
(umask 0; "$G" summary -q --unmask -o "$T/md/umask0" "$MESSY" 2>/dev/null)
modes "umask 0" "$T/md/umask0" summary.csv:666 summary.xlsx:600 rejects.csv:600

# ---- 9. closed pipes: SIGPIPE is ignored ----
# the reader of the messages is gone before the first one: the run still completes
rm -rf "$T/pp"
{ "$G" summary -o "$T/pp" $M3 2>&1; echo $? > "$T/rc"; } | true
exits "messages into a closed pipe: the run completes" 0 "$(cat "$T/rc")"
check "messages into a closed pipe: outputs in place" test -s "$T/pp/manifest.json"
{ sleep 0.3; "$G" --help; echo $? > "$T/rc"; } 2> "$T/e" | true
exits "--help into a closed pipe" 3 "$(cat "$T/rc")"
says "--help into a closed pipe" "$T/e" "guiyan: standard output: Broken pipe"

# ---- 10. outputs another user cannot steal or redirect; folders; the manifest ----
# Folders guiyan makes are 0700 whatever the umask, 0750 with --group-readable.
(umask 0; "$G" summary -q --no-charts -o "$T/fm/a/b" $M3 2>/dev/null)
check "umask 0: a new output folder is 0700" test "$(stat -c %a "$T/fm/a/b")" = 700
check "umask 0: its new parent too" test "$(stat -c %a "$T/fm/a")" = 700
(umask 0277; "$G" summary -q --no-charts --group-readable -o "$T/fm/g" $M3 2>/dev/null)
check "--group-readable: 0750" test "$(stat -c %a "$T/fm/g")" = 750
# check --outputs: a whole set, then one changed file, one missing, no manifest
"$G" check --outputs "$T/fm/a/b" > "$T/e" 2>&1; rc=$?
exits "check --outputs on a whole set" 0 $rc
says "check --outputs on a whole set" "$T/e" "all 4 outputs match manifest.json"   # with updates.csv: three exports
"$G" summary -q --no-charts --ytd -o "$T/fm/ytd" $M3 2>/dev/null
cp "$T/fm/ytd/summary.csv" "$T/fm/a/b/summary.csv"      # a set cut short: one file new
"$G" check --outputs "$T/fm/a/b" > "$T/e" 2>&1; rc=$?
exits "check --outputs: a file from another run" 1 $rc
says "check --outputs: a file from another run" "$T/e" "$T/fm/a/b/summary.csv: "
rm "$T/fm/a/b/rejects.csv"
"$G" check --outputs "$T/fm/a/b" > "$T/e" 2>&1; rc=$?
exits "check --outputs: a file missing" 1 $rc
says "check --outputs: a file missing" "$T/e" "2 of 4 outputs do not match manifest.json"
"$G" check --outputs "$T/fm" > "$T/e" 2>&1; rc=$?
exits "check --outputs: no manifest" 3 $rc
# a run killed with its temporary files left: the next run in that folder removes them
"$G" summary -q --no-charts -o "$T/fm/kill" $M3 2>/dev/null
: > "$T/fm/kill/.summary.csv.tmp-1-aaaaaa"; : > "$T/fm/kill/.summary.xlsx.tmp-99999-bbbbbb"
"$G" summary -q --no-charts -o "$T/fm/kill" $M3 2>/dev/null
check "leftovers of dead runs removed" test -z "$(ls -A "$T/fm/kill" | grep tmp-)"

# an input cut short while it is read: exit 3 naming it (never SIGBUS, never a manifest that
# vouches for the rows not read); the earlier outputs stay
"$B/gensamples" bench 600000 "$T/grow.csv" > /dev/null 2>&1
"$G" summary -q --no-charts -o "$T/cut" "$T/grow.csv" 2>/dev/null
snap "$T/cut" > "$T/before"
for at in 0.05 0.2; do
    cp "$T/grow.csv" "$T/cut.csv"; rm -f "$T/e"
    GUIYAN_TIMING=1 "$G" summary -q --no-charts -o "$T/cut" "$T/cut.csv" 2> "$T/e" & pid=$!
    i=0; while ! grep -q " start" "$T/e" 2>/dev/null && [ $i -lt 1000 ]; do i=$((i + 1)); sleep 0.01; done
    sleep $at; truncate -s 20000000 "$T/cut.csv"
    wait $pid; rc=$?
    exits "input truncated after ${at}s" 3 $rc
    says "input truncated after ${at}s" "$T/e" "$T/cut.csv: the file changed while it was read"
    snap "$T/cut" > "$T/after"
    check "input truncated after ${at}s: earlier outputs unchanged" cmp -s "$T/before" "$T/after"
done

# Two unprivileged users, made for these cases (root only) and removed at the end.
UA=gyta$$; UB=gytb$$; GS=gyts$$
if [ "$(id -u)" -eq 0 ] && groupadd "$GS" 2>/dev/null; then
    useradd -M -N -g "$GS" -s /usr/sbin/nologin "$UA" && useradd -M -N -g "$GS" -s /usr/sbin/nologin "$UB"
    trap 'userdel "$UA" 2>/dev/null; userdel "$UB" 2>/dev/null; groupdel "$GS" 2>/dev/null; umount "$M" 2>/dev/null; umount "$RO" 2>/dev/null; rm -rf "$T"' EXIT
    as() { u=$1; shift; setpriv --reuid="$u" --regid="$GS" --init-groups "$@"; }
    chmod 755 "$T" "$IN"; chmod 644 "$IN"/*
    # a 1777 folder: B plants a FIFO with a reader where A's rejects.csv goes
    SH="$T/shared"; mkdir -p "$SH"; chmod 1777 "$SH"
    as "$UB" mkfifo -m666 "$SH/rejects.csv"
    as "$UB" timeout 30 sh -c "cat '$SH/rejects.csv' > '$SH/.loot'" > /dev/null 2>&1 & reader=$!
    timeout 60 setpriv --reuid="$UA" --regid="$GS" --init-groups "$G" summary -q --unmask --no-charts -o "$SH" "$IN/messy_2021.csv" > "$T/e" 2>&1; rc=$?
    timeout 5 sh -c ": > '$SH/rejects.csv'"; wait $reader 2>/dev/null   # the reader's end
    exits "1777 folder, another user's FIFO at rejects.csv" 3 $rc
    says "1777 folder, another user's FIFO" "$T/e" "$SH/rejects.csv: belongs to another user ($UB)"
    check "1777 folder: nothing went into the FIFO" test ! -s "$SH/.loot"
    check "1777 folder: no output of the refused run" test -z "$(ls -A "$SH" | grep -vx -e rejects.csv -e .guiyan.lock -e .loot)"
    check "1777 folder: the FIFO is still B's" test -p "$SH/rejects.csv"
    # A's earlier set stays whole when B's charts.pdf stops the rerun (checked before renaming)
    SH2="$T/shared2"; mkdir -p "$SH2"; chmod 1777 "$SH2"
    as "$UA" "$G" summary -q --no-charts -o "$SH2" $M3 2>/dev/null
    snap "$SH2" > "$T/before"
    as "$UB" sh -c ": > '$SH2/charts.pdf'"
    as "$UA" "$G" summary -q --ytd -o "$SH2" $M3 > "$T/e" 2>&1; rc=$?
    exits "1777 folder, another user's charts.pdf" 3 $rc
    snap "$SH2" | grep -v '^./charts.pdf ' > "$T/after"
    grep -v '^./charts.pdf ' "$T/before" > "$T/before2"
    check "1777 folder: A's earlier set unchanged (no mixed set)" cmp -s "$T/before2" "$T/after"
    as "$UA" "$G" check --outputs "$SH2" > "$T/e" 2>&1; rc=$?
    exits "1777 folder: check --outputs on the earlier set" 0 $rc
    notmp "1777 folder" "$SH2"
    # B's leftover temporary file is not A's to remove; A's own are
    as "$UB" sh -c ": > '$SH2/.summary.csv.tmp-2-cccccc'"
    as "$UA" sh -c ": > '$SH2/.summary.csv.tmp-3-dddddd'"
    as "$UA" "$G" summary -q --no-charts -o "$SH2" $M3 2>/dev/null
    check "leftovers: B's kept" test -e "$SH2/.summary.csv.tmp-2-cccccc"
    check "leftovers: A's removed" test ! -e "$SH2/.summary.csv.tmp-3-dddddd"
    # a group-shared folder (2775): B links summary.csv to a device; A's run replaces the link
    GF="$T/group"; mkdir -p "$GF"; chgrp "$GS" "$GF"; chmod 2775 "$GF"
    as "$UB" ln -s /dev/null "$GF/summary.csv"
    as "$UB" mkfifo -m666 "$GF/manifest.json"
    timeout 60 setpriv --reuid="$UA" --regid="$GS" --init-groups "$G" summary -q --no-charts -o "$GF" $M3 > "$T/e" 2>&1; rc=$?
    exits "2775 folder, symlink to a device and a FIFO at output names" 0 $rc
    check "2775 folder: summary.csv is A's regular file" test -f "$GF/summary.csv" -a ! -L "$GF/summary.csv" -a "$(stat -c %U "$GF/summary.csv")" = "$UA"
    check "2775 folder: manifest.json is a regular file" test -f "$GF/manifest.json" -a ! -p "$GF/manifest.json"
    check "/dev/null still a device" test -c /dev/null
    # root's run in the group folder: the same
    as "$UB" sh -c "rm -f '$GF/rejects.csv'; ln -s /dev/full '$GF/rejects.csv'"
    "$G" summary -q --no-charts -o "$GF" $M3 > "$T/e" 2>&1; rc=$?
    exits "root, symlink to /dev/full at rejects.csv" 0 $rc
    check "root: rejects.csv a regular file, /dev/full a device" test -f "$GF/rejects.csv" -a ! -L "$GF/rejects.csv" -a -c /dev/full
    userdel "$UA"; userdel "$UB"; groupdel "$GS"
else
    skip "shared folders with two users (needs root to make the users)"
fi

echo "$skipped skipped"
finish
