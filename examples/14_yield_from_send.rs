//! Seed 14 (`yield from` forwards `send`): values sent to the outer generator reach
//! the inner one, and the inner one's yields come straight out.
//!
//! Python original (`14_yield_from_send.py`):
//!
//! ```python
//! def inner():
//!     x = (yield "inner waiting")
//!     print(f"Inner received: {x}")
//!     y = (yield "inner waiting again")
//!     print(f"Inner received: {y}")
//!
//! def outer():
//!     print("Outer: delegating to inner")
//!     yield from inner()
//!     print("Outer: inner exhausted, continuing")
//!
//! gen = outer()
//! print(next(gen))          # inner waiting
//! print(gen.send("alpha"))  # inner waiting again
//! try:
//!     gen.send("beta")
//! except StopIteration:
//!     pass
//! ```

use gensend::{Gen, Step};

fn inner() -> Gen<'static, &'static str, &'static str> {
    Gen::new(|co| async move {
        let x = co.yield_("inner waiting").await;
        println!("Inner received: {x}");
        let y = co.yield_("inner waiting again").await;
        println!("Inner received: {y}");
    })
}

fn outer() -> Gen<'static, &'static str, &'static str> {
    Gen::new(|co| async move {
        println!("Outer: delegating to inner");
        co.yield_from(inner()).await;
        println!("Outer: inner exhausted, continuing");
    })
}

fn print_yielded(step: Step<&str, ()>) {
    if let Step::Yielded(text) = step {
        println!("{text}");
    }
}

pub fn main() {
    let mut generator = outer();
    print_yielded(generator.start().expect("fresh generator"));
    print_yielded(generator.send("alpha").expect("suspended"));
    // Both bodies finish: `Step::Complete(())`, Python's StopIteration (ignored there too).
    generator.send("beta").expect("suspended");
}
