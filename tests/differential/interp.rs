//! The gensend side: a generic body built from a scenario's data, and the driver
//! that applies the operations and records the trace in the format
//! `scenarios.py` prints.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use gensend::{Gen, IgnoredExit, Interrupt, SendError, StartError, State, Step};

use crate::scenario::{Case, Handler, Level, NONE, Op, PRIME, Point};

/// What is thrown in: Python's `Exc(v)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exc(pub i64);

/// A level returns an `i64`; what it lets propagate (Python: the exception
/// escaping the frame) goes on with `co.reraise`, exactly as in CPython.
type G = Gen<'static, i64, i64, i64, Exc>;

/// The event log shared by all levels of one case.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, event: String) {
        self.0.lock().unwrap().push(event);
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// Python's `finally:` around a level's body.
struct Guard {
    level: usize,
    log: Log,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.log.push(format!("g-{}", self.level));
    }
}

fn guard(level: usize, log: &Log) -> Guard {
    log.push(format!("g+{level}"));
    Guard { level, log: log.clone() }
}

/// Level `i` of the chain, as a gensend generator.
fn level(levels: Arc<Vec<Level>>, i: usize, log: Log) -> G {
    Gen::throwable(move |co| async move {
        let lv = &levels[i];
        let _guard = lv.guard.then(|| guard(i, &log));
        for p in &lv.points {
            let (caught, exc, exit, h) = match p {
                Point::Plain(k) => {
                    log.push(format!("y{i}:{k}"));
                    let x = co.yield_(*k).await;
                    log.push(format!("r{i}:{x}"));
                    continue;
                }
                Point::Catch { k, exc, exit, h } => {
                    log.push(format!("y{i}:{k}"));
                    match co.try_yield(*k).await {
                        Ok(x) => {
                            log.push(format!("r{i}:{x}"));
                            continue;
                        }
                        Err(caught) => (caught, exc, exit, h),
                    }
                }
                Point::Deleg { catching, exc, exit, h, prime } => {
                    let mut sub = level(levels.clone(), i + 1, log.clone());
                    if let Some(r) = drive_by_hand(&mut sub, *prime, i, &log) {
                        log.push(format!("d{i}:{r}"));
                        continue;
                    }
                    let delegated = match (*prime > 0, *catching) {
                        (false, false) => Ok(co.yield_from(sub).await),
                        (false, true) => co.try_yield_from(sub).await,
                        (true, false) => Ok(co.yield_from_sending(sub, NONE).await),
                        (true, true) => co.try_yield_from_sending(sub, NONE).await,
                    };
                    match delegated {
                        Ok(r) => {
                            log.push(format!("d{i}:{r}"));
                            continue;
                        }
                        Err(caught) => (caught, exc, exit, h),
                    }
                }
            };
            let catches = match caught {
                Interrupt::Throw(_) => *exc,
                Interrupt::Exit => *exit,
            };
            if !catches {
                // Python: `except Exc:` (or `except GeneratorExit:`) lets the other
                // kind through; the body unwinds from here.
                return co.reraise(caught).await;
            }
            log.push(match caught {
                Interrupt::Throw(Exc(v)) => format!("c{i}:t{v}"),
                Interrupt::Exit => format!("c{i}:x"),
            });
            match h {
                Handler::Cont => {}
                Handler::Yield(k) => {
                    log.push(format!("y{i}:{k}"));
                    let x = co.yield_(*k).await;
                    log.push(format!("r{i}:{x}"));
                }
                Handler::Ret(r) => return *r,
                Handler::Raise => return co.reraise(caught).await,
            }
        }
        lv.ret
    })
}

/// Drives delegate `sub` of level `i` by hand `times` times (`start`, then `send`
/// of [`PRIME`]), logging what it yields; its return value if it returns.
fn drive_by_hand(sub: &mut G, times: u8, i: usize, log: &Log) -> Option<i64> {
    for n in 0..times {
        let step = if n == 0 { sub.start().ok() } else { sub.send(PRIME).ok() };
        match step.expect("a delegate driven by hand is suspended") {
            Step::Yielded(v) => log.push(format!("p{i}:{v}")),
            Step::Complete(r) => return Some(r),
        }
    }
    None
}

/// The gensend run of a case.
pub struct RustRun {
    /// One record per operation.
    pub records: Vec<String>,
    /// How many bodies yielded again while being finalized (closed again after
    /// ignoring `Exit` in a delegate, or dropped): PROTOCOL.md F.
    pub yields_while_finalized: usize,
    /// A delegate, not the outermost level, ignored `Exit` during `close`/drop
    /// (CPython raises `RuntimeError` in its delegator): a yield while closing
    /// without the outermost level having caught `Exit`.
    pub delegate_ignored_exit: bool,
    /// Failed gensend-only checks (every guard made is run exactly once).
    pub problems: Vec<String>,
}

