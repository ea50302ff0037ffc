//! Seed 05 (prime first): `send(10)` to a fresh generator is refused with CPython's
//! `TypeError`; after priming, the same `send(10)` reaches the waiting yield.
//!
//! Python original (`05_prime_first.py`):
//!
//! ```python
//! def my_gen():
//!     value = (yield "ready")
//!     yield value * 2
//!
//! gen = my_gen()
//! try:
//!     gen.send(10)
//! except TypeError as e:
//!     print(f"{type(e).__name__}: {e}")
//! print(next(gen))      # ready
//! print(gen.send(10))   # 20
//! ```
//!
//! The Python generator yields a `str`, then an `int`; the port's yield type is the
//! enum [`Value`], which prints each variant the way Python's `print` does.

use std::fmt;

use gensend::{Gen, Step};

/// What `my_gen` yields: Python's `str` or `int`.
#[derive(Debug)]
enum Value {
    Str(&'static str),
    Int(i32),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(text) => f.write_str(text),
            Value::Int(number) => write!(f, "{number}"),
        }
    }
}

fn my_gen() -> Gen<'static, Value, i32> {
    Gen::new(|co| async move {
        let value = co.yield_(Value::Str("ready")).await;
        co.yield_(Value::Int(value * 2)).await;
    })
}

pub fn main() {
    let mut generator = my_gen();
    if let Err(err) = generator.send(10) {
        println!("{}: {}", err.python_exception(), err);
    }
    if let Step::Yielded(first) = generator.start().expect("still Created after the refused send") {
        println!("{first}"); // ready
    }
    if let Step::Yielded(result) = generator.send(10).expect("suspended") {
        println!("{result}"); // 20
    }
}
