//! Seed 09 (running accumulator): `send(v)` returns the running total; sending None
//! would end the loop.
//!
//! Python original (`09_running_accumulator.py`):
//!
//! ```python
//! def accumulator():
//!     total = 0
//!     while True:
//!         value = (yield total)
//!         if value is None:
//!             break
//!         total += value
//!
//! acc = accumulator()
//! next(acc)
//! print(acc.send(5))   # 5
//! print(acc.send(10))  # 15
//! print(acc.send(3))   # 18
//! ```
//!
//! Python can send None, so the sent type is `Option<i32>`.

use gensend::{Gen, Step};

fn accumulator() -> Gen<'static, i32, Option<i32>> {
    Gen::new(|co| async move {
        let mut total = 0;
        while let Some(value) = co.yield_(total).await {
            total += value;
        }
    })
}

pub fn main() {
    let mut acc = accumulator();
    acc.start().expect("fresh generator"); // yields 0
    for value in [5, 10, 3] {
        if let Step::Yielded(total) = acc.send(Some(value)).expect("suspended") {
            println!("{total}");
        }
    }
}
