//! Introspection: a suspended body's locals (`Co::yield_with`, `Gen::locals`,
//! the frames of `Gen::backtrace`), Python's `gi_frame.f_locals`.
//!
//! The views are borrowed from the bodies themselves, so these tests matter most
//! under Miri (Stacked and Tree Borrows): bodies that hold `&mut` borrows of
//! their own locals across yields, views inside delegates, queries between
//! resumes, and the ways a body can let go of a yield future it registered
//! (boxed, dropped before resuming; leaked: `tests/locals_leak.rs`), none of
//! which may expose a view that is gone.

use std::fmt;
use std::future::poll_fn;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use gensend::{Gen, Interrupt, LocalGen, Point, State, Step};

/// `format!("{:?}")` of the generator's exposed locals, if any.
fn shown<Y, S, R, E, K>(g: &Gen<'_, Y, S, R, E, K>) -> Option<String> {
    g.locals().map(|locals| format!("{locals:?}"))
}

/// Seed 18: `{'total': 35, 'value': 25}`, as CPython prints `f_locals`.
struct PyLocals<'a> {
    total: &'a i32,
    value: &'a Option<i32>,
}

impl fmt::Debug for PyLocals<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'total': {}", self.total)?;
        if let Some(value) = self.value {
            write!(f, ", 'value': {value}")?;
        }
        f.write_str("}")
    }
}

fn accumulator() -> LocalGen<'static, i32, Option<i32>> {
    Gen::new_local(|co| async move {
        let mut total = 0;
        let mut value = None;
        loop {
            value = co.yield_with(total, &PyLocals { total: &total, value: &value }).await;
            let Some(v) = value else { break };
            total += v;
        }
    })
}

#[test]
fn locals_follow_the_life_cycle_like_gi_frame() {
    let mut acc = accumulator();
    assert_eq!(shown(&acc), None); // created: CPython shows {} (no locals assigned yet)
    assert_eq!(acc.start(), Ok(Step::Yielded(0)));
    assert_eq!(shown(&acc).as_deref(), Some("{'total': 0}"));
    assert_eq!(acc.send(Some(10)), Ok(Step::Yielded(10)));
    assert_eq!(acc.send(Some(25)), Ok(Step::Yielded(35)));
    assert_eq!(shown(&acc).as_deref(), Some("{'total': 35, 'value': 25}"));
    // Queries do not disturb the body.
    assert_eq!(shown(&acc).as_deref(), Some("{'total': 35, 'value': 25}"));
    assert_eq!(acc.close(), Ok(None));
    assert_eq!(shown(&acc), None);
    assert_eq!(acc.state(), State::Closed);
}

#[test]
fn a_plain_yield_exposes_nothing_and_the_view_follows_the_point() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let mut n = 1u32;
        co.yield_with(n, &n).await;
        n += 1;
        co.yield_(n).await; // exposes nothing
        n += 1;
        co.yield_with(n, &n).await;
    });
    assert_eq!(g.next(), Some(1));
    assert_eq!(shown(&g).as_deref(), Some("1"));
    assert_eq!(g.next(), Some(2));
    assert_eq!(shown(&g), None);
    assert_eq!(g.next(), Some(3));
    assert_eq!(shown(&g).as_deref(), Some("3"));
    assert_eq!(g.next(), None);
    assert_eq!(shown(&g), None);
}

/// The body keeps `&mut` borrows of its own locals across the yields, and
/// exposes a view that reads through one of them.
#[test]
fn views_beside_mut_self_borrows_with_queries_between_resumes() {
    #[derive(Debug)]
    #[allow(dead_code)] // read by Debug
    struct View<'a> {
        history: &'a [u32],
        last: &'a u32,
    }
    let mut g: LocalGen<usize, u32, Vec<u32>> = Gen::new_local(|co| async move {
        let mut history = Vec::new();
        let mut last = 0u32;
        let h = &mut history;
        loop {
            let sent = co.yield_with(h.len(), &View { history: h, last: &last }).await;
            if sent == 0 {
                break;
            }
            h.push(sent);
            last = sent;
        }
        history
    });
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    for x in 1..=3 {
        assert_eq!(g.state(), State::Suspended);
        let expected = format!("View {{ history: {:?}, last: {} }}", (1..x).collect::<Vec<_>>(), x - 1);
        assert_eq!(shown(&g), Some(expected));
        assert_eq!(g.backtrace().count(), 1);
        assert!(format!("{g:?}").contains("locals: View"));
        assert_eq!(g.send(x), Ok(Step::Yielded(x as usize)));
    }
    assert_eq!(g.send(0), Ok(Step::Complete(vec![1, 2, 3])));
    assert_eq!(shown(&g), None);
}

