#!/usr/bin/env bash
# Instructions per SimPy event on the benchmark models (callgrind), split by
# where they are spent: the kernel (gensend-sim), gensend, the model's own
# code, the allocator and the rest.
#
#   gensend-sim/bench/callgrind.sh [N]      (default N = 20000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20000}
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build -q --release -p gensend-sim --example model
OUT=$(mktemp -d)
for model in mm1 shop; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$model.cg" \
        target/release/examples/model "$model" "$N" >/dev/null 2>"$OUT/$model.err"
    events=$(grep -o 'events=[0-9]*' "$OUT/$model.err" | cut -d= -f2)
    callgrind_annotate --inclusive=no "$OUT/$model.cg" | python3 -c '
import collections, re, sys
model, events = sys.argv[1], int(sys.argv[2])
parts = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+?):(.*)", line)
    if not m:
        continue
    n, path, function = int(m.group(1).replace(",", "")), m.group(2), m.group(3)
    if "gensend-sim/src" in path:
        part = "kernel (gensend-sim)"
    elif "gensend-sim/examples" in path:
        part = "model"
    elif path.startswith("src/") or path.startswith("/work") and "/src/" in path and "rustc" not in path:
        part = "gensend"
    elif "malloc" in path or "__rdl_" in function or "__rust_alloc" in function or "__rust_dealloc" in function:
        part = "allocator"
    elif "rustc" in path and "gensend_sim::" in function and "gensend::" not in function:
        part = "kernel (gensend-sim)"
    elif "rustc" in path and "gensend::" in function:
        part = "gensend"
    elif "rustc" in path and "model::" in function:
        part = "model"
    else:
        part = "other (memcpy, std, Rc drops)"
    parts[part] += n
total = sum(parts.values())
print(f"{model}: {total / events:.0f} instructions per SimPy event ({events} events)")
for part, n in parts.most_common():
    print(f"  {n / events:6.0f}  {100 * n / total:4.1f}%  {part}")
' "$model" "$events"
done
rm -rf "$OUT"
