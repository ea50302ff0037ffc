"""Random SimPy models and their SimPy 4.1.2 traces: the corpus of
gensend-sim's differential test (`tests/differential.rs`).

Usage (SimPy 4.1.2 under CPython 3.13, the oracle):

    /tmp/venv-simpy/bin/python gen_models.py [--seed S] [--count N] [--out corpus.txt]

Each model is a line of tokens (the grammar is in `tests/differential/model.rs`);
this script draws models from the seed, parses each back from its text (so that
both interpreters read the same text), runs it under SimPy and writes its trace:
one line per observable action (`t=<now> <process> <what>`; `cb` for a
callback), a `result` line with `run(until=event)`'s value, a `crash` line if
an exception ends the run, an `again` line before a second run, and an `end`
line with `env.now`, SimPy's count of scheduled events and the events still
pending.

The stored corpus is `--seed 1 --count 500`. Two things SimPy does are left
out on purpose (gensend-sim's CONFORMANCE.md): a process requesting a
preemptive resource it holds, and the name of a process `start_delayed` starts.
"""

import argparse
import random
import re
import sys

import simpy
import simpy.util

assert simpy.__version__ == "4.1.2", simpy.__version__

DELAYS = ["0", "0.5", "1", "1", "2"]
UNTILS = ["none", "none", "2", "3.5", "5"]
INITS = ["0", "0", "0", "10.5"]
AMOUNTS = ["0.5", "1", "2", "3"]
KINDS = ["Resource", "Priority", "Preemptive", "Container", "Store", "PStore", "FStore"]


# ---------------------------------------------------------------- generation

