#!/usr/bin/env python3
"""Draws cost per item vs delegation depth (log-log) as a hand-written SVG.

Usage: plot.py RESULTS_DIR/depth.csv OUT.svg   (no third-party packages)
Series: gensend, the hand-written forwarding chain, CPython (default recursion
limit, and raised). Depth 0 has no place on a log axis: the gensend d=0 cost
(a plain send) is drawn as a dotted reference line instead.
"""

import csv
import math
import sys

W, H = 820, 470
LEFT, RIGHT, TOP, BOTTOM = 80, 230, 40, 60
SERIES = [  # impl prefix, label, colour, dash
    ("gensend", "gensend (yield_from)", "#1f77b4", ""),
    ("forwarding", "hand-written, forwarding chain", "#d62728", ""),
    ("cpython3.13.0_raised", "CPython 3.13, recursion limit raised", "#2ca02c", "6,4"),
    ("cpython3.13.0_default", "CPython 3.13, default limit (1000)", "#2ca02c", ""),
]


def main():
    src, out = sys.argv[1:3]
    with open(src) as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["depth"] = int(r["depth"])
        r["ns"] = float(r["ns"]) if r["ns"] not in ("", "None") else None

    plotted = [r for r in rows if r["depth"] >= 1 and r["ns"]]
    xmin, xmax = -0.15, 6.35  # log10 depth, with a margin
    ymin = math.floor(math.log10(min(r["ns"] for r in plotted)))
    ymax = math.ceil(math.log10(max(r["ns"] for r in plotted)) + 0.5)  # headroom for the × marks

    def px(d):
        return LEFT + (math.log10(d) - xmin) / (xmax - xmin) * (W - LEFT - RIGHT)

    def py(v):
        return H - BOTTOM - (math.log10(v) - ymin) / (ymax - ymin) * (H - TOP - BOTTOM)

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">'
         'Cost per item through a chain of d yield-from levels (log-log)</text>']
    for e in range(0, 7):  # x grid
        x = px(10 ** e)
        s.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{H - BOTTOM}" stroke="#ddd"/>')
        s.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{10 ** e:,}</text>')
    units = {0: "1 ns", 1: "10 ns", 2: "100 ns", 3: "1 µs", 4: "10 µs", 5: "100 µs", 6: "1 ms",
             7: "10 ms", 8: "100 ms", 9: "1 s"}
    for e in range(ymin, ymax + 1):  # y grid
        y = py(10 ** e)
        s.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        s.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{units.get(e, f"1e{e} ns")}</text>')
    s.append(f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
             'fill="none" stroke="#444"/>')
    s.append(f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 18}" text-anchor="middle">depth d</text>')
    s.append(f'<text x="18" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" '
             f'transform="rotate(-90 18 {(TOP + H - BOTTOM) / 2})">time per send (median)</text>')

    base = next((r["ns"] for r in rows if r["impl"] == "gensend" and r["depth"] == 0 and r["ns"]), None)
    if base:
        y = py(base)
        s.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#1f77b4" '
                 'stroke-dasharray="2,3"/>')

    legend_y = TOP + 10
    for prefix, label, colour, dash in SERIES:
        series = sorted((r for r in rows if r["impl"].startswith(prefix) and r["depth"] >= 1),
                        key=lambda r: r["depth"])
        if not series:
            continue
        ok = [r for r in series if r["ns"]]
        points = " ".join(f"{px(r['depth']):.1f},{py(r['ns']):.1f}" for r in ok)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        s.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for r in ok:
            hollow = "by hand" in r["note"]
            s.append(f'<circle cx="{px(r["depth"]):.1f}" cy="{py(r["ns"]):.1f}" r="3.5" '
                     f'fill="{"white" if hollow else colour}" stroke="{colour}"/>')
        failed = [r for r in series if r["ns"] is None]
        for i, r in enumerate(failed):  # RecursionError / crash: a cross near the top edge
            x, y = px(r["depth"]), TOP + (14 if dash else 30)
            s.append(f'<path d="M{x - 4:.1f},{y - 4} l8,8 m0,-8 l-8,8" stroke="{colour}" stroke-width="2"/>')
            if i == 0:  # label the first cross of a run of equal ones, to the left of it
                word = r["status"] + ("" if len(failed) == 1 else " from here on")
                s.append(f'<text x="{x - 8:.1f}" y="{y + 4}" fill="{colour}" font-size="10" '
                         f'text-anchor="end">{word}</text>')
        lx = W - RIGHT + 12
        s.append(f'<line x1="{lx}" y1="{legend_y}" x2="{lx + 24}" y2="{legend_y}" stroke="{colour}" '
                 f'stroke-width="2"{dash_attr}/>')
        words = label.split(", ")
        for i, w in enumerate(words):
            s.append(f'<text x="{lx + 30}" y="{legend_y + 4 + 14 * i}">{w}{"," if i < len(words) - 1 else ""}</text>')
        legend_y += 18 + 14 * len(words)
    if base:
        lx = W - RIGHT + 12
        s.append(f'<line x1="{lx}" y1="{legend_y}" x2="{lx + 24}" y2="{legend_y}" stroke="#1f77b4" '
                 'stroke-dasharray="2,3"/>')
        s.append(f'<text x="{lx + 30}" y="{legend_y + 4}">gensend plain send</text>')
        s.append(f'<text x="{lx + 30}" y="{legend_y + 18}">(d = 0)</text>')
        legend_y += 36
    s.append(f'<text x="{W - RIGHT + 12}" y="{legend_y + 4}" font-size="10">hollow: timed by hand</text>')
    s.append(f'<text x="{W - RIGHT + 12}" y="{legend_y + 18}" font-size="10">×: no result (error/crash)</text>')
    s.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(s) + "\n")


if __name__ == "__main__":
    main()
