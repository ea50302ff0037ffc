//! `co.reraise(interrupt)`: a catching point that lets what it caught go on, like
//! Python's `except ValueError:` letting `GeneratorExit` through, or a bare `raise`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use gensend::{Gen, Interrupt, SendError, State, Step};

type Log = Arc<Mutex<Vec<String>>>;

struct Finally(&'static str, Log);
impl Drop for Finally {
    fn drop(&mut self) {
        self.1.lock().unwrap().push(format!("finally {}", self.0));
    }
}

/// try: yield 1 / except ValueError: yield "recovered" — everything else re-raised.
fn only_catches_value_error(log: Log) -> Gen<'static, &'static str, (), &'static str, &'static str> {
    Gen::throwable(|co| async move {
        let _finally = Finally("inner", log.clone());
        match co.try_yield("ready").await {
            Ok(()) => {}
            Err(Interrupt::Throw("ValueError")) => co.yield_("recovered").await,
            Err(other) => co.reraise(other).await,
        }
        "done"
    })
}

#[test]
fn reraise_of_throw_hands_the_error_back_and_unwinds() {
    let log = Log::default();
    let mut g = only_catches_value_error(log.clone());
    g.start().unwrap();
    assert_eq!(g.throw("KeyError"), Err("KeyError"));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(*log.lock().unwrap(), ["finally inner"]);
}

#[test]
fn caught_throw_is_still_handled_when_not_reraised() {
    let mut g = only_catches_value_error(Log::default());
    g.start().unwrap();
    assert_eq!(g.throw("ValueError"), Ok(Step::Yielded("recovered")));
    assert_eq!(g.send(()), Ok(Step::Complete("done")));
}

#[test]
fn reraise_of_exit_makes_close_return_no_value() {
    // Python 3.13: close() returns None when GeneratorExit propagates.
    let log = Log::default();
    let mut g = only_catches_value_error(log.clone());
    g.start().unwrap();
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(*log.lock().unwrap(), ["finally inner"]);
}

#[test]
fn reraise_may_replace_the_thrown_error() {
    // Python: except KeyError: raise ValueError
    let mut g: Gen<i32, (), (), String> = Gen::throwable(|co| async move {
        if let Err(Interrupt::Throw(e)) = co.try_yield(1).await {
            co.reraise::<()>(Interrupt::Throw(format!("wrapped {e}"))).await;
        }
    });
    g.start().unwrap();
    assert_eq!(g.throw("boom".to_string()), Err("wrapped boom".to_string()));
}

#[test]
fn reraise_in_a_delegator_continues_outwards_level_by_level() {
    // outer catches with try_yield_from; middle catches with try_yield_from and
    // re-raises; inner does not catch. Cleanups run innermost first.
    let log = Log::default();
    let (l1, l2, l3) = (log.clone(), log.clone(), log.clone());
    let mut outer: Gen<i32, (), String, &str> = Gen::throwable(|co| async move {
        let _f = Finally("outer", l1);
        let middle = Gen::throwable(|co| async move {
            let _f = Finally("middle", l2);
            let inner = Gen::throwable(|co| async move {
                let _f = Finally("inner", l3);
                co.yield_(1).await;
            });
            match co.try_yield_from(inner).await {
                Ok(()) => {}
                Err(interrupt) => co.reraise(interrupt).await,
            }
        });
        match co.try_yield_from(middle).await {
            Ok(()) => "finished".to_string(),
            Err(Interrupt::Throw(e)) => format!("outer caught {e}"),
            Err(Interrupt::Exit) => "closed".to_string(),
        }
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    assert_eq!(outer.throw("E"), Ok(Step::Complete("outer caught E".to_string())));
    assert_eq!(*log.lock().unwrap(), ["finally inner", "finally middle", "finally outer"]);
}

#[test]
fn reraise_of_a_throw_while_handling_a_send_is_a_bug_in_the_body() {
    let mut g: Gen<i32, i32, (), &str> = Gen::throwable(|co| async move {
        let _ = co.try_yield(1).await;
        co.reraise::<()>(Interrupt::Throw("not handling a throw")).await;
    });
    g.start().unwrap();
    let panic = catch_unwind(AssertUnwindSafe(|| g.send(5))).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("reraise can only re-raise the kind of interrupt being handled"), "{message}");
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.send(6), Err(SendError::Closed(6)));
}
