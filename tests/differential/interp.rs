//! The gensend side: a generic body built from a scenario's data, and the driver
//! that applies the operations and records the trace in the format
//! `scenarios.py` prints.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use gensend::{Escaped, Gen, IgnoredExit, Interrupt, IterInterrupt, SendError, StartError, State, Step};

use crate::scenario::{Case, Handler, KILL, Kill, Level, NONE, Op, PRIME, Point};

/// What is thrown in: Python's `Exc(v)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exc(pub i64);

/// A body's own error (PROTOCOL.md F: part of its return type). Python raises
/// `Boom(b)`, or `AttributeError` when a value is sent into an iterable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raised {
    Boom(i64),
    Attr,
}

/// What a level returns: Python's return value, or the exception escaping it.
type Ret = Result<i64, Raised>;

/// A level; what it lets propagate (Python: the exception escaping the frame)
/// goes on with `co.reraise` for interrupts, or is returned for its own errors.
type G = Gen<'static, i64, i64, Ret, Exc>;

/// What a handler caught: Python's `Exc(v)`, `GeneratorExit`, `Boom(b)`.
#[derive(Clone, Copy)]
enum Caught {
    Throw(i64),
    Exit,
    Boom(i64),
}

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

/// Whether a level from `from` on can raise a `Boom` (and so raise it while
/// being closed): then a plain `yield from` is ported with `catch_yield_from`,
/// which lets it go on as CPython does; `co.yield_from` would drop it (D4).
fn boom_from(levels: &[Level], from: usize) -> bool {
    let boom = |h: &Handler| matches!(h, Handler::Boom(_));
    levels.iter().skip(from).flat_map(|lv| &lv.points).any(|p| match p {
        Point::Fail(_) => true,
        Point::Plain(_) => false,
        Point::Catch { h, .. } | Point::Deleg { h, .. } | Point::Iter { h, .. } => boom(h),
    })
}

/// Level `i` of the chain, as a gensend generator.
fn level(levels: Arc<Vec<Level>>, i: usize, log: Log) -> G {
    Gen::throwable(move |co| async move {
        let lv = &levels[i];
        let _guard = lv.guard.then(|| guard(i, &log));
        for p in &lv.points {
            let (caught, exc, exit, boom, h) = match p {
                Point::Plain(k) => {
                    log.push(format!("y{i}:{k}"));
                    let x = co.yield_(*k).await;
                    log.push(format!("r{i}:{x}"));
                    continue;
                }
                Point::Fail(b) => {
                    log.push(format!("F{i}:{b}"));
                    return Err(Raised::Boom(*b));
                }
                Point::Catch { k, exc, exit, h } => {
                    log.push(format!("y{i}:{k}"));
                    match co.try_yield(*k).await {
                        Ok(x) => {
                            log.push(format!("r{i}:{x}"));
                            continue;
                        }
                        Err(Interrupt::Throw(Exc(v))) => (Caught::Throw(v), *exc, *exit, false, h),
                        Err(Interrupt::Exit) => (Caught::Exit, *exc, *exit, false, h),
                    }
                }
                Point::Iter { items, catching, exc, exit, h, .. } => {
                    log.push(format!("i{i}"));
                    let (exc, exit) = (*catching && *exc, *catching && *exit);
                    // Each item is logged as a yield as it is produced (so does the
                    // Python side, through `map`).
                    let item_log = log.clone();
                    let counted =
                        items.clone().into_iter().inspect(move |k| item_log.push(format!("y{i}:{k}")));
                    match co.try_yield_from_iter_with(counted, |sent| *sent == NONE).await {
                        Ok(()) => {
                            log.push(format!("d{i}:None"));
                            continue;
                        }
                        // CPython: AttributeError ('list_iterator' object has no attribute 'send').
                        Err(IterInterrupt::Sent(_)) => return Err(Raised::Attr),
                        Err(IterInterrupt::Throw(Exc(v))) => (Caught::Throw(v), exc, exit, false, h),
                        Err(IterInterrupt::Exit) => (Caught::Exit, exc, exit, false, h),
                    }
                }
                Point::Deleg { catching, exc, exit, boom, h, prime, kill } => {
                    let mut sub = level(levels.clone(), i + 1, log.clone());
                    match drive_by_hand(&mut sub, *prime, i, &log) {
                        Some(Ok(r)) => {
                            log.push(format!("d{i}:{r}"));
                            continue;
                        }
                        Some(Err(raised)) => return Err(raised),
                        None => {}
                    }
                    kill_by_hand(&mut sub, *kill, i, &log);
                    let (exc, exit, boom) = (*catching && *exc, *catching && *exit, *catching && *boom);
                    let started = sub.state() == State::Suspended;
                    let plain = !boom_from(&levels, i + 1);
                    let delegated: Result<Ret, Escaped<Ret, Exc>> = if sub.state() == State::Closed {
                        // Exhausted, closed or killed: CPython evaluates `yield from` to None.
                        match co.yield_from_or_none(sub).await {
                            Some(r) => Ok(r),
                            None => {
                                log.push(format!("d{i}:None"));
                                continue;
                            }
                        }
                    } else if plain && !*catching {
                        Ok(match started {
                            false => co.yield_from(sub).await,
                            true => co.yield_from_sending(sub, NONE).await,
                        })
                    } else if plain && !boom {
                        let caught = match started {
                            false => co.try_yield_from(sub).await,
                            true => co.try_yield_from_sending(sub, NONE).await,
                        };
                        caught.map_err(|interrupt| match interrupt {
                            Interrupt::Throw(e) => Escaped::Throw(e),
                            Interrupt::Exit => Escaped::Exit,
                        })
                    } else {
                        match started {
                            false => co.catch_yield_from(sub).await,
                            true => co.catch_yield_from_sending(sub, NONE).await,
                        }
                    };
                    let caught = match delegated {
                        Ok(Ok(r)) => {
                            log.push(format!("d{i}:{r}"));
                            continue;
                        }
                        // Raised at the `yield from`, on a resume or while closed.
                        Ok(Err(Raised::Boom(b))) | Err(Escaped::ExitReturned(Err(Raised::Boom(b)))) => {
                            Caught::Boom(b)
                        }
                        Ok(Err(Raised::Attr)) | Err(Escaped::ExitReturned(Err(Raised::Attr))) => {
                            return Err(Raised::Attr);
                        }
                        Err(Escaped::Throw(Exc(v))) => Caught::Throw(v),
                        // A value returned while closed: CPython discards it (D4).
                        Err(Escaped::Exit | Escaped::ExitReturned(Ok(_))) => Caught::Exit,
                    };
                    (caught, exc, exit, boom, h)
                }
            };
            let catches = match caught {
                Caught::Throw(_) => exc,
                Caught::Exit => exit,
                Caught::Boom(_) => boom,
            };
            if !catches {
                // Python: `except Exc:` (or `except GeneratorExit:`, `except Boom:`)
                // lets the other kinds through; the body unwinds from here.
                return propagate(&co, caught).await;
            }
            log.push(match caught {
                Caught::Throw(v) => format!("c{i}:t{v}"),
                Caught::Exit => format!("c{i}:x"),
                Caught::Boom(b) => format!("c{i}:b{b}"),
            });
            match h {
                Handler::Cont => {}
                Handler::Yield(k) => {
                    log.push(format!("y{i}:{k}"));
                    let x = co.yield_(*k).await;
                    log.push(format!("r{i}:{x}"));
                }
                Handler::Ret(r) => return Ok(*r),
                Handler::Raise => return propagate(&co, caught).await,
                Handler::Boom(b) => {
                    log.push(format!("B{i}:{b}"));
                    return Err(Raised::Boom(*b));
                }
            }
        }
        Ok(lv.ret)
    })
}

