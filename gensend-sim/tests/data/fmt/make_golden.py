"""Golden float formatting for gensend_sim's `py_float` and `py_fixed`, made by CPython.

Run with CPython 3.13 from this directory:

    PYENV_VERSION=3.13.0 python3 make_golden.py

It rewrites `floats.txt`: one line per value and format,
`<16 hex digits of the IEEE-754 bits> <format> <Python's text>`, where the format
is `repr` (`repr(x)`, what `py_float` prints) or `.<p>f` (`format(x, '.<p>f')`,
what `py_fixed(x, p)` prints). The values are edge cases (exact ties, negative
zero, the bounds of `repr`'s exponent notation, infinities, NaN), the times the
SimPy examples print, and seeded random values over many magnitudes.
"""

import math
import random
import struct
import sys

assert sys.version_info[:2] == (3, 13), "the oracle is CPython 3.13"

EDGES = [
    0.0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.375, -0.125, 2.675, 1.0005, 0.0005, 0.00015,
    1e-4, 9.999999999999999e-05, 1e16, 9999999999999998.0, 1e22, 1e300, 5e-324, 1.7976931348623157e308,
    0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 123456789.125, 3.8595, 12.72648, 13.900325, 1.1738,
    math.inf, -math.inf, math.nan,
]
PRECISIONS = (0, 1, 2, 3, 4, 6, 10)


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def values():
    r = random.Random(2024)
    out = list(EDGES)
    for _ in range(150):
        out.append(r.random() * 10 ** r.randint(-8, 20) * r.choice((1, -1)))
    for _ in range(150):
        # Dyadic values: many are exact ties at some precision.
        out.append(r.randint(-(10**6), 10**6) / 2 ** r.randint(1, 14))
    return out


with open("floats.txt", "w") as f:
    for x in values():
        f.write(f"{bits(x)} repr {x!r}\n")
        for p in PRECISIONS:
            f.write(f"{bits(x)} .{p}f {format(x, f'.{p}f')}\n")
