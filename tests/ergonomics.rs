//! The short forms of issue 18, used as a user would write them: the sent type
//! named up front (`consumer::<S, _>`), `Debug` errors in generic code,
//! `finish`, `yield_or_exit`, `resume`, `try_iter`, and a foreign-future panic
//! that names the user's code. (The compile-time halves, E0282 without the
//! turbofish and E0308 for `throw` on a `Gen::new` generator, are
//! `compile_fail` doc tests on `consumer` and `Gen::throw`.)

use std::cell::RefCell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, Location, catch_unwind};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use gensend::{
    CloseError, EarlyReturn, Gen, IgnoredExit, SendError, State, Step, consumer, throwable_consumer,
};

mod common;
use common::{Log, NOTHING, panic_payload_message};

// ---- 1. the sent type, named up front ------------------------------------------------

#[test]
fn consumer_with_the_sent_type_named_first_calls_its_methods() {
    let mut joined = consumer::<String, _>(|co| async move {
        let mut partial = String::new();
        while let Some(chunk) = co.yield_or_exit(()).await {
            partial.push_str(&chunk);
        }
        partial
    })
    .expect("waits for chunks");
    joined.send("ab".to_string()).unwrap();
    joined.send("c".to_string()).unwrap();
    assert_eq!(joined.finish(), Ok("abc".to_string()));
}

#[test]
fn throwable_consumer_names_sent_and_thrown_types() {
    let mut g = throwable_consumer::<String, _, u8>(|co| async move {
        let mut lengths = 0;
        loop {
            match co.try_yield(()).await {
                Ok(line) => lengths += line.len(),
                Err(gensend::Interrupt::Throw(code)) => return lengths + usize::from(code),
                Err(gensend::Interrupt::Exit) => return lengths,
            }
        }
    })
    .expect("waits for lines");
    g.send("four".to_string()).unwrap();
    assert_eq!(g.throw(100), Ok(Step::Complete(104)));
}

// ---- 2. Debug without a Debug payload ------------------------------------------------

/// Not `Debug`, as a generic stage's `T` may not be.
struct Opaque(u8);

/// A reusable stage over any `T`: `.expect()` needs no `T: Debug`.
fn keep_last<'a, T: Send + 'a>() -> Gen<'a, (), T, Option<T>> {
    consumer::<T, _>(|co| async move {
        let mut last = None;
        while let Some(item) = co.yield_or_exit(()).await {
            last = Some(item);
        }
        last
    })
    .expect("keep_last waits for input")
}

#[test]
fn a_generic_stage_expects_its_consumer_and_its_sends_without_debug_bounds() {
    let mut stage = keep_last::<Opaque>();
    stage.send(Opaque(1)).expect("suspended");
    stage.send(Opaque(2)).expect("suspended");
    let last = stage.finish().unwrap_or_else(|e| panic!("{e}")).expect("got items");
    assert_eq!(last.0, 2);
}

#[test]
fn error_types_print_their_variant_without_the_payload() {
    assert_eq!(format!("{:?}", SendError::NotStarted(Opaque(0))), "NotStarted(..)");
    assert_eq!(format!("{:?}", SendError::Closed(Opaque(0))), "Closed(..)");
    assert_eq!(format!("{:?}", IgnoredExit { yielded: Opaque(0) }), "IgnoredExit { .. }");
    assert_eq!(format!("{:?}", EarlyReturn { value: Opaque(0) }), "EarlyReturn { .. }");
    assert_eq!(format!("{:?}", CloseError::IgnoredExit(Opaque(0))), "IgnoredExit(..)");
    // And they are errors, for `?` into `Box<dyn Error>`.
    let boxed: Box<dyn std::error::Error> = Box::new(SendError::Closed(Opaque(0)));
    assert_eq!(boxed.to_string(), "generator already closed");
}

// ---- 3. finish: close and give me the result, or tell me why not ---------------------

#[test]
fn finish_gives_the_value_a_caught_exit_returns() {
    let mut avg = Gen::<(), f64, Option<f64>>::new(|co| async move {
        let (mut sum, mut n) = (0.0, 0.0);
        while let Some(x) = co.yield_or_exit(()).await {
            (sum, n) = (sum + x, n + 1.0);
        }
        (n > 0.0).then(|| sum / n)
    });
    avg.start().unwrap();
    avg.send(20.0).unwrap();
    avg.send(30.0).unwrap();
    assert_eq!(avg.finish(), Ok(Some(25.0)));
    assert_eq!(avg.state(), State::Closed);
    assert_eq!(avg.finish(), Err(CloseError::NoReturn), "the value was given once");
}

