#!/usr/bin/env bash
# Instructions per operation, counted by callgrind (noise-free on a shared
# machine): runs benches/instructions.rs with N = 0 and N = 100,000 and prints
# the difference divided by N, for send and lifecycle, per peer, and for a
# gensend send through yield_from chains of depth 1, 10,000 and 1,000,000.
#   scripts/bench/callgrind.sh [--csv]    (needs valgrind)
#   scripts/bench/callgrind.sh --check    (.ci/run: fails if gensend's counts
#                                          rise above the ceilings below)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind > /dev/null || { echo "valgrind not found" >&2; exit 1; }
exe=$(cargo bench --bench instructions --no-run --message-format=json 2> /dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')
n=100000
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$exe" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_op() { echo $((($(count "$@" "$n") - $(count "$@" 0)) / n)); }

if [ "${1:-}" = --check ]; then
    # Ceilings: the counts measured at 2916feb (117, 457, 143) plus a little
    # slack. What they guard against is the compiler no longer inlining the body
    # into the core's send (BENCHMARKS.md), which costs 35-50 instructions a send.
    status=0
    for check in "send 125" "lifecycle 480" "depth-10000 155"; do
        set -- $check
        got=$(per_op gensend "$1")
        if [ "$got" -le "$2" ]; then verdict=ok; else verdict="ABOVE THE CEILING"; status=1; fi
        printf '%-12s %4s instructions (ceiling %s): %s\n' "$1" "$got" "$2" "$verdict"
    done
    exit $status
fi

format='%-18s %-10s %s\n'
[ "${1:-}" = --csv ] && format='%s,%s,%s\n'
printf "$format" peer operation instructions_per_op
for op in send lifecycle; do
    for peer in handwritten_boxed gensend genawaiter_rc genawaiter_sync; do
        printf "$format" "$peer" "$op" "$(per_op "$peer" "$op")"
    done
done
for d in 1 10000 1000000; do  # gensend send through a yield_from chain of depth d
    printf "$format" gensend "send at depth $d" "$(per_op gensend "depth-$d")"
done
