//! Stress without loss: millions of generator life cycles and throw/catch
//! cycles, and a panic injected at every yield of a delegation chain, with a
//! count of `Drop` guards constructed and dropped that must balance exactly
//! (nothing leaked, every cleanup run exactly once).
//!
//! Counts: 10,000,000 create/start/send/close cycles and 1,000,000 throw/catch
//! cycles (plain and through a delegation chain), times `GENSEND_STRESS_SCALE`
//! (a number, default 1; `scripts/valgrind.sh` uses a small one). Under Miri,
//! which interprets every step (and sees no environment unless told to forward
//! it), the default is [`MIRI_SCALE`]: 1,000 life cycles and 100 throws each
//! way. The panic injection runs in full either way.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use gensend::{Gen, Interrupt, SendError, StartError, State, Step};

thread_local! {
    /// Guards constructed and dropped on this thread (bodies run on the thread
    /// that resumes them, and each test has its own thread).
    static MADE: Cell<u64> = const { Cell::new(0) };
    static DROPPED: Cell<u64> = const { Cell::new(0) };
}

/// Python's `finally`, counted.
struct Guard;

impl Guard {
    fn new() -> Guard {
        MADE.with(|m| m.set(m.get() + 1));
        Guard
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        DROPPED.with(|d| d.set(d.get() + 1));
    }
}

fn counts() -> (u64, u64) {
    (MADE.with(Cell::get), DROPPED.with(Cell::get))
}

/// The default scale under Miri (`scripts/miri.sh`).
const MIRI_SCALE: f64 = 0.000_1;

fn scaled(n: u64) -> u64 {
    let default = if cfg!(miri) { MIRI_SCALE } else { 1.0 };
    let scale: f64 =
        std::env::var("GENSEND_STRESS_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    ((n as f64 * scale) as u64).max(1)
}

/// One life cycle: create, start, send, close. Even `i`: closed at a plain
/// point (the body unwinds, both guards run). Odd `i`: closed at a catching
/// point whose handler returns (close gives the value, as in CPython 3.13).
fn cycle(i: u64) {
    let mut g: Gen<u64, u64, u64> = Gen::new(move |co| async move {
        let _outer = Guard::new();
        let x = co.yield_(i).await;
        let _inner = Guard::new();
        if i.is_multiple_of(2) {
            co.yield_(x + 1).await;
            0
        } else {
            match co.try_yield(x + 1).await {
                Ok(_) => 0,
                Err(Interrupt::Exit) => x,
                Err(Interrupt::Throw(never)) => match never {},
            }
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded(i)));
    assert_eq!(g.send(i * 3), Ok(Step::Yielded(i * 3 + 1)));
    let expected = if i.is_multiple_of(2) { None } else { Some(i * 3) };
    assert_eq!(g.close(), Ok(expected));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn ten_million_create_start_send_close_cycles_balance_guards() {
    let n = scaled(10_000_000);
    for i in 0..n {
        cycle(i);
    }
    assert_eq!(counts(), (2 * n, 2 * n), "guards (made, dropped) after {n} cycles");
}

#[test]
fn one_million_throw_catch_cycles_balance_guards() {
    let n = scaled(1_000_000);
    let mut g: Gen<u64, (), u64, u64> = Gen::throwable(|co| async move {
        let mut caught = 0;
        loop {
            let _guard = Guard::new();
            match co.try_yield(caught).await {
                Ok(()) => {}
                Err(Interrupt::Throw(e)) => {
                    assert_eq!(e, caught, "the thrown value arrives at the suspended point");
                    caught += 1;
                }
                Err(Interrupt::Exit) => return caught,
            }
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    for i in 0..n {
        assert_eq!(g.throw(i), Ok(Step::Yielded(i + 1)));
    }
    assert_eq!(g.close(), Ok(Some(n)));
    assert_eq!(counts(), (n + 1, n + 1), "guards (made, dropped) after {n} throws");
}

/// A delegate that does not catch: a throw unwinds it (its guard runs) and is
/// raised in its delegator's `try_yield_from`.
fn fragile(i: u64) -> Gen<'static, u64, (), (), u64> {
    Gen::throwable(move |co| async move {
        let _guard = Guard::new();
        co.yield_(i).await;
    })
}

#[test]
fn one_million_throws_through_a_delegation_chain_balance_guards() {
    let n = scaled(1_000_000);
    // outer -> middle (catches, then delegates to a fresh fragile delegate) -> fragile
    let middle: Gen<u64, (), u64, u64> = Gen::throwable(|co| async move {
        let _guard = Guard::new();
        let mut caught = 0;
        loop {
            match co.try_yield_from(fragile(caught)).await {
                Ok(()) => return caught,
                Err(Interrupt::Throw(e)) => {
                    assert_eq!(e, caught);
                    caught += 1;
                }
                Err(Interrupt::Exit) => return u64::MAX,
            }
        }
    });
    let mut outer: Gen<u64, (), u64, u64> = Gen::throwable(|co| async move {
        let _guard = Guard::new();
        co.yield_from(middle).await
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(0)));
    for i in 0..n {
        assert_eq!(outer.throw(i), Ok(Step::Yielded(i + 1)));
        assert_eq!(outer.backtrace().count(), 3);
    }
    // The delegate returns, so does middle, so does outer.
    assert_eq!(outer.send(()), Ok(Step::Complete(n)));
    // fragile: n + 1 made; middle and outer: one each.
    assert_eq!(counts(), (n + 3, n + 3), "guards (made, dropped) after {n} throws");
}

/// The panic payload of an injected panic; the hook stays quiet about it.
const INJECTED: &str = "injected panic";

fn quiet_injected_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() != Some(&INJECTED) {
                default(info);
            }
        }));
    });
}

