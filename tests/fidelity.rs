//! Issue 17: what a delegate ends with is never lost by delegating to it.
//!
//! Each test quotes the Python program it ports and CPython 3.13's answer.

use std::panic::{AssertUnwindSafe, catch_unwind};

use gensend::{Escaped, Gen, IgnoredExit, Interrupt, IterInterrupt, State, Step};

#[derive(Clone, Debug, PartialEq)]
struct Boom(i32);

type Res = Result<String, Boom>;

// class Boom(Exception): pass
// def inner():
//     try:
//         yield 1
//     except GeneratorExit:
//         raise Boom(9)
fn inner() -> Gen<'static, i32, (), Res> {
    Gen::new(|co| async move {
        match co.try_yield(1).await {
            Ok(()) => Ok("inner done".to_string()),
            Err(Interrupt::Exit) => Err(Boom(9)),
            Err(Interrupt::Throw(never)) => match never {},
        }
    })
}

// def outer():
//     try:
//         return (yield from inner())
//     except Boom as e:
//         return f"caught {e!r}"
// g = outer(); next(g); print(g.close())     # caught Boom(9)
#[test]
fn boom_raised_by_a_delegate_while_closed_is_caught_by_its_delegator() {
    let mut outer: Gen<i32, (), Res> = Gen::new(|co| async move {
        match co.catch_yield_from(inner()).await {
            Ok(Err(e)) | Err(Escaped::ExitReturned(Err(e))) => Ok(format!("caught {e:?}")),
            Ok(Ok(value)) => Ok(value),
            Err(other) => co.reraise(other.into_interrupt()).await,
        }
    });
    assert_eq!(outer.start(), Ok(Step::Yielded(1)));
    assert_eq!(outer.close(), Ok(Some(Ok("caught Boom(9)".to_string()))));
    assert_eq!(outer.state(), State::Closed);
}

// Without `except Boom`, CPython's close() raises Boom: 9. Ported faithfully (the
// delegator lets what the delegate raised go on, by returning it), close() reports
// it as the body's error.
#[test]
fn boom_raised_by_a_delegate_while_closed_propagates_out_of_close() {
    let mut outer: Gen<i32, (), Res> = Gen::new(|co| async move {
        match co.catch_yield_from(inner()).await {
            Ok(returned) | Err(Escaped::ExitReturned(returned @ Err(_))) => returned,
            Err(other) => co.reraise(other.into_interrupt()).await,
        }
    });
    outer.start().unwrap();
    assert_eq!(outer.close(), Ok(Some(Err(Boom(9)))));
}

// Through three levels: each middle level lets it go on; the outermost catches it.
// CPython: caught Boom(9).
#[test]
fn boom_raised_while_closed_crosses_every_level_that_lets_it_go_on() {
    fn middle(depth: u32) -> Gen<'static, i32, (), Res> {
        Gen::new(move |co| async move {
            let sub = if depth == 0 { inner() } else { middle(depth - 1) };
            match co.catch_yield_from(sub).await {
                Ok(returned) | Err(Escaped::ExitReturned(returned @ Err(_))) => returned,
                Err(other) => co.reraise(other.into_interrupt()).await,
            }
        })
    }
    let mut outer: Gen<i32, (), Res> = Gen::new(|co| async move {
        match co.catch_yield_from(middle(2)).await {
            Err(Escaped::ExitReturned(Err(e))) => Ok(format!("caught {e:?}")),
            Ok(returned) => returned,
            Err(other) => co.reraise(other.into_interrupt()).await,
        }
    });
    outer.start().unwrap();
    assert_eq!(outer.backtrace().count(), 5);
    assert_eq!(outer.close(), Ok(Some(Ok("caught Boom(9)".to_string()))));
}

// A delegate that *returns* a value while closed: CPython discards it and raises
// GeneratorExit in the delegator (close() is None unless the delegator returns).
// catch_yield_from shows the value; the other forms drop it and deliver Exit.
#[test]
fn a_value_returned_while_closed_reaches_only_catch_yield_from() {
    fn returning() -> Gen<'static, i32, (), i32> {
        Gen::new(|co| async move {
            let _ = co.try_yield(1).await;
            41
        })
    }
    let mut caught: Gen<i32, (), i32> = Gen::new(|co| async move {
        match co.catch_yield_from(returning()).await {
            Err(Escaped::ExitReturned(v)) => v + 1,
            _ => 0,
        }
    });
    caught.start().unwrap();
    assert_eq!(caught.close(), Ok(Some(42)));

    let mut try_form: Gen<i32, (), i32> = Gen::new(|co| async move {
        match co.try_yield_from(returning()).await {
            Err(Interrupt::Exit) => -1,
            _ => 0,
        }
    });
    try_form.start().unwrap();
    assert_eq!(try_form.close(), Ok(Some(-1)));

    let mut plain: Gen<i32, (), i32> = Gen::new(|co| async move { co.yield_from(returning()).await });
    plain.start().unwrap();
    assert_eq!(plain.close(), Ok(None)); // PROTOCOL.md D4: plain yield_from does not catch
}

