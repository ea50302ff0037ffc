//! PROTOCOL.md C1-C6: what happens at a yield point when it is sent to, thrown
//! into, closed, or when the body panics.
//!
//! Side effects (drop guards, the body's own steps) go into a shared log, and each
//! test asserts their exact order.

use std::panic::{AssertUnwindSafe, catch_unwind};

use gensend::{Co, Gen, Interrupt, SendError, StartError, State, Step};

mod common;
use common::{Log, NOTHING, panic_payload_message};

/// A body with two guards alive across a plain yield (`try: ... finally:` twice).
fn guarded_plain(log: &Log) -> Gen<'static, i32, i32, (), String> {
    let log = log.clone();
    Gen::throwable(|co| async move {
        let _outer = log.guard("outer");
        log.push("before yield");
        let _inner = log.guard("inner");
        let sent = co.yield_(1).await;
        log.push(format!("after yield, got {sent}"));
    })
}

// ---- C1 -----------------------------------------------------------------------------

#[test]
fn throw_at_plain_yield_unwinds_and_runs_drop_guards() {
    let log = Log::default();
    let mut g = guarded_plain(&log);
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    let error = String::from("ValueError");
    let address = error.as_ptr();
    let back = g.throw(error).unwrap_err();
    assert_eq!(back, "ValueError");
    assert_eq!(back.as_ptr(), address, "the thrown value itself comes back");
    // Innermost guard first, like nested `finally` blocks; code after the yield never runs.
    assert_eq!(log.take(), ["before yield", "drop inner", "drop outer"]);
    assert_eq!(g.state(), State::Closed);
    drop(g);
    assert_eq!(log.take(), NOTHING, "guards ran exactly once");
}

async fn helper(co: &Co<'_, i32, i32, String>, log: &Log) -> i32 {
    let _helper = log.guard("helper");
    co.yield_(2).await
}

#[test]
fn throw_at_plain_yield_inside_nested_async_fn_unwinds_every_level() {
    let log = Log::default();
    let mut g: Gen<i32, i32, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _body = log.guard("body");
            let got = helper(&co, &log).await;
            log.push(format!("helper returned {got}"));
        })
    };
    assert_eq!(g.start(), Ok(Step::Yielded(2)));
    assert_eq!(g.throw("boom".to_string()), Err("boom".to_string()));
    assert_eq!(log.take(), ["drop helper", "drop body"]);
}

// ---- C2 -----------------------------------------------------------------------------

#[test]
fn close_at_plain_yield_returns_none_and_runs_drop_guards() {
    let log = Log::default();
    let mut g = guarded_plain(&log);
    g.start().unwrap();
    assert_eq!(g.close(), Ok(None));
    assert_eq!(log.take(), ["before yield", "drop inner", "drop outer"]);
    assert_eq!(g.state(), State::Closed);
    drop(g);
    assert_eq!(log.take(), NOTHING);
}

// ---- C3 -----------------------------------------------------------------------------

#[test]
fn throw_at_catching_yield_can_yield_again() {
    let log = Log::default();
    let mut g: Gen<String, (), (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            loop {
                match co.try_yield("waiting".to_string()).await {
                    Ok(()) => log.push("sent"),
                    Err(Interrupt::Throw(e)) => {
                        log.push(format!("caught {e}"));
                        co.yield_(format!("recovered from {e}")).await;
                    }
                    Err(Interrupt::Exit) => return,
                }
            }
        })
    };
    assert_eq!(g.start(), Ok(Step::Yielded("waiting".to_string())));
    // The caller of throw receives what the body yields next.
    assert_eq!(g.throw("ValueError".to_string()), Ok(Step::Yielded("recovered from ValueError".to_string())));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.send(()), Ok(Step::Yielded("waiting".to_string())));
    assert_eq!(g.send(()), Ok(Step::Yielded("waiting".to_string())));
    assert_eq!(log.take(), ["caught ValueError", "sent"]);
}

#[test]
fn throw_at_catching_yield_can_return() {
    let log = Log::default();
    let mut g: Gen<i32, (), String, String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            match co.try_yield(1).await {
                Ok(()) => "no error".to_string(),
                Err(Interrupt::Throw(e)) => format!("handled {e}"),
                Err(Interrupt::Exit) => "closed".to_string(),
            }
        })
    };
    g.start().unwrap();
    assert_eq!(g.throw("KeyError".to_string()), Ok(Step::Complete("handled KeyError".to_string())));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), ["drop finally"]);
    assert_eq!(g.take_return(), None, "the value went to the caller of throw");
}

