//! Misuse of a body's handle is caught: the resuming call panics with a message
//! naming the mistake, the generator's `Drop` guards run once, and it is `Closed`
//! for good afterwards (no hang, no wrong value). Protocol errors, which are not
//! panics, hand the caller's exact value back.

use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::Mutex;
use std::sync::mpsc;
use std::task::{Context, Poll};

use gensend::{Co, Gen, Interrupt, SendError, StartError, State, Step};

mod common;
use common::{Log, NOTHING, panic_payload_message};

const FOREIGN: &str = "gensend: a generator body awaited a future that is not one of its handle's";
const ELSEWHERE: &str = "gensend: a generator handle was used inside another generator, or after its \
     own generator was dropped";
const TWO_AT_ONCE: &str = "gensend: a generator body awaited two of its yields at once";
const OUTSIDE: &str = "gensend: a generator handle's yield was awaited outside its generator";

/// Runs `f`, which must panic, and returns the panic message.
fn panic_message<T>(f: impl FnOnce() -> T) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => panic_payload_message(payload),
    }
}

fn assert_names(message: &str, mistake: &str) {
    assert!(message.starts_with(mistake), "panic message {message:?} does not start with {mistake:?}");
}

/// After a misuse the generator is closed for good: every call reports it.
fn assert_closed_for_good<Y: std::fmt::Debug + PartialEq>(g: &mut Gen<'_, Y, String, (), String>) {
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.send("later".to_string()), Err(SendError::Closed("later".to_string())));
    assert_eq!(g.start(), Err(StartError::Closed));
    assert_eq!(g.throw("late".to_string()), Err("late".to_string()));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.suspended_at(), None);
}

// ---- awaiting a foreign future ------------------------------------------------------

/// A hand-written future that is `Pending` once, then ready.
struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[test]
fn awaiting_a_foreign_future_panics_naming_the_mistake() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            let s = co.yield_(1).await;
            log.push(format!("got {s}"));
            PendingOnce(false).await;
            log.push("after the foreign future");
            co.yield_(2).await;
        })
    };
    g.start().unwrap();
    let message = panic_message(|| g.send("x".to_string()));
    assert_names(&message, FOREIGN);
    assert_eq!(log.take(), ["got x", "drop finally"]);
    assert_closed_for_good(&mut g);
    drop(g);
    assert_eq!(log.take(), NOTHING, "drop guards ran exactly once");
}

#[test]
fn awaiting_std_pending_before_the_first_yield_panics_naming_the_mistake() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            std::future::pending::<()>().await;
            co.yield_(1).await;
        })
    };
    let message = panic_message(|| g.start());
    assert_names(&message, FOREIGN);
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g);
}

#[test]
fn awaiting_a_foreign_future_in_a_catch_handler_panics_on_throw() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if let Err(Interrupt::Throw(e)) = co.try_yield(1).await {
                log.push(format!("caught {e}"));
                std::future::pending::<()>().await;
            }
        })
    };
    g.start().unwrap();
    let message = panic_message(|| g.throw("ValueError".to_string()));
    assert_names(&message, FOREIGN);
    assert_eq!(log.take(), ["caught ValueError", "drop finally"]);
    assert_closed_for_good(&mut g);
}

#[test]
fn awaiting_a_foreign_future_while_being_dropped_does_not_panic_out_of_drop() {
    let log = Log::default();
    let mut g: Gen<i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield(1).await.is_err() {
                log.push("exit handler");
                std::future::pending::<()>().await;
            }
        })
    };
    g.start().unwrap();
    drop(g);
    assert_eq!(log.take(), ["exit handler", "drop finally"]);
}

#[test]
fn awaiting_a_ready_foreign_future_is_fine() {
    let mut g: Gen<i32, i32> = Gen::new(|co| async move {
        let x = co.yield_(1).await;
        let y = std::future::ready(x * 10).await;
        co.yield_(y).await;
    });
    g.start().unwrap();
    assert_eq!(g.send(4), Ok(Step::Yielded(40)));
}

// ---- a handle after its generator is gone ------------------------------------------

#[test]
fn using_a_handle_after_its_generator_is_gone_panics_naming_the_mistake() {
    let (smuggle, receive) = mpsc::channel::<Co<'static, i32, String, String>>();
    let mut first: Gen<i32, String, (), String> = Gen::throwable(move |co| async move {
        co.yield_(1).await;
        smuggle.send(co).unwrap();
    });
    first.start().unwrap();
    first.send("end".to_string()).unwrap();
    drop(first);
    let stolen = receive.recv().unwrap();

    let log = Log::default();
    let mut second: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(move |_own| async move {
            let _finally = log.guard("finally");
            stolen.yield_(2).await;
            log.push("after the stolen yield");
        })
    };
    let message = panic_message(|| second.start());
    assert_names(&message, ELSEWHERE);
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut second);
}

