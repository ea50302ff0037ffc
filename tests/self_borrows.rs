//! Bodies that hold `&mut` borrows of their own locals across yields: the most
//! ordinary async code there is, and what a generator must keep valid while the
//! body is suspended. Natively these tests check the values; their real job is
//! under Miri (`scripts/miri.sh`, Stacked and Tree Borrows), which reports
//! undefined behaviour if the driver ever forms a shared reference covering a
//! suspended body (soundness point 4 in `src/raw.rs`) — as it did on every path
//! below before the body moved behind an `UnsafeCell`.

use gensend::{Co, Gen, Interrupt, LocalGen, State, Step};

mod common;
use common::Log;

/// The program: a `&mut` to a local, used on both sides of yields.
#[test]
fn a_mut_borrow_of_a_local_survives_yields() {
    let mut g: Gen<u32, ()> = Gen::new(|co| async move {
        let mut x = 0u32;
        let r = &mut x;
        *r += 1;
        co.yield_(*r).await;
        *r += 1;
        co.yield_(*r).await;
    });
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.send(()), Ok(Step::Yielded(2)));
    assert_eq!(g.send(()), Ok(Step::Complete(())));
}

async fn push_and_yield(co: &Co<'_, u32>, acc: &mut Vec<u32>, n: u32) {
    for i in 0..n {
        acc.push(i);
        co.yield_(acc.len() as u32).await;
    }
}

/// A helper `async fn` taking the handle and `&mut` state (the sans-IO parser
/// pattern of `examples/resp.rs`).
#[test]
fn a_helper_async_fn_with_mut_arguments() {
    let mut g: Gen<u32, (), Vec<u32>> = Gen::new(|co| async move {
        let mut acc = Vec::new();
        push_and_yield(&co, &mut acc, 2).await;
        push_and_yield(&co, &mut acc, 1).await;
        acc
    });
    let yields: Vec<u32> = g.by_ref().collect();
    assert_eq!(yields, [1, 2, 3]);
    assert_eq!(g.take_return(), Some(vec![0, 1, 0]));
}

/// Every `&self` query between two resumes reads only what lives beside the
/// body, never the body itself.
#[test]
fn queries_between_resumes_do_not_touch_the_body() {
    let mut g: Gen<u32, u32, u32> = Gen::new(|co| async move {
        let mut total = 0u32;
        let t = &mut total;
        loop {
            match co.try_yield(*t).await {
                Ok(x) => *t += x,
                Err(Interrupt::Exit) => return *t,
                Err(Interrupt::Throw(never)) => match never {},
            }
        }
    });
    assert_eq!(g.state(), State::Created);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    for x in 1..=3 {
        assert_eq!(g.state(), State::Suspended);
        assert_eq!(g.backtrace().count(), 1);
        assert!(g.suspended_at().is_some());
        assert!(format!("{g:?}").starts_with("Gen { state: Suspended"));
        assert!(g.send(x).is_ok());
    }
    assert_eq!(g.close(), Ok(Some(6)));
    assert_eq!(g.state(), State::Closed);
}

/// A delegate and its delegator each hold borrows of their own locals; the
/// chain is queried, resumed, thrown into and closed.
#[test]
fn delegation_with_self_borrows_at_every_level() {
    fn inner(log: Log) -> Gen<'static, u32, u32, u32, &'static str> {
        Gen::throwable(move |co| async move {
            let mut sum = 100u32;
            let s = &mut sum;
            loop {
                match co.try_yield(*s).await {
                    Ok(x) => *s += x,
                    Err(Interrupt::Throw(e)) => log.push(format!("inner caught {e} at {s}")),
                    Err(Interrupt::Exit) => return *s,
                }
            }
        })
    }
    let log = Log::default();
    let mut outer: Gen<u32, u32, u32, &str> = Gen::throwable({
        let log = log.clone();
        move |co| async move {
            let mut seen = Vec::new();
            let v = &mut seen;
            v.push(co.yield_(1).await);
            let r = co.try_yield_from(inner(log.clone())).await;
            log.push(format!("outer got {r:?} after {v:?}"));
            r.unwrap_or(0) + v.len() as u32
        }
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    assert_eq!(outer.send(7), Ok(Step::Yielded(100)));
    assert_eq!(outer.backtrace().count(), 2);
    assert_eq!(outer.send(5), Ok(Step::Yielded(105)));
    assert!(format!("{outer:?}").contains("backtrace"));
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded(105)));
    // The outer catches `Exit` at its `try_yield_from` and returns 0 + 1.
    assert_eq!(outer.close(), Ok(Some(1)));
    assert_eq!(log.take(), ["inner caught boom at 105", "outer got Err(Exit) after [7]"]);
}

