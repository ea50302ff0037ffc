//! Values the library drops itself after a body's misuse — a sent value the body
//! never received, an interrupt re-raised while another kind was being handled, a
//! value yielded and then lost when the body returned — may have a `Drop` that
//! panics. The panic must leave the generator `Closed` (PROTOCOL C5), with the
//! body's own `Drop` guards run once, like any other panic during a resume.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use gensend::{Gen, Interrupt, SendError, StartError, State};

mod common;
use common::{Log, panic_payload_message};

/// A value whose `Drop` panics, naming it.
#[derive(Debug, PartialEq)]
struct Bomb(&'static str);

impl Drop for Bomb {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            panic!("bomb {} went off", self.0);
        }
    }
}

/// Polls `fut` once, drops it, and stays pending for ever after: a body that
/// abandons a yield it has already made (like `select!` choosing another branch).
struct PollOnceThenPend<F>(Option<Pin<Box<F>>>);

impl<F: Future> Future for PollOnceThenPend<F> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(mut fut) = self.0.take() {
            let _ = fut.as_mut().poll(cx);
        }
        Poll::Pending
    }
}

/// Polls `fut` once, drops it, and is ready.
struct PollOnceThenReady<F>(Option<Pin<Box<F>>>);

impl<F: Future> Future for PollOnceThenReady<F> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(mut fut) = self.0.take() {
            let _ = fut.as_mut().poll(cx);
        }
        Poll::Ready(())
    }
}

fn panic_message<T>(f: impl FnOnce() -> T) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_payload_message(payload),
    }
}

#[test]
fn a_panicking_drop_of_a_sent_value_never_received_leaves_the_generator_closed() {
    let log = Log::default();
    let mut g: Gen<i32, Bomb> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            PollOnceThenPend(Some(Box::pin(co.yield_(1)))).await;
        })
    };
    assert_eq!(g.start().ok().and_then(|step| step.yielded()), Some(1));
    let message = panic_message(|| g.send(Bomb("sent")));
    assert_eq!(message, "bomb sent went off");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), ["drop finally"]);
    let Err(SendError::Closed(back)) = g.send(Bomb("later")) else { panic!("send after the panic resumed") };
    std::mem::forget(back);
    assert_eq!(g.start(), Err(StartError::Closed));
}

#[test]
fn a_panicking_drop_of_a_mismatched_reraise_leaves_the_generator_closed() {
    let log = Log::default();
    let mut g: Gen<i32, (), (), Bomb> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield(1).await.is_ok() {
                // Handling a send, not a throw: re-raising a throw is a bug.
                co.reraise::<()>(Interrupt::Throw(Bomb("reraised"))).await;
            }
        })
    };
    g.start().unwrap();
    let message = panic_message(|| g.send(()));
    assert_eq!(message, "bomb reraised went off");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), ["drop finally"]);
    assert_eq!(g.send(()), Err(SendError::Closed(())));
}

#[test]
fn a_panicking_drop_of_a_value_lost_on_return_leaves_the_generator_closed() {
    let log = Log::default();
    let mut g: Gen<Bomb, (), i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            PollOnceThenReady(Some(Box::pin(co.yield_(Bomb("yielded"))))).await;
            7
        })
    };
    let message = panic_message(|| g.start());
    assert_eq!(message, "bomb yielded went off");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), ["drop finally"]);
    assert_eq!(g.start(), Err(StartError::Closed));
    assert_eq!(g.send(()), Err(SendError::Closed(())));
}

#[test]
fn a_panicking_drop_of_a_sent_value_never_received_inside_a_chain_leaves_it_closed() {
    let log = Log::default();
    let inner = {
        let log = log.clone();
        Gen::<i32, Bomb>::new(|co| async move {
            let _finally = log.guard("inner");
            PollOnceThenPend(Some(Box::pin(co.yield_(1)))).await;
        })
    };
    let mut outer: Gen<i32, Bomb> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("outer");
            co.yield_from(inner).await;
        })
    };
    assert_eq!(outer.start().ok().and_then(|step| step.yielded()), Some(1));
    let message = panic_message(|| outer.send(Bomb("sent")));
    assert_eq!(message, "bomb sent went off");
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(log.take(), ["drop inner", "drop outer"]);
    assert_eq!(outer.backtrace().count(), 0);
}
