//! Delegation (`yield from`, PROTOCOL.md D1-D6), checked against CPython 3.13.
//!
//! Each non-obvious test has its Python equivalent in a comment above it; the
//! expected values and orders of side effects are what CPython 3.13.0 prints for it.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use gensend::{Gen, IgnoredExit, Interrupt, IterInterrupt, Point, SendError, State, Step};

/// A list of side effects, in the order they happened (Python's `log` list).
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, entry: impl Into<String>) {
        self.0.lock().unwrap().push(entry.into());
    }

    /// Takes the entries logged so far (Python: `print(log); log.clear()`).
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    /// A `Drop` guard that logs `finally {name}` (Python's `finally:` block).
    fn finally(&self, name: &'static str) -> Finally {
        Finally { log: self.clone(), name }
    }
}

struct Finally {
    log: Log,
    name: &'static str,
}

impl Drop for Finally {
    fn drop(&mut self) {
        self.log.push(format!("finally {}", self.name));
    }
}

/// Wraps a future and counts how often it is polled: how often a level is touched.
struct CountPolls<'c, F>(F, &'c AtomicUsize);

impl<F: Future + Unpin> Future for CountPolls<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.1.fetch_add(1, SeqCst);
        Pin::new(&mut self.0).poll(cx)
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload.downcast::<&str>().map(|m| m.to_string()).unwrap_or_default(),
    }
}

// ---------------------------------------------------------------------------
// D1: what `yield_from` accepts and what it evaluates to
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct Summary {
    words: Vec<String>,
    total_len: usize,
}

/// Collects the words sent in until an empty one, yielding the running length.
fn collector() -> Gen<'static, usize, String, Summary> {
    Gen::new(|co| async move {
        let mut words = Vec::new();
        let mut total_len = 0;
        loop {
            let word: String = co.yield_(total_len).await;
            if word.is_empty() {
                return Summary { words, total_len };
            }
            total_len += word.len();
            words.push(word);
        }
    })
}

fn parse_byte() -> Gen<'static, usize, String, Result<u8, String>> {
    Gen::new(|co| async move {
        let text: String = co.yield_(0).await;
        text.parse::<u8>().map_err(|e| format!("{text:?}: {e}"))
    })
}

// def collector():
//     words, total_len = [], 0
//     while True:
//         word = yield total_len
//         if not word: return (words, total_len)
//         total_len += len(word); words.append(word)
// def parse_byte():
//     text = yield 0
//     try: return ("ok", int(text))  # (the Rust version also rejects > 255)
//     except ValueError as e: return ("err", str(e))
// def outer():
//     summary = yield from collector()
//     ok = yield from parse_byte()
//     bad = yield from parse_byte()
//     return (summary, ok, bad)
// g = outer(); next(g)            -> 0
// g.send("ab"); g.send("cde")     -> 2, 5
// g.send(""); g.send("200")       -> 0, 0  (collector returned; next parse_byte started)
// g.send("x")                     -> StopIteration((['ab', 'cde'], 5), ('ok', 200), ('err', ...))
#[test]
fn yield_from_evaluates_to_sub_return_value() {
    type Outcome = (Summary, Result<u8, String>, Result<u8, String>);
    let mut outer: Gen<usize, String, Outcome> = Gen::new(|co| async move {
        let summary = co.yield_from(collector()).await;
        let ok = co.yield_from(parse_byte()).await;
        let bad = co.yield_from(parse_byte()).await;
        (summary, ok, bad)
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(0)));
    assert_eq!(outer.send("ab".into()), Ok(Step::Yielded(2)));
    assert_eq!(outer.send("cde".into()), Ok(Step::Yielded(5)));
    assert_eq!(outer.send(String::new()), Ok(Step::Yielded(0)));
    assert_eq!(outer.send("200".into()), Ok(Step::Yielded(0)));
    let summary = Summary { words: vec!["ab".into(), "cde".into()], total_len: 5 };
    let bad = Err("\"x\": invalid digit found in string".to_string());
    assert_eq!(outer.send("x".into()), Ok(Step::Complete((summary, Ok(200), bad))));
    assert_eq!(outer.state(), State::Closed);
}

// def sub():
//     log.append("sub: started")
//     yield "sub first"
// def outer():
//     s = sub()
//     log.append("outer: made sub")
//     yield from s
// g = outer(); log == []
// next(g) == "sub first"; log == ['outer: made sub', 'sub: started']
#[test]
fn fresh_sub_is_started_as_part_of_the_call() {
    let log = Log::default();
    let sub_log = log.clone();
    let outer_log = log.clone();
    let mut outer: Gen<&str> = Gen::new(|co| async move {
        let sub = Gen::new(|co| async move {
            sub_log.push("sub: started");
            co.yield_("sub first").await;
        });
        outer_log.push("outer: made sub");
        co.yield_from(sub).await;
    });
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(outer.start(), Ok(Step::Yielded("sub first")));
    assert_eq!(log.take(), ["outer: made sub", "sub: started"]);
}

// def sub():
//     x = yield "sub waiting"
//     log.append(f"sub: got {x}, returning")
//     return x * 2
// def outer():
//     r = yield from sub()
//     log.append(f"outer: yield from gave {r}")
//     yield f"outer next {r}"
// g = outer(); next(g) == "sub waiting"
// g.send(21) == "outer next 42"
// log == ['sub: got 21, returning', 'outer: yield from gave 42']
#[test]
fn returned_value_arrives_in_the_same_resume() {
    let log = Log::default();
    let (sub_log, outer_log) = (log.clone(), log.clone());
    let mut outer: Gen<String, i32> = Gen::new(|co| async move {
        let sub = Gen::new(|co| async move {
            let x = co.yield_("sub waiting".to_string()).await;
            sub_log.push(format!("sub: got {x}, returning"));
            x * 2
        });
        let r = co.yield_from(sub).await;
        outer_log.push(format!("outer: yield from gave {r}"));
        co.yield_(format!("outer next {r}")).await;
        // A sub that returns before its first yield: `start` itself runs on.
        let at_once = co.yield_from(Gen::new(|_| async { 7 })).await;
        outer_log.push(format!("outer: yield from gave {at_once}"));
        co.yield_(format!("outer next {at_once}")).await;
    });
    assert_eq!(outer.start(), Ok(Step::Yielded("sub waiting".to_string())));
    assert_eq!(outer.send(21), Ok(Step::Yielded("outer next 42".to_string())));
    assert_eq!(log.take(), ["sub: got 21, returning", "outer: yield from gave 42"]);
    assert_eq!(outer.send(0), Ok(Step::Yielded("outer next 7".to_string())));
    assert_eq!(log.take(), ["outer: yield from gave 7"]);
}

/// A sent value that logs when it is dropped.
struct Sent(i32, Log);

impl Drop for Sent {
    fn drop(&mut self) {
        self.1.push(format!("dropped {}", self.0));
    }
}

/// An iterator with a cleanup, to see it dropped when the body unwinds.
struct Items {
    left: std::vec::IntoIter<i32>,
    _finally: Finally,
}

impl Iterator for Items {
    type Item = i32;
    fn next(&mut self) -> Option<i32> {
        self.left.next()
    }
}