/// A started delegate holding self-borrows is handed over whole with
/// `yield_from_sending`, then thrown into, closed and dropped.
#[test]
fn a_started_delegate_with_self_borrows_handed_over_then_thrown_closed_dropped() {
    fn counter() -> Gen<'static, u32, u32, u32, String> {
        Gen::<u32, u32, u32, String>::throwable(|co| async move {
            let mut n = 0u32;
            let r = &mut n;
            loop {
                match co.try_yield(*r).await {
                    Ok(x) => *r += x,
                    Err(Interrupt::Throw(e)) => *r += e.len() as u32,
                    Err(Interrupt::Exit) => return *r,
                }
            }
        })
    }
    for ending in ["throw", "close", "drop"] {
        let mut sub = counter();
        assert_eq!(sub.start(), Ok(Step::Yielded(0)));
        assert_eq!(sub.send(2), Ok(Step::Yielded(2)));
        assert_eq!(sub.state(), State::Suspended);
        let mut outer: Gen<u32, u32, u32, String> = Gen::throwable(move |co| async move {
            let mut extra = 10u32;
            let e = &mut extra;
            let r = co.try_yield_from_sending(sub, 3).await.unwrap_or(1000);
            *e += r;
            *e
        });
        assert_eq!(outer.start(), Ok(Step::Yielded(5)));
        assert_eq!(outer.backtrace().count(), 2);
        match ending {
            "throw" => {
                assert_eq!(outer.throw("abc".to_string()), Ok(Step::Yielded(8)));
                // The outer catches `Exit` at its `try_yield_from`: 10 + 1000.
                assert_eq!(outer.close(), Ok(Some(1010)));
            }
            "close" => assert_eq!(outer.close(), Ok(Some(1010))),
            _ => drop(outer),
        }
    }
}

/// A `LocalGen` whose body borrows both its own local and a `RefCell`.
#[test]
fn a_local_gen_with_self_borrows() {
    let cell = std::rc::Rc::new(std::cell::RefCell::new(0u32));
    let mut g: LocalGen<u32> = Gen::new_local({
        let cell = cell.clone();
        |co| async move {
            let mut local = [0u32; 4];
            let slot = &mut local[2];
            for i in 1..=3 {
                *slot += i;
                *cell.borrow_mut() += *slot;
                co.yield_(*slot).await;
            }
        }
    });
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 3, 6]);
    assert_eq!(*cell.borrow(), 10);
}

/// A body that moves to another thread while suspended with a self-borrow.
#[test]
fn a_suspended_body_with_a_self_borrow_moves_to_another_thread() {
    let mut g: Gen<String, &'static str> = Gen::new(|co| async move {
        let mut text = String::new();
        let t = &mut text;
        loop {
            let piece = co.yield_(t.clone()).await;
            t.push_str(piece);
        }
    });
    g.start().unwrap();
    g.send("a").unwrap();
    let g = std::thread::spawn(move || {
        let mut g = g;
        assert_eq!(g.send("b"), Ok(Step::Yielded("ab".to_string())));
        g
    })
    .join()
    .unwrap();
    assert_eq!(g.state(), State::Suspended);
}
