//! Seed 06 (one shot, then exhausted): `yield (yield "first")` yields whatever was sent
//! to the inner yield; the next `send` ends the body (`StopIteration` in Python,
//! `Step::Complete` here), and every later `send` is refused at once (`StopIteration`
//! again in Python, `Err(SendError::Closed)` here, with the value handed back).
//!
//! Python original (`06_one_shot_exhausted.py`, shortened):
//!
//! ```python
//! def one_shot():
//!     yield (yield "first")
//!
//! gen = one_shot(); next(gen); gen.send("second")
//! try:
//!     gen.send("third")
//! except StopIteration:
//!     print("Generator exhausted")
//! try:
//!     gen.send("fourth")
//! except StopIteration as e:
//!     print(f"{type(e).__name__}: value={e.value!r}")
//! g = one_shot()
//! print("next(g) ->", repr(next(g)))
//! print('g.send("second") ->', repr(g.send("second")))
//! print("state:", inspect.getgeneratorstate(g))
//! try:
//!     g.send("third")
//! except StopIteration:
//!     print('g.send("third") -> StopIteration; state:', inspect.getgeneratorstate(g))
//! ```
//!
//! A closed generator's `StopIteration` carries None, hence `value=None` after the
//! exception name that `SendError::python_exception()` gives.

use gensend::{Gen, Step};

fn one_shot() -> Gen<'static, &'static str, &'static str> {
    Gen::new(|co| async move {
        co.yield_(co.yield_("first").await).await;
    })
}

/// Python's `repr()` of a yielded `str` (these contain no quotes to escape).
fn repr(step: Step<&str, ()>) -> String {
    match step {
        Step::Yielded(text) => format!("'{text}'"),
        Step::Complete(()) => "StopIteration".to_string(),
    }
}

pub fn main() {
    let mut generator = one_shot();
    generator.start().expect("fresh generator"); // yields "first"
    generator.send("second").expect("suspended"); // yields "second"
    if let Ok(Step::Complete(())) = generator.send("third") {
        println!("Generator exhausted");
    }
    if let Err(err) = generator.send("fourth") {
        println!("{}: value=None", err.python_exception());
    }

    let mut g = one_shot();
    println!("next(g) -> {}", repr(g.start().expect("fresh generator")));
    println!("g.send(\"second\") -> {}", repr(g.send("second").expect("suspended")));
    println!("state: {}", g.state().python_name());
    if let Ok(Step::Complete(())) = g.send("third") {
        println!("g.send(\"third\") -> StopIteration; state: {}", g.state().python_name());
    }
}