// def it():
//     yield from [1, 2, 3]
//     x = yield 99
//     return x
// g = it(); next(g), next(g), next(g), next(g) == (1, 2, 3, 99); g.send(40) -> StopIteration(40)
// CPython: g.send(10) while in the list raises AttributeError in `it` ('list_iterator'
// object has no attribute 'send'). gensend never drops the value: with `S = ()` every
// resume is `next()` (`yield_from_iter` exists only there); with another `S`,
// `try_yield_from_iter_with` hands back every sent value the body did not say
// stands for None.
// A throw while draining the iterator unwinds the body and drops the iterator.
#[test]
fn yield_from_iter_yields_every_item_and_hands_sent_values_back() {
    let log = Log::default();
    let mut g: Gen<i32, Sent, i32> = Gen::new(|co| async move {
        // Sent values below 100 stand for Python's None; the first other one
        // ends the delegation and is handed back.
        let ended = co.try_yield_from_iter_with(vec![1, 2, 3], |sent: &Sent| sent.0 < 100).await;
        let big = match ended {
            Err(IterInterrupt::Sent(sent)) => sent.0,
            _ => return -1,
        };
        let x: Sent = co.yield_(99).await;
        big + x.0
    });
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.send(Sent(10, log.clone())).ok(), Some(Step::Yielded(2)));
    assert_eq!(log.take(), ["dropped 10"]); // stood for None: the body let it go
    assert_eq!(g.send(Sent(200, log.clone())).ok(), Some(Step::Yielded(99)));
    assert_eq!(log.take(), ["dropped 200"]); // handed back; the body dropped it
    // The value sent at the plain yield after the iterator is delivered.
    assert_eq!(g.send(Sent(40, log.clone())).ok(), Some(Step::Complete(240)));
    assert_eq!(log.take(), ["dropped 40"]);

    let items = Items { left: vec![1, 2, 3].into_iter(), _finally: log.finally("items") };
    let mut g: Gen<i32, (), (), &str> = Gen::throwable(|co| async move {
        co.yield_from_iter(items).await;
        co.yield_(99).await;
    });
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.send(()), Ok(Step::Yielded(2)));
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.throw("boom"), Err("boom"));
    assert_eq!(log.take(), ["finally items"]);
    assert_eq!(g.state(), State::Closed);
}

// CPython: `yield from` an exhausted generator evaluates to None (its return value
// is gone once it raised StopIteration). gensend keeps a return value nobody took,
// so a finished sub gives it at once, without running or yielding anything.
#[test]
fn yield_from_closed_sub_with_value_returns_it() {
    let mut sub: Gen<&str, (), u32> = Gen::new(|co| async move {
        co.yield_("sub").await;
        7
    });
    assert_eq!(sub.by_ref().collect::<Vec<_>>(), ["sub"]);
    assert_eq!(sub.state(), State::Closed);
    let mut outer: Gen<&str, (), u32> = Gen::new(|co| async move {
        let r = co.yield_from(sub).await;
        co.yield_("outer").await;
        r * 6
    });
    assert_eq!(outer.start(), Ok(Step::Yielded("outer")));
    assert_eq!(outer.send(()), Ok(Step::Complete(42)));
}

#[test]
fn yield_from_closed_sub_without_value_panics_with_message() {
    let mut sub: Gen<&str, (), u32> = Gen::new(|co| async move {
        co.yield_("sub").await;
        7
    });
    assert_eq!(sub.start(), Ok(Step::Yielded("sub")));
    assert_eq!(sub.send(()), Ok(Step::Complete(7))); // the value is taken here
    let mut outer: Gen<&str, (), u32> = Gen::new(|co| async move { co.yield_from(sub).await });
    let payload = catch_unwind(AssertUnwindSafe(|| outer.start())).unwrap_err();
    let message = panic_message(payload);
    assert!(
        message.contains("yield_from was given a closed generator whose return value is gone"),
        "{message}"
    );
    assert_eq!(outer.state(), State::Closed);
}

// CPython resumes an already started sub with None; gensend has no None of a
// generic `S`, so `yield_from` panics, naming the mistake and the method that
// takes a value (`yield_from_sending`), and cleans up both generators.
#[test]
fn yield_from_suspended_sub_panics_with_message() {
    let log = Log::default();
    let sub_finally = log.finally("sub");
    let mut sub: Gen<&str, i32> = Gen::new(|co| async move {
        let _finally = sub_finally;
        co.yield_("sub 1").await;
        co.yield_("sub 2").await;
    });
    assert_eq!(sub.start(), Ok(Step::Yielded("sub 1")));
    let outer_finally = log.finally("outer");
    let mut outer: Gen<&str, i32> = Gen::new(|co| async move {
        let _finally = outer_finally;
        co.yield_from(sub).await;
    });
    let payload = catch_unwind(AssertUnwindSafe(|| outer.start())).unwrap_err();
    let message = panic_message(payload);
    assert!(
        message.contains("yield_from was given a generator that is already suspended at a yield")
            && message.contains("yield_from_sending(sub, value)"),
        "{message}"
    );
    assert_eq!(log.take(), ["finally sub", "finally outer"]);
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(outer.send(1), Err(SendError::Closed(1)));
    drop(outer);
    assert_eq!(log.take(), Vec::<String>::new());
}

// def sub(): yield 1
// def outer(): yield from sub(); yield 2
// getgeneratorstate(g): GEN_CREATED, then GEN_SUSPENDED while g.gi_yieldfrom is sub,
// GEN_SUSPENDED at its own yield, GEN_CLOSED at the end.
#[test]
fn delegating_generator_state_is_suspended() {
    let mut outer: Gen<i32> = Gen::new(|co| async move {
        co.yield_from(Gen::new(|co| async move { co.yield_(1).await })).await;
        co.yield_(2).await;
    });
    assert_eq!(outer.state(), State::Created);
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    assert_eq!(outer.state(), State::Suspended);
    assert_eq!(outer.state().python_name(), "GEN_SUSPENDED");
    assert_eq!(outer.backtrace().map(|f| f.point).collect::<Vec<_>>(), [Point::YieldFrom, Point::Yield]);
    assert_eq!(outer.send(()), Ok(Step::Yielded(2)));
    assert_eq!(outer.state(), State::Suspended);
    assert_eq!(outer.send(()), Ok(Step::Complete(())));
    assert_eq!(outer.state(), State::Closed);
}

// ---------------------------------------------------------------------------
// D2: send goes straight to the innermost delegate
// ---------------------------------------------------------------------------

fn summing_inner(log: Log) -> Gen<'static, i32, i32, i32> {
    Gen::new(|co| async move {
        log.push("inner: started");
        let mut total = 0;
        loop {
            let x = co.yield_(total).await;
            log.push(format!("inner: got {x}"));
            if x == 0 {
                return total;
            }
            total += x;
        }
    })
}

