//! PROTOCOL.md table B: every operation (`start`, `send`, `throw`, `close`, drop, and
//! the `Iterator` face) in every state (`Created`, `Suspended`, `Closed`).
//!
//! Side effects are recorded in a shared log so each test can assert exactly what
//! ran, and in which order.

use gensend::{Gen, Interrupt, SendError, StartError, State, Step};

mod common;
use common::Log;

/// A body that logs each step, with one plain yield guarded by `finally`.
fn two_yields(log: &Log) -> Gen<'static, i32, i32, &'static str> {
    let log = log.clone();
    Gen::new(|co| async move {
        log.push("body starts");
        let _finally = log.guard("finally");
        let a = co.yield_(1).await;
        log.push(format!("got {a}"));
        let b = co.yield_(2).await;
        log.push(format!("got {b}"));
        "returned"
    })
}

/// A body whose first yield catches, reporting what it caught in the log.
fn catching(log: &Log) -> Gen<'static, &'static str, (), &'static str, String> {
    let log = log.clone();
    Gen::throwable(|co| async move {
        log.push("body starts");
        match co.try_yield("first").await {
            Ok(()) => "sent",
            Err(Interrupt::Throw(e)) => {
                log.push(format!("caught {e}"));
                "caught throw"
            }
            Err(Interrupt::Exit) => {
                log.push("caught exit");
                "caught exit"
            }
        }
    })
}

// ---- start() ------------------------------------------------------------------------

#[test]
fn start_on_created_runs_to_first_yield() {
    let log = Log::default();
    let mut g = two_yields(&log);
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(log.take(), ["body starts"]);
    assert_eq!(g.state(), State::Suspended);
}

#[test]
fn start_on_created_completes_if_body_returns_first() {
    let log = Log::default();
    let body_log = log.clone();
    let mut g: Gen<i32, i32, &str> = Gen::new(|_co| async move {
        body_log.push("body runs");
        "early return"
    });
    assert_eq!(g.start(), Ok(Step::Complete("early return")));
    assert_eq!(log.take(), ["body runs"]);
    assert_eq!(g.state(), State::Closed);
    // The value was handed out by start, so it is not kept a second time.
    assert_eq!(g.take_return(), None);
}

#[test]
fn start_on_suspended_is_already_started() {
    let log = Log::default();
    let mut g = two_yields(&log);
    g.start().unwrap();
    log.take();
    assert_eq!(g.start(), Err(StartError::AlreadyStarted));
    assert_eq!(log.take(), Vec::<String>::new(), "no code ran");
    assert_eq!(g.state(), State::Suspended);
    // Still suspended at the first yield: the next send goes there.
    assert_eq!(g.send(10), Ok(Step::Yielded(2)));
    assert_eq!(log.take(), ["got 10"]);
}

#[test]
fn start_on_closed_is_closed() {
    let log = Log::default();
    let mut finished = two_yields(&log);
    finished.start().unwrap();
    finished.send(1).unwrap();
    assert_eq!(finished.send(2), Ok(Step::Complete("returned")));
    log.take();
    assert_eq!(finished.start(), Err(StartError::Closed));
    assert_eq!(log.take(), Vec::<String>::new());

    let mut closed_before_start = two_yields(&log);
    closed_before_start.close().unwrap();
    assert_eq!(closed_before_start.start(), Err(StartError::Closed));
    assert_eq!(log.take(), Vec::<String>::new(), "the body never ran");
}

// ---- send() -------------------------------------------------------------------------

#[test]
fn send_to_created_hands_value_back() {
    let mut g: Gen<(), String> = Gen::new(|co| async move {
        co.yield_(()).await;
    });
    let value = String::from("too early");
    let address = value.as_ptr();
    let err = g.send(value).unwrap_err();
    assert_eq!(err.python_exception(), "TypeError");
    assert_eq!(err.to_string(), "can't send non-None value to a just-started generator");
    match err {
        SendError::NotStarted(back) => {
            assert_eq!(back, "too early");
            assert_eq!(back.as_ptr(), address, "the very same String came back");
        }
        SendError::Closed(_) => panic!("expected NotStarted"),
    }
}

#[test]
fn send_to_created_leaves_state_created() {
    let log = Log::default();
    let mut g = two_yields(&log);
    assert_eq!(g.send(99), Err(SendError::NotStarted(99)));
    assert_eq!(g.state(), State::Created);
    assert_eq!(log.take(), Vec::<String>::new(), "the body did not run");
    // It can still be started, and the rejected value never reaches the body.
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.send(5), Ok(Step::Yielded(2)));
    assert_eq!(log.take(), ["body starts", "got 5"]);
}

