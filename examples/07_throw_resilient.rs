//! Seed 07 (a throw caught inside): `throw(ValueError(...))` raises the error at the
//! suspended yield; the body catches it and keeps running.
//!
//! Python original (`07_throw_resilient.py`):
//!
//! ```python
//! def resilient():
//!     while True:
//!         try:
//!             value = (yield "waiting")
//!             print(f"Got: {value}")
//!         except ValueError as e:
//!             print(f"Caught inside generator: {e}")
//!
//! gen = resilient()
//! next(gen)
//! gen.send("hello")
//! gen.throw(ValueError("bad input"))
//! gen.send("back to normal")
//! ```
//!
//! `try: ... except ValueError` is a catching yield point, `co.try_yield`. The thrown
//! type is the generator's `E` parameter, here [`ValueError`]: throwing anything else
//! does not compile. `GeneratorExit` is not a `ValueError` in Python, so the handler
//! lets it through and it ends the body; here the `Interrupt::Exit` arm lets it go on
//! with `co.reraise`, so `close()` would return `Ok(None)`, CPython's None (returning
//! from the body instead would make it `Ok(Some(()))`). That happens when `generator`
//! is dropped at the end of `main`, like CPython's finaliser calling `close()`.

use std::fmt;

use gensend::{Gen, Interrupt};

#[derive(Debug)]
struct ValueError(&'static str);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

fn resilient() -> Gen<'static, &'static str, &'static str, (), ValueError> {
    Gen::throwable(|co| async move {
        loop {
            match co.try_yield("waiting").await {
                Ok(value) => println!("Got: {value}"),
                Err(Interrupt::Throw(e)) => println!("Caught inside generator: {e}"),
                Err(exit @ Interrupt::Exit) => co.reraise(exit).await,
            }
        }
    })
}

pub fn main() {
    let mut generator = resilient();
    generator.start().expect("fresh generator");
    generator.send("hello").expect("suspended");
    generator.throw(ValueError("bad input")).expect("caught inside");
    generator.send("back to normal").expect("suspended");
}