fn leaf(log: &'static str) -> LocalGen<'static, u32, u32, u32, &'static str> {
    Gen::throwable_local(move |co| async move {
        let mut sum = 100u32;
        let s = &mut sum;
        loop {
            match co.try_yield_with(*s, &(log, *s)).await {
                Ok(x) => *s += x,
                Err(Interrupt::Throw(_)) => *s += 1,
                Err(Interrupt::Exit) => return *s,
            }
        }
    })
}

fn middle() -> LocalGen<'static, u32, u32, u32, &'static str> {
    Gen::throwable_local(|co| async move {
        let mut seen = vec![co.yield_with(1, &"middle before").await];
        let r = co.yield_from(leaf("leaf")).await;
        seen.push(r);
        co.yield_with(r, &seen).await;
        r
    })
}

/// A chain of generators each exposing a view: the backtrace is a debugger's
/// view of the suspended chain, with each level's function and locals.
#[test]
fn every_frame_of_a_chain_shows_its_function_and_locals() {
    let mut outer: LocalGen<u32, u32, u32, &str> = Gen::throwable_local(|co| async move {
        let label = "outer";
        let r = co.try_yield_from(middle()).await;
        co.yield_with(7, &(label, &r)).await;
        r.unwrap_or(0)
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    let frames: Vec<(Point, &str, Option<String>)> =
        outer.backtrace().map(|f| (f.point, f.function, f.locals.map(|l| format!("{l:?}")))).collect();
    assert_eq!(
        frames,
        [
            (Point::TryYieldFrom, "every_frame_of_a_chain_shows_its_function_and_locals", None),
            (Point::Yield, "middle", Some("\"middle before\"".to_string())),
        ]
    );
    assert_eq!(outer.send(5), Ok(Step::Yielded(100)));
    let frames: Vec<(&str, Option<String>)> =
        outer.backtrace().map(|f| (f.function, f.locals.map(|l| format!("{l:?}")))).collect();
    assert_eq!(frames[1..], [("middle", None), ("leaf", Some("(\"leaf\", 100)".to_string()))]);
    assert_eq!(outer.locals().map(|l| format!("{l:?}")), None); // delegating: its own frame shows none
    assert_eq!(outer.send(5), Ok(Step::Yielded(105)));
    let debug = format!("{outer:?}");
    assert!(debug.contains(" in leaf, locals: (\"leaf\", 105)]"), "{debug}");
    assert_eq!(outer.throw("boom"), Ok(Step::Yielded(106)));
    assert_eq!(
        outer.backtrace().last().and_then(|f| f.locals).map(|l| format!("{l:?}")).unwrap(),
        "(\"leaf\", 106)"
    );
    // The leaf returns 106 on Exit; it is not delivered to the middle (PROTOCOL D4),
    // which unwinds; the outer catches Exit at its try_yield_from and yields again.
    assert!(outer.close().is_err());
    assert_eq!(outer.state(), State::Suspended);
    assert_eq!(shown(&outer).as_deref(), Some("(\"outer\", Err(Exit))"));
    assert_eq!(outer.backtrace().count(), 1);
    assert_eq!(outer.send(0), Ok(Step::Complete(0)));
    assert_eq!(shown(&outer), None);
}

#[test]
fn a_delegate_returning_hands_back_to_a_view_of_the_delegator() {
    let mut outer: LocalGen<u32, u32, (), &str> = Gen::throwable_local(|co| async move {
        let r = co.yield_from(middle()).await;
        co.yield_with(r, &("outer got", r)).await;
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    assert_eq!(outer.send(0), Ok(Step::Yielded(100)));
    // The leaf's Exit handler returns its sum, which the middle receives here
    // (the outer generator is not being closed: only the leaf is, from inside).
    assert_eq!(outer.send(2), Ok(Step::Yielded(102)));
    let views: Vec<Option<String>> = outer.backtrace().map(|f| f.locals.map(|l| format!("{l:?}"))).collect();
    assert_eq!(views, [None, None, Some("(\"leaf\", 102)".to_string())]);
}

#[test]
fn a_started_delegate_with_a_view_handed_over_whole() {
    let mut sub = leaf("handed over");
    assert_eq!(sub.start(), Ok(Step::Yielded(100)));
    assert_eq!(shown(&sub).as_deref(), Some("(\"handed over\", 100)"));
    let mut outer: LocalGen<u32, u32, u32, &str> = Gen::throwable_local(move |co| async move {
        let mut extra = 10u32;
        let e = &mut extra;
        let r = co.try_yield_from_sending(sub, 3).await.unwrap_or(1000);
        *e += r;
        *e
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(103)));
    let last = outer.backtrace().last().expect("suspended");
    assert_eq!(
        (last.function, last.locals.map(|l| format!("{l:?}"))),
        ("leaf", Some("(\"handed over\", 103)".into()))
    );
    assert_eq!(outer.throw("x"), Ok(Step::Yielded(104)));
    assert_eq!(outer.close(), Ok(Some(1010)));
}

#[test]
fn a_throw_at_a_plain_view_point_unwinds_and_the_view_is_gone() {
    let mut g: LocalGen<u32, (), (), &str> = Gen::throwable_local(|co| async move {
        let n = 5u32;
        co.yield_with(n, &n).await;
    });
    assert_eq!(g.start(), Ok(Step::Yielded(5)));
    assert_eq!(g.backtrace().next().map(|f| f.point), Some(Point::Yield));
    assert_eq!(g.throw("boom"), Err("boom"));
    assert_eq!(shown(&g), None);
}

#[test]
fn a_view_point_catches_exit_and_the_body_returns() {
    let mut g: LocalGen<u32, u32, u32> = Gen::new_local(|co| async move {
        let mut n = 0;
        while let Ok(x) = co.try_yield_with(n, &n).await {
            n += x;
        }
        n
    });
    g.start().unwrap();
    g.send(4).unwrap();
    assert_eq!(g.backtrace().next().map(|f| f.point), Some(Point::TryYield));
    assert_eq!(shown(&g).as_deref(), Some("4"));
    assert_eq!(g.close(), Ok(Some(4)));
    assert_eq!(shown(&g), None);
}

/// A view exposed from an `async fn` helper the body awaits, pinned inside the
/// body, with the helper holding `&mut` state.
#[test]
fn a_view_from_a_helper_async_fn() {
    async fn count_up(co: &gensend::Co<'_, u32>, acc: &mut Vec<u32>, n: u32) {
        for i in 0..n {
            acc.push(i);
            co.yield_with(i, &*acc).await;
        }
    }
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let mut acc = Vec::new();
        count_up(&co, &mut acc, 2).await;
        count_up(&co, &mut acc, 1).await;
    });
    let mut views = Vec::new();
    while let Some(_) = g.next() {
        views.push(shown(&g).expect("suspended at yield_with"));
        views.push(g.backtrace().next().expect("suspended").function.to_string());
    }
    // The frame names the function that made the generator, as `gi_code` does,
    // not the helper the yield is in (its location is in the helper).
    let made_by = "a_view_from_a_helper_async_fn";
    assert_eq!(views, ["[0]", made_by, "[0, 1]", made_by, "[0, 1, 0]", made_by]);
}

/// A yield future pinned with `pin!` and polled through `Pin<&mut _>` held
/// across the yield: in the body, so its view is shown.
#[test]
fn a_view_pinned_in_the_body_by_hand() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let words = String::from("pinned by hand");
        let mut yielding = pin!(co.yield_with(1, &words));
        yielding.as_mut().await;
    });
    assert_eq!(g.next(), Some(1));
    assert_eq!(shown(&g).as_deref(), Some("\"pinned by hand\""));
    assert_eq!(g.next(), None);
}