#[test]
fn send_to_suspended_resumes_point_with_value_and_runs_to_next_yield() {
    let log = Log::default();
    let mut g = two_yields(&log);
    g.start().unwrap();
    assert_eq!(g.send(7), Ok(Step::Yielded(2)));
    assert_eq!(log.take(), ["body starts", "got 7"]);
    assert_eq!(g.state(), State::Suspended);
}

#[test]
fn send_to_suspended_body_that_returns_completes_and_closes() {
    let log = Log::default();
    let mut g = two_yields(&log);
    g.start().unwrap();
    g.send(7).unwrap();
    assert_eq!(g.send(8), Ok(Step::Complete("returned")));
    assert_eq!(log.take(), ["body starts", "got 7", "got 8", "drop finally"]);
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn send_to_closed_hands_value_back_and_runs_nothing() {
    let log = Log::default();
    let mut g: Gen<i32, String> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let got = co.yield_(1).await;
            log.push(format!("got {got}"));
        })
    };
    g.start().unwrap();
    assert_eq!(g.send("last".to_string()), Ok(Step::Complete(())));
    assert_eq!(log.take(), ["got last"]);

    let value = String::from("after the end");
    let address = value.as_ptr();
    let err = g.send(value).unwrap_err();
    assert_eq!(err.python_exception(), "StopIteration");
    match err {
        SendError::Closed(back) => {
            assert_eq!(back, "after the end");
            assert_eq!(back.as_ptr(), address);
        }
        SendError::NotStarted(_) => panic!("expected Closed"),
    }
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.state(), State::Closed);
}

// ---- throw() ------------------------------------------------------------------------

#[test]
fn throw_to_created_closes_without_running_body() {
    let log = Log::default();
    // Even a body whose first point catches never sees it: no code runs at all.
    let mut g = catching(&log);
    assert_eq!(g.throw("ValueError".to_string()), Err("ValueError".to_string()));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.start(), Err(StartError::Closed));
}

#[test]
fn throw_to_suspended_is_raised_at_the_yield_point() {
    let log = Log::default();
    let mut g = catching(&log);
    assert_eq!(g.start(), Ok(Step::Yielded("first")));
    assert_eq!(g.throw("ValueError".to_string()), Ok(Step::Complete("caught throw")));
    assert_eq!(log.take(), ["body starts", "caught ValueError"]);
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn throw_to_closed_hands_error_back_and_runs_nothing() {
    let log = Log::default();
    let mut g = catching(&log);
    g.start().unwrap();
    g.close().unwrap();
    log.take();
    let error = String::from("late");
    let address = error.as_ptr();
    let back = g.throw(error).unwrap_err();
    assert_eq!(back, "late");
    assert_eq!(back.as_ptr(), address);
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.state(), State::Closed);
}

// ---- close() ------------------------------------------------------------------------

#[test]
fn close_created_returns_none_and_runs_nothing() {
    let log = Log::default();
    let mut g = catching(&log);
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), Vec::<String>::new());
}

#[test]
fn close_suspended_raises_exit_at_the_yield_point() {
    let log = Log::default();
    let mut g = catching(&log);
    g.start().unwrap();
    assert_eq!(g.close(), Ok(Some("caught exit")));
    assert_eq!(log.take(), ["body starts", "caught exit"]);
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn close_closed_is_a_noop_returning_none() {
    let log = Log::default();
    let mut g = catching(&log);
    g.start().unwrap();
    assert_eq!(g.close(), Ok(Some("caught exit")));
    log.take();
    assert_eq!(g.close(), Ok(None));
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn close_after_return_returns_none_and_keeps_untaken_return_value() {
    let mut g: Gen<i32, (), &str> = Gen::new(|co| async move {
        co.yield_(1).await;
        "result"
    });
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1]);
    // Python: close() on an exhausted generator returns None.
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.take_return(), Some("result"));
}

// ---- drop ---------------------------------------------------------------------------

#[test]
fn drop_created_runs_nothing() {
    let log = Log::default();
    drop(two_yields(&log));
    drop(catching(&log));
    assert_eq!(log.take(), Vec::<String>::new());
}

#[test]
fn drop_created_releases_captured_values_without_running_body() {
    let log = Log::default();
    let captured = log.guard("captured");
    let g: Gen<i32> = {
        let log = log.clone();
        Gen::new(move |co| async move {
            let _captured = captured;
            log.push("body runs");
            co.yield_(1).await;
        })
    };
    assert_eq!(log.take(), Vec::<String>::new());
    drop(g);
    // Like the arguments of a Python generator function: released, not leaked.
    assert_eq!(log.take(), ["drop captured"]);
}