#[derive(Debug, PartialEq)]
enum MyErr {
    Interrupted(Interrupt<String>),
    Negative(i32),
}

impl From<Interrupt<String>> for MyErr {
    fn from(interrupt: Interrupt<String>) -> Self {
        MyErr::Interrupted(interrupt)
    }
}

/// Adds two sent numbers; every catching point propagates interrupts with `?`.
fn adder(log: &Log) -> Gen<'static, i32, i32, Result<i32, MyErr>, String> {
    let log = log.clone();
    Gen::throwable(|co| async move {
        let _finally = log.guard("finally");
        let a = co.try_yield(0).await?;
        log.push(format!("a = {a}"));
        if a < 0 {
            return Err(MyErr::Negative(a));
        }
        let b = co.try_yield(a).await?;
        log.push(format!("b = {b}"));
        Ok(a + b)
    })
}

#[test]
fn throw_at_catching_yield_can_propagate_with_question_mark() {
    let log = Log::default();
    let mut g = adder(&log);
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.send(10), Ok(Step::Yielded(10)));
    assert_eq!(
        g.throw("ValueError".to_string()),
        Ok(Step::Complete(Err(MyErr::Interrupted(Interrupt::Throw("ValueError".to_string())))))
    );
    assert_eq!(log.take(), ["a = 10", "drop finally"]);
    assert_eq!(g.state(), State::Closed);

    // The same body, undisturbed, returns its own result or its own error.
    let mut ok = adder(&log);
    ok.start().unwrap();
    ok.send(10).unwrap();
    assert_eq!(ok.send(5), Ok(Step::Complete(Ok(15))));
    let mut negative = adder(&log);
    negative.start().unwrap();
    assert_eq!(negative.send(-1), Ok(Step::Complete(Err(MyErr::Negative(-1)))));
}

/// A body cannot "let `Exit` propagate" other than by returning: with `?` the
/// interrupt becomes its return value, which `close()` then hands back.
#[test]
fn close_at_catching_yield_propagated_with_question_mark_is_the_return_value() {
    let log = Log::default();
    let mut g = adder(&log);
    g.start().unwrap();
    assert_eq!(g.close(), Ok(Some(Err(MyErr::Interrupted(Interrupt::Exit)))));
    assert_eq!(log.take(), ["drop finally"]);
    assert_eq!(g.state(), State::Closed);
}

// ---- C4 -----------------------------------------------------------------------------

#[test]
fn close_returns_value_when_body_returns_after_exit() {
    // CPython 3.13: def acc(): total = 0; try: while True: total += yield
    //                                     except GeneratorExit: return total
    let log = Log::default();
    let mut acc: Gen<(), i32, i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            let mut total = 0;
            loop {
                match co.try_yield(()).await {
                    Ok(x) => total += x,
                    Err(Interrupt::Exit) => {
                        log.push("handler");
                        return total;
                    }
                    Err(Interrupt::Throw(never)) => match never {},
                }
            }
        })
    };
    acc.start().unwrap();
    for x in [10, 5, 3] {
        acc.send(x).unwrap();
    }
    assert_eq!(acc.close(), Ok(Some(18)));
    assert_eq!(log.take(), ["handler", "drop finally"]);
    assert_eq!(acc.state(), State::Closed);
    assert_eq!(acc.take_return(), None, "close handed the value out");
    assert_eq!(acc.close(), Ok(None), "a second close returns no value");
}

#[test]
fn yield_after_exit_is_ignored_exit_error() {
    let log = Log::default();
    let mut g: Gen<String, i32, &str> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield("working".to_string()).await.is_err() {
                log.push("ignoring exit");
                let x = co.yield_(format!("not yet (line {})", line!())).await;
                log.push(format!("resumed with {x}"));
                co.yield_("later".to_string()).await;
            }
            "returned"
        })
    };
    g.start().unwrap();
    let err = g.close().unwrap_err();
    assert_eq!(err.to_string(), "generator ignored GeneratorExit");
    assert_eq!(err.python_exception(), "RuntimeError");
    let line: u32 = err.yielded.trim_start_matches("not yet (line ").trim_end_matches(')').parse().unwrap();
    assert_eq!(log.take(), ["ignoring exit"], "nothing was unwound");
    // It stays suspended at the new yield...
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.suspended_at().map(|at| at.line()), Some(line));
    // ...and a later send resumes it there.
    assert_eq!(g.send(5), Ok(Step::Yielded("later".to_string())));
    assert_eq!(g.send(6), Ok(Step::Complete("returned")));
    assert_eq!(log.take(), ["resumed with 5", "drop finally"]);
}

