//! A body that leaks a yield future it registered, then drops the view it
//! borrowed: nothing may be exposed. Apart from `tests/locals.rs` because it
//! leaks on purpose: under Miri, run it with `MIRIFLAGS=-Zmiri-ignore-leaks`.

use std::future::poll_fn;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::task::Poll;

use gensend::{Gen, LocalGen, State};

/// The body polls a boxed yield future by hand, leaks it, drops the view and
/// stays pending: nothing may be exposed (the view is gone).
#[test]
fn a_leaked_yield_future_exposes_nothing() {
    let mut g: LocalGen<u32> = Gen::new_local(|co| async move {
        let view = String::from("gone");
        let mut yielding = Box::pin(co.yield_with(1, &view));
        poll_fn(|cx| {
            let _ = yielding.as_mut().poll(cx);
            Poll::Ready(())
        })
        .await;
        std::mem::forget(yielding);
        drop(view);
        poll_fn(|_| Poll::<()>::Pending).await; // a foreign future: a misuse
    });
    assert_eq!(g.next(), Some(1));
    assert!(g.locals().is_none());
    assert!(format!("{g:?}").contains("yield_ at "));
    // The body was not suspended at a yield: resuming it is the misuse it is.
    assert!(catch_unwind(AssertUnwindSafe(|| g.next())).is_err());
    assert!(g.locals().is_none());
    assert_eq!(g.state(), State::Closed);
}
