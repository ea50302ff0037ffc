//! PROTOCOL.md E1: `consumer` / `throwable_consumer` (and `Gen::primed`) prime at construction and
//! only accept bodies that yield `()`, so no first value can be discarded.
//! (That a body yielding a value does not compile is a `compile_fail` doc test
//! on `consumer`.)

use std::panic::catch_unwind;
use std::sync::{Arc, Mutex};

use gensend::{EarlyReturn, Gen, Interrupt, SendError, State, Step, consumer, throwable_consumer};

type Log = Arc<Mutex<Vec<String>>>;

fn take(log: &Log) -> Vec<String> {
    log.lock().unwrap().drain(..).collect()
}

/// Python (seed 13, CPython 3.11 and 3.13 print the same):
/// ```python
/// @consumer
/// def logger(prefix):
///     while True:
///         message = (yield)
///         print(f"[{prefix}] {message}")
/// log = logger("INFO")
/// log.send("Server started")    # [INFO] Server started
/// log.send("Request received")  # [INFO] Request received
/// ```
fn logger(prefix: &'static str, out: Log) -> Gen<'static, (), &'static str> {
    consumer(move |co| async move {
        loop {
            let message: &str = co.yield_(()).await;
            out.lock().unwrap().push(format!("[{prefix}] {message}"));
        }
    })
    .unwrap()
}

#[test]
fn seed13_consumer_is_ready_for_send_without_priming() {
    let out = Log::default();
    let mut log = logger("INFO", out.clone());
    assert_eq!(log.state(), State::Suspended);
    assert_eq!(log.send("Server started"), Ok(Step::Yielded(())));
    assert_eq!(log.send("Request received"), Ok(Step::Yielded(())));
    assert_eq!(take(&out), ["[INFO] Server started", "[INFO] Request received"]);
}

#[test]
fn e1_priming_runs_the_body_to_its_first_yield_exactly_once() {
    let log = Log::default();
    let body_log = log.clone();
    let mut sink: Gen<(), i32> = consumer(move |co| async move {
        body_log.lock().unwrap().push("setup".into());
        loop {
            let x = co.yield_(()).await;
            body_log.lock().unwrap().push(format!("got {x}"));
        }
    })
    .unwrap();
    assert_eq!(take(&log), ["setup"], "the code before the first yield ran at construction");
    sink.send(1).unwrap();
    sink.send(2).unwrap();
    assert_eq!(take(&log), ["got 1", "got 2"], "the first send reaches the first yield");
    assert_eq!(sink.start(), Err(gensend::StartError::AlreadyStarted));
}

#[test]
fn r10_gen_start_keeps_the_first_value_the_python_decorator_drops() {
    // Python (rule R10): with @consumer, `x = yield "FIRST (meaningful)"` is lost:
    //   first value the caller sees: 'got hi'
    // A generator that yields values cannot go through `consumer` (compile_fail
    // doc test); primed by hand with start(), nothing is lost.
    let mut g: Gen<String, &str> = Gen::new(|co| async move {
        let x = co.yield_("FIRST (meaningful)".to_string()).await;
        co.yield_(format!("got {x}")).await;
    });
    assert_eq!(g.start(), Ok(Step::Yielded("FIRST (meaningful)".to_string())));
    assert_eq!(g.send("hi"), Ok(Step::Yielded("got hi".to_string())));
}

#[test]
fn e1_a_body_that_returns_before_its_first_yield_hands_its_value_back() {
    // Python: the decorator's next() raises StopIteration(value) out of the
    // constructor call.
    let log = Log::default();
    let body_log = log.clone();
    let made: Result<Gen<(), u8, Result<(), String>>, _> = consumer(move |co| async move {
        body_log.lock().unwrap().push("checking config".into());
        if body_log.lock().unwrap().len() == 1 {
            return Err("capacity must be positive".to_string());
        }
        loop {
            co.yield_(()).await;
        }
    });
    let early = made.unwrap_err();
    assert_eq!(early, EarlyReturn { value: Err("capacity must be positive".to_string()) });
    assert_eq!(early.to_string(), "generator returned before its first yield");
    assert_eq!(early.python_exception(), "StopIteration");
    assert_eq!(take(&log), ["checking config"], "the body ran once, up to its return");
}

#[test]
fn c5_a_panic_before_the_first_yield_propagates_out_of_consumer() {
    let make = |fail: bool| {
        catch_unwind(move || {
            let made: Result<Gen<(), u8>, _> = consumer(move |co| async move {
                if fail {
                    panic!("setup failed");
                }
                co.yield_(()).await;
            });
            made.map(|sink| sink.state())
        })
    };
    assert!(matches!(make(false), Ok(Ok(State::Suspended))), "control: no panic, primed");
    let payload = make(true).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"setup failed"));
}