// A delegator that yields again after its delegate raised while closed ignored
// GeneratorExit: close() reports it, the generator stays suspended there.
// CPython: RuntimeError: generator ignored GeneratorExit.
#[test]
fn yielding_after_a_delegate_raised_while_closed_ignores_exit() {
    let mut outer: Gen<i32, (), Res> = Gen::new(|co| async move {
        if let Err(Escaped::ExitReturned(Err(Boom(n)))) = co.catch_yield_from(inner()).await {
            co.yield_(n * 10).await;
        }
        Ok("done".to_string())
    });
    outer.start().unwrap();
    assert_eq!(outer.close(), Err(IgnoredExit { yielded: 90 }));
    assert_eq!(outer.state(), State::Suspended);
    assert_eq!(outer.send(()), Ok(Step::Complete(Ok("done".to_string()))));
}

// A throw the delegate catches and answers by raising Boom arrives as its return
// value, with every form (Python: Boom raised at the `yield from`).
#[test]
fn boom_raised_by_a_delegate_on_throw_is_its_return_value() {
    fn raising() -> Gen<'static, i32, (), Res, &'static str> {
        Gen::throwable(|co: gensend::Co<'_, i32, (), &str>| async move {
            match co.try_yield(1).await {
                Err(Interrupt::Throw(e)) => Err(Boom(e.len() as i32)),
                _ => Ok(String::new()),
            }
        })
    }
    let mut outer: Gen<i32, (), Res, &str> = Gen::throwable(|co| async move {
        match co.catch_yield_from(raising()).await {
            Ok(Err(Boom(n))) => Ok(format!("caught {n}")),
            other => Ok(format!("{other:?}")),
        }
    });
    outer.start().unwrap();
    assert_eq!(outer.throw("four"), Ok(Step::Complete(Ok("caught 4".to_string()))));
}

// Dropping a chain whose delegate raises while closed: CPython reports the
// exception as unraisable; gensend drops the value. Nothing panics, guards run.
#[test]
fn a_delegate_raising_while_dropped_is_dropped_quietly() {
    let outer: Gen<i32, (), Res> = Gen::new(|co| async move {
        match co.catch_yield_from(inner()).await {
            Ok(returned) | Err(Escaped::ExitReturned(returned)) => returned,
            Err(other) => co.reraise(other.into_interrupt()).await,
        }
    });
    let mut outer = outer;
    outer.start().unwrap();
    drop(outer);
}

// def outer():
//     try:
//         yield from ["a", "b"]
//     except Boom:
//         yield "caught"
// g = outer(); next(g); print(g.throw(Boom()))   # caught (and g is still suspended)
#[test]
fn a_throw_into_an_iterable_is_caught_around_it() {
    let mut g: Gen<&str, (), (), &str> = Gen::throwable(|co| async move {
        match co.try_yield_from_iter(["a", "b"]).await {
            Ok(()) => {}
            Err(Interrupt::Throw(_)) => co.yield_("caught").await,
            Err(exit) => co.reraise(exit).await,
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded("a")));
    assert_eq!(g.throw("Boom"), Ok(Step::Yielded("caught")));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.send(()), Ok(Step::Complete(())));
}

// def outer():
//     try:
//         yield from range(3)
//     except GeneratorExit:
//         return "closed"
//     return "done"
// g = outer(); next(g); next(g); print(g.close())   # closed
// h = outer(); print(list(h))                       # [0, 1, 2], StopIteration("done")
#[test]
fn close_of_an_iterable_is_caught_around_it() {
    let body = |co: gensend::Co<'static, i32>| async move {
        match co.try_yield_from_iter(0..3).await {
            Ok(()) => "done",
            Err(_) => "closed",
        }
    };
    let mut g: Gen<i32, (), &str> = Gen::new(body);
    g.start().unwrap();
    g.next();
    assert_eq!(g.close(), Ok(Some("closed")));
    let mut h: Gen<i32, (), &str> = Gen::new(body);
    assert_eq!(h.by_ref().collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(h.take_return(), Some("done"));
}