// def inner():
//     log.append("inner: started"); total = 0
//     while True:
//         x = yield total
//         log.append(f"inner: got {x}")
//         if x == 0: return total
//         total += x
// def mid():
//     log.append("mid: started")
//     r = yield from inner()
//     log.append(f"mid: inner returned {r}")
//     x = yield -r
//     log.append(f"mid: got {x}")
//     return r + x
// def outer():
//     log.append("outer: started")
//     r = yield from mid()
//     log.append(f"outer: mid returned {r}")
//     return r
// next(g) -> 0    ['outer: started', 'mid: started', 'inner: started']
// send(5) -> 5    ['inner: got 5']
// send(7) -> 12   ['inner: got 7']
// send(0) -> -12  ['inner: got 0', 'mid: inner returned 12']
// send(100) -> StopIteration(112)  ['mid: got 100', 'outer: mid returned 112']
#[test]
fn send_reaches_innermost_and_skips_levels_between() {
    let log = Log::default();
    let (mid_polls, outer_polls) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (mid_log, outer_log, inner_log) = (log.clone(), log.clone(), log.clone());
    let mid_polls_ref = &mid_polls;
    let mid: Gen<i32, i32, i32> = Gen::new(|co| async move {
        mid_log.push("mid: started");
        let r = CountPolls(Box::pin(co.yield_from(summing_inner(inner_log))), mid_polls_ref).await;
        mid_log.push(format!("mid: inner returned {r}"));
        let x = co.yield_(-r).await;
        mid_log.push(format!("mid: got {x}"));
        r + x
    });
    let outer_polls_ref = &outer_polls;
    let mut outer: Gen<i32, i32, i32> = Gen::new(|co| async move {
        outer_log.push("outer: started");
        let r = CountPolls(Box::pin(co.yield_from(mid)), outer_polls_ref).await;
        outer_log.push(format!("outer: mid returned {r}"));
        r
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(0)));
    assert_eq!(log.take(), ["outer: started", "mid: started", "inner: started"]);
    assert_eq!(outer.send(5), Ok(Step::Yielded(5)));
    assert_eq!(log.take(), ["inner: got 5"]);
    assert_eq!(outer.send(7), Ok(Step::Yielded(12)));
    assert_eq!(log.take(), ["inner: got 7"]);
    // Each delegating level was touched once, to hand its delegate over.
    assert_eq!((outer_polls.load(SeqCst), mid_polls.load(SeqCst)), (1, 1));
    assert_eq!(outer.send(0), Ok(Step::Yielded(-12)));
    assert_eq!(log.take(), ["inner: got 0", "mid: inner returned 12"]);
    // ... and once more to receive the return value; outer not at all.
    assert_eq!((outer_polls.load(SeqCst), mid_polls.load(SeqCst)), (1, 2));
    assert_eq!(outer.send(100), Ok(Step::Complete(112)));
    assert_eq!(log.take(), ["mid: got 100", "outer: mid returned 112"]);
    assert_eq!((outer_polls.load(SeqCst), mid_polls.load(SeqCst)), (2, 2));
}

// ---------------------------------------------------------------------------
// D3: throw goes to the innermost delegate, then outwards until caught
// ---------------------------------------------------------------------------

/// An innermost level that catches every throw and keeps going (Python's
/// `try: yield f"inner {n}" / except ValueError as e: ...` in a loop).
fn resilient_inner(log: Log) -> Gen<'static, String, (), (), &'static str> {
    Gen::throwable(|co| async move {
        let mut n = 0;
        loop {
            match co.try_yield(format!("inner {n}")).await {
                Ok(()) => {}
                Err(Interrupt::Throw(e)) => {
                    log.push(format!("inner: caught {e}"));
                    n += 1;
                }
                Err(Interrupt::Exit) => return,
            }
        }
    })
}

fn three_levels(log: &Log) -> Gen<'static, String, (), (), &'static str> {
    let (mid_log, outer_log, inner_log) = (log.clone(), log.clone(), log.clone());
    let mid = Gen::throwable(|co| async move {
        mid_log.push("mid: started");
        co.yield_from(resilient_inner(inner_log)).await;
        mid_log.push("mid: after");
    });
    Gen::throwable(|co| async move {
        outer_log.push("outer: started");
        co.yield_from(mid).await;
        outer_log.push("outer: after");
    })
}

// def inner():
//     n = 0
//     while True:
//         try: yield f"inner {n}"
//         except ValueError as e: log.append(f"inner: caught {e}"); n += 1
// def mid(): log.append("mid: started"); yield from inner(); log.append("mid: after")
// def outer(): log.append("outer: started"); yield from mid(); log.append("outer: after")
// g = outer(); next(g) == "inner 0"; log.clear()
// g.throw(ValueError("boom")) == "inner 1"; log == ['inner: caught boom']
#[test]
fn throw_reaches_innermost() {
    let log = Log::default();
    let mut outer = three_levels(&log);
    assert_eq!(outer.start(), Ok(Step::Yielded("inner 0".to_string())));
    assert_eq!(log.take(), ["outer: started", "mid: started"]);
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded("inner 1".to_string())));
    assert_eq!(log.take(), ["inner: caught boom"]);
    assert_eq!(outer.state(), State::Suspended);
    assert_eq!(outer.backtrace().count(), 3);
}

// Same generators: g.throw(ValueError("boom")) == "inner 1",
// g.throw(ValueError("bang")) == "inner 2", next(g) == "inner 2", GEN_SUSPENDED.
#[test]
fn throw_caught_by_innermost_returns_its_next_yield() {
    let log = Log::default();
    let mut outer = three_levels(&log);
    outer.start().unwrap();
    log.take();
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded("inner 1".to_string())));
    assert_eq!(outer.throw("bang"), Ok(Step::Yielded("inner 2".to_string())));
    assert_eq!(outer.send(()), Ok(Step::Yielded("inner 2".to_string())));
    assert_eq!(log.take(), ["inner: caught boom", "inner: caught bang"]);
    assert_eq!(outer.state(), State::Suspended);
}

// def inner():
//     try: yield "inner"
//     except ValueError as e: log.append(f"inner: caught {e}, returning"); return f"handled {e}"
// def outer():
//     r = yield from inner()
//     log.append(f"outer: got {r}")
//     yield f"outer after {r}"
// g.throw(ValueError("boom")) == "outer after handled boom"
// log == ['inner: caught boom, returning', 'outer: got handled boom']
#[test]
fn throw_caught_by_innermost_that_returns_resumes_delegator_in_same_call() {
    let log = Log::default();
    let (inner_log, outer_log) = (log.clone(), log.clone());
    let inner: Gen<String, (), String, &str> = Gen::throwable(|co| async move {
        match co.try_yield("inner".to_string()).await {
            Err(Interrupt::Throw(e)) => {
                inner_log.push(format!("inner: caught {e}, returning"));
                format!("handled {e}")
            }
            Ok(()) | Err(Interrupt::Exit) => "not thrown".to_string(),
        }
    });
    let mut outer: Gen<String, (), (), &str> = Gen::throwable(|co| async move {
        let r = co.yield_from(inner).await;
        outer_log.push(format!("outer: got {r}"));
        co.yield_(format!("outer after {r}")).await;
    });
    outer.start().unwrap();
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded("outer after handled boom".to_string())));
    assert_eq!(log.take(), ["inner: caught boom, returning", "outer: got handled boom"]);
}