#[test]
fn finish_of_a_created_generator_runs_nothing_and_says_so() {
    let log = Log::default();
    let mut g = Gen::<(), (), u8>::new({
        let log = log.clone();
        |co| async move {
            log.push("ran");
            co.yield_(()).await;
            1
        }
    });
    assert_eq!(g.finish(), Err(CloseError::NotStarted));
    assert_eq!(g.state(), State::Closed);
    assert_eq!(log.take(), NOTHING);
}

#[test]
fn finish_at_a_plain_point_unwinds_and_says_no_return() {
    let log = Log::default();
    let mut g = Gen::<u8, (), u8>::new({
        let log = log.clone();
        |co| async move {
            let _finally = log.guard("finally");
            co.yield_(1).await;
            2
        }
    });
    g.start().unwrap();
    assert_eq!(g.finish(), Err(CloseError::NoReturn));
    assert_eq!(log.take(), ["drop finally"]);
}

#[test]
fn finish_hands_back_what_a_body_yields_instead_of_finishing() {
    let mut stubborn = Gen::<&str, (), ()>::new(|co| async move {
        if co.yield_or_exit("working").await.is_none() {
            co.yield_("not yet").await;
        }
    });
    stubborn.start().unwrap();
    assert_eq!(stubborn.finish(), Err(CloseError::IgnoredExit("not yet")));
    assert_eq!(stubborn.state(), State::Suspended);
    assert_eq!(CloseError::IgnoredExit(()).to_string(), "generator ignored GeneratorExit");
}

#[test]
fn finish_after_iterating_gives_the_value_the_body_returned() {
    let mut g = Gen::<u8, (), &str>::new(|co| async move {
        co.yield_(1).await;
        "done"
    });
    assert_eq!(g.by_ref().count(), 1);
    assert_eq!(g.finish(), Ok("done"));
}

// ---- 4. yield_or_exit: the catching point of a body that cannot be thrown into --------

#[test]
fn yield_or_exit_gives_sent_values_then_none_on_close() {
    let log = Log::default();
    let mut g = Gen::<usize, &str, Vec<String>>::new({
        let log = log.clone();
        |co| async move {
            let mut seen = Vec::new();
            while let Some(word) = co.yield_or_exit(seen.len()).await {
                seen.push(word.to_uppercase());
            }
            log.push("saw exit");
            seen
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded(0)));
    assert_eq!(g.send("a"), Ok(Step::Yielded(1)));
    assert_eq!(g.close(), Ok(Some(vec!["A".to_string()])));
    assert_eq!(log.take(), ["saw exit"]);
}

#[test]
fn yield_or_exit_is_a_catching_point_for_drop_too() {
    let log = Log::default();
    let g = Gen::<(), (), ()>::new({
        let log = log.clone();
        |co| async move {
            if co.yield_or_exit(()).await.is_none() {
                log.push("closed by drop");
            }
        }
    });
    let mut g = g;
    g.start().unwrap();
    assert_eq!(g.backtrace().next().map(|f| f.point), Some(gensend::Point::TryYield));
    drop(g);
    assert_eq!(log.take(), ["closed by drop"]);
}

// ---- 5. resume: one call whatever the state ------------------------------------------

#[test]
fn resume_starts_a_created_generator_and_hands_the_value_back() {
    let mut g = Gen::<i32, i32>::new(|co| async move {
        let mut x = co.yield_(0).await;
        loop {
            x = co.yield_(x + 1).await;
        }
    });
    assert_eq!(g.resume(41), Ok((Step::Yielded(0), Some(41))));
    assert_eq!(g.resume(41), Ok((Step::Yielded(42), None)));
    g.close().unwrap();
    assert_eq!(g.resume(7), Err(SendError::Closed(7)));
}

#[test]
fn resume_of_a_body_that_returns_at_once_still_hands_the_value_back() {
    let mut g = Gen::<(), String, u8>::new(|_co| async move { 9 });
    assert_eq!(g.resume("unsent".to_string()), Ok((Step::Complete(9), Some("unsent".to_string()))));
    assert_eq!(g.resume("late".to_string()), Err(SendError::Closed("late".to_string())));
}

// ---- 6. a foreign future: the panic names the user's code ----------------------------

/// Pending once (a timer, a channel): not one of the handle's futures.
struct Foreign;

impl Future for Foreign {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

thread_local! {
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, which must panic; returns the message and the file of the
/// panic's location.
fn panic_of<T>(f: impl FnOnce() -> T) -> (String, String) {
    static HOOK: Mutex<()> = Mutex::new(());
    let _one_hook_at_a_time = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let file = info.location().map(|at| at.file().to_string());
        PANIC_AT.with(|at| *at.borrow_mut() = file);
    }));
    let payload = catch_unwind(AssertUnwindSafe(f)).err().expect("expected a panic");
    std::panic::set_hook(previous);
    let file = PANIC_AT.with(|at| at.borrow_mut().take()).unwrap_or_default();
    (panic_payload_message(payload), file)
}

