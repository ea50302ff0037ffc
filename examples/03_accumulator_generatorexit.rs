//! Seed 03 (accumulator with a `GeneratorExit` handler): what `send(None)` really does
//! to `total += new_value`, and `close()` returning the handler's value (CPython 3.13).
//!
//! Python original (`03_accumulator_generatorexit.py`, shortened):
//!
//! ```python
//! def accumulator():
//!     total = 0
//!     try:
//!         while True:
//!             new_value = yield
//!             total += new_value
//!     except GeneratorExit:
//!         print(f"Generator closing, final total was: {total}")
//!         return total
//!
//! gen = accumulator(); next(gen); gen.send(10); gen.send(5); gen.send(3)
//! try:
//!     gen.send(None)
//! except StopIteration as e:
//!     print(f"The generator finished. Returned value: {e.value}")
//! except TypeError as e:
//!     print(f"{type(e).__name__}: {e}")
//! print("state after the send(None) above:", inspect.getgeneratorstate(gen))
//! gen2 = accumulator(); next(gen2); gen2.send(10); gen2.send(5); gen2.send(3)
//! print("gen2.close() returned:", repr(gen2.close()))
//! ```
//!
//! How the port expresses Python's dynamic typing: the sent type is `Option<i32>`
//! (Python can send None), and `total += new_value` is `iadd(total, new_value)?`,
//! which fails with [`TypeError`] for None. The body's return type is
//! `Result<i32, TypeError>`, so the error ends the body like Python's uncaught
//! `TypeError`: `send(None)` returns `Step::Complete(Err(TypeError))`, the generator is
//! `Closed`, and the `GeneratorExit` handler (the `Interrupt::Exit` arm) never runs.
//! `close()` on the second accumulator returns `Ok(Some(Ok(18)))`, CPython 3.13's 18.

use std::fmt;

use gensend::{Gen, Interrupt, Step};

/// Python's `TypeError` for `int += None`.
#[derive(Debug)]
struct TypeError {
    left: &'static str,
    right: &'static str,
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsupported operand type(s) for +=: '{}' and '{}'", self.left, self.right)
    }
}

/// `total += value`, with Python's error when `value` is None.
fn iadd(total: i32, value: Option<i32>) -> Result<i32, TypeError> {
    value.map(|value| total + value).ok_or(TypeError { left: "int", right: "NoneType" })
}

fn accumulator() -> Gen<'static, (), Option<i32>, Result<i32, TypeError>> {
    Gen::new(|co| async move {
        let mut total = 0;
        loop {
            match co.try_yield(()).await {
                Ok(new_value) => total = iadd(total, new_value)?,
                Err(Interrupt::Exit) => {
                    println!("Generator closing, final total was: {total}");
                    return Ok(total);
                }
            }
        }
    })
}

pub fn main() {
    let mut generator = accumulator();
    generator.start().expect("fresh generator");
    for value in [10, 5, 3] {
        generator.send(Some(value)).expect("suspended");
    }

    match generator.send(None).expect("suspended") {
        Step::Complete(Ok(total)) => println!("The generator finished. Returned value: {total}"),
        Step::Complete(Err(err)) => println!("TypeError: {err}"),
        Step::Yielded(()) => {}
    }

    println!("state after the send(None) above: {}", generator.state().python_name());
    let mut gen2 = accumulator();
    gen2.start().expect("fresh generator");
    for value in [10, 5, 3] {
        gen2.send(Some(value)).expect("suspended");
    }
    match gen2.close() {
        Ok(Some(Ok(total))) => println!("gen2.close() returned: {total}"),
        Ok(Some(Err(err))) => println!("TypeError: {err}"),
        Ok(None) => println!("gen2.close() returned: None"),
        Err(err) => println!("{}: {}", err.python_exception(), err),
    }
}