// def L3():
//     try: yield "L3"
//     finally: log.append("finally L3")
// def L2():
//     try: yield from L3()
//     finally: log.append("finally L2")
// def L1():
//     try: yield from L2()
//     finally: log.append("finally L1")
// def L0():
//     try:
//         try: yield from L1()
//         except ValueError as e: log.append(f"L0 caught {e}")
//         yield "L0 recovered"
//     finally: log.append("finally L0")
// g = L0(); next(g) == "L3"
// g.throw(ValueError("boom")) == "L0 recovered"
// log == ['finally L3', 'finally L2', 'finally L1', 'L0 caught boom']
// g.close(); log[-1] == 'finally L0'
#[test]
fn uncaught_throw_unwinds_level_by_level_until_try_yield_from_catches() {
    let log = Log::default();
    let (f3, f2, f1, f0, l0) =
        (log.finally("L3"), log.finally("L2"), log.finally("L1"), log.finally("L0"), log.clone());
    type G = Gen<'static, &'static str, (), (), &'static str>;
    let l3: G = Gen::throwable(|co| async move {
        let _finally = f3;
        co.yield_("L3").await;
    });
    let l2: G = Gen::throwable(|co| async move {
        let _finally = f2;
        co.yield_from(l3).await;
    });
    let l1: G = Gen::throwable(|co| async move {
        let _finally = f1;
        co.yield_from(l2).await;
    });
    let mut l0: G = Gen::throwable(|co| async move {
        let _finally = f0;
        if let Err(Interrupt::Throw(e)) = co.try_yield_from(l1).await {
            l0.push(format!("L0 caught {e}"));
        }
        co.yield_("L0 recovered").await;
    });
    assert_eq!(l0.start(), Ok(Step::Yielded("L3")));
    assert_eq!(l0.throw("boom"), Ok(Step::Yielded("L0 recovered")));
    assert_eq!(log.take(), ["finally L3", "finally L2", "finally L1", "L0 caught boom"]);
    assert_eq!(l0.backtrace().map(|f| f.point).collect::<Vec<_>>(), [Point::Yield]);
    assert_eq!(l0.close(), Ok(None));
    assert_eq!(log.take(), ["finally L0"]);
}

// L3, L2, L1 as above;
// def M0():
//     try: yield from L1()
//     finally: log.append("finally M0")
// g.throw(ValueError("boom")) raises ValueError('boom')
// log == ['finally L3', 'finally L2', 'finally L1', 'finally M0']; GEN_CLOSED
#[test]
fn uncaught_throw_through_every_level_comes_back_to_caller() {
    let log = Log::default();
    let (f2, f1, f0) = (log.finally("L2"), log.finally("L1"), log.finally("M0"));
    type G = Gen<'static, &'static str, (), (), &'static str>;
    let l2: G = Gen::throwable(|co| async move {
        let _finally = f2;
        co.yield_("L2").await;
    });
    let l1: G = Gen::throwable(|co| async move {
        let _finally = f1;
        co.yield_from(l2).await;
    });
    let mut m0: G = Gen::throwable(|co| async move {
        let _finally = f0;
        co.yield_from(l1).await;
    });
    m0.start().unwrap();
    assert_eq!(m0.throw("boom"), Err("boom"));
    assert_eq!(log.take(), ["finally L2", "finally L1", "finally M0"]);
    assert_eq!(m0.state(), State::Closed);
    assert_eq!(m0.backtrace().count(), 0);
}

// def inner():
//     try: yield "inner"
//     finally: log.append("finally inner")
// def mid():
//     try: return (yield from inner())
//     except ValueError as e: log.append(f"mid: caught {e}"); return f"mid handled {e}"
// def outer():
//     r = yield from mid(); log.append(f"outer: got {r}"); yield r
// g.throw(ValueError("boom")) == "mid handled boom"
// log == ['finally inner', 'mid: caught boom', 'outer: got mid handled boom']
#[test]
fn throw_caught_by_middle_try_yield_from_can_return_to_its_delegator() {
    let log = Log::default();
    let (f_inner, mid_log, outer_log) = (log.finally("inner"), log.clone(), log.clone());
    let inner: Gen<String, (), String, &str> = Gen::throwable(|co| async move {
        let _finally = f_inner;
        co.yield_("inner".to_string()).await;
        "inner returned".to_string()
    });
    let mid: Gen<String, (), String, &str> = Gen::throwable(|co| async move {
        match co.try_yield_from(inner).await {
            Ok(r) => r,
            Err(Interrupt::Throw(e)) => {
                mid_log.push(format!("mid: caught {e}"));
                format!("mid handled {e}")
            }
            Err(Interrupt::Exit) => "mid closed".to_string(),
        }
    });
    let mut outer: Gen<String, (), (), &str> = Gen::throwable(|co| async move {
        let r = co.yield_from(mid).await;
        outer_log.push(format!("outer: got {r}"));
        co.yield_(r).await;
    });
    outer.start().unwrap();
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded("mid handled boom".to_string())));
    assert_eq!(log.take(), ["finally inner", "mid: caught boom", "outer: got mid handled boom"]);
}

// ---------------------------------------------------------------------------
// D4: close closes the innermost first, then raises Exit outwards
// ---------------------------------------------------------------------------

// def C3():
//     try:
//         try: yield "C3"
//         except GeneratorExit: log.append("C3 saw GeneratorExit"); return 3
//     finally: log.append("finally C3")
// def C2():
//     try: yield from C3()
//     finally: log.append("finally C2")
// def C1():
//     try:
//         try: r = yield from C2(); log.append(f"C1 got {r}")
//         except GeneratorExit: log.append("C1 saw GeneratorExit"); return 1
//     finally: log.append("finally C1")
// def C0():
//     try: r = yield from C1(); log.append(f"C0 got {r}")
//     finally: log.append("finally C0")
// g = C0(); next(g); g.close() is None
// log == ['C3 saw GeneratorExit', 'finally C3', 'finally C2', 'C1 saw GeneratorExit',
//         'finally C1', 'finally C0'];  GEN_CLOSED
fn four_level_chain(log: &Log) -> Gen<'static, &'static str, (), (), &'static str> {
    let (f3, f2, f1, f0) = (log.finally("C3"), log.finally("C2"), log.finally("C1"), log.finally("C0"));
    let (l3, l1, l0) = (log.clone(), log.clone(), log.clone());
    let c3: Gen<&str, (), u32, &str> = Gen::throwable(|co| async move {
        let _finally = f3;
        if let Err(Interrupt::Exit) = co.try_yield("C3").await {
            l3.push("C3 saw GeneratorExit");
        }
        3
    });
    let c2: Gen<&str, (), u32, &str> = Gen::throwable(|co| async move {
        let _finally = f2;
        co.yield_from(c3).await
    });
    let c1: Gen<&str, (), u32, &str> = Gen::throwable(|co| async move {
        let _finally = f1;
        match co.try_yield_from(c2).await {
            Ok(r) => {
                l1.push(format!("C1 got {r}"));
                r
            }
            Err(_) => {
                l1.push("C1 saw GeneratorExit");
                1
            }
        }
    });
    Gen::throwable(|co| async move {
        let _finally = f0;
        let r = co.yield_from(c1).await;
        l0.push(format!("C0 got {r}"));
    })
}

#[test]
fn close_closes_innermost_first_then_exit_in_each_delegator() {
    let log = Log::default();
    let mut g = four_level_chain(&log);
    assert_eq!(g.start(), Ok(Step::Yielded("C3")));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(
        log.take(),
        [
            "C3 saw GeneratorExit",
            "finally C3",
            "finally C2",
            "C1 saw GeneratorExit",
            "finally C1",
            "finally C0"
        ]
    );
    assert_eq!(g.state(), State::Closed);
}

