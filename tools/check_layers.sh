#!/bin/sh
# check_layers.sh — the layer rule of docs/ARCHITECTURE.md, checked on the sources: the pure
# folders (src/measures/, src/fields/) do no I/O and include (also through other headers) no
# header of a folder that reads or writes files (ingest, setup, render, face, serve, run).
# Usage: tools/check_layers.sh [CC [CFLAGS...]]; exit 1 naming each breach.
CC=${1:-cc}
[ $# -gt 0 ] && shift
FLAGS=${*:-"-Iinclude $(pkg-config --cflags glib-2.0 2>/dev/null)"}
PURE="src/measures src/fields"
IMPURE="ingest setup render face serve run"
bad=0

# The folder a header belongs to: src/<dir>/<name>.c, else a folder named like the header,
# else src/<dir>/<name>_*.c (letter.h: letter_docx.c, letter_pdf.c).
owner() {
    b=$(basename "$1" .h)
    f=$(ls src/*/"$b".c 2>/dev/null | head -n 1)
    [ -z "$f" ] && [ -d "src/$b" ] && { echo "$b"; return; }
    [ -z "$f" ] && f=$(ls src/*/"$b"_*.c 2>/dev/null | head -n 1)
    [ -n "$f" ] && echo "$f" | cut -d/ -f2
}

for dir in $PURE; do
    for c in "$dir"/*.c; do
        [ -f "$c" ] || continue
        # file and process calls (g_strdup_printf and friends are not I/O)
        hits=$(grep -nE '(^|[^_[:alnum:]])(fopen|fdopen|freopen|fread|fwrite|fclose|fgets|fputs|fputc|puts|printf|fprintf|vfprintf|open|openat|creat|popen|opendir|mmap|unlink|rename|exit|abort)[[:space:]]*\(|g_file_(get|set)_contents|g_mapped_file_|g_key_file_load|g_dir_open|g_fopen|g_open|g_print|gy_reader_[a-z_]+[[:space:]]*\(|gy_output_[a-z_]+[[:space:]]*\(' "$c" \
               | grep -vE '^[0-9]+:[[:space:]]*(/\*|\*)')
        if [ -n "$hits" ]; then
            echo "$hits" | sed "s|^|check_layers: $c:|; s|\$| (I/O in a pure folder)|"
            bad=1
        fi
        deps=$($CC $FLAGS -MM "$c" 2>&1) || { echo "check_layers: $c: $deps"; bad=1; continue; }
        for h in $(echo "$deps" | tr ' \\' '\n\n' | grep '^include/guiyan/.*\.h$'); do
            o=$(owner "$h")
            for i in $IMPURE; do
                if [ "$o" = "$i" ]; then
                    echo "check_layers: $c includes $h (src/$o/): a pure folder depends on no reader or writer"
                    bad=1
                fi
            done
        done
    done
done
[ $bad -eq 0 ] && echo "check_layers: src/measures/ and src/fields/ do no I/O and include no reader or writer"
exit $bad
