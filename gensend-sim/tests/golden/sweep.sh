#!/usr/bin/env bash
# Runs tests/golden/NAME.py (clinic, workshop or courier) under SimPy and its port,
# examples/NAME.rs, for every seed in FIRST..LAST and one simulated time, and
# compares their stdout and event counts byte for byte: a wider check of the
# kernel than the one golden run (seed 42) that tests/examples.rs makes. Both
# read the seed and the time from NAME_SEED and NAME_TIME (upper case).
#
#   gensend-sim/tests/golden/sweep.sh NAME [FIRST [LAST [MINUTES]]]
#
# PYTHON must be a CPython 3.13 with SimPy 4.1.2 importable (default python3).
set -euo pipefail
name=$1
first=${2:-1}
last=${3:-100}
minutes=${4:-}
upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')
python=${PYTHON:-python3}
golden=$(cd "$(dirname "$0")" && pwd)
cargo build --quiet --release -p gensend-sim --example "$name"
port=$(cd "$golden/../../.." && pwd)/target/release/examples/$name
counts='import runpy, simpy, sys
envs = []
init = simpy.Environment.__init__
def recording(self, *a, **k):
    init(self, *a, **k)
    envs.append(self)
simpy.Environment.__init__ = recording
runpy.run_path(sys.argv[1], run_name="__main__")
for env in envs:
    sys.stderr.write(f"events {next(env._eid)} pending {len(env._queue)}\n")'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for seed in $(seq "$first" "$last"); do
    export "${upper}_SEED=$seed"
    if [ -n "$minutes" ]; then export "${upper}_TIME=$minutes"; fi
    # A run that fails (a Python exception, a Rust panic) differs by its exit line.
    (cd "$golden" && "$python" -c "$counts" "$name.py") >"$work/py.out" 2>"$work/py.err" || echo "failed" >>"$work/py.err"
    GENSEND_SIM_EVENT_COUNTS=1 "$port" >"$work/rs.out" 2>"$work/rs.err" || echo "failed" >>"$work/rs.err"
    if ! cmp -s "$work/py.out" "$work/rs.out"; then
        echo "seed $seed: DIFFERENT"
        diff "$work/py.out" "$work/rs.out" | head -5 || true
        failed=$((failed + 1))
    elif grep -q '^failed$' "$work/py.err" && grep -q '^failed$' "$work/rs.err"; then
        # Both stopped on the model's uncaught exception, after the same output.
        echo "seed $seed: same, both failed ($(wc -l <"$work/py.out") lines)"
    elif cmp -s "$work/py.err" "$work/rs.err"; then
        echo "seed $seed: same ($(wc -l <"$work/py.out") lines, $(cat "$work/py.err"))"
    else
        echo "seed $seed: DIFFERENT"
        tail -3 "$work/py.err" "$work/rs.err"
        failed=$((failed + 1))
    fi
done
echo "$((last - first + 1 - failed)) same, $failed different"
[ "$failed" -eq 0 ]