class Gen:
    def __init__(self, rng):
        self.r = rng

    def value(self):
        return self.r.choice(["none", "1", "2", "3", "4", "5", "6", "7"])

    def model(self):
        r = self.r
        self.lean = {}
        self.res = []
        for _ in range(r.randint(0, 4)):
            kind = r.choice(KINDS)
            if kind in ("Resource", "Priority", "Preemptive"):
                self.res.append(f"{kind} {r.randint(1, 2)}")
            elif kind == "Container":
                cap = r.randint(3, 6)
                self.res.append(f"Container {cap} {r.randint(0, cap)}")
            else:
                self.res.append(f"{kind} {r.choice(['1', '2', '3', 'inf'])}")
        init, until = r.choice(INITS), r.choice(UNTILS + ["e", "p"])
        self.nev = r.randint(1 if until == "e" else 0, 3)
        if until == "e":  # run(until=events[0])
            until = "e0"
        elif until == "p":  # run(until=the first process, definition 0's)
            until = "p0"
        elif until != "none":
            until = repr(float(init) + float(until))
        self.nproc = r.randint(1, 7)
        procs = []
        for j in range(self.nproc):
            auto = j == 0 or r.random() < 0.6
            self.me = j
            self.held = []
            body = self.block(0, r.randint(1, 9))
            if r.random() < 0.4:  # the whole body in a try: fewer runs end early
                body = ["{", "try"] + body + self.block(1, r.randint(0, 2)) + ["}"]
            procs.append(("auto" if auto else "spawned", body))
        toks = ["init", init, "until", until, "again", r.choice(["0", "0", "1"]), "res", str(len(self.res))]
        for spec in self.res:
            toks += spec.split()
        toks += ["events", str(self.nev), "procs", str(self.nproc)]
        for mode, body in procs:
            toks += [mode] + body
        return " ".join(toks)

    def block(self, depth, n):
        toks = ["{"]
        for _ in range(n):
            toks += self.op(depth)
        toks.append("}")
        return toks

    def of_kind(self, *kinds):
        return [i for i, spec in enumerate(self.res) if spec.split()[0] in kinds]

    def op(self, depth):
        r = self.r
        choices = ["timeout"] * 4 + ["any", "all", "interrupt", "try", "try", "return", "rep", "subscribe", "state"]
        choices += ["tset", "twait"]
        if self.of_kind("Resource", "Priority", "Preemptive") and depth < 3:
            choices += ["req"] * 4 + ["reqor"] * 2
        if self.of_kind("Container"):
            choices += ["put", "get", "put", "get", "putw", "getw"]
        if self.of_kind("Store", "PStore", "FStore"):
            choices += ["sput", "sget", "sput", "sget", "sgetw"]
        if self.of_kind("FStore"):
            choices += ["fget"]
        if self.nev:
            choices += ["wait", "wait", "succeed", "fail", "defuse"]
        if self.nev > 1:
            choices += ["chain"]
        if self.me + 1 < self.nproc:
            choices += ["spawn", "spawn", "spawnd"]
        if self.nproc > 1:
            choices += ["join"]
        if depth >= 3:
            choices = [c for c in choices if c not in ("try", "rep")]
        # Each model leans its own way (some ops rare, others frequent).
        op = r.choices(choices, [self.lean.setdefault(c, r.choice([0.2, 1, 1, 4])) for c in choices])[0]
        if op == "timeout":
            return ["timeout", r.choice(DELAYS), self.value()]
        if op in ("req", "reqor"):
            # A process that requests a preemptive resource it holds may be
            # preempted by that request (its own, or one queued before it
            # that SimPy tries when the request is made): SimPy's `request()`
            # then raises RuntimeError (the process may not interrupt
            # itself), a documented difference (CONFORMANCE.md).
            free = [i for i in self.of_kind("Resource", "Priority", "Preemptive")
                    if not (i in self.held and self.res[i].startswith("Preemptive"))]
            if not free:
                return ["timeout", r.choice(DELAYS), self.value()]
            i = r.choice(free)
            head = [op, str(i), str(r.randint(-1, 2)), r.choice(["0", "1"])] + (
                [r.choice(DELAYS)] if op == "reqor" else [])
            self.held.append(i)
            body = self.block(depth + 1, r.randint(0, 3))
            self.held.pop()
            return head + body
        if op in ("put", "get", "putw", "getw"):
            return [op, str(r.choice(self.of_kind("Container"))), r.choice(AMOUNTS)]
        if op == "sput":
            return ["sput", str(r.choice(self.of_kind("Store", "PStore", "FStore"))), str(r.randint(1, 9))]
        if op in ("sget", "sgetw"):
            return [op, str(r.choice(self.of_kind("Store", "PStore", "FStore")))]
        if op == "fget":
            return ["fget", str(r.choice(self.of_kind("FStore"))), str(r.randint(0, 1))]
        if op == "rep":
            return ["rep", str(r.randint(2, 3))] + self.block(depth + 1, r.randint(1, 3))
        if op in ("wait", "defuse"):
            return [op, str(r.randrange(self.nev))]
        if op == "chain":
            e, f = r.sample(range(self.nev), 2)
            return ["chain", str(e), str(f)]
        # Mostly checked (`if not ev.triggered:`), sometimes not: triggering
        # twice is SimPy's RuntimeError.
        if op == "succeed":
            return [r.choice(["succeed", "succeed", "succeed", "succeed!"]), str(r.randrange(self.nev)), self.value()]
        if op == "fail":
            return [r.choice(["fail", "fail", "fail", "fail!"]), str(r.randrange(self.nev)), r.choice(["boom", "oops"])]
        if op in ("any", "all"):
            return [op] + self.subs(0)
        if op == "spawn":
            return ["spawn", str(r.randint(self.me + 1, self.nproc - 1))]
        if op == "spawnd":
            return ["spawnd", str(r.randint(self.me + 1, self.nproc - 1)), r.choice(["0.5", "1", "2"])]
        if op == "subscribe":
            if self.nev and r.random() < 0.5:
                return ["subscribe", "e", str(r.randrange(self.nev))]
            return ["subscribe", "p", str(r.randrange(self.nproc))]
        if op == "join":
            return ["join", str(r.randrange(self.nproc))]
        if op == "interrupt":
            others = [k for k in range(self.nproc) if k != self.me]
            target = r.choice(others) if others and r.random() < 0.9 else r.randrange(self.nproc)
            return ["interrupt", str(target), self.value()]
        if op == "try":
            return ["try"] + self.block(depth + 1, r.randint(1, 3)) + self.block(depth + 1, r.randint(0, 2))
        if op == "return":
            return ["return", self.value()]
        if op == "state":
            return ["state"]
        if op == "tset":
            return ["tset", str(r.randrange(2)), r.choice(DELAYS), self.value()]
        if op == "twait":
            return ["twait", str(r.randrange(2))]
        raise AssertionError(op)

    def subs(self, depth):
        r = self.r
        toks = ["{"]
        for _ in range(r.randint(0, 3)):
            kinds = ["t", "t", "p"] + (["e", "e"] if self.nev else []) + (["any", "all"] if depth == 0 else [])
            k = r.choice(kinds)
            if k == "t":
                toks += ["t", r.choice(DELAYS), self.value()]
            elif k == "e":
                toks += ["e", str(r.randrange(self.nev))]
            elif k == "p":
                toks += ["p", str(r.randrange(self.nproc))]
            else:
                toks += [k] + self.subs(depth + 1)
        toks.append("}")
        return toks


