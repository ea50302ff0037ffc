//! Scenarios as data: a delegation chain of levels, each a small program of
//! yield points, plus a sequence of operations. The same data is interpreted by
//! gensend (`interp.rs`) and by CPython (`scenarios.py`).

use std::fmt::Write as _;

/// What a catching point does with what it caught.
#[derive(Clone, Debug, PartialEq)]
pub enum Handler {
    /// Swallow it and go on with the next point.
    Cont,
    /// Swallow it and yield this value (a plain point) before going on.
    Yield(i64),
    /// Return this value.
    Ret(i64),
    /// Re-raise it (Python: `raise`; Rust: `co.reraise(interrupt)`, or for a
    /// caught `Boom`, returning it again).
    Raise,
    /// Raise a new error of the body's own (Python: `raise Boom(b)`; Rust:
    /// `return Err(Raised::Boom(b))`).
    Boom(i64),
}

/// What happens to a delegate before it is delegated to (after any priming):
/// Python `yield from` of a generator that is exhausted, closed or thrown into.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kill {
    /// Delegated to as it is.
    No,
    /// Driven by hand until it finishes (`next`, then `send(PRIME)`).
    Exhaust,
    /// `close()`d.
    Close,
    /// `throw(Exc(KILL))`n after a `next` if it was fresh.
    Throw,
}

/// One point of a level's program.
#[derive(Clone, Debug, PartialEq)]
pub enum Point {
    /// `x = yield k` / `co.yield_(k)`.
    Plain(i64),
    /// `try: x = yield k` / `co.try_yield(k)`, catching `Exc` if `exc`, `GeneratorExit` if `exit`;
    /// the kind not caught is re-raised (`co.reraise`).
    Catch { k: i64, exc: bool, exit: bool, h: Handler },
    /// `r = yield from level(i + 1)`; `catching` = inside a try (`co.try_yield_from`,
    /// or `co.catch_yield_from` when `boom`: `except Boom` too).
    /// With `prime` > 0 the delegate is first driven by hand that many times
    /// (`next(g)`, then `g.send(PRIME)`), then delegated to although it has started
    /// (CPython resumes it with `None`, gensend's `yield_from_sending` with
    /// [`NONE`]); if it returns while primed, its value is the delegation's.
    /// `kill` then exhausts, closes or throws into it first.
    Deleg { catching: bool, exc: bool, exit: bool, boom: bool, h: Handler, prime: u8, kill: Kill },
    /// `r = yield from [items]` (or `range(..)` when `range`): a plain iterable;
    /// `catching` as for `Deleg` (an iterable raises no `Boom`).
    Iter { items: Vec<i64>, range: bool, catching: bool, exc: bool, exit: bool, h: Handler },
    /// A failing statement: Python `raise Boom(b)`, gensend `return Err(Boom(b))`.
    Fail(i64),
}

/// One generator of the chain. `guard` = a `Drop` guard alive for the whole body
/// (Python: `try: ... finally:` around it).
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub guard: bool,
    pub ret: i64,
    pub points: Vec<Point>,
}

/// An operation on the outermost generator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Start,
    /// Python `next(g)`: gensend `start()` on a fresh generator, else `send(NONE)`.
    Next,
    Send(i64),
    Throw(i64),
    Close,
    Drop,
}

/// A scenario and the operations applied to it. `ops` always ends with `Drop`.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub levels: Vec<Level>,
    pub ops: Vec<Op>,
}

/// SplitMix64: small, seedable, good enough for test generation.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn value(&mut self, base: i64) -> i64 {
        base + self.range(0, 99) as i64
    }
}

/// Value ranges keep the kinds apart in traces: yields 0..100, sends 100..200,
/// priming sends 300, returns 500..600, throws 1000..1100; `None` (what CPython's
/// `yield from` resumes a started delegate with) is -1 in both traces.
const SEND: i64 = 100;
pub const PRIME: i64 = 300;
pub const NONE: i64 = -1;
const RET: i64 = 500;
const THROW: i64 = 1000;
const BOOM: i64 = 2000;
/// What a delegate is killed with (`Kill::Throw`).
pub const KILL: i64 = 1099;

