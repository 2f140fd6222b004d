#!/bin/sh
# Build tests/fuzz-csv.c with clang's libFuzzer and AddressSanitizer, then
# fuzz the CSV reader and the import formats for FUZZ_SECONDS (default 20)
# from the fixtures in tests/fixtures/import/. Exits 77 (skipped) when clang
# or its fuzzer runtime is missing. Set FUZZ_SECONDS=0 to only build.
set -u

srcdir=${srcdir:-.}
builddir=${TERRISH_TEST_TMP:-/tmp}
seconds=${FUZZ_SECONDS:-20}
clang=${FUZZ_CC:-clang}

if ! command -v "$clang" >/dev/null 2>&1; then
    echo "run-fuzz.sh: $clang not found; skipped" >&2
    exit 77
fi
jansson_cflags=$(pkg-config --cflags jansson 2>/dev/null) || exit 77
jansson_libs=$(pkg-config --libs jansson 2>/dev/null) || exit 77

mkdir -p "$builddir" || exit 1
work=$(mktemp -d "$builddir/fuzz-csv.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# config.h comes from the build tree, which is the current folder under make.
if ! "$clang" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined \
        -I. -I"$srcdir" $jansson_cflags \
        -o "$work/fuzz-csv" \
        "$srcdir/tests/fuzz-csv.c" \
        "$srcdir/store/csv.c" \
        "$srcdir/store/import.c" \
        "$srcdir/store/import-formats.c" \
        "$srcdir/common/text.c" \
        "$srcdir/common/xmalloc.c" \
        "$srcdir/common/log.c" \
        $jansson_libs 2>"$work/build.log"; then
    if grep -q -e "fuzzer" -e "cannot find" "$work/build.log"; then
        echo "run-fuzz.sh: $clang cannot build with -fsanitize=fuzzer;" \
             "skipped" >&2
        cat "$work/build.log" >&2
        exit 77
    fi
    cat "$work/build.log" >&2
    exit 1
fi
[ "$seconds" -gt 0 ] || exit 0

mkdir "$work/corpus"
cp "$srcdir"/tests/fixtures/import/* "$work/corpus/"
# Crash inputs are kept in $builddir, the rest is removed on exit.
"$work/fuzz-csv" -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$builddir/fuzz-csv-" "$work/corpus"