// With a sent type other than (): a value that does not stand for None ends the
// iterable delegation and is handed back (CPython: AttributeError in the delegator).
#[test]
fn a_value_sent_into_an_iterable_is_handed_back() {
    let mut g: Gen<i32, Option<i32>, Option<i32>> = Gen::new(|co| async move {
        match co.try_yield_from_iter_with(10..20, Option::is_none).await {
            Err(IterInterrupt::Sent(sent)) => sent,
            _ => None,
        }
    });
    assert_eq!(g.start(), Ok(Step::Yielded(10)));
    assert_eq!(g.send(None), Ok(Step::Yielded(11)));
    assert_eq!(g.send(Some(7)), Ok(Step::Complete(Some(7))));
}

fn one() -> Gen<'static, i32, (), i32, &'static str> {
    Gen::throwable(|co| async move {
        co.yield_(1).await;
        7
    })
}

// def one(): yield 1; return 7
// def outer(g): return (yield from g)
// for each g exhausted (next until StopIteration), closed, killed by throw, closed
// before it started: next(outer(g)) raises StopIteration(None)
#[test]
fn yield_from_or_none_of_an_exhausted_closed_or_killed_sub_is_none() {
    let mut exhausted = one();
    exhausted.start().unwrap();
    assert_eq!(exhausted.send(()), Ok(Step::Complete(7))); // the value is taken here
    let mut closed = one();
    closed.start().unwrap();
    assert_eq!(closed.close(), Ok(None));
    let mut killed = one();
    killed.start().unwrap();
    assert_eq!(killed.throw("ValueError"), Err("ValueError"));
    let never_started = {
        let mut g = one();
        assert_eq!(g.close(), Ok(None));
        g
    };
    for sub in [exhausted, closed, killed, never_started] {
        let mut outer: Gen<i32, (), Option<i32>, &str> =
            Gen::throwable(|co| async move { co.yield_from_or_none(sub).await });
        assert_eq!(outer.start(), Ok(Step::Complete(None))); // nothing runs, nothing yields
    }
    // A fresh sub is delegated to as by yield_from; a value nobody took is given.
    let outer: Gen<i32, (), Option<i32>, &str> =
        Gen::throwable(|co| async move { co.yield_from_or_none(one()).await });
    let mut outer = outer;
    assert_eq!(outer.by_ref().collect::<Vec<_>>(), [1]);
    assert_eq!(outer.take_return(), Some(Some(7)));
    let mut kept = one();
    assert_eq!(kept.by_ref().count(), 1);
    let outer: Gen<i32, (), Option<i32>, &str> =
        Gen::throwable(|co| async move { co.yield_from_or_none(kept).await });
    let mut outer = outer;
    assert_eq!(outer.start(), Ok(Step::Complete(Some(7))));
}

// The panic stays only where the type has no answer: yield_from and the catching
// forms of a closed sub whose value is gone (R2 has no None).
#[test]
fn yield_from_and_catch_yield_from_of_a_gone_sub_still_panic() {
    let gone = || {
        let mut g = one();
        g.close().unwrap();
        g
    };
    let sub = gone();
    let mut plain: Gen<i32, (), i32, &str> = Gen::throwable(|co| async move { co.yield_from(sub).await });
    let panic = catch_unwind(AssertUnwindSafe(|| plain.start())).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("closed generator whose return value is gone"), "{message}");
    assert_eq!(plain.state(), State::Closed);
    let sub = gone();
    let mut catching: Gen<i32, (), i32, &str> =
        Gen::throwable(|co| async move { co.catch_yield_from(sub).await.unwrap_or(0) });
    assert!(catch_unwind(AssertUnwindSafe(|| catching.start())).is_err());
    assert_eq!(catching.state(), State::Closed);
}

#[test]
fn escaped_and_iter_interrupt_are_errors_with_python_names() {
    fn error(e: &dyn std::error::Error) -> String {
        e.to_string()
    }
    assert_eq!(error(&Escaped::<i32, &str>::Throw("ValueError")), "ValueError");
    assert_eq!(error(&Escaped::<i32, &str>::Exit), "GeneratorExit");
    assert!(error(&Escaped::<i32, &str>::ExitReturned(1)).starts_with("GeneratorExit"));
    assert!(error(&IterInterrupt::<i32, &str>::Sent(1)).starts_with("AttributeError"));
    assert_eq!(error(&IterInterrupt::<i32, &str>::Exit), "GeneratorExit");
}