#[test]
fn c4_closing_a_consumer_returns_what_its_exit_handler_returns() {
    let mut counter: Gen<(), &str, usize> = consumer(|co| async move {
        let mut seen = 0;
        while let Ok(_line) = co.try_yield(()).await {
            seen += 1;
        }
        seen
    })
    .unwrap();
    counter.send("a").unwrap();
    counter.send("b").unwrap();
    assert_eq!(counter.close(), Ok(Some(2)));
    assert_eq!(counter.state(), State::Closed);
    assert_eq!(counter.send("c"), Err(SendError::Closed("c")));
}

#[derive(Debug, PartialEq)]
enum Signal {
    Flush,
    Abort,
}

/// Collects numbers; `throw(Flush)` returns the batch so far, `throw(Abort)` is
/// not caught (plain yield) and unwinds the body, running the Drop guard.
fn batcher(log: Log) -> Gen<'static, (), u32, Vec<u32>, Signal> {
    struct Finally(Log);
    impl Drop for Finally {
        fn drop(&mut self) {
            self.0.lock().unwrap().push("finally".into());
        }
    }
    throwable_consumer(move |co| async move {
        let _guard = Finally(log);
        let mut batch: Vec<u32> = Vec::new();
        loop {
            match co.try_yield(()).await {
                Ok(x) => batch.push(x),
                Err(Interrupt::Throw(Signal::Flush)) | Err(Interrupt::Exit) => return batch,
                Err(Interrupt::Throw(Signal::Abort)) => break,
            }
        }
        co.yield_(()).await; // a plain point: Abort lands here on the next throw
        batch
    })
    .unwrap()
}

#[test]
fn e1_throwable_consumer_catches_what_is_thrown_at_a_catching_point() {
    let log = Log::default();
    let mut b = batcher(log.clone());
    b.send(1).unwrap();
    b.send(2).unwrap();
    assert_eq!(b.throw(Signal::Flush), Ok(Step::Complete(vec![1, 2])));
    assert_eq!(take(&log), ["finally"]);
    assert_eq!(b.state(), State::Closed);
}

#[test]
fn c1_an_uncaught_throw_unwinds_a_throwable_consumer_and_comes_back() {
    let log = Log::default();
    let mut b = batcher(log.clone());
    b.send(1).unwrap();
    assert_eq!(b.throw(Signal::Abort), Ok(Step::Yielded(())), "caught once, now at a plain point");
    assert_eq!(take(&log), Vec::<String>::new());
    assert_eq!(b.throw(Signal::Abort), Err(Signal::Abort));
    assert_eq!(take(&log), ["finally"]);
    assert_eq!(b.state(), State::Closed);
}

#[test]
fn consumers_are_send_and_can_be_fed_from_another_thread() {
    let out = Log::default();
    let mut log = logger("T", out.clone());
    std::thread::spawn(move || {
        log.send("from a thread").unwrap();
        log
    })
    .join()
    .unwrap()
    .send("back home")
    .unwrap();
    assert_eq!(take(&out), ["[T] from a thread", "[T] back home"]);
}

#[test]
fn consumers_can_borrow_from_the_caller() {
    let mut total = 0;
    {
        let total = &mut total;
        let mut adder: Gen<(), i32> = consumer(|co| async move {
            loop {
                *total += co.yield_(()).await;
            }
        })
        .unwrap();
        adder.send(40).unwrap();
        adder.send(2).unwrap();
    }
    assert_eq!(total, 42);
}

#[test]
fn primed_makes_a_local_consumer_whose_body_holds_an_rc_across_yields() {
    use std::{cell::RefCell, rc::Rc};
    let lines = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&lines);
    let mut log: gensend::LocalGen<(), &str> = Gen::new_local(|co| async move {
        loop {
            let message = co.yield_(()).await;
            sink.borrow_mut().push(format!("[LOCAL] {message}"));
        }
    })
    .primed()
    .unwrap();
    assert_eq!(log.state(), State::Suspended);
    assert_eq!(log.send("one"), Ok(Step::Yielded(())));
    log.send("two").unwrap();
    assert_eq!(*lines.borrow(), ["[LOCAL] one", "[LOCAL] two"]);
}

#[test]
fn primed_hands_back_what_a_local_body_returns_before_its_first_yield() {
    let made = Gen::<(), u8, &str, _, _>::new_local(|_co| async move { "no input needed" }).primed();
    assert!(matches!(made, Err(EarlyReturn { value: "no input needed" })));
}

#[test]
fn primed_leaves_a_started_generator_where_it_is() {
    let out = Log::default();
    let mut log = logger("AGAIN", out.clone()).primed().unwrap();
    assert_eq!(log.state(), State::Suspended);
    assert_eq!(take(&out), Vec::<String>::new(), "priming again runs nothing");
    assert_eq!(log.send("still at the first yield"), Ok(Step::Yielded(())));
    assert_eq!(take(&out), ["[AGAIN] still at the first yield"]);
}