static STOLEN: Mutex<Option<Co<'static, i32, String, String>>> = Mutex::new(None);

#[test]
fn using_a_handle_smuggled_through_a_static_panics_naming_the_mistake() {
    let mut first: Gen<i32, String, (), String> = Gen::throwable(|co| async move {
        *STOLEN.lock().unwrap() = Some(co);
    });
    assert_eq!(first.start(), Ok(Step::Complete(())));
    drop(first);

    let mut second: Gen<i32, String, (), String> = Gen::throwable(|own| async move {
        own.yield_(1).await;
        let stolen = STOLEN.lock().unwrap().take().unwrap();
        stolen.try_yield(2).await.ok();
    });
    assert_eq!(second.start(), Ok(Step::Yielded(1)));
    let message = panic_message(|| second.send("x".to_string()));
    assert_names(&message, ELSEWHERE);
    assert_closed_for_good(&mut second);
}

/// The handle of a generator whose body sent it out and returned.
fn handle_of_a_finished_generator() -> Co<'static, i32> {
    let (smuggle, receive) = mpsc::channel();
    let mut g: Gen<i32> = Gen::new(move |co| async move {
        smuggle.send(co).unwrap();
    });
    g.start().unwrap();
    receive.recv().unwrap()
}

#[test]
fn awaiting_a_yield_outside_any_generator_panics_naming_the_mistake() {
    let stolen = handle_of_a_finished_generator();
    let message = panic_message(|| {
        let mut fut = pin!(stolen.yield_(1));
        fut.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop()))
    });
    assert_names(&message, OUTSIDE);
}

// ---- a handle inside another generator ----------------------------------------------

#[test]
fn using_a_handle_inside_another_generator_panics_naming_the_mistake() {
    let log = Log::default();
    let mut outer: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _outer = log.guard("outer");
            co.yield_(1).await;
            let co = &co;
            let inner_log = log.clone();
            let mut inner: Gen<i32, String, (), String> = Gen::throwable(move |_own| async move {
                let _inner = inner_log.guard("inner");
                co.yield_(2).await; // the outer generator's handle
            });
            let _ = inner.start();
            log.push("after inner.start()");
        })
    };
    outer.start().unwrap();
    let message = panic_message(|| outer.send("x".to_string()));
    assert_names(&message, ELSEWHERE);
    assert_eq!(log.take(), ["drop inner", "drop outer"]);
    assert_closed_for_good(&mut outer);
}

// ---- two yields at once -------------------------------------------------------------

/// A minimal `join`: polls both futures until both are ready.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut out_a, mut out_b) = (None, None);
    poll_fn(move |cx| {
        if out_a.is_none()
            && let Poll::Ready(value) = a.as_mut().poll(cx)
        {
            out_a = Some(value);
        }
        if out_b.is_none()
            && let Poll::Ready(value) = b.as_mut().poll(cx)
        {
            out_b = Some(value);
        }
        match (out_a.take(), out_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (out_a, out_b) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

#[test]
fn holding_two_yields_at_once_panics_naming_the_mistake() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            co.yield_(1).await;
            let (a, b) = join(co.yield_(2), co.yield_(3)).await;
            log.push(format!("joined {a} {b}"));
        })
    };
    g.start().unwrap();
    let message = panic_message(|| g.send("x".to_string()));
    assert_names(&message, TWO_AT_ONCE);
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g);
}

#[test]
fn holding_a_try_yield_and_a_yield_at_once_panics_naming_the_mistake() {
    let mut g: Gen<i32, String, (), String> = Gen::throwable(|co| async move {
        let _ = join(co.try_yield(1), co.yield_(2)).await;
    });
    let message = panic_message(|| g.start());
    assert_names(&message, TWO_AT_ONCE);
    assert_closed_for_good(&mut g);
}

/// Like `select!` choosing another branch: a yield is polled once, then dropped.
async fn poll_once_and_abandon<F: Future>(fut: F) {
    let mut fut = pin!(fut);
    poll_fn(|cx| {
        let _ = fut.as_mut().poll(cx);
        Poll::Ready(())
    })
    .await
}

#[test]
fn abandoning_a_polled_yield_then_returning_panics() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            poll_once_and_abandon(co.yield_(1)).await;
        })
    };
    let message = panic_message(|| g.start());
    assert_names(&message, "gensend: the generator body returned while a yielded or delivered value");
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g);
}

#[test]
fn abandoning_a_polled_yield_then_yielding_again_panics() {
    let mut g: Gen<i32, String, (), String> = Gen::throwable(|co| async move {
        poll_once_and_abandon(co.yield_(1)).await;
        co.yield_(2).await;
    });
    let message = panic_message(|| g.start());
    assert_names(&message, TWO_AT_ONCE);
    assert_closed_for_good(&mut g);
}

