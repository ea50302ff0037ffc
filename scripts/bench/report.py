#!/usr/bin/env python3
"""Collects one benchmark run into CSV/JSON, checks the goals, and rewrites the
generated part of BENCHMARKS.md (between the BEGIN/END GENERATED markers).

Usage: report.py CRITERION_DIR RESULTS_DIR BENCHMARKS_MD
Reads:  CRITERION_DIR/<group>/<bench>/new/estimates.json (median, ns),
        RESULTS_DIR/{paired.csv, memory.csv, memory_sizes.csv, depth_manual.csv,
        instructions.csv, cpython_depth.json, machine.json}
The send and lifecycle goals are judged on paired.csv (interleaved rounds, see
benches/paired.rs) when it is there, else on criterion's medians.
Writes: RESULTS_DIR/{protocol.csv, depth.csv, results.json, summary.md}
No third-party packages.
"""

import csv
import json
import os
import sys

PEERS = ["handwritten_boxed", "gensend", "genawaiter_rc", "genawaiter_sync", "corosensei", "generator"]
DEPTHS = [0, 1, 10, 100, 1000, 10000, 1000000]
BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"


def estimate(criterion, group, bench):
    """Median (ns) and its 95% interval, or None if criterion did not run it."""
    path = os.path.join(criterion, group, bench, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        median = json.load(f)["median"]
    ci = median["confidence_interval"]
    return {"ns": median["point_estimate"], "lo": ci["lower_bound"], "hi": ci["upper_bound"]}


def ns(value):
    """Human units for a time in ns."""
    if value >= 1e6:
        return f"{value / 1e6:.2f} ms"
    if value >= 1e3:
        return f"{value / 1e3:.2f} µs"
    return f"{value:.2f} ns" if value < 10 else f"{value:.1f} ns"


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def protocol(criterion):
    rows = []
    for group in ("send", "lifecycle"):
        floor = estimate(criterion, group, "handwritten_boxed")
        for peer in PEERS:
            e = estimate(criterion, group, peer)
            if e is None:
                continue
            ratio = e["ns"] / floor["ns"] if floor else None
            rows.append(dict(group=group, peer=peer, ns=e["ns"], lo=e["lo"], hi=e["hi"], ratio=ratio))
    return rows


def depth(criterion, results):
    rows = []
    for peer in ("gensend", "forwarding"):
        for d in DEPTHS:
            e = estimate(criterion, f"depth_{peer}", str(d))
            if e is not None:
                rows.append(dict(impl=peer, depth=d, ns=e["ns"], status="ok", note="criterion median"))
    for m in read_csv(os.path.join(results, "depth_manual.csv")):
        note = f"timed by hand over {m['items']} items (> 1 ms per item)"
        rows.append(dict(impl=m["peer"], depth=int(m["depth"]), ns=float(m["ns_per_item"]), status="ok", note=note))
    cpython = os.path.join(results, "cpython_depth.json")
    if os.path.exists(cpython):
        with open(cpython) as f:
            for r in json.load(f):
                impl = f"cpython{r['python']}_{r['limit_mode']}_limit"
                note = r.get("detail", "")
                if r["status"] == "ok":
                    note = f"median of 5 runs of {r['items_per_run']} items"
                if "teardown" in r:
                    note += "; " + r["teardown"]
                note = f"recursionlimit={r['recursion_limit']}; {note}"
                rows.append(dict(impl=impl, depth=r["depth"], ns=r.get("ns_per_item"), status=r["status"], note=note))
    rows.sort(key=lambda r: (r["impl"], r["depth"]))
    return rows


def paired_goals(paired):
    """The send and lifecycle goals from the interleaved rounds: gensend's median
    per-round ratio to the floor, and its median per-round time over each peer's."""
    out = []
    for group, limit in (("send", 1.5), ("lifecycle", 1.3)):
        rows = [r for r in paired if r["op"] == group]
        g = next((r for r in rows if r["peer"] == "gensend"), None)
        if g is None:
            continue
        ratio = float(g["median_ratio_to_floor"])
        out.append((f"{group}: gensend <= {limit}x the hand-written floor", f"{ratio:.2f}x", ratio <= limit))
        others = [r for r in rows if r["peer"] not in ("gensend", "handwritten_boxed")]
        beaten = [r for r in others if float(r["median_gensend_over_peer"]) >= 1.0]
        closest = min(others, key=lambda r: float(r["median_gensend_over_peer"]) if r in beaten else
                      1 / float(r["median_gensend_over_peer"]))
        if beaten:
            text = "slower than " + ", ".join(
                f"{r['peer']} ({float(r['median_gensend_over_peer']):.3f}x its time)" for r in beaten)
        else:
            text = (f"faster than all; closest: {closest['peer']} ({float(closest['median_gensend_over_peer']):.3f}x "
                    f"its time, faster in {closest['gensend_faster_rounds']} of {closest['rounds']} rounds)")
        out.append((f"{group}: gensend faster than every peer crate", text, not beaten))
    return out


def goals(proto, memory, sizes, depth_rows, paired):
    """Each goal: name, measured text, met (True/False/None if not measured)."""
    out = paired_goals(paired) if paired else []
    get = {(r["group"], r["peer"]): r for r in proto}
    for group, limit in (("send", 1.5), ("lifecycle", 1.3)) if not paired else ():
        g = get.get((group, "gensend"))
        if g:
            out.append((f"{group}: gensend <= {limit}x the hand-written floor", f"{g['ratio']:.2f}x", g["ratio"] <= limit))
        others = [r for r in proto if r["group"] == group and r["peer"] not in ("gensend", "handwritten_boxed")]
        if g and others:
            beaten = [r["peer"] for r in others if r["ns"] <= g["ns"]]
            text = "faster than all" if not beaten else "slower than " + ", ".join(beaten)
            out.append((f"{group}: gensend faster than every peer crate", text, not beaten))
    gm = next((m for m in memory if m["peer"] == "gensend"), None)
    if gm and "gensend_future_bytes" in sizes:
        total = float(gm["rss_bytes_per_gen"])
        fut, handle = sizes["gensend_future_bytes"], sizes["gensend_handle_bytes"]
        over = total - fut
        # Whole bytes: resident memory moves by a few pages per run, which is
        # a tenth of a byte per generator at a million of them (benches/memory.rs).
        text = f"{over:.1f} B incl. the {handle:.0f} B handle, {over - handle:.1f} B without it"
        out.append(("memory: bytes per suspended generator <= 64 + body future", text, round(over) <= 64))
    dg = {r["depth"]: r["ns"] for r in depth_rows if r["impl"] == "gensend"}
    if 0 in dg and 1 in dg:
        ratio = dg[1] / dg[0]
        out.append(("depth: d=1 within 1.5x of a plain gensend send (d=0)", f"{ratio:.2f}x", ratio <= 1.5))
    if 1 in dg and 10000 in dg:
        ratio = dg[10000] / dg[1]
        out.append(("depth: d=10000 within 1.3x of d=1", f"{ratio:.2f}x", ratio <= 1.3))
    return out


def markdown(machine, proto, memory, sizes, depth_rows, goal_rows, instructions, paired):
    lines = []
    add = lines.append
    add(f"Run: {machine.get('date', '?')}, commit `{machine.get('commit', '?')}`, {machine.get('rustc', '?')}, "
        f"{machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, "
        f"load average at start {machine.get('load', '?')}.")
    add("")
    add("### Goals")
    add("")
    add("| goal | measured | met |")
    add("|---|---|---|")
    for name, text, met in goal_rows:
        add(f"| {name} | {text} | {'yes' if met else '**no**'} |")
    add("")
    if instructions:
        add("### Instructions per operation (callgrind; independent of machine load)")
        add("")
        add("| operation | peer | instructions | ratio to floor |")
        add("|---|---|---:|---:|")
        for op in ("send", "lifecycle"):
            rows = [r for r in instructions if r["operation"] == op]
            floor = next((float(r["instructions_per_op"]) for r in rows if r["peer"] == "handwritten_boxed"), None)
            for r in rows:
                count = float(r["instructions_per_op"])
                ratio = f"{count / floor:.1f}x" if floor else ""
                add(f"| {op} | {r['peer']} | {count:.0f} | {ratio} |")
        plain = next((float(r["instructions_per_op"]) for r in instructions
                      if r["operation"] == "send" and r["peer"] == "gensend"), None)
        for r in (r for r in instructions if r["operation"].startswith("send at depth")):
            count = float(r["instructions_per_op"])
            ratio = f"{count / plain:.2f}x plain gensend send" if plain else ""
            add(f"| {r['operation']} | {r['peer']} | {count:.0f} | {ratio} |")
        add("")
    if paired:
        rounds = paired[0]["rounds"]
        add(f"### `send` and `lifecycle` in {rounds} interleaved rounds (the goals are judged on these)")
        add("")
        add("Every round times a short batch of each peer back to back (`benches/paired.rs`); "
            "ratios are taken within a round, then the median over rounds is reported.")
        add("")
        add("| operation | peer | median | ratio to floor | gensend / peer | rounds gensend was faster |")
        add("|---|---|---:|---:|---:|---:|")
        for r in paired:
            faster = "" if r["peer"] == "gensend" else f"{r['gensend_faster_rounds']} of {r['rounds']}"
            add(f"| {r['op']} | {r['peer']} | {ns(float(r['median_ns']))} | "
                f"{float(r['median_ratio_to_floor']):.2f}x | {float(r['median_gensend_over_peer']):.2f}x | {faster} |")
        add("")
    for group, title in (("send", "send round-trip into a primed accumulator"),
                         ("lifecycle", "create, start, send one value, drop while suspended")):
        add(f"### `{group}`: {title} (criterion, one peer after the other)")
        add("")
        add("| peer | median | 95% interval | ratio to floor |")
        add("|---|---:|---:|---:|")
        for r in (r for r in proto if r["group"] == group):
            add(f"| {r['peer']} | {ns(r['ns'])} | {ns(r['lo'])} – {ns(r['hi'])} | {r['ratio']:.2f}x |")
        add("")
    add("### Memory per suspended accumulator")
    add("")
    add("Resident-memory growth divided by the count, each peer in a fresh process; includes the handle "
        "kept in the `Vec` and malloc's overhead. Virtual = address space reserved.")
    add("")
    add("| peer | count | handle (B) | resident B/gen | ratio to floor | virtual B/gen |")
    add("|---|---:|---:|---:|---:|---:|")
    floor = next((float(m["rss_bytes_per_gen"]) for m in memory if m["peer"] == "handwritten_boxed"), None)
    for m in memory:
        rss = float(m["rss_bytes_per_gen"])
        ratio = f"{rss / floor:.1f}x" if floor else ""
        add(f"| {m['peer']} | {m['count']} | {m['handle_bytes']} | {rss:,.0f} | {ratio} | "
            f"{float(m['virt_bytes_per_gen']):,.0f} |")
    if sizes:
        add("")
        add(f"gensend: `size_of::<Gen<i64, i64>>()` = {sizes['gensend_handle_bytes']:.0f} B; "
            f"`size_of_val` of the body future = {sizes['gensend_future_bytes']:.0f} B.")
    add("")
    add("### Cost per item vs delegation depth")
    add("")
    impls = sorted({r["impl"] for r in depth_rows}, key=lambda i: (i != "gensend", i != "forwarding", i))
    def label(impl):
        if impl.startswith("cpython"):
            version, mode = impl[len("cpython"):].split("_")[:2]
            return f"CPython {version} ({'limit 1000' if mode == 'default' else 'limit raised'})"
        return {"forwarding": "hand-written forwarding"}.get(impl, impl)

    add("| d | " + " | ".join(label(i) for i in impls) + " |")
    add("|---:|" + "---:|" * len(impls))
    cell = {(r["impl"], r["depth"]): r for r in depth_rows}
    for d in DEPTHS:
        cells = []
        for i in impls:
            r = cell.get((i, d))
            if r is None:
                cells.append("–")
            elif r["status"] != "ok":
                cells.append(r["status"])
            else:
                mark = "*" if "by hand" in r["note"] else ""
                mark += "†" if "crash" in r["note"] else ""
                cells.append(ns(r["ns"]) + mark)
        add(f"| {d:,} | " + " | ".join(cells) + " |")
    notes = []
    if any("by hand" in r["note"] for r in depth_rows):
        notes.append("\\* timed by hand over a few items (one item takes more than 1 ms).")
    if any("crash" in r["note"] and r["status"] == "ok" for r in depth_rows):
        notes.append("† measured, then the interpreter crashed while tearing the chain down.")
    if any(r["status"] == "crash" for r in depth_rows):
        notes.append("crash: the interpreter died (segmentation fault) before reporting a time.")
    if notes:
        add("")
        add(" ".join(notes))
    add("")
    add("![cost per item vs depth](docs/depth.svg)")
    return "\n".join(lines)


def main():
    criterion, results, bench_md = sys.argv[1:4]
    machine = {}
    if os.path.exists(os.path.join(results, "machine.json")):
        with open(os.path.join(results, "machine.json")) as f:
            machine = json.load(f)
    proto = protocol(criterion)
    memory = read_csv(os.path.join(results, "memory.csv"))
    sizes = {}
    for line in open(os.path.join(results, "memory_sizes.csv")) if os.path.exists(
            os.path.join(results, "memory_sizes.csv")) else []:
        key, value = line.strip().split(",")
        sizes[key] = float(value)
    depth_rows = depth(criterion, results)
    paired = read_csv(os.path.join(results, "paired.csv"))
    goal_rows = goals(proto, memory, sizes, depth_rows, paired)

    with open(os.path.join(results, "protocol.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, ["group", "peer", "ns", "lo", "hi", "ratio"])
        w.writeheader()
        w.writerows(proto)
    with open(os.path.join(results, "depth.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, ["impl", "depth", "ns", "status", "note"])
        w.writeheader()
        w.writerows(depth_rows)
    with open(os.path.join(results, "results.json"), "w") as f:
        json.dump(dict(machine=machine, protocol=proto, paired=paired, memory=memory, sizes=sizes, depth=depth_rows,
                       instructions=read_csv(os.path.join(results, "instructions.csv")),
                       goals=[dict(goal=g, measured=t, met=m) for g, t, m in goal_rows]), f, indent=1)
    instructions = read_csv(os.path.join(results, "instructions.csv"))
    text = markdown(machine, proto, memory, sizes, depth_rows, goal_rows, instructions, paired)
    with open(os.path.join(results, "summary.md"), "w") as f:
        f.write(text + "\n")
    print(text)

    if os.path.exists(bench_md):
        with open(bench_md) as f:
            doc = f.read()
        if BEGIN in doc and END in doc:
            head, rest = doc.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            with open(bench_md, "w") as f:
                f.write(head + BEGIN + "\n" + text + "\n" + END + tail)
            print(f"updated {bench_md}")


if __name__ == "__main__":
    main()