# ---------------------------------------------------------------- parsing

class Parser:
    def __init__(self, text):
        self.toks = text.split()
        self.i = 0

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def int(self):
        return int(self.next())

    def value(self):
        t = self.next()
        return None if t == "none" else int(t)

    def model(self):
        assert self.next() == "init"
        init = float(self.next())
        assert self.next() == "until"
        t = self.next()
        until = None if t == "none" else t if t[0] in "ep" else float(t)
        assert self.next() == "again"
        again = self.int() == 1
        assert self.next() == "res"
        res = []
        for _ in range(self.int()):
            kind = self.next()
            if kind == "Container":
                res.append((kind, int(self.next()), int(self.next())))
            elif kind in ("Store", "PStore", "FStore"):
                res.append((kind, float(self.next())))
            else:
                res.append((kind, self.int()))
        assert self.next() == "events"
        nev = self.int()
        assert self.next() == "procs"
        procs = []
        for _ in range(self.int()):
            mode = self.next()
            procs.append((mode == "auto", self.block()))
        assert self.i == len(self.toks)
        return init, until, again, res, nev, procs

    def block(self):
        assert self.next() == "{"
        ops = []
        while self.toks[self.i] != "}":
            ops.append(self.op())
        self.i += 1
        return ops

    def op(self):
        op = self.next()
        if op == "timeout":
            return (op, float(self.next()), self.value())
        if op == "req":
            return (op, self.int(), self.int(), self.int() == 1, self.block())
        if op == "reqor":
            return (op, self.int(), self.int(), self.int() == 1, float(self.next()), self.block())
        if op in ("put", "get", "putw", "getw"):
            return (op, self.int(), float(self.next()))
        if op in ("fget", "rep"):
            return (op, self.int(), self.block() if op == "rep" else self.int())
        if op == "sput":
            return (op, self.int(), self.int())
        if op == "spawnd":
            return (op, self.int(), float(self.next()))
        if op == "chain":
            return (op, self.int(), self.int())
        if op == "subscribe":
            return (op, self.next(), self.int())
        if op in ("sget", "sgetw", "wait", "defuse", "spawn", "join"):
            return (op, self.int())
        if op in ("succeed", "succeed!"):
            return (op, self.int(), self.value())
        if op in ("fail", "fail!"):
            return (op, self.int(), self.next())
        if op == "interrupt":
            return (op, self.int(), self.value())
        if op in ("any", "all"):
            return (op, self.subs())
        if op == "try":
            return (op, self.block(), self.block())
        if op == "return":
            return (op, self.value())
        if op == "state":
            return (op,)
        if op == "tset":
            return (op, self.int(), float(self.next()), self.value())
        if op == "twait":
            return (op, self.int())
        raise ValueError(op)

    def subs(self):
        assert self.next() == "{"
        subs = []
        while self.toks[self.i] != "}":
            k = self.next()
            if k == "t":
                subs.append((k, float(self.next()), self.value()))
            elif k in ("e", "p"):
                subs.append((k, self.int()))
            else:
                subs.append((k, self.subs()))
        self.i += 1
        return subs


# ---------------------------------------------------------------- interpretation

def fmt_value(v):
    if isinstance(v, BaseException):  # a failed event in a condition's value
        return fmt_exc(v)
    return "None" if v is None else str(v)


def fmt_cause(cause, run=None):
    if isinstance(cause, simpy.resources.resource.Preempted):
        by = cause.by.name if cause.by is not None else "None"
        return f"Preempted(by={by},since={float(cause.usage_since)!r})"
    if isinstance(cause, tuple):  # subscribe_at's (event, value)
        event, value = cause
        name = event.name if isinstance(event, simpy.Process) else f"e{[e is event for e in RUN.events].index(True)}"
        return f"at({name},{fmt_value(value)})"
    return fmt_value(cause)


