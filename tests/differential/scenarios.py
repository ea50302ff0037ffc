"""CPython side of the differential conformance harness (tests/differential.rs).

Reads one case per line on stdin (JSON: {"levels": [...], "ops": [...]}), runs it
on a generic generator interpreter built from the same data as the Rust side,
and writes one line per case on stdout: the trace, one record per operation,
records separated by TAB. Each record is

    op|result|state|depth|event,event,...

exactly as the Rust side formats it (see tests/differential.rs for the data
format, the event names and the mapping of results). Flushes after every case
so the Rust side can also use it one request at a time (for shrinking).
"""

import inspect
import json
import sys


class Exc(Exception):
    """The exception thrown in: carries an int, like the Rust side's `Exc(i64)`."""

    def __init__(self, v):
        super().__init__(v)
        self.v = v


class Boom(Exception):
    """A body's own new error (`raise Boom(b)`); the Rust side returns `Err(Boom(b))`."""

    def __init__(self, v):
        super().__init__(v)
        self.v = v


LOG = []
UNRAISABLE = []
# Indices in LOG of yields a `close()` by hand reported as ignored: not the
# first yield of an operation (see first_yield).
CLAIMED = set()


def _hook(u):
    UNRAISABLE.append((type(u.exc_value).__name__, str(u.exc_value)))
    # A level that yielded again while being finalized: CPython frees its frame
    # without running its `finally` (PROTOCOL.md F). Log that as `g~i`, where
    # gensend runs the guard (`g-i`); the Rust side maps one to the other.
    g = u.object
    if inspect.isgenerator(g) and g.gi_code is level.__code__ and g.gi_frame is not None:
        frame_locals = g.gi_frame.f_locals
        if frame_locals.get("guard"):
            LOG.append(f"g~{frame_locals['i']}")


sys.unraisablehook = _hook


def level(levels, i):
    """Level `i` of a scenario: one generator, interpreted from data.

    A level is {"guard": bool, "ret": int, "points": [point, ...]}; a point is
      ["y", k]                         plain `x = yield k`
      ["c", k, exc, exit, handler]     `try: x = yield k` catching Exc if exc,
                                       GeneratorExit if exit
      ["d", catching, exc, exit, handler, prime, boom, kill]
                                       `r = yield from level(i + 1)`, inside a
                                       try with the same catching rules if catching
                                       (and `except Boom` if boom); the delegate is
                                       first driven by hand `prime` times (see
                                       drive_by_hand), then finished as `kill` says
                                       (see kill_by_hand)
      ["i", items, range, catching, exc, exit, handler]
                                       `yield from` a list (or a range) of items
      ["f", b]                         `raise Boom(b)`
    and a handler is ["cont"] | ["yield", k] | ["ret", r] | ["raise"] | ["boom", b].
    A value received is logged as is, except None (what `yield from` resumes a
    started delegate with), which is logged as -1, gensend's stand-in for it.
    The guard is the `finally` of a try around the whole body.
    """
    lv = levels[i]
    guard = lv["guard"]
    if guard:
        LOG.append(f"g+{i}")
    try:
        for p in lv["points"]:
            caught = None
            h = None
            if p[0] == "y":
                k = p[1]
                LOG.append(f"y{i}:{k}")
                x = yield k
                LOG.append(f"r{i}:{received(x)}")
                continue
            if p[0] == "f":
                LOG.append(f"F{i}:{p[1]}")
                raise Boom(p[1])
            if p[0] == "i":
                items, rng, catching, exc, ext, h = p[1], p[2], p[3], p[4], p[5], p[6]
                LOG.append(f"i{i}")
                # The list or range, each item logged as it is produced: `map` is
                # a plain iterator like theirs (no send, throw or close).
                items = range(items[0], items[0] + len(items)) if rng and items else range(0) if rng else list(items)
                it = map(item_logger(i), items)
                if not catching:
                    yield from it
                    LOG.append(f"d{i}:None")
                    continue
                try:
                    yield from it
                except Exc as e:
                    if not exc:
                        raise
                    caught = ("t", e.v)
                except GeneratorExit:
                    if not ext:
                        raise
                    caught = ("x", None)
                else:
                    LOG.append(f"d{i}:None")
            elif p[0] == "c":
                k, exc, ext, h = p[1], p[2], p[3], p[4]
                LOG.append(f"y{i}:{k}")
                try:
                    x = yield k
                except Exc as e:
                    if not exc:
                        raise
                    caught = ("t", e.v)
                except GeneratorExit:
                    if not ext:
                        raise
                    caught = ("x", None)
                else:
                    LOG.append(f"r{i}:{received(x)}")
            else:  # "d"
                catching, exc, ext, h, prime, bm, kill = p[1], p[2], p[3], p[4], p[5], p[6], p[7]
                # The delegate is referenced only from the list until `yield from`
                # pops it, as a fresh one would be: a local variable would keep it
                # alive (and unfinalized) past the delegation.
                sub = [level(levels, i + 1)]
                done, r = drive_by_hand(sub[0], prime, i)
                if done:
                    LOG.append(f"d{i}:{r}")
                    continue
                kill_by_hand(sub[0], kill, i)
                if not catching:
                    r = yield from sub.pop()
                    LOG.append(f"d{i}:{r}")
                    continue
                try:
                    r = yield from sub.pop()
                except Exc as e:
                    if not exc:
                        raise
                    caught = ("t", e.v)
                except GeneratorExit:
                    if not ext:
                        raise
                    caught = ("x", None)
                except Boom as e:
                    if not bm:
                        raise
                    caught = ("b", e.v)
                else:
                    LOG.append(f"d{i}:{r}")
            if caught is None:
                continue
            LOG.append(f"c{i}:{caught[0]}{caught[1]}" if caught[0] != "x" else f"c{i}:x")
            if h[0] == "cont":
                pass
            elif h[0] == "yield":
                LOG.append(f"y{i}:{h[1]}")
                x = yield h[1]
                LOG.append(f"r{i}:{received(x)}")
            elif h[0] == "ret":
                return h[1]
            elif h[0] == "raise":
                if caught[0] == "t":
                    raise Exc(caught[1])
                if caught[0] == "b":
                    raise Boom(caught[1])
                raise GeneratorExit
            elif h[0] == "boom":
                LOG.append(f"B{i}:{h[1]}")
                raise Boom(h[1])
            else:
                raise AssertionError(h)
        return lv["ret"]
    finally:
        if guard:
            LOG.append(f"g-{i}")