// Same chain; `del g` while suspended runs the same cleanups in the same order.
#[test]
fn dropping_a_delegating_generator_closes_innermost_first() {
    let log = Log::default();
    let mut g = four_level_chain(&log);
    g.start().unwrap();
    drop(g);
    assert_eq!(
        log.take(),
        [
            "C3 saw GeneratorExit",
            "finally C3",
            "finally C2",
            "C1 saw GeneratorExit",
            "finally C1",
            "finally C0"
        ]
    );
}

// def V1():
//     try: yield 1
//     except GeneratorExit: log.append("V1 returns 42"); return 42
// def V0():
//     try: r = yield from V1(); log.append(f"V0 got {r}")
//     except GeneratorExit: log.append("V0 saw GeneratorExit"); return "V0 closed"
// g = V0(); next(g); g.close() == "V0 closed"
// log == ['V1 returns 42', 'V0 saw GeneratorExit']
#[test]
fn value_returned_while_closing_is_not_delivered_to_delegator() {
    let log = Log::default();
    let (l1, l0) = (log.clone(), log.clone());
    let v1: Gen<i32, (), i32> = Gen::new(|co| async move {
        match co.try_yield(1).await {
            Ok(()) => 0,
            Err(_) => {
                l1.push("V1 returns 42");
                42
            }
        }
    });
    let mut v0: Gen<i32, (), String> = Gen::new(|co| async move {
        match co.try_yield_from(v1).await {
            Ok(r) => {
                l0.push(format!("V0 got {r}"));
                format!("V0 got {r}")
            }
            Err(_) => {
                l0.push("V0 saw GeneratorExit");
                "V0 closed".to_string()
            }
        }
    });
    assert_eq!(v0.start(), Ok(Step::Yielded(1)));
    assert_eq!(v0.close(), Ok(Some("V0 closed".to_string())));
    assert_eq!(log.take(), ["V1 returns 42", "V0 saw GeneratorExit"]);
}

// V1 as above;
// def W0(): r = yield from V1(); log.append(f"W0 got {r}"); return r
// g = W0(); next(g); g.close() is None; log == ['V1 returns 42']
// def X0():
//     try: yield from V1()
//     except GeneratorExit: return "X0 caught GeneratorExit"
// g = X0(); next(g); g.close() == "X0 caught GeneratorExit"   (3.13; 3.11 gives None)
#[test]
fn close_of_outermost_returns_what_outermost_returns() {
    fn v1(log: Log) -> Gen<'static, i32, (), i32> {
        Gen::new(|co| async move {
            if co.try_yield(1).await.is_err() {
                log.push("V1 returns 42");
            }
            42
        })
    }
    let log = Log::default();
    let (l0, inner_log) = (log.clone(), log.clone());
    let mut w0: Gen<i32, (), i32> = Gen::new(|co| async move {
        let r = co.yield_from(v1(inner_log)).await;
        l0.push(format!("W0 got {r}"));
        r
    });
    w0.start().unwrap();
    assert_eq!(w0.close(), Ok(None));
    assert_eq!(log.take(), ["V1 returns 42"]);

    let inner_log = log.clone();
    let mut x0: Gen<i32, (), &str> = Gen::new(|co| async move {
        match co.try_yield_from(v1(inner_log)).await {
            Ok(_) => "X0 got a value",
            Err(_) => "X0 caught GeneratorExit",
        }
    });
    x0.start().unwrap();
    assert_eq!(x0.close(), Ok(Some("X0 caught GeneratorExit")));
    assert_eq!(log.take(), ["V1 returns 42"]);
    assert_eq!(x0.state(), State::Closed);
}

// def I1():
//     try: yield "I1"
//     finally: log.append("finally I1")
// def I0():
//     try: yield from I1()
//     except GeneratorExit:
//         log.append("I0 saw GeneratorExit")
//         x = yield "I0 not yet"
//         log.append(f"I0 got {x}")
//         return "I0 done"
// g = I0(); next(g); g.close() raises RuntimeError: generator ignored GeneratorExit
// log == ['finally I1', 'I0 saw GeneratorExit']; GEN_SUSPENDED
// g.send("later") raises StopIteration('I0 done'); log[-1] == 'I0 got later'
#[test]
fn outermost_yielding_after_exit_makes_close_report_ignored_exit() {
    let log = Log::default();
    let (f1, l0) = (log.finally("I1"), log.clone());
    let i1: Gen<&str, &str> = Gen::new(|co| async move {
        let _finally = f1;
        co.yield_("I1").await;
    });
    let mut i0: Gen<&str, &str, &str> = Gen::new(|co| async move {
        if co.try_yield_from(i1).await.is_err() {
            l0.push("I0 saw GeneratorExit");
            let x = co.yield_("I0 not yet").await;
            l0.push(format!("I0 got {x}"));
        }
        "I0 done"
    });
    assert_eq!(i0.start(), Ok(Step::Yielded("I1")));
    let err = i0.close().unwrap_err();
    assert_eq!(err, IgnoredExit { yielded: "I0 not yet" });
    assert_eq!(err.to_string(), "generator ignored GeneratorExit");
    assert_eq!(log.take(), ["finally I1", "I0 saw GeneratorExit"]);
    assert_eq!(i0.state(), State::Suspended);
    assert_eq!(i0.send("later"), Ok(Step::Complete("I0 done")));
    assert_eq!(log.take(), ["I0 got later"]);
}

// def sub():
//     try: yield "sub"
//     finally: log.append("finally sub")
// def outer():
//     try: yield from sub()
//     except GeneratorExit: log.append("outer: saw GeneratorExit"); return
//     finally: log.append("finally outer")
// g.close() is None (the body returned None); log == ['finally sub', 'outer: saw GeneratorExit', 'finally outer']
#[test]
fn try_yield_from_sees_exit_after_sub_closed() {
    let log = Log::default();
    let (f_sub, f_outer, outer_log) = (log.finally("sub"), log.finally("outer"), log.clone());
    let sub: Gen<&str> = Gen::new(|co| async move {
        let _finally = f_sub;
        co.yield_("sub").await;
    });
    let mut outer: Gen<&str> = Gen::new(|co| async move {
        let _finally = f_outer;
        if let Err(Interrupt::Exit) = co.try_yield_from(sub).await {
            outer_log.push("outer: saw GeneratorExit");
        }
    });
    outer.start().unwrap();
    assert_eq!(outer.close(), Ok(Some(())));
    assert_eq!(log.take(), ["finally sub", "outer: saw GeneratorExit", "finally outer"]);
    assert_eq!(outer.state(), State::Closed);
}

