"""Golden sequences for gensend_sim::random, drawn from CPython's own `random`.

Run with CPython 3.13 from this directory:

    PYENV_VERSION=3.13.0 python3 make_golden.py

It rewrites one `seed_<label>.txt` per seed. Each file starts with
`seed <decimal>` and `words <32-bit words of |seed|, least significant first,
in hex>`, then one line per case: `<case> <draws> <value> <value> ...`. Every case
starts from a freshly seeded generator. Integers are written in decimal;
floats as `0x` and the 16 hex digits of their IEEE-754 bits, so the Rust test
compares them bit for bit. tests/random.rs holds the same case names and fails
if a case is missing on either side.
"""

import random
import struct
import sys

assert sys.version_info[:2] == (3, 13), "the oracle is CPython 3.13"

SEEDS = {
    "0": 0,
    "1": 1,
    "42": 42,
    "neg42": -42,
    "2pow32": 2**32,
    "2pow64m1": 2**64 - 1,
    "neg2pow100p7": -(2**100 + 7),
    "2pow200p12345": 2**200 + 12345,
    "neg3pow500": -(3**500),
}

# Draws per case; seed 42 (SimPy's examples) gets more.
DRAWS = 200
DRAWS_SEED_42 = 1000


def f(x):
    assert isinstance(x, float), x
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def i(x):
    assert isinstance(x, int), x
    return str(x)


def words(n):
    n = abs(n)
    out = []
    while True:
        out.append(n & 0xFFFFFFFF)
        n >>= 32
        if n == 0:
            return out


def fallible(fn):
    """A draw that may raise: its error becomes the token `err:<message>`."""

    def draw(r):
        try:
            return fn(r)
        except (ValueError, ZeroDivisionError, OverflowError) as e:
            return "err:" + str(e).replace(" ", "_")

    return draw


def f_or_err(x):
    return x if isinstance(x, str) else f(x)


def repeat(fn, conv):
    return lambda r, n: [conv(fn(r)) for _ in range(n)]


def flat(fn, conv):
    return lambda r, n: [conv(v) for _ in range(n) for v in fn(r)]


def shuffled(size):
    def draw(r):
        x = list(range(size))
        r.shuffle(x)
        return x

    return draw


def mixed(r, n):
    """A simulation-like interleaving, with a reseed that must drop gauss's cached value."""
    out = []
    for step in range(n):
        op = step % 9
        if op == 0:
            out.append(f(r.gauss(0.0, 1.0)))
        elif op == 1:
            out.append(f(r.random()))
        elif op == 2:
            out.append(i(r.randint(1, 6)))
        elif op == 3:
            out.append(f(r.gauss(2.0, 3.0)))
        elif op == 4:
            out.append(f(r.normalvariate(10.0, 2.0)))
        elif op == 5:
            out.append(f(r.expovariate(1.0 / 12.0)))
        elif op == 6:
            out.append(i(r.choice(range(7))))
        elif op == 7:
            out.append(f(r.gauss(0.0, 1.0)))
            if step % 100 == 7:
                r.seed(step)
        else:
            out.append(f(r.uniform(1, 3)))
    return out


CASES = {}
CASES["getrandbits(32)"] = repeat(lambda r: r.getrandbits(32), i)
for k in (0, 1, 5, 31, 33, 53, 64, 65, 100, 128):
    CASES[f"getrandbits({k})"] = repeat(lambda r, k=k: r.getrandbits(k), i)
CASES["random()"] = repeat(lambda r: r.random(), f)
for n in (1, 2, 3, 10, 1000, 2**31 + 1, 2**32, 2**32 + 1, 2**53 + 3, 2**64 - 1):
    CASES[f"randrange({n})"] = repeat(lambda r, n=n: r.randrange(n), i)
for a, b in ((-5, 5), (0, 7), (-(2**63), 2**63 - 1)):
    CASES[f"randrange({a}, {b})"] = repeat(lambda r, a=a, b=b: r.randrange(a, b), i)
for a, b, s in ((0, 100, 7), (100, 0, -3), (-50, 51, 5), (3, 4, 10)):
    CASES[f"randrange({a}, {b}, {s})"] = repeat(lambda r, a=a, b=b, s=s: r.randrange(a, b, s), i)
for a, b in ((50, 99), (1, 6), (-3, 3), (5, 9), (4, 8), (6, 10), (0, 1), (7, 7), (-(2**63), 2**63 - 1)):
    CASES[f"randint({a}, {b})"] = repeat(lambda r, a=a, b=b: r.randint(a, b), i)
for a, b in ((0.0, 1.0), (1.0, 3.0), (-10.0, 10.5), (5.0, 2.0)):
    CASES[f"uniform({a}, {b})"] = repeat(lambda r, a=a, b=b: r.uniform(a, b), f)