/// A boxed yield future is not in the body: it exposes nothing (the box could
/// be leaked and the view dropped while the body is suspended elsewhere).
#[test]
fn a_boxed_yield_future_exposes_nothing() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let n = 3u32;
        Box::pin(co.yield_with(n, &n)).await;
        co.yield_with(4, &"in the body").await;
    });
    assert_eq!(g.next(), Some(3));
    assert_eq!(shown(&g), None);
    assert_eq!(g.backtrace().next().map(|f| f.point), Some(Point::Yield));
    assert_eq!(g.next(), Some(4));
    assert_eq!(shown(&g).as_deref(), Some("\"in the body\""));
}

/// The body registers a yield future pinned in itself, drops it in the same
/// poll, drops the view and stays pending: the registration is taken back.
#[test]
fn a_yield_future_dropped_before_its_resume_exposes_nothing() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let view = String::from("gone too");
        {
            let mut yielding = pin!(Some(co.yield_with(1, &view)));
            poll_fn(|cx| {
                let _ = yielding.as_mut().as_pin_mut().map(|f| f.poll(cx));
                Poll::Ready(())
            })
            .await;
            yielding.set(None); // drops it, registered
        }
        drop(view);
        poll_fn(|_| Poll::<()>::Pending).await;
    });
    assert_eq!(g.next(), Some(1));
    assert_eq!(shown(&g), None);
    assert!(catch_unwind(AssertUnwindSafe(|| g.next())).is_err());
    assert_eq!(g.state(), State::Closed);
}

