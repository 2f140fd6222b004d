#!/bin/sh
# Smoke run of the benchmark with tiny numbers: it must print its table
# and exit 0. "make bench" runs the real settings.
set -u

bench=./bench/terrish-bench
out="${TERRISH_TEST_TMP:-/tmp}/bench-smoke.out"
mkdir -p "${TERRISH_TEST_TMP:-/tmp}"

"$bench" --sessions 1,2 --batch 2 --keystrokes 3 --idle-seconds 1 \
    --samples 1 --search-runs 5 --load-runs 1 --hub-changes 20 \
    --coedit-viewers 2 --coedit-changes 3 --no-sshd \
    --tmp "${TERRISH_TEST_TMP:-/tmp}" --output - >"$out"
status=$?
cat "$out"
if [ "$status" -ne 0 ]; then
    echo "bench-smoke: terrish-bench exited with $status" >&2
    exit 1
fi
for text in "First screen" "Sessions (terrish" "Targets:" "Store: load" \
    "cursor on a commune map" "next widget of a dashboard" \
    "letter in a title field" "Scenario steps" "Store: map of" \
    "Hub propagation" "Co-editing propagation"; do
    if ! grep -q "$text" "$out"; then
        echo "bench-smoke: \"$text\" missing from the output" >&2
        exit 1
    fi
done

# The row of N=2 must show both sessions reached.
if ! grep -Eq '^ +2 +2 ' "$out"; then
    echo "bench-smoke: the row for 2 sessions is missing or incomplete" >&2
    exit 1
fi

# Every key of the typing sessions moved the selected widget within 5 s:
# no key timed out (the t/o column) at N=1 and N=2.
if ! awk '/^Sessions \(terrish/ { table = 1; next }
    table && NF == 0 { table = 0 }
    table && $1 ~ /^[12]$/ { rows++; if ($2 != $1 || $10 != 0) bad++ }
    END { exit !(rows == 2 && bad == 0) }' "$out"; then
    echo "bench-smoke: a typing session's key timed out, or a session row" \
        "is missing" >&2
    exit 1
fi

# The keys of the dashboard screen were measured: 8 moves and 6 letters
# per sample, none timed out.
for key in "next widget of a dashboard: .*\\(8 keys\\)" \
    "letter in a title field: .*\\(6 keys\\)"; do
    if ! grep -Eq "$key" "$out"; then
        echo "bench-smoke: \"$key\" missing from the output" >&2
        exit 1
    fi
done

# The session opened at N=2 ran every step of the scenario: login, search,
# map, dashboard and the widget's title edit.
for step in login search map dashboard edit; do
    if ! grep -Eq "^ +2 +$step +1 " "$out"; then
        echo "bench-smoke: the scenario step \"$step\" at N=2 is missing" >&2
        exit 1
    fi
done

# Every hub level must have timed all its deliveries: 20 changes x N.
for row in '2 +40 +0' '10 +200 +0' '50 +1000 +0' '200 +4000 +0'; do
    if ! grep -Eq "^ +$row " "$out"; then
        echo "bench-smoke: hub row \"$row\" missing or with missed changes" >&2
        exit 1
    fi
done

# The co-editing row: 2 viewers reached, 3 changes, each drawn on both
# viewers' screens, none missed.
if ! grep -Eq '^ +2 +2 +3 +6 +0 ' "$out"; then
    echo "bench-smoke: the co-editing row for 2 viewers is missing or" \
        "has missed screens" >&2
    exit 1
fi
