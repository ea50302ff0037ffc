#!/usr/bin/env bash
# gensend-sim against SimPy 4.1.2 on the benchmark models, in the same run.
#
#   gensend-sim/bench/run.sh [N] [ROUNDS]      (default N = 1000000, ROUNDS = 3)
#
# Installs SimPy 4.1.2 into a venv for /usr/bin/python3.11 (the fastest
# CPython here) if it is not there, builds the `model` example in release
# mode, then runs SimPy and gensend-sim on each model alternately, ROUNDS
# times, checks that their `result` lines agree, and prints one line per run
# and a summary (median wall time of each, ratio, events/s, ns per event,
# peak RSS). Wall time covers building the model and running it, for both
# (SimPy's sbench.py and the Rust example measure the same span). On mm1 the
# Rust crate simu-des (async, "10x SimPy") runs in the same rounds too
# (`simu-des-mm1/`, its own workspace; built here, fetched from crates.io).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
ROUNDS=${2:-3}
PY=${PY:-/usr/bin/python3.11}
VENV=${VENV:-/tmp/venv-simpy-4.1.2}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import simpy, sys; sys.exit(simpy.__version__ != "4.1.2")'; then
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q simpy==4.1.2
fi
cargo build -q --release -p gensend-sim --example model
cargo build -q --release --manifest-path gensend-sim/bench/simu-des-mm1/Cargo.toml
RUST=target/release/examples/model
SIMU=gensend-sim/bench/simu-des-mm1/target/release/simu-des-mm1
SBENCH=gensend-sim/bench/simpy/sbench.py
OUT=$(mktemp -d)
# Every golden N (SimPy 4.1.2's outputs, tests/golden/): identical result and kernel lines.
for golden in gensend-sim/tests/golden/{mm1,shop}-n*.txt; do
    name=$(basename "$golden" .txt)
    model=${name%%-n*}
    n=${name##*-n}
    diff <(grep -E '^(result|kernel) ' "$golden") <("$RUST" "$model" "$n" 2>/dev/null | grep -E '^(result|kernel) ') >/dev/null \
        || { echo "$name: differs from SimPy's golden output"; exit 1; }
done
echo "golden outputs: identical result and kernel lines for $(ls gensend-sim/tests/golden/{mm1,shop}-n*.txt | wc -l) files"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$VENV/bin/python" -V); N=$N, $ROUNDS rounds"
for model in mm1 shop; do
    for round in $(seq 1 "$ROUNDS"); do
        "$VENV/bin/python" "$SBENCH" "$model" "$N" --time >"$OUT/simpy.$model.$round.txt" 2>"$OUT/simpy.$model.$round.time"
        "$RUST" "$model" "$N" >"$OUT/rust.$model.$round.txt" 2>"$OUT/rust.$model.$round.time"
        diff <(grep '^result' "$OUT/simpy.$model.$round.txt") <(grep '^result' "$OUT/rust.$model.$round.txt") >/dev/null \
            || { echo "$model: result lines differ"; exit 1; }
        echo "simpy $(cat "$OUT/simpy.$model.$round.time")"
        echo "rust  $(cat "$OUT/rust.$model.$round.time")"
        if [ "$model" = mm1 ]; then
            "$SIMU" "$N" >"$OUT/simu.$model.$round.txt" 2>"$OUT/simu.$model.$round.time"
            diff <(grep '^result' "$OUT/simpy.$model.$round.txt") <(grep '^result' "$OUT/simu.$model.$round.txt") >/dev/null \
                || { echo "simu-des $model: result lines differ"; exit 1; }
            echo "simu  $(cat "$OUT/simu.$model.$round.time")"
        fi
    done
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def field(text, key):
    return float(re.search(key + r"=([0-9.]+)", text).group(1))
print("\n| model | SimPy wall (s) | gensend-sim wall (s) | ratio | SimPy events/s | gensend-sim events/s | ns/event (SimPy / gensend-sim) | peak RSS KiB (SimPy / gensend-sim) |")
print("|---|---|---|---|---|---|---|---|")
for model in ("mm1", "shop"):
    runs = {}
    for impl in ("simpy", "rust"):
        texts = [open(f"{out}/{impl}.{model}.{r}.time").read() for r in range(1, rounds + 1)]
        runs[impl] = texts
    ratios = [field(s, "wall_s") / field(r, "wall_s") for s, r in zip(runs["simpy"], runs["rust"])]
    sw = statistics.median(field(t, "wall_s") for t in runs["simpy"])
    rw = statistics.median(field(t, "wall_s") for t in runs["rust"])
    events = field(runs["simpy"][0], "events")
    srss = max(field(t, "maxrss_kib") for t in runs["simpy"])
    rrss = max(field(t, "maxrss_kib") for t in runs["rust"])
    print(f"| {model} | {sw:.3f} | {rw:.4f} | {statistics.median(ratios):.1f}x (rounds: {', '.join(f'{x:.1f}' for x in ratios)}) "
          f"| {events / sw / 1e6:.2f} M | {events / rw / 1e6:.2f} M | {sw / events * 1e9:.0f} / {rw / events * 1e9:.1f} | {srss:.0f} / {rrss:.0f} |")
simu = [open(f"{out}/simu.mm1.{r}.time").read() for r in range(1, rounds + 1)]
sw = statistics.median(field(t, "wall_s") for t in (open(f"{out}/simpy.mm1.{r}.time").read() for r in range(1, rounds + 1)))
uw = statistics.median(field(t, "wall_s") for t in simu)
rw = statistics.median(field(t, "wall_s") for t in (open(f"{out}/rust.mm1.{r}.time").read() for r in range(1, rounds + 1)))
events = field(simu[0], "events")
print(f"\nsimu-des 0.1.0 on mm1: wall {uw:.4f} s, {events / uw / 1e6:.2f} M events/s, {uw / events * 1e9:.1f} ns/event, "
      f"peak RSS {max(field(t, 'maxrss_kib') for t in simu):.0f} KiB: {sw / uw:.1f}x SimPy; gensend-sim is {uw / rw:.2f}x simu-des")
PY
rm -rf "$OUT"