PRIME = 300


def item_logger(i):
    """Logs an item of an iterable that level `i` yields from, as a yield."""

    def log(k):
        LOG.append(f"y{i}:{k}")
        return k

    return log

KILL = 1099


def received(x):
    return -1 if x is None else x


def drive_by_hand(g, times, i):
    """Drives delegate `g` of level `i` by hand: `next(g)`, then `g.send(PRIME)`,
    logging what it yields. Returns (True, r) if it returned r, else (False, None)."""
    for n in range(times):
        try:
            v = next(g) if n == 0 else g.send(PRIME)
        except StopIteration as e:
            return True, e.value
        LOG.append(f"p{i}:{v}")
    return False, None


def kill_by_hand(g, kill, i):
    """Finishes delegate `g` of level `i` before `yield from` takes it: exhausts
    it (`next`, then `send(PRIME)`), closes it, or throws `Exc(KILL)` into it
    (after a `next` if it is fresh), whatever it answers. Logs what it yields
    (`p`), a close it ignores (`p{i}:ign`) and its state after (`k`)."""
    if kill == "No":
        return

    def step(call):
        try:
            v = call()
        except RuntimeError as e:
            if str(e) == "generator ignored GeneratorExit":
                LOG.append(f"p{i}:ign")
            return False
        except (StopIteration, Exception):
            return False
        LOG.append(f"p{i}:{v}")
        return True

    if kill == "Exhaust":
        more = step(lambda: next(g) if inspect.getgeneratorstate(g) == "GEN_CREATED" else g.send(PRIME))
        while more:
            more = step(lambda: g.send(PRIME))
    elif kill == "Close":
        start = len(LOG)
        try:
            g.close()
        except RuntimeError as e:
            if str(e) == "generator ignored GeneratorExit":
                at = first_yield_at(LOG, start)
                if at is not None:
                    CLAIMED.add(at)
                LOG.append(f"p{i}:ign")
        except Exception:
            pass
    elif kill == "Throw":
        if inspect.getgeneratorstate(g) == "GEN_CREATED":
            step(lambda: next(g))
        step(lambda: g.throw(Exc(KILL)))
    LOG.append(f"k{i}:{STATES[inspect.getgeneratorstate(g)]}")


STATES = {"GEN_CREATED": "CR", "GEN_SUSPENDED": "SU", "GEN_CLOSED": "CL", "GEN_RUNNING": "RU"}