#[test]
fn a_foreign_future_panics_at_the_callers_send_naming_the_last_yield() {
    let mut g = Gen::<u8, u8>::new(|co| async move {
        co.yield_(1).await;
        Foreign.await;
    });
    g.start().unwrap();
    let yield_line = line!() - 4;
    let (message, file) = panic_of(|| g.send(0));
    let last = format!("last suspended at yield_ at {}:{yield_line}:", file!());
    assert!(message.contains("awaited a future that is not one of its handle's"), "{message}");
    assert!(message.contains(&last), "{message:?} does not contain {last:?}");
    assert_eq!(file, Location::caller().file(), "the panic is located in the caller's code");
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn a_foreign_future_before_the_first_yield_says_so() {
    let mut g = Gen::<u8>::new(|co| async move {
        Foreign.await;
        co.yield_(1).await;
    });
    let (message, file) = panic_of(|| g.next());
    assert!(message.ends_with("(before the generator's first yield)"), "{message}");
    assert_eq!(file, file!());
}

#[test]
fn the_short_forms_report_a_foreign_future_at_the_callers_line_too() {
    let mut resumed = Gen::<u8, u8>::new(|_co| Foreign);
    assert_eq!(panic_of(|| resumed.resume(1)).1, file!());
    let mut iterated = Gen::<u8, (), Result<(), ()>>::new(|_co| async move {
        Foreign.await;
        Ok(())
    });
    assert_eq!(panic_of(|| iterated.try_iter().next()).1, file!());
    let mut finished = Gen::<u8, (), ()>::new(|co| async move {
        if co.yield_or_exit(1).await.is_none() {
            Foreign.await;
        }
    });
    finished.start().unwrap();
    let (message, file) = panic_of(|| finished.finish());
    assert!(message.contains("last suspended at try_yield at"), "{message}"); // yield_or_exit is a try_yield point
    assert_eq!(file, file!());
}

// ---- 7. try_iter: a body's error reaches the loop ------------------------------------

#[derive(Debug, PartialEq)]
struct Malformed(&'static str);

fn fields(line: &'static str) -> Gen<'static, &'static str, (), Result<usize, Malformed>> {
    Gen::new(move |co| async move {
        let mut count = 0;
        for field in line.split(',') {
            if field.is_empty() {
                return Err(Malformed(line));
            }
            co.yield_(field).await;
            count += 1;
        }
        Ok(count)
    })
}

#[test]
fn try_iter_ends_with_the_bodys_error() {
    let mut g = fields("a,,b");
    let items: Vec<_> = g.try_iter().collect();
    assert_eq!(items, [Ok("a"), Err(Malformed("a,,b"))]);
    assert_eq!(g.take_return(), None, "the error went to the loop");
    assert_eq!(fields("a,b").try_iter().collect::<Result<Vec<_>, _>>(), Ok(vec!["a", "b"]));
}

#[test]
fn try_iter_works_with_question_mark_and_keeps_a_successful_return() {
    fn count_fields(line: &'static str) -> Result<(Vec<&'static str>, Option<usize>), Malformed> {
        let mut seen = Vec::new();
        let mut items = fields(line).into_try_iter();
        for field in &mut items {
            seen.push(field?);
        }
        Ok((seen, items.take_return()))
    }
    assert_eq!(count_fields("x,y"), Ok((vec!["x", "y"], Some(2))));
    assert_eq!(count_fields(",y"), Err(Malformed(",y")));
}

#[test]
fn try_iter_is_fused_after_the_error() {
    let mut g = fields(",");
    let mut items = g.try_iter();
    assert_eq!(items.next(), Some(Err(Malformed(","))));
    assert_eq!(items.next(), None);
    assert_eq!(items.next(), None);
}