#[test]
fn close_after_ignored_exit_closes_at_the_new_yield() {
    let log = Log::default();
    let mut g: Gen<&str> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            if co.try_yield("working").await.is_err() {
                let _handler = log.guard("handler");
                co.yield_("not yet").await;
            }
        })
    };
    g.start().unwrap();
    assert_eq!(g.close().unwrap_err().yielded, "not yet");
    assert_eq!(log.take(), NOTHING);
    // The new point is plain: this close unwinds.
    assert_eq!(g.close(), Ok(None));
    assert_eq!(log.take(), ["drop handler", "drop finally"]);
    assert_eq!(g.state(), State::Closed);
}

// ---- C5 -----------------------------------------------------------------------------

/// A body that panics on the first value it is sent, with a guard alive.
fn panics_on_send(log: &Log) -> Gen<'static, i32, String, (), String> {
    let log = log.clone();
    Gen::throwable(|co| async move {
        let _finally = log.guard("finally");
        let s = co.yield_(1).await;
        log.push(format!("got {s}"));
        panic!("body failed on {s}");
    })
}

/// After a panic: `Closed`, and every later call reports it without running code.
fn assert_closed_for_good(g: &mut Gen<'static, i32, String, (), String>, log: &Log) {
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.send("later".to_string()), Err(SendError::Closed("later".to_string())));
    assert_eq!(g.start(), Err(StartError::Closed));
    assert_eq!(g.throw("late".to_string()), Err("late".to_string()));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.take_return(), None);
    assert_eq!(g.suspended_at(), None);
    assert_eq!(log.take(), NOTHING);
}

#[test]
fn panic_in_body_closes_generator() {
    let log = Log::default();
    let mut g = panics_on_send(&log);
    g.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| g.send("x".to_string()))).unwrap_err();
    assert_eq!(panic_payload_message(payload), "body failed on x");
    assert_eq!(log.take(), ["got x", "drop finally"]);
    assert_closed_for_good(&mut g, &log);
    drop(g);
    assert_eq!(log.take(), NOTHING, "drop guards ran exactly once");
}

#[test]
fn panic_in_body_during_start_closes_generator() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if std::hint::black_box(true) {
                panic!("failed before the first yield");
            }
            co.yield_(1).await;
        })
    };
    let payload = catch_unwind(AssertUnwindSafe(|| g.start())).unwrap_err();
    assert_eq!(panic_payload_message(payload), "failed before the first yield");
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g, &log);
}

#[test]
fn panic_in_body_during_throw_closes_generator() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if let Err(Interrupt::Throw(e)) = co.try_yield(1).await {
                panic!("handler for {e} failed");
            }
        })
    };
    g.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| g.throw("KeyError".to_string()))).unwrap_err();
    assert_eq!(panic_payload_message(payload), "handler for KeyError failed");
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g, &log);
}

#[test]
fn panic_in_body_during_close_closes_generator() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _finally = log.guard("finally");
            if let Err(Interrupt::Exit) = co.try_yield(1).await {
                panic!("exit handler failed");
            }
        })
    };
    g.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| g.close())).unwrap_err();
    assert_eq!(panic_payload_message(payload), "exit handler failed");
    assert_eq!(log.take(), ["drop finally"]);
    assert_closed_for_good(&mut g, &log);
}

#[test]
fn panic_in_body_during_iterator_next_closes_generator() {
    let log = Log::default();
    let mut g: Gen<i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            co.yield_(1).await;
            panic!("second item failed");
        })
    };
    assert_eq!(g.next(), Some(1));
    let payload = catch_unwind(AssertUnwindSafe(|| g.next())).unwrap_err();
    assert_eq!(panic_payload_message(payload), "second item failed");
    assert_eq!(log.take(), ["drop finally"]);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.next(), None);
    assert_eq!(g.send(()), Err(SendError::Closed(())));
    assert_eq!(log.take(), NOTHING);
}