// ---- errors hand back the caller's exact value --------------------------------------

/// `value` with the address of its heap buffer, to prove the same `String` comes back.
fn tagged(text: &str) -> (String, *const u8) {
    let value = text.to_string();
    let address = value.as_ptr();
    (value, address)
}

fn assert_same(back: String, (text, address): (&str, *const u8)) {
    assert_eq!(back, text);
    assert_eq!(back.as_ptr(), address, "{text:?} came back as a different String");
}

#[test]
fn every_error_hands_back_the_callers_exact_value() {
    let body = || -> Gen<'static, String, String, (), String> {
        Gen::throwable(|co| async move {
            let first = co.yield_("first".to_string()).await;
            if co.try_yield(first).await.is_err() {
                co.yield_("ignored exit".to_string()).await;
            }
        })
    };

    // send to Created: NotStarted(s).
    let mut g = body();
    let (value, address) = tagged("not started");
    match g.send(value) {
        Err(SendError::NotStarted(back)) => assert_same(back, ("not started", address)),
        other => panic!("unexpected {other:?}"),
    }
    // throw to Created: the error comes back.
    let (value, address) = tagged("thrown before start");
    assert_same(g.throw(value).unwrap_err(), ("thrown before start", address));
    // send to Closed: Closed(s).
    let (value, address) = tagged("after close");
    match g.send(value) {
        Err(SendError::Closed(back)) => assert_same(back, ("after close", address)),
        other => panic!("unexpected {other:?}"),
    }
    // throw to Closed: the error comes back.
    let (value, address) = tagged("thrown after close");
    assert_same(g.throw(value).unwrap_err(), ("thrown after close", address));

    // throw at a plain point: unwinds, the error comes back.
    let mut g = body();
    g.start().unwrap();
    let (value, address) = tagged("thrown at plain yield");
    assert_same(g.throw(value).unwrap_err(), ("thrown at plain yield", address));

    // A sent value reaches the body itself, not a copy.
    let mut g = body();
    g.start().unwrap();
    let (value, address) = tagged("sent");
    match g.send(value) {
        Ok(Step::Yielded(back)) => assert_same(back, ("sent", address)),
        other => panic!("unexpected {other:?}"),
    }
    // close ignored: the body's yielded value is handed back in IgnoredExit.
    assert_eq!(g.close().unwrap_err().yielded, "ignored exit");
}

#[test]
fn uncaught_throw_through_a_delegation_chain_hands_back_the_exact_error() {
    let mut g: Gen<i32, (), (), String> = Gen::throwable(|co| async move {
        co.yield_from(Gen::throwable(|co| async move { co.yield_(1).await })).await;
    });
    g.start().unwrap();
    let (value, address) = tagged("through the chain");
    assert_same(g.throw(value).unwrap_err(), ("through the chain", address));
    assert_eq!(g.state(), State::Closed);
}

// ---- misuse while being dropped -----------------------------------------------------
// PROTOCOL.md B: drop "never panics out of Drop"; `Gen`'s `Drop` docs: a body that
// misuses its handle "is dropped anyway". (A panic out of a drop that runs during
// unwinding would abort the process.)

#[test]
fn holding_two_yields_at_once_while_being_dropped_does_not_panic_out_of_drop() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield(1).await.is_err() {
                log.push("exit handler");
                let _ = join(co.yield_(2), co.yield_(3)).await;
            }
        })
    };
    g.start().unwrap();
    let dropped = catch_unwind(AssertUnwindSafe(|| drop(g)));
    assert_eq!(log.take(), ["exit handler", "drop finally"]);
    assert!(dropped.is_ok(), "drop panicked out of Drop");
}

#[test]
fn using_a_stolen_handle_while_being_dropped_does_not_panic_out_of_drop() {
    let stolen = handle_of_a_finished_generator();

    let log = Log::default();
    let mut g: Gen<i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield(1).await.is_err() {
                log.push("exit handler");
                stolen.yield_(2).await;
            }
        })
    };
    g.start().unwrap();
    let dropped = catch_unwind(AssertUnwindSafe(|| drop(g)));
    assert_eq!(log.take(), ["exit handler", "drop finally"]);
    assert!(dropped.is_ok(), "drop panicked out of Drop");
}

// ---- not misuse ---------------------------------------------------------------------

