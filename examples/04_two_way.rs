//! Seed 04 (two-way communication): `send(v)` makes the waiting yield evaluate to `v`
//! and returns the value of the next yield; when the body ends instead, Python raises
//! `StopIteration` and gensend returns `Step::Complete`.
//!
//! Python original (`04_two_way.py`):
//!
//! ```python
//! def two_way():
//!     print("Generator started")
//!     received = (yield "first yield")
//!     print(f"Received: {received}")
//!     received2 = (yield "second yield")
//!     print(f"Received again: {received2}")
//!
//! gen = two_way()
//! print(next(gen))          # first yield
//! print(gen.send("Hello"))  # second yield
//! try:
//!     gen.send("World")
//! except StopIteration:
//!     print("Generator exhausted")
//! ```

use gensend::{Gen, Step};

fn two_way() -> Gen<'static, &'static str, &'static str> {
    Gen::new(|co| async move {
        println!("Generator started");
        let received = co.yield_("first yield").await;
        println!("Received: {received}");
        let received2 = co.yield_("second yield").await;
        println!("Received again: {received2}");
    })
}

pub fn main() {
    let mut generator = two_way();
    if let Step::Yielded(out1) = generator.start().expect("fresh generator") {
        println!("{out1}");
    }
    if let Step::Yielded(out2) = generator.send("Hello").expect("suspended") {
        println!("{out2}");
    }
    if let Step::Complete(()) = generator.send("World").expect("suspended") {
        println!("Generator exhausted");
    }
}