fn handler(rng: &mut Rng) -> Handler {
    match rng.range(0, 11) {
        0..=2 => Handler::Cont,
        3..=5 => Handler::Yield(rng.value(0)),
        6..=7 => Handler::Ret(rng.value(RET)),
        8..=9 => Handler::Raise,
        _ => Handler::Boom(rng.value(BOOM)),
    }
}

fn point(rng: &mut Rng) -> Point {
    match rng.range(0, 99) {
        0..=39 => Point::Plain(rng.value(0)),
        40..=79 => {
            Point::Catch { k: rng.value(0), exc: rng.chance(80), exit: rng.chance(50), h: handler(rng) }
        }
        80..=91 => {
            let first = rng.value(0);
            let items = (first..first + rng.range(0, 3) as i64).collect();
            Point::Iter {
                items,
                range: rng.chance(50),
                catching: rng.chance(50),
                exc: rng.chance(80),
                exit: rng.chance(50),
                h: handler(rng),
            }
        }
        _ => Point::Fail(rng.value(BOOM)),
    }
}

/// A delegation to the next level.
fn deleg(rng: &mut Rng) -> Point {
    Point::Deleg {
        catching: rng.chance(50),
        exc: rng.chance(80),
        exit: rng.chance(50),
        boom: rng.chance(50),
        h: handler(rng),
        prime: prime(rng),
        kill: kill(rng),
    }
}

/// Mostly a delegate is delegated to as it is; sometimes it is finished first.
fn kill(rng: &mut Rng) -> Kill {
    match rng.range(0, 19) {
        0 => Kill::Exhaust,
        1 => Kill::Close,
        2 => Kill::Throw,
        _ => Kill::No,
    }
}

/// How often a delegate is driven by hand before it is delegated to: mostly
/// never (a fresh delegate).
fn prime(rng: &mut Rng) -> u8 {
    if rng.chance(25) { rng.range(1, 3) as u8 } else { 0 }
}

/// A random chain of `depth` levels. Every level but the last delegates once,
/// sometimes twice (one after the other).
pub fn levels(rng: &mut Rng, depth: usize) -> Vec<Level> {
    let deep = depth > 4;
    (0..depth)
        .map(|i| {
            let last = i + 1 == depth;
            let before = if last {
                rng.range(0, 3)
            } else if deep {
                u64::from(rng.chance(20))
            } else {
                rng.range(0, 2)
            };
            let after = rng.range(0, 2);
            let mut points: Vec<Point> = (0..before).map(|_| point(rng)).collect();
            if !last {
                points.push(deleg(rng));
            }
            points.extend((0..after).map(|_| point(rng)));
            if !last && rng.chance(15) {
                // A second, sequential delegation to a fresh copy of the next level.
                points.push(deleg(rng));
            }
            Level { guard: rng.chance(50), ret: rng.value(RET), points }
        })
        .collect()
}

/// A random operation sequence of up to `max` operations, ending with `Drop`.
pub fn ops(rng: &mut Rng, max: u64) -> Vec<Op> {
    let n = rng.range(1, max);
    let mut ops = Vec::new();
    if rng.chance(85) {
        ops.push(Op::Start);
    }
    while (ops.len() as u64) < n {
        let op = match rng.range(0, 99) {
            0..=36 => Op::Send(rng.value(SEND)),
            37..=45 => Op::Next,
            46..=69 => Op::Throw(rng.value(THROW)),
            70..=81 => Op::Close,
            82..=93 => Op::Start,
            _ => break,
        };
        ops.push(op);
    }
    ops.push(Op::Drop);
    ops
}

/// A random case; depth is mostly small, sometimes up to 50.
pub fn case(seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    let depth = match rng.range(0, 9) {
        0..=4 => rng.range(1, 3),
        5..=7 => rng.range(4, 10),
        _ => rng.range(11, 50),
    } as usize;
    let levels = levels(&mut rng, depth);
    let max_ops = 6 + depth as u64 / 2;
    let ops = ops(&mut rng, max_ops.min(24));
    Case { levels, ops }
}