// A delegate that yields after Exit: CPython's close() raises RuntimeError("generator
// ignored GeneratorExit") in the delegator, which (not catching RuntimeError) unwinds;
// taking the error, it lets go of the delegate, which is finalized at once: closed again,
// at its new plain yield, so its finally runs; then the error unwinds the delegators.
// def J1():
//     try:
//         try: yield "J1"
//         except GeneratorExit: log.append("J1 saw GeneratorExit"); yield "J1 not yet"
//     finally: log.append("finally J1")
// def J0():
//     try: yield from J1(); return "J0"
//     finally: log.append("finally J0")
// def top():
//     try: return (yield from J0())
//     finally: log.append("finally top")
// g = top(); next(g); g.close() raises RuntimeError("generator ignored GeneratorExit")
// log == ['J1 saw GeneratorExit', 'finally J1', 'finally J0', 'finally top']; GEN_CLOSED
#[test]
fn delegate_ignoring_exit_makes_close_report_it_and_unwinds_the_chain_like_cpython() {
    let log = Log::default();
    let (l1, l0, lt) = (log.clone(), log.clone(), log.clone());
    let j1: Gen<&str> = Gen::new(|co| async move {
        let _finally = l1.finally("J1");
        if co.try_yield("J1").await.is_err() {
            l1.push("J1 saw GeneratorExit");
            co.yield_("J1 not yet").await;
            l1.push("J1 resumed");
        }
    });
    let j0: Gen<&str, (), &str> = Gen::new(|co| async move {
        let _finally = l0.finally("J0");
        co.yield_from(j1).await;
        "J0"
    });
    let mut top: Gen<&str, (), &str> = Gen::new(|co| async move {
        let _finally = lt.finally("top");
        co.yield_from(j0).await
    });
    top.start().unwrap();
    assert_eq!(top.close(), Err(IgnoredExit { yielded: "J1 not yet" }));
    assert_eq!(log.take(), ["J1 saw GeneratorExit", "finally J1", "finally J0", "finally top"]);
    assert_eq!(top.state(), State::Closed);
    assert_eq!(top.send(()), Err(SendError::Closed(())));
}

// ---------------------------------------------------------------------------
// D6: the generator backtrace
// ---------------------------------------------------------------------------

/// Appends `line` to `lines` (so a level can record the line of its own yield).
fn with(mut lines: Vec<u32>, line: u32) -> Vec<u32> {
    lines.push(line);
    lines
}

type Lines = Gen<'static, Vec<u32>, (), ()>;

/// Yields the lines of every level's suspension point, outermost first.
fn traced_inner(lines: Vec<u32>) -> Lines {
    Gen::new(|co| async move {
        let _ = co.try_yield(with(lines, line!())).await;
    })
}

fn traced_mid(lines: Vec<u32>) -> Lines {
    Gen::new(|co| async move {
        let _ = co.try_yield_from(traced_inner(with(lines.clone(), line!()))).await;
        co.yield_(with(lines, line!())).await;
    })
}

fn traced_outer() -> Lines {
    Gen::new(|co| async move { co.yield_from(traced_mid(vec![line!()])).await })
}

// def inner(): yield 1
// def mid(): yield from inner(); yield 2
// def outer(): yield from mid()
// g = outer(); next(g); walking g, g.gi_yieldfrom, ...: each frame's f_lineno, outermost
// first: outer's `yield from`, mid's `yield from`, inner's `yield`. After next(g): outer's
// `yield from`, mid's `yield 2`.
#[test]
fn backtrace_shows_chain_outermost_first() {
    let mut g = traced_outer();
    assert_eq!(g.backtrace().count(), 0);
    let Ok(Step::Yielded(lines)) = g.start() else { panic!("expected a yield") };
    let frames: Vec<_> = g.backtrace().collect();
    let points: Vec<_> = frames.iter().map(|f| f.point).collect();
    assert_eq!(points, [Point::YieldFrom, Point::TryYieldFrom, Point::TryYield]);
    let found: Vec<_> = frames.iter().map(|f| f.location.line()).collect();
    assert_eq!(found, lines);
    assert!(frames.iter().all(|f| f.location.file() == file!()));
    // Each column points at the call of that level's yield method in this file.
    // (Line by line, not the whole file collected: Miri's Tree Borrows takes
    // quadratic time over a thousand live slices of one allocation.)
    let source_line = |line: u32| include_str!("delegation.rs").lines().nth(line as usize - 1).unwrap();
    let calls: Vec<&str> =
        frames.iter().map(|f| &source_line(f.location.line())[f.location.column() as usize - 1..]).collect();
    assert!(calls[0].starts_with("yield_from(traced_mid("), "{}", calls[0]);
    assert!(calls[1].starts_with("try_yield_from(traced_inner("), "{}", calls[1]);
    assert!(calls[2].starts_with("try_yield(with("), "{}", calls[2]);
    assert_eq!(g.suspended_at(), Some(frames[2].location));
    // Reversible: innermost first.
    assert_eq!(g.backtrace().next_back().map(|f| f.point), Some(Point::TryYield));

    let Ok(Step::Yielded(lines)) = g.send(()) else { panic!("expected a yield") };
    let frames: Vec<_> = g.backtrace().collect();
    assert_eq!(frames.iter().map(|f| f.point).collect::<Vec<_>>(), [Point::YieldFrom, Point::Yield]);
    assert_eq!(frames.iter().map(|f| f.location.line()).collect::<Vec<_>>(), lines);
    assert_eq!(g.suspended_at(), Some(frames[1].location));

    assert_eq!(g.send(()), Ok(Step::Complete(())));
    assert_eq!(g.backtrace().count(), 0);
    assert_eq!(g.suspended_at(), None);
}

#[test]
fn debug_shows_chain() {
    let mut g = traced_outer();
    assert_eq!(format!("{g:?}"), "Gen { state: Created, backtrace: [] }");
    let Ok(Step::Yielded(lines)) = g.start() else { panic!("expected a yield") };
    let columns: Vec<_> = g.backtrace().map(|f| f.location.column()).collect();
    let file = file!();
    let expected = format!(
        "Gen {{ state: Suspended, backtrace: [yield_from at {file}:{}:{} in traced_outer, \
         try_yield_from at {file}:{}:{} in traced_mid, try_yield at {file}:{}:{} in traced_inner] }}",
        lines[0], columns[0], lines[1], columns[1], lines[2], columns[2]
    );
    assert_eq!(format!("{g:?}"), expected);
    let Ok(Step::Yielded(lines)) = g.send(()) else { panic!("expected a yield") };
    let columns: Vec<_> = g.backtrace().map(|f| f.location.column()).collect();
    let expected = format!(
        "Gen {{ state: Suspended, backtrace: [yield_from at {file}:{}:{} in traced_outer, \
         yield_ at {file}:{}:{} in traced_mid] }}",
        lines[0], columns[0], lines[1], columns[1]
    );
    assert_eq!(format!("{g:?}"), expected);
    assert_eq!(g.send(()), Ok(Step::Complete(())));
    assert_eq!(format!("{g:?}"), "Gen { state: Closed, backtrace: [] }");
}

// ---------------------------------------------------------------------------
// C5 in a chain: a panic closes every level
// ---------------------------------------------------------------------------

// def inner():
//     try:
//         while True:
//             x = yield
//             if x == 13: raise RuntimeError("unlucky")
//     finally: log.append("finally inner")
// def mid():
//     try: yield from inner()
//     finally: log.append("finally mid")
// def outer():
//     try: yield from mid()
//     finally: log.append("finally outer")
// g.send(13) raises RuntimeError; log == ['finally inner', 'finally mid', 'finally outer']
// GEN_CLOSED; g.send(1) raises StopIteration
#[test]
fn panic_in_delegate_closes_whole_chain() {
    let log = Log::default();
    let (f_inner, f_mid, f_outer) = (log.finally("inner"), log.finally("mid"), log.finally("outer"));
    let inner: Gen<(), i32> = Gen::new(|co| async move {
        let _finally = f_inner;
        loop {
            if co.yield_(()).await == 13 {
                panic!("unlucky");
            }
        }
    });
    let mid: Gen<(), i32> = Gen::new(|co| async move {
        let _finally = f_mid;
        co.yield_from(inner).await;
    });
    let mut outer: Gen<(), i32> = Gen::new(|co| async move {
        let _finally = f_outer;
        co.yield_from(mid).await;
    });
    outer.start().unwrap();
    assert_eq!(outer.send(1), Ok(Step::Yielded(())));
    let payload = catch_unwind(AssertUnwindSafe(|| outer.send(13))).unwrap_err();
    assert_eq!(panic_message(payload), "unlucky");
    assert_eq!(log.take(), ["finally inner", "finally mid", "finally outer"]);
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(outer.backtrace().count(), 0);
    assert_eq!(outer.send(1), Err(SendError::Closed(1)));
    assert_eq!(outer.close(), Ok(None));
    drop(outer);
    assert_eq!(log.take(), Vec::<String>::new());
}

