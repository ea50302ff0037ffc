#!/usr/bin/env python3
"""CPython's cost per item through a chain of `yield from` of depth d.

The same chain as benches/depth.rs: d generators, each `yield from` the next,
the innermost an accumulator; `send(1)` on the outermost, timed with
time.perf_counter_ns. Each (depth, recursion limit) runs in its own subprocess,
so a RecursionError or a crash of the interpreter is reported, not fatal.

Usage: depth.py [--out FILE.json] [--depths 0,1,10,...]
Prints a table; writes JSON records to FILE.json if given.
"""

import json
import subprocess
import sys
import time

DEPTHS = [0, 1, 10, 100, 1000, 10000, 1000000]
# Wall time per timed run, and how many runs (the median is reported).
RUN_SECONDS = 0.1
RUNS = 5
TIMEOUT_SECONDS = 300


def chain(d):
    """Python: the accumulator at d = 0; d levels of `yield from` above it."""
    if d == 0:
        total = 0
        while True:
            total += yield total
    else:
        return (yield from chain(d - 1))


def measure(depth):
    """Runs in the child: builds and starts the chain, times send(1)."""
    g = chain(depth)
    next(g)  # builds the whole chain: d nested frames
    send = g.send
    items = 1
    while True:  # calibrate: enough items for RUN_SECONDS
        t0 = time.perf_counter_ns()
        for _ in range(items):
            send(1)
        elapsed = time.perf_counter_ns() - t0
        if elapsed >= RUN_SECONDS * 1e9 or items >= 1 << 26:
            break
        items *= 2 if elapsed < RUN_SECONDS * 1e8 else max(2, int(RUN_SECONDS * 1e9 / max(elapsed, 1)))
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter_ns()
        for _ in range(items):
            send(1)
        samples.append((time.perf_counter_ns() - t0) / items)
    samples.sort()
    return samples[len(samples) // 2], items


def child(depth, limit):
    if limit:
        sys.setrecursionlimit(limit)
    record = {"depth": depth, "recursion_limit": sys.getrecursionlimit()}
    try:
        ns, items = measure(depth)
        record.update(status="ok", ns_per_item=ns, items_per_run=items)
    except RecursionError as e:
        record.update(status="RecursionError", detail=str(e))
    print(json.dumps(record), flush=True)
    # The interpreter then tears the chain down; a crash there is reported too.


def run_one(depth, limit):
    """Runs one measurement in a subprocess; returns its record."""
    cmd = [sys.executable, __file__, "--child", str(depth), str(limit)]
    base = {"depth": depth, "recursion_limit": limit or sys.getrecursionlimit()}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return dict(base, status="timeout", detail=f"> {TIMEOUT_SECONDS} s")
    record = None
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
    if proc.returncode != 0:
        crash = f"interpreter exited with {proc.returncode}"
        if proc.returncode < 0:
            crash = f"interpreter crashed (signal {-proc.returncode})"
        tail = proc.stderr.strip().splitlines()[-1:] if proc.stderr.strip() else []
        if record is None:
            return dict(base, status="crash", detail="; ".join([crash] + tail))
        record["teardown"] = "; ".join([crash, "after measuring"] + tail)
    return record or dict(base, status="no output", detail=proc.stderr.strip()[-200:])


def main():
    args = sys.argv[1:]
    if args[:1] == ["--child"]:
        return child(int(args[1]), int(args[2]))
    out = args[args.index("--out") + 1] if "--out" in args else None
    depths = DEPTHS
    if "--depths" in args:
        depths = [int(d) for d in args[args.index("--depths") + 1].split(",")]
    version = sys.version.split()[0]
    print(f"CPython {version}: ns per item through d levels of `yield from` (send(1) on the outermost)")
    records = []
    # Default recursion limit (1000) as shipped, then raised to show what happens.
    for mode, limit in (("default", 0), ("raised", 2 * max(depths) + 1000)):
        for depth in depths:
            r = run_one(depth, limit)
            r.update(python=version, limit_mode=mode)
            records.append(r)
            value = f"{r['ns_per_item']:.1f} ns" if r["status"] == "ok" else r["status"]
            note = r.get("detail", "") + (" " + r["teardown"] if "teardown" in r else "")
            print(f"  limit={r['recursion_limit']:<8} d={depth:<8} {value:<16} {note}".rstrip(), flush=True)
    if out:
        with open(out, "w") as f:
            json.dump(records, f, indent=1)


if __name__ == "__main__":
    main()
