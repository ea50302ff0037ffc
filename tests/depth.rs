//! Delegation chains 1,000,000 deep (PROTOCOL.md D5): resuming, returning through
//! every level, throwing, closing and dropping, with no recursion on the machine
//! stack. These run on the default 2 MiB test thread stack.
//!
//! Under Miri (`scripts/miri.sh`) the chains are [`DEPTH`] = 500 deep: Miri
//! checks every level's memory accesses, not the stack depth (its interpreted
//! stack is not the machine's), so 500 levels exercise the same paths.
//!
//! Each test counts `Drop` guards with its own counter (tests run in parallel).

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use gensend::{Gen, Interrupt, Point, State, Step};

/// Levels below the outermost: 1,000,000 natively, 500 under Miri.
const DEPTH: usize = if cfg!(miri) { 500 } else { 1_000_000 };

/// What the level that catches a throw yields.
const CAUGHT: u64 = u64::MAX;

/// Sent to the innermost level, makes it panic.
const PANIC: u64 = 13;

/// A `Drop` guard (Python's `finally`) that counts how often it ran.
struct Finally<'c>(&'c AtomicUsize);

impl Drop for Finally<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, SeqCst);
    }
}

type Chain<'c> = Gen<'c, u64, u64, u64, &'static str>;

/// Level `level` of a chain whose innermost level is `depth` (so `depth + 1`
/// generators in all). The innermost sums what is sent and returns the sum when
/// sent 0 (and panics when sent [`PANIC`]); every delegator returns its delegate's value plus one. The level
/// `catch_at` delegates with `try_yield_from`: it catches a throw, yields
/// [`CAUGHT`], then returns what is sent.
fn chain<'c>(level: usize, depth: usize, catch_at: Option<usize>, drops: &'c AtomicUsize) -> Chain<'c> {
    Gen::throwable(move |co| async move {
        let _finally = Finally(drops);
        if level == depth {
            let mut total = 0;
            loop {
                let x = co.yield_(total).await;
                if x == 0 {
                    return total;
                }
                if x == PANIC {
                    panic!("innermost panicked");
                }
                total += x;
            }
        }
        let sub = chain(level + 1, depth, catch_at, drops);
        if catch_at == Some(level) {
            match co.try_yield_from(sub).await {
                Ok(r) => r + 1,
                Err(Interrupt::Throw(_)) => co.yield_(CAUGHT).await,
                Err(Interrupt::Exit) => 0,
            }
        } else {
            co.yield_from(sub).await + 1
        }
    })
}

#[test]
fn million_deep_chain_send_reaches_innermost_and_return_comes_back_through_every_level() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, None, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.backtrace().count(), DEPTH + 1);
    assert_eq!(g.backtrace().next().map(|f| f.point), Some(Point::YieldFrom));
    assert_eq!(g.backtrace().next_back().map(|f| f.point), Some(Point::Yield));
    assert_eq!(g.send(5), Ok(Step::Yielded(5)));
    assert_eq!(g.send(7), Ok(Step::Yielded(12)));
    assert_eq!(g.send(30), Ok(Step::Yielded(42)));
    assert_eq!(drops.load(SeqCst), 0);
    // The innermost returns 42 and every one of the DEPTH delegators adds one.
    assert_eq!(g.send(0), Ok(Step::Complete(42 + DEPTH as u64)));
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn million_deep_uncaught_throw_unwinds_every_level() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, None, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.send(3), Ok(Step::Yielded(3)));
    assert_eq!(g.throw("boom"), Err("boom"));
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.backtrace().count(), 0);
}

#[test]
fn million_deep_throw_caught_by_try_yield_from_near_the_top() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, Some(2), &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.throw("boom"), Ok(Step::Yielded(CAUGHT)));
    // Levels 3..=DEPTH unwound; levels 0, 1 and 2 are alive, 2 at its own yield.
    assert_eq!(drops.load(SeqCst), DEPTH - 2);
    let points: Vec<_> = g.backtrace().map(|f| f.point).collect();
    assert_eq!(points, [Point::YieldFrom, Point::YieldFrom, Point::Yield]);
    // Level 2 returns 100; levels 1 and 0 add one each.
    assert_eq!(g.send(100), Ok(Step::Complete(102)));
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
}

#[test]
fn million_deep_close_closes_every_level() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, None, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn million_deep_drop_while_suspended_closes_every_level() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, None, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.send(1), Ok(Step::Yielded(1)));
    drop(g);
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
}

#[test]
fn million_deep_panic_in_innermost_closes_every_level() {
    let drops = AtomicUsize::new(0);
    let mut g = chain(0, DEPTH, None, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.send(PANIC)));
    assert!(panicked.is_err());
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
    assert_eq!(g.state(), State::Closed);
}

/// A chain a million deep, started by hand, then handed whole to a delegator with
/// `yield_from_sending`: the value reaches the innermost level and the return
/// value comes back through every level, to the new delegator.
#[test]
fn million_deep_started_chain_moves_whole_under_yield_from_sending() {
    let drops = AtomicUsize::new(0);
    let drops = &drops;
    let mut outer: Chain<'_> = Gen::throwable(move |co| async move {
        let mut sub = chain(0, DEPTH, None, drops);
        assert_eq!(sub.start(), Ok(Step::Yielded(0)));
        co.yield_from_sending(sub, 5).await + 1
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(5)));
    assert_eq!(outer.backtrace().count(), DEPTH + 2);
    assert_eq!(outer.send(37), Ok(Step::Yielded(42)));
    assert_eq!(drops.load(SeqCst), 0);
    assert_eq!(outer.send(0), Ok(Step::Complete(42 + DEPTH as u64 + 1)));
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
}

/// Level `n` of a chain that ignores `Exit` at every level: suspended at a
/// catching yield, it answers `Exit` by delegating to a fresh level `n + 1`,
/// which yields; level `last` returns instead. Each finalization abandons the
/// next level, a million times over.
fn stubborn(n: usize, last: usize, drops: &AtomicUsize) -> Gen<'_, u64> {
    Gen::new(move |co| async move {
        let _finally = Finally(drops);
        if let Err(Interrupt::Exit) = co.try_yield(n as u64).await
            && n < last
        {
            co.yield_from(stubborn(n + 1, last, drops)).await;
        }
    })
}

/// Dropping a suspended generator whose every level ignores `Exit` finalizes
/// them one after the other without recursing (PROTOCOL.md D5).
#[test]
fn million_times_ignored_exit_on_drop_while_suspended_does_not_recurse() {
    let drops = AtomicUsize::new(0);
    let mut g = stubborn(0, DEPTH, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    drop(g);
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
}

/// The same after `close()`, which reports the first ignored `Exit`.
#[test]
fn million_times_ignored_exit_on_drop_after_close_does_not_recurse() {
    let drops = AtomicUsize::new(0);
    let mut g = stubborn(0, DEPTH, &drops);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.close().map_err(|ignored| ignored.yielded), Err(1));
    assert_eq!(drops.load(SeqCst), 0);
    drop(g);
    assert_eq!(drops.load(SeqCst), DEPTH + 1);
}