fn json_bool(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn json_handler(h: &Handler) -> String {
    match h {
        Handler::Cont => r#"["cont"]"#.to_string(),
        Handler::Yield(k) => format!(r#"["yield",{k}]"#),
        Handler::Ret(r) => format!(r#"["ret",{r}]"#),
        Handler::Raise => r#"["raise"]"#.to_string(),
        Handler::Boom(b) => format!(r#"["boom",{b}]"#),
    }
}

impl Case {
    /// The case as one JSON line, the format `scenarios.py` reads.
    pub fn to_json(&self) -> String {
        let mut s = String::from(r#"{"levels":["#);
        for (i, lv) in self.levels.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            write!(s, r#"{{"guard":{},"ret":{},"points":["#, json_bool(lv.guard), lv.ret).unwrap();
            for (j, p) in lv.points.iter().enumerate() {
                if j > 0 {
                    s.push(',');
                }
                match p {
                    Point::Plain(k) => write!(s, r#"["y",{k}]"#),
                    Point::Catch { k, exc, exit, h } => {
                        write!(s, r#"["c",{k},{},{},{}]"#, json_bool(*exc), json_bool(*exit), json_handler(h))
                    }
                    Point::Deleg { catching, exc, exit, boom, h, prime, kill } => write!(
                        s,
                        r#"["d",{},{},{},{},{prime},{},"{kill:?}"]"#,
                        json_bool(*catching),
                        json_bool(*exc),
                        json_bool(*exit),
                        json_handler(h),
                        json_bool(*boom)
                    ),
                    Point::Iter { items, range, catching, exc, exit, h } => write!(
                        s,
                        r#"["i",{items:?},{},{},{},{},{}]"#,
                        json_bool(*range),
                        json_bool(*catching),
                        json_bool(*exc),
                        json_bool(*exit),
                        json_handler(h)
                    ),
                    Point::Fail(b) => write!(s, r#"["f",{b}]"#),
                }
                .unwrap();
            }
            s.push_str("]}");
        }
        s.push_str(r#"],"ops":["#);
        for (i, op) in self.ops.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            match op {
                Op::Start => s.push_str(r#"["start"]"#),
                Op::Next => s.push_str(r#"["next"]"#),
                Op::Send(v) => write!(s, r#"["send",{v}]"#).unwrap(),
                Op::Throw(v) => write!(s, r#"["throw",{v}]"#).unwrap(),
                Op::Close => s.push_str(r#"["close"]"#),
                Op::Drop => s.push_str(r#"["drop"]"#),
            }
        }
        s.push_str("]}");
        s
    }

    /// A readable listing: one line per level, then the operations.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        for (i, lv) in self.levels.iter().enumerate() {
            write!(s, "  L{i}{}: ", if lv.guard { " [guard]" } else { "" }).unwrap();
            for p in &lv.points {
                let catches = |exc: bool, exit: bool| match (exc, exit) {
                    (true, true) => "Exc|Exit",
                    (true, false) => "Exc",
                    (false, true) => "Exit",
                    (false, false) => "nothing",
                };
                match p {
                    Point::Plain(k) => write!(s, "yield_({k}); "),
                    Point::Catch { k, exc, exit, h } => {
                        write!(s, "try_yield({k}) catch {} -> {h:?}; ", catches(*exc, *exit))
                    }
                    Point::Deleg { catching, exc, exit, boom, h, prime, kill } => {
                        let mut started =
                            if *prime > 0 { format!(" started {prime}x") } else { String::new() };
                        if *kill != Kill::No {
                            write!(started, " then {kill:?}").unwrap();
                        }
                        if *catching {
                            let boom = if *boom { "|Boom" } else { "" };
                            write!(
                                s,
                                "try_yield_from(L{}{started}) catch {}{boom} -> {h:?}; ",
                                i + 1,
                                catches(*exc, *exit)
                            )
                        } else {
                            write!(s, "yield_from(L{}{started}); ", i + 1)
                        }
                    }
                    Point::Iter { items, range, catching, exc, exit, h } => {
                        let what = if *range { "range" } else { "list" };
                        if *catching {
                            write!(
                                s,
                                "try_yield_from_iter({what} {items:?}) catch {} -> {h:?}; ",
                                catches(*exc, *exit)
                            )
                        } else {
                            write!(s, "yield_from_iter({what} {items:?}); ")
                        }
                    }
                    Point::Fail(b) => write!(s, "raise Boom({b}); "),
                }
                .unwrap();
            }
            writeln!(s, "return {}", lv.ret).unwrap();
        }
        write!(s, "  ops: {:?}", self.ops).unwrap();
        s
    }
}