// def inner():
//     try:
//         try: yield
//         except GeneratorExit: log.append("inner: saw GeneratorExit"); raise RuntimeError("bad exit")
//     finally: log.append("finally inner")
// def outer():
//     try: yield from inner()
//     finally: log.append("finally outer")
// g.close() raises RuntimeError('bad exit')
// log == ['inner: saw GeneratorExit', 'finally inner', 'finally outer']; GEN_CLOSED
#[test]
fn panic_while_closing_delegate_closes_whole_chain() {
    let log = Log::default();
    let (f_inner, f_outer, inner_log) = (log.finally("inner"), log.finally("outer"), log.clone());
    let inner: Gen<()> = Gen::new(|co| async move {
        let _finally = f_inner;
        if co.try_yield(()).await.is_err() {
            inner_log.push("inner: saw GeneratorExit");
            panic!("bad exit");
        }
    });
    let mut outer: Gen<()> = Gen::new(|co| async move {
        let _finally = f_outer;
        co.yield_from(inner).await;
    });
    outer.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| outer.close())).unwrap_err();
    assert_eq!(panic_message(payload), "bad exit");
    assert_eq!(log.take(), ["inner: saw GeneratorExit", "finally inner", "finally outer"]);
    assert_eq!(outer.state(), State::Closed);
}

// The panicking level is a delegator that just got its sub's return value.
#[test]
fn panic_in_delegator_after_sub_returns_closes_whole_chain() {
    let log = Log::default();
    let (f_inner, f_mid, f_outer) = (log.finally("inner"), log.finally("mid"), log.finally("outer"));
    let inner: Gen<(), (), i32> = Gen::new(|co| async move {
        let _finally = f_inner;
        co.yield_(()).await;
        13
    });
    let mid: Gen<(), (), i32> = Gen::new(|co| async move {
        let _finally = f_mid;
        let r = co.yield_from(inner).await;
        if r == 13 {
            panic!("mid got {r}");
        }
        r
    });
    let mut outer: Gen<(), (), i32> = Gen::new(|co| async move {
        let _finally = f_outer;
        co.yield_from(mid).await
    });
    outer.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| outer.send(()))).unwrap_err();
    assert_eq!(panic_message(payload), "mid got 13");
    assert_eq!(log.take(), ["finally inner", "finally mid", "finally outer"]);
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(outer.take_return(), None);
}

/// A cleanup step written as a generator that finishes at once.
fn flush(log: Log) -> Gen<'static, &'static str, (), u32> {
    Gen::new(|_| async move {
        log.push("flush runs");
        5
    })
}

fn worker(log: Log) -> Gen<'static, &'static str, (), u32> {
    Gen::new(|co| async move {
        if co.try_yield("working").await.is_err() {
            let r = co.yield_from(flush(log.clone())).await;
            log.push(format!("worker: flush gave {r}"));
            return r;
        }
        0
    })
}

// LIBRARY BUG (reported): while closing, the driver turns *every* delegate's
// return into `Exit` for its delegator, including a delegate that a body starts
// in its own Exit handler; only a level that received Exit should lose its value.
// def flush():
//     log.append("flush runs"); return 5
//     yield
// def worker():
//     try: yield "working"
//     except GeneratorExit:
//         r = yield from flush(); log.append(f"worker: flush gave {r}"); return r
// g = worker(); next(g); g.close() == 5; log == ['flush runs', 'worker: flush gave 5']
// def outer():
//     try: return (yield from worker())
//     except GeneratorExit: log.append("outer saw GeneratorExit"); return "outer"
// g = outer(); next(g); g.close() == "outer"
// log == ['flush runs', 'worker: flush gave 5', 'outer saw GeneratorExit']
#[test]
fn delegation_started_while_closing_delivers_its_return_value() {
    let log = Log::default();
    let mut g = worker(log.clone());
    g.start().unwrap();
    assert_eq!(g.close(), Ok(Some(5)));
    assert_eq!(log.take(), ["flush runs", "worker: flush gave 5"]);

    let outer_log = log.clone();
    let mut outer: Gen<&str, (), &str> = Gen::new(|co| async move {
        match co.try_yield_from(worker(outer_log.clone())).await {
            Ok(_) => "worker returned",
            Err(_) => {
                outer_log.push("outer saw GeneratorExit");
                "outer"
            }
        }
    });
    outer.start().unwrap();
    assert_eq!(outer.close(), Ok(Some("outer")));
    assert_eq!(log.take(), ["flush runs", "worker: flush gave 5", "outer saw GeneratorExit"]);
}

// def numbers():
//     yield 1; yield 2; yield 3
//     return "numbers done"
// def outer():
//     g = numbers()
//     first = next(g)
//     yield first * 100
//     return (yield from g)      # resumes the started g with None
// list(outer()) == [100, 2, 3], and outer returns "numbers done"
#[test]
fn d1_yield_from_sending_delegates_to_a_started_sub() {
    let mut outer: Gen<i32, (), &str> = Gen::new(|co| async move {
        let mut numbers: Gen<i32, (), &str> = Gen::new(|co| async move {
            for n in 1..=3 {
                co.yield_(n).await;
            }
            "numbers done"
        });
        let Ok(Step::Yielded(first)) = numbers.start() else { return "numbers was empty" };
        co.yield_(first * 100).await;
        co.yield_from_sending(numbers, ()).await
    });
    assert_eq!(outer.by_ref().collect::<Vec<_>>(), [100, 2, 3]);
    assert_eq!(outer.take_return(), Some("numbers done"));
}

// The value goes to the point the sub is suspended at (C6), within the resume
// that delegates, and what the sub yields next comes out of that same resume.
#[test]
fn d1_a_started_sub_receives_the_value_at_the_point_it_is_suspended_at() {
    let mut outer: Gen<i32, i32> = Gen::new(|co| async move {
        let mut acc: Gen<i32, i32> = Gen::new(|co| async move {
            let mut total = 0;
            loop {
                total += co.yield_(total).await;
            }
        });
        acc.start().unwrap();
        acc.send(1).unwrap();
        let first = co.yield_(-1).await;
        co.yield_from_sending(acc, first).await;
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(-1)));
    assert_eq!(outer.send(10), Ok(Step::Yielded(11)), "1 before delegating, then 10");
    assert_eq!(outer.send(5), Ok(Step::Yielded(16)));
    let points: Vec<Point> = outer.backtrace().map(|frame| frame.point).collect();
    assert_eq!(points, [Point::YieldFrom, Point::Yield]);
}