/// Lets what a level caught go on: Python's bare `raise`.
async fn propagate(co: &gensend::Co<'_, i64, i64, Exc>, caught: Caught) -> Ret {
    match caught {
        Caught::Throw(v) => co.reraise(Interrupt::Throw(Exc(v))).await,
        Caught::Exit => co.reraise(Interrupt::Exit).await,
        Caught::Boom(b) => Err(Raised::Boom(b)),
    }
}

/// Drives delegate `sub` of level `i` by hand `times` times (`start`, then `send`
/// of [`PRIME`]), logging what it yields; its return value if it returns (or
/// raises: then the level raises it too, as the call is outside any `try`).
fn drive_by_hand(sub: &mut G, times: u8, i: usize, log: &Log) -> Option<Ret> {
    for n in 0..times {
        let step = if n == 0 { sub.start().ok() } else { sub.send(PRIME).ok() };
        match step.expect("a delegate driven by hand is suspended") {
            Step::Yielded(v) => log.push(format!("p{i}:{v}")),
            Step::Complete(r) => return Some(r),
        }
    }
    None
}

/// Finishes delegate `sub` of level `i` before it is delegated to, as `kill`
/// says, whatever it answers (Python catches every exception); logs what it
/// yields (`p`), a close it ignores (`p{i}:ign`), and its state after (`k`).
fn kill_by_hand(sub: &mut G, kill: Kill, i: usize, log: &Log) {
    let yielded = |step: Option<Step<i64, Ret>>| match step {
        Some(Step::Yielded(v)) => {
            log.push(format!("p{i}:{v}"));
            true
        }
        _ => false,
    };
    match kill {
        Kill::No => return,
        Kill::Exhaust => {
            let mut step =
                if sub.state() == State::Created { sub.start().ok() } else { sub.send(PRIME).ok() };
            while yielded(step) {
                step = sub.send(PRIME).ok();
            }
        }
        Kill::Close => {
            if sub.close().is_err() {
                log.push(format!("p{i}:ign"));
            }
        }
        Kill::Throw => {
            if sub.state() == State::Created {
                yielded(sub.start().ok());
            }
            yielded(sub.throw(Exc(KILL)).ok());
        }
    }
    log.push(format!("k{i}:{}", state(sub.state())));
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

fn step(s: Step<i64, Ret>) -> String {
    match s {
        Step::Yielded(y) => format!("Y{y}"),
        Step::Complete(r) => returned(r),
    }
}

/// A return value as CPython's trace shows it: `C{r}`, or the exception raised.
fn returned(r: Ret) -> String {
    match r {
        Ok(r) => format!("C{r}"),
        Err(Raised::Boom(b)) => format!("boom{b}"),
        Err(Raised::Attr) => "attr".to_string(),
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
        Op::Next => {
            let res = match gen_.state() {
                State::Created => gen_.start().map_or_else(|e| format!("{e:?}"), step),
                _ => match gen_.send(NONE) {
                    Ok(s) => step(s),
                    Err(SendError::Closed(_)) => "Closed".to_string(),
                    Err(e) => format!("{e:?}"),
                },
            };
            ("next".to_string(), res)
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
                Ok(Some(Ok(_))) if py311 => "None".to_string(),
                Ok(Some(Ok(r))) => format!("Some{r}"),
                Ok(Some(raised)) => returned(raised),
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