#[test]
fn panic_in_delegate_unwinds_the_whole_chain() {
    let log = Log::default();
    let mut outer: Gen<i32, i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _outer = log.guard("outer");
            let inner_log = log.clone();
            let inner = Gen::new(|co| async move {
                let _inner = inner_log.guard("inner");
                let x = co.yield_(1).await;
                panic!("inner failed on {x}");
            });
            co.yield_from(inner).await;
            log.push("outer resumed");
        })
    };
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    let payload = catch_unwind(AssertUnwindSafe(|| outer.send(7))).unwrap_err();
    assert_eq!(panic_payload_message(payload), "inner failed on 7");
    assert_eq!(log.take(), ["drop inner", "drop outer"]);
    assert_eq!(outer.state(), State::Closed);
    assert_eq!(outer.send(8), Err(SendError::Closed(8)));
    drop(outer);
    assert_eq!(log.take(), NOTHING);
}

// ---- C6 -----------------------------------------------------------------------------

#[test]
fn sent_value_goes_to_current_yield_not_a_later_one() {
    let log = Log::default();
    let mut g: Gen<&str, &str> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let a = co.yield_("at first").await;
            log.push(format!("first yield got {a}"));
            let b = co.yield_("at second").await;
            log.push(format!("second yield got {b}"));
            let c = co.try_yield("at third").await;
            log.push(format!("third yield got {c:?}"));
        })
    };
    assert_eq!(g.start(), Ok(Step::Yielded("at first")));
    assert_eq!(log.take(), NOTHING, "start's priming value is delivered nowhere");
    assert_eq!(g.send("A"), Ok(Step::Yielded("at second")));
    assert_eq!(log.take(), ["first yield got A"]);
    assert_eq!(g.send("B"), Ok(Step::Yielded("at third")));
    assert_eq!(log.take(), ["second yield got B"]);
    assert_eq!(g.send("C"), Ok(Step::Complete(())));
    assert_eq!(log.take(), ["third yield got Ok(\"C\")"]);
}

#[test]
fn send_returns_value_of_next_yield() {
    // Python: def doubler(): x = yield "ready"; while True: x = yield x * 2
    let mut g: Gen<String, i32> = Gen::new(|co| async move {
        let mut x = co.yield_("ready".to_string()).await;
        loop {
            x = co.yield_(format!("{}", x * 2)).await;
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded("ready".to_string())));
    assert_eq!(g.send(21), Ok(Step::Yielded("42".to_string())));
    assert_eq!(g.send(5), Ok(Step::Yielded("10".to_string())));
    assert_eq!(g.send(-1), Ok(Step::Yielded("-2".to_string())));
}

struct PanicsOnDrop(Log);

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        self.0.push("drop panicking guard");
        panic!("guard failed");
    }
}

#[test]
fn panic_in_drop_guard_during_close_closes_generator() {
    let log = Log::default();
    let mut g: Gen<i32, String, (), String> = {
        let log = log.clone();
        Gen::throwable(|co| async move {
            let _outer = log.guard("outer");
            let _panics = PanicsOnDrop(log.clone());
            let _inner = log.guard("inner");
            co.yield_(1).await;
        })
    };
    g.start().unwrap();
    let payload = catch_unwind(AssertUnwindSafe(|| g.close())).unwrap_err();
    assert_eq!(panic_payload_message(payload), "guard failed");
    // The other guards still ran, each once, in order.
    assert_eq!(log.take(), ["drop inner", "drop panicking guard", "drop outer"]);
    assert_closed_for_good(&mut g, &log);
    drop(g);
    assert_eq!(log.take(), NOTHING);
}

/// CPython 3.13:
/// def sub(): return 5; yield
/// def g():
///     try: yield 1
///     except GeneratorExit:
///         x = yield from sub()    # sub runs and returns 5
///         return x * 2            # close() returns 10
#[test]
fn close_handler_can_delegate_and_gets_the_delegates_return_value() {
    let log = Log::default();
    let mut g: Gen<i32, (), i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            if co.try_yield(1).await.is_err() {
                let sub_log = log.clone();
                let x = co
                    .yield_from(Gen::new(|_co| async move {
                        sub_log.push("sub runs");
                        5
                    }))
                    .await;
                log.push(format!("handler got {x}"));
                return x * 2;
            }
            0
        })
    };
    g.start().unwrap();
    assert_eq!(g.close(), Ok(Some(10)));
    assert_eq!(log.take(), ["sub runs", "handler got 5"]);
}