// def subsub(): yield "ss1"; yield "ss2"; return "ss done"
// def sub():
//     r = yield from subsub()
//     yield f"sub got {r}"
//     return "sub done"
// def outer():
//     g = sub()
//     next(g)                    # "ss1": g is now delegating to subsub
//     r = yield from g
//     yield f"outer got {r}"
// list(outer()) == ['ss2', 'sub got ss done', 'outer got sub done']
#[test]
fn d2_a_started_sub_brings_its_own_delegates_and_the_value_goes_to_the_innermost() {
    let mut outer: Gen<String> = Gen::new(|co| async move {
        let mut sub: Gen<String, (), &str> = Gen::new(|co| async move {
            let subsub: Gen<String, (), &str> = Gen::new(|co| async move {
                co.yield_("ss1".to_string()).await;
                co.yield_("ss2".to_string()).await;
                "ss done"
            });
            let r = co.yield_from(subsub).await;
            co.yield_(format!("sub got {r}")).await;
            "sub done"
        });
        assert_eq!(sub.start(), Ok(Step::Yielded("ss1".to_string())));
        assert_eq!(sub.backtrace().count(), 2, "sub is delegating to subsub");
        let r = co.yield_from_sending(sub, ()).await;
        co.yield_(format!("outer got {r}")).await;
    });
    assert_eq!(outer.next().as_deref(), Some("ss2"));
    let points: Vec<Point> = outer.backtrace().map(|frame| frame.point).collect();
    assert_eq!(points, [Point::YieldFrom, Point::YieldFrom, Point::Yield], "the whole chain moved");
    assert_eq!(outer.collect::<Vec<_>>(), ["sub got ss done", "outer got sub done"]);
}

// def acc():
//     total = 0
//     while True:
//         x = yield total
//         if x is None: return total
//         total += x
// def outer():
//     g = acc(); next(g); g.send(5)
//     return (yield from g)      # acc returns at once on None
// next(outer())  ->  StopIteration: 5
#[test]
fn d1_a_started_sub_that_returns_on_the_value_gives_it_in_the_same_resume() {
    let mut outer: Gen<i32, Option<i32>, i32> = Gen::new(|co| async move {
        let mut acc: Gen<i32, Option<i32>, i32> = Gen::new(|co| async move {
            let mut total = 0;
            while let Some(x) = co.yield_(total).await {
                total += x;
            }
            total
        });
        acc.start().unwrap();
        acc.send(Some(5)).unwrap();
        co.yield_from_sending(acc, None).await
    });
    assert_eq!(outer.start(), Ok(Step::Complete(5)));
    assert_eq!(outer.state(), State::Closed);
}

// def sub():
//     try: yield 1; yield 2
//     finally: log.append("finally sub")
// def outer():
//     try:
//         g = sub(); next(g)
//         yield from g
//     finally: log.append("finally outer")
// o = outer(); next(o) == 2; o.close() is None
// log == ['finally sub', 'finally outer']
#[test]
fn d4_close_reaches_a_sub_delegated_after_it_started() {
    let log = Log::default();
    let (sub_finally, outer_finally) = (log.finally("sub"), log.finally("outer"));
    let mut outer: Gen<i32> = Gen::new(|co| async move {
        let _finally = outer_finally;
        let mut sub: Gen<i32> = Gen::new(|co| async move {
            let _finally = sub_finally;
            co.yield_(1).await;
            co.yield_(2).await;
        });
        sub.start().unwrap();
        co.yield_from_sending(sub, ()).await;
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(2)));
    assert_eq!(outer.close(), Ok(None));
    assert_eq!(log.take(), ["finally sub", "finally outer"]);
}

// def sub():
//     try: yield 1; yield 2
//     except ValueError as e:
//         log.append(f"sub caught {e}"); return "sub handled"
//     finally: log.append("finally sub")
// def outer():
//     g = sub(); next(g)
//     r = yield from g
//     log.append(f"outer got {r}")
//     yield "after"
// o = outer(); next(o) == 2; o.throw(ValueError("boom")) == "after"
// log == ['sub caught boom', 'finally sub', 'outer got sub handled']
#[test]
fn d3_throw_reaches_a_sub_delegated_after_it_started() {
    let log = Log::default();
    let (sub_log, outer_log) = (log.clone(), log.clone());
    let mut outer: Gen<&str, (), (), &str> = Gen::throwable(|co| async move {
        let mut sub: Gen<&str, (), &str, &str> = Gen::throwable(|co| async move {
            let _finally = sub_log.finally("sub");
            co.yield_("1").await;
            match co.try_yield("2").await {
                Ok(()) => "sub finished",
                Err(Interrupt::Throw(e)) => {
                    sub_log.push(format!("sub caught {e}"));
                    "sub handled"
                }
                Err(Interrupt::Exit) => "sub closed",
            }
        });
        sub.start().unwrap();
        let r = co.yield_from_sending(sub, ()).await;
        outer_log.push(format!("outer got {r}"));
        co.yield_("after").await;
    });
    assert_eq!(outer.start(), Ok(Step::Yielded("2")));
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded("after")));
    assert_eq!(log.take(), ["sub caught boom", "finally sub", "outer got sub handled"]);
}

#[test]
fn d3_try_yield_from_sending_catches_what_escapes_a_started_sub() {
    let mut outer: Gen<i32, (), &str, &str> = Gen::throwable(|co| async move {
        let mut sub: Gen<i32, (), (), &str> = Gen::throwable(|co| async move {
            co.yield_(1).await;
            co.yield_(2).await;
        });
        sub.start().unwrap();
        match co.try_yield_from_sending(sub, ()).await {
            Ok(()) => "sub finished",
            Err(Interrupt::Throw(e)) => e,
            Err(Interrupt::Exit) => "closed",
        }
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(2)));
    assert_eq!(outer.throw("caught by the delegator"), Ok(Step::Complete("caught by the delegator")));
}

// CPython: g.send("x") on a just-started generator raises TypeError.
#[test]
fn yield_from_sending_of_a_fresh_sub_panics_with_message() {
    let log = Log::default();
    let sub_finally = log.finally("sub");
    let sub: Gen<&str, i32> = Gen::new(|co| async move {
        let _finally = sub_finally;
        co.yield_("never").await;
    });
    let mut outer: Gen<&str, i32> = Gen::new(|co| async move {
        co.yield_from_sending(sub, 7).await;
    });
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| outer.start())).unwrap_err());
    assert!(message.contains("yield_from_sending was given a generator that has not started"), "{message}");
    assert_eq!(log.take(), ["finally sub"], "the sub never ran its body, but is dropped");
    assert_eq!(outer.state(), State::Closed);
}

// Like `yield_from`: a sub that returned and still has its value (the iterator's
// `next` keeps it for `take_return`) gives it at once; the value is dropped.
#[test]
fn yield_from_sending_of_a_returned_sub_gives_its_return_value_at_once() {
    let mut outer: Gen<i32, (), &str> = Gen::new(|co| async move {
        let mut sub: Gen<i32, (), &str> = Gen::new(|co| async move {
            co.yield_(1).await;
            "sub done"
        });
        assert_eq!(sub.by_ref().collect::<Vec<_>>(), [1]);
        co.yield_from_sending(sub, ()).await
    });
    assert_eq!(outer.start(), Ok(Step::Complete("sub done")));
}