/// How the resume that panics is made.
#[derive(Clone, Copy, Debug)]
enum Via {
    Send,
    Throw,
    Close,
}

/// A chain of three levels, each with a guard and catching yields; `yields`
/// counts every yield in order, and the resume after yield number `k` panics
/// (whatever delivered it: a value, a throw or `Exit`).
fn chain(k: u64, yields: std::sync::Arc<std::sync::atomic::AtomicU64>) -> Gen<'static, u64, u64, u64, u64> {
    use std::sync::atomic::Ordering::SeqCst;
    fn level(
        depth: u32,
        k: u64,
        yields: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Gen<'static, u64, u64, u64, u64> {
        Gen::throwable(move |co| async move {
            let _guard = Guard::new();
            let mut total: u64 = 0;
            for _ in 0..2 {
                let n = yields.fetch_add(1, SeqCst);
                let got = co.try_yield(n).await;
                if n == k {
                    std::panic::panic_any(INJECTED);
                }
                total += match got {
                    Ok(v) => v,
                    Err(Interrupt::Throw(e)) => e,
                    Err(Interrupt::Exit) => return total,
                };
                if depth > 0 && total.is_multiple_of(2) {
                    total += co.yield_from(level(depth - 1, k, yields.clone())).await;
                }
            }
            total
        })
    }
    level(2, k, yields)
}

#[test]
fn panic_at_every_yield_closes_the_chain_and_balances_guards() {
    use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
    quiet_injected_panics();
    // First count the yields of an undisturbed run (sending even values, so
    // every level delegates).
    let probe = std::sync::Arc::new(AtomicU64::new(0));
    let mut g = chain(u64::MAX, probe.clone());
    let mut step = g.start().ok();
    while let Some(Step::Yielded(_)) = step {
        step = g.send(2).ok();
    }
    assert!(matches!(step, Some(Step::Complete(_))));
    let total_yields = probe.load(SeqCst);
    assert!(total_yields >= 10, "the chain yields {total_yields} times");
    for via in [Via::Send, Via::Throw, Via::Close] {
        for k in 0..total_yields {
            let before = counts();
            let yields = std::sync::Arc::new(AtomicU64::new(0));
            let mut g = chain(k, yields.clone());
            let mut step = g.start().ok();
            while yields.load(SeqCst) <= k {
                assert!(matches!(step, Some(Step::Yielded(_))), "k={k}: {step:?}");
                step = g.send(2).ok();
            }
            assert!(matches!(step, Some(Step::Yielded(y)) if y == k), "k={k}: suspended at yield {k}");
            let depth = g.backtrace().count();
            let result = catch_unwind(AssertUnwindSafe(|| match via {
                Via::Send => drop(g.send(2)),
                Via::Throw => drop(g.throw(4)),
                Via::Close => drop(g.close()),
            }));
            let payload = result.expect_err("the resume after the k-th yield panics");
            assert_eq!(payload.downcast_ref::<&str>(), Some(&INJECTED));
            // C5: closed afterwards, and every later call reports it.
            assert_eq!(g.state(), State::Closed, "k={k} via {via:?} at depth {depth}");
            assert_eq!(g.backtrace().count(), 0);
            assert_eq!(g.start(), Err(StartError::Closed));
            assert_eq!(g.send(7), Err(SendError::Closed(7)));
            assert_eq!(g.throw(9), Err(9));
            assert_eq!(g.close(), Ok(None));
            assert_eq!(g.take_return(), None);
            drop(g);
            let (made, dropped) = counts();
            assert_eq!(made - before.0, dropped - before.1, "k={k} via {via:?}: every guard ran once");
            assert!(made - before.0 >= 1);
        }
    }
}