#[test]
fn drop_suspended_runs_drop_guards_like_close() {
    let log = Log::default();
    let g: Gen<i32> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _outer = log.guard("outer");
            let _inner = log.guard("inner");
            co.yield_(1).await;
            log.push("after yield");
        })
    };
    let mut g = g;
    g.start().unwrap();
    drop(g);
    assert_eq!(log.take(), ["drop inner", "drop outer"]);
}

#[test]
fn drop_suspended_at_catching_yield_raises_exit_like_close() {
    let log = Log::default();
    let mut g = catching(&log);
    g.start().unwrap();
    drop(g);
    assert_eq!(log.take(), ["body starts", "caught exit"]);
}

#[test]
fn drop_body_that_yields_again_is_dropped_anyway() {
    let log = Log::default();
    let g: Gen<&str> = {
        let log = log.clone();
        Gen::new(|co| async move {
            let _finally = log.guard("finally");
            loop {
                if co.try_yield("working").await.is_err() {
                    log.push("ignoring exit");
                    let _handler = log.guard("handler");
                    co.yield_("not yet").await;
                    log.push("resumed after ignored exit");
                }
            }
        })
    };
    let mut g = g;
    g.start().unwrap();
    drop(g); // must neither panic nor leak the remaining guards
    assert_eq!(log.take(), ["ignoring exit", "drop handler", "drop finally"]);
}

#[test]
fn drop_closed_runs_nothing() {
    let log = Log::default();
    let mut g = two_yields(&log);
    g.start().unwrap();
    g.close().unwrap();
    assert_eq!(log.take(), ["body starts", "drop finally"]);
    drop(g);
    assert_eq!(log.take(), Vec::<String>::new());
}

// ---- Iterator -----------------------------------------------------------------------

fn counted(log: &Log) -> Gen<'static, u32, (), &'static str> {
    let log = log.clone();
    Gen::new(|co| async move {
        log.push("body starts");
        for i in 1..=3 {
            co.yield_(i).await;
            log.push(format!("after {i}"));
        }
        "the end"
    })
}

#[test]
fn next_on_created_starts() {
    let log = Log::default();
    let mut g = counted(&log);
    assert_eq!(log.take(), Vec::<String>::new());
    assert_eq!(g.next(), Some(1));
    assert_eq!(log.take(), ["body starts"]);
    assert_eq!(g.state(), State::Suspended);
}

#[test]
fn next_on_created_body_that_returns_at_once_is_none_and_keeps_the_return_value() {
    let log = Log::default();
    let mut g: Gen<u32, (), &str> = {
        let log = log.clone();
        Gen::new(|_co| async move {
            log.push("body runs");
            "nothing to yield"
        })
    };
    assert_eq!(g.next(), None);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.take_return(), Some("nothing to yield"));
    assert_eq!(g.next(), None);
    assert_eq!(log.take(), ["body runs"]);
}

#[test]
fn next_on_suspended_resumes_with_unit() {
    let log = Log::default();
    let mut g = counted(&log);
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(g.next(), Some(2));
    assert_eq!(g.send(()), Ok(Step::Yielded(3)));
    assert_eq!(log.take(), ["body starts", "after 1", "after 2"]);
}

#[test]
fn iterator_return_value_is_retrievable_with_take_return_after_it_ends() {
    let log = Log::default();
    let mut g = counted(&log);
    assert_eq!(g.take_return(), None, "not returned yet");
    assert_eq!(g.by_ref().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.take_return(), Some("the end"));
    assert_eq!(g.take_return(), None, "taken once");
}

#[test]
fn iterator_is_fused() {
    let log = Log::default();
    let mut g = counted(&log);
    assert_eq!(g.by_ref().count(), 3);
    log.take();
    for _ in 0..3 {
        assert_eq!(g.next(), None);
    }
    assert_eq!(log.take(), Vec::<String>::new(), "no code ran after the end");
    assert_eq!(g.take_return(), Some("the end"), "next after the end does not lose the value");
}

#[test]
fn next_on_closed_by_close_is_none() {
    let log = Log::default();
    let mut g = counted(&log);
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.next(), None);
    assert_eq!(g.take_return(), None);
    assert_eq!(log.take(), ["body starts"]);
}

#[test]
fn next_on_created_closed_generator_is_none() {
    let log = Log::default();
    let mut g = counted(&log);
    g.close().unwrap();
    assert_eq!(g.next(), None);
    assert_eq!(log.take(), Vec::<String>::new());
}