def depth(g):
    """How many levels are suspended: the outermost plus its gi_yieldfrom chain."""
    if inspect.getgeneratorstate(g) != "GEN_SUSPENDED":
        return 0
    n = 0
    while g is not None and inspect.isgenerator(g):  # an iterable is no level
        n += 1
        g = g.gi_yieldfrom
    return n


def first_yield_at(events, start=0):
    """The index of the first yield out of the chain from `start` on: the one
    `close()` reports as ignored. (A yield of a delegate driven by hand goes to
    its driver, which logs it as a `p` event right after; one that a `close()`
    by hand reported is CLAIMED.)"""
    for at in range(start, len(events)):
        e, after = events[at], events[at + 1] if at + 1 < len(events) else ""
        if at in CLAIMED or after.startswith("p"):
            continue
        if e.startswith("y"):
            return at
    return None


def first_yield(events):
    at = first_yield_at(events)
    return "?" if at is None else events[at].split(":", 1)[1]


def run_op(g, op):
    """Applies one operation; returns the result string."""
    name = op[0]
    try:
        if name == "start":
            if inspect.getgeneratorstate(g) == "GEN_SUSPENDED":
                # Rust's start() is only the priming call: on a started generator
                # it is an error and runs nothing (CPython's next() would resume).
                return "AlreadyStarted"
            return f"Y{g.send(None)}"
        if name == "next":
            return f"Y{next(g)}"
        if name == "send":
            return f"Y{g.send(op[1])}"
        if name == "throw":
            return f"Y{g.throw(Exc(op[1]))}"
        if name == "close":
            r = g.close()
            return "None" if r is None else f"Some{r}"
        raise AssertionError(op)
    except StopIteration as e:
        # Bodies only return ints, so a None value means "already closed".
        return "Closed" if e.value is None else f"C{e.value}"
    except TypeError as e:
        if "just-started" in str(e):
            return "NotStarted"
        return f"pyerr:TypeError:{e}"
    except Exc as e:
        return f"raise{e.v}"
    except Boom as e:
        return f"boom{e.v}"
    except AttributeError as e:
        if "has no attribute 'send'" in str(e):
            return "attr"
        return f"pyerr:AttributeError:{e}"
    except RuntimeError as e:
        if str(e) == "generator ignored GeneratorExit":
            return "Ignored?"
        return f"pyerr:RuntimeError:{e}"
    except Exception as e:  # anything else is a divergence; show it
        return f"pyerr:{type(e).__name__}:{e}"


def own_error(u):
    """An unraisable exception that is a body's own error: a `Boom`, or the
    `AttributeError` of a value sent into an iterable (gensend: `Err` in `R`)."""
    return u[0] == "Boom" or (u[0] == "AttributeError" and "has no attribute 'send'" in u[1])


def run_case(case):
    levels = case["levels"]
    g = level(levels, 0)
    records = []
    for op in case["ops"]:
        LOG.clear()
        UNRAISABLE.clear()
        CLAIMED.clear()
        if op[0] == "drop":
            g = None  # refcount drops to zero: CPython's finaliser closes it
            # A body's own error raised while finalized is unraisable; gensend drops it (F).
            UNRAISABLE[:] = [u for u in UNRAISABLE if not own_error(u)]
            if not UNRAISABLE:
                res = "dropped"
            elif all(u == ("RuntimeError", "generator ignored GeneratorExit") for u in UNRAISABLE):
                res = "dropped-ignored"
            else:
                res = "dropped-unraisable:" + ";".join(f"{t}:{m}" for t, m in UNRAISABLE)
            records.append(f"drop|{res}|-|-|{','.join(LOG)}")
            break
        res = run_op(g, op)
        other = [u for u in UNRAISABLE if u != ("RuntimeError", "generator ignored GeneratorExit") and not own_error(u)]
        if other:  # only a yield while finalized may be unraisable; show anything else
            res += "+unraisable:" + ";".join(f"{t}:{m}" for t, m in other)
        if res == "Ignored?":
            res = f"Ignored{first_yield(LOG)}"
        label = op[0] if len(op) == 1 else f"{op[0]}({op[1]})"
        st = STATES[inspect.getgeneratorstate(g)]
        records.append(f"{label}|{res}|{st}|{depth(g)}|{','.join(LOG)}")
    return "\t".join(records)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        print(run_case(json.loads(line)), flush=True)


if __name__ == "__main__":
    main()