/// Two yields registered in one poll: the second is a misuse, and the first's
/// registration is undone before the generator is closed.
#[test]
fn two_view_yields_at_once_are_a_misuse() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let (a, b) = (1u32, 2u32);
        let mut first = pin!(co.yield_with(a, &a));
        let mut second = pin!(co.yield_with(b, &b));
        poll_fn(|cx| {
            let _ = first.as_mut().poll(cx);
            let _ = second.as_mut().poll(cx);
            Poll::<()>::Pending
        })
        .await;
    });
    let panic = catch_unwind(AssertUnwindSafe(|| g.next())).expect_err("a misuse");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("gensend"), "{message}");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(shown(&g), None);
}

/// A body that panics while a view is registered: closed, nothing exposed.
#[test]
fn a_panic_while_registered_closes_the_generator() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let n = 9u32;
        let mut yielding = pin!(co.yield_with(n, &n));
        poll_fn(|cx| {
            let _ = yielding.as_mut().poll(cx);
            Poll::Ready(())
        })
        .await;
        panic!("after registering");
    });
    assert!(catch_unwind(AssertUnwindSafe(|| g.next())).is_err());
    assert_eq!(g.state(), State::Closed);
    assert_eq!(shown(&g), None);
}

/// Dropping a generator suspended at a view point drops the view with the body.
#[test]
fn dropping_a_generator_suspended_at_a_view() {
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    struct Noisy(std::rc::Rc<std::cell::RefCell<Vec<&'static str>>>);
    impl fmt::Debug for Noisy {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Noisy")
        }
    }
    impl Drop for Noisy {
        fn drop(&mut self) {
            self.0.borrow_mut().push("view dropped");
        }
    }
    let mut g: LocalGen<u32> = Gen::new_local({
        let log = log.clone();
        |co| async move {
            let view = Noisy(log);
            co.yield_with(1, &view).await;
        }
    });
    assert_eq!(g.next(), Some(1));
    assert_eq!(shown(&g).as_deref(), Some("Noisy"));
    drop(g);
    assert_eq!(*log.borrow(), ["view dropped"]);
}

/// The body is resumed at a view point whose yield future it then drops without
/// polling it (as a `select` does when another branch is ready), and misuses its
/// handle: the view was taken back as the future was dropped, so the misuse's
/// report (which names the last yield) reads no view, and nothing is exposed.
#[test]
fn a_view_dropped_unresumed_is_taken_back_before_a_misuse_is_reported() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let view = String::from("taken back");
        {
            let mut yielding = pin!(Some(co.yield_with(1, &view)));
            let mut suspended = false;
            poll_fn(|cx| {
                if suspended {
                    yielding.set(None); // resumed: drop it, unpolled
                    return Poll::Ready(());
                }
                suspended = true;
                let _ = yielding.as_mut().as_pin_mut().map(|f| f.poll(cx));
                Poll::Pending
            })
            .await;
        }
        drop(view);
        poll_fn(|_| Poll::<()>::Pending).await; // the value sent in is never received
    });
    assert_eq!(g.next(), Some(1));
    assert_eq!(shown(&g).as_deref(), Some("\"taken back\""));
    let panic = catch_unwind(AssertUnwindSafe(|| g.next())).expect_err("a misuse");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("last suspended at yield_ at tests/locals.rs:"), "{message}");
    assert!(!message.contains("taken back"), "{message}");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(shown(&g), None);
}
