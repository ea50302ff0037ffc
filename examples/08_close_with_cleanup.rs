//! Seed 08 (close with cleanup): `close()` raises `GeneratorExit` at the suspended
//! yield, the handler runs, and a later `send` is refused (`StopIteration` in Python).
//!
//! Python original (`08_close_with_cleanup.py`):
//!
//! ```python
//! def with_cleanup():
//!     try:
//!         while True:
//!             value = (yield "running")
//!             print(f"Processing: {value}")
//!     except GeneratorExit:
//!         print("Generator is shutting down — cleaning up")
//!
//! gen = with_cleanup()
//! next(gen)
//! gen.send("first")
//! gen.close()
//! try:
//!     gen.send("after close")
//! except StopIteration as e:
//!     print(f"{type(e).__name__}: value={e.value!r}")
//! ```
//!
//! `except GeneratorExit` is the `Interrupt::Exit` arm of a catching yield point
//! (`co.try_yield`). A closed generator's `StopIteration` carries None, hence
//! `value=None` after the name `SendError::python_exception()` gives.

use gensend::{Gen, Interrupt};

fn with_cleanup() -> Gen<'static, &'static str, &'static str> {
    Gen::new(|co| async move {
        loop {
            match co.try_yield("running").await {
                Ok(value) => println!("Processing: {value}"),
                Err(Interrupt::Exit) => {
                    println!("Generator is shutting down — cleaning up");
                    return;
                }
            }
        }
    })
}

pub fn main() {
    let mut generator = with_cleanup();
    generator.start().expect("fresh generator");
    generator.send("first").expect("suspended");
    generator.close().expect("the handler returns");

    if let Err(err) = generator.send("after close") {
        println!("{}: value=None", err.python_exception());
    }
}