fn state(s: State) -> &'static str {
    match s {
        State::Created => "CR",
        State::Running => "RU",
        State::Suspended => "SU",
        State::Closed => "CL",
    }
}

fn step(s: Step<i64, i64>) -> String {
    match s {
        Step::Yielded(y) => format!("Y{y}"),
        Step::Complete(r) => format!("C{r}"),
    }
}

/// Guards alive after `events`, innermost (highest level) first.
fn live_guards(events: &[String]) -> Vec<usize> {
    let mut live: Vec<usize> = Vec::new();
    for e in events {
        if let Some(l) = e.strip_prefix("g+") {
            live.push(l.parse().unwrap());
        } else if let Some(l) = e.strip_prefix("g-") {
            let l: usize = l.parse().unwrap();
            let at = live.iter().rposition(|&x| x == l).expect("guard dropped twice");
            live.remove(at);
        }
    }
    live.sort_unstable_by(|a, b| b.cmp(a));
    live
}

/// Runs `case` on gensend. `py311`: the oracle is CPython < 3.13, whose
/// `close()` returns `None` where 3.13 returns the body's value (rule C4).
pub fn run(case: &Case, py311: bool) -> RustRun {
    let log = Log::default();
    let levels = Arc::new(case.levels.clone());
    let mut g = Some(level(levels, 0, log.clone()));
    let mut out = RustRun {
        records: Vec::new(),
        yields_while_finalized: 0,
        delegate_ignored_exit: false,
        problems: Vec::new(),
    };
    let mut history: Vec<String> = Vec::new();
    for op in &case.ops {
        let result = catch_unwind(AssertUnwindSafe(|| apply(&mut g, *op, py311)));
        let events = log.take();
        history.extend(events.iter().cloned());
        let (label, mut res) = match result {
            Ok(x) => x,
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                (format!("{op:?}"), format!("panic:{msg}"))
            }
        };
        // Yields while closing: the first one of a `close` is the one it reports
        // (`IgnoredExit`); any other is a body yielding again while finalized. A
        // delegate driven by hand yields to its delegator (each such yield is
        // followed by a `p` event), not out of the chain: those do not count.
        let count = |kind| events.iter().filter(|e| e.starts_with(kind)).count();
        let yields = count('y') - count('p');
        if matches!(op, Op::Close | Op::Drop) && yields > 0 && !events.iter().any(|e| e == "c0:x") {
            out.delegate_ignored_exit = true;
        }
        match op {
            Op::Close => out.yields_while_finalized += yields.saturating_sub(1),
            Op::Drop => out.yields_while_finalized += yields,
            _ => {}
        }
        if *op == Op::Drop && yields > 0 {
            // CPython reports each as an unraisable RuntimeError.
            res = "dropped-ignored".to_string();
        }
        let (st, depth) = match &g {
            Some(g) => (state(g.state()), g.backtrace().count().to_string()),
            None => ("-", "-".to_string()),
        };
        out.records.push(format!("{label}|{res}|{st}|{depth}|{}", events.join(",")));
        if g.is_none() {
            break;
        }
    }
    drop(g);
    history.extend(log.take());
    let live = live_guards(&history);
    if !live.is_empty() {
        out.problems.push(format!("guards never dropped: {live:?}"));
    }
    out
}

/// Applies one operation; returns the record's label and result.
fn apply(g: &mut Option<G>, op: Op, py311: bool) -> (String, String) {
    let Some(gen_) = g.as_mut() else { unreachable!("operation after drop") };
    match op {
        Op::Start => {
            let res = match gen_.start() {
                Ok(s) => step(s),
                Err(StartError::AlreadyStarted) => "AlreadyStarted".to_string(),
                Err(StartError::Closed) => "Closed".to_string(),
            };
            ("start".to_string(), res)
        }
        Op::Send(v) => {
            let res = match gen_.send(v) {
                Ok(s) => step(s),
                Err(SendError::NotStarted(s)) if s == v => "NotStarted".to_string(),
                Err(SendError::Closed(s)) if s == v => "Closed".to_string(),
                Err(e) => format!("wrong value handed back: {e:?}"),
            };
            (format!("send({v})"), res)
        }
        Op::Throw(v) => {
            let res = match gen_.throw(Exc(v)) {
                Ok(s) => step(s),
                Err(Exc(e)) if e == v => format!("raise{e}"),
                Err(Exc(e)) => format!("wrong error handed back: {e}"),
            };
            (format!("throw({v})"), res)
        }
        Op::Close => {
            let res = match gen_.close() {
                Ok(None) => "None".to_string(),
                Ok(Some(_)) if py311 => "None".to_string(),
                Ok(Some(r)) => format!("Some{r}"),
                Err(IgnoredExit { yielded }) => format!("Ignored{yielded}"),
            };
            ("close".to_string(), res)
        }
        Op::Drop => {
            *g = None;
            ("drop".to_string(), "dropped".to_string())
        }
    }
}