for lam in (1.0, 1.0 / 10.0, 1.0 / 12.0, 1.0 / 300.0, -2.0):
    CASES[f"expovariate({lam!r})"] = repeat(lambda r, lam=lam: r.expovariate(lam), f)
for mu, sigma in ((0.0, 1.0), (10.0, 2.0), (-3.0, 0.5)):
    CASES[f"normalvariate({mu}, {sigma})"] = repeat(lambda r, mu=mu, sigma=sigma: r.normalvariate(mu, sigma), f)
for mu, sigma in ((0.0, 1.0), (5.0, 2.0)):
    CASES[f"gauss({mu}, {sigma})"] = repeat(lambda r, mu=mu, sigma=sigma: r.gauss(mu, sigma), f)
CASES["lognormvariate(0.0, 0.25)"] = repeat(lambda r: r.lognormvariate(0.0, 0.25), f)
for low, high, mode in ((0.0, 1.0, None), (1.0, 10.0, None), (1.0, 10.0, 3.0), (2.0, 8.0, 8.0), (5.0, 5.0, 5.0), (4.0, -2.0, 0.0)):
    CASES[f"triangular({low}, {high}, {mode})"] = repeat(lambda r, l=low, h=high, m=mode: r.triangular(l, h, m), f)
for n in (1, 3, 10, 1000):
    CASES[f"choice(range({n}))"] = repeat(lambda r, n=n: r.choice(range(n)), i)
for n in (1, 7, 1000):
    CASES[f"choices(range({n}), k=3)"] = flat(lambda r, n=n: r.choices(range(n), k=3), i)
for n in (0, 1, 2, 10, 50):
    CASES[f"shuffle({n})"] = flat(shuffled(n), i)
for n, k in ((0, 0), (10, 3), (10, 10), (30, 5), (21, 5), (22, 5), (100, 100), (1000, 50), (10**6, 6)):
    CASES[f"sample(range({n}), {k})"] = flat(lambda r, n=n, k=k: r.sample(range(n), k), i)
for w in ([1, 9], [0.5, 0.25, 0.25], [3, 0, 2, 5]):
    CASES[f"choices_weighted({w},k=3)"] = flat(lambda r, w=w: r.choices(range(len(w)), w, k=3), i)
CASES["choices_cum_weighted([1.0,1.5,4.0],k=3)"] = flat(
    lambda r: r.choices(range(3), cum_weights=[1.0, 1.5, 4.0], k=3), i
)
CASES["expovariate(0.0)"] = repeat(fallible(lambda r: r.expovariate(0.0)), f_or_err)
for alpha in (3.0, 1.0, 0.001, 0.0):
    CASES[f"paretovariate({alpha})"] = repeat(fallible(lambda r, a=alpha: r.paretovariate(a)), f_or_err)
for alpha, beta in ((300.0, 1.5), (1.0, 0.5), (1.0, 0.001), (2.0, -1.0), (1.0, 0.0)):
    CASES[f"weibullvariate({alpha}, {beta})"] = repeat(
        fallible(lambda r, a=alpha, b=beta: r.weibullvariate(a, b)), f_or_err
    )
for alpha, beta in ((2.0, 3.0), (1.0, 2.0), (0.5, 1.0), (0.05, 1.0), (9.5, 0.5), (0.0, 1.0)):
    CASES[f"gammavariate({alpha}, {beta})"] = repeat(
        fallible(lambda r, a=alpha, b=beta: r.gammavariate(a, b)), f_or_err
    )
for alpha, beta in ((2.0, 5.0), (0.5, 0.5), (0.01, 3.0)):
    CASES[f"betavariate({alpha}, {beta})"] = repeat(
        fallible(lambda r, a=alpha, b=beta: r.betavariate(a, b)), f_or_err
    )
for mu, kappa in ((1.0, 4.0), (-1.0, 0.5), (7.0, 1e-07), (0.0, 50.0)):
    CASES[f"vonmisesvariate({mu}, {kappa})"] = repeat(
        lambda r, mu=mu, k=kappa: r.vonmisesvariate(mu, k), f
    )
CASES["mixed"] = mixed


def main():
    for label, seed in SEEDS.items():
        draws = DRAWS_SEED_42 if seed == 42 else DRAWS
        lines = [f"seed {seed}", "words " + " ".join("%x" % w for w in words(seed))]
        for name, make in CASES.items():
            # Fewer draws where one draw is many values.
            n = draws // 10 if name.startswith(("shuffle", "sample(range(100),", "sample(range(1000),")) else draws
            values = make(random.Random(seed), n)
            lines.append(" ".join([name.replace(" ", ""), str(n)] + values))
        with open(f"seed_{label}.txt", "w") as out:
            out.write("\n".join(lines) + "\n")


main()