#[test]
fn driving_another_generator_inside_a_body_is_fine() {
    let mut outer: Gen<i32, i32> = Gen::new(|co| async move {
        let mut inner: Gen<i32, i32> = Gen::new(|co| async move {
            let mut total = 0;
            loop {
                total += co.yield_(total).await;
            }
        });
        inner.start().unwrap();
        loop {
            let x = co.yield_(0).await;
            let Ok(Step::Yielded(total)) = inner.send(x) else { unreachable!() };
            co.yield_(total).await;
        }
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(0)));
    assert_eq!(outer.send(5), Ok(Step::Yielded(5)));
    assert_eq!(outer.send(0), Ok(Step::Yielded(0)));
    assert_eq!(outer.send(7), Ok(Step::Yielded(12)));
}

// ---- polling a yield on another thread -----------------------------------------------

/// `&Waker` is `Send`, so a body can hand its waker to a scoped thread and poll one
/// of its own yields there while it polls another on its own thread. gensend must
/// refuse that before touching the generator's state (it would be a data race).
#[test]
fn polling_a_yield_on_another_thread_panics_instead_of_racing() {
    let log = Log::default();
    let mut g: Gen<String, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let mut here = pin!(co.yield_("here".to_string()));
            let mut there = pin!(co.yield_("there".to_string()));
            let refused = poll_fn(|cx| {
                let waker = cx.waker();
                std::thread::scope(|scope| {
                    let other =
                        scope.spawn(|| there.as_mut().poll(&mut Context::from_waker(waker)).is_ready());
                    let _ = here.as_mut().poll(cx);
                    Poll::Ready(panic_payload_message(other.join().unwrap_err()))
                })
            })
            .await;
            log.push(refused);
            here.await;
        })
    };
    // The other thread was refused before it touched anything; this thread's yield
    // went through untouched.
    assert_eq!(g.start(), Ok(Step::Yielded("here".to_string())));
    let refused = log.take();
    assert_names(&refused[0], "gensend: a generator handle's yield was polled with a Context other than");
    assert_eq!(g.send("back".to_string()), Ok(Step::Complete(())));
}

const LOCAL_IN_SENDABLE: &str = "gensend: a LocalGen (whose body need not be Send) was handed to yield_from in a \
     chain driven by a Gen";

/// Hands a `LocalGen` over to the driver from inside one poll, without ever
/// holding it across an await, so the body's future stays `Send`.
/// With `started`, the `LocalGen` has yielded 7 already and goes through
/// `yield_from_sending`.
struct SmuggleLocal<'c> {
    co: &'c Co<'static, i32, (), String>,
    handed_over: bool,
    started: bool,
}

impl<'c> SmuggleLocal<'c> {
    fn new(co: &'c Co<'static, i32, (), String>, started: bool) -> Self {
        SmuggleLocal { co, handed_over: false, started }
    }
}

impl Future for SmuggleLocal<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.handed_over {
            return Poll::Ready(());
        }
        self.handed_over = true;
        if self.started {
            let mut sub = local_seven();
            assert_eq!(sub.start(), Ok(Step::Yielded(7)));
            let mut delegation = pin!(self.co.yield_from_sending(sub, ()));
            assert!(delegation.as_mut().poll(cx).is_pending());
        } else {
            let mut delegation = pin!(self.co.yield_from(local_seven()));
            assert!(delegation.as_mut().poll(cx).is_pending());
        }
        Poll::Pending
    }
}

#[test]
fn smuggling_a_local_gen_into_a_send_chain_panics_naming_the_mistake() {
    for started in [false, true] {
        let log = Log::default();
        let mut g: Gen<i32, (), (), String> = Gen::throwable({
            let guard = log.guard("outer");
            move |co| async move {
                let _guard = guard;
                SmuggleLocal::new(&co, started).await;
                co.yield_(1).await;
            }
        });
        fn is_send<T: Send>(_: &T) {}
        is_send(&g); // the body's future is Send: the LocalGen never was part of it
        assert_names(&panic_message(|| g.start()), LOCAL_IN_SENDABLE);
        assert_eq!(g.state(), State::Closed);
        assert_eq!(log.take(), ["drop outer"], "started: {started}");
    }
}

/// A `LocalGen` whose body holds an `Rc` across its yields of 7 and 8.
fn local_seven() -> gensend::LocalGen<'static, i32, (), (), String> {
    Gen::throwable_local(|co| async move {
        let not_send = std::rc::Rc::new(7);
        co.yield_(*not_send).await;
        co.yield_(*not_send + 1).await;
    })
}

/// A `LocalGen`'s chain admits the same hand-over (the delegate runs).
#[test]
fn a_local_chain_admits_a_local_gen_handed_over_by_hand() {
    for (started, first) in [(false, 7), (true, 8)] {
        let mut g = Gen::throwable_local(move |co: Co<'static, i32, (), String>| async move {
            SmuggleLocal::new(&co, started).await;
        });
        assert_eq!(g.start(), Ok(Step::Yielded(first)));
    }
}
