//! The seed programs about `yield from`, ported line by line. Each writes what the
//! Python program prints into a `Vec<String>`, compared with CPython's exact output.

use std::sync::{Arc, Mutex};

use gensend::{Gen, Step};

/// Python's stdout: the lines printed so far.
#[derive(Clone, Default)]
struct Stdout(Arc<Mutex<Vec<String>>>);

impl Stdout {
    fn print(&self, line: impl Into<String>) {
        self.0.lock().unwrap().push(line.into());
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// `14_yield_from_send.out` (CPython 3.11.7 and 3.13.0 print the same).
const YIELD_FROM_SEND_OUT: [&str; 6] = [
    "Outer: delegating to inner",
    "inner waiting",
    "Inner received: alpha",
    "inner waiting again",
    "Inner received: beta",
    "Outer: inner exhausted, continuing",
];

// 14_yield_from_send.py
// def inner():
//     x = (yield "inner waiting")
//     print(f"Inner received: {x}")
//     y = (yield "inner waiting again")
//     print(f"Inner received: {y}")
//
// def outer():
//     print("Outer: delegating to inner")
//     yield from inner()
//     print("Outer: inner exhausted, continuing")
//
// gen = outer()
// print(next(gen))
// print(gen.send("alpha"))
// try:
//     gen.send("beta")
// except StopIteration:
//     pass
#[test]
fn seed_14_send_on_outer_reaches_inner() {
    let stdout = Stdout::default();

    let out = stdout.clone();
    let inner = move || -> Gen<'static, &'static str, &'static str> {
        Gen::new(|co| async move {
            let x = co.yield_("inner waiting").await;
            out.print(format!("Inner received: {x}"));
            let y = co.yield_("inner waiting again").await;
            out.print(format!("Inner received: {y}"));
        })
    };
    let out = stdout.clone();
    let outer = move || -> Gen<'static, &'static str, &'static str> {
        Gen::new(|co| async move {
            out.print("Outer: delegating to inner");
            co.yield_from(inner()).await;
            out.print("Outer: inner exhausted, continuing");
        })
    };

    let mut generator = outer();
    match generator.start() {
        Ok(Step::Yielded(value)) => stdout.print(value),
        other => panic!("next(gen) gave {other:?}"),
    }
    match generator.send("alpha") {
        Ok(Step::Yielded(value)) => stdout.print(value),
        other => panic!("gen.send(\"alpha\") gave {other:?}"),
    }
    match generator.send("beta") {
        Ok(Step::Complete(())) => {} // except StopIteration: pass
        other => panic!("gen.send(\"beta\") gave {other:?}"),
    }

    assert_eq!(stdout.lines(), YIELD_FROM_SEND_OUT);
}

/// `15_yield_from_return_value.out` (CPython 3.11.7 and 3.13.0 print the same).
const YIELD_FROM_RETURN_VALUE_OUT: [&str; 1] = ["Final total: 42"];

/// Python's `print(v)` of a value that is `None` or a string.
fn py_str(value: Option<String>) -> String {
    value.unwrap_or_else(|| "None".to_string())
}

// 15_yield_from_return_value.py
// def inner_worker():
//     total = 0
//     while True:
//         value = (yield)
//         if value is None:
//             return total
//         total += value
//
// def outer():
//     result = yield from inner_worker()
//     yield f"Final total: {result}"
//
// gen = outer()
// next(gen)
// gen.send(10)
// gen.send(25)
// gen.send(7)
// print(gen.send(None))
#[test]
fn seed_15_yield_from_evaluates_to_inner_return_value() {
    // Python's bare `yield` emits None, and outer yields a string: Y = Option<String>.
    // `send(None)` is the stop signal: S = Option<i32>.
    type G<R> = Gen<'static, Option<String>, Option<i32>, R>;
    fn inner_worker() -> G<i32> {
        Gen::new(|co| async move {
            let mut total = 0;
            loop {
                let Some(value) = co.yield_(None).await else {
                    return total;
                };
                total += value;
            }
        })
    }
    fn outer() -> G<()> {
        Gen::new(|co| async move {
            let result = co.yield_from(inner_worker()).await;
            co.yield_(Some(format!("Final total: {result}"))).await;
        })
    }

    let stdout = Stdout::default();
    let mut generator = outer();
    assert_eq!(generator.start(), Ok(Step::Yielded(None)));
    assert_eq!(generator.send(Some(10)), Ok(Step::Yielded(None)));
    assert_eq!(generator.send(Some(25)), Ok(Step::Yielded(None)));
    assert_eq!(generator.send(Some(7)), Ok(Step::Yielded(None)));
    match generator.send(None) {
        Ok(Step::Yielded(value)) => stdout.print(py_str(value)),
        other => panic!("gen.send(None) gave {other:?}"),
    }

    assert_eq!(stdout.lines(), YIELD_FROM_RETURN_VALUE_OUT);
}
