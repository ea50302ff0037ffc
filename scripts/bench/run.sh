#!/usr/bin/env bash
# Runs every benchmark and regenerates the results, the plot and the tables in
# BENCHMARKS.md. One command, from anywhere:   scripts/bench/run.sh
#
#   cargo bench --bench protocol   send / lifecycle vs peers      (criterion)
#   cargo bench --bench paired     the same, in interleaved rounds (the goal ratios)
#   cargo bench --bench depth      cost per item vs depth          (criterion)
#   cargo bench --bench memory     bytes per suspended generator  (own harness)
#   scripts/bench/depth.py         the same depth chain in CPython
#   scripts/bench/callgrind.sh     instructions per operation (if valgrind is present)
#
# Writes scripts/bench/results/{protocol,paired,depth,memory,instructions}.csv, results.json,
# summary.md, cpython_depth.json, machine.json; docs/depth.svg; and the part of
# BENCHMARKS.md between the GENERATED markers. Takes about 2 minutes after the
# build. Honours CARGO_TARGET_DIR; set PYTHON to choose the interpreter
# (default: CPython 3.13.0 via pyenv if present, else python3); GENSEND_COMMIT
# names the measured commit when running outside a git checkout.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
results=$root/scripts/bench/results
target=${CARGO_TARGET_DIR:-$root/target}
mkdir -p "$results" "$root/docs"
rm -f "$results"/*.csv "$results"/*.json "$results"/summary.md

# Criterion keeps old runs next to new ones; start clean so that nothing stale
# (a depth measured by criterion last time, by hand this time) is reported.
export CRITERION_HOME=$target/criterion-gensend
rm -rf "$CRITERION_HOME"
export GENSEND_BENCH_OUT=$results

if [ -z "${PYTHON:-}" ]; then
    if PYENV_VERSION=3.13.0 python3 -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
        PYTHON="env PYENV_VERSION=3.13.0 python3"
    else
        PYTHON=python3
    fi
fi

python3 - "$results/machine.json" <<'EOF'
import json, os, platform, subprocess, sys, datetime
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "commit": os.environ.get("GENSEND_COMMIT") or (sh("git", "rev-parse", "--short", "HEAD")
              + (" (src/ modified)" if sh("git", "status", "--porcelain", "--", "src", "Cargo.toml") else "")),
    "rustc": sh("rustc", "--version"),
    "cpu": cpu,
    "cores": os.cpu_count(),
    "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    "kernel": platform.release(),
}, open(sys.argv[1], "w"), indent=1)
EOF

cargo bench --bench protocol
cargo bench --bench paired
cargo bench --bench depth
cargo bench --bench memory
$PYTHON scripts/bench/depth.py --out "$results/cpython_depth.json"
if command -v valgrind > /dev/null; then
    scripts/bench/callgrind.sh --csv > "$results/instructions.csv"
fi

python3 scripts/bench/report.py "$CRITERION_HOME" "$results" "$root/BENCHMARKS.md" > /dev/null
python3 scripts/bench/plot.py "$results/depth.csv" "$root/docs/depth.svg"
cat "$results/summary.md"
echo
echo "results: $results; plot: docs/depth.svg; tables updated in BENCHMARKS.md"