def fmt_exc(e):
    if isinstance(e, simpy.Interrupt):
        return f"Interrupt({fmt_cause(e.cause)})"
    return f"{type(e).__name__}({re.sub('0x[0-9a-f]+', '0x?', str(e))})"


def fmt_event(ev):
    if not ev.triggered:
        return "pend"
    return ("proc:" if ev.processed else "trig:") + ("ok" if ev.ok else "fail")


def kind_name(ev):
    """gensend-sim's `EventKind` name of a SimPy event."""
    for cls, name in [
        (simpy.events.Timeout, "Timeout"),
        (simpy.events.Initialize, "Initialize"),
        (simpy.events.Process, "Process"),
        (simpy.events.Condition, "Condition"),
        (simpy.resources.resource.Request, "Request"),
        (simpy.resources.resource.Release, "Release"),
        (simpy.resources.base.Put, "Put"),
        (simpy.resources.base.Get, "Get"),
    ]:
        if isinstance(ev, cls):
            return name
    return type(ev).__name__


class Run:
    def __init__(self, model):
        global RUN
        RUN = self
        init, self.until, self.again, res, nev, self.procs = model
        self.env = env = simpy.Environment(initial_time=init)
        self.lines = []
        self.res = []
        for spec in res:
            kind = spec[0]
            if kind == "Resource":
                self.res.append(simpy.Resource(env, spec[1]))
            elif kind == "Priority":
                self.res.append(simpy.PriorityResource(env, spec[1]))
            elif kind == "Preemptive":
                self.res.append(simpy.PreemptiveResource(env, spec[1]))
            elif kind == "Container":
                self.res.append(simpy.Container(env, spec[1], spec[2]))
            elif kind == "Store":
                self.res.append(simpy.Store(env, spec[1]))
            elif kind == "PStore":
                self.res.append(simpy.PriorityStore(env, spec[1]))
            else:
                self.res.append(simpy.FilterStore(env, spec[1]))
        self.kinds = [spec[0] for spec in res]
        self.events = [env.event() for _ in range(nev)]
        self.handles = [None] * len(self.procs)
        self.timers = [None, None]  # timeouts shared by the processes
        self.started = 0

    def log(self, me, what):
        self.lines.append(f"t={float(self.env.now)!r} {me} {what}")

    def start(self, j, delay=None):
        name = f"P{self.started}"
        self.started += 1
        gen = self.body(j, name)
        if delay is None:
            gen.__name__ = name
            self.handles[j] = self.env.process(gen)
        else:
            # gensend-sim's `start_delayed` takes no name (a Rust generator
            # has none): its process is named "process", as is this one.
            gen.__name__ = "process"
            simpy.util.start_delayed(self.env, gen, delay)
        return name

    def body(self, j, me):
        self.log(me, "start")
        out = yield from self.block(self.procs[j][1], me)
        value = out[1] if out else None
        self.log(me, f"return {fmt_value(value)}")
        return value

    def block(self, ops, me):
        for op in ops:
            out = yield from self.op(op, me)
            if out is not None:
                return out
        return None

    def request(self, i, prio, preempt):
        res = self.res[i]
        if self.kinds[i] == "Resource":
            return res.request()
        if self.kinds[i] == "Priority":
            return res.request(priority=prio)
        return res.request(priority=prio, preempt=preempt)

    def item(self, i, got):
        return got.item if self.kinds[i] == "PStore" else got

    def op(self, op, me):
        env, kind = self.env, op[0]
        if kind == "timeout":
            got = yield env.timeout(op[1], op[2])
            self.log(me, f"timeout {fmt_value(got)}")
        elif kind == "req":
            _, i, prio, preempt, body = op
            res = self.res[i]
            with self.request(i, prio, preempt) as req:
                yield req
                self.log(me, f"got r{i} users={len(res.users)} queue={len(res.queue)}")
                out = yield from self.block(body, me)
                self.log(me, f"release r{i}")
            return out
        elif kind == "reqor":
            _, i, prio, preempt, patience, body = op
            res = self.res[i]
            out = None
            with self.request(i, prio, preempt) as req:
                cv = yield req | env.timeout(patience)
                if req in cv:
                    self.log(me, f"got r{i} users={len(res.users)} queue={len(res.queue)}")
                    out = yield from self.block(body, me)
                    self.log(me, f"release r{i}")
                else:
                    self.log(me, f"reneged r{i} queue={len(res.queue)}")
            return out
        elif kind in ("put", "get"):
            c = self.res[op[1]]
            yield (c.put(op[2]) if kind == "put" else c.get(op[2]))
            self.log(me, f"{kind} c{op[1]} level={float(c.level)!r}")
        elif kind in ("putw", "getw"):
            c = self.res[op[1]]
            with (c.put(op[2]) if kind == "putw" else c.get(op[2])) as ev:
                yield ev
            self.log(me, f"{kind} c{op[1]} level={float(c.level)!r}")
        elif kind == "sput":
            i, s = op[1], self.res[op[1]]
            yield s.put(simpy.PriorityItem(op[2] % 3, op[2]) if self.kinds[i] == "PStore" else op[2])
            self.log(me, f"sput s{i} items={len(s.items)}")
        elif kind == "sget":
            i, s = op[1], self.res[op[1]]
            item = self.item(i, (yield s.get()))
            self.log(me, f"sget s{i} {fmt_value(item)} items={len(s.items)}")
        elif kind == "sgetw":
            i, s = op[1], self.res[op[1]]
            with s.get() as ev:
                item = self.item(i, (yield ev))
            self.log(me, f"sgetw s{i} {fmt_value(item)} items={len(s.items)}")
        elif kind == "fget":
            i, s, m = op[1], self.res[op[1]], op[2]
            item = yield s.get(lambda x: x % 2 == m)
            self.log(me, f"fget s{i} {fmt_value(item)} items={len(s.items)}")
        elif kind == "rep":
            for k in range(op[1]):
                out = yield from self.block(op[2], me)
                if out is not None:
                    return out
        elif kind == "chain":
            e, f = self.events[op[1]], self.events[op[2]]
            if e.callbacks is None:
                self.log(me, f"chain e{op[1]} e{op[2]} skipped")
            else:
                self.log(me, f"chain e{op[1]} e{op[2]}")

                def chained(ev, f=f, name=f"e{op[1]}->e{op[2]}"):
                    if f.triggered:
                        self.log("cb", f"{name} skipped")
                    else:
                        self.log("cb", name)
                        f.trigger(ev)

                e.callbacks.append(chained)
        elif kind == "defuse":
            self.log(me, f"defuse e{op[1]}")
            self.events[op[1]].defused = True
        elif kind == "wait":
            got = yield self.events[op[1]]
            self.log(me, f"wait e{op[1]} {fmt_value(got)}")
        elif kind in ("succeed", "fail", "succeed!", "fail!"):
            ev = self.events[op[1]]
            if kind in ("succeed", "fail") and ev.triggered:
                self.log(me, f"{kind} e{op[1]} skipped")
            else:
                self.log(me, f"{kind} e{op[1]}")
                if kind.startswith("succeed"):
                    ev.succeed(op[2])
                else:
                    ev.fail(ValueError(op[2]))
        elif kind in ("any", "all"):
            cond, leaves = self.condition(kind, op[1])
            cv = yield cond
            fired = ",".join(f"{n}:{fmt_value(cv[ev])}" for n, ev in leaves if ev in cv)
            self.log(me, f"{kind} [{fired}]")
        elif kind == "spawn":
            self.log(me, f"spawn {self.start(op[1])}=d{op[1]}")
        elif kind == "spawnd":
            self.log(me, f"spawnd {self.start(op[1], op[2])}=d{op[1]}")
        elif kind == "subscribe":
            target = self.events[op[2]] if op[1] == "e" else self.handles[op[2]]
            if target is None:
                self.log(me, f"subscribe d{op[2]} none")
            else:
                self.log(me, f"subscribe {op[1]}{op[2]}")
                simpy.util.subscribe_at(target)
        elif kind == "join":
            p = self.handles[op[1]]
            if p is None:
                self.log(me, f"join d{op[1]} none")
            else:
                got = yield p
                self.log(me, f"join {p.name} {fmt_value(got)}")
        elif kind == "interrupt":
            p = self.handles[op[1]]
            if p is None:
                self.log(me, f"interrupt d{op[1]} none")
            else:
                self.log(me, f"interrupt {p.name}")
                p.interrupt(op[2])
        elif kind == "try":
            try:
                out = yield from self.block(op[1], me)
            except (simpy.Interrupt, ValueError) as e:
                self.log(me, f"caught {fmt_exc(e)}")
                out = yield from self.block(op[2], me)
            return out
        elif kind == "return":
            return ("ret", op[1])
        elif kind == "tset":
            self.timers[op[1]] = env.timeout(op[2], op[3])
            self.log(me, f"tset t{op[1]}")
        elif kind == "twait":
            t = self.timers[op[1]]
            if t is None:
                self.log(me, f"twait t{op[1]} none")
            else:
                got = yield t
                self.log(me, f"twait t{op[1]} {fmt_value(got)}")
        elif kind == "state":
            self.log(me, "state " + self.state())
        else:
            raise AssertionError(kind)
        return None

    def state(self):
        """Everything observable: the shared events, the processes (and what
        each waits on), the resources."""
        parts = ["e=[" + ",".join(fmt_event(ev) for ev in self.events) + "]"]
        procs = []
        for p in self.handles:
            if p is None:
                procs.append("-")
            elif not p.is_alive:
                procs.append(f"{p.name}:dead")
            else:
                procs.append(f"{p.name}:{kind_name(p.target)}/{fmt_event(p.target)}")
        parts.append("p=[" + ",".join(procs) + "]")
        for i, (kind, res) in enumerate(zip(self.kinds, self.res)):
            if kind in ("Resource", "Priority", "Preemptive"):
                parts.append(f"r{i}={len(res.users)}/{len(res.queue)}")
            elif kind == "Container":
                parts.append(f"c{i}={float(res.level)!r}/{len(res.put_queue)}/{len(res.get_queue)}")
            else:
                items = [self.item(i, x) for x in res.items]
                parts.append(f"s{i}=[{','.join(map(str, items))}]/{len(res.put_queue)}/{len(res.get_queue)}")
        return " ".join(parts)

    def condition(self, kind, subs):
        """The condition and its leaves, numbered depth first."""
        leaves = []

        def build(kind, subs):
            evs = []
            for sub in subs:
                if sub[0] == "t":
                    ev = self.env.timeout(sub[1], sub[2])
                elif sub[0] == "e":
                    ev = self.events[sub[1]]
                elif sub[0] == "p":
                    ev = self.handles[sub[1]]
                    if ev is None:
                        continue
                else:
                    evs.append(build(sub[0], sub[1]))
                    continue
                leaves.append((len(leaves), ev))
                evs.append(ev)
            return (simpy.AnyOf if kind == "any" else simpy.AllOf)(self.env, evs)

        return build(kind, subs), leaves

    def run(self):
        for j, (auto, _) in enumerate(self.procs):
            if auto:
                self.start(j)
        crashed = False
        try:
            until = self.until
            if until == "e0":
                until = self.events[0]
            elif until == "p0":
                until = self.handles[0]  # definition 0 is always started first
            result = self.env.run(until=until)
            if isinstance(until, simpy.Event):
                self.lines.append(f"result {fmt_value(result)}")
        except (ValueError, RuntimeError, simpy.Interrupt) as e:  # a crash ends the run (only these:
            # any other exception is a bug of this interpreter and stops the script)
            self.lines.append(f"crash {fmt_exc(e)}")
            crashed = True
        # The simulation goes on after a stop (not after a crash: SimPy's
        # state is then what the exception left, half a step).
        if self.again and not crashed:
            self.lines.append("again " + self.counts())
            try:
                self.env.run(until=self.env.now + 3)
            except (ValueError, RuntimeError, simpy.Interrupt) as e:
                self.lines.append(f"crash {fmt_exc(e)}")
        self.lines.append("end " + self.counts())
        return self.lines

    def counts(self):
        scheduled = int(repr(self.env._eid)[len("count("):-1])  # next(_eid) without taking it
        return f"now={float(self.env.now)!r} events={scheduled} pending={len(self.env._queue)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--out", default="corpus.txt")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = [f"# gen_models.py --seed {args.seed} --count {args.count} (SimPy {simpy.__version__}, "
           f"CPython {sys.version.split()[0]})\n"]
    for n in range(args.count):
        text = Gen(rng).model()
        lines = Run(Parser(text).model()).run()
        out.append(f"model {n}: {text}\n")
        out.extend(line + "\n" for line in lines)
    with open(args.out, "w") as f:
        f.writelines(out)


if __name__ == "__main__":
    main()
