//! Seed 02 (priming): `send` before the first yield is refused, with CPython's
//! `TypeError` message; after priming, `send` runs the body to its end, which
//! Python reports as `StopIteration` (value None) and gensend as `Step::Complete(())`.
//!
//! Python original (`02_priming_send_before_next.py`):
//!
//! ```python
//! def my_generator():
//!     value = yield
//!     print(f"Value received: {value}")
//!
//! gen = my_generator()
//! try:
//!     gen.send("test")
//! except TypeError as e:
//!     print(f"{type(e).__name__}: {e}")
//! next(gen)
//! try:
//!     gen.send("Success!")
//! except StopIteration as e:
//!     print(f"{type(e).__name__}: value={e.value!r}")
//! ```
//!
//! The refused `send` is `Err(SendError::NotStarted("test"))`: the value comes back and
//! the generator stays `Created`. The body's return value None is `()` here, so a
//! `Step::Complete(())` prints as Python's `StopIteration: value=None`.

use gensend::{Gen, Step};

fn my_generator() -> Gen<'static, (), &'static str> {
    Gen::new(|co| async move {
        let value = co.yield_(()).await;
        println!("Value received: {value}");
    })
}

pub fn main() {
    let mut generator = my_generator();
    if let Err(err) = generator.send("test") {
        println!("{}: {}", err.python_exception(), err);
    }

    generator.start().expect("still Created after the refused send"); // primes it
    match generator.send("Success!").expect("suspended") {
        Step::Complete(()) => println!("StopIteration: value=None"),
        Step::Yielded(()) => {} // (it has no second yield)
    }
}
